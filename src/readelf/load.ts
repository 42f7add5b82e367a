import type { ElfReader } from '../elf/reader.js';
import { SILENT, type Diagnostics } from './diagnostics.js';
import { loadDynamicSection } from './dynamic.js';
import { Filedata } from './filedata.js';
import { defaultOptions } from './options.js';
import { processProgramHeaders } from './program-headers.js';
import { loadSectionHeaders } from './section-headers.js';
import { DISCARD } from './sink.js';

/**
 * One file's tables as a GNU readelf 2.40 run with no view loads them:
 * process_object's phases without their displays (the probe of section 0
 * and extended numbering, process_section_headers' loading with
 * CHECK_ENTSIZE and `.dynsym`/`.dynstr`, process_program_headers' checks
 * and the dynamic section's location, process_dynamic_section's loading of
 * the dynamic table and its strings). Every view of `readelf -l`, `-d`,
 * `-s`, `--dyn-syms` and `-S` starts from this state, so code that must see
 * exactly what those views show (checksec.sh's greps) reads it from here.
 * Diagnostics go to `diag` (by default nowhere); nothing is printed. The
 * reader must have the ELF magic (process_file_header stops otherwise).
 */
export function loadFiledata(reader: ElfReader, diag: Diagnostics = SILENT): Filedata {
  const fd = new Filedata(reader.name ?? '', reader, defaultOptions(), diag, DISCARD);
  fd.getSectionHeaders(true);
  fd.applyExtendedNumbering();
  fd.sections = null;
  loadSectionHeaders(fd);
  processProgramHeaders(fd, false);
  if (fd.dynamicSize > 1n) loadDynamicSection(fd);
  return fd;
}
