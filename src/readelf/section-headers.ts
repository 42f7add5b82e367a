import { SHT } from '../elf/constants.js';
import { SH } from '../elf/tables.js';
import type { SectionHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { printableSectionName } from './section-name.js';
import { altHex, hex } from './printf.js';

/**
 * The part of process_section_headers that runs for every view: loads the
 * section table and the name table, checks entry sizes, and loads (here:
 * validates) .dynsym and .dynstr, with GNU's messages. Returns false where
 * GNU's function does, which turns off the views that need sections.
 * The display of `-S` is a separate function that runs after this.
 */
export function loadSectionHeaders(fd: Filedata): boolean {
  if (fd.shnum === 0) {
    if (fd.header.shoff !== 0n) {
      fd.diag.warn('possibly corrupt ELF file header - it has a non-zero section header offset, but no section headers');
      return false;
    }
    return true;
  }
  if (!fd.getSectionHeaders(false)) return false;
  const sections = fd.sections!;

  if (fd.shstrndx !== 0 && fd.shstrndx < fd.shnum) {
    loadSectionNames(fd, fd.shstrndx);
  }

  const sym = BigInt(fd.structs.sym);
  const num = sections.num;
  const { type: S_TYPE, fields: S_FIELDS } = SH;
  // With exact numbers, the usual case (entry sizes as expected, a readable
  // .dynsym) is checked without building bigint section objects.
  const numeric = sections.small && fd.small;
  const { sym: symSize, rel, rela, relr } = fd.structs;
  // Only these types need anything: the table finds them, the rest are skipped.
  for (let i = sections.nextOfTypes(0, TYPES_LOADED, fd.shnum); i >= 0; i = sections.nextOfTypes(i + 1, TYPES_LOADED, fd.shnum)) {
    switch (num[i * S_FIELDS + S_TYPE]) {
      case SHT.DYNSYM: {
        if (fd.dynamicSymtab !== null) {
          fd.diag.error('File contains multiple dynamic symbol tables');
          continue;
        }
        if (numeric && fd.entsizeNum(i) === symSize && symbolsValidNum(fd, i)) {
          fd.dynamicSymtab = sections.at(i);
          break;
        }
        const sec = sections.at(i);
        checkEntsize(fd, sec, i, sym);
        if (validateSymbols(fd, sec)) fd.dynamicSymtab = sec;
        break;
      }
      case SHT.STRTAB:
        if (fd.sectionNamed(i, '.dynstr')) {
          if (fd.dynamicStringsLoaded) {
            fd.diag.error('File contains multiple dynamic string tables');
            continue;
          }
          const sec = sections.at(i);
          if (fd.canRead(sec.offset, 1n, sec.size, 'dynamic strings')) fd.setDynamicStrings(sec.offset, sec.size);
        }
        break;
      case SHT.SYMTAB_SHNDX:
        fd.symtabShndx.unshift(sections.at(i));
        break;
      case SHT.SYMTAB:
        if (!(numeric && fd.entsizeNum(i) === symSize)) checkEntsize(fd, sections.at(i), i, sym);
        break;
      case SHT.GROUP:
        if (!(numeric && fd.entsizeNum(i) === 4)) checkEntsize(fd, sections.at(i), i, 4n);
        break;
      case SHT.REL:
        if (!(numeric && fd.entsizeNum(i) === rel)) checkEntsize(fd, sections.at(i), i, BigInt(rel));
        break;
      case SHT.RELA:
        if (!(numeric && fd.entsizeNum(i) === rela)) checkEntsize(fd, sections.at(i), i, BigInt(rela));
        break;
      case SHT.RELR:
        if (!(numeric && fd.entsizeNum(i) === relr)) checkEntsize(fd, sections.at(i), i, BigInt(relr));
        break;
    }
  }
  return true;
}

/** The section name string table (GNU's string_table), read when it has a size. */
function loadSectionNames(fd: Filedata, index: number): void {
  const sections = fd.sections!;
  if (sections.small) {
    const size = sections.size(index);
    if (size !== 0 && fd.canReadNum(sections.offset(index), 1, size, 'string table')) {
      fd.setStringTable(fd.reader.readRange(BigInt(sections.offset(index)), BigInt(size), 'string table'));
    }
    return;
  }
  const sec = sections.at(index);
  if (sec.size !== 0n) fd.setStringTable(fd.getData(sec.offset, 1n, sec.size, 'string table'));
}

/** CHECK_ENTSIZE_VALUES: complain once and use the expected size from then on. */
function checkEntsize(fd: Filedata, sec: SectionHeader, i: number, expected: bigint): void {
  if (fd.entsize(sec) !== expected) {
    fd.diag.error(`Section ${i} has invalid sh_entsize of ${hex(fd.entsize(sec))}`);
    fd.diag.error(`(Using the expected size of ${hex(expected)} for the rest of this dump)`);
    fd.fixEntsize(sec.index, expected);
  }
}

/** The section types loadSectionHeaders acts on, as a mask of 1 << SHT_x. */
const TYPES_LOADED = [SHT.DYNSYM, SHT.STRTAB, SHT.SYMTAB_SHNDX, SHT.SYMTAB, SHT.GROUP, SHT.REL, SHT.RELA, SHT.RELR].reduce(
  (mask, t) => mask | (1 << t),
  0,
);

/** Above this sh_size, `number * entry size` below might not be exact as a number. */
const SYMBOLS_NUMERIC_LIMIT = 2 ** 47;

/**
 * validateSymbols' checks for section `i` over exact numbers (the table
 * and the file are `small`), silently: true only when every check passes
 * and no SHT_SYMTAB_SHNDX section is known, so that validateSymbols would
 * return true without a message. Otherwise the caller runs validateSymbols,
 * which repeats the checks and reports.
 */
function symbolsValidNum(fd: Filedata, i: number): boolean {
  if (fd.symtabShndx.length !== 0) return false;
  const sections = fd.sections!;
  const size = sections.size(i);
  const entsize = fd.entsizeNum(i);
  if (size === 0 || size > SYMBOLS_NUMERIC_LIMIT || entsize === 0 || entsize > size || size > Number(fd.wholeFileSize)) return false;
  if (Math.floor(size / entsize) * fd.structs.sym > size + 1) return false;
  return fd.canReadNum(sections.offset(i), 1, size, null);
}

/** get_elf_symbols' checks, without decoding the symbols. True when GNU would have a table. */
export function validateSymbols(fd: Filedata, sec: SectionHeader): boolean {
  if (sec.size === 0n) return false;
  const entsize = fd.entsize(sec);
  const name = () => printableSectionName(fd.sectionNamePrint(sec));
  if (entsize === 0n || entsize > sec.size) {
    fd.diag.error(`Section ${name()} has an invalid sh_entsize of ${altHex(entsize)}`);
    return false;
  }
  if (sec.size > fd.wholeFileSize) {
    fd.diag.error(`Section ${name()} has an invalid sh_size of ${altHex(sec.size)}`);
    return false;
  }
  const number = sec.size / entsize;
  if (number * BigInt(fd.structs.sym) > sec.size + 1n) {
    fd.diag.error(
      `Size (${altHex(sec.size)}) of section ${name()} is not a multiple of its sh_entsize (${altHex(entsize)})`,
    );
    return false;
  }
  if (!fd.canRead(sec.offset, 1n, sec.size, 'symbols')) return false;
  let haveShndx = false;
  for (const entry of fd.symtabShndx) {
    if (entry.link !== sec.index) continue;
    if (haveShndx) fd.diag.error('Multiple symbol table index sections associated with the same symbol section');
    if (!fd.canRead(entry.offset, 1n, entry.size, 'symbol table section indices')) return false;
    haveShndx = true;
    if (entry.size / 4n < number) {
      fd.diag.error(
        `Index section ${printableSectionName(fd.sectionNamePrint(entry))} has an sh_size of ${altHex(entry.size)} - expected ${altHex(sec.size)}`,
      );
      return false;
    }
  }
  return true;
}
