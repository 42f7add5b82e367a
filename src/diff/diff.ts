import { PF, PT, type ProgramHeader } from '../elf/index.js';
import type { LayoutFacts } from '../memory/facts.js';
import { defaultLoader, estimateMemory, type Loader, type MemoryEstimate } from '../memory/model.js';
import { pageSizesFor, type PageSizeChoice } from '../memory/page-sizes.js';
import { headerVerdicts, relroSegment, type HeaderVerdicts } from '../hardening/index.js';
import { hexAddress, signed } from '../io/text.js';

/**
 * Compares two builds of one object: program headers, the hardening
 * engine's RELRO, NX and PIE verdicts (the ones `audit` gives), file size and
 * padding, and per page size what a process pays for mapping each, with the
 * cause in words.
 */

export type SegmentField = 'flags' | 'align' | 'offset' | 'vaddr' | 'filesz' | 'memsz';
export const SEGMENT_FIELDS: readonly SegmentField[] = ['flags', 'offset', 'vaddr', 'filesz', 'memsz', 'align'];

export interface SegmentChange {
  readonly field: SegmentField;
  readonly old: bigint;
  readonly new: bigint;
}

export interface SegmentPair {
  readonly type: number;
  /** 1-based occurrence of this type in each file (the 2nd LOAD, …). */
  readonly occurrence: number;
  readonly old: ProgramHeader;
  readonly new: ProgramHeader;
  readonly changes: readonly SegmentChange[];
}

export interface SegmentDiff {
  readonly added: readonly ProgramHeader[];
  readonly removed: readonly ProgramHeader[];
  /** Matched pairs with at least one change. */
  readonly changed: readonly SegmentPair[];
  readonly unchanged: number;
}

export interface Counts {
  readonly mappedPages: number;
  readonly vmas: number;
  readonly dirtyPages: number;
}

export interface MemoryDelta {
  readonly pageSize: number;
  readonly old: MemoryEstimate;
  readonly new: MemoryEstimate;
  /** Undefined when either side cannot load at this page size. */
  readonly delta: Counts | undefined;
  /** The change in one phrase ("+1 mapped page, +1 VMA, +1 dirty page" or "no change"). */
  readonly summary: string;
  /** Why the numbers moved (or why they did not), in words. */
  readonly causes: readonly string[];
}

export interface FileSide {
  readonly facts: LayoutFacts;
  readonly fileSize: bigint;
  /** File bytes between consecutive PT_LOADs' file images (alignment padding). */
  readonly padding: bigint;
  readonly loader: Loader;
  /** The hardening engine's verdicts for this build, with their evidence. */
  readonly hardening: HeaderVerdicts;
}

export interface VerdictChange<T> {
  readonly old: T;
  readonly new: T;
  readonly changed: boolean;
}

export interface DiffResult {
  readonly old: FileSide;
  readonly new: FileSide;
  readonly segments: SegmentDiff;
  /** The hardening engine's verdicts (src/hardening), old and new; not checksec.sh's. */
  readonly hardening: {
    readonly relro: VerdictChange<HeaderVerdicts['relro']['verdict']>;
    readonly nx: VerdictChange<HeaderVerdicts['nx']['verdict']>;
    readonly pie: VerdictChange<HeaderVerdicts['pie']['verdict']>;
  };
  readonly memory: readonly MemoryDelta[];
}

export interface DiffOptions {
  /** As MemoryOptions.pageSizes; default: the page sizes either file's machine can have. */
  readonly pageSizes?: PageSizeChoice;
  readonly loader?: Loader;
}

/** Bytes of the file between one PT_LOAD's file image and the next one's. */
export function loadPadding(phdrs: readonly ProgramHeader[]): bigint {
  const loads = phdrs.filter((p) => p.type === PT.LOAD && p.filesz > 0n).sort((a, b) => (a.offset < b.offset ? -1 : 1));
  let pad = 0n;
  for (let i = 1; i < loads.length; i++) {
    const prev = loads[i - 1]!;
    const gap = loads[i]!.offset - (prev.offset + prev.filesz);
    if (gap > 0n) pad += gap;
  }
  return pad;
}

/** Pairs segments by type and order: the n-th LOAD of OLD with the n-th LOAD of NEW. */
export function diffSegments(oldP: readonly ProgramHeader[], newP: readonly ProgramHeader[]): SegmentDiff {
  const types: number[] = [];
  for (const p of [...oldP, ...newP]) if (!types.includes(p.type)) types.push(p.type);
  const added: ProgramHeader[] = [];
  const removed: ProgramHeader[] = [];
  const changed: SegmentPair[] = [];
  let unchanged = 0;
  for (const t of types) {
    const a = oldP.filter((p) => p.type === t);
    const b = newP.filter((p) => p.type === t);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const o = a[i];
      const n = b[i];
      if (o === undefined) added.push(n!);
      else if (n === undefined) removed.push(o);
      else {
        const changes = SEGMENT_FIELDS.flatMap((field): SegmentChange[] => {
          const ov = BigInt(o[field]);
          const nv = BigInt(n[field]);
          return ov === nv ? [] : [{ field, old: ov, new: nv }];
        });
        if (changes.length > 0) changed.push({ type: t, occurrence: i + 1, old: o, new: n, changes });
        else unchanged++;
      }
    }
  }
  const byIndex = (x: ProgramHeader, y: ProgramHeader) => x.index - y.index;
  return { added: added.sort(byIndex), removed: removed.sort(byIndex), changed, unchanged };
}

