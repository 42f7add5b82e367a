#!/usr/bin/env node
// scripts/bench/table.ts (npm run bench) - the speed table of docs/speed.md:
// CPU time (user + system of the whole process, from wait4 through
// scripts/bench/rusage.py) and peak RSS of elfaudit beside its peers,
// measured in the same run, by batch size.
//
//   node dist-scripts/scripts/bench/table.js [--sizes 1,100,1000,5000,20000]
//                                            [--runs 5] [--list FILE] [--lib PATH] [--archive PATH]
//
// One file: `readelf -lW`, `memory`, `audit` and `diff LIB LIB` on one
// library (--lib, default the corpus's libc.so.6, else a sample) against
// `node -e 0`, the floor of any Node program. Batches: `readelf -lW`,
// `readelf -d`, `readelf -s` and `readelf -a` on N corpus paths (spread evenly over .corpus/list.txt, or the
// list repeated when it is shorter) against GNU readelf, and `sha256sum` of
// the same paths (what `baseline create` has to do anyway). One archive:
// `readelf -s -W` on a static library (--archive, default the host's libc.a,
// else a sample archive) against GNU readelf. The same
// alternation measures the peers that are installed, in a second table:
// `llvm-readelf -lW`, elfy (a JavaScript ELF parser, a devDependency:
// scripts/bench/elfy-peer.ts parses each file and prints nothing of
// readelf's; pyelftools when python3 can import it, the same way), and
// `elfaudit audit` on the same paths, and the lean bound (scripts/bench/lean-bound.ts). Every command is run --runs times,
// alternating with the others of its row, after one warm-up run each; the
// medians and their ratios are printed as Markdown, each ratio with the
// range of the ratios of the single rounds (same round, same load).
// Paths that do not fit one command line are split into the same chunks for
// every tool, and a run's figures are the sum (time) and maximum (RSS) over
// its chunks. Needs python3 (for wait4); tools that are absent are left out.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseOptions, usageError } from '../lib/options.js';
import { root } from '../lib/root.js';
import { quietWhenStdoutCloses } from '../lib/stdout.js';
import { chunksOf, mb, measureJobs, ms, ratio, ratioSpread, requireMeasuring, type Figures } from './measure.js';

quietWhenStdoutCloses();
process.chdir(root);

const usage = (msg?: string): never =>
  usageError('bench', 'node dist-scripts/scripts/bench/table.js [--sizes 1,100,1000,5000,20000] [--runs N] [--list FILE] [--lib PATH] [--archive PATH]', msg);
