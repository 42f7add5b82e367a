#!/usr/bin/env node
// scripts/fuzz/compare-mutants.ts - 2,000 deterministic mutants of the
// samples against GNU readelf 2.40, and the whole batch through every
// subcommand as a CI job would run it (one process each, timed, peak RSS).
//
//   node dist-scripts/scripts/fuzz/compare-mutants.js [--seed 1] [--count 2000]
//                               [--flags -lW] [--show 10] [--keep DIR]
//
// 1. Writes mutants [0, count) of run `seed` (scripts/fuzz/mutate.ts) into a
//    temporary directory (or --keep DIR, which is then left in place).
// 2. scripts/corpus/compare.ts compares `elfaudit readelf FLAGS` with GNU
//    `readelf FLAGS` on them (stdout, stderr, exit status), and prints the
//    share identical and the first --show differences.
// 3. Runs the whole batch once per command, in one process each:
//    `readelf -lW`, `readelf -h -l -S -d -n --dyn-syms -u -W`,
//    `checksec --listfile`, `audit --format json`, `memory`, `baseline
//    create` (when built); and `diff` on each consecutive pair (one process
//    for all, through the in-process entry point). Each must finish within
//    60 s, with a peak RSS of at most 300 MB, exit 0 or 1 (baseline: 0 or 2),
//    and print no stack trace.
//
// Needs dist/ (npm run build) and, for step 2, GNU readelf; ELFAUDIT_CMD and
// READELF as for compare.ts. Exits 0 when every check of step 3 passed and
// step 2 found no difference, 1 otherwise, 2 on a usage error.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, usageError } from '../lib/options.js';
import { root } from '../lib/root.js';
import { loadSeeds, mutant } from './mutate.js';

process.chdir(root);

const opts = parseOptions(process.argv.slice(2), { seed: 1, count: 2000, flags: '-lW', show: 10, keep: '' }, (msg) =>
  usageError('compare-mutants', 'node dist-scripts/scripts/fuzz/compare-mutants.js [--seed N] [--count N] [--flags -lW] [--show N] [--keep DIR]', msg),
);
/** scripts/corpus/compare.ts, compiled beside this script. */
const compareScript = fileURLToPath(new URL('../corpus/compare.js', import.meta.url));

