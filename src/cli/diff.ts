import { isDirectory } from './inputs.js';
import { runInProcess, processCommand } from './in-process.js';
import { Command, Option } from 'commander';
import { diffLayouts, type DiffOptions } from '../diff/diff.js';
import { diffJson, formatDiffMarkdown, formatDiffText } from '../diff/format.js';
import { formatDiffHtml } from '../pagemap/html.js';
import { LOADERS, type Loader } from '../memory/model.js';
import { readFacts } from '../memory/report.js';
import { failureLine, modelOptions } from './audit-io.js';
import type { Output } from '../io/output.js';
import type { LayoutFacts } from '../memory/facts.js';
import { visibleControls } from '../io/escape.js';
import { diffTrees, TreeDiffError } from '../diff/tree.js';
import { formatTreeDiffMarkdown, formatTreeDiffText, treeDiffJson } from '../diff/tree-format.js';
import { formatLiveCostMarkdown, formatLiveCostText, liveCostJson, liveCost } from '../live/live-cost.js';

interface DiffFlags {
  pageSize?: string;
  loader?: Loader;
  format: 'text' | 'json' | 'markdown' | 'html';
  live?: boolean;
}

/** Runs the diff command; returns the exit status (1 when either file cannot be read, 2 for bad options). */
export function runDiff(oldFile: string, newFile: string, flags: DiffFlags, io: Output): number {
  const opts: DiffOptions | undefined = modelOptions(flags, io);
  if (opts === undefined) return 2;
  const dirs = [oldFile, newFile].map(isDirectory);
  if (dirs[0] || dirs[1]) {
    if (!(dirs[0] && dirs[1])) {
      io.err(`elfaudit diff: ${visibleControls(dirs[0] ? oldFile : newFile)} is a directory and ${visibleControls(dirs[0] ? newFile : oldFile)} is not: give two files or two directories\n`);
      return 2;
    }
    if (flags.live === true) {
      io.err('elfaudit diff: --live compares two files, not two trees\n');
      return 2;
    }
    return runTreeDiff(oldFile, newFile, flags, opts, io);
  }
  const facts: (LayoutFacts | undefined)[] = [oldFile, newFile].map((f) => {
    try {
      return readFacts(f, { abi: true });
    } catch (e) {
      io.err(failureLine(f, e));
      return undefined;
    }
  });
  const [o, n] = facts;
  if (o === undefined || n === undefined) return 1;
  const d = diffLayouts(o, n, opts);
  const live = flags.live === true ? liveCost(oldFile, d.memory) : undefined;
  if (flags.format === 'json') io.out(JSON.stringify({ ...diffJson(d), ...(live && { live: liveCostJson(live) }) }, null, 2) + '\n');
  else if (flags.format === 'html') io.out(formatDiffHtml(d));
  else if (flags.format === 'markdown') io.out(formatDiffMarkdown(d) + (live ? '\n' + formatLiveCostMarkdown(live) : ''));
  else io.out(formatDiffText(d) + (live ? formatLiveCostText(live) : ''));
  return live?.error === undefined ? 0 : 1;
}

function runTreeDiff(oldDir: string, newDir: string, flags: DiffFlags, opts: DiffOptions, io: Output): number {
  let t;
  try {
    t = diffTrees(oldDir, newDir, opts);
  } catch (e) {
    if (!(e instanceof TreeDiffError)) throw e;
    for (const p of e.problems) io.err(`elfaudit diff: ${visibleControls(p.path)}: ${visibleControls(p.message)}\n`);
    return 1;
  }
  if (flags.format === 'json') io.out(JSON.stringify(treeDiffJson(t), null, 2) + '\n');
  else if (flags.format === 'markdown') io.out(formatTreeDiffMarkdown(t));
  else io.out(formatTreeDiffText(t));
  return 0;
}

export function diffCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('diff')
    .description('compare two builds: program headers, hardening verdicts, file size, and what each costs a process per page size')
    .argument('<old>', 'the old build (a file, or a directory: then NEW is one too, and files are paired by relative path and SONAME)')
    .argument('<new>', 'the new build')
    .option('--page-size <sizes>', "runtime page sizes in bytes, comma-separated, or 'all' (default: the sizes the file's architecture can have, e.g. 4096 on x86-64, 4096,16384,65536 on AArch64)")
    .addOption(new Option('--loader <loader>', 'the loader to model (default: kernel for executables, glibc otherwise)').choices(LOADERS))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown', 'html']).default('text'))
    .option('--live', "also count the running processes that map OLD and what the per-process delta costs them in total (this machine's page size)")
    .action((oldFile: string, newFile: string, flags: DiffFlags) => {
      done(runDiff(oldFile, newFile, flags, io()));
    });
}

/** Runs `diff ARGS` in-process (tests); returns the exit status. */
export function diffMain(args: readonly string[], io: Output): number {
  return runInProcess(diffCommand, args, io);
}

export function diffCliCommand(): Command {
  return processCommand(diffCommand);
}
