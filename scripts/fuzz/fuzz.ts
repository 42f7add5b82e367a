#!/usr/bin/env node
// scripts/fuzz/fuzz.ts (npm run fuzz) - the large mutation run: seeded
// mutants of the samples (scripts/fuzz/mutate.ts) through every subcommand
// that reads files (scripts/fuzz/harness.ts), in child processes that are
// timed, measured and killed when they hang.
//
//   npm run fuzz -- [--seed 1] [--count 20000] [--from 0]
//                   [--batch 250] [--jobs 1] [--timeout 120]
//                   [--max-rss 300] [--keep DIR]
//
// Mutants [from, from + count) of run `seed` are made in batches of --batch
// in a temporary directory per child process (removed afterwards). A child
// that throws, exceeds --timeout seconds or --max-rss MiB is re-run one
// mutant at a time to name the mutants responsible. Every problem is printed
// with the mutant's recipe (`what`), which rebuilds it exactly:
// `mutant(loadSeeds(), seed, index)`. Mutants with problems are written to
// --keep (default: a new directory under the system temp dir).
// Needs dist/ (npm run build); ELFAUDIT_DIST points at another build.
// Exits 0 when no problem was found, 1 otherwise, 2 on a usage error.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { errnoCode } from '../../src/io/errno.js';
import { parseOptions, usageError } from '../lib/options.js';
import { root } from '../lib/root.js';
import { baselineExtra, type HarnessApi, type Problem, runBatch } from './harness.js';
import { loadSeeds, mutant } from './mutate.js';

const usage = (msg?: string): never =>
  usageError('fuzz', 'npm run fuzz -- [--seed N] [--count N] [--from N] [--batch N] [--jobs N] [--timeout S] [--max-rss MiB] [--keep DIR]', msg);

const opts = parseOptions(
  process.argv.slice(2),
  { seed: 1, count: 20000, from: 0, batch: 250, jobs: 1, timeout: 120, 'max-rss': 300, keep: '', child: false },
  usage,
);
if (opts.batch < 1 || opts.jobs < 1 || opts.timeout < 1) usage('--batch, --jobs and --timeout must be at least 1');

/** A mutant a problem involves: its number in the run and its recipe. */
interface Involved {
  readonly index: number;
  readonly what: string;
}
/** A problem with the mutants it involves. */
type Found = Problem & { readonly mutants: readonly Involved[] };
/** What a child prints: its problems, its time and its peak RSS. */
interface ChildResult {
  readonly problems: Found[];
  readonly ms: number;
  readonly maxRssMiB: number;
}
/** A child's run: its batch, how it ended, and its result when it printed one. */
interface ChildRun {
  readonly from: number;
  readonly count: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly result: ChildResult | undefined;
  readonly stderr: string;
}

