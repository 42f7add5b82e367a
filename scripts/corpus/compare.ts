#!/usr/bin/env node
// scripts/corpus/compare.ts - `elfaudit readelf FLAGS` vs GNU `readelf FLAGS`,
// byte for byte (stdout, stderr, exit status), on a list of files.
//
//   node dist-scripts/scripts/corpus/compare.js [--flags "-l,-lW"] [--list .corpus/list.txt]
//                                               [--limit N] [--show N] [--batch N] [--jobs N]
//
//   --flags  comma-separated flag sets; each set is split on spaces, so
//            "-l,-lW,-l -W" compares three ways (default "-l,-lW")
//   --list   one path per line (default .corpus/list.txt, built by
//            scripts/corpus/fetch.sh; samples/MANIFEST works too). Blank lines
//            and lines starting with # are skipped. A relative path is taken
//            from the repo root, or else from the list's own folder.
//   --limit  compare only the first N paths of the list (default: all)
//   --show   print the first N differing files with their first differing
//            lines (default 10)
//   --batch  paths per invocation (default 200)
//   --jobs   batches run at once (default: number of CPUs)
//
// Both tools run with LC_ALL=C, from the repo root, with the same relative
// paths. To be fast, each batch of paths is given to one invocation of each
// tool and the whole outputs are compared; only a batch that differs is re-run
// one file at a time to find the files that differ. (A batch that differs
// while each of its files alone matches is reported as a batch difference.)
//
// Environment:
//   ELFAUDIT_CMD  the elfaudit command, split on spaces, before which
//                 `readelf FLAGS PATHS` is appended (default
//                 "node bin/elfaudit.js"; scripts/corpus/gnu-standin.sh makes
//                 GNU readelf stand in for it, to check this script itself)
//   READELF       GNU readelf (default "readelf")
//
// Prints, per flag set: files compared, identical stdout, stderr, exit status,
// and the architectures (e_machine, read from each file's ELF header) among the
// files identical in all three (an archive's: its first ELF member's). Exits 0 when everything matched, 1 otherwise,
// 2 on a usage error.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { availableParallelism, constants as osConstants } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { errnoCode } from '../../src/io/errno.js';
import { archiveMagic, archiveMembers } from '../../src/elf/archive.js';
import { FileSource } from '../../src/elf/source.js';
import { parseOptions, usageError } from '../lib/options.js';
import { root } from '../lib/root.js';
import { quietWhenStdoutCloses } from '../lib/stdout.js';

quietWhenStdoutCloses();
process.chdir(root);

// ---------------------------------------------------------------- options --
const usage = (msg?: string): never =>
  usageError(
    'compare',
    'node dist-scripts/scripts/corpus/compare.js [--flags "-l,-lW"] [--list FILE] [--limit N] [--show N] [--batch N] [--jobs N]',
    msg,
  );
const opts = parseOptions(
  process.argv.slice(2),
  { flags: '-l,-lW', list: '.corpus/list.txt', limit: 0, show: 10, batch: 200, jobs: availableParallelism() },
  usage,
);
if (opts.batch < 1) usage('--batch must be at least 1');
if (opts.jobs < 1) usage('--jobs must be at least 1');

const flagSets = opts.flags
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map((s) => s.split(/\s+/));
if (flagSets.length === 0) usage('--flags names no flag set');

const readelfCmd = (process.env.READELF || 'readelf').trim().split(/\s+/);
const elfauditCmd = [
  ...(process.env.ELFAUDIT_CMD || 'node bin/elfaudit.js').trim().split(/\s+/),
  'readelf',
];
if (elfauditCmd[0] === 'node' && elfauditCmd[1] === 'bin/elfaudit.js') {
  if (!existsSync('dist/cli/main.js')) {
    process.stderr.write('compare: dist/ is missing: run `npm run build` first\n');
    process.exit(2);
  }
}

