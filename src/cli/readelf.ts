import { Command, CommanderError } from 'commander';
import { runReadelf, type ReadelfOptions } from '../readelf/index.js';
import type { DumpRequest } from '../readelf/options.js';
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
  syms?: boolean;
  symbols?: boolean;
  symBase?: string | boolean;
  versionInfo?: boolean;
  relocs?: boolean;
  sectionGroups?: boolean;
  unwind?: boolean;
  wide?: boolean;
  archiveIndex?: boolean;
  hexDump?: DumpRequest[];
  stringDump?: DumpRequest[];
  relocatedDump?: DumpRequest[];
  decompress?: boolean;
  useDynamic?: boolean;
  histogram?: boolean;
  archSpecific?: boolean;
  all?: boolean;
}

function readelfOptions(flags: ReadelfFlags): ReadelfOptions {
  const headers = flags.headers === true;
  // -a: every view but --dyn-syms (readelf.c's parse_args).
  const all = flags.all === true;
  return {
    header: all || headers || flags.fileHeader === true,
    segments: all || headers || flags.programHeaders === true || flags.segments === true,
    sections: all || headers || flags.sectionHeaders === true || flags.sections === true,
    dynamic: all || flags.dynamic === true,
    notes: all || flags.notes === true,
    dynSyms: flags.dynSyms === true,
    syms: all || flags.syms === true || flags.symbols === true,
    symBase: symBase(flags.symBase),
    versionInfo: all || flags.versionInfo === true,
    relocs: all || flags.relocs === true,
    sectionGroups: all || flags.sectionGroups === true,
    unwind: all || flags.unwind === true,
    wide: flags.wide === true,
    archiveIndex: flags.archiveIndex === true,
    // -x, -R and -p share one list (see dumpOption), so any of them holds all.
    dumps: [...(flags.hexDump ?? flags.relocatedDump ?? flags.stringDump ?? [])],
    decompress: flags.decompress === true,
    useDynamic: flags.useDynamic === true,
    histogram: all || flags.histogram === true,
    arch: all || flags.archSpecific === true,
  };
}

/** --sym-base=N as GNU reads it: strtoul(N, 0, 0), and anything but 0, 8, 10, 16 is 0. */
function symBase(value: string | boolean | undefined): 0 | 8 | 10 | 16 {
  if (typeof value !== 'string') return 0;
  const m = /^\s*[+]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(value);
  const n = m === null ? 0 : Number(m[1]!.startsWith('0') && !/^0[xX]/.test(m[1]!) ? parseInt(m[1]!, 8) : m[1]!);
  return n === 8 || n === 10 || n === 16 ? n : 0;
}

/**
 * The parser of -x, -p and -R: every request goes into one list in
 * command-line order, whichever option made it (GNU keeps the named ones
 * in that order, newest first, and warns of missing names in it).
 */
function dumpOption(kind: DumpRequest['kind'], list: DumpRequest[]): (value: string) => DumpRequest[] {
  return (value) => {
    list.push({ kind, section: value });
    return list;
  };
}

/**
 * GNU readelf options elfaudit does not port: each is refused with one
 * line naming it (docs/readelf.md lists them), before any file is read.
 */
const UNPORTED: readonly (readonly [string, string])[] = [
  ['-t, --section-details', 'sectionDetails'],
  // GNU's getopt string has N, undocumented: the same view as -t.
  ['-N', 'N'],
  ['--lto-syms', 'ltoSyms'],
  ['-C, --demangle [style]', 'demangle'],
  ['-L, --lint', 'lint'],
  ['--enable-checks', 'enableChecks'],
  ['-w, --debug-dump [sections]', 'debugDump'],
  ['-P, --process-links', 'processLinks'],
  ['--ctf <section>', 'ctf'],
  ['--sframe [name]', 'sframe'],
  ['-U, --unicode <mode>', 'unicode'],
  ['-T, --silent-truncation', 'silentTruncation'],
];

/** The first unported option given, as its flags spell it, or null. */
function unportedOption(flags: Record<string, unknown>): string | null {
  for (const [spec, key] of UNPORTED) {
    if (flags[key] !== undefined) return spec.replace(/ [<[].*$/, '');
  }
  return null;
}

/**
 * `elfaudit readelf`: GNU readelf 2.40's options and output. The action
 * writes through `sink()` and reports the exit status through `done`.
 */
export function readelfCommand(sink: () => ReadelfSink, done: (status: number) => void): Command {
  const dumps: DumpRequest[] = [];
  const cmd = new Command('readelf')
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
    .option('-s, --syms', 'display the symbol table')
    .option('--symbols', 'an alias for --syms')
    .option('--sym-base [base]', 'force base for symbol sizes: 0 (mixed), 8, 10 or 16')
    .option('-g, --section-groups', 'display the section groups')
    .option('-r, --relocs', 'display the relocations')
    .option('-V, --version-info', 'display the version sections')
    .option('-u, --unwind', 'display the unwind info')
    .option('-W, --wide', 'allow output width to exceed 80 characters')
    .option('-c, --archive-index', 'display the symbol/file index in an archive')
    .option('-x, --hex-dump <number|name>', 'dump the contents of a section as bytes', dumpOption('hex', dumps))
    .option('-p, --string-dump <number|name>', 'dump the contents of a section as strings', dumpOption('string', dumps))
    .option('-R, --relocated-dump <number|name>', 'dump a section as bytes with relocations applied', dumpOption('reloc', dumps))
    .option('-z, --decompress', 'decompress a section before dumping it')
    .option('-D, --use-dynamic', 'use the dynamic section info when displaying symbols and relocations')
    .option('-a, --all', 'equivalent to: -h -l -S -s -r -d -V -A -I -n -u -g')
    .option('-A, --arch-specific', 'display architecture specific information (if any)')
    .option('-I, --histogram', 'display histogram of bucket list lengths')
    .helpOption('-H, --help', 'display this information');
  for (const [spec] of UNPORTED) cmd.option(spec, 'not supported by elfaudit');
  return cmd.action((files: string[], flags: ReadelfFlags) => {
    const refused = unportedOption(flags as Record<string, unknown>);
    if (refused !== null) {
      const why = refused.startsWith('-C') ? ' (demangling would need a dependency)' : refused === '-N' ? ' (GNU: -t, --section-details)' : '';
      sink().err(`elfaudit readelf: ${refused} is not supported${why}\n`);
      done(1);
      return;
    }
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
