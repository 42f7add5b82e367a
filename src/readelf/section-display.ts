import { EM, ET, SHF32 as SHF, SHN, SHT } from '../elf/constants.js';
import { SH } from '../elf/tables.js';
import type { Filedata } from './filedata.js';
import { hex, padEnd, padStart } from './printf.js';
import { loadSectionHeaders } from './section-headers.js';
import { flagsKey, sectionFlagLetters, sectionTypeName } from './section-types.js';

/**
 * GNU readelf 2.40's process_section_headers (readelf.c l.7161) with its
 * `-S` display: the `There are N section headers` line (before the table
 * is read, so before its diagnostics), the silent part (section-headers.ts),
 * then the table with GNU's per-section sanity warnings and the `Key to
 * Flags:` legend. Returns false where GNU's function does.
 * The -t (section details) layout is not ported: its option does not exist here.
 */
export function processSectionHeaders(fd: Filedata): boolean {
  const show = fd.opts.sections;
  if (fd.shnum === 0) {
    // loadSectionHeaders warns instead when e_shoff is not 0.
    if (show && fd.header.shoff === 0n) fd.sink.out('\nThere are no sections in this file.\n');
    return loadSectionHeaders(fd);
  }
  if (show && !fd.opts.header) {
    const n = fd.shnum | 0; // `%d` of an unsigned int
    const offset = fd.header.shoff === 0n ? '0' : '0x' + fd.header.shoff.toString(16);
    fd.sink.out(
      n === 1
        ? `There is 1 section header, starting at offset ${offset}:\n`
        : `There are ${n} section headers, starting at offset ${offset}:\n`,
    );
  }
  if (!loadSectionHeaders(fd)) return false;
  if (show) showSectionTable(fd);
  return true;
}

const { name: S_NAME, type: S_TYPE, link: S_LINK, info: S_INFO, flags: S_FLAGS, addr: S_ADDR } = SH;
const { offset: S_OFFSET, size: S_SIZE, addralign: S_ALIGN, entsize: S_ENTSIZE, fields: S_FIELDS } = SH;
const TWO32 = 4294967296;
/** e_machine values whose out-of-range sh_link may be Solaris' SHN_BEFORE/SHN_AFTER. */
const BEFORE_AFTER_MACHINES: ReadonlySet<number> = new Set([
  EM.I386,
  EM.IAMCU,
  EM.X86_64,
  EM.L1OM,
  EM.K1OM,
  EM.OLD_SPARCV9,
  EM.SPARC32PLUS,
  EM.SPARCV9,
  EM.SPARC,
]);

/** The table heading after `Section Headers:`. */
function heading(is32: boolean, wide: boolean): string {
  if (is32) return '  [Nr] Name              Type            Addr     Off    Size   ES Flg Lk Inf Al\n';
  if (wide) return '  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al\n';
  return (
    '  [Nr] Name              Type             Address           Offset\n' +
    '       Size              EntSize          Flags  Link  Info  Align\n'
  );
}

/** `%2u`. */
function u2(v: number): string {
  return v < 10 ? ' ' + v : String(v);
}

