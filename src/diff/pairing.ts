import type { ProgramHeader } from '../elf/index.js';
import type { LayoutFacts } from '../memory/facts.js';
import type { OldNew } from '../util/changes.js';

/**
 * Which segment of the old build is which segment of the new one. Read by
 * `elfaudit diff` (diff.ts, explain.ts) and by the gate's segment rules
 * (src/gate/compare.ts), so both say the same.
 *
 * Segments are paired by what they hold: two segments of one type that
 * share a section name are the same segment, or parts of it. Each
 * connected group of such segments is one of
 *
 * - `same`: one old, one new (the segment, maybe moved, resized or with
 *   other flags);
 * - `merged`: several old segments became one (`-z noseparate-code` puts
 *   headers, code and read-only data in one R E LOAD);
 * - `split`: one became several (lld gives the RELRO part of RW data a LOAD
 *   of its own);
 * - `reshaped`: several became several, their sections regrouped;
 * - `added`, `removed`: a segment with no counterpart.
 *
 * Where a file's section headers are not known (stripped of them, or a
 * baseline written before they were recorded), segments of a type are paired
 * by flags and order: the n-th RW LOAD with the n-th RW LOAD; then those left
 * over in order (a segment whose flags changed); the rest are added or
 * removed. Segments that hold no section (PHDR, GNU_STACK) are paired that
 * way too.
 */

export type GroupShape = 'same' | 'merged' | 'split' | 'reshaped' | 'added' | 'removed';

/** A group of segments: each build's in the group, in program header order. */
export interface SegmentGroup extends OldNew<readonly ProgramHeader[]> {
  readonly type: number;
  readonly shape: GroupShape;
  /** How the group was found: shared section names, or flags and order. */
  readonly by: 'sections' | 'order';
}

/** What pairing reads of a file. */
export type PairingFacts = Pick<LayoutFacts, 'programHeaders' | 'segmentSections' | 'linker' | 'machine' | 'osabi'>;

function shapeOf(nOld: number, nNew: number): GroupShape {
  if (nOld === 0) return 'added';
  if (nNew === 0) return 'removed';
  if (nOld === 1 && nNew === 1) return 'same';
  if (nNew === 1) return 'merged';
  if (nOld === 1) return 'split';
  return 'reshaped';
}

function sectionsOf(f: PairingFacts, p: ProgramHeader): readonly string[] | undefined {
  const s = f.segmentSections?.[p.index];
  return s === undefined || s.length === 0 ? undefined : s;
}

/** The n-th of each flags with the n-th, then the rest in order. */
function pairByOrder(type: number, a: readonly ProgramHeader[], b: readonly ProgramHeader[]): SegmentGroup[] {
  const out: SegmentGroup[] = [];
  const usedA = new Set<ProgramHeader>();
  const usedB = new Set<ProgramHeader>();
  const byFlags = (list: readonly ProgramHeader[]) => {
    const m = new Map<number, ProgramHeader[]>();
    for (const p of list) {
      const l = m.get(p.flags);
      if (l === undefined) m.set(p.flags, [p]);
      else l.push(p);
    }
    return m;
  };
  const fb = byFlags(b);
  for (const [f, xa] of byFlags(a)) {
    const xb = fb.get(f) ?? [];
    for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
      usedA.add(xa[i]!);
      usedB.add(xb[i]!);
      out.push({ type, shape: 'same', old: [xa[i]!], new: [xb[i]!], by: 'order' });
    }
  }
  const ra = a.filter((p) => !usedA.has(p));
  const rb = b.filter((p) => !usedB.has(p));
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const o = ra[i];
    const n = rb[i];
    out.push({ type, shape: shapeOf(o === undefined ? 0 : 1, n === undefined ? 0 : 1), old: o === undefined ? [] : [o], new: n === undefined ? [] : [n], by: 'order' });
  }
  return out;
}

/** Connected groups of segments that share a section name. */
function pairBySections(type: number, oldF: PairingFacts, newF: PairingFacts, a: readonly ProgramHeader[], b: readonly ProgramHeader[]): SegmentGroup[] {
  const nodes = [...a.map((p) => ({ side: 0, p })), ...b.map((p) => ({ side: 1, p }))];
  const parent = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const holder = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const s of sectionsOf(n.side === 0 ? oldF : newF, n.p) ?? []) {
      const j = holder.get(s);
      if (j === undefined) holder.set(s, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, { old: ProgramHeader[]; new: ProgramHeader[] }>();
  nodes.forEach((n, i) => {
    const r = find(i);
    let g = groups.get(r);
    if (g === undefined) {
      g = { old: [], new: [] };
      groups.set(r, g);
    }
    (n.side === 0 ? g.old : g.new).push(n.p);
  });
  return [...groups.values()].map((g) => ({ type, shape: shapeOf(g.old.length, g.new.length), old: g.old, new: g.new, by: 'sections' as const }));
}

function firstIndex(g: SegmentGroup): number {
  return (g.new[0] ?? g.old[0])!.index;
}

/** Pairs two builds' program headers; every header is in exactly one group. Groups come in type order of first appearance, then by position. */
export function pairSegments(oldF: PairingFacts, newF: PairingFacts): SegmentGroup[] {
  // by type, in order of first appearance (old, then new)
  const byType = new Map<number, { a: ProgramHeader[]; b: ProgramHeader[] }>();
  const slot = (t: number) => {
    let s = byType.get(t);
    if (s === undefined) {
      s = { a: [], b: [] };
      byType.set(t, s);
    }
    return s;
  };
  for (const p of oldF.programHeaders) slot(p.type).a.push(p);
  for (const p of newF.programHeaders) slot(p.type).b.push(p);
  const bothKnown = oldF.segmentSections !== undefined && newF.segmentSections !== undefined;
  const out: SegmentGroup[] = [];
  for (const [t, { a, b }] of byType) {
    const withA = bothKnown ? a.filter((p) => sectionsOf(oldF, p) !== undefined) : [];
    const withB = bothKnown ? b.filter((p) => sectionsOf(newF, p) !== undefined) : [];
    const groups =
      withA.length > 0 && withB.length > 0
        ? [
            ...pairBySections(t, oldF, newF, withA, withB),
            ...pairByOrder(
              t,
              a.filter((p) => sectionsOf(oldF, p) === undefined),
              b.filter((p) => sectionsOf(newF, p) === undefined),
            ),
          ]
        : pairByOrder(t, a, b);
    groups.sort((x, y) => {
      const ox = x.old[0]?.index ?? Number.MAX_SAFE_INTEGER;
      const oy = y.old[0]?.index ?? Number.MAX_SAFE_INTEGER;
      return ox !== oy ? ox - oy : firstIndex(x) - firstIndex(y);
    });
    for (const g of groups) out.push(g);
  }
  return out;
}

/** Each header's 1-based position among the headers of its type, by header index. */
export function occurrences(phdrs: readonly ProgramHeader[]): Map<number, number> {
  const seen = new Map<number, number>();
  const out = new Map<number, number>();
  for (const p of phdrs) {
    const n = (seen.get(p.type) ?? 0) + 1;
    seen.set(p.type, n);
    out.set(p.index, n);
  }
  return out;
}
