import { DT } from '../elf/constants.js';
import type { DynamicTable } from '../elf/tables.js';
import type { Filedata } from './filedata.js';

/** The tags this phase looks for, as the numbers DynamicTable.tag32 returns. */
const STRTAB = Number(DT.STRTAB);
const STRSZ = Number(DT.STRSZ);
const SYMINENT = Number(DT.SYMINENT);
const SYMINSZ = Number(DT.SYMINSZ);
const SYMINFO = Number(DT.SYMINFO);

/**
 * The part of process_dynamic_section that runs for every view: loads the
 * dynamic table and the tables it points to (dynamic strings, syminfo),
 * with GNU's messages. Returns false where GNU's does (this makes the exit
 * status 1). The `-d` display is separate.
 */
export function loadDynamicSection(fd: Filedata): boolean {
  if (fd.dynamicSize <= 1n) return true;
  if (!fd.getDynamicSection()) return false;
  const dyn = fd.dynamicSection!;

  // The dynamic symbol table is looked up through DT_SYMTAB only with -D or
  // --histogram (get_num_dynamic_syms returns 0 otherwise), so there is
  // nothing to do for it here.

  if (!fd.dynamicStringsLoaded) locateDynamicStrings(fd, dyn);
  if (!fd.dynamicSyminfoLoaded && !locateSyminfo(fd, dyn)) return false;

  // GNU now records the values of the tags its other views use
  // (dynamic_info); Filedata.recordedDynamicInfo() rebuilds them on demand.
  fd.dynamicInfoComplete = true;
  return true;
}

/** The DT_STRTAB/DT_STRSZ scan: checks the first pair found can be read. */
function locateDynamicStrings(fd: Filedata, dyn: DynamicTable): void {
  let strtab = 0n;
  let strsz = 0n;
  for (let i = 0; i < dyn.count; i++) {
    fd.dynamicStringsScanned = i + 1;
    const tag = dyn.tag32(i);
    if (tag === STRTAB) strtab = dyn.at(i).value;
    if (tag === STRSZ) strsz = dyn.at(i).value;
    if (strtab !== 0n && strsz !== 0n) {
      const offset = fd.offsetFromVma(strtab, strsz);
      if (!fd.canRead(offset, 1n, strsz, 'dynamic string table')) {
        fd.diag.error('Corrupt DT_STRTAB dynamic entry');
        break;
      }
      fd.dynamicStringsLoaded = true;
      break;
    }
  }
}

/** The DT_SYMINFO scan; false when GNU's function gives up (its table cannot be read). */
function locateSyminfo(fd: Filedata, dyn: DynamicTable): boolean {
  // Most tables have none of the three tags: nothing to do then.
  if (dyn.indexOfTag(SYMINENT) < 0 && dyn.indexOfTag(SYMINSZ) < 0 && dyn.indexOfTag(SYMINFO) < 0) return true;
  let syminsz = 0n;
  for (let i = 0; i < dyn.count; i++) {
    switch (dyn.tag32(i)) {
      case SYMINENT: {
        const value = dyn.at(i).value;
        if (value !== 4n) fd.diag.error(`Bad value (${Number(BigInt.asIntN(32, value))}) for SYMINENT entry`);
        break;
      }
      case SYMINSZ:
        syminsz = dyn.at(i).value;
        break;
      case SYMINFO:
        fd.dynamicSyminfoOffset = fd.offsetFromVma(dyn.at(i).value, syminsz);
        break;
    }
  }
  if (fd.dynamicSyminfoOffset !== 0n && syminsz !== 0n) {
    if (!fd.canRead(fd.dynamicSyminfoOffset, 1n, syminsz, 'symbol information')) return false;
    fd.dynamicSyminfoLoaded = true;
  }
  return true;
}