function verdict<T>(o: T, n: T): VerdictChange<T> {
  return { old: o, new: n, changed: o !== n };
}

function side(facts: LayoutFacts, loader: Loader | undefined): FileSide {
  return {
    facts,
    fileSize: facts.fileSize,
    padding: loadPadding(facts.programHeaders),
    loader: loader ?? defaultLoader(facts),
    hardening: headerVerdicts(facts),
  };
}

/** Diffs two files' facts. */
export function diffLayouts(oldF: LayoutFacts, newF: LayoutFacts, opts: DiffOptions = {}): DiffResult {
  const o = side(oldF, opts.loader);
  const n = side(newF, opts.loader);
  const memory = pageSizesFor(opts.pageSizes, [oldF.machine, newF.machine]).map((p) => {
    const eo = estimateMemory(oldF, p, o.loader);
    const en = estimateMemory(newF, p, n.loader);
    const delta =
      eo.loadable && en.loadable
        ? { mappedPages: en.mappedPages - eo.mappedPages, vmas: en.vmas - eo.vmas, dirtyPages: en.dirtyPages - eo.dirtyPages }
        : undefined;
    return { pageSize: p, old: eo, new: en, delta, summary: summarize(delta), causes: explain(oldF, newF, eo, en) };
  });
  return {
    old: o,
    new: n,
    segments: diffSegments(oldF.programHeaders, newF.programHeaders),
    hardening: {
      relro: verdict(o.hardening.relro.verdict, n.hardening.relro.verdict),
      nx: verdict(o.hardening.nx.verdict, n.hardening.nx.verdict),
      pie: verdict(o.hardening.pie.verdict, n.hardening.pie.verdict),
    },
    memory,
  };
}

// ---- causes in words ----------------------------------------------------

function pages(n: number): string {
  return `${n} ${n === 1 ? 'page' : 'pages'}`;
}

function flagWord(flags: number): string {
  return `${flags & PF.R ? 'R' : ''}${flags & PF.W ? 'W' : ''}${flags & PF.X ? 'X' : ''}` || 'no-access';
}

/** "the RW LOAD", or "LOAD #2 (RW)" when several LOADs share those flags. */
function loadLabel(loads: readonly ProgramHeader[], p: ProgramHeader): string {
  const same = loads.filter((q) => q.flags === p.flags);
  if (same.length === 1) return `the ${flagWord(p.flags)} LOAD`;
  return `LOAD #${loads.indexOf(p) + 1} (${flagWord(p.flags)})`;
}

function contains(p: ProgramHeader, addr: bigint): boolean {
  return addr >= p.vaddr && addr < p.vaddr + p.memsz;
}

function kibText(p: number): string {
  return p % 1024 === 0 ? `${p / 1024} KiB` : `${p}-byte`;
}

function vmaKinds(e: MemoryEstimate): { holes: number; anon: number; file: number } {
  return {
    holes: e.vmaList.filter((v) => v.backing === 'hole').length,
    anon: e.vmaList.filter((v) => v.backing === 'anon').length,
    file: e.vmaList.filter((v) => v.backing === 'file').length,
  };
}

