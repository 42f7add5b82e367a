import { partitionPoint } from '../util/arrays.js';
/**
 * The page map in text, for a terminal and (in a fenced code block) for
 * Markdown: per side a row with the LOAD segments' bytes drawn over the
 * page boundaries and a row of pages (the VMA's permissions and marks),
 * page addresses above, and in a diff a row saying which pages were added,
 * removed or changed. Fits `width` columns: a map too wide is drawn in
 * bands, each with its own addresses. Only addresses and fixed words are
 * printed, never a name from a binary.
 */
import { hexAddress, kib, plural } from '../io/text.js';
import { columnUnits, ruler, stateChange, type MapColumn, type MapSide, type PageMap, type PageState } from './model.js';

/** Characters per page column. */
const CELL = 8;
const PREFIX = 7;

export const MAP_LEGEND = [
  '[ ] a LOAD segment: = file data, # RELRO, ~ bss;  pages: r-x/rw-/r-- the VMA, --- hole,',
  'R made read-only by RELRO, r RELRO bytes left writable, * dirty, b bss tail zeroed',
];

function pageCell(s: PageState): string {
  if (s.perms === undefined) return '';
  const marks = `${s.relro === 'read-only' ? 'R' : s.relro === 'writable' ? 'r' : ''}${s.dirty ? '*' : ''}${s.bssTail ? 'b' : ''}`;
  return s.perms.slice(0, 3) + marks;
}

function changeCell(c: MapColumn, o: PageState, n: PageState): string {
  const what = stateChange(o, n);
  if (what === undefined) return '';
  if (what === 'changed') return c.kind === 'elided' ? `${c.pages} changed` : 'changed';
  const sign = what === 'added' ? '+' : '-';
  return c.kind === 'elided' ? `${sign}${plural(c.pages, 'page')}` : `${sign}page`;
}

function centre(text: string, width: number): string {
  const left = Math.max(0, Math.floor((width - text.length) / 2));
  return (' '.repeat(left) + text).padEnd(width).slice(0, width);
}

/** One row of cells, `|` at each column edge. */
function cellRow(columns: readonly MapColumn[], text: (c: MapColumn) => string, edges: boolean): string {
  let row = '';
  for (const c of columns) {
    const w = columnUnits(c) * CELL - 1;
    const t = text(c);
    row += (edges ? '|' : ' ') + (c.kind === 'elided' ? centre(t, w) : t.padEnd(w).slice(0, w));
  }
  return row + (edges ? '|' : '');
}

/** The segments' bytes over the pages: `[`, `]` at their ends, RELRO as `#`, bss as `~`. */
function mapSegmentRow(m: PageMap, side: MapSide, columns: readonly MapColumn[]): string {
  const width = columns.reduce((n, c) => n + columnUnits(c), 0) * CELL + 1;
  const row = Array.from({ length: width }, () => ' ');
  const first = columns[0]!.start;
  const last = columns[columns.length - 1]!.end;
  const r = columns === m.columns ? m.ruler : ruler(columns);
  const at = (a: bigint) => r.position(a) * CELL;
  // only the segments that reach into this band (by first page; see containing() in model.ts)
  const segs = side.index.segments;
  let k = partitionPoint(segs.length, (i) => segs[i]!.firstPage <= first) - 1;
  while (k > 0 && segs[k - 1]!.memEnd > first) k--;
  for (let j = Math.max(0, k); j < segs.length && segs[j]!.vaddr < last; j++) {
    const g = segs[j]!;
    if (g.memEnd <= first || g.memEnd === g.vaddr) continue;
    const s = Math.min(width - 2, Math.floor(at(g.vaddr)));
    const e = Math.min(width - 1, Math.max(s + 1, Math.ceil(at(g.memEnd)) - 1));
    const fe = at(g.fileEnd);
    const rs = side.relro === undefined ? -1 : at(side.relro.start);
    const re = side.relro === undefined ? -1 : at(side.relro.end);
    for (let i = s; i <= e; i++) {
      const mid = i + 0.5;
      row[i] = mid >= rs && mid < re ? '#' : mid >= fe ? '~' : '=';
    }
    if (g.vaddr >= first) row[s] = '[';
    if (g.memEnd <= last) row[e] = ']';
  }
  return row.join('').trimEnd();
}

/** Page addresses at the column edges, on a second line where they would touch. */
function addressRows(m: PageMap, columns: readonly MapColumn[]): string[] {
  const rows = ['', ''];
  const edges = columns.map((c) => c.start);
  edges.push(columns[columns.length - 1]!.end);
  const scale = columns === m.columns ? m.ruler : ruler(columns);
  for (const a of edges) {
    const x = Math.round(scale.position(a) * CELL);
    const label = hexAddress(a);
    const r = rows.findIndex((row) => row.length === 0 || row.length < x);
    if (r < 0) continue;
    rows[r] = rows[r]!.padEnd(x) + label;
  }
  return rows.filter((r) => r.length > 0);
}

/** Splits the columns into bands that fit `chars` characters each, the address at the right edge included. */
function bands(columns: readonly MapColumn[], chars: number): MapColumn[][] {
  const out: MapColumn[][] = [[]];
  let used = 0;
  for (const c of columns) {
    const w = columnUnits(c);
    const need = (used + w) * CELL + Math.max(1, hexAddress(c.end).length);
    if (need > chars && out[out.length - 1]!.length > 0) {
      out.push([]);
      used = 0;
    }
    out[out.length - 1]!.push(c);
    used += w;
  }
  return out;
}

export interface MapTextOptions {
  /** Spaces before every line. */
  readonly indent?: number;
  /** The widest line allowed, indent included (default 100). */
  readonly width?: number;
}

/** The map's rows (no heading), each line within `width` columns. */
export function pageMapLines(m: PageMap, opts: MapTextOptions = {}): string[] {
  const pad = ' '.repeat(opts.indent ?? 0);
  const width = opts.width ?? 100;
  const out: string[] = [];
  if (m.columns.length === 0) return out;
  for (const band of bands(m.columns, width - pad.length - PREFIX)) {
    for (const a of addressRows(m, band)) out.push(`${pad}${' '.repeat(PREFIX)}${a}`);
    m.sides.forEach((side, i) => {
      out.push(`${pad}${(side.label ?? '').padEnd(PREFIX)}${mapSegmentRow(m, side, band)}`.trimEnd());
      out.push(`${pad}${' '.repeat(PREFIX)}${cellRow(band, (c) => (c.kind === 'elided' ? `… ${c.pages} pages …` : pageCell(c.states[i]!)), true)}`.trimEnd());
    });
    if (m.sides.length === 2) {
      const change = cellRow(band, (c) => changeCell(c, c.states[0]!, c.states[1]!), false);
      if (change.trim() !== '') out.push(`${pad}${'change'.padEnd(PREFIX)}${change}`.trimEnd());
    }
  }
  return out;
}

/** "4 KiB pages (one column per page; old above new):" — the map's heading. */
export function pageMapHeading(m: PageMap): string {
  return `${kib(m.pageSize)} pages (one column per page${m.sides.length === 2 ? '; old above new' : ''}):`;
}
