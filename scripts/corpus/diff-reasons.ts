#!/usr/bin/env node
// scripts/corpus/diff-reasons.ts - `elfaudit diff`'s explanation on real
// builds: diffs pairs of loadable files of one architecture from a list and
// checks what must hold for any two layouts:
//
//   - every program header of both files is in exactly one pairing group
//     (src/diff/pairing.ts);
//   - at every page size where both load, the reasons' pages, VMAs and dirty
//     pages add up to the model's delta (src/diff/explain.ts);
//   - a LOAD that holds sections is never said to be added or removed when
//     the other file has a LOAD with the same permissions holding one of its
//     sections (it is paired, merged or split instead).
//
//   node dist-scripts/scripts/corpus/diff-reasons.js [--list .corpus/list.txt] [--pairs N] [--show N]
//
// Pairs are consecutive loadable files of one e_machine in list order (so a
// package's files meet each other). Needs `npm run build` (reads dist/).
// Prints the counts; exits 1 when any check failed, 2 on a usage error.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProgramHeader } from '../../src/elf/types.js';
import type { LayoutFacts } from '../../src/memory/facts.js';
import { root } from '../lib/root.js';

// The built library (dist/), loaded at run time; its types come from src/.
const load = (m: string) => import(pathToFileURL(join(root, 'dist', m)).href);
const { diffLayouts } = (await load('diff/index.js')) as typeof import('../../src/diff/index.js');
const { readFacts } = (await load('memory/report.js')) as typeof import('../../src/memory/report.js');
const { isElfFormatError } = (await load('elf/index.js')) as typeof import('../../src/elf/index.js');

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : (args[i + 1] ?? '');
};
const listPath = opt('--list', join(root, '.corpus', 'list.txt'));
const maxPairs = Number(opt('--pairs', '2000'));
const show = Number(opt('--show', '10'));
if (!existsSync(listPath) || !Number.isInteger(maxPairs) || !Number.isInteger(show)) {
  console.error('usage: diff-reasons [--list FILE] [--pairs N] [--show N]');
  process.exit(2);
}
const paths = readFileSync(listPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((p) => (isAbsolute(p) ? p : existsSync(join(root, p)) ? join(root, p) : join(dirname(listPath), p)));

const PT_LOAD = 1;
const ET_EXEC = 2;
const ET_DYN = 3;
const last = new Map<number, LayoutFacts>(); // e_machine -> facts of the previous file
let pairs = 0;
let checkedSizes = 0;
let regrouped = 0;
let unreadable = 0;
const failures: string[] = [];
for (const p of paths) {
  if (pairs >= maxPairs) break;
  let f: LayoutFacts;
  try {
    f = readFacts(p);
  } catch (e) {
    if (!isElfFormatError(e) && (e as NodeJS.ErrnoException | undefined)?.code === undefined) throw e;
    unreadable++;
    continue;
  }
  if ((f.type !== ET_EXEC && f.type !== ET_DYN) || !f.programHeaders.some((h) => h.type === PT_LOAD)) continue;
  const prev = last.get(f.machine);
  last.set(f.machine, f);
  if (prev === undefined) continue;
  pairs++;
  const d = diffLayouts(prev, f, { pageSizes: [4096, 16384, 65536] });
  regrouped += d.segments.regrouped.length;
  const problems: string[] = [];
  for (const [side, facts] of [
    ['old', prev],
    ['new', f],
  ] as const) {
    const seen = d.segments.groups.flatMap((g) => g[side].map((h) => h.index)).sort((a, b) => a - b);
    if (seen.join() !== facts.programHeaders.map((h) => h.index).join()) problems.push(`${side} headers not partitioned`);
  }
  for (const m of d.memory) {
    if (m.delta === undefined) continue;
    checkedSizes++;
    const sum = (k: 'pages' | 'vmas' | 'dirty') => m.reasons.reduce((n, r) => n + r[k], 0);
    if (sum('pages') !== m.delta.mappedPages) problems.push(`${m.pageSize}: pages ${sum('pages')} ≠ ${m.delta.mappedPages}`);
    if (sum('vmas') !== m.delta.vmas) problems.push(`${m.pageSize}: VMAs ${sum('vmas')} ≠ ${m.delta.vmas}`);
    if (sum('dirty') !== m.delta.dirtyPages) problems.push(`${m.pageSize}: dirty ${sum('dirty')} ≠ ${m.delta.dirtyPages}`);
  }
  const sections = (facts: LayoutFacts, h: ProgramHeader): readonly string[] => facts.segmentSections?.[h.index] ?? [];
  for (const [list, mine, other] of [
    [d.segments.added, f, prev],
    [d.segments.removed, prev, f],
  ] as const) {
    for (const h of list.filter((x) => x.type === PT_LOAD)) {
      const names = new Set(sections(mine, h));
      const twin = other.programHeaders.find((o) => o.type === PT_LOAD && o.flags === h.flags && sections(other, o).some((s) => names.has(s)));
      if (twin !== undefined) problems.push(`LOAD [${h.index}] said added/removed though LOAD [${twin.index}] shares its sections`);
    }
  }
  if (problems.length > 0) failures.push(`${prev.file} → ${f.file}: ${problems.join('; ')}`);
}
console.log(`${pairs} pairs diffed (${unreadable} files unreadable), ${checkedSizes} page sizes where both load, ${regrouped} merges/splits named`);
console.log(`${pairs - failures.length} of ${pairs} pairs hold every check`);
for (const l of failures.slice(0, show)) console.log(`  ${l}`);
process.exit(failures.length === 0 ? 0 : 1);