const opts = parseOptions(
  process.argv.slice(2),
  {
    sizes: '1,100,1000,5000,20000',
    runs: 5,
    list: '.corpus/list.txt',
    lib: '.corpus/amd64/libc6/lib/x86_64-linux-gnu/libc.so.6',
    archive: '/usr/lib/x86_64-linux-gnu/libc.a',
  },
  usage,
);
const sizes = opts.sizes.split(',').map(Number);
if (opts.runs < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1)) usage('--runs and every size must be positive integers');
requireMeasuring();
const present = (cmd: string): boolean => !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
const haveGnu = present('readelf');
const haveSha = present('sha256sum');
const haveLlvm = present('llvm-readelf');
const haveElfy = existsSync('node_modules/elfy/package.json') && existsSync('dist-scripts/scripts/bench/elfy-peer.js');
// pip may not reach PyPI where Debian's python3-pyelftools is installed for
// the system's python3, which need not be the python3 first on PATH.
const pyelftoolsPython = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import elftools'], { stdio: 'ignore' }).status === 0);
const lib = existsSync(opts.lib) ? opts.lib : 'samples/x86_64/libdemo.so';
const listed = existsSync(opts.list)
  ? readFileSync(opts.list, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  : [lib];

/** The pyelftools peer: each path's segments and sections through python3's elftools, nothing printed. */
const PYELFTOOLS = [
  'import sys',
  'from elftools.elf.elffile import ELFFile',
  'for p in sys.argv[1:]:',
  '    try:',
  '        with open(p, "rb") as f:',
  '            e = ELFFile(f)',
  '            n = sum(1 for _ in e.iter_segments()) + sum(1 for _ in e.iter_sections())',
  '    except Exception:',
  '        pass',
].join('\n');

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

{
  const archive = existsSync(opts.archive) ? opts.archive : 'samples/archives/multi-arch.a';
  const cmds = [...(haveGnu ? [['readelf', '-s', '-W']] : []), [...elfaudit, 'readelf', '-s', '-W']];
  const f = measure(cmds, [[archive]]);
  const [g, e] = haveGnu ? [f[0]!, f[1]!] : [undefined, f[0]!];
  out('');
  out(`One archive (${archive}), every member:`);
  out('');
  out('| command | GNU | elfaudit | × GNU | peak RSS GNU / elfaudit |');
  out('|---|---|---|---|---|');
  out(`| \`readelf -s -W ARCHIVE\` | ${g ? ms(g) : '-'} | ${ms(e)} | ${g ? ratio(e, g) : '-'} | ${g ? mb(g) : '-'} / ${mb(e)} |`);
}

out('');
out(`Batches (paths spread over ${existsSync(opts.list) ? `${opts.list}, ${listed.length} listed, repeated past that` : lib}):`);
out('');
const peerRows: string[] = [];
/** The readelf views timed in batches, each against GNU's, in the table's column order (-lW first: the peers' reference). */
const VIEWS: readonly (readonly string[])[] = [['-lW'], ['-d'], ['-s'], ['-a']];
const viewName = (v: readonly string[]) => `\`readelf ${v.join(' ')}\``;
out(`| files | ${VIEWS.map((v) => `${viewName(v)} GNU | elfaudit | × GNU (rounds)`).join(' | ')} | \`sha256sum\` | peak RSS \`-lW\` GNU / elfaudit |`);
out(`|---|${VIEWS.map(() => '---|---|---|').join('')}---|---|`);
for (const n of sizes) {
  const chunks = chunksOf(pathsOf(n));
  const named: [string, string[]][] = [];
  if (haveGnu) VIEWS.forEach((v, i) => named.push([`g${i}`, ['readelf', ...v]]));
  VIEWS.forEach((v, i) => named.push([`e${i}`, [...elfaudit, 'readelf', ...v]]));
  if (haveSha) named.push(['sha', ['sha256sum']]);
  if (haveLlvm) named.push(['llvm', ['llvm-readelf', '-lW']]);
  if (haveElfy) named.push(['elfy', ['node', 'dist-scripts/scripts/bench/elfy-peer.js']]);
  if (pyelftoolsPython !== undefined) named.push(['pyelftools', [pyelftoolsPython, '-c', PYELFTOOLS]]);
  named.push(['lean', ['node', 'dist-scripts/scripts/bench/lean-bound.js']]);
  named.push(['leanD', ['node', 'dist-scripts/scripts/bench/lean-bound.js', '-d']]);
  named.push(['audit', [...elfaudit, 'audit']]);
  const figures = measure(
    named.map(([, c]) => c),
    chunks,
  );
  const f = new Map(named.map(([k], i) => [k, figures[i]!]));
  const gl = f.get('g0');
  const el = f.get('e0')!;
  const sha = f.get('sha');
  const cells = VIEWS.map((_, i) => {
    const g = f.get(`g${i}`);
    const e = f.get(`e${i}`)!;
    return `${g ? ms(g) : '-'} | ${ms(e)} | ${g ? ratioSpread(e, g) : '-'}`;
  });
  out(`| ${n.toLocaleString('en-US')} | ${cells.join(' | ')} | ${sha ? ms(sha) : '-'} | ${gl ? mb(gl) : '-'} / ${mb(el)} |`);
  const peer = (k: string): string => {
    const p = f.get(k);
    return p === undefined ? '-' : `${ms(p)}${gl ? `, ${ratio(p, gl)}` : ''}, ${mb(p)}`;
  };
  const audit = f.get('audit')!;
  const leanD = f.get('leanD')!;
  const gd = f.get('g1');
  peerRows.push(
    `| ${n.toLocaleString('en-US')} | ${gl ? `${ms(gl)}, ${mb(gl)}` : '-'} | ${peer('llvm')} | ${peer('elfy')} | ${peer('pyelftools')} | ${peer('lean')}; \`-d\` ${ms(leanD)}${gd ? `, ${ratio(leanD, gd)} GNU \`-d\`` : ''} | ${peer('e0')} | ${ms(audit)}, ${((audit.cpu * 1000) / n).toFixed(2)} ms/file, ${mb(audit)} |`,
  );
}
out('');
out(
  "Peers in the same rounds (CPU, × GNU `readelf -lW`, peak RSS; elfy and pyelftools parse each file and print nothing of readelf's; the lean bound, scripts/bench/lean-bound.ts, is the least a Node -lW can cost):",
);
out('');
out('| files | GNU `readelf -lW` | `llvm-readelf -lW` | elfy (JavaScript) | pyelftools | lean Node bound (`-lW`; `-d`) | elfaudit `readelf -lW` | elfaudit `audit` |');
out('|---|---|---|---|---|---|---|---|');
for (const row of peerRows) out(row);
out('');
out(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
