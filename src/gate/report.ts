import { kib, plural } from '../io/text.js';
import { pushAll } from '../util/arrays.js';
import { visibleControls } from '../io/escape.js';
import { diffJson, formatDiffMarkdown, mdCode } from '../diff/format.js';
import { allowed, ignored, violations, type ChangedFile, type Finding, type GateResult } from './check.js';
import { mdEscape, messageMarkdown, messageText, messageVisible } from './message.js';
import { RULE_IDS, type RuleId } from './rules.js';
import { floorText } from './floor.js';
import type { Improvement } from './compare.js';
import { TOOL } from './tool.js';
import { diffMapText } from '../pagemap/index.js';

/**
 * The gate's reports for people and programs: JSON (schema 1), text for a
 * terminal or a CI log, and Markdown for a review comment or
 * $GITHUB_STEP_SUMMARY. SARIF and GitHub annotations are in sarif.ts and
 * github.ts. Names from file systems and binaries are escaped for each
 * format (see message.ts).
 */

export const REPORT_SCHEMA = 1;

// ---- JSON --------------------------------------------------------------------------------------

function findingJson(f: Finding): Record<string, unknown> {
  return {
    file: f.ref.file,
    path: f.ref.path,
    root: f.ref.root,
    rule: f.rule,
    ...(f.property === undefined ? {} : { property: f.property }),
    level: f.level,
    old: f.old,
    new: f.new,
    message: messageText(f.message),
    ...(f.ignored === undefined ? {} : { ignoredBy: f.ignored.pattern, reason: f.ignored.reason }),
  };
}

function changedJson(c: ChangedFile): Record<string, unknown> {
  const d = diffJson(c.comparison.diff);
  return {
    file: c.ref.file,
    path: c.ref.path,
    old: { size: Number(c.old.size), sha256: c.old.sha256 },
    new: { size: Number(c.new.size), sha256: c.new.sha256 },
    segments: d.segments,
    memory: d.memory,
  };
}

export function byRule(findings: readonly Finding[]): Partial<Record<RuleId, number>> {
  const out: Partial<Record<RuleId, number>> = {};
  for (const id of RULE_IDS) {
    const n = findings.filter((f) => f.rule === id).length;
    if (n > 0) out[id] = n;
  }
  return out;
}

/**
 * `{"schema":1,"tool":{…},"pass":…,"violations":[{"file","rule","old","new","message",…}],"allowed":[…],"ignored":[…],"summary":{…}}`.
 * `violations` fail the gate; `allowed` are findings at warning or note
 * level; `ignored` matched a policy ignore entry (with its `reason`).
 */
export function gateJson(r: GateResult): Record<string, unknown> {
  const v = violations(r);
  const a = allowed(r);
  const i = ignored(r);
  return {
    schema: REPORT_SCHEMA,
    tool: TOOL,
    pass: r.pass,
    baseline: { file: r.baseline.source, tool: r.baseline.tool, roots: r.baseline.roots, files: r.baseline.files },
    roots: r.roots,
    policy: {
      file: r.policy.source ?? null,
      levels: r.policy.levels,
      memoryGrowth: r.policy.memoryGrowth,
      ignore: r.policy.ignore.map((e) => ({ path: e.glob.pattern, reason: e.reason, rules: e.rules ?? null })),
      require: {
        ...r.policy.floor.requirements,
        exceptions: r.policy.floor.exceptions.map((e) => ({ path: e.glob.pattern, properties: e.properties ?? null, reason: e.reason })),
      },
    },
    violations: v.map(findingJson),
    allowed: a.map(findingJson),
    ignored: i.map(findingJson),
    excluded: r.excluded.map((e) => ({ file: e.ref.file, path: e.ref.path, ignoredBy: e.entry.glob.pattern, reason: e.entry.reason })),
    improved: improvedList(r).map(({ c, i }) => ({ file: c.ref.file, path: c.ref.path, property: i.property, old: i.old, new: i.new, message: i.message })),
    changed: r.changed.map(changedJson),
    summary: {
      files: { baseline: r.baseline.files, ...r.counts },
      violations: v.length,
      allowed: a.length,
      ignored: i.length,
      improved: improvedList(r).length,
      byRule: byRule(r.findings),
    },
  };
}

export function formatGateJson(r: GateResult): string {
  return JSON.stringify(gateJson(r), null, 2) + '\n';
}

