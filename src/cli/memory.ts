import { runInProcess, processCommand } from './in-process.js';
import { Command, Option } from 'commander';
import { formatMemoryText, memoryJson } from '../memory/format.js';
import { HTML_TAIL, htmlHead, memoryHtmlSection } from '../pagemap/html.js';
import { LOADERS, type Loader } from '../memory/model.js';
import { memoryReport, type MemoryOptions } from '../memory/report.js';
import { failureLine, modelOptions } from './audit-io.js';
import type { Output } from '../io/output.js';

interface MemoryFlags {
  pageSize?: string;
  loader?: Loader;
  format: 'text' | 'json' | 'html';
}

/**
 * Runs the memory command over FILES; returns the exit status (1 if any
 * file failed). JSON: one object for one file, an array for several.
 */
export function runMemory(files: readonly string[], flags: MemoryFlags, io: Output): number {
  const opts: MemoryOptions | undefined = modelOptions(flags, io);
  if (opts === undefined) return 2;
  let status = 0;
  const json = flags.format === 'json';
  // Several files' JSON is one array, written an element at a time as each
  // report is made (the same text as JSON.stringify of the whole array), so
  // a large tree's reports are never all held in memory.
  let elements = 0;
  // HTML is one document for every file, a section written as each report is made
  const html = flags.format === 'html';
  if (html) io.out(`${htmlHead('elfaudit memory')}<h1>elfaudit memory</h1>\n`);
  files.forEach((file, i) => {
    if (io.closed === true) return;
    try {
      const report = memoryReport(file, opts);
      if (html) io.out(memoryHtmlSection(report) + '\n');
      else if (!json) io.out((i > 0 ? '\n' : '') + formatMemoryText(report));
      else if (files.length === 1) io.out(JSON.stringify(memoryJson(report), null, 2) + '\n');
      else io.out((elements++ === 0 ? '[\n' : ',\n') + '  ' + JSON.stringify(memoryJson(report), null, 2).replace(/\n/g, '\n  '));
    } catch (e) {
      io.err(failureLine(file, e));
      status = 1;
    }
  });
  if (json && files.length !== 1) io.out(elements === 0 ? '[]\n' : '\n]\n');
  if (html) io.out(HTML_TAIL);
  return status;
}

export function memoryCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('memory')
    .description("estimate what mapping each ELF file costs a process: pages, VMAs, dirty pages and RELRO's effect, per page size")
    .argument('<files...>', 'ELF files')
    .option('--page-size <sizes>', "runtime page sizes in bytes, comma-separated, or 'all' (default: the sizes the file's architecture can have, e.g. 4096 on x86-64, 4096,16384,65536 on AArch64)")
    .addOption(new Option('--loader <loader>', 'the loader to model (default: kernel for executables, glibc otherwise)').choices(LOADERS))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .action((files: string[], flags: MemoryFlags) => {
      done(runMemory(files, flags, io()));
    });
}

/** Runs `memory ARGS` in-process (tests); returns the exit status. */
export function memoryMain(args: readonly string[], io: Output): number {
  return runInProcess(memoryCommand, args, io);
}

export function memoryCliCommand(): Command {
  return processCommand(memoryCommand);
}
