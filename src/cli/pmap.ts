import { processCommand } from './in-process.js';
import { Command } from 'commander';
import { pmapEntries, pmapHead, writePmap, type PmapOptions } from '../live/pmap.js';
import { procpsUtf8Locale } from '../live/procps-escape.js';
import { parsePids, pidFailureLine, runInProcess } from './live-common.js';
import type { Output } from '../io/output.js';

interface PmapFlags {
  extended?: boolean;
  showPath?: boolean;
  quiet?: boolean;
}

/**
 * `elfaudit pmap [-x] [-p] [-q] PID...`: procps-ng 4.0.2 pmap's output for
 * each PID in order. Exit status 0, or 1 when any process does not exist or
 * its maps cannot be read (one line on stderr naming it; pmap itself exits
 * 42 for a missing process and prints nothing about it).
 */
export function runPmap(args: readonly string[], flags: PmapFlags, io: Output): number {
  const pids = parsePids(args, io);
  if (pids === undefined) return 2;
  const opts: PmapOptions = {
    extended: flags.extended === true,
    showPath: flags.showPath === true,
    quiet: flags.quiet === true,
    utf8: procpsUtf8Locale(),
  };
  let status = 0;
  for (const pid of pids) {
    try {
      // streamed: each VMA's row is written when read, and only the totals are kept
      const head = pmapHead(pid, opts);
      const error = writePmap(head, pmapEntries(head.tgid, opts), opts, (chunk) => io.out(chunk));
      if (error !== undefined) {
        io.err(pidFailureLine(pid, error));
        status = 1;
      }
    } catch (e) {
      io.err(pidFailureLine(pid, e));
      status = 1;
    }
  }
  return status;
}

export function pmapCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('pmap')
    .description("a process's memory map, as procps-ng 4.0.2 pmap prints it (read from /proc, no procps needed)")
    .argument('<pids...>', 'process ids')
    .option('-x, --extended', 'show Kbytes, RSS and Dirty per mapping (from /proc/PID/smaps)')
    .option('-p, --show-path', 'show the full path of mapped files')
    .option('-q, --quiet', 'no column header and no totals')
    .action((pids: string[], flags: PmapFlags) => {
      done(runPmap(pids, flags, io()));
    });
}

/** Runs `pmap ARGS` in-process (tests); returns the exit status. */
export function pmapMain(args: readonly string[], io: Output): number {
  return runInProcess(pmapCommand, args, io);
}

export function pmapCliCommand(): Command {
  return processCommand(pmapCommand);
}
