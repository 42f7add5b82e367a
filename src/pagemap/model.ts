/**
 * The page map: the geometry a picture of one or two builds' address space
 * needs at one page size, taken from the page-cost model's estimates
 * (src/memory/model.ts) — the LOAD segments' byte extents, the pages and
 * VMAs they become, RELRO, the bss tail and the dirty pages. The text and
 * SVG renderers beside this module draw it; none of them reads a file or
 * redoes the model's arithmetic.
 *
 * The map is a row of columns over the span of every side's LOADs. Every
 * address where something changes on either side (a segment's first or
 * last page, a VMA edge, RELRO, the end of the file data, a dirty page) is
 * a break; between two breaks every page looks the same on each side, so a
 * run of more than ELIDE_OVER pages is drawn as its first page, an elided
 * middle that says how many pages it holds, and its last page.
 */
import type { DirtyPage, MemoryEstimate, Vma } from '../memory/model.js';
import { partitionPoint } from '../util/arrays.js';
import { alignDown, alignUp } from '../memory/pages.js';

/** Width of an elided middle, in page columns. */
export const ELIDED_UNITS = 2;
/** Runs longer than this many pages are elided in the middle (a shorter one would take no less room elided). */
export const ELIDE_OVER = ELIDED_UNITS + 2;

export interface MapSegment {
  /** Program header index. */
  readonly index: number;
  readonly flags: number;
  readonly vaddr: bigint;
  /** End of the file data (vaddr + filesz). */
  readonly fileEnd: bigint;
  /** End in memory (vaddr + memsz): [fileEnd, memEnd) is bss. */
  readonly memEnd: bigint;
  readonly firstPage: bigint;
  readonly endPage: bigint;
  /** Section names the segment holds, as the file names them (latin1), when known. */
  readonly sections: readonly string[];
}

export type PageRelro = 'read-only' | 'writable' | undefined;

/** How one page (or every page of an elided run) looks on one side. */
export interface PageState {
  /** The VMA's permissions (`r-xp`), or undefined outside every mapping. */
  readonly perms: string | undefined;
  readonly backing: 'file' | 'anon' | 'hole' | undefined;
  /** The LOAD (program header index) whose pages these are. */
  readonly segment: number | undefined;
  /** RELRO made this page read-only, or RELRO bytes on it stay writable (the loader rounds the end down). */
  readonly relro: PageRelro;
  readonly dirty: boolean;
  /** Why it is dirty: "5 relocations", "bss tail", ".dynamic". */
  readonly dirtyWhy: readonly string[];
  readonly bssTail: boolean;
  /** Inside some LOAD's page range: a page the object costs. */
  readonly mapped: boolean;
}

export interface MapSide {
  /** 'old' or 'new' in a diff; undefined for one build. */
  readonly label: 'old' | 'new' | undefined;
  readonly file: string;
  readonly estimate: MemoryEstimate;
  readonly segments: readonly MapSegment[];
  /** The GNU_RELRO byte range and what the loader protects of it. */
  readonly relro: { readonly start: bigint; readonly end: bigint; readonly protectedStart: bigint; readonly protectedEnd: bigint } | undefined;
  /** The estimate indexed by page, so a page's state is a lookup, not a scan (65,534 LOADs make a map of 130,000 columns). */
  readonly index: SideIndex;
}

interface SideIndex {
  /** VMAs by start address (they do not overlap). */
  readonly vmas: readonly Vma[];
  /** Segments by first page, in program-header order among equals. */
  readonly segments: readonly MapSegment[];
  readonly dirty: ReadonlyMap<bigint, DirtyPage>;
  readonly bssTails: ReadonlySet<bigint>;
}

/** Each dirty page's entry (the first, where one is listed twice). */
function firstByPage(dirty: readonly DirtyPage[]): Map<bigint, DirtyPage> {
  const m = new Map<bigint, DirtyPage>();
  for (const d of dirty) if (!m.has(d.page)) m.set(d.page, d);
  return m;
}

const byAddress = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** The first VMA or segment (in address order) whose page range holds P, or undefined. */
function containing<T>(list: readonly T[], p: bigint, start: (t: T) => bigint, end: (t: T) => bigint): T | undefined {
  let k = partitionPoint(list.length, (i) => start(list[i]!) <= p) - 1;
  // ranges that share a page: the earliest that holds P, as a scan in order would find
  while (k > 0 && end(list[k - 1]!) > p) k--;
  const t = list[k];
  return t !== undefined && start(t) <= p && p < end(t) ? t : undefined;
}

