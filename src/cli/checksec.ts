import type { Output } from '../io/output.js';
import { processProgress } from '../io/progress.js';
import { runInProcess } from './in-process.js';
import { stderrWriter, stdoutWriter } from '../io/fd-writer.js';
import { Command, Option } from 'commander';
import type { OutputFormat } from '../checksec/format.js';
import { runChecksec, type ChecksecOptions } from '../checksec/run.js';

interface ChecksecFlags {
  file?: string;
  dir?: string;
  listfile?: string;
  output?: string;
  format?: string;
  extended?: boolean;
}

const FORMATS: readonly OutputFormat[] = ['cli', 'csv', 'json', 'xml'];

/** Thrown by the option checks: a one-line usage error, exit status 2 (checksec.sh 2.6.0 exits 1; elfaudit's one rule, README, wins). */
class UsageError extends Error {}

/** Stops a run whose reader went away (`elfaudit checksec ... | head`). */
class BrokenPipe extends Error {}

/**
 * Colour for the cli format, as Node and most tools decide it:
 * FORCE_COLOR (anything but "0" or "false") forces it, NO_COLOR (any
 * non-empty value) turns it off, otherwise only when stdout is a terminal.
 */
export function wantColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

function checksecOptions(flags: ChecksecFlags, color: boolean): ChecksecOptions {
  const chosen = (['file', 'dir', 'listfile'] as const).filter((k) => flags[k] !== undefined);
  if (chosen.length === 0) throw new UsageError('Error: No option selected. Please select one of --file, --dir or --listfile.');
  if (chosen.length > 1) throw new UsageError('Error: Too many options selected. Please select one of --file, --dir or --listfile.');
  const mode = chosen[0]!;
  const arg = flags[mode]!;
  if (arg === '') throw new UsageError('Error: Option Required.');
  const fmt = flags.output ?? flags.format ?? 'cli';
  if (!FORMATS.includes(fmt as OutputFormat)) throw new UsageError('Error: Please provide a valid format {cli, csv, xml, json}.');
  return {
    mode,
    arg: mode === 'listfile' && arg === '-' ? '-' : Buffer.from(arg),
    format: fmt as OutputFormat,
    extended: flags.extended === true,
    color,
  };
}

/**
 * `elfaudit checksec`: checksec.sh 2.6.0's file checks (`--file`, `--dir`,
 * `--listfile`) with its fields and formats, from elfaudit's own reader.
 */
export function checksecCommand(io: () => Output, done: (status: number) => void, color: () => boolean): Command {
  return new Command('checksec')
    .description("checksec.sh 2.6.0's file checks (RELRO, canary, NX, PIE, RPATH, RUNPATH, symbols, FORTIFY), same fields and formats")
    .option('--file <file>', 'check one ELF file')
    .option('--dir <directory>', 'check every ELF file under a directory (symlinks not followed)')
    .option('--listfile <file>', "check the files listed one per line ('-': standard input)")
    .addOption(new Option('--output <format>', 'output format: cli, csv, json or xml'))
    .addOption(new Option('--format <format>', 'an alias for --output'))
    .option('--extended', 'also check Clang CFI and SafeStack (and SELFRANDO in cli output)')
    .action((flags: ChecksecFlags) => {
      let opts: ChecksecOptions;
      const sink = io();
      try {
        opts = checksecOptions(flags, color());
      } catch (e) {
        if (e instanceof UsageError) {
          sink.err(e.message + '\n');
          done(2);
          return;
        }
        throw e;
      }
      try {
        done(runChecksec(opts, sink));
      } catch (e) {
        if (e instanceof BrokenPipe) return done(0); // the reader left: stop quietly
        throw e;
      }
    });
}

/**
 * Runs `checksec ARGS` in-process and returns the exit status; `color`
 * stands for "stdout is a terminal" after NO_COLOR/FORCE_COLOR.
 */
export function checksecMain(args: readonly string[], io: Output, color = false): number {
  return runInProcess((out, done) => checksecCommand(out, done, () => color), args, io);
}


/**
 * Buffered stdout (one write per ~64 KiB), stderr written at once after a
 * flush, and a progress line on stderr when stderr is a terminal and stdout
 * is not (rows on a terminal are progress enough).
 */
export class ProcessIO implements Output {
  private parts: string[] = [];
  private pending = 0;
  private readonly bar = processProgress();
  readonly progress: ((text: string) => void) | undefined = this.bar === undefined ? undefined : (text) => this.bar!.show(text);

  out(text: string): void {
    if (text === '') return;
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 16) this.flush();
  }

  err(text: string): void {
    this.flush();
    this.bar?.clear();
    stderrWriter.write(text);
  }

  flush(): void {
    if (this.pending === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    if (!stdoutWriter.write(text)) throw new BrokenPipe();
  }
}

/** The CLI's wiring. */
export function checksecCliCommand(): Command {
  const io = new ProcessIO();
  return checksecCommand(
    () => io,
    (status) => {
      try {
        io.flush();
      } catch (e) {
        if (!(e instanceof BrokenPipe)) throw e;
      }
      process.exitCode = status;
    },
    () => wantColor(process.env, process.stdout.isTTY === true),
  );
}