// ------------------------------------------------------------ the child --
// Makes mutants [from, from + count), runs the harness, prints one JSON line.
async function child() {
  const dist = resolve(process.env.ELFAUDIT_DIST || join(root, 'dist'));
  // biome-ignore lint/suspicious/noExplicitAny: dist/ is loaded by path, at run time; the harness types what it calls
  const load = (p: string): Promise<any> => import(pathToFileURL(join(dist, p)).href);
  const [readelf, sink, checksec, audit, output, memory, diff, elf, probe, dynsym] = await Promise.all([
    load('cli/readelf.js'),
    load('readelf/sink.js'),
    load('cli/checksec.js'),
    load('cli/audit.js'),
    load('io/output.js'),
    load('cli/memory.js'),
    load('cli/diff.js'),
    load('elf/index.js'),
    load('elf/probe.js'),
    load('elf/dynsym.js'),
  ]);
  const api: HarnessApi = {
    readelfMain: readelf.readelfMain,
    CaptureSink: sink.CaptureSink,
    checksecMain: checksec.checksecMain,
    CaptureOutput: output.CaptureOutput,
    auditMain: audit.auditMain,
    memoryMain: memory.memoryMain,
    diffMain: diff.diffMain,
    parseElf: elf.parseElf,
    isElfFormatError: elf.isElfFormatError,
    probeElf: probe.probeElf,
    loaderDynamicSymbols: dynsym.loaderDynamicSymbols,
  };
  // baseline (the CI gate) joins when the build has it
  const baseline = await load('cli/baseline.js').catch((e: unknown) => {
    if (errnoCode(e) === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  });
  const seeds = loadSeeds();
  const dir = mkdtempSync(join(tmpdir(), 'elfaudit-fuzz-'));
  if (baseline?.baselineMain) api.extra = baselineExtra(baseline.baselineMain, dir, join(dir, '..', `${dir.split('/').pop()}.baseline.json`));
  const t0 = process.hrtime.bigint();
  try {
    const paths: string[] = [];
    const what: Record<string, Involved> = {};
    for (let i = opts.from; i < opts.from + opts.count; i++) {
      const m = mutant(seeds, opts.seed, i);
      const p = join(dir, m.name);
      writeFileSync(p, m.bytes);
      paths.push(p);
      what[p] = { index: i, what: m.what };
    }
    const problems = runBatch(api, paths, {
      list: join(dir, 'list.txt'),
      writeList: (f, text) => writeFileSync(f, text),
      readBytes: (p) => readFileSync(p),
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const out: Found[] = problems.map((p) => {
      const hit = Object.keys(what).filter((f) => (p.file || p.error).includes(f));
      return { ...p, mutants: hit.map((f) => what[f]!) };
    });
    process.stdout.write(JSON.stringify({ problems: out, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.baseline.json`, { force: true });
  }
}

// ----------------------------------------------------------- the parent --
function runChild(from: number, count: number): Promise<ChildRun> {
  return new Promise((done) => {
    const args = [fileURLToPath(import.meta.url), '--child', '--seed', String(opts.seed), '--from', String(from), '--count', String(count)];
    const c = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      c.kill('SIGKILL');
    }, opts.timeout * 1000);
    c.on('close', (code, signal) => {
      clearTimeout(timer);
      let result: ChildResult | undefined;
      try {
        result = JSON.parse(out.trim().split('\n').pop() ?? '') as ChildResult;
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        result = undefined; // it died before printing its line
      }
      done({ from, count, code, signal, timedOut, result, stderr: err.slice(-2000) });
    });
  });
}

async function parent() {
  const seeds = loadSeeds();
  if (seeds.length === 0) usage('no seed files (samples/MANIFEST)');
  const dist = resolve(process.env.ELFAUDIT_DIST || join(root, 'dist'));
  if (!existsSync(join(dist, 'cli/main.js'))) {
    process.stderr.write(`fuzz: ${dist} is missing: run \`npm run build\` first\n`);
    process.exit(2);
  }
  if (!process.env.ELFAUDIT_DIST) {
    const built = statSync(join(dist, 'cli/main.js')).mtimeMs;
    const newer = (d: string): boolean =>
      readdirSync(d, { withFileTypes: true }).some((e) =>
        e.isDirectory() ? newer(join(d, e.name)) : e.name.endsWith('.ts') && statSync(join(d, e.name)).mtimeMs > built,
      );
    if (newer(join(root, 'src'))) process.stderr.write('fuzz: warning: src/ has changed since dist/ was built (npm run build)\n');
  }
  process.stdout.write(
    `fuzz: run seed ${opts.seed}, mutants ${opts.from}..${opts.from + opts.count - 1} of ${seeds.length} seed files, ` +
      `batches of ${opts.batch}, ${opts.jobs} at a time, timeout ${opts.timeout} s, max RSS ${opts['max-rss']} MiB\n`,
  );
  const queue: [from: number, count: number][] = [];
  for (let f = opts.from; f < opts.from + opts.count; f += opts.batch) queue.push([f, Math.min(opts.batch, opts.from + opts.count - f)]);
  const problems: Found[] = [];
  let done = 0;
  let maxRss = 0;
  let maxMs = 0;
  const t0 = Date.now();

  async function settle(r: ChildRun): Promise<void> {
    if (!r.timedOut && r.result !== undefined && !(r.result.maxRssMiB > opts['max-rss'])) {
      maxRss = Math.max(maxRss, r.result.maxRssMiB);
      maxMs = Math.max(maxMs, r.result.ms);
      problems.push(...r.result.problems);
      return;
    }
    if (r.count > 1) {
      // one at a time, to name the mutant
      for (let i = r.from; i < r.from + r.count; i++) await settle(await runChild(i, 1));
      return;
    }
    const m = mutant(seeds, opts.seed, r.from);
    const why = r.timedOut
      ? `hung: killed after ${opts.timeout} s`
      : r.result === undefined
        ? `crashed (exit ${r.code ?? r.signal}): ${r.stderr.trim().split('\n').slice(-6).join(' | ')}`
        : `peak RSS ${r.result.maxRssMiB.toFixed(0)} MiB over ${opts['max-rss']} MiB`;
    problems.push({ target: 'process', file: m.name, error: why, mutants: [{ index: r.from, what: m.what }] });
  }

  async function worker(): Promise<void> {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [from, count] = next;
      await settle(await runChild(from, count));
      done += count;
      process.stderr.write(`\r  ${done}/${opts.count} mutants, ${problems.length} problems, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  await Promise.all(Array.from({ length: opts.jobs }, worker));
  process.stderr.write('\n');

  const secs = (Date.now() - t0) / 1000;
  process.stdout.write(
    `fuzz: ${opts.count} mutants in ${secs.toFixed(1)} s; slowest batch ${(maxMs / 1000).toFixed(1)} s; ` +
      `peak RSS of a batch ${maxRss.toFixed(0)} MiB; ${problems.length} problems\n`,
  );
  if (problems.length === 0) return 0;
  const keep = opts.keep || mkdtempSync(join(tmpdir(), 'elfaudit-fuzz-failures-'));
  mkdirSync(keep, { recursive: true });
  const seen = new Set<number>();
  for (const p of problems) {
    const ms = p.mutants;
    process.stdout.write(`  ${p.target}: ${p.error}\n`);
    for (const m of ms) {
      process.stdout.write(`    mutant ${m.index}: ${m.what}\n`);
      if (!seen.has(m.index)) {
        seen.add(m.index);
        const mm = mutant(seeds, opts.seed, m.index);
        writeFileSync(join(keep, mm.name), mm.bytes);
      }
    }
  }
  process.stdout.write(`fuzz: the ${seen.size} mutants involved are in ${keep}\n`);
  return 1;
}

if (opts.child) await child();
else process.exitCode = await parent();
