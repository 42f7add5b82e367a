import { runInProcess, processCommand } from './in-process.js';
import { Command, Option } from 'commander';
import { formatMemoryText, MEMORY_JSON_SCHEMA, memoryJson } from '../memory/format.js';
import { HTML_TAIL, htmlHead, memoryHtmlSection } from '../pagemap/html.js';
import { LOADERS, type Loader } from '../memory/model.js';
import { memoryReport, type MemoryOptions } from '../memory/report.js';
import { failureLine, modelOptions } from './audit-io.js';
import { processOutput, type Output } from '../io/output.js';
import { processProgress, withProgress } from '../io/progress.js';
import { visibleControls } from '../io/escape.js';
import { expandInputs, pathText } from './inputs.js';

interface MemoryFlags {
  pageSize?: string;
  loader?: Loader;
  format: 'text' | 'json' | 'html';
  listfile?: string;
}

/**
 * Runs the memory command over FILES; returns the exit status (1 if any
 * file failed). JSON: one document, `{"schema":2,"files":[…]}`, for one file or many,
 * written an element at a time (the same bytes as JSON.stringify of the whole).
 */
export function runMemory(files: readonly string[], flags: MemoryFlags, io: Output): number {
  const opts: MemoryOptions | undefined = modelOptions(flags, io);
  if (opts === undefined) return 2;
  let status = 0;
  const json = flags.format === 'json';
  // The JSON is one document whose files are written an element at a time as each
  // report is made (the same text as JSON.stringify of the whole document), so
  // a large tree's reports are never all held in memory.
  let elements = 0;
  // HTML is one document for every file, a section written as each report is made
  const html = flags.format === 'html';
  if (html) io.out(`${htmlHead('elfaudit memory')}<h1>elfaudit memory</h1>\n`);
  files.forEach((file, i) => {
    if (io.closed === true) return;
    io.progress?.(`[${i + 1}/${files.length}] ${visibleControls(file)}`);
    try {
      const report = memoryReport(file, opts);
      if (html) io.out(memoryHtmlSection(report) + '\n');
      else if (!json) io.out((i > 0 ? '\n' : '') + formatMemoryText(report));
      else io.out((elements++ === 0 ? `{\n  "schema": ${MEMORY_JSON_SCHEMA},\n  "files": [\n` : ',\n') + '    ' + JSON.stringify(memoryJson(report), null, 2).replace(/\n/g, '\n    '));
    } catch (e) {
      io.err(failureLine(file, e));
      status = 1;
    }
  });
  io.progress?.('');
  if (json) io.out(elements === 0 ? `{\n  "schema": ${MEMORY_JSON_SCHEMA},\n  "files": []\n}\n` : '\n  ]\n}\n');
  if (html) io.out(HTML_TAIL);
  return status;
}

export function memoryCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('memory')
    .description("estimate what mapping each ELF file costs a process: pages, VMAs, dirty pages and RELRO's effect, per page size")
    .argument('[paths...]', 'ELF files, or directories to walk for them (as checksec --dir does)')
    .option('--listfile <file>', 'also the paths listed in FILE, one per line (- for standard input)')
    .option('--page-size <sizes>', "runtime page sizes in bytes, comma-separated, or 'all' (default: the sizes the file's architecture can have, e.g. 4096 on x86-64, 4096,16384,65536 on AArch64)")
    .addOption(new Option('--loader <loader>', 'the loader to model (default: kernel for executables, glibc otherwise)').choices(LOADERS))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .action((args: string[], flags: MemoryFlags) => {
      const sink = io();
      if (args.length === 0 && flags.listfile === undefined) {
        sink.err('elfaudit memory: name at least one FILE or DIR, or --listfile\n');
        return done(2);
      }
      const inputs = expandInputs(args, flags.listfile);
      const status = runMemory(inputs.paths.map(pathText), flags, sink);
      for (const p of inputs.problems) sink.err(`elfaudit memory: ${visibleControls(p)}\n`);
      done(status === 0 && inputs.problems.length > 0 ? 1 : status);
    });
}

/** Runs `memory ARGS` in-process (tests); returns the exit status. */
export function memoryMain(args: readonly string[], io: Output): number {
  return runInProcess(memoryCommand, args, io);
}

export function memoryCliCommand(): Command {
  // a progress line on a terminal's stderr while a tree is read (src/io/progress.ts)
  return processCommand(memoryCommand, withProgress(processOutput, processProgress()));
}
