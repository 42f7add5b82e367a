import { Command, CommanderError } from 'commander';
import { runReadelf, type ReadelfOptions } from '../readelf/index.js';
import { FdSink, type ReadelfSink } from '../readelf/sink.js';

interface ReadelfFlags {
  fileHeader?: boolean;
  programHeaders?: boolean;
  segments?: boolean;
  sectionHeaders?: boolean;
  sections?: boolean;
  headers?: boolean;
  dynamic?: boolean;
  notes?: boolean;
  dynSyms?: boolean;
  unwind?: boolean;
  wide?: boolean;
}

function readelfOptions(flags: ReadelfFlags): ReadelfOptions {
  const all = flags.headers === true;
  return {
    header: all || flags.fileHeader === true,
    segments: all || flags.programHeaders === true || flags.segments === true,
    sections: all || flags.sectionHeaders === true || flags.sections === true,
    dynamic: flags.dynamic === true,
    notes: flags.notes === true,
    dynSyms: flags.dynSyms === true,
    unwind: flags.unwind === true,
    wide: flags.wide === true,
  };
}

/**
 * `elfaudit readelf`: GNU readelf 2.40's options and output. The action
 * writes through `sink()` and reports the exit status through `done`.
 */
export function readelfCommand(sink: () => ReadelfSink, done: (status: number) => void): Command {
  return new Command('readelf')
    .description('display ELF file information exactly as GNU readelf 2.40 does')
    .argument('[files...]', 'ELF files')
    .option('-h, --file-header', 'display the ELF file header')
    .option('-l, --program-headers', 'display the program headers')
    .option('--segments', 'an alias for --program-headers')
    .option('-S, --section-headers', "display the sections' header")
    .option('--sections', 'an alias for --section-headers')
    .option('-e, --headers', 'equivalent to: -h -l -S')
    .option('-d, --dynamic', 'display the dynamic section')
    .option('-n, --notes', 'display the core notes')
    .option('--dyn-syms', 'display the dynamic symbol table')
    .option('-u, --unwind', 'display the unwind info')
    .option('-W, --wide', 'allow output width to exceed 80 characters')
    .helpOption('-H, --help', 'display this information')
    .action((files: string[], flags: ReadelfFlags) => {
      done(runReadelf(files, readelfOptions(flags), sink()));
    });
}

/**
 * Runs `readelf ARGS` in-process, writing to `sink`; returns the exit
 * status. Used by tests to exercise option parsing exactly as the CLI does.
 */
export function readelfMain(args: readonly string[], sink: ReadelfSink): number {
  let status = 0;
  const cmd = readelfCommand(
    () => sink,
    (s) => {
      status = s;
    },
  ).exitOverride();
  try {
    cmd.parse(args as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    throw e;
  }
  return status;
}

/** The CLI's wiring: stdout/stderr through one buffered sink. */
export function readelfCliCommand(): Command {
  const out = new FdSink();
  return readelfCommand(
    () => out,
    (status) => {
      out.flush();
      process.exitCode = status;
    },
  );
}
