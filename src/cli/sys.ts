import { processCommand } from './in-process.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatSysText, sysJson } from '../live/sys-format.js';
import { sysReport } from '../live/sys.js';
import { runInProcess } from './live-common.js';
import type { Output } from '../io/output.js';

interface SysFlags {
  format: 'text' | 'json';
  top: number;
}

/** `elfaudit sys`: vmstat's memory and swap view and slabtop's, from /proc. Exit 1 when /proc/meminfo etc. cannot be read. */
export function runSys(flags: SysFlags, io: Output): number {
  try {
    const r = sysReport();
    io.out(flags.format === 'json' ? JSON.stringify(sysJson(r), null, 2) + '\n' : formatSysText(r, flags.top));
    return 0;
  } catch (e) {
    io.err(`elfaudit: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function count(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a number of caches is expected');
  return Number(v);
}

export function sysCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('sys')
    .description("the system's memory as vmstat counts it (swpd, free, buff, cache, active, inactive, si, so) and slabtop's caches, with the kernel memory one VMA costs")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--top <n>', 'slab caches to list in text (most objects first)', count, 10)
    .action((flags: SysFlags) => {
      done(runSys(flags, io()));
    });
}

/** Runs `sys ARGS` in-process (tests); returns the exit status. */
export function sysMain(args: readonly string[], io: Output): number {
  return runInProcess(sysCommand, args, io);
}

export function sysCliCommand(): Command {
  return processCommand(sysCommand);
}
