#!/usr/bin/env node
// scripts/bench/table.ts (npm run bench) - the speed table of docs/speed.md:
// CPU time (user + system of the whole process, from wait4 through
// scripts/bench/rusage.py) and peak RSS of elfaudit beside its peers,
// measured in the same run, by batch size.
//
//   node dist-scripts/scripts/bench/table.js [--sizes 1,100,1000,5000,20000]
//                                            [--runs 5] [--list FILE] [--lib PATH]
//
// One file: `readelf -lW`, `memory`, `audit` and `diff LIB LIB` on one
// library (--lib, default the corpus's libc.so.6, else a sample) against
// `node -e 0`, the floor of any Node program. Batches: `readelf -lW` and
// `readelf -d` on N corpus paths (spread evenly over .corpus/list.txt, or the
// list repeated when it is shorter) against GNU readelf, and `sha256sum` of
// the same paths (what `baseline create` has to do anyway). Every command is
// run --runs times, alternating with the others of its row, after one
// warm-up run each; the medians and their ratios are printed as Markdown.
// Paths that do not fit one command line are split into the same chunks for
// every tool, and a run's figures are the sum (time) and maximum (RSS) over
// its chunks. Needs python3 (for wait4); tools that are absent are left out.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseOptions, usageError } from '../lib/options.js';
import { root } from '../lib/root.js';
import { quietWhenStdoutCloses } from '../lib/stdout.js';
import { chunksOf, mb, measureJobs, ms, ratio, requireMeasuring, type Figures } from './measure.js';

quietWhenStdoutCloses();
process.chdir(root);

const usage = (msg?: string): never =>
  usageError('bench', 'node dist-scripts/scripts/bench/table.js [--sizes 1,100,1000,5000,20000] [--runs N] [--list FILE] [--lib PATH]', msg);
const opts = parseOptions(
  process.argv.slice(2),
  { sizes: '1,100,1000,5000,20000', runs: 5, list: '.corpus/list.txt', lib: '.corpus/amd64/libc6/lib/x86_64-linux-gnu/libc.so.6' },
  usage,
);
const sizes = opts.sizes.split(',').map(Number);
if (opts.runs < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1)) usage('--runs and every size must be positive integers');
requireMeasuring();
const present = (cmd: string): boolean => !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
const haveGnu = present('readelf');
const haveSha = present('sha256sum');
const lib = existsSync(opts.lib) ? opts.lib : 'samples/x86_64/libdemo.so';
const listed = existsSync(opts.list)
  ? readFileSync(opts.list, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  : [lib];

/** n paths: spread evenly over the list (every architecture), or the list repeated. */
function pathsOf(n: number): string[] {
  if (n === 1) return [lib];
  if (listed.length >= n) return Array.from({ length: n }, (_, i) => listed[Math.floor((i * listed.length) / n)]!);
  return Array.from({ length: n }, (_, i) => listed[i % listed.length]!);
}

/** Every command over the same chunks of paths, --runs alternating rounds after a warm-up; medians. */
const measure = (cmds: readonly (readonly string[])[], chunks: readonly (readonly string[])[]): Figures[] =>
  measureJobs(
    cmds.map((cmd) => ({ cmd, chunks })),
    opts.runs,
  );

const elfaudit = ['node', 'bin/elfaudit.js'];
const out = (s: string): boolean => process.stdout.write(`${s}\n`);

out(`load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')} on this machine; CPU = user + system time (wait4), median of ${opts.runs} alternating runs after a warm-up`);
out('');
out(`One library (${lib}):`);
out('');
out('| command | CPU | × `node -e 0` | peak RSS |');
out('|---|---|---|---|');
{
  const one = [[lib]];
  const cmds = [
    ['node', '-e', '0'],
    [...elfaudit, 'readelf', '-lW'],
    [...elfaudit, 'memory'],
    [...elfaudit, 'audit'],
    [...elfaudit, 'diff', lib],
  ];
  const [node, ...rest] = measure(cmds, one) as [Figures, ...Figures[]];
  out(`| \`node -e 0\` | ${ms(node)} | 1.00× | ${mb(node)} |`);
  rest.forEach((f, i) => {
    const name = cmds[i + 1]![2] === 'diff' ? 'diff LIB LIB' : `${cmds[i + 1]!.slice(2).join(' ')} LIB`;
    out(`| \`${name}\` | ${ms(f)} | ${ratio(f, node)} | ${mb(f)} |`);
  });
}

out('');
out(`Batches (paths spread over ${existsSync(opts.list) ? `${opts.list}, ${listed.length} listed, repeated past that` : lib}):`);
out('');
out(
  '| files | `readelf -lW` GNU | elfaudit | × GNU | `readelf -d` GNU | elfaudit | × GNU | `sha256sum` | peak RSS `-lW` GNU / elfaudit |',
);
out('|---|---|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const chunks = chunksOf(pathsOf(n));
  const cmds: string[][] = [];
  if (haveGnu) cmds.push(['readelf', '-lW'], ['readelf', '-d']);
  cmds.push([...elfaudit, 'readelf', '-lW'], [...elfaudit, 'readelf', '-d']);
  if (haveSha) cmds.push(['sha256sum']);
  const f = measure(cmds, chunks);
  const [gl, gd] = haveGnu ? [f[0]!, f[1]!] : [undefined, undefined];
  const [el, ed] = haveGnu ? [f[2]!, f[3]!] : [f[0]!, f[1]!];
  const sha = haveSha ? f[f.length - 1]! : undefined;
  out(
    `| ${n.toLocaleString('en-US')} | ${gl ? ms(gl) : '-'} | ${ms(el)} | ${gl ? ratio(el, gl) : '-'} | ${gd ? ms(gd) : '-'} | ${ms(ed)} | ${gd ? ratio(ed, gd) : '-'} | ${sha ? ms(sha) : '-'} | ${gl ? mb(gl) : '-'} / ${mb(el)} |`,
  );
}
out('');
out(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
