import { flagsWord } from '../names/segment-flags.js';
import { PT, type ProgramHeader } from '../elf/index.js';
import { relroSegment } from '../hardening/index.js';
import type { LayoutFacts } from '../memory/facts.js';
import type { MemoryEstimate } from '../memory/model.js';
import type { SegmentGroup } from './pairing.js';
import { shapeSentence, type ShapeContext } from './shapes.js';
import { hexAddress } from '../io/text.js';

/**
 * Why two builds' costs differ at one page size, as reasons whose numbers
 * add up to the model's: every mapped page belongs to one LOAD, so the LOAD
 * groups (pairing.ts) share the page delta; every VMA is a hole, an
 * anonymous bss mapping, a LOAD's file mapping or the extra one RELRO's
 * mprotect splits off, so those share the VMA delta; every dirty page is
 * dirtied by a relocation, else by the bss-tail memset, else by a .dynamic
 * write. A reason with nothing to add carries zeros.
 */

export interface Reason {
  readonly text: string;
  /** What this reason adds to the mapped pages, VMAs and dirty pages (new − old). */
  readonly pages: number;
  readonly vmas: number;
  readonly dirty: number;
}

function pages(n: number): string {
  return `${n} ${n === 1 ? 'page' : 'pages'}`;
}

function signedUnit(n: number, one: string, many: string): string {
  return `${n > 0 ? '+' : ''}${n} ${Math.abs(n) === 1 ? one : many}`;
}

function kibText(p: number): string {
  return p % 1024 === 0 ? `${p / 1024} KiB` : `${p}-byte`;
}

function contains(p: ProgramHeader, addr: bigint): boolean {
  return addr >= p.vaddr && addr < p.vaddr + p.memsz;
}

/** "the RW LOAD", or "LOAD #2 (RW)" when several LOADs share those flags. */
function loadLabel(loads: readonly ProgramHeader[], p: ProgramHeader): string {
  const same = loads.filter((q) => q.flags === p.flags);
  if (same.length === 1) return `the ${flagsWord(p.flags)} LOAD`;
  return `LOAD #${loads.indexOf(p) + 1} (${flagsWord(p.flags)})`;
}

/** Per LOAD: pages it occupies, its file VMAs, and how many of those RELRO's mprotect split off. */
interface LoadCost {
  readonly pages: number;
  readonly mappings: number;
  readonly relroExtra: number;
}

function loadCosts(e: MemoryEstimate): Map<number, LoadCost> {
  const files = new Map<number, { n: number; relro: boolean; plain: boolean }>();
  for (const v of e.vmaList) {
    if (v.backing !== 'file' || v.segment === undefined) continue;
    const f = files.get(v.segment) ?? { n: 0, relro: false, plain: false };
    files.set(v.segment, { n: f.n + 1, relro: f.relro || v.relro, plain: f.plain || !v.relro });
  }
  const out = new Map<number, LoadCost>();
  for (const s of e.segments) {
    const f = files.get(s.index) ?? { n: 0, relro: false, plain: false };
    const extra = f.relro && f.plain ? f.n - 1 : 0;
    out.set(s.index, { pages: s.fileBackedPages + s.anonPages, mappings: f.n - extra, relroExtra: extra });
  }
  return out;
}

function sum(costs: Map<number, LoadCost>, segs: readonly ProgramHeader[], key: keyof LoadCost): number {
  let n = 0;
  for (const p of segs) n += costs.get(p.index)?.[key] ?? 0;
  return n;
}

function deltaText(dp: number, dv: number): string {
  const partsOf: string[] = [];
  if (dp !== 0) partsOf.push(signedUnit(dp, 'page', 'pages'));
  if (dv !== 0) partsOf.push(signedUnit(dv, 'VMA', 'VMAs'));
  return partsOf.length === 0 ? 'the same pages and VMAs' : partsOf.join(', ');
}

