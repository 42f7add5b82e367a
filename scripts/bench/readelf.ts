#!/usr/bin/env node
// scripts/bench/readelf.ts (npm run bench) - whole-process wall time of
// GNU `readelf -lW PATHS...` vs `elfaudit readelf -lW PATHS...`.
//
//   node dist-scripts/scripts/bench/readelf.js [--count 5000] [--all] [--list FILE]
//                                              [--flags -lW] [--runs 7] [--warmup 1]
//
// Paths: .corpus/list.txt (scripts/corpus/fetch.sh) when it exists: --count
// paths spread evenly over the whole list (every architecture gets its share),
// or the list repeated when it is shorter; --all takes the whole list (at
// least --count, repeating if need be). Without a corpus: the ELF files
// (regular files, not symlinks) directly in /usr/bin, /usr/lib and
// /usr/lib/x86_64-linux-gnu, repeated up to --count. A path given twice is
// simply read twice by both tools.
//
// Each run is one process per tool with all the paths on its command line,
// LC_ALL=C, stdout and stderr to /dev/null. When the paths do not fit in one
// command line (ARG_MAX), both tools get the same chunks, run one after the
// other, and a run's time is the sum; the output says so. The warm-up run of
// each tool pipes its output through a hash instead, to check that both tools
// did the same work (their timed runs do not carry that cost). The tools
// alternate (GNU, elfaudit, GNU, ...), --runs timed runs each after --warmup
// warm-up runs each; the medians and their ratio elfaudit/GNU are printed, e.g.
//
//   readelf -lW on 5000 paths: GNU 0.41 s, elfaudit 0.52 s, ratio 1.27
//
// CPU time (user + system) is measured for the same runs and reported beside
// the wall time: on a machine that others load, wall time is noisy and CPU
// time much less so. Each run goes through scripts/bench/rusage.py (wait4's
// rusage, microseconds; its own start-up counts in neither figure) when
// python3 is there, else /usr/bin/time (hundredths), else wall time only.
//
// Without GNU readelf, only elfaudit is timed. Exits 0 (2 on a usage error,
// 1 when elfaudit cannot run at all, e.g. not built).
//
// Environment: ELFAUDIT_CMD (default "node bin/elfaudit.js"; `readelf FLAGS`
// is appended) and READELF (default "readelf"), as in scripts/corpus/compare.ts.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errnoCode } from '../../src/io/errno.js';
import { parseOptions, usageError } from '../lib/options.js';
import { root } from '../lib/root.js';
import { quietWhenStdoutCloses } from '../lib/stdout.js';

quietWhenStdoutCloses();
process.chdir(root);

// ---------------------------------------------------------------- options --
const usage = (msg?: string): never =>
  usageError('bench readelf', 'node dist-scripts/scripts/bench/readelf.js [--count N] [--all] [--list FILE] [--flags -lW] [--runs N] [--warmup N]', msg);
const opts = parseOptions(process.argv.slice(2), { count: 5000, all: false, list: '.corpus/list.txt', flags: '-lW', runs: 7, warmup: 1 }, usage);
if (opts.count < 1 || opts.runs < 1) usage('--count and --runs must be at least 1');
const flags = opts.flags.trim().split(/\s+/);
const readelfCmd = (process.env.READELF || 'readelf').trim().split(/\s+/);
const elfauditCmd = [...(process.env.ELFAUDIT_CMD || 'node bin/elfaudit.js').trim().split(/\s+/), 'readelf'];
const env = { ...process.env, LC_ALL: 'C' };