export type MapColumn =
  | { readonly kind: 'page'; readonly start: bigint; readonly end: bigint; readonly pages: 1; readonly states: readonly PageState[] }
  | { readonly kind: 'elided'; readonly start: bigint; readonly end: bigint; readonly pages: number; readonly states: readonly PageState[] };

export interface PageMap {
  readonly pageSize: number;
  readonly sides: readonly MapSide[];
  readonly start: bigint;
  readonly end: bigint;
  /** Left to right; `states` has one entry per side. */
  readonly columns: readonly MapColumn[];
  /** Pages mapped only in the new build (a diff), and only in the old one. */
  readonly addedPages: number;
  readonly removedPages: number;
  /** Where an address falls on the whole map, in page columns (a binary search, not a walk of the columns). */
  readonly ruler: Ruler;
}

export interface Ruler {
  position(a: bigint): number;
}

/** A Ruler over COLUMNS: the prefix sums of their widths, searched by address. */
export function ruler(columns: readonly MapColumn[]): Ruler {
  const left: number[] = [];
  let x = 0;
  for (const c of columns) {
    left.push(x);
    x += columnUnits(c);
  }
  return {
    position(a: bigint): number {
      if (columns.length === 0) return 0;
      // the first column that ends after A, or the last one
      const k = Math.min(columns.length - 1, partitionPoint(columns.length, (i) => columns[i]!.end <= a));
      const c = columns[k]!;
      const w = columnUnits(c);
      if (a <= c.start) return left[k]!;
      if (a >= c.end) return left[k]! + w;
      return left[k]! + (w * Number(a - c.start)) / Number(c.end - c.start);
    },
  };
}

export interface SideInput {
  readonly label?: 'old' | 'new';
  readonly file: string;
  readonly estimate: MemoryEstimate;
  /** Section names per program header index (LayoutFacts.segmentSections). */
  readonly segmentSections?: readonly (readonly string[])[] | undefined;
}

function sideOf(s: SideInput): MapSide {
  const e = s.estimate;
  const r = e.relro;
  const segments: MapSegment[] = e.segments.map((g) => ({
      index: g.index,
      flags: g.flags,
      vaddr: g.vaddr,
      fileEnd: g.vaddr + g.filesz,
      memEnd: g.vaddr + g.memsz,
      firstPage: g.firstPage,
      endPage: g.endPage,
      sections: s.segmentSections?.[g.index] ?? [],
  }));
  return {
    label: s.label,
    file: s.file,
    estimate: e,
    segments,
    index: {
      vmas: [...e.vmaList].sort((a, b) => byAddress(a.start, b.start)),
      segments: [...segments].sort((a, b) => byAddress(a.firstPage, b.firstPage)),
      dirty: firstByPage(e.dirty),
      bssTails: new Set(e.segments.flatMap((g) => (g.bssTailPage === undefined ? [] : [g.bssTailPage]))),
    },
    relro:
      r.start === undefined || r.end === undefined
        ? undefined
        : { start: r.start, end: r.end, protectedStart: r.protectedStart, protectedEnd: r.protectedEnd },
  };
}

/** How page `p` looks on one side. */
export function pageState(side: MapSide, p: bigint): PageState {
  const e = side.estimate;
  const P = BigInt(e.pageSize);
  const vma = containing(side.index.vmas, p, (v) => v.start, (v) => v.end);
  const seg = containing(side.index.segments, p, (g) => g.firstPage, (g) => g.endPage);
  const r = side.relro;
  let relro: PageRelro;
  if (r !== undefined && r.protectedStart <= p && p < r.protectedEnd && r.protectedEnd > r.protectedStart && vma?.relro === true) relro = 'read-only';
  else if (r !== undefined && r.start < p + P && p < r.end) relro = 'writable';
  const d = side.index.dirty.get(p);
  const why: string[] = [];
  if (d !== undefined) {
    if (d.relocations > 0) why.push(`${d.relocations} relocation${d.relocations === 1 ? '' : 's'}`);
    if (d.bssTail) why.push('bss tail');
    if (d.dynamic) why.push('.dynamic');
  }
  return {
    perms: vma?.perms,
    backing: vma?.backing,
    segment: vma?.segment ?? seg?.index,
    relro,
    dirty: d !== undefined,
    dirtyWhy: why,
    bssTail: side.index.bssTails.has(p),
    mapped: seg !== undefined,
  };
}

