/**
 * The page map as inline SVG, to scale: one page column is UNIT pixels
 * wide and a segment's bytes sit where they do inside their pages (an
 * elided run is drawn at a fixed width and says how many pages it holds).
 * Per side: the LOAD segments (one group each, RELRO and bss marked), the
 * VMAs as the kernel splits them, and the pages (dirty, added, removed,
 * changed). Every shape has a <title> a browser shows on hover. Names from
 * binaries (section names, paths) are escaped as text.
 */
import { flagString } from '../names/segment-flags.js';
import { hexAddress, kib, plural } from '../io/text.js';
import { visibleLatin1 } from '../io/escape.js';
import { columnUnits, mapUnits, stateChange, type MapColumn, type MapSegment, type MapSide, type PageMap } from './model.js';
import { markupText } from '../io/escape.js';

const UNIT = 64;
const LEFT = 44;
const TOP = 34;
const SEG_H = 16;
const VMA_H = 18;
const PAGE_H = 20;
const GAP = 4;
const SIDE_H = SEG_H + VMA_H + PAGE_H + 3 * GAP + 6;

function rect(x: number, y: number, w: number, h: number, cls: string): string {
  return `<rect class="${cls}" x="${x.toFixed(1)}" y="${y}" width="${Math.max(1, w).toFixed(1)}" height="${h}"/>`;
}

function segmentGroup(m: PageMap, side: MapSide, g: MapSegment, y: number): string {
  const x = (a: bigint) => LEFT + m.ruler.position(a) * UNIT;
  const names = g.sections.length > 0 ? `; sections ${g.sections.map((s) => visibleLatin1(s)).join(' ')}` : '';
  const relro =
    side.relro !== undefined && side.relro.start < g.memEnd && side.relro.end > g.vaddr
      ? `; RELRO [${hexAddress(side.relro.start)}, ${hexAddress(side.relro.end)})`
      : '';
  const title =
    `${side.label === undefined ? '' : `${side.label}: `}LOAD[${g.index}] ${flagString(g.flags)} [${hexAddress(g.vaddr)}, ${hexAddress(g.memEnd)}), ` +
    `file data to ${hexAddress(g.fileEnd)}${g.memEnd > g.fileEnd ? `, bss ${g.memEnd - g.fileEnd} bytes` : ''}, pages [${hexAddress(g.firstPage)}, ${hexAddress(g.endPage)})${relro}${names}`;
  const parts = [`<title>${markupText(title)}</title>`, rect(x(g.vaddr), y, x(g.fileEnd) - x(g.vaddr), SEG_H, `data f${flagString(g.flags)}`)];
  if (g.memEnd > g.fileEnd) parts.push(rect(x(g.fileEnd), y, x(g.memEnd) - x(g.fileEnd), SEG_H, 'bss'));
  if (relro !== '' && side.relro !== undefined) {
    const lo = side.relro.start > g.vaddr ? side.relro.start : g.vaddr;
    const hi = side.relro.end < g.memEnd ? side.relro.end : g.memEnd;
    parts.push(rect(x(lo), y, x(hi) - x(lo), SEG_H, 'relro'));
  }
  const w = x(g.memEnd) - x(g.vaddr);
  const label = `LOAD[${g.index}] ${flagString(g.flags)}`;
  if (w > label.length * 7) parts.push(`<text x="${(x(g.vaddr) + 4).toFixed(1)}" y="${y + SEG_H - 4}">${label}</text>`);
  return `<g class="segment" data-side="${side.label ?? 'one'}" data-segment="${g.index}" data-page-size="${m.pageSize}">${parts.join('')}</g>`;
}

function vmaGroups(m: PageMap, side: MapSide, y: number): string {
  const x = (a: bigint) => LEFT + m.ruler.position(a) * UNIT;
  return side.estimate.vmaList
    .map((v) => {
      const what = v.backing === 'hole' ? 'hole between segments' : `${v.backing === 'anon' ? 'anonymous' : 'file'} LOAD[${v.segment ?? '?'}]${v.relro ? ' RELRO' : ''}`;
      const title = `VMA ${hexAddress(v.start)}-${hexAddress(v.end)} ${v.perms} ${what}${v.dirtyPages > 0 ? `, ${plural(v.dirtyPages, 'dirty page')}` : ''}`;
      const cls = `vma ${v.backing}${v.relro ? ' relro' : ''} p${v.perms.slice(0, 3).replace(/-/g, '_')}`;
      const w = x(v.end) - x(v.start);
      const text = w > 34 ? `<text x="${(x(v.start) + 3).toFixed(1)}" y="${y + VMA_H - 5}">${v.perms}</text>` : '';
      return `<g class="${cls}"><title>${markupText(title)}</title>${rect(x(v.start), y, w, VMA_H, 'vmabox')}${text}</g>`;
    })
    .join('');
}

function pageTitle(m: PageMap, c: MapColumn, i: number): string {
  const s = c.states[i]!;
  const side = m.sides[i]!;
  const where = c.kind === 'elided' ? `${plural(c.pages, 'page')} [${hexAddress(c.start)}, ${hexAddress(c.end)})` : `page ${hexAddress(c.start)}`;
  const parts = [where, s.perms === undefined ? 'not mapped' : `${s.perms}${s.segment === undefined ? '' : ` LOAD[${s.segment}]`}`];
  if (s.relro === 'read-only') parts.push('made read-only by RELRO');
  if (s.relro === 'writable') parts.push('RELRO bytes left writable');
  if (s.dirty) parts.push(`dirty (${s.dirtyWhy.join(', ')})`);
  if (s.bssTail) parts.push('bss tail zeroed');
  if (m.sides.length === 2 && i === 1) {
    const ch = stateChange(c.states[0]!, s);
    if (ch !== undefined) parts.push(ch === 'changed' ? 'changed from the old build' : `${ch} in the new build`);
  }
  return `${side.label === undefined ? '' : `${side.label}: `}${parts.join(', ')}`;
}

