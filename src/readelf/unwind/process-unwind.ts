import { EM, SHT } from '../../elf/constants.js';
import type { Filedata } from '../filedata.js';
import { gnuMachineName } from '../../names/machines.js';
import { armProcessUnwind } from './arm-unwind.js';
import { hppaProcessUnwind } from './hppa-unwind.js';
import { scanUnwindSections } from './symbols.js';


/**
 * process_unwind (`-u`): the unwind tables of the machines GNU readelf 2.40
 * decodes. ARM and TI C6000 index tables (arm-unwind.ts) and HPPA's
 * .PARISC.unwind (hppa-unwind.ts) are ported; i386 and x86-64 print GNU's
 * fixed line; machines without a handler get GNU's "not currently
 * supported" line. IA-64 is ported up to its unwind sections: a file with
 * none prints what GNU prints, a file with some gets an elfaudit error
 * saying they cannot be decoded (GNU's IA-64 unwind decoder is not ported),
 * rather than anything GNU would not print. Returns false where GNU's does.
 */
export function processUnwind(fd: Filedata): boolean {
  if (!fd.opts.unwind) return true;
  const machine = fd.header.machine;
  switch (machine) {
    case EM.ARM:
    case EM.TI_C6000:
      return armProcessUnwind(fd);
    case EM.I386:
    case EM.X86_64:
      fd.sink.out('No processor specific unwind information to decode\n');
      return true;
    case EM.PARISC:
      return hppaProcessUnwind(fd);
    case EM.IA_64:
      return ia64ProcessUnwind(fd);
    default:
      fd.sink.out(
        `\nThe decoding of unwind sections for machine type ${gnuMachineName(machine)} is not currently supported.\n`,
      );
      return true;
  }
}

/** ia64_process_unwind, as far as it goes without decoding an unwind section. */
function ia64ProcessUnwind(fd: Filedata): boolean {
  const sections = fd.sections!;
  const scan = scanUnwindSections(fd, (i) => sections.type(i) === SHT.IA_64_UNWIND);
  if (scan === null) return false;
  if (scan.unwind.length === 0) {
    fd.sink.out('\nThere are no unwind sections in this file.\n');
    return true;
  }
  fd.diag.error(`${fd.name}: decoding IA-64 unwind sections is not supported by elfaudit yet`);
  return false;
}

/** get_machine_name. */
