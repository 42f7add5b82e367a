import { Command } from 'commander';
import { runReadelf } from '../readelf/index.js';
import { FdSink } from '../readelf/sink.js';

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

/** `elfaudit readelf`: GNU readelf 2.40's options and output. */
export function readelfCommand(): Command {
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
    .action((files: string[], flags: ReadelfFlags) => {
      const sink = new FdSink();
      const all = flags.headers === true;
      const status = runReadelf(
        files,
        {
          header: all || flags.fileHeader === true,
          segments: all || flags.programHeaders === true || flags.segments === true,
          sections: all || flags.sectionHeaders === true || flags.sections === true,
          dynamic: flags.dynamic === true,
          notes: flags.notes === true,
          dynSyms: flags.dynSyms === true,
          unwind: flags.unwind === true,
          wide: flags.wide === true,
        },
        sink,
      );
      sink.flush();
      process.exitCode = status;
    });
}
