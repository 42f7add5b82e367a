import { visibleControls } from '../io/escape.js';
import { allowed, ignored, repoRelative, violations, type Finding, type GateResult } from './check.js';
import { messageVisible } from './message.js';

/**
 * GitHub Actions workflow commands: one `::error` (violation), `::warning`
 * or `::notice` (allowed finding) annotation per finding, attached to the
 * binary's path relative to the repository root, then a summary line.
 * Ignored findings are not annotated (the summary counts them).
 *
 * Escaping is GitHub's (@actions/core's toCommandValue/escapeData/
 * escapeProperty): in the message `%`, `\r` and `\n` become `%25`, `%0D`,
 * `%0A`; in properties (`file`, `title`) also `:` and `,` become `%3A` and
 * `%2C`. Other control characters in names are shown as `\xHH` first, so a
 * file name cannot recolour or rewrite the log.
 */

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

function annotationPath(f: Finding, repoRoot: string): string {
  return repoRelative(f.ref.absolute, repoRoot) ?? f.ref.absolute;
}

function annotation(f: Finding, repoRoot: string): string {
  const message = messageVisible(f.message);
  const props = `file=${escapeProperty(visibleControls(annotationPath(f, repoRoot)))},title=${escapeProperty(`elfaudit ${f.rule}${f.property === undefined ? '' : ` ${f.property}`}`)}`;
  return `::${COMMAND[f.level]} ${props}::${escapeData(visibleControls(message))}`;
}

export function formatGateGithub(r: GateResult, repoRoot = '.'): string {
  const out: string[] = [];
  for (const f of [...violations(r), ...allowed(r)]) out.push(annotation(f, repoRoot));
  const v = violations(r).length;
  const a = allowed(r).length;
  const i = ignored(r).length;
  out.push(
    `elfaudit gate: ${r.pass ? 'passed' : 'failed'}: ${v} violation${v === 1 ? '' : 's'}, ${a} allowed, ${i} ignored; ` +
      `${r.counts.current} ELF files (${r.counts.unchanged} unchanged, ${r.counts.changed} changed, ${r.counts.added} added, ${r.counts.removed} removed)`,
  );
  return out.join('\n') + '\n';
}
