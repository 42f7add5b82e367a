import { EM, ELFOSABI, SHN, SHT, STB, STT } from '../elf/constants.js';
import { decodeSymbolColumns, decodeSymbolTableColumns, type SymbolColumns, type SymbolTableColumns } from '../elf/symbol-columns.js';
import type { SectionHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { printSymbol } from './print-symbol.js';
import { hex, padEnd, padStart } from './printf.js';
import { validateSymbols } from './section-headers.js';
import {
  internalSectionIndex,
  solarisSymbolVisibilityName,
  symbolBindingName,
  symbolIndexName,
  symbolOtherName,
  symbolTypeName,
  symbolVisibilityName,
  type SymbolNameContext,
} from './symbol-names.js';
import { recordedVersionTags, SymbolVersions } from './symbol-versions.js';
import { dynamicStrings, dynamicSymbols, hashTags } from './dynamic-symbols.js';
import { printHistograms } from './histogram.js';

/** A symbol table as get_elf_symbols returns it: the columns, and st_shndx after SHT_SYMTAB_SHNDX. */
export interface LoadedSymbols<C extends SymbolColumns = SymbolTableColumns> {
  readonly cols: C;
  /** st_shndx as GNU holds it: reserved values widened, SHN_XINDEX replaced from the index section. */
  readonly shndx: Uint32Array;
}

/**
 * process_symbol_table (readelf.c l.13585) for --dyn-syms and --syms:
 * every SHT_DYNSYM section (and SHT_SYMTAB with --syms), in section order,
 * through print_dynamic_symbol, or with -D the dynamic symbols
 * (dynamic-symbols.ts); then the --histogram tables. Returns false where
 * GNU's does (never, for these views).
 */
export function processSymbolTable(fd: Filedata): boolean {
  const { syms: allSyms, dynSyms } = fd.opts;
  // GNU prints the histograms after the symbols, whichever way those went.
  if (allSyms || dynSyms) printSymbolTables(fd);
  if (fd.opts.histogram) printHistograms(fd);
  return true;
}

/** process_symbol_table's symbols: from the dynamic segment with -D, else per section. */
function printSymbolTables(fd: Filedata): void {
  const { syms: allSyms, dynSyms, useDynamic } = fd.opts;
  if (allSyms && useDynamic && fd.dynamicStringsLoaded && hasHashTable(fd)) {
    const syms = dynamicSymbols(fd);
    if (syms !== null) {
      const num = syms.cols.count;
      fd.sink.out(
        `\nSymbol table for image contains ${num} ${num === 1 ? 'entry' : 'entries'}:\n` +
          (fd.is32
            ? '   Num:    Value  Size Type    Bind   Vis      Ndx Name\n'
            : '   Num:    Value          Size Type    Bind   Vis      Ndx Name\n'),
      );
      printSymbols(fd, null, syms, dynamicStrings(fd)!.toString('latin1'));
      return;
    }
  }
  const sections = fd.sections;
  if (!(dynSyms || (allSyms && !useDynamic)) || sections === null) {
    if (allSyms) fd.sink.out('\nDynamic symbol information is not available for displaying symbols.\n');
    printHistograms(fd);
    return;
  }
  const n = Math.min(fd.shnum, sections.count);
  for (let i = 0; i < n; i++) {
    const type = sections.type(i);
    if (type !== SHT.DYNSYM && !(allSyms && type === SHT.SYMTAB)) continue;
    const sec = sections.at(i);
    const secName = () => fd.printableSectionNameAt(sec.name);
    const entsize = fd.entsize(sec);
    if (entsize === 0n) {
      fd.sink.out(`\nSymbol table '${secName()}' has a sh_entsize of zero!\n`);
      continue;
    }
    const num = sec.size / entsize;
    fd.sink.out(
      `\nSymbol table '${secName()}' contains ${num} ${num === 1n ? 'entry' : 'entries'}:\n` +
        (fd.is32
          ? '   Num:    Value  Size Type    Bind   Vis      Ndx Name\n'
          : '   Num:    Value          Size Type    Bind   Vis      Ndx Name\n'),
    );
    const syms = getElfSymbols(fd, sec);
    if (syms === null) continue;
    const strtab = symbolStrings(fd, sec);
    printSymbols(fd, sec, syms, strtab === null ? null : strtab.toString('latin1'));
  }
  printHistograms(fd);
}

/**
 * get_elf_symbols: the checks and messages (validateSymbols, as
 * process_section_headers runs them too), then the entries, read at the
 * natural stride whatever sh_entsize says, as GNU reads them.
 */
export function getElfSymbols(fd: Filedata, sec: SectionHeader): LoadedSymbols | null;
/** The same without st_value and st_size (for callers that only name symbols). */
export function getElfSymbols(fd: Filedata, sec: SectionHeader, values: false): LoadedSymbols<SymbolColumns> | null;
export function getElfSymbols(fd: Filedata, sec: SectionHeader, values = true): LoadedSymbols<SymbolColumns> | null {
  if (!validateSymbols(fd, sec)) return null;
  return decodeElfSymbols(fd, sec, values);
}

/**
 * get_elf_symbols' reading of a table already validated (the table GNU
 * keeps as dynamic_symbols: validated when process_section_headers loaded it).
 */
export function decodeElfSymbols(fd: Filedata, sec: SectionHeader, values = true): LoadedSymbols<SymbolColumns> {
  const natural = fd.structs.sym;
  const number = Number(sec.size / fd.entsize(sec));
  let bytes = fd.reader.readRange(sec.offset, sec.size, 'symbols');
  if (number * natural > bytes.length) {
    // GNU's buffer has one NUL byte past the section (validateSymbols allows this much).
    const padded = Buffer.alloc(number * natural);
    bytes.copy(padded);
    bytes = padded;
  }
  const d = fd.reader.decoder;
  const cols = values ? decodeSymbolTableColumns(d, bytes, natural, number) : decodeSymbolColumns(d, bytes, natural, number);
  // The last index section linked to this table is the one GNU keeps.
  let index: SectionHeader | undefined;
  for (const entry of fd.symtabShndx) if (entry.link === sec.index) index = entry;
  const raw = index === undefined ? null : fd.reader.readRange(index.offset, index.size, 'symbol table section indices');
  const shndx = new Uint32Array(number);
  for (let j = 0; j < number; j++) {
    const v = cols.shndx[j]!;
    if (v < SHN.LORESERVE) shndx[j] = v;
    else if (v === SHN.XINDEX && raw !== null) shndx[j] = d.u32(raw, 4 * j);
    else shndx[j] = internalSectionIndex(v);
  }
  return { cols, shndx };
}

/**
 * The string table process_symbol_table names a symbol section's symbols
 * from: the section name table when sh_link is e_shstrndx, the linked
 * section when sh_link is a section number, else none.
 */
export function symbolStrings(fd: Filedata, sec: SectionHeader): Buffer | null {
  if (sec.link === fd.shstrndx) return fd.stringTable;
  if (sec.link >= fd.shnum) return null;
  const strsec = fd.sections!.at(sec.link);
  return fd.getData(strsec.offset, 1n, strsec.size, 'string table');
}

/**
 * Whether print_dynamic_symbol names the symbol after its section rather
 * than from the string table: an unnamed STT_SECTION symbol whose section
 * index (as get_elf_symbols holds it) is a section of the file (with -D the
 * section headers may not have loaded).
 */
export function namedAfterSection(fd: Filedata, info: number, index: number, stName: number): boolean {
  return (info & 0xf) === STT.SECTION && index < fd.shnum && fd.sections !== null && stName === 0;
}

/** The name such a symbol prints (before print_symbol): its section's, or `<corrupt>` when that is not valid. */
export function sectionSymbolName(fd: Filedata, index: number): string {
  const sh = fd.sections!.name(index);
  return fd.stringTable !== null && sh < fd.stringTable.length ? fd.sectionNamePrintAt(sh) : '<corrupt>';
}

/** `%5ld` up to 99999, else `0x%lx` (print_vma's DEC_5), from the two halves of a 64-bit value. */
function dec5(low: number, high: number): string {
  if (high === 0 && low <= 99999) {
    const s = String(low);
    return s.length >= 5 ? s : '     '.slice(s.length) + s;
  }
  return '0x' + hexHalves(low, high);
}

/** `%lx` of a value given as two 32-bit halves. */
function hexHalves(low: number, high: number): string {
  return high === 0 ? low.toString(16) : high.toString(16) + hex(low, 8);
}

/**
 * print_dynamic_symbol_size: st_size in --sym-base's base — DEC_5 by
 * default, OCTAL_5 (`%5lo`), UNSIGNED_5 (`%5lu`), PREFIX_HEX_5 (`0x%05lx`).
 */
function symbolSizeText(low: number, high: number, base: 0 | 8 | 10 | 16): string {
  switch (base) {
    case 0:
      return dec5(low, high);
    case 16:
      return '0x' + hexHalves(low, high).padStart(5, '0');
    case 8:
      return padStart((BigInt(high) * 0x100000000n + BigInt(low)).toString(8), 5);
    case 10:
      return padStart(high === 0 ? String(low) : (BigInt(high) * 0x100000000n + BigInt(low)).toString(10), 5);
  }
}

/** dynamic_info[DT_HASH] or dynamic_info_DT_GNU_HASH as process_symbol_table sees them. */
function hasHashTable(fd: Filedata): boolean {
  if (fd.dynamicSection === null) return false;
  const tags = hashTags(fd, fd.dynamicSection);
  return tags.gnuHash !== 0n || (fd.dynamicInfoComplete && tags.hash !== 0n);
}

/** print_dynamic_symbol for each symbol of `sec` (null: the dynamic symbols -D shows). */
function printSymbols(fd: Filedata, sec: SectionHeader | null, syms: LoadedSymbols, strtab: string | null): void {
  const { cols, shndx } = syms;
  const sink = fd.sink;
  const wide = fd.opts.wide;
  const symBase = fd.opts.symBase;
  const is32 = fd.is32;
  const h = fd.header;
  const ctx: SymbolNameContext = { machine: h.machine, osabi: h.ident.osabi, type: h.type, shnum: fd.shnum };
  const solaris = ctx.osabi === ELFOSABI.SOLARIS;
  const checkLocals = ctx.machine !== EM.MIPS && !solaris;
  const strLength = strtab === null ? 0 : strtab.length;
  const versions =
    sec === null || sec.type === SHT.DYNSYM ? new SymbolVersions(fd, recordedVersionTags(fd), strtab, cols.count) : null;
  /** " TYPE    BIND  " by st_info, made once per value. */
  const infoText = new Array<string | undefined>(256);

  for (let si = 0; si < cols.count; si++) {
    const info = cols.info[si]!;
    const other = cols.other[si]!;
    const index = shndx[si]!;
    const stName = cols.name[si]!;
    const vlo = cols.valueLow[si]!;
    const vhi = cols.valueHigh[si]!;

    let line = String(si);
    if (line.length < 6) line = '      '.slice(line.length) + line;
    line += ': ' + (is32 ? hex(vlo, 8) : hex(vhi, 8) + hex(vlo, 8));
    line += ' ' + (symBase === 0 ? dec5(cols.sizeLow[si]!, cols.sizeHigh[si]!) : symbolSizeText(cols.sizeLow[si]!, cols.sizeHigh[si]!, symBase));
    let text = infoText[info];
    if (text === undefined) {
      text =
        ' ' + padEnd(symbolTypeName(info & 0xf, ctx.machine, ctx.osabi), 7) +
        ' ' + padEnd(symbolBindingName(info >> 4, ctx.osabi), 6);
      infoText[info] = text;
    }
    line += text;
    if (solaris) {
      sink.out(line); // the name may come with an error
      line = ' ' + padEnd(solarisSymbolVisibilityName(other, fd.diag), 7);
    } else {
      const vis = other & 3;
      line += ' ' + padEnd(symbolVisibilityName(vis, fd.diag), 7);
      if ((other ^ vis) !== 0) {
        sink.out(line); // the name may come with an error
        line = ` [${symbolOtherName(other ^ vis, ctx, fd.diag)}] `;
      }
    }
    line += ' ' + padStart(symbolIndexName(index, ctx), 4) + ' ';

    let name: string;
    if (namedAfterSection(fd, info, index, stName)) {
      name = sectionSymbolName(fd, index);
    } else if (strtab !== null && stName < strLength) {
      const end = strtab.indexOf('\0', stName);
      name = strtab.slice(stName, end < 0 ? strLength : end);
    } else {
      name = '<corrupt>';
    }

    let version: string | null = null;
    if (versions !== null) {
      sink.out(line); // looking the version up may give messages
      line = '';
      version = versions.lookup(si, index, stName);
    }
    if (version === null) {
      line += printSymbol(21, name, wide) + '\n';
    } else {
      line += printSymbol(wide ? 21 : 21 - version.length, name, wide) + version + '\n';
    }
    sink.out(line);

    if (checkLocals && sec !== null && info >> 4 === STB.LOCAL && si >= sec.info) {
      fd.diag.warn(
        `local symbol ${si} found at index >= ${fd.printableSectionNameAt(sec.name)}'s sh_info value of ${sec.info}`,
      );
    }
  }
}
