import { hexAddress } from '../io/text.js';
import { DF, DF_1, DT, ET, PT } from '../elf/constants.js';
import type { ProgramHeader } from '../elf/types.js';
import { pushAll } from '../util/arrays.js';
import { dynEvidence, segmentEvidence, TYPES } from './evidence.js';
import { dynFind, isStatic, startupOf, type HeaderFacts } from './facts.js';
import { relroApplication } from './relro-applied.js';
import type { Evidence, RelroWord, Verdict } from './types.js';

/**
 * RELRO: the one rule `audit`, `diff`, the page-cost model and the gate
 * read.
 *
 * - n/a: a relocatable object or core dump (decided when linked / never
 *   loaded), or a separate debug-information file.
 * - none: no PT_GNU_RELRO, or one that covers no bytes.
 * - unknown: PT_GNU_RELRO that nothing shows is ever applied (a static
 *   executable without glibc's startup code; relro-applied.ts).
 * - full: applied, nothing is bound lazily (DT_BIND_NOW, DF_BIND_NOW or
 *   DF_1_NOW — ld.so honours all three — or a static executable), and
 *   `.got.plt` is not outside the segment.
 * - partial: applied, but lazy binding, or `.got.plt` outside the range, or
 *   a static executable without section headers to show where its GOT lies.
 *
 * The loaders use the last PT_GNU_RELRO (glibc's _dl_map_object_from_fd
 * overwrites l_relro_addr for each), and so does this rule.
 */
export interface RelroDecision {
  readonly check: Verdict & { readonly verdict: RelroWord };
  /** The PT_GNU_RELRO the loaders use, when there is one that covers any bytes. */
  readonly segment: ProgramHeader | undefined;
  /** Something makes `segment` read-only at startup (the verdict is full or partial). */
  readonly applied: boolean;
  /** Why `segment` is not applied, when there is one and it is not. */
  readonly notApplied: string | undefined;
}

/** The bind-now flags present, as evidence (empty: lazy binding). */
export function bindNowEvidence(f: Pick<HeaderFacts, 'dynamicEntries'>): Evidence[] {
  const now: Evidence[] = [];
  const bn = dynFind(f, DT.BIND_NOW);
  if (bn) now.push(dynEvidence(bn.index, bn.entry, ' (present: bind now)'));
  const fl = dynFind(f, DT.FLAGS);
  if (fl && (fl.entry.value & DF.BIND_NOW) !== 0n) now.push(dynEvidence(fl.index, fl.entry, ' has DF_BIND_NOW', 'DF_BIND_NOW'));
  const f1 = dynFind(f, DT.FLAGS_1);
  if (f1 && (f1.entry.value & DF_1.NOW) !== 0n) now.push(dynEvidence(f1.index, f1.entry, ' has DF_1_NOW', 'DF_1_NOW'));
  return now;
}

/** The PT_GNU_RELRO the loaders use: the last one. */
export function relroSegment(f: Pick<HeaderFacts, 'programHeaders'>): ProgramHeader | undefined {
  const segs = f.programHeaders.filter((p) => p.type === PT.GNU_RELRO);
  return segs[segs.length - 1];
}

export const DEBUG_ONLY_SUMMARY = 'a separate debug-information file: its loadable sections are empty (SHT_NOBITS); audit the binary it belongs to';
export const DEBUG_ONLY_EVIDENCE: Evidence = { kind: 'rule', text: 'every allocated section except the notes is SHT_NOBITS, as objcopy --only-keep-debug leaves them' };