// ------------------------------------------------------------------ paths --
function isElf(path: string): boolean {
  let fd: number | undefined;
  try {
    if (!lstatSync(path).isFile()) return false;
    fd = openSync(path, 'r');
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.readUInt32BE(0) === 0x7f454c46;
  } catch (e) {
    if (errnoCode(e) === undefined) throw e;
    return false; // unreadable: not one to time
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function repeatTo(list: readonly string[], n: number): string[] {
  const out: string[] = [];
  while (out.length < n) for (const p of list.slice(0, n - out.length)) out.push(p);
  return out;
}

let source: string;
let unique: string[];
let paths: string[];
if (existsSync(opts.list)) {
  unique = readFileSync(opts.list, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (unique.length === 0) usage(`${opts.list} lists no paths`);
  source = opts.list;
  if (opts.all || unique.length < opts.count) {
    paths = repeatTo(unique, Math.max(opts.count, unique.length));
  } else {
    // --count paths spread evenly over the sorted list: all architectures.
    paths = Array.from({ length: opts.count }, (_, i) => unique[Math.floor((i * unique.length) / opts.count)]!);
  }
} else {
  const dirs = ['/usr/bin', '/usr/lib', '/usr/lib/x86_64-linux-gnu'];
  unique = [];
  for (const d of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      if (errnoCode(e) === undefined) throw e;
      continue; // not on this system
    }
    for (const n of names) if (isElf(join(d, n))) unique.push(join(d, n));
  }
  if (unique.length === 0) {
    process.stderr.write(`bench readelf: no ${opts.list} and no ELF files in ${dirs.join(', ')}\n`);
    process.exit(2);
  }
  source = `${dirs.join(', ')} (no ${opts.list}; scripts/corpus/fetch.sh builds it)`;
  paths = repeatTo(unique, Math.max(opts.count, opts.all ? unique.length : 0));
}
const distinct = new Set(paths).size;

// ------------------------------------------------------- argv chunking --
// Linux counts argv and envp strings (with their NULs and pointers) against
// ARG_MAX; leave room for the environment, the command itself and a margin.
function argMax(): number {
  const r = spawnSync('getconf', ['ARG_MAX'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 131072;
}
const envBytes = Object.entries(env).reduce((s, [k, v]) => s + Buffer.byteLength(`${k}=${v}`) + 1 + 8, 0);
const fixedBytes = [...readelfCmd, ...elfauditCmd, ...flags].reduce((s, a) => s + Buffer.byteLength(a) + 1 + 8, 0);
const budget = Math.min(argMax(), 2 * 1024 * 1024) - envBytes - fixedBytes - 64 * 1024;
const chunks: string[][] = [];
{
  let cur: string[] = [];
  let bytes = 0;
  for (const p of paths) {
    const b = Buffer.byteLength(p) + 1 + 8;
    if (cur.length && bytes + b > budget) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(p);
    bytes += b;
  }
  if (cur.length) chunks.push(cur);
}

// ---------------------------------------------------------------- running --
// CPU time of a run: a wrapper writes the child's wall, user and system
// seconds to a file (see the header).
const havePython = !spawnSync('python3', ['-c', ''], { stdio: 'ignore' }).error;
const haveTime = havePython || existsSync('/usr/bin/time');
const timeDir = haveTime ? mkdtempSync(join(tmpdir(), 'readelf-bench-')) : undefined;
process.on('exit', () => timeDir && rmSync(timeDir, { recursive: true, force: true }));
const timeFile = timeDir === undefined ? '' : join(timeDir, 'cpu');
const wrap = (cmd: readonly string[]): string[] =>
  havePython
    ? ['python3', 'scripts/bench/rusage.py', timeFile, ...cmd]
    : haveTime
      ? ['/usr/bin/time', '-f', '0 %U %S', '-o', timeFile, ...cmd]
      : [...cmd];

// One chunk: wall time from spawn to exit, in ns, and CPU seconds (NaN
// without /usr/bin/time). With hash=true, stdout and stderr go through
// pipes into a SHA-256 (for the warm-up's same-work check).
interface Run {
  readonly ns: bigint;
  readonly cpu: number;
  readonly status: number | string | null;
  readonly digest: string | undefined;
  readonly bytes: number | undefined;
}

function runOnce(cmd: readonly string[], args: readonly string[], hash: boolean): Promise<Run> {
  return new Promise((resolvePromise) => {
    const devnull = hash ? undefined : openSync('/dev/null', 'w');
    const h = hash ? { out: createHash('sha256'), err: createHash('sha256'), bytes: 0 } : undefined;
    const argv = wrap(cmd);
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0]!, [...argv.slice(1), ...args], {
      env,
      stdio: hash ? ['ignore', 'pipe', 'pipe'] : ['ignore', devnull, devnull],
    });
    if (hash) {
      child.stdout?.on('data', (d: Buffer) => {
        h!.out.update(d);
        h!.bytes += d.length;
      });
      child.stderr?.on('data', (d: Buffer) => h!.err.update(d));
    }
    let error: Error | undefined;
    child.on('error', (e) => (error = e));
    child.on('close', (code, signal) => {
      let ns = process.hrtime.bigint() - t0;
      if (devnull !== undefined) closeSync(devnull);
      let cpu = NaN;
      if (haveTime) {
        try {
          const [w = NaN, u = NaN, s = NaN] = (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
          cpu = u + s;
          if (havePython) ns = BigInt(Math.round(w * 1e9)); // the wrapper's start-up is not the tool's
        } catch (e) {
          if (errnoCode(e) === undefined) throw e;
          // no time file: the command could not be run
        }
      }
      resolvePromise({
        ns,
        cpu,
        status: error ? `cannot run: ${error.message}` : signal ? `killed by ${signal}` : code,
        digest: h && `${h.out.digest('hex')}/${h.err.digest('hex')}`,
        bytes: h?.bytes,
      });
    });
  });
}

interface Result {
  readonly secs: number;
  readonly cpu: number;
  readonly statuses: (number | string | null)[];
  readonly digest: string;
  readonly bytes: number;
}

async function runAll(cmd: readonly string[], hash = false): Promise<Result> {
  let ns = 0n;
  let cpu = 0;
  const statuses = new Set<number | string | null>();
  const digests: (string | undefined)[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    const r = await runOnce(cmd, [...flags, ...chunk], hash);
    ns += r.ns;
    cpu += r.cpu;
    statuses.add(r.status);
    if (hash) {
      digests.push(r.digest);
      bytes += r.bytes ?? 0;
    }
  }
  return { secs: Number(ns) / 1e9, cpu, statuses: [...statuses], digest: digests.join(','), bytes };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number): string => x.toFixed(3);

// ------------------------------------------------------------------- main --
const haveGnu = !spawnSync(readelfCmd[0]!, [...readelfCmd.slice(1), '--version'], { stdio: 'ignore' }).error;
if (elfauditCmd[0] === 'node' && elfauditCmd[1] === 'bin/elfaudit.js' && !existsSync('dist/cli/main.js')) {
  process.stderr.write('bench readelf: dist/ is missing: run `npm run build` first\n');
  process.exit(1);
}

const label = `readelf ${flags.join(' ')} on ${paths.length} paths`;
process.stdout.write(
  `${label}: ${distinct} distinct from ${source}` +
    (paths.length > distinct ? ` (${unique.length} listed, repeated to ${paths.length})` : '') +
    `\n` +
    (chunks.length > 1
      ? `  command line too long for one process: ${chunks.length} chunks of up to ` +
        `${chunks.reduce((m, c) => Math.max(m, c.length), 0)} paths, the same for both tools; a run's time is their sum\n`
      : '') +
    `  GNU: ${haveGnu ? readelfCmd.join(' ') : 'absent'}; elfaudit: ${elfauditCmd.join(' ')}; ` +
    `${opts.warmup} warm-up + ${opts.runs} timed runs each, alternating; ` +
    `CPU time ${havePython ? 'from wait4 (scripts/bench/rusage.py)' : haveTime ? 'from /usr/bin/time' : 'not measured'}\n`,
);

interface Tool {
  readonly name: string;
  readonly cmd: readonly string[];
  readonly times: number[];
  readonly cpus: number[];
  warm?: Result;
  median?: number;
  cpu?: number;
}
const tools: Tool[] = [];
if (haveGnu) tools.push({ name: 'GNU', cmd: readelfCmd, times: [], cpus: [] });
tools.push({ name: 'elfaudit', cmd: elfauditCmd, times: [], cpus: [] });

for (let w = 0; w < opts.warmup; w++) {
  for (const t of tools) {
    const r = await runAll(t.cmd, true);
    t.warm = r;
  }
}
const ours = tools[tools.length - 1]!;
if (ours.warm?.statuses.some((s) => typeof s !== 'number' || (s !== 0 && s !== 1))) {
  process.stderr.write(`bench readelf: elfaudit did not run properly: exit ${ours.warm.statuses.join(', ')}\n`);
  process.exit(1);
}
if (haveGnu && opts.warmup > 0) {
  const [g, o] = tools as [Tool & { warm: Result }, Tool & { warm: Result }];
  const sameWork = g.warm.digest === o.warm.digest && g.warm.statuses.join() === o.warm.statuses.join();
  process.stdout.write(
    `  warm-up outputs: GNU ${g.warm.bytes} bytes, exit ${g.warm.statuses.join('/')}; ` +
      `elfaudit ${o.warm.bytes} bytes, exit ${o.warm.statuses.join('/')}: ` +
      `${sameWork ? 'identical' : 'DIFFERENT (see scripts/corpus/compare.ts)'}\n`,
  );
}

for (let i = 0; i < opts.runs; i++) {
  for (const t of tools) {
    const r = await runAll(t.cmd);
    t.times.push(r.secs);
    t.cpus.push(r.cpu);
  }
}
for (const t of tools) {
  t.median = median(t.times);
  t.cpu = median(t.cpus);
  const times = t.times;
  process.stdout.write(
    `  ${t.name.padEnd(8)} runs: ${t.times.map(fmt).join(' ')} s (min ${fmt(times.reduce((a, b) => Math.min(a, b)))}, max ${fmt(times.reduce((a, b) => Math.max(a, b)))})` +
      (haveTime ? `; CPU (user+sys) ${t.cpus.map(fmt).join(' ')} s\n` : '\n'),
  );
}
const cpuOf = (t: Tool): string => (haveTime ? ` (CPU ${fmt(t.cpu ?? NaN)} s)` : '');
if (haveGnu) {
  const [g, o] = tools as [Required<Tool>, Required<Tool>];
  process.stdout.write(
    `${label}: GNU ${fmt(g.median)} s${cpuOf(g)}, elfaudit ${fmt(o.median)} s${cpuOf(o)}, ratio ${fmt(o.median / g.median)}` +
      (haveTime ? ` (CPU ratio ${fmt(o.cpu / g.cpu)})` : '') +
      '\n',
  );
} else {
  process.stdout.write(`GNU readelf not found (${readelfCmd[0]}): comparison skipped\n`);
  process.stdout.write(`${label}: elfaudit ${fmt(ours.median ?? NaN)} s${cpuOf(ours)}\n`);
}