function explain(oldF: LayoutFacts, newF: LayoutFacts, eo: MemoryEstimate, en: MemoryEstimate): string[] {
  const P = eo.pageSize;
  const out: string[] = [];
  if (!eo.loadable || !en.loadable) {
    if (!eo.loadable) out.push(`old cannot load at ${kibText(P)} pages: ${eo.problems.join('; ')}`);
    if (!en.loadable) out.push(`new cannot load at ${kibText(P)} pages: ${en.problems.join('; ')}`);
    return out;
  }
  const ro = relroSegment(oldF);
  const rn = relroSegment(newF);
  const relroAdded = ro === undefined && rn !== undefined;
  const relroRemoved = ro !== undefined && rn === undefined;

  // Pages: matched LOADs by order.
  const lo = oldF.programHeaders.filter((p) => p.type === PT.LOAD && p.memsz > 0n);
  const ln = newF.programHeaders.filter((p) => p.type === PT.LOAD && p.memsz > 0n);
  for (let i = 0; i < Math.max(lo.length, ln.length); i++) {
    const a = lo[i];
    const b = ln[i];
    const sa = a === undefined ? undefined : eo.segments.find((s) => s.index === a.index);
    const sb = b === undefined ? undefined : en.segments.find((s) => s.index === b.index);
    if (a === undefined && sb !== undefined && b !== undefined) {
      out.push(`${loadLabel(ln, b)} was added: ${pages(sb.fileBackedPages + sb.anonPages)} more`);
      continue;
    }
    if (b === undefined && sa !== undefined && a !== undefined) {
      out.push(`${loadLabel(lo, a)} was removed: ${pages(sa.fileBackedPages + sa.anonPages)} fewer`);
      continue;
    }
    if (a === undefined || b === undefined || sa === undefined || sb === undefined) continue;
    const na = sa.fileBackedPages + sa.anonPages;
    const nb = sb.fileBackedPages + sb.anonPages;
    if (na === nb) continue;
    const label = loadLabel(ln, b);
    const spans = `${label} now spans ${pages(nb)} instead of ${na}`;
    if (relroAdded && rn !== undefined && contains(b, rn.vaddr)) out.push(`GNU_RELRO added: ${spans}`);
    else if (relroRemoved && ro !== undefined && contains(a, ro.vaddr)) out.push(`GNU_RELRO removed: ${spans}`);
    else if (a.vaddr !== b.vaddr) out.push(`${label} moved from ${hexAddress(a.vaddr)} to ${hexAddress(b.vaddr)}: it now spans ${pages(nb)} instead of ${na}`);
    else out.push(`${label}'s size changed (memsz ${hexAddress(a.memsz)} → ${hexAddress(b.memsz)}): it now spans ${pages(nb)} instead of ${na}`);
  }

  // VMAs: the RELRO split, holes, bss mappings.
  const ko = vmaKinds(eo);
  const kn = vmaKinds(en);
  const splitO = eo.relro.protectedPages > 0;
  const splitN = en.relro.protectedPages > 0;
  if (!splitO && splitN) {
    out.push(
      `RELRO now protects ${pages(en.relro.protectedPages)} [${hexAddress(en.relro.protectedStart)}, ${hexAddress(en.relro.protectedEnd)}): ` +
        `mprotect splits the RW mapping into r--p and rw-p VMAs`,
    );
  } else if (splitO && !splitN) {
    out.push(`RELRO no longer protects anything: the RW mapping is one VMA again`);
  } else if (splitO && splitN && eo.relro.protectedPages !== en.relro.protectedPages) {
    out.push(`RELRO protects ${pages(en.relro.protectedPages)} instead of ${eo.relro.protectedPages}`);
  }
  if (rn !== undefined && !splitN && en.relro.start !== undefined) {
    out.push(
      `RELRO protects nothing at ${kibText(P)} pages: [${hexAddress(en.relro.start)}, ${hexAddress(en.relro.end ?? 0n)}) does not cover a whole page, ` +
        `so its ${en.relro.unprotectedTailBytes} bytes stay writable`,
    );
  }
  if (ko.holes !== kn.holes) out.push(`${kn.holes} PROT_NONE hole VMA(s) between segments instead of ${ko.holes}`);
  if (ko.anon !== kn.anon) out.push(`${kn.anon} anonymous bss VMA(s) instead of ${ko.anon}`);
  const fileSplitO = ko.file - (splitO ? 1 : 0);
  const fileSplitN = kn.file - (splitN ? 1 : 0);
  if (fileSplitO !== fileSplitN) out.push(`${fileSplitN} file-backed mapping(s) instead of ${fileSplitO}`);

  // Dirty pages by cause.
  const relocPages = (e: MemoryEstimate) => e.dirty.filter((d) => d.relocations > 0).length;
  const ro2 = relocPages(eo);
  const rn2 = relocPages(en);
  if (ro2 !== rn2) out.push(`relocation targets (GOT, init arrays, data pointers) now lie on ${pages(rn2)} instead of ${ro2}, each copied on write`);
  const bss = (e: MemoryEstimate) => e.dirty.filter((d) => d.bssTail && d.relocations === 0).length;
  if (bss(eo) !== bss(en)) out.push(`bss-tail pages zeroed by the loader on pages without relocations: ${bss(en)} instead of ${bss(eo)}`);

  if (eo.mappedPages === en.mappedPages && eo.vmas === en.vmas && eo.dirtyPages === en.dirtyPages) {
    if (out.length > 0) return out;
    const moved = lo.some((a, i) => ln[i] !== undefined && (ln[i]!.vaddr !== a.vaddr || ln[i]!.memsz !== a.memsz));
    const why = relroAdded
      ? `GNU_RELRO added, but at ${kibText(P)} pages the layout costs the same`
      : relroRemoved
        ? `GNU_RELRO removed, but at ${kibText(P)} pages the layout costs the same`
        : moved
          ? `the segments moved or resized within the same pages`
          : `same pages`;
    out.push(why);
  }
  return out;
}

function summarize(d: Counts | undefined): string {
  if (d === undefined) return 'cannot compare';
  if (d.mappedPages === 0 && d.vmas === 0 && d.dirtyPages === 0) return 'no change';
  const unit = (n: number, one: string, many: string) => `${signed(n)} ${Math.abs(n) === 1 ? one : many}`;
  return `${unit(d.mappedPages, 'mapped page', 'mapped pages')}, ${unit(d.vmas, 'VMA', 'VMAs')}, ${unit(d.dirtyPages, 'dirty page', 'dirty pages')}`;
}