export function relroDecision(f: HeaderFacts): RelroDecision {
  const none = (check: RelroDecision['check']): RelroDecision => ({ check, segment: undefined, applied: false, notApplied: undefined });
  const type = f.type;
  if (type === ET.REL || type === ET.CORE) {
    return none({
      id: 'relro',
      verdict: 'n/a',
      ok: null,
      summary: type === ET.REL ? 'a relocatable object: RELRO is decided when it is linked' : 'a core dump is not loaded',
      evidence: [{ kind: 'header', name: 'e_type', value: TYPES[type]!, text: `e_type is ET_${TYPES[type]}` }],
    });
  }
  const seg = relroSegment(f);
  if (f.sections.debugOnly) {
    return {
      check: { id: 'relro', verdict: 'n/a', ok: null, summary: DEBUG_ONLY_SUMMARY, evidence: [DEBUG_ONLY_EVIDENCE] },
      segment: seg !== undefined && seg.memsz > 0n ? seg : undefined,
      applied: false,
      notApplied: 'a separate debug-information file is never loaded',
    };
  }
  const relros = f.programHeaders.filter((p) => p.type === PT.GNU_RELRO).length;
  if (seg === undefined) {
    return none({
      id: 'relro',
      verdict: 'none',
      ok: false,
      summary: 'no PT_GNU_RELRO segment: nothing is made read-only after relocation',
      evidence: [{ kind: 'absence', name: 'PT_GNU_RELRO', text: `none of the ${f.programHeaders.length} program headers is PT_GNU_RELRO` }],
    });
  }
  const ev: Evidence[] = [segmentEvidence(seg, relros > 1 ? ' — the last one, which the loaders use' : '')];
  if (seg.memsz === 0n) {
    return none({ id: 'relro', verdict: 'none', ok: false, summary: 'PT_GNU_RELRO covers no bytes (memsz 0): nothing is made read-only after relocation', evidence: ev });
  }
  const now = bindNowEvidence(f);
  const staticExe = isStatic(f);
  if (staticExe) {
    ev.push(
      f.dynamicEntries.length === 0
        ? { kind: 'absence', name: 'PT_DYNAMIC', text: 'no dynamic table: statically linked, nothing is bound lazily' }
        : { kind: 'rule', name: 'DF_1_PIE', text: 'a static PIE relocates itself at startup: nothing is bound lazily' },
    );
  } else if (now.length > 0) {
    pushAll(ev, now);
  } else {
    ev.push({ kind: 'absence', name: 'DT_BIND_NOW', text: 'no DT_BIND_NOW, no DF_BIND_NOW in DT_FLAGS, no DF_1_NOW in DT_FLAGS_1: lazy binding' });
  }
  const immediate = staticExe || now.length > 0;
  // Is the PLT's GOT inside the RELRO range? (a bind-now flag alone does not move it there)
  const { gotPlt, count, problem } = f.sections;
  let gotOutside = false;
  if (gotPlt !== null) {
    const inside = gotPlt.addr >= seg.vaddr && gotPlt.addr + gotPlt.size <= seg.vaddr + seg.memsz;
    gotOutside = !inside;
    ev.push({
      kind: 'section',
      index: gotPlt.index,
      name: '.got.plt',
      value: hexAddress(gotPlt.addr),
      text: `section [${gotPlt.index}] .got.plt (${hexAddress(gotPlt.addr)}, ${gotPlt.size} bytes) is ${inside ? 'inside' : 'outside'} the PT_GNU_RELRO range`,
    });
  } else if (problem !== undefined) {
    ev.push({ kind: 'absence', name: '.got.plt', text: `the section headers cannot be read (${problem}): where .got.plt lies cannot be shown` });
  }
  // Who applies the segment: one rule with the page-cost model's.
  const application = relroApplication(startupOf(f));
  const glibcStartup = application.applied === true;
  if (!glibcStartup) {
    ev.push({ kind: 'absence', name: 'NT_GNU_ABI_TAG', text: "no NT_GNU_ABI_TAG note: not linked with glibc's startup code, which is what applies PT_GNU_RELRO in a static executable" });
  }
  const unproven = staticExe && count === 0;
  if (unproven && glibcStartup && problem === undefined) {
    ev.push({ kind: 'absence', name: '.got.plt', text: 'no section headers: where the IFUNC GOT slots lie cannot be shown' });
  }
  let verdict: RelroWord;
  let summary: string;
  if (!glibcStartup) {
    verdict = 'unknown';
    summary = `nothing shows that PT_GNU_RELRO is ever applied: ${application.why}`;
  } else if (immediate && !gotOutside && !unproven) {
    verdict = 'full';
    summary = staticExe
      ? 'PT_GNU_RELRO in a static executable: the startup code protects it, and nothing is bound lazily'
      : 'PT_GNU_RELRO and immediate binding: the GOT is read-only after startup';
  } else {
    verdict = 'partial';
    summary = unproven
      ? 'static executable: PT_GNU_RELRO is applied at startup, but without section headers its GOT slots cannot be shown to lie inside it'
      : staticExe
        ? 'static executable: .got.plt (its IFUNC slots) lies outside PT_GNU_RELRO and stays writable'
        : immediate
          ? 'immediate binding is requested but .got.plt lies outside PT_GNU_RELRO, so it stays writable'
          : 'PT_GNU_RELRO without immediate binding: .got.plt stays writable for lazy binding';
  }
  return {
    check: { id: 'relro', verdict, ok: verdict === 'unknown' ? null : verdict === 'full', summary, evidence: ev },
    segment: seg,
    applied: glibcStartup,
    notApplied: glibcStartup ? undefined : application.why,
  };
}
