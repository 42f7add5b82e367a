/**
 * HTML reports: one self-contained file (inline CSS and SVG, no script, no
 * external URL) that opens from a CI artifact. `memory` and `diff` write
 * one with `--format html`; the gate's is in src/gate/html.ts and uses the
 * pieces here. Every string from a path or a binary goes through
 * markupText.
 */
import { describeFile } from '../memory/format.js';
import { headerVerdicts } from '../hardening/index.js';
import type { MemoryReport } from '../memory/report.js';
import type { DiffResult, MemoryDelta } from '../diff/diff.js';
import { verdictRows } from '../diff/format.js';
import { kib, signed } from '../io/text.js';
import { diffMaps, memoryMaps } from './index.js';
import { markupText } from '../io/escape.js';
import { PAGEMAP_CSS, pageMapSvg } from './svg.js';


const PAGE_CSS = `
body { font: 14px system-ui, sans-serif; margin: 16px 24px; color: #222; background: #fff; }
h1 { font-size: 20px; } h2 { font-size: 17px; margin-top: 28px; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0 14px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, monospace; }
.changed { font-weight: bold; }
.legend { color: #555; font-size: 12px; }
.fail { color: #b00; } .pass { color: #2f6f9f; }
`;

export const MAP_LEGEND_HTML =
  '<p class="legend">Per side: the LOAD segments (file data, bss in yellow, RELRO in orange), the VMAs as the kernel splits them, ' +
  'then one box per page (red: dirty; orange edge: read-only by RELRO; green edge: a page the new build adds). Hover for addresses and sections.</p>';

/** The start of a document, up to and including `<body>` (a command that streams writes its sections after it). */
export function htmlHead(title: string): string {
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' + `<title>${markupText(title)}</title><style>${PAGE_CSS}${PAGEMAP_CSS}</style></head>\n<body>\n`;
}

export const HTML_TAIL = '\n</body></html>\n';

/** A whole HTML document around BODY (already HTML). */
export function htmlDocument(title: string, body: string): string {
  return htmlHead(title) + body + HTML_TAIL;
}

function htmlTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** One build: verdict, page cost per page size, and a map per page size. */
export function memoryHtmlSection(r: MemoryReport): string {
  const out: string[] = [];
  out.push(`<section class="file"><h2><code>${markupText(r.file)}</code></h2>`);
  out.push(`<p>${markupText(describeFile(r.facts))}; loader ${markupText(r.loader)} (${markupText(r.loaderReason)})</p>`);
  out.push('<h3>Hardening</h3>');
  // the engine's verdicts (the ones `audit` gives), from the facts the report already holds
  const v = headerVerdicts(r.facts);
  out.push(
    htmlTable(
      ['property', 'verdict', 'why'],
      [
        ['RELRO', markupText(r.relro.verdict), markupText(r.relro.summary)],
        ['NX', markupText(v.nx.verdict), markupText(v.nx.summary)],
        ['PIE', markupText(v.pie.verdict), markupText(v.pie.summary)],
      ],
    ),
  );
  out.push('<h3>Page cost per process</h3>');
  out.push(
    htmlTable(
      ['page size', 'mapped pages', 'file-backed', 'anonymous', 'VMAs', 'dirty pages', 'RELRO read-only pages'],
      r.estimates.map((e) =>
        e.loadable
          ? [kib(e.pageSize), String(e.mappedPages), String(e.fileBackedPages), String(e.anonPages), String(e.vmas), String(e.dirtyPages), String(e.relro.protectedPages)]
          : [kib(e.pageSize), `cannot load: ${e.problems.map(markupText).join('; ')}`, '', '', '', '', ''],
      ),
    ),
  );
  out.push('<h3>Page map</h3>', MAP_LEGEND_HTML);
  for (const m of memoryMaps(r)) out.push(`<h4>${kib(m.pageSize)} pages</h4>`, pageMapSvg(m));
  out.push('</section>');
  return out.join('\n');
}

function counts(m: MemoryDelta, key: 'mappedPages' | 'vmas' | 'dirtyPages'): string {
  if (!m.old.loadable || !m.new.loadable) return `${m.old.loadable ? m.old[key] : 'cannot load'} → ${m.new.loadable ? m.new[key] : 'cannot load'}`;
  const d = m.delta?.[key] ?? 0;
  return `${m.old[key]} → ${m.new[key]} (${d === 0 ? '0' : `<span class="changed">${signed(d)}</span>`})`;
}

/** One diff: hardening, page cost, and a map per page size (old above new). */
export function diffHtmlSection(d: DiffResult, heading = 'h2'): string {
  const out: string[] = [];
  out.push(`<section class="diff"><${heading}><code>${markupText(d.old.facts.file)}</code> → <code>${markupText(d.new.facts.file)}</code></${heading}>`);
  out.push('<h3>Hardening</h3>');
  out.push(
    htmlTable(
      ['property', 'old', 'new', ''],
      verdictRows(d).map(([name, o, n, changed]) => [name, markupText(o), markupText(n), changed ? '<span class="changed">changed</span>' : '']),
    ),
  );
  out.push('<h3>Page cost per process</h3>');
  out.push(
    htmlTable(
      ['page size', 'mapped pages', 'VMAs', 'dirty pages', 'why'],
      d.memory.map((m) => [kib(m.pageSize), counts(m, 'mappedPages'), counts(m, 'vmas'), counts(m, 'dirtyPages'), [m.summary, ...m.causes].map(markupText).join('<br>')]),
    ),
  );
  out.push('<h3>Page map (old above new)</h3>', MAP_LEGEND_HTML);
  for (const { map, changed } of diffMaps(d)) {
    out.push(`<h4>${kib(map.pageSize)} pages${changed ? '' : ': no change in pages, VMAs or dirty pages'}</h4>`, pageMapSvg(map));
  }
  out.push('</section>');
  return out.join('\n');
}

/** `diff --format html`. */
export function formatDiffHtml(d: DiffResult): string {
  return htmlDocument(`elfaudit diff: ${d.old.facts.file} → ${d.new.facts.file}`, `<h1>elfaudit diff</h1>\n${diffHtmlSection(d)}`);
}
