import { DT } from '../elf/constants.js';
import type { Filedata } from './filedata.js';

/**
 * The part of process_dynamic_section that runs for every view: loads the
 * dynamic table and the tables it points to (dynamic strings, syminfo),
 * with GNU's messages. Returns false where GNU's does (this makes the exit
 * status 1). The `-d` display is separate.
 */
export function loadDynamicSection(fd: Filedata): boolean {
  if (fd.dynamicSize <= 1n) return true;
  if (!fd.getDynamicSection()) return false;
  const entries = fd.dynamicSection!;

  // The dynamic symbol table is looked up through DT_SYMTAB only with -D or
  // --histogram (get_num_dynamic_syms returns 0 otherwise), so there is
  // nothing to do for it here.

  if (!fd.dynamicStringsLoaded) {
    for (const e of entries) {
      if (e.tag === DT.STRTAB) fd.dynamicInfo.set(DT.STRTAB, e.value);
      if (e.tag === DT.STRSZ) fd.dynamicInfo.set(DT.STRSZ, e.value);
      const strtab = fd.dynamicInfo.get(DT.STRTAB) ?? 0n;
      const strsz = fd.dynamicInfo.get(DT.STRSZ) ?? 0n;
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

  if (!fd.dynamicSyminfoLoaded) {
    let syminsz = 0n;
    for (const e of entries) {
      if (e.tag === DT.SYMINENT) {
        if (e.value !== 4n) fd.diag.error(`Bad value (${Number(BigInt.asIntN(32, e.value))}) for SYMINENT entry`);
      } else if (e.tag === DT.SYMINSZ) {
        syminsz = e.value;
      } else if (e.tag === DT.SYMINFO) {
        fd.dynamicSyminfoOffset = fd.offsetFromVma(e.value, syminsz);
      }
    }
    if (fd.dynamicSyminfoOffset !== 0n && syminsz !== 0n) {
      if (!fd.canRead(fd.dynamicSyminfoOffset, 1n, syminsz, 'symbol information')) return false;
      fd.dynamicSyminfoLoaded = true;
    }
  }

  for (const e of entries) {
    switch (e.tag) {
      case DT.PLTREL:
      case DT.NULL:
      case DT.NEEDED:
      case DT.PLTGOT:
      case DT.HASH:
      case DT.STRTAB:
      case DT.SYMTAB:
      case DT.RELA:
      case DT.INIT:
      case DT.FINI:
      case DT.SONAME:
      case DT.RPATH:
      case DT.SYMBOLIC:
      case DT.REL:
      case DT.RELR:
      case DT.DEBUG:
      case DT.TEXTREL:
      case DT.JMPREL:
      case DT.RUNPATH:
      case DT.PLTRELSZ:
      case DT.RELASZ:
      case DT.STRSZ:
      case DT.RELSZ:
      case DT.RELAENT:
      case DT.RELRENT:
      case DT.RELRSZ:
      case DT.SYMENT:
      case DT.RELENT:
        fd.dynamicInfo.set(e.tag, e.value);
        break;
    }
  }
  return true;
}
