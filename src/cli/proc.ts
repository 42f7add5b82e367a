import { processCommand } from './in-process.js';
import { Command, Option } from 'commander';
import { formatProcessText, processJson } from '../live/process-format.js';
import { processReport } from '../live/process.js';
import { parsePids, pidFailureLine, runInProcess } from './live-common.js';
import type { Output } from '../io/output.js';

interface ProcFlags {
  format: 'text' | 'json';
}

/**
 * `elfaudit proc PID`: every VMA with its smaps sizes, tied to ELF segments
 * and sections, totals from smaps_rollup, and the page-cost model's
 * prediction per mapped object against the measurement. Exit status 1 when
 * the process does not exist or cannot be read.
 */
export function runProc(arg: string, flags: ProcFlags, io: Output): number {
  const pids = parsePids([arg], io);
  if (pids === undefined) return 2;
  const pid = pids[0]!;
  try {
    const report = processReport(pid);
    io.out(flags.format === 'json' ? JSON.stringify(processJson(report), null, 2) + '\n' : formatProcessText(report));
    return 0;
  } catch (e) {
    io.err(pidFailureLine(pid, e));
    return 1;
  }
}

export function procCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('proc')
    .description("a running process's VMAs from /proc/PID/smaps, tied to ELF segments and sections, with the page-cost model's prediction per object")
    .argument('<pid>', 'process id')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((pid: string, flags: ProcFlags) => {
      done(runProc(pid, flags, io()));
    });
}

/** Runs `proc ARGS` in-process (tests); returns the exit status. */
export function procMain(args: readonly string[], io: Output): number {
  return runInProcess(procCommand, args, io);
}

export function procCliCommand(): Command {
  return processCommand(procCommand);
}
