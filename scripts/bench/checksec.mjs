#!/usr/bin/env node
// scripts/bench/checksec.mjs (npm run bench, after readelf.mjs) - whole-process
// wall time of `elfaudit checksec --listfile=L --output=csv` against
// checksec.sh 2.6.0 doing the same, and the ratio.
//
//   node scripts/bench/checksec.mjs [--count 660] [--runs 5] [--subset 60] [--full]
//
// Paths: --count paths spread evenly over .corpus/list.txt (built by
// scripts/corpus/fetch.sh), so every architecture gets its share; without a
// corpus, the samples (samples/MANIFEST and samples/checksec/MANIFEST, the
// ELF files only) repeated up to --count, and the output says so.
//
// elfaudit: one process over the whole list, LC_ALL=C, output to a pipe that
// is drained; the median of --runs runs after one warm-up run.
// checksec.sh needs a dozen readelf processes per file (hundreds of ms
// each file), so by default it runs once over --subset of the paths (spread
// evenly) and its time is scaled per file to the whole list; the output
// says so. --full times it on the whole list instead. Its rows are checked
// against elfaudit's on the paths both ran. Without checksec 2.6.0 only
// elfaudit is timed. Exits 0 (1 when elfaudit cannot run, or rows differ).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);

const args = process.argv.slice(2);
const num = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : Number(args[i + 1]);
};
const count = num('--count', 660);
const runs = num('--runs', 5);
const full = args.includes('--full');
const subsetSize = num('--subset', 60);
if (!(count > 0 && runs > 0 && subsetSize > 0)) {
  process.stderr.write('usage: checksec.mjs [--count N] [--runs N] [--subset N] [--full]\n');
  process.exit(2);
}

// ------------------------------------------------------------------ paths --
const readLines = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const spread = (list, n) => Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n) % list.length]);
let source;
let paths;
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
const write = (name, list) => {
  const f = join(tmp, name);
  writeFileSync(f, list.join('\n') + '\n');
  return f;
};
const listAll = write('all.txt', paths);

const env = { ...process.env, LC_ALL: 'C' };
function time(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { s, r };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// --------------------------------------------------------------- elfaudit --
const ours = [process.execPath, 'bin/elfaudit.js', 'checksec', '--output=csv'];
const warm = time(ours[0], [...ours.slice(1), `--listfile=${listAll}`]);
if (warm.r.status === null || warm.r.stdout === '') {
  process.stderr.write(`checksec.mjs: elfaudit did not run (built? npx tsc -p .): ${warm.r.stderr}\n`);
  process.exit(1);
}
const times = [];
for (let i = 0; i < runs; i++) times.push(time(ours[0], [...ours.slice(1), `--listfile=${listAll}`]).s);
const oursS = median(times);
const ourRows = warm.r.stdout.split('\n').filter((l) => l !== '');

console.log(`checksec bench: ${source}`);
console.log(
  `elfaudit checksec --listfile --output=csv: ${oursS.toFixed(3)} s median of ${runs} (${((oursS * 1000) / paths.length).toFixed(2)} ms/path, whole process, ${ourRows.length} rows)`,
);

// ------------------------------------------------------------ checksec.sh --
const version = spawnSync('checksec', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
if (!version.includes('v2.6.0')) {
  console.log('checksec.sh 2.6.0 not installed: no ratio');
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}
const subset = full ? paths : spread(paths, Math.min(subsetSize, paths.length));
const listSub = write('subset.txt', subset);
const ref = time('checksec', ['--output=csv', `--listfile=${listSub}`]);
const refRows = ref.r.stdout.split('\n').filter((l) => l !== '');
const perFile = ref.s / subset.length;
const scaled = perFile * paths.length;
const what = full ? `${paths.length} paths` : `${subset.length} of the ${paths.length} paths`;
console.log(`checksec.sh 2.6.0 --listfile --output=csv: ${ref.s.toFixed(2)} s for ${what} (${(perFile * 1000).toFixed(0)} ms/path)`);

// the subset's rows must match elfaudit's rows for the same paths
const ourSub = spawnSync(ours[0], [...ours.slice(1), `--listfile=${listSub}`], { env, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.split('\n').filter((l) => l !== '');
const same = refRows.length === ourSub.length && refRows.every((l, i) => l === ourSub[i]);
console.log(`rows on those paths: ${same ? 'identical' : `DIFFER (${refRows.length} vs ${ourSub.length} rows)`}`);

const ratio = scaled / oursS;
console.log(
  full
    ? `speed ratio: ${ratio.toFixed(0)}x (checksec.sh ${scaled.toFixed(1)} s / elfaudit ${oursS.toFixed(3)} s, same ${paths.length} paths)`
    : `speed ratio: ${ratio.toFixed(0)}x (checksec.sh scaled per path from ${subset.length} paths to ${paths.length}: ${scaled.toFixed(1)} s / elfaudit ${oursS.toFixed(3)} s)`,
);
rmSync(tmp, { recursive: true, force: true });
process.exit(same ? 0 : 1);
