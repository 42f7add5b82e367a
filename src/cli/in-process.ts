import { visibleLines } from '../io/escape.js';
import { processOutput, type Output } from '../io/output.js';
import { CommanderError, type Command } from 'commander';

/**
 * Runs a command in-process with its output captured (tests, library
 * callers) and returns the exit status. `make` builds the command from an
 * output provider and a status callback, as each CLI module does for its
 * real wiring; commander's own messages (usage errors, help) go to `io`
 * too, and a usage error exits with `usageStatus` (each command documents
 * its own: 1 for checksec and audit as checksec.sh does, 2 elsewhere).
 */
export function runInProcess<IO extends Output>(
  make: (io: () => IO, done: (status: number) => void) => Command,
  args: readonly string[],
  io: IO,
  usageStatus = 2,
): number {
  let status = 0;
  const cmd = make(
    () => io,
    (s) => {
      status = s;
    },
  );
  eachCommand(cmd, (c) => c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(visibleLines(s)) }));
  try {
    cmd.parse(args as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : usageStatus;
    throw e;
  }
  return status;
}

/** Applies F to CMD and every subcommand below it (commander does not pass settings to added subcommands). */
function eachCommand(cmd: Command, f: (c: Command) => void): void {
  f(cmd);
  for (const c of cmd.commands) eachCommand(c, f);
}

/**
 * For the real CLI: commander's own usage errors (a missing argument, a bad
 * choice) exit with USAGESTATUS instead of commander's 1; help exits 0.
 */
export function exitOnUsage(cmd: Command, usageStatus = 2): Command {
  eachCommand(cmd, (c) => c.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageStatus)));
  return cmd;
}

/**
 * The real CLI's wiring of a command: output to file descriptors 1 and 2
 * (src/io/output.ts), the status as the process's exit code.
 */
export function processCommand(make: (io: () => Output, done: (status: number) => void) => Command, output: Output = processOutput): Command {
  return make(
    () => output,
    (status) => {
      process.exitCode = status;
    },
  );
}