/** Every improvement of every changed file, in file order. */
function improvedList(r: GateResult): { c: ChangedFile; i: Improvement }[] {
  const out: { c: ChangedFile; i: Improvement }[] = [];
  for (const c of r.changed) for (const i of c.comparison.improvements) out.push({ c, i });
  return out;
}

// ---- words shared by text and Markdown ------------------------------------------------------------

function countsLine(r: GateResult): string {
  const c = r.counts;
  const parts = [`${c.unchanged} unchanged`, `${c.changed} changed`, `${c.added} added`, `${c.removed} removed`];
  if (c.excluded > 0) parts.push(`${c.excluded} excluded by the policy`);
  return `${plural(c.current, 'ELF file')} now, ${r.baseline.files} in the baseline: ${parts.join(', ')}`;
}

/** What the policy says about memory, in words. */
function growthWords(r: GateResult): string {
  const g = r.policy.memoryGrowth;
  const metrics = g.metrics.map((m) => (m === 'mappedPages' ? 'mapped' : 'dirty')).join(' or ');
  if (r.policy.levels['memory-growth'] === 'off') return 'memory growth not checked';
  return `memory growth above ${plural(g.pages, 'page')} (${metrics}) per process at ${kib(g.pageSize)} pages is ${r.policy.levels['memory-growth'] === 'error' ? 'a violation' : `a ${r.policy.levels['memory-growth']}`}`;
}

/** The floor in words: `floor relro=full, canary, nx` or `no hardening floor`. */
function floorWords(r: GateResult): string {
  const t = floorText(r.policy.floor);
  if (t === '' || r.policy.levels['hardening-floor'] === 'off') return 'no hardening floor';
  return `hardening floor ${t}`;
}

function verdictWord(r: GateResult): string {
  const n = violations(r).length;
  return r.pass ? 'PASS' : `FAIL (${plural(n, 'violation')})`;
}

// ---- text ----------------------------------------------------------------------------------------

function textLine(f: Finding): string {
  // verdicts and counts read well inline; a segment's whole description is already in the message
  if (f.property !== undefined) {
    const why = f.ignored === undefined ? '' : ` (ignored by '${visibleControls(f.ignored.pattern)}': ${visibleControls(f.ignored.reason)})`;
    return `  ${visibleControls(f.ref.file)}: ${f.rule}${f.level === 'error' ? '' : ` (${f.level})`} [${f.property}]: ${messageVisible(f.message)}${why}`;
  }
  const short = (f.old ?? '').length <= 40 && (f.new ?? '').length <= 40 && (f.old !== null || f.new !== null);
  const change = short ? ` [${f.old === null ? '-' : visibleControls(f.old)} → ${f.new === null ? '-' : visibleControls(f.new)}]` : '';
  const why = f.ignored === undefined ? '' : ` (ignored by '${visibleControls(f.ignored.pattern)}': ${visibleControls(f.ignored.reason)})`;
  return `  ${visibleControls(f.ref.file)}: ${f.rule}${f.level === 'error' ? '' : ` (${f.level})`}${change}: ${messageVisible(f.message)}${why}`;
}

export function formatGateText(r: GateResult): string {
  const out: string[] = [];
  const v = violations(r);
  const a = allowed(r);
  const i = ignored(r);
  out.push(`elfaudit baseline check: ${verdictWord(r)}; ${plural(a.length, 'allowed finding')}, ${plural(i.length, 'ignored finding')}, ${plural(improvedList(r).length, 'improvement')}`);
  out.push(`  baseline ${visibleControls(r.baseline.source)} (elfaudit ${visibleControls(r.baseline.tool.version)}) against ${r.roots.map(visibleControls).join(', ')}`);
  out.push(`  ${countsLine(r)}`);
  out.push(`  policy ${r.policy.source === undefined ? '(default)' : visibleControls(r.policy.source)}: ${growthWords(r)}; ${floorWords(r)}`);
  for (const [title, list] of [
    ['violations', v],
    ['allowed', a],
    ['ignored', i],
  ] as const) {
    if (list.length === 0) continue;
    out.push('', `${title}:`);
    for (const f of list) out.push(textLine(f));
  }
  const better = improvedList(r);
  if (better.length > 0) {
    out.push('', 'improved:');
    for (const { c, i: b } of better) out.push(`  ${visibleControls(c.ref.file)}: ${b.property} [${visibleControls(b.old)} → ${visibleControls(b.new)}]: ${visibleControls(b.message)}`);
  }
  if (r.excluded.length > 0) {
    out.push('', 'excluded by the policy:');
    for (const e of r.excluded) out.push(`  ${visibleControls(e.ref.file)} (by '${visibleControls(e.entry.glob.pattern)}': ${visibleControls(e.entry.reason)})`);
  }
  return out.join('\n') + '\n';
}