function sameState(a: PageState, b: PageState): boolean {
  return a.perms === b.perms && a.backing === b.backing && a.relro === b.relro && a.dirty === b.dirty && a.bssTail === b.bssTail && a.mapped === b.mapped;
}

/** Whether the page looks different on the two sides (a diff); a page mapped on one side only is added or removed. */
export function stateChange(o: PageState, n: PageState): 'added' | 'removed' | 'changed' | undefined {
  if (n.mapped && !o.mapped) return 'added';
  if (o.mapped && !n.mapped) return 'removed';
  return sameState(o, n) ? undefined : 'changed';
}

/** The map at one page size for one build, or for an old and a new build of one object (old first). */
export function pageMap(inputs: readonly SideInput[]): PageMap {
  const sides = inputs.map(sideOf);
  const pageSize = inputs[0]!.estimate.pageSize;
  const P = BigInt(pageSize);
  const breaks = new Set<bigint>();
  for (const side of sides) {
    const e = side.estimate;
    for (const g of side.segments) {
      breaks.add(g.firstPage);
      breaks.add(g.endPage);
      // where the bss starts, so a run of pages is all file data or all bss
      if (g.memEnd > g.fileEnd) {
        breaks.add(alignDown(g.fileEnd, P));
        breaks.add(alignUp(g.fileEnd, P));
      }
    }
    for (const v of e.vmaList) {
      breaks.add(v.start);
      breaks.add(v.end);
    }
    for (const d of e.dirty) {
      breaks.add(d.page);
      breaks.add(d.page + P);
    }
    if (side.relro !== undefined) {
      for (const a of [alignDown(side.relro.start, P), alignUp(side.relro.end, P), side.relro.protectedStart, side.relro.protectedEnd]) breaks.add(a);
    }
  }
  const sorted = Array.from(breaks).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const start = sorted[0] ?? 0n;
  const end = sorted[sorted.length - 1] ?? 0n;
  const columns: MapColumn[] = [];
  let addedPages = 0;
  let removedPages = 0;
  const statesAt = (p: bigint) => sides.map((s) => pageState(s, p));
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i]!;
    const hi = sorted[i + 1]!;
    const pages = Number((hi - lo) / P);
    if (pages <= 0) continue;
    const states = statesAt(lo);
    if (sides.length === 2) {
      const c = stateChange(states[0]!, states[1]!);
      if (c === 'added') addedPages += pages;
      if (c === 'removed') removedPages += pages;
    }
    if (pages <= ELIDE_OVER) {
      for (let p = lo; p < hi; p += P) columns.push({ kind: 'page', start: p, end: p + P, pages: 1, states: statesAt(p) });
    } else {
      columns.push({ kind: 'page', start: lo, end: lo + P, pages: 1, states });
      columns.push({ kind: 'elided', start: lo + P, end: hi - P, pages: pages - 2, states: statesAt(lo + P) });
      columns.push({ kind: 'page', start: hi - P, end: hi, pages: 1, states: statesAt(hi - P) });
    }
  }
  return { pageSize, sides, start, end, columns, addedPages, removedPages, ruler: ruler(columns) };
}

/** A column's width in page columns. */
export function columnUnits(c: MapColumn): number {
  return c.kind === 'page' ? 1 : ELIDED_UNITS;
}

/**
 * Where address `a` falls, in page columns from the map's left edge
 * (linear inside a column, so a segment's start and end sit where they do
 * inside their page).
 */
export function positionOf(m: PageMap, a: bigint, columns: readonly MapColumn[] = m.columns): number {
  return (columns === m.columns ? m.ruler : ruler(columns)).position(a);
}

/** Total width in page columns. */
export function mapUnits(columns: readonly MapColumn[]): number {
  return columns.reduce((n, c) => n + columnUnits(c), 0);
}

/** Whether the counts differ between the two sides of a diff at this page size. */
export function countsChanged(o: MemoryEstimate, n: MemoryEstimate): boolean {
  return o.loadable !== n.loadable || o.mappedPages !== n.mappedPages || o.vmas !== n.vmas || o.dirtyPages !== n.dirtyPages;
}
