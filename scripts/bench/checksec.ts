#!/usr/bin/env node
// scripts/bench/checksec.ts (npm run bench, after readelf.ts) - whole-process
// wall time of `elfaudit checksec --listfile=L --output=csv` against
// checksec.sh 2.6.0 doing the same, and the ratio.
//
//   node dist-scripts/scripts/bench/checksec.js [--count 660] [--rounds 5] [--subset 100] [--full]
//
// Paths: --count paths spread evenly over .corpus/list.txt (built by
// scripts/corpus/fetch.sh), so every architecture gets its share; without a
// corpus, the samples (samples/MANIFEST and samples/checksec/MANIFEST, the
// ELF files only) repeated up to --count, and the output says so.
//
// elfaudit: one process over the whole list, LC_ALL=C, output to a pipe that
// is drained, after one warm-up run. checksec.sh needs a dozen readelf
// processes per file, so by default it runs over --subset of the paths
// (spread evenly), split into --rounds `--listfile` runs, and its time is
// scaled per path to the whole list; the output says so. The tools
// alternate (elfaudit, checksec.sh, elfaudit, ...) so both see the same
// machine load; each round gives a ratio, and the median round is printed.
// --full gives checksec.sh the whole list in each round instead. Its rows are
// checked against elfaudit's on the paths both ran. Without checksec 2.6.0
// only elfaudit is timed. CPU time (user + system, the tool and the
// processes it waited for: checksec.sh's readelf, grep, file...) is measured
// for the same runs through scripts/bench/rusage.py when python3 is there,
// and reported beside the wall time, which is noisy on a loaded machine. Exits 0 (1 when elfaudit cannot run, or rows differ).

import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errnoCode } from '../../src/io/errno.js';
import { parseOptions, usageError } from '../lib/options.js';
import { isChecksec260, versionLine } from '../lib/reference-tools.js';
import { root } from '../lib/root.js';
import { quietWhenStdoutCloses } from '../lib/stdout.js';

quietWhenStdoutCloses();
process.chdir(root);

const usage = (msg?: string): never =>
  usageError('bench checksec', 'node dist-scripts/scripts/bench/checksec.js [--count N] [--rounds N] [--subset N >= rounds] [--full]', msg);
const { count, rounds, full, subset: subsetSize } = parseOptions(process.argv.slice(2), { count: 660, rounds: 5, subset: 100, full: false }, usage);
if (!(count > 0 && rounds > 0 && subsetSize >= rounds)) usage();

// ------------------------------------------------------------------ paths --
const readLines = (f: string): string[] => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const spread = (list: readonly string[], n: number): string[] => Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n) % list.length]!);
let source: string;
let paths: string[];
if (existsSync('.corpus/list.txt') && readLines('.corpus/list.txt').length > 0) {
  const all = readLines('.corpus/list.txt');
  paths = spread(all, Math.max(count, 1));
  const arches = new Set(paths.map((p) => p.split('/')[1]));
  source = `${paths.length} paths spread over .corpus/list.txt (${all.length} files, ${arches.size} architectures)`;
} else {
  const refused = existsSync('test/golden/checksec/samples.errors') ? new Set(readLines('test/golden/checksec/samples.errors').map((l) => l.split('\t')[0])) : new Set();
  const all = [...readLines('samples/MANIFEST'), ...readLines('samples/checksec/MANIFEST')].filter((p) => !refused.has(p));
  paths = spread(all, count);
  source = `no corpus (.corpus/list.txt): the ${all.length} samples repeated to ${paths.length} paths`;
}
const tmp = mkdtempSync(join(tmpdir(), 'checksec-bench-'));
const write = (name: string, list: readonly string[]): string => {
  const f = join(tmp, name);
  writeFileSync(f, list.join('\n') + '\n');
  return f;
};
const listAll = write('all.txt', paths);

