import { DT32 as TAG, DT_AARCH64, DT_HP_DLD_FLAGS, DT_IA_64, DT_MIPS, EM } from '../elf/constants.js';
import type { DynamicTable } from '../elf/tables.js';
import type { Filedata } from './filedata.js';
import {
  DF_1_NAMES,
  DF_GNU_1_NAMES,
  DF_P1_NAMES,
  DTF_1_NAMES,
  dynamicFlagsText,
  dynamicTypeName,
  flagsLine,
  gmtimeText,
  hpDldFlagsText,
  mipsFlagsText,
  vmsLinkFlagsText,
  vmsTimeText,
} from './dynamic-tags.js';
import { hex, spaces, u64 } from './printf.js';
import { loadDynamicSymbols } from './dynamic-symbols.js';

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

  // Without a .dynsym, or with --histogram: the hash tables and the
  // symbols through DT_SYMTAB (dynamic-symbols.ts).
  if (!loadDynamicSymbols(fd, dyn)) return false;

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
    if (tag === TAG.STRTAB) strtab = dyn.at(i).value;
    if (tag === TAG.STRSZ) strsz = dyn.at(i).value;
    if (strtab !== 0n && strsz !== 0n) {
      const offset = fd.offsetFromVma(strtab, strsz);
      if (!fd.canRead(offset, 1n, strsz, 'dynamic string table')) {
        fd.diag.error('Corrupt DT_STRTAB dynamic entry');
        break;
      }
      fd.setDynamicStrings(offset, strsz);
      break;
    }
  }
}

