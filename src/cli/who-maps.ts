import { Command, Option } from 'commander';
import { openTarget, type MapTarget } from '../live/mappers.js';
import { scanProblemLines } from '../live/scan.js';
import { formatWhoMapsText, whoMapsJson } from '../live/who-maps-format.js';
import { whoMaps } from '../live/who-maps.js';
import { failureLine } from './audit-io.js';
import { liveCliCommand, runInProcess } from './live-common.js';
import type { Output } from '../io/output.js';

interface WhoMapsFlags {
  format: 'text' | 'json';
}

/**
 * `elfaudit who-maps FILE...`: every running process that maps each file
 * (by device and inode, or another file with its build-id), its VMAs and
 * memory there, and the model's prediction. Exit status 1 when a file
 * cannot be read (the others are still reported); processes that cannot be
 * read are counted on stderr and do not change the status.
 */
export function runWhoMaps(files: readonly string[], flags: WhoMapsFlags, io: Output): number {
  let status = 0;
  const targets: MapTarget[] = [];
  for (const f of files) {
    try {
      targets.push(openTarget(f));
    } catch (e) {
      io.err(failureLine(f, e));
      status = 1;
    }
  }
  if (targets.length === 0) return status;
  try {
    const report = whoMaps(targets);
    io.out(flags.format === 'json' ? JSON.stringify(whoMapsJson(report), null, 2) + '\n' : formatWhoMapsText(report));
    for (const l of scanProblemLines(report.scan)) io.err(`elfaudit: ${l}\n`);
  } catch (e) {
    io.err(`elfaudit: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return status;
}

export function whoMapsCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('who-maps')
    .description("every running process that maps each file (by device and inode, or by build-id for a file replaced on disk): its VMAs, Rss, Pss, Private_Dirty and Swap from smaps, and the page-cost model's prediction")
    .argument('<files...>', 'files (shared objects, executables)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((files: string[], flags: WhoMapsFlags) => {
      done(runWhoMaps(files, flags, io()));
    });
}

/** Runs `who-maps ARGS` in-process (tests); returns the exit status. */
export function whoMapsMain(args: readonly string[], io: Output): number {
  return runInProcess(whoMapsCommand, args, io);
}

export function whoMapsCliCommand(): Command {
  return liveCliCommand(whoMapsCommand);
}