// ------------------------------------------------------------------- list --
function readList(listFile: string): string[] {
  if (!existsSync(listFile)) {
    process.stderr.write(
      `compare: ${listFile} not found` +
        (listFile === '.corpus/list.txt' ? ' (run scripts/corpus/fetch.sh first)' : '') +
        '\n',
    );
    process.exit(2);
  }
  const listDir = dirname(resolve(listFile));
  const out: string[] = [];
  for (const raw of readFileSync(listFile, 'utf8').split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    out.push(resolvePath(line, listDir));
  }
  return out;
}

// The path as both tools will be given it (it shows in their output): as
// written when it exists from the repo root, else relative to the list's folder,
// else (a manifest with more columns) the first word; as written otherwise.
function resolvePath(line: string, listDir: string): string {
  const candidates = [line];
  const first = line.trim().split(/\s+/)[0] ?? line;
  if (first !== line) candidates.push(first);
  for (const c of candidates) {
    if (existsSync(c)) return c;
    if (!isAbsolute(c)) {
      const r = relative(root, join(listDir, c));
      if (existsSync(r)) return r;
    }
  }
  return line;
}

let paths = readList(opts.list);
if (opts.limit > 0) paths = paths.slice(0, opts.limit);
if (paths.length === 0) {
  process.stderr.write(`compare: ${opts.list} lists no paths\n`);
  process.exit(2);
}

// ------------------------------------------------------------- e_machine --
const MACHINES: Readonly<Record<number, string>> = {
  0: 'None', 2: 'SPARC', 3: 'Intel 80386', 4: 'MC68000', 8: 'MIPS', 20: 'PowerPC',
  21: 'PowerPC64', 22: 'IBM S/390', 40: 'ARM', 42: 'Renesas SH', 43: 'SPARC v9',
  15: 'PA-RISC', 50: 'IA-64', 62: 'x86-64', 140: 'TI C6000', 183: 'AArch64', 243: 'RISC-V', 247: 'BPF',
  258: 'LoongArch',
};
// An archive's architecture: that of its first ELF member (thin archives name none).
function archiveArch(fd: number, magic: Buffer): string {
  if (archiveMagic(magic) === 'thin') return 'thin ar archive';
  const source = new FileSource(fd, BigInt(fstatSync(fd).size));
  for (const m of archiveMembers(source)) {
    const b = source.read(m.offset, 20);
    if (b.length === 20 && b.readUInt32BE(0) === 0x7f454c46) return `ar archive of ${elfArch(b)}`;
  }
  return 'ar archive without ELF members';
}

// e_machine and class/endianness of an ELF header's first 20 bytes.
function elfArch(b: Buffer): string {
  const be = b[5] === 2;
  const m = be ? b.readUInt16BE(18) : b.readUInt16LE(18);
  const cls = b[4] === 1 ? 'ELF32' : b[4] === 2 ? 'ELF64' : `class ${b[4]}`;
  const name = MACHINES[m] ?? `machine ${m}`;
  return `${name} (${m}, ${cls} ${be ? 'BE' : b[5] === 1 ? 'LE' : `data ${b[5]}`})`;
}

