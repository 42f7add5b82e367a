import { openOutputFile, type OutputFile } from '../io/output-file.js';
import { Command, Option } from 'commander';
import { InputError } from '../gate/json-input.js';
import { formatSnapshotDiffMarkdown, formatSnapshotDiffText, snapshotDiffJson } from '../live/snapshot-diff-format.js';
import { diffSnapshots } from '../live/snapshot-diff.js';
import { parseSnapshot, type Snapshot } from '../live/snapshot-read.js';
import { takeSnapshot } from '../live/snapshot.js';
import { scanProblemLines } from '../live/scan.js';
import { readJson, UsageError } from './baseline.js';
import { errnoMessage } from '../io/errno.js';
import { visibleControls } from '../io/escape.js';
import { liveCliCommand, runInProcess } from './live-common.js';
import type { Output } from '../io/output.js';

/**
 * `elfaudit snapshot --output F` and `elfaudit snapshot diff A B`.
 * Exit status: 0 done; 1 when the snapshot cannot be written, /proc cannot
 * be read, or a snapshot to compare cannot be read or is not one (one line
 * naming the file and the problem); 2 for usage errors.
 */


/** Streams the snapshot to FILE through a temporary file and a rename (`-`: standard output). */
export function runSnapshot(output: string | undefined, io: Output): number {
  if (output === undefined || output === '') {
    io.err('elfaudit snapshot: --output FILE is required (- for standard output)\n');
    return 2;
  }
  const toStdout = output === '-';
  let file: OutputFile | undefined;
  try {
    file = toStdout ? undefined : openOutputFile(output);
    const write = (text: string) => {
      if (file === undefined) io.out(text);
      else file.write(text);
    };
    const summary = takeSnapshot(write);
    if (file !== undefined) {
      const f = file;
      file = undefined;
      f.commit();
    }
    for (const l of scanProblemLines(summary.scan)) io.err(`elfaudit snapshot: ${l}\n`);
    const where = toStdout ? 'standard output' : output;
    io.err(`elfaudit snapshot: ${visibleControls(where)}: ${summary.processes} processes, ${summary.files} ELF files\n`);
    return 0;
  } catch (e) {
    file?.abort();
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const reason = code !== undefined && e instanceof Error && 'syscall' in e ? `cannot write: ${errnoMessage(e)}` : e instanceof Error ? e.message : String(e);
    io.err(`elfaudit snapshot: ${visibleControls(output)}: ${visibleControls(reason)}\n`);
    return 1;
  }
}

/** Reads and checks one snapshot; every failure is one UsageError line. */
function loadSnapshot(file: string): Snapshot {
  const doc = readJson('snapshot', file);
  try {
    return parseSnapshot(doc, file);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(`snapshot ${file}: not an elfaudit snapshot: ${e.message}`);
    throw e;
  }
}

interface DiffFlags {
  format: 'text' | 'json' | 'markdown';
}

export function runSnapshotDiff(a: string, b: string, flags: DiffFlags, io: Output): number {
  try {
    const d = diffSnapshots(loadSnapshot(a), loadSnapshot(b));
    if (flags.format === 'json') io.out(JSON.stringify(snapshotDiffJson(d), null, 2) + '\n');
    else if (flags.format === 'markdown') io.out(formatSnapshotDiffMarkdown(d));
    else io.out(formatSnapshotDiffText(d));
    return 0;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`elfaudit snapshot diff: ${visibleControls(e.message)}\n`);
    return 1;
  }
}

export function snapshotCommand(io: () => Output, done: (status: number) => void): Command {
  const diff = new Command('diff')
    .description('compare two snapshots (from this machine or two): processes and libraries whose PSS, Swap or VMAs grew, and why, where a library\'s layout changed')
    .argument('<old>', 'the earlier snapshot')
    .argument('<new>', 'the later snapshot')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((a: string, b: string, flags: DiffFlags) => {
      done(runSnapshotDiff(a, b, flags, io()));
    });
  const snapshot = new Command('snapshot')
    .description("record the system's memory as JSON: per process its command and mappings (path, build-id, VMAs, Rss, Pss, Swap), each mapped ELF file's layout once, meminfo, vmstat and the price of a VMA")
    .option('-o, --output <file>', 'where to write the snapshot (- for standard output)')
    .action((flags: { output?: string }) => {
      done(runSnapshot(flags.output, io()));
    })
    .addCommand(diff);
  return snapshot;
}

/** Runs `snapshot ARGS` in-process (tests); returns the exit status. */
export function snapshotMain(args: readonly string[], io: Output): number {
  return runInProcess(snapshotCommand, args, io);
}

export function snapshotCliCommand(): Command {
  return liveCliCommand(snapshotCommand);
}
