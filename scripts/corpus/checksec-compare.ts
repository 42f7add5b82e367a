#!/usr/bin/env node
// scripts/corpus/checksec-compare.ts - elfaudit checksec vs checksec.sh 2.6.0
// on a list of real binaries, line for line, in CSV.
//
//   node dist-scripts/scripts/corpus/checksec-compare.js [LIST] [--jobs N] [--limit N] [--show N] [--extended]
//
// LIST defaults to .corpus/list.txt (built by scripts/corpus/fetch.sh).
// --extended compares `checksec --extended` rows (Clang CFI and SafeStack
// columns), cached separately in .corpus/checksec-2.6.0-extended.tsv.
// checksec.sh is slow (a dozen readelf runs per file), so its rows are cached
// in .corpus/checksec-2.6.0.tsv, keyed by path, size and mtime: a re-run only
// asks checksec.sh about new or changed files. It runs as
// `LC_ALL=C checksec --output=csv --file=PATH`, one file per call (its
// --listfile stops at the first bad file), N calls at a time (default: CPUs).
// elfaudit runs once over the whole list: `elfaudit checksec --listfile`.
//
// Prints per-architecture counts (the directory under .corpus/), each
// mismatching file with the fields that differ, and exits 1 when any row
// differs. Needs: node >= 20, a built elfaudit (npm run build), /usr/bin/checksec
// 2.6.0 and GNU readelf (only for rows not yet cached).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isChecksec260, versionLine } from '../lib/reference-tools.js';
import { root } from '../lib/root.js';

process.chdir(root);

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1] ?? '';
  args.splice(i, 2);
  return v;
};
const jobs = Number(opt('--jobs', String(Math.max(1, cpus().length))));
const limit = Number(opt('--limit', '0'));
const show = Number(opt('--show', '40'));
const extended = args.includes('--extended');
if (extended) args.splice(args.indexOf('--extended'), 1);
const listPath = args[0] ?? '.corpus/list.txt';
const cachePath = extended ? '.corpus/checksec-2.6.0-extended.tsv' : '.corpus/checksec-2.6.0.tsv';
const FIELDS = extended
  ? ['RELRO', 'CANARY', 'NX', 'PIE', 'CFI', 'SafeStack', 'RPATH', 'RUNPATH', 'Symbols', 'FORTIFY', 'Fortified', 'Fortifiable', 'FILE']
  : ['RELRO', 'CANARY', 'NX', 'PIE', 'RPATH', 'RUNPATH', 'Symbols', 'FORTIFY', 'Fortified', 'Fortifiable', 'FILE'];
const extra = extended ? ['--extended'] : [];

if (!existsSync(listPath)) {
  console.error(`checksec-compare: no list at ${listPath} (run scripts/corpus/fetch.sh)`);
  process.exit(2);
}
let paths = readFileSync(listPath, 'utf8').split('\n').filter((l) => l !== '');
if (limit > 0) paths = paths.slice(0, limit);