/** The reasons at one page size (both estimates at the same page size). */
export function explainCosts(
  oldF: LayoutFacts,
  newF: LayoutFacts,
  eo: MemoryEstimate,
  en: MemoryEstimate,
  groups: readonly SegmentGroup[],
  ctx: ShapeContext,
): Reason[] {
  const P = eo.pageSize;
  const out: Reason[] = [];
  const say = (text: string, p = 0, v = 0, d = 0) => out.push({ text, pages: p, vmas: v, dirty: d });
  if (!eo.loadable || !en.loadable) {
    if (!eo.loadable) say(`old cannot load at ${kibText(P)} pages: ${eo.problems.join('; ')}`);
    if (!en.loadable) say(`new cannot load at ${kibText(P)} pages: ${en.problems.join('; ')}`);
    return out;
  }
  const ro = relroSegment(oldF);
  const rn = relroSegment(newF);
  const relroAdded = ro === undefined && rn !== undefined;
  const relroRemoved = ro !== undefined && rn === undefined;
  const co = loadCosts(eo);
  const cn = loadCosts(en);
  const lo = oldF.programHeaders.filter((p) => p.type === PT.LOAD && p.memsz > 0n);
  const ln = newF.programHeaders.filter((p) => p.type === PT.LOAD && p.memsz > 0n);

  // Pages and file mappings, a group of LOADs at a time.
  let moved = false;
  for (const g of groups) {
    if (g.type !== PT.LOAD) continue;
    const a = g.old.filter((p) => p.memsz > 0n);
    const b = g.new.filter((p) => p.memsz > 0n);
    if (a.length === 0 && b.length === 0) continue;
    const dp = sum(cn, b, 'pages') - sum(co, a, 'pages');
    const dv = sum(cn, b, 'mappings') - sum(co, a, 'mappings');
    const shape = shapeSentence(g, ctx);
    if (shape !== undefined) {
      say(`${shape}: ${deltaText(dp, dv)}`, dp, dv);
      continue;
    }
    if (a.length === 0) {
      say(`${loadLabel(ln, b[0]!)} was added: ${pages(sum(cn, b, 'pages'))} more`, dp, dv);
      continue;
    }
    if (b.length === 0) {
      say(`${loadLabel(lo, a[0]!)} was removed: ${pages(sum(co, a, 'pages'))} fewer`, dp, dv);
      continue;
    }
    const o = a[0]!;
    const n = b[0]!;
    if (o.vaddr !== n.vaddr || o.memsz !== n.memsz) moved = true;
    if (dp === 0 && dv === 0) continue;
    const na = sum(co, a, 'pages');
    const nb = sum(cn, b, 'pages');
    const label = loadLabel(ln, n);
    const mappings = dv === 0 ? '' : ` and ${sum(cn, b, 'mappings')} file mapping(s) instead of ${sum(co, a, 'mappings')}`;
    const spans = `${label} now spans ${pages(nb)} instead of ${na}${mappings}`;
    if (relroAdded && rn !== undefined && contains(n, rn.vaddr)) say(`GNU_RELRO added: ${spans}`, dp, dv);
    else if (relroRemoved && ro !== undefined && contains(o, ro.vaddr)) say(`GNU_RELRO removed: ${spans}`, dp, dv);
    else if (o.vaddr !== n.vaddr) say(`${label} moved from ${hexAddress(o.vaddr)} to ${hexAddress(n.vaddr)}: it now spans ${pages(nb)} instead of ${na}${mappings}`, dp, dv);
    else say(`${label}'s size changed (memsz ${hexAddress(o.memsz)} → ${hexAddress(n.memsz)}): it now spans ${pages(nb)} instead of ${na}${mappings}`, dp, dv);
  }

  // RELRO: what it protects, and the VMA its mprotect splits off a mapping.
  let extraO = 0;
  let extraN = 0;
  for (const c of co.values()) extraO += c.relroExtra;
  for (const c of cn.values()) extraN += c.relroExtra;
  let relroVmas = extraN - extraO;
  const sayRelro = (text: string) => {
    say(text, 0, relroVmas);
    relroVmas = 0;
  };
  const splitO = eo.relro.protectedPages > 0;
  const splitN = en.relro.protectedPages > 0;
  if (!splitO && splitN) {
    const range = `RELRO now protects ${pages(en.relro.protectedPages)} [${hexAddress(en.relro.protectedStart)}, ${hexAddress(en.relro.protectedEnd)})`;
    sayRelro(extraN > 0 ? `${range}: mprotect splits the RW mapping into r--p and rw-p VMAs` : `${range}: its LOAD's own mapping becomes r--p`);
  } else if (splitO && !splitN) {
    sayRelro(extraO > 0 ? `RELRO no longer protects anything: the RW mapping is one VMA again` : `RELRO no longer protects anything`);
  } else if (splitO && splitN && eo.relro.protectedPages !== en.relro.protectedPages) {
    sayRelro(`RELRO protects ${pages(en.relro.protectedPages)} instead of ${eo.relro.protectedPages}`);
  }
  if (relroVmas > 0) sayRelro(`RELRO's mprotect now splits a RW mapping into r--p and rw-p VMAs (the RELRO part shares a LOAD with data): ${signedUnit(relroVmas, 'VMA', 'VMAs')}`);
  else if (relroVmas < 0) sayRelro(`RELRO's mprotect no longer splits a mapping (the RELRO part has a LOAD of its own): ${signedUnit(relroVmas, 'VMA', 'VMAs')}`);
  if (rn !== undefined && !splitN && en.relro.start !== undefined) {
    say(
      `RELRO protects nothing at ${kibText(P)} pages: [${hexAddress(en.relro.start)}, ${hexAddress(en.relro.end ?? 0n)}) does not cover a whole page, ` +
        `so its ${en.relro.unprotectedTailBytes} bytes stay writable`,
    );
  }

  // Holes and anonymous bss mappings.
  const count = (e: MemoryEstimate, b: 'hole' | 'anon') => e.vmaList.filter((v) => v.backing === b).length;
  const ho = count(eo, 'hole');
  const hn = count(en, 'hole');
  const alignOf = (loads: readonly ProgramHeader[]) => loads.reduce((m, p) => (p.align > m ? p.align : m), 0n);
  const why = alignOf(lo) === alignOf(ln) ? '' : ` (max-page-size ${hexAddress(alignOf(lo))} → ${hexAddress(alignOf(ln))} spaces the LOADs apart)`;
  if (ho !== hn) say(`${hn} PROT_NONE hole VMA(s) between segments instead of ${ho}${why}`, 0, hn - ho);
  const ao = count(eo, 'anon');
  const an = count(en, 'anon');
  if (ao !== an) say(`${an} anonymous bss VMA(s) instead of ${ao}`, 0, an - ao);

  // Dirty pages, each by its first cause.
  const relocPages = (e: MemoryEstimate) => e.dirty.filter((d) => d.relocations > 0).length;
  const bssPages = (e: MemoryEstimate) => e.dirty.filter((d) => d.bssTail && d.relocations === 0).length;
  const dynPages = (e: MemoryEstimate) => e.dirty.filter((d) => d.dynamic && !d.bssTail && d.relocations === 0).length;
  const r0 = relocPages(eo);
  const r1 = relocPages(en);
  if (r0 !== r1) say(`relocation targets (GOT, init arrays, data pointers) now lie on ${pages(r1)} instead of ${r0}, each copied on write`, 0, 0, r1 - r0);
  const b0 = bssPages(eo);
  const b1 = bssPages(en);
  if (b0 !== b1) say(`bss-tail pages zeroed by the loader on pages without relocations: ${b1} instead of ${b0}`, 0, 0, b1 - b0);
  const d0 = dynPages(eo);
  const d1 = dynPages(en);
  if (d0 !== d1) say(`pages dirtied only by the loader's writes to .dynamic: ${d1} instead of ${d0}`, 0, 0, d1 - d0);

  if (eo.mappedPages === en.mappedPages && eo.vmas === en.vmas && eo.dirtyPages === en.dirtyPages && out.length === 0) {
    const why = relroAdded
      ? `GNU_RELRO added, but at ${kibText(P)} pages the layout costs the same`
      : relroRemoved
        ? `GNU_RELRO removed, but at ${kibText(P)} pages the layout costs the same`
        : moved
          ? `the segments moved or resized within the same pages`
          : `same pages`;
    say(why);
  }
  return out;
}