/** The DT_SYMINFO scan; false when GNU's function gives up (its table cannot be read). */
function locateSyminfo(fd: Filedata, dyn: DynamicTable): boolean {
  // Most tables have none of the three tags: nothing to do then.
  if (dyn.indexOfTag(TAG.SYMINENT) < 0 && dyn.indexOfTag(TAG.SYMINSZ) < 0 && dyn.indexOfTag(TAG.SYMINFO) < 0) return true;
  let syminsz = 0n;
  for (let i = 0; i < dyn.count; i++) {
    switch (dyn.tag32(i)) {
      case TAG.SYMINENT: {
        const value = dyn.at(i).value;
        if (value !== 4n) fd.diag.error(`Bad value (${Number(BigInt.asIntN(32, value))}) for SYMINENT entry`);
        break;
      }
      case TAG.SYMINSZ:
        syminsz = dyn.at(i).value;
        break;
      case TAG.SYMINFO:
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

/**
 * process_dynamic_section: the loading above for every view, and the `-d`
 * display. Returns false where GNU's does (the exit status becomes 1).
 */
export function processDynamicSection(fd: Filedata): boolean {
  if (fd.dynamicSize <= 1n) {
    if (fd.opts.dynamic) fd.sink.out('\nThere is no dynamic section in this file.\n');
    return true;
  }
  if (!loadDynamicSection(fd)) return false;
  if (fd.opts.dynamic) fd.sink.out(dynamicSectionText(fd, fd.dynamicSection!));
  return true;
}

/** The `-d` display of a loaded dynamic table (GNU prints no diagnostics in it). */
function dynamicSectionText(fd: Filedata, dyn: DynamicTable): string {
  let out = '';
  if (fd.dynamicAddr !== 0n) {
    const n = dyn.count;
    out += `\nDynamic section at offset 0x${fd.dynamicAddr.toString(16)} contains ${n} ${n === 1 ? 'entry' : 'entries'}:\n`;
  }
  out += '  Tag        Type                         Name/Value\n';
  const { machine } = fd.header;
  const { osabi } = fd.header.ident;
  const tagWidth = fd.is32 ? 8 : 16;
  const typeWidth = fd.is32 ? 27 : 19;
  for (let i = 0; i < dyn.count; i++) {
    const e = dyn.at(i);
    const type = dynamicTypeName(e.tag, machine, osabi);
    // printf (" (%s)%*s", type, width - strlen (type), " "): a width below
    // one still prints the space, a negative one pads on the right.
    const padding = Math.max(1, Math.abs(typeWidth - type.length));
    out += ` 0x${hex(e.tag, tagWidth)} (${type})${spaces(padding)}`;
    out += dynamicValueText(fd, dyn.tag32(i), e.value);
  }
  return out;
}

/** `0x%lx` (print_vma's PREFIX_HEX). */
const prefixHex = (v: bigint) => '0x' + v.toString(16);

/**
 * The Name/Value column of one entry and its newline (none after a corrupt
 * DT_GNU_PRELINKED time, as GNU prints it). `tag` is the d_tag when it fits
 * in 32 bits, else -1 (no case matches then).
 */
export function dynamicValueText(fd: Filedata, tag: number, value: bigint): string {
  switch (tag) {
    case TAG.FLAGS:
      return dynamicFlagsText(value) + '\n';

    case TAG.AUXILIARY:
    case TAG.FILTER:
    case TAG.CONFIG:
    case TAG.DEPAUDIT:
    case TAG.AUDIT: {
      const name = fd.dynamicName(value);
      return `${LIBRARY_KINDS.get(tag)!}: ${name !== null ? `[${name}]` : prefixHex(value)}\n`;
    }

    case TAG.FEATURE:
      return flagsLine(value, DTF_1_NAMES);
    case TAG.POSFLAG_1:
      return flagsLine(value, DF_P1_NAMES);
    case TAG.FLAGS_1:
      return flagsLine(value, DF_1_NAMES);

    case TAG.PLTREL:
      return dynamicTypeName(value, fd.header.machine, fd.header.ident.osabi) + '\n';

    case TAG.NULL:
    case TAG.NEEDED:
    case TAG.PLTGOT:
    case TAG.HASH:
    case TAG.STRTAB:
    case TAG.SYMTAB:
    case TAG.RELA:
    case TAG.INIT:
    case TAG.FINI:
    case TAG.SONAME:
    case TAG.RPATH:
    case TAG.SYMBOLIC:
    case TAG.REL:
    case TAG.RELR:
    case TAG.DEBUG:
    case TAG.TEXTREL:
    case TAG.JMPREL:
    case TAG.RUNPATH: {
      const name = NAMED_TAGS.has(tag) ? fd.dynamicName(value) : null;
      if (name === null) return prefixHex(value) + '\n';
      switch (tag) {
        case TAG.NEEDED: {
          const interp = fd.programInterpreter;
          const isInterp = interp !== null && name === interp.toString('latin1');
          return `Shared library: [${name}]${isInterp ? ' program interpreter' : ''}\n`;
        }
        case TAG.SONAME:
          return `Library soname: [${name}]\n`;
        case TAG.RPATH:
          return `Library rpath: [${name}]\n`;
        default:
          return `Library runpath: [${name}]\n`;
      }
    }

    case TAG.PLTRELSZ:
    case TAG.RELASZ:
    case TAG.STRSZ:
    case TAG.RELSZ:
    case TAG.RELAENT:
    case TAG.RELRENT:
    case TAG.RELRSZ:
    case TAG.SYMENT:
    case TAG.RELENT:
    case TAG.PLTPADSZ:
    case TAG.MOVEENT:
    case TAG.MOVESZ:
    case TAG.PREINIT_ARRAYSZ:
    case TAG.INIT_ARRAYSZ:
    case TAG.FINI_ARRAYSZ:
    case TAG.GNU_CONFLICTSZ:
    case TAG.GNU_LIBLISTSZ:
      return `${value} (bytes)\n`;

    case TAG.VERDEFNUM:
    case TAG.VERNEEDNUM:
    case TAG.RELACOUNT:
    case TAG.RELCOUNT:
      return `${value}\n`;

    case TAG.USED: {
      const name = fd.dynamicName(value);
      if (name !== null && name !== '') return `Not needed object: [${name}]\n`;
      return prefixHex(value) + '\n';
    }
    case TAG.SYMINSZ:
    case TAG.SYMINENT:
    case TAG.SYMINFO:
    case TAG.INIT_ARRAY:
    case TAG.FINI_ARRAY:
      return prefixHex(value) + '\n';

    case TAG.BIND_NOW:
      // The value of this entry is ignored.
      return '\n';

    case TAG.GNU_PRELINKED: {
      const time = gmtimeText(BigInt.asIntN(64, value));
      // GNU's message for a time gmtime rejects has no newline.
      return time === null ? `<corrupt time val: ${value.toString(16)}` : time + '\n';
    }

    case TAG.GNU_HASH:
      return prefixHex(value) + '\n';

    case TAG.GNU_FLAGS_1:
      return flagsLine(value, DF_GNU_1_NAMES);

    default:
      switch (fd.header.machine) {
        case EM.AARCH64:
          return aarch64ValueText(tag, value);
        case EM.MIPS:
        case EM.MIPS_RS3_LE:
          return mipsValueText(fd, tag, value);
        case EM.PARISC:
          return (tag === DT_HP_DLD_FLAGS ? hpDldFlagsText(value) : prefixHex(value)) + '\n';
        case EM.IA_64:
          return ia64ValueText(tag, value);
        default:
          return prefixHex(value) + '\n';
      }
  }
}

/** The labels of the tags whose value names a file. */
const LIBRARY_KINDS: ReadonlyMap<number, string> = new Map([
  [TAG.AUXILIARY, 'Auxiliary library'],
  [TAG.FILTER, 'Filter library'],
  [TAG.CONFIG, 'Configuration file'],
  [TAG.DEPAUDIT, 'Dependency audit library'],
  [TAG.AUDIT, 'Audit library'],
]);

/** The tags of the NULL…RUNPATH group whose value, when a valid string offset, is shown as a name. */
const NAMED_TAGS: ReadonlySet<number> = new Set([TAG.NEEDED, TAG.SONAME, TAG.RPATH, TAG.RUNPATH]);

/** dynamic_section_aarch64_val. */
function aarch64ValueText(tag: number, value: bigint): string {
  if (tag === DT_AARCH64.BTI_PLT || tag === DT_AARCH64.PAC_PLT) return '\n';
  return prefixHex(value) + '\n';
}

/** The DT_MIPS_* tags whose values are counts (print_vma's DEC: a signed 64-bit %ld). */
const MIPS_COUNTS: ReadonlySet<number> = new Set([
  DT_MIPS.RLD_VERSION,
  DT_MIPS.LOCAL_GOTNO,
  DT_MIPS.CONFLICTNO,
  DT_MIPS.LIBLISTNO,
  DT_MIPS.SYMTABNO,
  DT_MIPS.UNREFEXTNO,
  DT_MIPS.HIPAGENO,
  DT_MIPS.DELTA_CLASS_NO,
  DT_MIPS.DELTA_INSTANCE_NO,
  DT_MIPS.DELTA_RELOC_NO,
  DT_MIPS.DELTA_SYM_NO,
  DT_MIPS.DELTA_CLASSSYM_NO,
  DT_MIPS.COMPACT_SIZE,
]);

/** dynamic_section_mips_val. */
function mipsValueText(fd: Filedata, tag: number, value: bigint): string {
  switch (tag) {
    case DT_MIPS.FLAGS:
      return mipsFlagsText(value) + '\n';
    case DT_MIPS.IVERSION: {
      const name = fd.dynamicName(value);
      return name !== null ? `Interface Version: ${name}\n` : `Interface Version: <corrupt: ${value.toString(16)}>\n`;
    }
    case DT_MIPS.TIME_STAMP:
      return `Time Stamp: ${gmtimeText(BigInt.asIntN(64, value)) ?? '<corrupt>'}\n`;
  }
  if (MIPS_COUNTS.has(tag)) return `${BigInt.asIntN(64, value)}\n`;
  return prefixHex(value) + '\n';
}

/** dynamic_section_ia64_val. */
function ia64ValueText(tag: number, value: bigint): string {
  switch (tag) {
    case DT_IA_64.PLT_RESERVE:
      // The first three slots are reserved.
      return `${prefixHex(value)} -- ${prefixHex(u64(value + 24n))}\n`;
    case DT_IA_64.VMS_LINKTIME:
      return vmsTimeText(value) + '\n';
    case DT_IA_64.VMS_LNKFLAGS:
      return prefixHex(value) + vmsLinkFlagsText(value) + '\n';
    default:
      return prefixHex(value) + '\n';
  }
}
