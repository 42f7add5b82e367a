import { DT } from '../elf/constants.js';
import { isElfFormatError } from '../elf/errors.js';
import type { ElfFile } from '../elf/file.js';
import { FileFacts, type HeaderFacts } from './facts.js';
import { DEBUG_ONLY_EVIDENCE, DEBUG_ONLY_SUMMARY, relroDecision } from './relro.js';
import { execstack, nx, pie, textrel, wxSegments } from './stack-pie.js';
import { aarch64BtiPac, canary, debuginfo, fortify, searchPath, stripped, x86Cet } from './symbols-notes.js';
import type { CheckId, NxWord, PieWord, RelroWord, Verdict } from './types.js';
import { canaryForToolchain, fortifyForToolchain, toolchainVerdict } from './toolchain.js';
import { clangCfi, safestack, sanitizer, stackClash } from './builds.js';

/**
 * The hardening engine: facts read through src/elf → one verdict per
 * property with the evidence that decided it. `audit` shows all of them
 * (and where checksec.sh 2.6.0 answers differently), `diff` and the gate
 * compare them between builds, and the page-cost model asks `relroDecision`
 * whether PT_GNU_RELRO is applied.
 */

export type { CheckId, Evidence, NxWord, PieWord, RelroWord, Verdict } from './types.js';
export { CHECK_IDS } from './types.js';
export { FileFacts, readSectionFacts, readSoname, readGnuAbiTag, isStatic, startupOf, type HeaderFacts, type SectionFacts } from './facts.js';
export { relroDecision, bindNowEvidence, relroSegment, type RelroDecision } from './relro.js';
export { classifyPathEntry, type PathClass } from './symbols-notes.js';
export { readToolchain, compilerOf, goBuildInfoVersion, type Toolchain, type Libc, type Compiler } from './toolchain.js';
export { relroApplication, isStaticallyLinked, type RelroApplication, type StartupFacts } from './relro-applied.js';

/** Runs `f`, turning a reader error into an `error` verdict for that property only. */
function guarded(id: CheckId, f: () => Verdict): Verdict {
  try {
    return f();
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return { id, verdict: 'error', ok: null, summary: `cannot decide: ${e.message}`, evidence: [{ kind: 'rule', text: e.describe() }] };
  }
}

/** The verdict every property but `stripped` and `debuginfo` gets in a separate debug-information file. */
function notLoadable(id: CheckId): Verdict {
  return { id, verdict: 'n/a', ok: null, summary: DEBUG_ONLY_SUMMARY, evidence: [DEBUG_ONLY_EVIDENCE] };
}

/** Every property of an opened file, in report order. */
export function hardeningVerdicts(file: ElfFile | FileFacts): Record<CheckId, Verdict> {
  const f = file instanceof FileFacts ? file : new FileFacts(file);
  const rules: [CheckId, () => Verdict][] = [
    ['relro', () => relroDecision(f).check],
    ['canary', () => canaryForToolchain(f, canary(f))],
    ['nx', () => nx(f)],
    ['execstack', () => execstack(f)],
    ['pie', () => pie(f)],
    ['rpath', () => searchPath(f, DT.RPATH)],
    ['runpath', () => searchPath(f, DT.RUNPATH)],
    ['textrel', () => textrel(f)],
    ['wx-segments', () => wxSegments(f)],
    ['x86-cet', () => x86Cet(f)],
    ['aarch64-bti-pac', () => aarch64BtiPac(f)],
    ['fortify', () => fortifyForToolchain(f, fortify(f))],
    ['stripped', () => stripped(f)],
    ['debuginfo', () => debuginfo(f)],
    ['toolchain', () => toolchainVerdict(f)],
    ['sanitizer', () => sanitizer(f)],
    ['stack-clash', () => stackClash(f)],
    ['safestack', () => safestack(f)],
    ['clang-cfi', () => clangCfi(f)],
  ];
  const skip = f.sections.debugOnly;
  const out = {} as Record<CheckId, Verdict>;
  for (const [id, rule] of rules) out[id] = skip && id !== 'stripped' && id !== 'debuginfo' ? notLoadable(id) : guarded(id, rule);
  return out;
}

/** The verdicts `diff` compares between two builds, from facts already read (a file's or a baseline's). */
export interface HeaderVerdicts {
  readonly relro: Verdict & { readonly verdict: RelroWord };
  readonly nx: Verdict & { readonly verdict: NxWord };
  readonly pie: Verdict & { readonly verdict: PieWord };
}

export function headerVerdicts(f: HeaderFacts): HeaderVerdicts {
  const relro = relroDecision(f).check;
  if (f.sections.debugOnly) {
    return { relro, nx: { ...notLoadable('nx'), verdict: 'n/a' }, pie: { ...notLoadable('pie'), verdict: 'n/a' } };
  }
  return { relro, nx: nx(f), pie: pie(f) };
}
