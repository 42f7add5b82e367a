#!/usr/bin/env node
// scripts/bench/bounded.ts (npm run bench) - the commands whose memory is
// bounded by design, measured as whole processes (scripts/bench/measure.ts:
// CPU = user + system from wait4, peak RSS; medians of --runs alternating
// runs after a warm-up):
//
//   node dist-scripts/scripts/bench/bounded.js [--tree /usr/lib] [--runs 3] [--vmas 60000] [--shards 4] [--before DIR]
//
// - `baseline create` and `baseline check` (on the unchanged tree) over
//   --tree, beside `sha256sum` of the same ELF files (the paths the baseline
//   records) in the same rounds: both hash every byte anyway, so their CPU is
//   given as a multiple of sha256sum's. Then `baseline merge` of the
//   baseline's --shards shards (made by `create --shard I/N`), which reads
//   and writes the whole baseline and nothing else.
// - `pmap` and `pmap -x` of a process with --vmas VMAs
//   (test/fixtures/live/many-vmas.c, built with gcc), beside procps's pmap.
// --before DIR: another build of elfaudit (a checkout with dist/ built) measured
// in the same rounds, its rows marked `before`.
// Needs python3 (wait4); sha256sum, gcc and procps are left out when absent.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions, usageError } from '../lib/options.js';
import { root } from '../lib/root.js';
import { quietWhenStdoutCloses } from '../lib/stdout.js';
import { chunksOf, mb, measureJobs, ms, ratio, requireMeasuring, type Job } from './measure.js';

quietWhenStdoutCloses();
process.chdir(root);

const usage = (msg?: string): never => usageError('bench', 'node dist-scripts/scripts/bench/bounded.js [--tree DIR] [--runs N] [--vmas N] [--shards N] [--before DIR]', msg);
const opts = parseOptions(process.argv.slice(2), { tree: '/usr/lib', runs: 3, vmas: 60000, shards: 4, before: '' }, usage);
if (opts.before !== '' && !existsSync(join(opts.before, 'dist', 'cli', 'main.js'))) usage(`--before ${opts.before}: no built elfaudit there (dist/cli/main.js)`);
if (opts.runs < 1 || opts.vmas < 1 || opts.shards < 1) usage('--runs, --vmas and --shards must be positive integers');
requireMeasuring();
const present = (cmd: string, arg = '--version'): boolean => !spawnSync(cmd, [arg], { stdio: 'ignore' }).error;
const tmp = mkdtempSync(join(tmpdir(), 'elfaudit-bench-bounded-'));
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL'); // no error when it is gone already
  rmSync(tmp, { recursive: true, force: true });
});
const elfaudit = ['node', 'bin/elfaudit.js'];
/** Each elfaudit measured: this build, and the --before one. */
const builds: [string, string[]][] = [['', elfaudit], ...(opts.before === '' ? [] : [[' (before)', ['node', join(opts.before, 'bin', 'elfaudit.js')]] as [string, string[]]])];
const out = (s: string): boolean => process.stdout.write(`${s}\n`);

out('');
out(`load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}; CPU = user + system time (wait4), median of ${opts.runs} alternating runs after a warm-up`);
out('');