/** The table and the legend; the section headers are loaded. */
function showSectionTable(fd: Filedata): void {
  const sections = fd.sections!;
  const shnum = fd.shnum;
  const { sink, is32 } = fd;
  const wide = fd.opts.wide;
  const { machine, type: etype } = fd.header;
  const { osabi } = fd.header.ident;
  const numeric = sections.small && fd.small;
  const num = sections.num;
  const types = new Map<number, string>();
  const flagTexts = new Map<number, string>();
  const warn = (m: string) => fd.diag.warn(m);

  sink.out((shnum > 1 ? '\nSection Headers:\n' : '\nSection Header:\n') + heading(is32, wide));

  for (let i = 0, b = 0; i < shnum; i++, b += S_FIELDS) {
    const type = num[b + S_TYPE]!;
    const link = num[b + S_LINK]!;
    const info = num[b + S_INFO]!;
    const flagsLow = sections.flagsLow32(i);

    // The sanity checks on sh_link, sh_info and sh_size, before the row.
    checkLink(fd, i, type, link, etype, shnum);
    checkInfo(fd, i, type, info, flagsLow, etype, shnum);
    let addr: number | bigint;
    let offset: number | bigint;
    let size: number | bigint;
    let align: number | bigint;
    let entsize: number | bigint;
    let flagsHigh: number;
    let tooBig: boolean;
    if (numeric) {
      addr = num[b + S_ADDR]!;
      offset = num[b + S_OFFSET]!;
      size = num[b + S_SIZE]!;
      align = num[b + S_ALIGN]!;
      entsize = num[b + S_ENTSIZE]!;
      flagsHigh = Math.floor(num[b + S_FLAGS]! / TWO32);
      tooBig = size > Number(fd.wholeFileSize);
    } else {
      const s = sections.at(i);
      addr = s.addr;
      offset = s.offset;
      size = s.size;
      align = s.addralign;
      entsize = s.entsize;
      flagsHigh = Number(s.flags >> 32n);
      tooBig = s.size > fd.wholeFileSize;
    }
    entsize = fd.entsizeFixed(i) ?? entsize;
    if (tooBig && type !== SHT.NOBITS && type !== SHT.NULL && type < SHT.LOOS) {
      warn(`Size of section ${i} is larger than the entire file!`);
    }

    let typeName = types.get(type);
    if (typeName === undefined) {
      const t = sectionTypeName(type, machine, osabi);
      typeName = wide ? padEnd(t, 15) : padEnd(t.slice(0, 15), 15);
      if (types.size < 64) types.set(type, typeName);
    }
    let flags = flagsHigh === 0 ? flagTexts.get(flagsLow) : undefined;
    if (flags === undefined) {
      flags = padStart(sectionFlagLetters(flagsLow, flagsHigh, machine, osabi), 3);
      if (flagsHigh === 0 && flagTexts.size < 64) flagTexts.set(flagsLow, flags);
    }

    let row = `  [${u2(i)}] ${nameColumn(fd.sectionNamePrintAt(num[b + S_NAME]!), wide)} ${typeName} `;
    if (is32) {
      row +=
        `${hex(addr, 8)} ${hex(offset, 6)} ${hex(size, 6)} ${hex(entsize, 2)} ${flags} ` +
        `${u2(link)} ${padStart(String(info), 3)} ${padStart(String(align), 2)}\n`;
    } else if (wide) {
      row +=
        `${hex(addr, 16)} ${hex(offset, 6)} ${hex(size, 6)} ${hex(entsize, 2)} ${flags} ` +
        `${u2(link)} ${padStart(String(info), 3)} ${padStart(String(align), 2)}\n`;
    } else {
      row +=
        ` ${hex(addr, 16)}  ${hex(offset, 8)}\n       ${hex(size, 16)}  ${hex(entsize, 16)} ${flags} ` +
        `     ${u2(link)}   ${padStart(String(info), 3)}     ${align}\n`;
    }
    sink.out(row);

    // ELF32 only: an sh_link past the table, unless it is Solaris' SHN_BEFORE/SHN_AFTER.
    if (
      is32 &&
      link >= shnum &&
      !(BEFORE_AFTER_MACHINES.has(machine) && (link === SHN.BEFORE || link === SHN.AFTER))
    ) {
      warn(`section ${i}: sh_link value of ${link} is larger than the number of sections`);
    }
  }
  sink.out(flagsKey(machine, osabi));
}

/** The sh_link check of GNU's display loop. */
function checkLink(fd: Filedata, i: number, type: number, link: number, etype: number, shnum: number): void {
  const sections = fd.sections!;
  // Dynamic relocations whose entries all use symbol 0 need no symbol table.
  if ((type === SHT.REL || type === SHT.RELA) && link === 0 && (etype === ET.EXEC || etype === ET.DYN)) return;
  switch (type) {
    case SHT.REL:
    case SHT.RELA:
    case SHT.SYMTAB_SHNDX:
    case SHT.GROUP:
    case SHT.HASH:
    case SHT.GNU_HASH:
    case SHT.GNU_VERSYM: {
      const t = link === 0 || link >= shnum ? -1 : sections.type(link);
      if (t !== SHT.SYMTAB && t !== SHT.DYNSYM) {
        fd.diag.warn(`[${u2(i)}]: Link field (${link}) should index a symtab section.`);
      }
      break;
    }
    case SHT.DYNAMIC:
    case SHT.SYMTAB:
    case SHT.DYNSYM:
    case SHT.GNU_VERNEED:
    case SHT.GNU_VERDEF:
    case SHT.GNU_LIBLIST:
      if (link === 0 || link >= shnum || sections.type(link) !== SHT.STRTAB) {
        fd.diag.warn(`[${u2(i)}]: Link field (${link}) should index a string section.`);
      }
      break;
    case SHT.INIT_ARRAY:
    case SHT.FINI_ARRAY:
    case SHT.PREINIT_ARRAY:
      if (link !== 0) fd.diag.warn(`[${u2(i)}]: Unexpected value (${link}) in link field.`);
      break;
  }
}