function pageGroups(m: PageMap, i: number, y: number): string {
  let x = LEFT;
  const out: string[] = [];
  for (const c of m.columns) {
    const w = columnUnits(c) * UNIT;
    const s = c.states[i]!;
    const cls = ['page'];
    if (c.kind === 'elided') cls.push('elided');
    if (!s.mapped) cls.push('unmapped');
    if (s.dirty) cls.push('dirty');
    if (s.relro === 'read-only') cls.push('relro');
    if (m.sides.length === 2 && i === 1) {
      const ch = stateChange(c.states[0]!, s);
      if (ch === 'added') cls.push('extra');
      else if (ch !== undefined) cls.push(ch);
    }
    const text = c.kind === 'elided' ? `… ${c.pages} pages …` : `${s.dirty ? '*' : ''}${s.relro === 'read-only' ? 'R' : ''}${s.bssTail ? 'b' : ''}`;
    out.push(
      `<g class="${cls.join(' ')}" data-page="${hexAddress(c.start)}"><title>${markupText(pageTitle(m, c, i))}</title>${rect(x + 1, y, w - 2, PAGE_H, 'pagebox')}` +
        (text === '' ? '' : `<text x="${(x + w / 2).toFixed(1)}" y="${y + PAGE_H - 6}" text-anchor="middle">${text}</text>`) +
        '</g>',
    );
    x += w;
  }
  return out.join('');
}

/** One page size's map as an <svg> element. */
export function pageMapSvg(m: PageMap): string {
  const width = LEFT + mapUnits(m.columns) * UNIT + 60;
  const height = TOP + m.sides.length * SIDE_H + 4;
  const out: string[] = [];
  out.push(
    `<svg class="pagemap" data-page-size="${m.pageSize}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
  );
  out.push(`<title>${kib(m.pageSize)} pages${m.sides.length === 2 ? ', old above new' : ''}</title>`);
  // page edges and their addresses, on two rows where they would touch
  let x = LEFT;
  let lastEnd = [-Infinity, -Infinity];
  const edges: [number, bigint][] = m.columns.map((c) => {
    const at: [number, bigint] = [x, c.start];
    x += columnUnits(c) * UNIT;
    return at;
  });
  const last = m.columns[m.columns.length - 1];
  if (last !== undefined) edges.push([x, last.end]);
  for (const [ex, a] of edges) {
    out.push(`<line class="edge" x1="${ex}" y1="${TOP - 4}" x2="${ex}" y2="${height - 2}"/>`);
    const label = hexAddress(a);
    const w = label.length * 6.2;
    const row = lastEnd.findIndex((e) => e + 4 < ex);
    if (row < 0) continue;
    lastEnd[row] = ex + w;
    out.push(`<text class="addr" x="${ex + 1}" y="${12 + row * 12}">${label}</text>`);
  }
  lastEnd = [];
  m.sides.forEach((side, i) => {
    const y = TOP + i * SIDE_H;
    out.push(`<g class="side" data-side="${side.label ?? 'one'}">`);
    if (side.label !== undefined) out.push(`<text class="sidelabel" x="4" y="${y + SEG_H}">${side.label}</text>`);
    for (const g of side.segments) out.push(segmentGroup(m, side, g, y));
    out.push(vmaGroups(m, side, y + SEG_H + GAP));
    out.push(pageGroups(m, i, y + SEG_H + VMA_H + 2 * GAP));
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('');
}

/** The CSS the SVG's classes use (inlined once per HTML report). */
export const PAGEMAP_CSS = `
svg.pagemap { font: 11px ui-monospace, monospace; display: block; margin: 4px 0 12px; }
svg.pagemap .edge { stroke: #bbb; stroke-width: 1; }
svg.pagemap .addr { fill: #444; }
svg.pagemap .sidelabel { font-weight: bold; }
svg.pagemap .data { fill: #7aa6d8; stroke: #2c5d94; }
svg.pagemap .data.fRX { fill: #9ccf8b; stroke: #3f7a2e; }
svg.pagemap .bss { fill: #e8ddb0; stroke: #9a8a3e; }
svg.pagemap .relro { fill: #d98c3f; fill-opacity: 0.65; stroke: #a0561a; }
svg.pagemap .vmabox { fill: #eef2f7; stroke: #8a97a8; }
svg.pagemap .vma.hole .vmabox { fill: #f7f7f7; stroke-dasharray: 3 2; }
svg.pagemap .vma.relro .vmabox { fill: #f3d2b0; }
svg.pagemap .vma.anon .vmabox { fill: #f6f0d6; }
svg.pagemap .pagebox { fill: #fff; stroke: #666; }
svg.pagemap .page.unmapped .pagebox { fill: none; stroke: #ddd; }
svg.pagemap .page.elided .pagebox { stroke-dasharray: 4 3; }
svg.pagemap .page.dirty .pagebox { fill: #f2a3a3; }
svg.pagemap .page.relro .pagebox { stroke: #a0561a; stroke-width: 2; }
svg.pagemap .page.extra .pagebox { stroke: #1a8a2a; stroke-width: 3; }
svg.pagemap .page.removed .pagebox { stroke: #b00; stroke-width: 3; stroke-dasharray: 2 2; }
svg.pagemap .page.changed .pagebox { stroke: #7a3db8; stroke-width: 2; }
`;
