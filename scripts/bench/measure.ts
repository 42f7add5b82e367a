// scripts/bench/measure.ts - whole-process measurements for the bench
// scripts: CPU = user + system time from wait4 (scripts/bench/rusage.py,
// which also gives the peak RSS), medians of alternating runs after one
// warm-up run each, so tools compared in one table share the machine's load.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Exits (status 1, one line) unless python3 (for wait4) and a built dist/ are there. */
export function requireMeasuring(): void {
  if (spawnSync('python3', ['-c', ''], { stdio: 'ignore' }).error) {
    process.stderr.write('bench: python3 is needed to read CPU time from wait4 (scripts/bench/rusage.py)\n');
    process.exit(1);
  }
  if (!existsSync('dist/cli/main.js')) {
    process.stderr.write('bench: dist/ is missing: run `npm run build` first\n');
    process.exit(1);
  }
}

export interface Figures {
  readonly cpu: number; // seconds
  readonly rss: number; // KiB
  /** CPU of each round, in order (the medians' inputs). */
  readonly runs?: readonly number[];
}

/** A command and the path chunks appended to it, one process per chunk (a single [] chunk: one run as is). */
export interface Job {
  readonly cmd: readonly string[];
  readonly chunks: readonly (readonly string[])[];
}

const timeDir = mkdtempSync(join(tmpdir(), 'elfaudit-bench-'));
process.on('exit', () => rmSync(timeDir, { recursive: true, force: true }));
const timeFile = join(timeDir, 'rusage');

/** One run of a job: CPU seconds summed over its chunks, peak RSS the largest. */
export function runOnce(job: Job): Figures {
  let cpu = 0;
  let rss = 0;
  for (const chunk of job.chunks) {
    const r = spawnSync('python3', ['scripts/bench/rusage.py', timeFile, ...job.cmd, ...chunk], {
      stdio: 'ignore',
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (r.error !== undefined) throw r.error;
    const [, user = NaN, sys = NaN, maxrss = NaN] = readFileSync(timeFile, 'utf8').trim().split(' ').map(Number);
    cpu += user + sys;
    rss = Math.max(rss, maxrss);
  }
  return { cpu, rss };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Every job once as a warm-up, then RUNS alternating rounds; medians. */
export function measureJobs(jobs: readonly Job[], runs: number): Figures[] {
  for (const j of jobs) runOnce(j);
  const all: Figures[][] = jobs.map(() => []);
  for (let i = 0; i < runs; i++) jobs.forEach((j, k) => all[k]!.push(runOnce(j)));
  return all.map((r) => ({ cpu: median(r.map((f) => f.cpu)), rss: median(r.map((f) => f.rss)), runs: r.map((f) => f.cpu) }));
}

/** The paths in chunks whose command lines stay well under ARG_MAX. */
export function chunksOf(paths: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const p of paths) {
    const b = Buffer.byteLength(p) + 9;
    if (cur.length > 0 && bytes + b > 1024 * 1024) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(p);
    bytes += b;
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

export const ms = (f: Figures): string => (f.cpu < 10 ? `${(f.cpu * 1000).toFixed(1)} ms` : `${f.cpu.toFixed(1)} s`);
export const mb = (f: Figures): string => `${(f.rss / 1024).toFixed(0)} MB`;
export const ratio = (a: Figures, b: Figures): string => `${(a.cpu / b.cpu).toFixed(2)}×`;
/** The ratio of the medians, and the lowest and highest ratio of one round's two runs. */
export const ratioSpread = (a: Figures, b: Figures): string => {
  const each = (a.runs ?? []).map((x, i) => x / (b.runs ?? [])[i]!);
  if (each.length < 2) return ratio(a, b);
  const lo = each.reduce((m, x) => Math.min(m, x), Infinity);
  const hi = each.reduce((m, x) => Math.max(m, x), -Infinity);
  return `${ratio(a, b)} (${lo.toFixed(2)}–${hi.toFixed(2)})`;
};
