import { Command, Option } from 'commander';
import { formatPssText, pssJson } from '../live/pss-format.js';
import { PSS_GROUPINGS, pssReport, type PssGrouping } from '../live/pss.js';
import { scanProblemLines } from '../live/scan.js';
import { liveCliCommand, runInProcess } from './live-common.js';
import type { Output } from '../io/output.js';

interface PssFlags {
  by: PssGrouping;
  format: 'text' | 'json';
}

/**
 * `elfaudit pss [--by process|library|user]`: USS, PSS, RSS and Swap of
 * every process, mapped file or user, and the kernel memory of the VMAs.
 * Processes that cannot be read are counted on stderr (exit status 0);
 * exit 1 when /proc itself cannot be read.
 */
export function runPss(flags: PssFlags, io: Output): number {
  try {
    const r = pssReport(flags.by);
    io.out(flags.format === 'json' ? JSON.stringify(pssJson(r), null, 2) + '\n' : formatPssText(r));
    for (const l of scanProblemLines(r.scan)) io.err(`elfaudit: ${l}\n`);
    return 0;
  } catch (e) {
    io.err(`elfaudit: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

export function pssCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('pss')
    .description('the system view smem and procrank give: USS, PSS, RSS and Swap per process, per mapped file or per user, with the kernel memory of the VMAs')
    .addOption(new Option('--by <grouping>', 'group by').choices(PSS_GROUPINGS).default('process'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: PssFlags) => {
      done(runPss(flags, io()));
    });
}

/** Runs `pss ARGS` in-process (tests); returns the exit status. */
export function pssMain(args: readonly string[], io: Output): number {
  return runInProcess(pssCommand, args, io);
}

export function pssCliCommand(): Command {
  return liveCliCommand(pssCommand);
}
