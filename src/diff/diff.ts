import { PT, type ProgramHeader } from '../elf/index.js';
import type { LayoutFacts } from '../memory/facts.js';
import { defaultLoader, estimateMemory, type Loader, type MemoryCounts, type MemoryEstimate } from '../memory/model.js';
import { segmentName } from '../memory/format.js';
import { pageSizesFor, type PageSizeChoice } from '../memory/page-sizes.js';
import { explainCosts, type Reason } from './explain.js';
import { headerVerdicts, type HeaderVerdicts } from '../hardening/index.js';
import { occurrences, pairSegments, type PairingFacts, type SegmentGroup } from './pairing.js';
import { shapeContext, shapeSentence } from './shapes.js';
import { signed } from '../io/text.js';
import { diffAbi, type AbiDiff } from './abi.js';
import type { ListDiff, OldNew } from '../util/changes.js';

/**
 * Compares two builds of one object: program headers, the hardening
 * engine's RELRO, NX and PIE verdicts (the ones `audit` gives), file size and padding, and per page size
 * what a process pays for mapping each, with the cause in words.
 */

export type SegmentField = 'flags' | 'align' | 'offset' | 'vaddr' | 'filesz' | 'memsz';
export const SEGMENT_FIELDS: readonly SegmentField[] = ['flags', 'offset', 'vaddr', 'filesz', 'memsz', 'align'];

export interface SegmentChange extends OldNew<bigint> {
  readonly field: SegmentField;
}

export interface SegmentPair extends OldNew<ProgramHeader> {
  readonly type: number;
  /** 1-based occurrence of this type in the new file (the 2nd LOAD, …). */
  readonly occurrence: number;
  /** … and in the old file (other than `occurrence` when segments were merged or split before it). */
  readonly oldOccurrence: number;
  readonly changes: readonly SegmentChange[];
}

/** Several segments that became one, one that became several, or several regrouped (pairing.ts), with the sentence that says so. */
export interface SegmentRegroup {
  readonly group: SegmentGroup;
  /** "R, R E and R merged into one R E LOAD (-z noseparate-code)". */
  readonly sentence: string;
}

/** Segments alone in their group on one side (`added`, `removed`), and matched pairs with at least one change (`changed`). */
export interface SegmentDiff extends ListDiff<ProgramHeader, SegmentPair> {
  /** Every program header of both builds in exactly one group, as pairing.ts pairs them. */
  readonly groups: readonly SegmentGroup[];
  readonly regrouped: readonly SegmentRegroup[];
  readonly unchanged: number;
}

export interface MemoryDelta extends OldNew<MemoryEstimate> {
  readonly pageSize: number;
  /** Undefined when either side cannot load at this page size. */
  readonly delta: MemoryCounts | undefined;
  /** The change in one phrase ("+1 mapped page, +1 VMA, +1 dirty page" or "no change"). */
  readonly summary: string;
  /** Why the numbers moved (or why they did not), in words: the texts of `reasons`. */
  readonly causes: readonly string[];
  /** The same with what each adds to the counts; they add up to `delta`. */
  readonly reasons: readonly Reason[];
}

export interface FileSide {
  readonly facts: LayoutFacts;
  /** The linker's mark (src/elf/linker.ts), when it left one. */
  readonly linker: LayoutFacts['linker'];
  readonly fileSize: bigint;
  /** File bytes between consecutive PT_LOADs' file images (alignment padding). */
  readonly padding: bigint;
  readonly loader: Loader;
  /** The hardening engine's verdicts for this build, with their evidence. */
  readonly hardening: HeaderVerdicts;
}

export interface VerdictChange<T> extends OldNew<T> {
  readonly changed: boolean;
}

