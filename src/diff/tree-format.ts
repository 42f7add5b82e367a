import { visibleControls } from '../io/escape.js';
import { kib, plural } from '../io/text.js';
import { countsSummary } from './diff.js';
import { diffJson, formatDiffMarkdown, formatDiffText, mdCode } from './format.js';
import type { TreeDiff, TreeFileDiff } from './tree.js';

/**
 * `elfaudit diff OLD_DIR NEW_DIR` for people (text, Markdown) and programs
 * (JSON): the files, paired, with what happened to each; the totals per
 * process; then each changed file's whole `elfaudit diff`.
 */

export const TREE_DIFF_JSON_SCHEMA = 1;

function treeCountsLine(t: TreeDiff): string {
  const c = t.counts;
  const n = t.files.length;
  return `${plural(n, 'ELF file')}: ${c.changed} changed, ${c.renamed} renamed, ${c.added} added, ${c.removed} removed, ${c.unchanged} unchanged`;
}

function totalsLines(t: TreeDiff): string[] {
  return t.totals.map((x) => `at ${kib(x.pageSize)} pages: ${countsSummary(x)}${x.unloadable > 0 ? ` (${plural(x.unloadable, 'file')} that cannot load there left out)` : ''}`);
}

function fileLabel(f: TreeFileDiff, esc: (s: string) => string): string {
  return f.oldPath === undefined ? esc(f.path) : `${esc(f.oldPath)} → ${esc(f.path)}`;
}

function hardeningWords(f: TreeFileDiff): string {
  const h = f.diff?.hardening;
  if (h === undefined) return '';
  const parts = (['relro', 'nx', 'pie'] as const).filter((k) => h[k].changed).map((k) => `${k.toUpperCase()} ${h[k].old} → ${h[k].new}`);
  return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
}

function memoryWords(f: TreeFileDiff): string {
  const m = f.diff?.memory[0];
  return m === undefined ? '' : `; at ${kib(m.pageSize)} pages: ${m.summary}`;
}

export function formatTreeDiffText(t: TreeDiff): string {
  const out: string[] = [`elfaudit diff ${visibleControls(t.oldRoot)} → ${visibleControls(t.newRoot)}: ${treeCountsLine(t)}`];
  for (const f of t.files) {
    if (f.status === 'unchanged') continue;
    const so = f.soname === undefined ? '' : ` (same SONAME ${visibleControls(f.soname)})`;
    out.push(`  ${f.status.padEnd(8)} ${fileLabel(f, visibleControls)}${so}${hardeningWords(f)}${memoryWords(f)}`);
  }
  out.push('', 'per process, if one process mapped every file:');
  for (const l of totalsLines(t)) out.push(`  ${l}`);
  for (const f of t.files) {
    if (f.diff === undefined) continue;
    out.push('', `=== ${fileLabel(f, visibleControls)}`, formatDiffText(f.diff).replace(/\n$/, ''));
  }
  return out.join('\n') + '\n';
}

export function treeDiffJson(t: TreeDiff): Record<string, unknown> {
  return {
    schema: TREE_DIFF_JSON_SCHEMA,
    old: t.oldRoot,
    new: t.newRoot,
    summary: { files: t.files.length, ...t.counts },
    totals: t.totals,
    files: t.files.map((f) => ({
      path: f.path,
      ...(f.oldPath === undefined ? {} : { oldPath: f.oldPath }),
      status: f.status,
      ...(f.soname === undefined ? {} : { soname: f.soname }),
      diff: f.diff === undefined ? null : diffJson(f.diff),
    })),
  };
}

export function formatTreeDiffMarkdown(t: TreeDiff): string {
  const out: string[] = [`## elfaudit diff ${mdCode(t.oldRoot)} → ${mdCode(t.newRoot)}`, '', `${treeCountsLine(t)}.`, ''];
  const listed = t.files.filter((f) => f.status !== 'unchanged');
  if (listed.length > 0) {
    out.push('| file | status | hardening | page cost |', '|---|---|---|---|');
    for (const f of listed) {
      const label = f.oldPath === undefined ? mdCode(f.path, true) : `${mdCode(f.oldPath, true)} → ${mdCode(f.path, true)}`;
      out.push(`| ${label} | ${f.status} | ${hardeningWords(f).replace(/^; /, '')} | ${memoryWords(f).replace(/^; /, '')} |`);
    }
    out.push('');
  }
  out.push('**Per process, if one process mapped every file:**', '');
  for (const l of totalsLines(t)) out.push(`- ${l}`);
  out.push('');
  for (const f of t.files) if (f.diff !== undefined) out.push(formatDiffMarkdown(f.diff).replace(/^### /, '### '), '');
  return out.join('\n');
}
