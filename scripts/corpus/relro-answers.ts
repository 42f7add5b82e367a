#!/usr/bin/env node
// scripts/corpus/relro-answers.ts - do `audit`, `diff` and `memory` give one
// RELRO answer for every file?
//
//   node dist-scripts/scripts/corpus/relro-answers.js [LIST] [--limit N] [--show N] [--dist DIR]
//
// LIST defaults to .corpus/list.txt (scripts/corpus/fetch.sh); samples/MANIFEST
// works too. Runs the three in-process on each file, through the built library
// (DIR, default dist/; `npx tsc -p .` first):
//
//   audit   auditPath(file).checks.relro.verdict
//   diff    diffLayouts(facts, facts).hardening.relro.new (the file against itself)
//   memory  memoryReport(file).relro.verdict, and what the page-cost model does
//           at each page size where the file loads: applies PT_GNU_RELRO
//           (full, partial), keeps it unapplied (unknown, n/a) or has none (none)
//
// A file has two answers when the verdicts differ or the model's protection
// does not follow the verdict. A command that cannot read the file at all gives
// no answer (it is counted apart). Older builds are understood too (before
// src/hardening, diff's verdicts were `checksec.relro` and memory had no
// verdict, only the model's protection), so the count before a change can be
// measured with the same script: --dist OLD_DIST.
//
// Prints the counts, the first N files with two answers and their answers, and
// exits 1 when any file has two answers.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { root } from '../lib/root.js';

process.chdir(root);
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { limit: { type: 'string', default: '0' }, show: { type: 'string', default: '20' }, dist: { type: 'string', default: 'dist' } },
});
const limit = Number(values.limit);
const show = Number(values.show);
const dist = resolve(values.dist);
const listPath = positionals[0] ?? '.corpus/list.txt';
if (!existsSync(listPath)) {
  console.error(`relro-answers: no list at ${listPath} (run scripts/corpus/fetch.sh)`);
  process.exit(2);
}
// The library is loaded from DIST, which may be an older build with other shapes: typed loosely on purpose.
// biome-ignore lint/suspicious/noExplicitAny: an older build's modules have no types here
type Loose = any;
const load = (m: string): Promise<Loose> => import(pathToFileURL(`${dist}/${m}`).href);
const { auditPath } = await load('audit/index.js');
const { memoryReport } = await load('memory/report.js');
const { diffLayouts } = await load('diff/diff.js');
const { isElfFormatError } = await load('elf/errors.js');

let paths = readFileSync(listPath, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
if (limit > 0) paths = paths.slice(0, limit);

/** What the model does with PT_GNU_RELRO at one page size. */
function protection(e: Loose): string {
  if (e.relro.start === undefined) return 'none';
  return e.relro.applied ? 'applied' : 'not-applied';
}

/** The protections a verdict allows the model. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  full: ['applied'],
  partial: ['applied'],
  none: ['none'],
  unknown: ['not-applied'],
  'n/a': ['not-applied', 'none'],
};

interface Answers {
  audit: string | undefined;
  diff: string | undefined;
  memory: string | undefined;
  model: string | undefined;
}

function answers(path: string): Answers {
  const out: Answers = { audit: undefined, diff: undefined, memory: undefined, model: undefined };
  const a = auditPath(Buffer.from(path));
  out.audit = a.checks?.relro?.verdict;
  let report: Loose;
  try {
    report = memoryReport(path);
  } catch (e) {
    if (!isElfFormatError(e) && (e as NodeJS.ErrnoException | undefined)?.code === undefined) throw e;
    return out;
  }
  const d = diffLayouts(report.facts, report.facts, { pageSizes: [4096] });
  out.diff = (d.hardening ?? d.checksec).relro.new;
  out.memory = report.relro?.verdict;
  out.model = [...new Set(report.estimates.filter((e: Loose) => e.loadable).map(protection))].join('+') || undefined;
  return out;
}

function twoAnswers(x: Answers): boolean {
  const verdicts = new Set([x.audit, x.diff, x.memory].filter((v) => v !== undefined));
  if (verdicts.size > 1) return true;
  const [v] = verdicts;
  if (v === undefined || x.model === undefined || ALLOWED[v] === undefined) return false;
  const allowed = ALLOWED[v];
  return x.model.split('+').some((m) => !allowed.includes(m));
}

let checked = 0;
let noAnswer = 0;
const split: [string, Answers][] = [];
const byVerdict = new Map<string, number>();
for (const p of paths) {
  const x = answers(p);
  checked++;
  if (x.diff === undefined) noAnswer++;
  if (twoAnswers(x)) split.push([p, x]);
  const key = x.audit ?? 'no answer';
  byVerdict.set(key, (byVerdict.get(key) ?? 0) + 1);
}

console.log(`relro-answers: ${checked} files from ${listPath} (library ${dist})`);
console.log(`  audit verdicts: ${[...byVerdict].map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`  memory and diff could not read ${noAnswer} of them (no answer from those two)`);
console.log(`  files with two RELRO answers: ${split.length}`);
const patterns = new Map<string, number>();
for (const [, x] of split) {
  const k = `audit ${x.audit ?? '-'}, diff ${x.diff ?? '-'}, memory ${x.memory ?? '-'}, model ${x.model ?? '-'}`;
  patterns.set(k, (patterns.get(k) ?? 0) + 1);
}
for (const [k, n] of [...patterns].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(5)} × ${k}`);
if (split.length > 0 && show > 0) console.log('  the first of them:');
for (const [p, x] of split.slice(0, show)) {
  console.log(`    ${p}: audit ${x.audit ?? '-'}, diff ${x.diff ?? '-'}, memory ${x.memory ?? '-'}, model ${x.model ?? '-'}`);
}
if (show > 0 && split.length > show) console.log(`    ... and ${split.length - show} more`);
process.exit(split.length > 0 ? 1 : 0);