// A file's architecture: e_machine and class/endianness, or why there is none.
function archOf(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(20);
    const n = readSync(fd, b, 0, 20, 0);
    if (n >= 8 && archiveMagic(b) !== null) return archiveArch(fd, b);
    if (n < 4 || b.readUInt32BE(0) !== 0x7f454c46) return 'not ELF';
    if (n < 20) return 'truncated ELF header';
    return elfArch(b);
  } catch (e) {
    const code = errnoCode(e);
    if (code === undefined) throw e;
    return `unreadable (${code})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
const machineOf = (arch: string): number | undefined => {
  const m = /\((\d+),/.exec(arch);
  return m ? Number(m[1]) : undefined;
};

// -------------------------------------------------------------- running --
const env = { ...process.env, LC_ALL: 'C' };
const TIMEOUT_MS = 300_000;

/** One tool's run: both streams and the exit status (or how it died). */
interface Run {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly status: string;
}

function run(cmd: readonly string[], args: readonly string[]): Promise<Run> {
  return new Promise((resolvePromise) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const child = spawn(cmd[0]!, [...cmd.slice(1), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const finish = (status: string): void => {
      if (settled) return;
      settled = true;
      resolvePromise({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), status });
    };
    child.on('error', (e) => {
      err.push(Buffer.from(`[compare: cannot run ${cmd.join(' ')}: ${e.message}]\n`));
      finish('spawn error');
    });
    child.on('close', (code, signal) => {
      if (signal) {
        const no = osConstants.signals[signal];
        finish(`killed by ${signal}${no ? ` (${128 + no})` : ''}`);
      } else finish(String(code));
    });
  });
}

async function pool<T, R>(items: readonly T[], jobs: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}

const same = (a: Run, b: Run): boolean => a.stdout.equals(b.stdout) && a.stderr.equals(b.stderr) && a.status === b.status;

// ------------------------------------------------------------------ diff --
function splitLines(buf: Buffer): { lines: string[]; endsWithNewline: boolean } {
  const s = buf.toString('latin1');
  const lines = s.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { lines, endsWithNewline: s === '' || s.endsWith('\n') };
}
const show = (s: string): string =>
  // Make trailing blanks and control characters visible.
  /[\x00-\x08\x0b-\x1f\x7f]|\s$/.test(s) ? JSON.stringify(s) : s;

function diffStream(name: string, gnuBuf: Buffer, oursBuf: Buffer, context = 2, maxLines = 4): string[] {
  if (gnuBuf.equals(oursBuf)) return [];
  const g = splitLines(gnuBuf);
  const o = splitLines(oursBuf);
  let i = 0;
  while (i < g.lines.length && i < o.lines.length && g.lines[i] === o.lines[i]) i++;
  const out = [`    --- GNU ${name}  +++ elfaudit ${name}  @@ line ${i + 1} ` +
    `(GNU ${g.lines.length} lines, elfaudit ${o.lines.length})`];
  for (let k = Math.max(0, i - context); k < i; k++) out.push(`       ${show(g.lines[k]!)}`);
  const gTail = g.lines.slice(i, i + maxLines);
  const oTail = o.lines.slice(i, i + maxLines);
  for (const l of gTail) out.push(`     - ${show(l)}`);
  if (g.lines.length > i + maxLines) out.push(`     - ...`);
  for (const l of oTail) out.push(`     + ${show(l)}`);
  if (o.lines.length > i + maxLines) out.push(`     + ...`);
  if (gTail.length === 0 && oTail.length === 0) {
    out.push(`     (same lines; final newline: GNU ${g.endsWithNewline}, elfaudit ${o.endsWithNewline})`);
  }
  return out;
}

function describe(label: string, gnu: Run, ours: Run): string {
  const lines = [label];
  if (gnu.status !== ours.status) lines.push(`    exit status: GNU ${gnu.status}, elfaudit ${ours.status}`);
  return [...lines, ...diffStream('stdout', gnu.stdout, ours.stdout), ...diffStream('stderr', gnu.stderr, ours.stderr)].join('\n');
}

// ------------------------------------------------------------------ main --
const batches: string[][] = [];
for (let i = 0; i < paths.length; i += opts.batch) batches.push(paths.slice(i, i + opts.batch));

const archCache = new Map<string, string>();
const arch = (p: string): string => {
  let a = archCache.get(p);
  if (a === undefined) archCache.set(p, (a = archOf(p)));
  return a;
};

process.stdout.write(
  `GNU: ${readelfCmd.join(' ')}  elfaudit: ${elfauditCmd.join(' ')}\n` +
    `list: ${opts.list} (${paths.length} paths${opts.limit ? `, --limit ${opts.limit}` : ''}), ` +
    `${batches.length} batches of up to ${opts.batch}, ${opts.jobs} at a time\n`,
);

/** One file's comparison: which of the three are identical, and the report when one is not. */
interface FileResult {
  readonly path: string;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly status: boolean;
  readonly report?: string | undefined;
}

let allMatched = true;
for (const flags of flagSets) {
  const t0 = process.hrtime.bigint();
  const fileResults: FileResult[] = [];
  const batchOnly: string[] = []; // batches that differ only as a whole
  let reruns = 0;

  await pool(batches, opts.jobs, async (batch) => {
    const [gnu, ours] = await Promise.all([run(readelfCmd, [...flags, ...batch]), run(elfauditCmd, [...flags, ...batch])]);
    if (same(gnu, ours)) {
      for (const p of batch) fileResults.push({ path: p, stdout: true, stderr: true, status: true });
      return;
    }
    // Find the files that differ: one file per invocation.
    reruns += batch.length;
    const singles = await pool(batch, 1, async (p) => {
      const [g, o] = await Promise.all([run(readelfCmd, [...flags, p]), run(elfauditCmd, [...flags, p])]);
      return {
        path: p,
        stdout: g.stdout.equals(o.stdout),
        stderr: g.stderr.equals(o.stderr),
        status: g.status === o.status,
        report: same(g, o) ? undefined : describe(`  ${p}  [${arch(p)}]`, g, o),
      };
    });
    for (const r of singles) fileResults.push(r);
    if (singles.every((r) => r.report === undefined)) {
      batchOnly.push(describe(`  batch of ${batch.length} paths from ${batch[0]} (each file alone matches)`, gnu, ours));
    }
  });

  // Keep the list's order for the report.
  const order = new Map(paths.map((p, i) => [p, i]));
  fileResults.sort((a, b) => order.get(a.path)! - order.get(b.path)!);

  const n = fileResults.length;
  const count = (k: 'stdout' | 'stderr' | 'status'): number => fileResults.filter((r) => r[k]).length;
  const identical = fileResults.filter((r) => r.stdout && r.stderr && r.status);
  const differing = fileResults.filter((r) => r.report !== undefined);
  const pct = (x: number): string => (n ? ((100 * x) / n).toFixed(2) : '0.00');

  // Architectures: all files vs identical ones.
  const perArch = new Map<string, { total: number; identical: number }>();
  for (const r of fileResults) {
    const a = arch(r.path);
    const e = perArch.get(a) ?? { total: 0, identical: 0 };
    e.total++;
    if (r.stdout && r.stderr && r.status) e.identical++;
    perArch.set(a, e);
  }
  const identMachines = new Set(
    identical.map((r) => machineOf(arch(r.path))).filter((m): m is number => m !== undefined),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;

  const name = `readelf ${flags.join(' ')}`;
  const out: string[] = [];
  out.push('');
  out.push(`== ${name}: ${n} files compared in ${secs.toFixed(1)} s` +
    (reruns ? ` (${reruns} re-run one by one)` : ''));
  out.push(`  identical stdout: ${count('stdout')}/${n} (${pct(count('stdout'))}%)`);
  out.push(`  identical stderr: ${count('stderr')}/${n} (${pct(count('stderr'))}%)`);
  out.push(`  identical status: ${count('status')}/${n} (${pct(count('status'))}%)`);
  out.push(`  identical in all three: ${identical.length}/${n} (${pct(identical.length)}%)`);
  out.push(`  architectures (e_machine) among the identical: ${identMachines.size}` +
    (identMachines.size ? ` (${[...identMachines].sort((a, b) => a - b).map((m) => MACHINES[m] ?? `machine ${m}`).join(', ')})` : ''));
  out.push('  per architecture (identical/files):');
  const archRows = [...perArch.entries()].sort((a, b) => b[1].total - a[1].total);
  for (const [a, e] of archRows) out.push(`    ${String(e.identical).padStart(6)}/${String(e.total).padEnd(6)} ${a}`);
  if (differing.length || batchOnly.length) {
    out.push(`  differing files: ${differing.length}` +
      (batchOnly.length ? `; batches differing only as a whole: ${batchOnly.length}` : ''));
    const shown = differing.slice(0, opts.show);
    if (shown.length) {
      out.push(`  first ${shown.length}:`);
      for (const r of shown) out.push(r.report ?? '');
    }
    for (const b of batchOnly.slice(0, opts.show)) out.push(b);
  }
  process.stdout.write(out.join('\n') + '\n');
  if (differing.length || batchOnly.length || identical.length !== n) allMatched = false;
}

process.stdout.write(`\n${allMatched ? 'all identical' : 'DIFFERENCES FOUND'}\n`);
// exitCode rather than exit(): let a piped stdout drain.
process.exitCode = allMatched ? 0 : 1;