// ---- Markdown ------------------------------------------------------------------------------------

const LEVEL_CELL: Readonly<Record<string, string>> = { error: '**error**', warning: 'warning', note: 'note' };

function cell(v: string | null): string {
  return v === null ? '—' : mdCode(v, true);
}

/** The message without the page cost it repeats: the file's section says that once, below its table. */
function withoutCost(f: Finding): Finding['message'] {
  const last = f.message[f.message.length - 1];
  if (f.costTail === undefined || typeof last !== 'string' || !last.endsWith(f.costTail)) return f.message;
  return [...f.message.slice(0, -1), `${last.slice(0, last.length - f.costTail.length)} (page cost below)`];
}

function findingRow(f: Finding, costShown: boolean): string {
  const level = f.ignored === undefined ? LEVEL_CELL[f.level]! : `ignored (${f.level})`;
  const why = messageMarkdown(costShown ? withoutCost(f) : f.message, true) + (f.ignored === undefined ? '' : ` — ignored by ${mdCode(f.ignored.pattern, true)}: ${mdEscape(f.ignored.reason)}`);
  return `| ${mdCode(f.rule, true)} | ${level} | ${cell(f.old)} | ${cell(f.new)} | ${why} |`;
}

/** The page-cost explanation from `elfaudit diff`: at the policy's page size, then (folded) the whole diff. */
function pageCost(c: ChangedFile): { summary: string[]; details: string[] } {
  const summary: string[] = [];
  const g = c.comparison.growth;
  summary.push(`**Page cost at ${kib(g.pageSize)} pages:** ${mdEscape(g.summary)}`);
  summary.push('');
  for (const cause of g.causes) summary.push(`- ${mdEscape(cause)}`);
  if (g.causes.length > 0) summary.push('');
  // a code block renders the same on GitHub and GitLab; the map holds only addresses and fixed words
  const map = diffMapText(c.comparison.diff, 0);
  if (map.length > 0) pushAll(summary, ['```text', ...map, '```', '']);
  const details = [
    '<details><summary>Layout diff at every page size (elfaudit diff)</summary>',
    '',
    formatDiffMarkdown(c.comparison.diff).replace(/^### /, '#### '),
    '</details>',
    '',
  ];
  return { summary, details };
}

/** `**Improved:** RELRO none → full: …; NX no → yes: …`. */
function improvedLine(c: ChangedFile): string {
  return `**Improved:** ${c.comparison.improvements.map((i) => mdEscape(i.message)).join('; ')}`;
}

const MAX_LISTED = 50;

/** GitHub refuses a step summary over 1 MiB; the Markdown stays under this by default. */
export const MARKDOWN_BUDGET = 1_000_000;

export interface MarkdownOptions {
  /** Bytes the report may take; past them, layout diffs and then whole file sections are left out, and the report says so. */
  readonly maxBytes?: number;
}

/**
 * For a review comment or $GITHUB_STEP_SUMMARY: the verdict, a summary
 * table, then a table per file with findings (rule, level, old, new, why)
 * — files with violations first — and, for a changed file, the page-cost
 * explanation. Every name is an inline code span (backticks, `|`, `<`,
 * `>` and newlines cannot escape it). The report keeps within
 * `maxBytes` (GitHub's step-summary limit): what does not fit is counted
 * and pointed to the JSON and SARIF reports, which have everything.
 */
export function formatGateMarkdown(r: GateResult, opts: MarkdownOptions = {}): string {
  const budget = opts.maxBytes ?? MARKDOWN_BUDGET;
  const out: string[] = [];
  const v = violations(r);
  const a = allowed(r);
  const i = ignored(r);
  out.push(`## elfaudit gate: ${r.pass ? 'passed' : `failed, ${plural(v.length, 'violation')}`}`);
  out.push('');
  out.push(
    `Baseline ${mdCode(r.baseline.source)} (elfaudit ${mdEscape(r.baseline.tool.version)}) against ${r.roots.map((x) => mdCode(x)).join(', ')}: ` +
      `${mdEscape(countsLine(r))}. Policy ${r.policy.source === undefined ? '(default)' : mdCode(r.policy.source)}: ${mdEscape(growthWords(r))}; ${mdEscape(floorWords(r))}.`,
  );
  out.push('');
  out.push(`| | findings |`);
  out.push('|---|---|');
  out.push(`| violations (fail the gate) | ${v.length} |`);
  out.push(`| allowed (warning, note) | ${a.length} |`);
  out.push(`| ignored by the policy | ${i.length} |`);
  out.push(`| improvements | ${improvedList(r).length} |`);
  out.push('');

  const files = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const k = `${f.ref.root}\0${f.ref.path}`;
    files.set(k, [...(files.get(k) ?? []), f]);
  }
  const changedByKey = new Map(r.changed.map((c) => [`${c.ref.root}\0${c.ref.path}`, c]));
  const failing = (k: string) => files.get(k)!.some((f) => f.level === 'error' && f.ignored === undefined);
  // files with violations first, then the rest, each group in path order
  const keys = [...files.keys()].sort((x, y) => (failing(x) ? 0 : 1) - (failing(y) ? 0 : 1));

  // what follows the file sections, written last but budgeted first
  const tail: string[] = [];
  const quiet = r.changed.filter((c) => !files.has(`${c.ref.root}\0${c.ref.path}`));
  const quietBetter = quiet.filter((c) => c.comparison.improvements.length > 0);
  if (quietBetter.length > 0) {
    tail.push('**Improved, without findings**', '');
    for (const c of quietBetter.slice(0, MAX_LISTED)) tail.push(`- ${mdCode(c.ref.file)}: ${improvedLine(c).replace(/^\*\*Improved:\*\* /, '')}`);
    if (quietBetter.length > MAX_LISTED) tail.push(`- and ${quietBetter.length - MAX_LISTED} more`);
    tail.push('');
  }
  if (quiet.length > 0) {
    const shown = quiet.slice(0, MAX_LISTED).map((c) => `${mdCode(c.ref.file)} (${mdEscape(c.comparison.growth.summary)})`);
    const more = quiet.length > MAX_LISTED ? `, and ${quiet.length - MAX_LISTED} more` : '';
    tail.push(`Changed without findings: ${shown.join(', ')}${more}.`, '');
  }
  if (r.excluded.length > 0) {
    tail.push('**Excluded by the policy**', '');
    for (const e of r.excluded.slice(0, MAX_LISTED)) tail.push(`- ${mdCode(e.ref.file)}: ignored by ${mdCode(e.entry.glob.pattern)}: ${mdEscape(e.entry.reason)}`);
    if (r.excluded.length > MAX_LISTED) tail.push(`- and ${r.excluded.length - MAX_LISTED} more`);
    tail.push('');
  }

  const bytes = (lines: readonly string[]) => Buffer.byteLength(lines.join('\n')) + 1;
  const NOTE_RESERVE = 1024;
  let used = bytes(out) + bytes(tail) + NOTE_RESERVE;
  let diffsLeftOut = 0;
  let filesLeftOut = 0;
  let findingsLeftOut = 0;
  for (const k of keys) {
    const list = files.get(k)!;
    const c = changedByKey.get(k);
    const section = [`### ${mdCode(list[0]!.ref.file)}`, '', '| rule | level | old | new | why |', '|---|---|---|---|---|', ...list.map((f) => findingRow(f, c !== undefined)), ''];
    if (c !== undefined && c.comparison.improvements.length > 0) section.push(improvedLine(c), '');
    const cost = c === undefined ? undefined : pageCost(c);
    if (cost !== undefined) pushAll(section, cost.summary);
    const size = bytes(section);
    if (filesLeftOut > 0 || used + size > budget) {
      filesLeftOut++;
      findingsLeftOut += list.length;
      continue;
    }
    pushAll(out, section);
    used += size;
    if (cost !== undefined) {
      const d = bytes(cost.details);
      if (used + d <= budget) {
        pushAll(out, cost.details);
        used += d;
      } else diffsLeftOut++;
    }
  }
  if (filesLeftOut > 0 || diffsLeftOut > 0) {
    const parts: string[] = [];
    if (filesLeftOut > 0) parts.push(`${plural(filesLeftOut, 'more file')} with ${plural(findingsLeftOut, 'finding')}`);
    if (diffsLeftOut > 0) parts.push(`the layout diffs of ${plural(diffsLeftOut, 'file')}`);
    out.push(`_Left out to stay within ${Math.floor(budget / 1024)} KiB (GitHub's step-summary limit): ${parts.join('; ')}. The JSON and SARIF reports have everything._`, '');
  }
  pushAll(out, tail);
  return out.join('\n');
}