const env = { ...process.env, LC_ALL: 'C' };
const havePython = !spawnSync('python3', ['-c', ''], { stdio: 'ignore' }).error;
const cpuFile = join(tmp, 'cpu');
// wall seconds, CPU seconds (NaN without python3) and the result of one run
function time(cmd: string, argv: readonly string[]): { s: number; cpu: number; r: SpawnSyncReturns<string> } {
  const line = havePython ? ['python3', 'scripts/bench/rusage.py', cpuFile, cmd, ...argv] : [cmd, ...argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(line[0]!, line.slice(1), { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  let s = Number(process.hrtime.bigint() - t0) / 1e9;
  let cpu = NaN;
  if (havePython) {
    try {
      const [w = NaN, u = NaN, sys = NaN] = readFileSync(cpuFile, 'utf8').trim().split(' ').map(Number);
      s = w; // the wrapper's own start-up is not the tool's
      cpu = u + sys;
    } catch (e) {
      if (errnoCode(e) === undefined) throw e;
      // the command could not be run
    }
  }
  return { s, cpu, r };
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// --------------------------------------------------------------- elfaudit --
const ours = ['bin/elfaudit.js', 'checksec', '--output=csv'];
const warm = time(process.execPath, [...ours, `--listfile=${listAll}`]);
if (warm.r.status === null || warm.r.stdout === '') {
  process.stderr.write(`bench checksec: elfaudit did not run (built? npm run build): ${warm.r.stderr}\n`);
  process.exit(1);
}
const ourRows = warm.r.stdout.split('\n').filter((l) => l !== '');
console.log(`checksec bench: ${source}`);

const haveRef = isChecksec260(versionLine('checksec'));
const subset = full ? paths : spread(paths, Math.min(subsetSize, paths.length));
const ourTimes: number[] = [];
const ourCpus: number[] = [];
const ratios: number[] = [];
const cpuRatios: number[] = [];
let refTime = 0;
let refCpu = 0;
let refPaths = 0;
let same = true;
for (let round = 0; round < rounds; round++) {
  const run = time(process.execPath, [...ours, `--listfile=${listAll}`]);
  const o = run.s;
  ourTimes.push(o);
  ourCpus.push(run.cpu);
  if (!haveRef) continue;
  // round k takes every rounds-th path of the subset, starting at k
  const part = full ? paths : subset.filter((_, i) => i % rounds === round);
  const listPart = write(`subset-${round}.txt`, part);
  const ref = time('checksec', ['--output=csv', `--listfile=${listPart}`]);
  refTime += ref.s;
  refCpu += ref.cpu;
  refPaths += part.length;
  ratios.push(((ref.s / part.length) * paths.length) / o);
  cpuRatios.push(((ref.cpu / part.length) * paths.length) / run.cpu);
  // the rows must match elfaudit's for the same paths
  const refRows = ref.r.stdout.split('\n').filter((l) => l !== '');
  const ourPart = spawnSync(process.execPath, [...ours, `--listfile=${listPart}`], { env, encoding: 'utf8', maxBuffer: 1 << 30 })
    .stdout.split('\n')
    .filter((l) => l !== '');
  if (refRows.length !== ourPart.length || refRows.some((l, i) => l !== ourPart[i])) same = false;
}
const oursS = median(ourTimes);
const oursCpu = median(ourCpus);
const cpuNote = (x: number): string => (havePython ? `, CPU ${x.toFixed(3)} s` : '');
console.log(
  `elfaudit checksec --listfile --output=csv: ${oursS.toFixed(3)} s${cpuNote(oursCpu)} median of ${rounds} (${((oursS * 1000) / paths.length).toFixed(2)} ms/path, whole process, ${ourRows.length} rows)`,
);
if (!haveRef) {
  console.log('checksec.sh 2.6.0 not installed: no ratio');
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}
const perPath = refTime / refPaths;
console.log(
  `checksec.sh 2.6.0 --listfile --output=csv: ${refTime.toFixed(2)} s${cpuNote(refCpu)} for ${full ? `the ${paths.length} paths ${rounds} times` : `${refPaths} of the ${paths.length} paths in ${rounds} runs`} (${(perPath * 1000).toFixed(0)} ms/path)`,
);
console.log(`rows on those paths: ${same ? 'identical' : 'DIFFER'}`);
const ratio = median(ratios);
if (havePython) console.log(`CPU ratio: ${median(cpuRatios).toFixed(0)}x (median of ${rounds} rounds, scaled per path as the wall ratio)`);
console.log(
  full
    ? `speed ratio: ${ratio.toFixed(0)}x (median of ${rounds} rounds; same ${paths.length} paths, whole process each)`
    : `speed ratio: ${ratio.toFixed(0)}x (median of ${rounds} rounds; checksec.sh time scaled per path from ${refPaths} of the ${paths.length} paths: ~${(perPath * paths.length).toFixed(1)} s vs elfaudit ${oursS.toFixed(3)} s)`,
);
rmSync(tmp, { recursive: true, force: true });
process.exit(same ? 0 : 1);