export interface DiffResult extends OldNew<FileSide> {
  readonly segments: SegmentDiff;
  /** The hardening engine's verdicts (src/hardening), old and new; not checksec.sh's. */
  readonly hardening: {
    readonly relro: VerdictChange<HeaderVerdicts['relro']['verdict']>;
    readonly nx: VerdictChange<HeaderVerdicts['nx']['verdict']>;
    readonly pie: VerdictChange<HeaderVerdicts['pie']['verdict']>;
  };
  readonly memory: readonly MemoryDelta[];
  /** Identity, exported interface, system needs and section sizes (src/diff/abi.ts); undefined when either side's were not read (a baseline). */
  readonly abi: AbiDiff | undefined;
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

/** Pairs two builds' segments by what they hold (pairing.ts) and lists what changed. */
export function diffSegments(oldF: PairingFacts, newF: PairingFacts): SegmentDiff {
  const groups = pairSegments(oldF, newF);
  const ctx = shapeContext(oldF, newF);
  const added: ProgramHeader[] = [];
  const removed: ProgramHeader[] = [];
  const regrouped: SegmentRegroup[] = [];
  const changed: SegmentPair[] = [];
  let unchanged = 0;
  const occOld = occurrences(oldF.programHeaders);
  const occNew = occurrences(newF.programHeaders);
  for (const g of groups) {
    if (g.shape === 'added') added.push(g.new[0]!);
    else if (g.shape === 'removed') removed.push(g.old[0]!);
    else if (g.shape === 'same') {
      const o = g.old[0]!;
      const n = g.new[0]!;
      const changes = SEGMENT_FIELDS.flatMap((field): SegmentChange[] => {
        const ov = BigInt(o[field]);
        const nv = BigInt(n[field]);
        return ov === nv ? [] : [{ field, old: ov, new: nv }];
      });
      if (changes.length > 0) {
        changed.push({
          type: g.type,
          occurrence: occNew.get(n.index) ?? 0,
          oldOccurrence: occOld.get(o.index) ?? 0,
          old: o,
          new: n,
          changes,
        });
      } else unchanged++;
    } else {
      const sentence = shapeSentence(g, ctx) ?? otherSentence(g, segmentName(newF, g.type));
      regrouped.push({ group: g, sentence });
    }
  }
  const byIndex = (x: ProgramHeader, y: ProgramHeader) => x.index - y.index;
  return { groups, added: added.sort(byIndex), removed: removed.sort(byIndex), regrouped, changed, unchanged };
}

/** A regrouping of segments other than LOADs ("2 NOTE segments merged into one"). */
function otherSentence(g: SegmentGroup, name: string): string {
  if (g.shape === 'merged') return `${g.old.length} ${name} segments merged into one`;
  if (g.shape === 'split') return `one ${name} segment split into ${g.new.length}`;
  return `${g.old.length} ${name} segments regrouped into ${g.new.length}`;
}

function verdict<T>(o: T, n: T): VerdictChange<T> {
  return { old: o, new: n, changed: o !== n };
}

function side(facts: LayoutFacts, loader: Loader | undefined): FileSide {
  return {
    facts,
    linker: facts.linker,
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
  const segments = diffSegments(oldF, newF);
  const ctx = shapeContext(oldF, newF);
  const memory = pageSizesFor(opts.pageSizes, [oldF.machine, newF.machine]).map((p) => {
    const eo = estimateMemory(oldF, p, o.loader);
    const en = estimateMemory(newF, p, n.loader);
    const delta =
      eo.loadable && en.loadable
        ? { mappedPages: en.mappedPages - eo.mappedPages, vmas: en.vmas - eo.vmas, dirtyPages: en.dirtyPages - eo.dirtyPages }
        : undefined;
    const reasons = explainCosts(oldF, newF, eo, en, segments.groups, ctx);
    return { pageSize: p, old: eo, new: en, delta, summary: countsSummary(delta), causes: reasons.map((r) => r.text), reasons };
  });
  return {
    old: o,
    new: n,
    segments,
    hardening: {
      relro: verdict(o.hardening.relro.verdict, n.hardening.relro.verdict),
      nx: verdict(o.hardening.nx.verdict, n.hardening.nx.verdict),
      pie: verdict(o.hardening.pie.verdict, n.hardening.pie.verdict),
    },
    memory,
    abi: oldF.abi !== undefined && newF.abi !== undefined ? diffAbi(oldF.abi, newF.abi) : undefined,
  };
}

/** "+1 mapped page, +1 VMA, +1 dirty page", "no change", or "cannot compare" (undefined). */
export function countsSummary(d: MemoryCounts | undefined): string {
  if (d === undefined) return 'cannot compare';
  if (d.mappedPages === 0 && d.vmas === 0 && d.dirtyPages === 0) return 'no change';
  const unit = (n: number, one: string, many: string) => `${signed(n)} ${Math.abs(n) === 1 ? one : many}`;
  return `${unit(d.mappedPages, 'mapped page', 'mapped pages')}, ${unit(d.vmas, 'VMA', 'VMAs')}, ${unit(d.dirtyPages, 'dirty page', 'dirty pages')}`;
}
