/**
 * The gate's HTML report (`baseline check --report html=FILE`): the verdict,
 * every finding, and for each changed file its layout diff with the page
 * maps — one self-contained file (src/pagemap/html.ts). Names from file
 * systems and binaries are escaped as text.
 */
import { plural } from '../io/text.js';
import { diffHtmlSection, htmlDocument } from '../pagemap/html.js';
import { markupText } from '../io/escape.js';
import { allowed, ignored, violations, type Finding, type GateResult } from './check.js';
import { messageText } from './message.js';

function findingHtmlRow(f: Finding): string {
  const level = f.ignored === undefined ? f.level : `ignored (${f.level})`;
  const why = messageText(f.message) + (f.ignored === undefined ? '' : ` — ignored by ${f.ignored.pattern}: ${f.ignored.reason}`);
  const cells = [f.ref.file, f.rule, level, f.old ?? '—', f.new ?? '—', why].map((c) => `<td>${markupText(c)}</td>`);
  return `<tr class="${markupText(f.level)}">${cells.join('')}</tr>`;
}

export function formatGateHtml(r: GateResult): string {
  const v = violations(r);
  const out: string[] = [];
  out.push(`<h1>elfaudit gate: <span class="${r.pass ? 'pass' : 'fail'}">${r.pass ? 'passed' : `failed, ${plural(v.length, 'violation')}`}</span></h1>`);
  out.push(`<p>Baseline <code>${markupText(r.baseline.source)}</code> against ${r.roots.map((x) => `<code>${markupText(x)}</code>`).join(', ')}: ` +
    `${r.counts.unchanged} unchanged, ${r.counts.changed} changed, ${r.counts.added} added, ${r.counts.removed} removed.</p>`);
  out.push(`<table><thead><tr><th>violations</th><th>allowed</th><th>ignored</th></tr></thead><tbody><tr><td class="num">${v.length}</td><td class="num">${allowed(r).length}</td><td class="num">${ignored(r).length}</td></tr></tbody></table>`);
  if (r.findings.length > 0) {
    out.push('<h2>Findings</h2>');
    out.push('<table><thead><tr><th>file</th><th>rule</th><th>level</th><th>old</th><th>new</th><th>why</th></tr></thead><tbody>');
    for (const f of r.findings) out.push(findingHtmlRow(f));
    out.push('</tbody></table>');
  }
  for (const c of r.changed) {
    out.push(`<h2>Changed: <code>${markupText(c.ref.file)}</code></h2>`);
    out.push(diffHtmlSection(c.comparison.diff, 'h3'));
  }
  return htmlDocument(`elfaudit gate: ${r.pass ? 'passed' : 'failed'}`, out.join('\n'));
}