const elfaudit = (process.env.ELFAUDIT_CMD || 'node bin/elfaudit.js').trim().split(/\s+/);
if (elfaudit[1] === 'bin/elfaudit.js' && !existsSync('dist/cli/main.js')) {
  process.stderr.write('compare-mutants: dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}

// ---------------------------------------------------------------- mutants --
const seeds = loadSeeds();
const dir = opts.keep ? resolve(opts.keep) : mkdtempSync(join(tmpdir(), 'elfaudit-mutants-'));
mkdirSync(dir, { recursive: true });
const paths: string[] = [];
const recipes: string[] = [];
for (let i = 0; i < opts.count; i++) {
  const m = mutant(seeds, opts.seed, i);
  const p = join(dir, m.name);
  writeFileSync(p, m.bytes);
  paths.push(p);
  recipes.push(`${m.name}\t${m.what}`);
}
const list = join(dir, 'list.txt');
writeFileSync(list, paths.join('\n') + '\n');
writeFileSync(join(dir, 'recipes.tsv'), recipes.join('\n') + '\n');
process.stdout.write(`${opts.count} mutants of run seed ${opts.seed} from ${seeds.length} seed files in ${dir} (recipes.tsv says how each was made)\n`);

let failed = false;
try {
  // ------------------------------------------------------- GNU parity --
  const haveGnu = !spawnSync((process.env.READELF || 'readelf').trim().split(/\s+/)[0] ?? 'readelf', ['--version'], { stdio: 'ignore' }).error;
  if (haveGnu) {
    const r = spawnSync(
      process.execPath,
      [compareScript, '--flags', opts.flags, '--list', list, '--show', String(opts.show), '--jobs', '1', '--batch', '250'],
      { stdio: 'inherit', env: process.env },
    );
    if (r.status !== 0) failed = true;
  } else {
    process.stdout.write('GNU readelf not found: parity comparison skipped\n');
  }

  // ------------------------------------------- whole batch, per command --
  process.stdout.write('\nThe whole batch, one process per command (limits: 60 s, 300 MB, exit 0/1, no stack trace):\n');
  const haveTime = existsSync('/usr/bin/time');
  const TRACE = /\n\s+at .+:\d+:\d+|\b(?:TypeError|RangeError|ReferenceError)\b|Maximum call stack/;
  const diffScript = join(dir, 'diff-pairs.mjs');
  writeFileSync(
    diffScript,
    `import { diffMain } from ${JSON.stringify(join(root, 'dist/cli/diff.js'))};\n` +
      `import { CaptureOutput } from ${JSON.stringify(join(root, 'dist/io/output.js'))};\n` +
      `import { readFileSync } from 'node:fs';\n` +
      `const ps = readFileSync(process.argv[2], 'utf8').split('\\n').filter(Boolean);\n` +
      `let worst = 0;\n` +
      `for (let i = 0; i + 1 < ps.length; i += 2) { const io = new CaptureOutput(); const s = diffMain([ps[i], ps[i + 1]], io); process.stderr.write(io.stderr); worst = Math.max(worst, s); }\n` +
      `process.exitCode = worst;\n`,
  );
  const commands: [name: string, argv: string[], statuses?: (number | string | null)[]][] = [
    ['readelf -lW', [...elfaudit, 'readelf', '-lW', ...paths]],
    ['readelf -h -l -S -d -n --dyn-syms -u -W', [...elfaudit, 'readelf', '-h', '-l', '-S', '-d', '-n', '--dyn-syms', '-u', '-W', ...paths]],
    ['checksec --listfile (csv)', [...elfaudit, 'checksec', '--listfile', list, '--output', 'csv']],
    ['audit --format json', [...elfaudit, 'audit', '--format', 'json', ...paths]],
    ['memory', [...elfaudit, 'memory', ...paths]],
    ['diff (pairs, in-process)', [process.execPath, diffScript, list]],
  ];
  // baseline (the CI gate), when the build has it: exit 2 is its answer to files it cannot read
  if (existsSync('dist/cli/baseline.js')) commands.push(['baseline create (exit 2 allowed)', [...elfaudit, 'baseline', 'create', dir, '-o', join(dir, '..', 'mutants.baseline.json')], [0, 1, 2]]);
  for (const [name, argv, statuses = [0, 1]] of commands) {
    const timeFile = join(dir, 'time.txt');
    const full = haveTime ? ['/usr/bin/time', '-f', '%e %U %S %M', '-o', timeFile, ...argv] : argv;
    const [command = '', ...rest] = full;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(command, rest, {
      env: { ...process.env, LC_ALL: 'C' },
      maxBuffer: 1 << 30,
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    let cpu = '';
    let rssMB = NaN;
    if (haveTime && existsSync(timeFile)) {
      const [, u = NaN, s = NaN, kb = NaN] = (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
      cpu = `, CPU ${(u + s).toFixed(2)} s`;
      rssMB = (kb * 1024) / 1e6;
    }
    const err = r.stderr?.toString('latin1') ?? '';
    const out = r.stdout?.toString('latin1') ?? '';
    const status = r.signal ? `killed by ${r.signal}` : r.status;
    const errors: string[] = [];
    if (r.signal || wall > 60) errors.push(`over 60 s (${wall.toFixed(1)} s${r.signal ? ', killed' : ''})`);
    if (rssMB > 300) errors.push(`peak RSS ${rssMB.toFixed(0)} MB over 300 MB`);
    if (!statuses.includes(status)) errors.push(`exit status ${status}`);
    const trace = err.match(TRACE) ?? out.match(TRACE);
    if (trace) errors.push(`stack trace or JS error: ${JSON.stringify(trace[0])}`);
    process.stdout.write(
      `  ${name.padEnd(42)} ${wall.toFixed(2)} s wall${cpu}, peak RSS ${Number.isNaN(rssMB) ? '?' : rssMB.toFixed(0)} MB, ` +
        `exit ${status}, ${err.split('\n').filter(Boolean).length} stderr lines: ${errors.length ? 'FAIL ' + errors.join('; ') : 'ok'}\n`,
    );
    if (errors.length) failed = true;
  }
} finally {
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  rmSync(join(dir, '..', 'mutants.baseline.json'), { force: true });
}
process.stdout.write(failed ? '\ncompare-mutants: PROBLEMS FOUND\n' : '\ncompare-mutants: all checks passed\n');
process.exitCode = failed ? 1 : 0;