// --- checksec.sh 2.6.0, cached ------------------------------------------------
const key = (p: string): string => {
  const st = statSync(p);
  return `${st.size}:${Math.trunc(st.mtimeMs)}`;
};
/** checksec.sh's answer for a file: the key it was made for, its exit status and its output. */
interface Row {
  readonly k: string;
  readonly rc: number;
  readonly out: string;
}
const cache = new Map<string, Row>();
if (existsSync(cachePath)) {
  for (const line of readFileSync(cachePath, 'utf8').split('\n')) {
    if (line === '') continue;
    const [p = '', k = '', rc, out = '""'] = line.split('\t');
    cache.set(p, { k, rc: Number(rc), out: JSON.parse(out) as string });
  }
}
const todo = paths.filter((p) => cache.get(p)?.k !== key(p));
const version = versionLine('checksec');
if (todo.length > 0) {
  if (!isChecksec260(version)) {
    console.error(`checksec-compare: ${todo.length} rows not cached and checksec 2.6.0 is not installed (found '${version}')`);
    process.exit(2);
  }
  console.error(`checksec-compare: running checksec.sh 2.6.0 on ${todo.length} files, ${jobs} at a time...`);
  const t0 = Date.now();
  let next = 0;
  let done = 0;
  const runOne = (p: string): Promise<void> =>
    new Promise((res) => {
      const child = spawn('checksec', [...extra, '--output=csv', `--file=${p}`], { env: { LC_ALL: 'C', PATH: process.env.PATH } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.on('close', (rc) => {
        const entry = { k: key(p), rc: rc ?? 1, out };
        cache.set(p, entry);
        appendFileSync(cachePath, `${p}\t${entry.k}\t${entry.rc}\t${JSON.stringify(out)}\n`);
        done++;
        if (done % 200 === 0) console.error(`  ${done}/${todo.length} (${((Date.now() - t0) / done).toFixed(0)} ms/file)`);
        res();
      });
    });
  const worker = async (): Promise<void> => {
    while (next < todo.length) await runOne(todo[next++]!);
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  console.error(`  checksec.sh: ${todo.length} files in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// --- elfaudit ------------------------------------------------------------------
const tmp = mkdtempSync(join(tmpdir(), 'checksec-compare-'));
const list = join(tmp, 'list');
writeFileSync(list, paths.join('\n') + '\n');
const t1 = Date.now();
const ours = spawnSync(process.execPath, ['bin/elfaudit.js', 'checksec', ...extra, '--output=csv', `--listfile=${list}`], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
const oursMs = Date.now() - t1;
rmSync(tmp, { recursive: true, force: true });
const ourLines = ours.stdout.split('\n').filter((l) => l !== '');
const ourErrors = ours.stderr.split('\n').filter((l) => l !== '');

// --- compare -------------------------------------------------------------------
type Counts = { files: number; same: number; differ: number; bothError: number };
const arch = (p: string): string => p.split('/')[1] ?? '?';
const perArch = new Map<string, Counts>();
const count = (a: string, field: keyof Counts): void => {
  const c = perArch.get(a) ?? { files: 0, same: 0, differ: 0, bothError: 0 };
  c[field]++;
  perArch.set(a, c);
};
const mismatches: { p: string; refLine: string | null; ourLine: string | null; ref: Row }[] = [];
let oi = 0;
for (const p of paths) {
  const ref = cache.get(p)!;
  const refLine = ref.rc === 0 ? ref.out.replace(/\n$/, '') : null;
  count(arch(p), 'files');
  // our rows come in list order; a path we could not check has no row
  const ourLine = ourLines[oi]?.endsWith(`,${p}`) ? ourLines[oi++]! : null;
  if (refLine === null && ourLine === null) count(arch(p), 'bothError');
  else if (refLine === ourLine) count(arch(p), 'same');
  else {
    count(arch(p), 'differ');
    mismatches.push({ p, refLine, ourLine, ref });
  }
}

console.log(`checksec.sh ${version.replace(/^checksec /, '')} vs elfaudit checksec ${extra.join(' ')}${extended ? ' ' : ''}--output=csv (${paths.length} files from ${listPath})`);
console.log('arch        files   same  differ  both-error');
const tot: Counts = { files: 0, same: 0, differ: 0, bothError: 0 };
for (const [a, c] of [...perArch].sort()) {
  console.log(`${a.padEnd(10)} ${String(c.files).padStart(6)} ${String(c.same).padStart(6)} ${String(c.differ).padStart(7)} ${String(c.bothError).padStart(11)}`);
  for (const k of Object.keys(tot) as (keyof Counts)[]) tot[k] += c[k];
}
console.log(`${'total'.padEnd(10)} ${String(tot.files).padStart(6)} ${String(tot.same).padStart(6)} ${String(tot.differ).padStart(7)} ${String(tot.bothError).padStart(11)}`);
console.log(`architectures: ${perArch.size}; elfaudit took ${oursMs} ms for the whole list; its errors: ${ourErrors.length}`);

for (const m of mismatches.slice(0, show)) {
  console.log(`\nMISMATCH ${m.p}`);
  if (m.refLine === null) console.log(`  checksec.sh failed (rc ${m.ref.rc}): ${JSON.stringify(m.ref.out.slice(0, 200))}`);
  if (m.ourLine === null) console.log(`  elfaudit: no row (${ourErrors.find((e) => e.includes(m.p)) ?? 'no error line'})`);
  if (m.refLine !== null && m.ourLine !== null) {
    const a = m.refLine.split(',');
    const b = m.ourLine.split(',');
    FIELDS.forEach((f, i) => {
      if (a[i] !== b[i]) console.log(`  ${f}: checksec.sh '${a[i]}'  elfaudit '${b[i]}'`);
    });
  }
}
if (mismatches.length > show) console.log(`\n... and ${mismatches.length - show} more`);
process.exit(mismatches.length === 0 ? 0 : 1);