// ---- baseline create / check against sha256sum ---------------------------------------------
if (existsSync(opts.tree)) {
  const base = join(tmp, 'baseline.json');
  const made = spawnSync(elfaudit[0]!, [...elfaudit.slice(1), 'baseline', 'create', '-o', base, opts.tree], { encoding: 'utf8' });
  if (made.status !== 0) {
    out(`baseline create ${opts.tree} failed (status ${made.status}): ${made.stderr.trim()}`);
  } else {
    const doc = JSON.parse(readFileSync(base, 'utf8')) as { files: { path: string; size: number }[] };
    const paths = doc.files.map((f) => join(opts.tree, f.path));
    const bytes = doc.files.reduce((n, f) => n + f.size, 0);
    // the shards merge joins: made once, by this build (a baseline's bytes do not depend on the build that merges them)
    const shards = Array.from({ length: opts.shards }, (_, i) => join(tmp, `shard-${i + 1}.json`));
    for (const [i, shard] of shards.entries()) {
      const s = spawnSync(elfaudit[0]!, [...elfaudit.slice(1), 'baseline', 'create', '--shard', `${i + 1}/${opts.shards}`, '-o', shard, opts.tree], { encoding: 'utf8' });
      if (s.status !== 0) throw new Error(`baseline create --shard ${i + 1}/${opts.shards}: ${s.stderr.trim()}`);
    }
    const haveSha = present('sha256sum');
    const jobs: Job[] = haveSha ? [{ cmd: ['sha256sum'], chunks: chunksOf(paths) }] : [];
    for (const [, bin] of builds) {
      jobs.push(
        { cmd: [...bin, 'baseline', 'create', '-o', join(tmp, 'again.json'), opts.tree], chunks: [[]] },
        { cmd: [...bin, 'baseline', 'check', '-b', base, opts.tree], chunks: [[]] },
        { cmd: [...bin, 'baseline', 'merge', '-o', join(tmp, 'merged.json'), ...shards], chunks: [[]] },
      );
    }
    const figs = measureJobs(jobs, opts.runs);
    const sha = haveSha ? figs.shift() : undefined;
    out(`${opts.tree}: ${paths.length.toLocaleString('en-US')} ELF files recorded, ${(bytes / 1e9).toFixed(2)} GB; a baseline of ${(statSync(base).size / 1e6).toFixed(0)} MB`);
    out('');
    out('| command | CPU | × `sha256sum` of the same files | peak RSS |');
    out('|---|---|---|---|');
    if (sha !== undefined) out(`| \`sha256sum\` | ${ms(sha)} | 1.00× | ${mb(sha)} |`);
    builds.forEach(([label], i) => {
      const [create, check, merge] = [figs[3 * i]!, figs[3 * i + 1]!, figs[3 * i + 2]!];
      out(`| \`baseline create\`${label} | ${ms(create)} | ${sha ? ratio(create, sha) : '-'} | ${mb(create)} |`);
      out(`| \`baseline check\` (unchanged)${label} | ${ms(check)} | ${sha ? ratio(check, sha) : '-'} | ${mb(check)} |`);
      out(`| \`baseline merge\` (${opts.shards} shards)${label} | ${ms(merge)} | - | ${mb(merge)} |`);
    });
  }
} else {
  out(`${opts.tree}: not found, baseline left out`);
}
out('');

// ---- pmap of a process with many VMAs -------------------------------------------------------
if (process.platform === 'linux' && present('gcc')) {
  const exe = join(tmp, 'many-vmas');
  const cc = spawnSync('gcc', ['-O2', '-o', exe, 'test/fixtures/live/many-vmas.c'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`gcc: ${cc.stderr}`);
  const child = spawn(exe, [String(opts.vmas)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`many-vmas exited with ${code}`)));
  });
  const pid = String(child.pid);
  const vmas = readFileSync(`/proc/${pid}/maps`, 'latin1').split('\n').length - 1;
  const haveProcps = present('pmap', '-V');
  const flags = [[], ['-x']];
  const jobs: Job[] = [];
  for (const f of flags) {
    if (haveProcps) jobs.push({ cmd: ['pmap', ...f, pid], chunks: [[]] });
    for (const [, bin] of builds) jobs.push({ cmd: [...bin, 'pmap', ...f, pid], chunks: [[]] });
  }
  const figs = measureJobs(jobs, opts.runs);
  // measured: the process goes (its pipe would keep this script waiting for it)
  child.stdout.destroy();
  child.kill('SIGKILL');
  out(`A process with ${vmas.toLocaleString('en-US')} VMAs (test/fixtures/live/many-vmas.c):`);
  out('');
  out('| command | CPU | peak RSS |');
  out('|---|---|---|');
  for (const f of flags) {
    const name = ['pmap', ...f, 'PID'].join(' ');
    if (haveProcps) {
      const theirs = figs.shift()!;
      out(`| procps \`${name}\` | ${ms(theirs)} | ${mb(theirs)} |`);
    }
    for (const [label] of builds) {
      const ours = figs.shift()!;
      out(`| \`elfaudit ${name}\`${label} | ${ms(ours)} | ${mb(ours)} |`);
    }
  }
} else {
  out('pmap left out: needs Linux and gcc');
}
out('');
out(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