/** Section types an SHT_REL/SHT_RELA section may apply to (besides OS- and higher types). */
const RELOCATABLE_TYPES: ReadonlySet<number> = new Set([
  SHT.PROGBITS,
  SHT.NOBITS,
  SHT.NOTE,
  SHT.INIT_ARRAY,
  SHT.FINI_ARRAY,
  SHT.PREINIT_ARRAY,
]);

/** The sh_info check of GNU's display loop. */
function checkInfo(
  fd: Filedata,
  i: number,
  type: number,
  info: number,
  flagsLow: number,
  etype: number,
  shnum: number,
): void {
  switch (type) {
    case SHT.REL:
    case SHT.RELA: {
      // Dynamic relocations apply to segments: no section needed.
      if (info === 0 && (etype === ET.EXEC || etype === ET.DYN)) break;
      const t = info === 0 || info >= shnum ? -1 : fd.sections!.type(info);
      if (t === -1 || (!RELOCATABLE_TYPES.has(t) && t < SHT.LOOS)) {
        fd.diag.warn(`[${u2(i)}]: Info field (${info}) should index a relocatable section.`);
      }
      break;
    }
    case SHT.DYNAMIC:
    case SHT.HASH:
    case SHT.SYMTAB_SHNDX:
    case SHT.INIT_ARRAY:
    case SHT.FINI_ARRAY:
    case SHT.PREINIT_ARRAY:
      if (info !== 0) fd.diag.warn(`[${u2(i)}]: Unexpected value (${info}) in info field.`);
      break;
    case SHT.GROUP:
    case SHT.SYMTAB:
    case SHT.DYNSYM:
      // A symbol index: assumed valid.
      break;
    default:
      // NOBITS headers keep the sh_info of the section stripped from them.
      if (type === SHT.NOBITS) break;
      if (flagsLow & SHF.INFO_LINK) {
        if (info < 1 || info >= shnum) {
          // GNU's message has no newline: the next diagnostic continues the line.
          fd.sink.err(`readelf: Warning: [${u2(i)}]: Expected link to another section in info field`);
        }
      } else if (type < SHT.LOOS && (flagsLow & SHF.GNU_MBIND) === 0 && info !== 0) {
        fd.diag.warn(`[${u2(i)}]: Unexpected value (${info}) in info field.`);
      }
      break;
  }
}

/** Names that print_symbol copies unchanged: printable ASCII. */
const PRINTABLE = /^[\x20-\x7e]*$/;
const NAME_WIDTH = 17;

/**
 * print_symbol (-17, name) in the C locale: at least 17 columns; without
 * -W a name longer than 17 bytes is cut to 12 columns and `[...]`.
 * Control bytes print as `^` + (byte + 0x40) and take two columns (DEL's
 * becomes the byte 0xbf, C's char arithmetic); other bytes print as they are.
 */
export function nameColumn(name: string, wide: boolean): string {
  if (PRINTABLE.test(name)) {
    if (wide || name.length <= NAME_WIDTH) return padEnd(name, NAME_WIDTH);
    return name.slice(0, NAME_WIDTH - 5) + '[...]';
  }
  let remaining = wide ? Infinity : NAME_WIDTH;
  const dots = !wide && name.length > NAME_WIDTH;
  if (dots) remaining -= 5;
  let out = '';
  let printed = 0;
  for (let k = 0; k < name.length && remaining > 0; k++) {
    const c = name.charCodeAt(k);
    if (c === 0) break;
    if (c < 0x20 || c === 0x7f) {
      if (remaining < 2) break;
      out += '^' + String.fromCharCode((c + 0x40) & 0xff);
      remaining -= 2;
      printed += 2;
    } else {
      out += name[k];
      remaining -= 1;
      printed += 1;
    }
  }
  if (dots) {
    out += '[...]';
    printed += 5;
  }
  return printed < NAME_WIDTH ? out + ' '.repeat(NAME_WIDTH - printed) : out;
}
