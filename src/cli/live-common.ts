import { visibleControls } from '../io/escape.js';
import { isProcError } from '../proc/errors.js';
import { parsePidArgument } from '../live/pmap.js';
import type { Command } from 'commander';
import { exitOnUsage, processCommand } from './in-process.js';
import type { Output } from '../io/output.js';

/** `elfaudit: pid N: reason` — the one line for a process that cannot be inspected. */
export function pidFailureLine(pid: number, e: unknown): string {
  let reason: string;
  if (isProcError(e)) reason = e.problem === 'no-such-process' ? 'no such process' : e.message;
  else reason = e instanceof Error ? e.message : String(e);
  return `elfaudit: pid ${pid}: ${visibleControls(reason)}\n`;
}

/** Parses PID arguments (pmap's rules); writes one line per bad one and returns undefined if any is bad. */
export function parsePids(args: readonly string[], io: Output): number[] | undefined {
  const pids: number[] = [];
  let ok = true;
  for (const a of args) {
    const pid = parsePidArgument(a);
    if (pid === undefined) {
      io.err(`elfaudit: ${JSON.stringify(a)} is not a process id (1 to 2147483647, optionally as /proc/PID)\n`);
      ok = false;
    } else pids.push(pid);
  }
  return ok ? pids : undefined;
}

export { runInProcess } from './in-process.js';

/**
 * The real CLI's wiring of a system-wide command: output to file descriptors
 * 1 and 2, the status as the process's exit code, commander's own usage
 * errors as status 2.
 */
export function liveCliCommand(make: (io: () => Output, done: (status: number) => void) => Command): Command {
  return exitOnUsage(processCommand(make));
}
