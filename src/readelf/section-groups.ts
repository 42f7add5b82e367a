import { GRP, SHN, SHT, STRUCT_SIZE, STT } from '../elf/constants.js';
import { decodeSymbols } from '../elf/symbols.js';
import type { SectionHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { altHex, padStart } from './printf.js';
import { validateSymbols } from './section-headers.js';

const EMPTY = Buffer.alloc(0);

/** The symbol table process_section_groups holds: get_elf_symbols' count, read one symbol at a time. */
interface GroupSymtab {
  readonly sec: SectionHeader;
  readonly count: bigint;
  /** The SHT_SYMTAB_SHNDX section GNU would use for it. */
  readonly shndx: SectionHeader | undefined;
}

/** get_group_flags: the text before "group section" for a group's flag word. */
function groupFlags(flags: number): string {
  if (flags === 0) return '';
  if (flags === GRP.COMDAT) return 'COMDAT ';
  return (
    `[0x${flags.toString(16)}: ` +
    (flags & GRP.MASKOS ? '<OS specific>' : '') +
    (flags & GRP.MASKPROC ? '<PROC specific>' : '') +
    ((flags & ~(GRP.COMDAT | GRP.MASKOS | GRP.MASKPROC)) >>> 0 !== 0 ? '<unknown>' : '') +
    ']'
  );
}

/**
 * process_section_groups: for -g the groups and their sections; for -u
 * (and -g) GNU's errors about bad group sections. False (turning -u off)
 * only when the section headers are missing.
 */
export function processSectionGroups(fd: Filedata): boolean {
  const show = fd.opts.sectionGroups;
  if (!fd.opts.unwind && !show) return true;
  if (fd.shnum === 0) {
    if (show) fd.sink.out('\nThere are no section groups in this file.\n');
    return true;
  }
  const sections = fd.sections;
  if (sections === null) {
    fd.diag.error('Section headers are not available!');
    return false;
  }
  const n = fd.shnum;
  let groups = 0;
  for (let i = 0; i < n; i++) if (sections.type(i) === SHT.GROUP) groups++;
  if (groups === 0) {
    if (show) fd.sink.out('\nThere are no section groups in this file.\n');
    return true;
  }

  // GNU's function-level statics: they count over every file of the run.
  const counters = fd.run.groups;
  /** section_headers_groups: the group section (its index) each section was put in, or -1. */
  const groupOf = new Int32Array(n).fill(-1);
  let symtabSec = -1;
  let symtab: GroupSymtab | null = null;
  let strtabSec = -1;
  let strtab: Buffer | null = null;
  let strtabSize = 0n;

  for (let i = 0; i < n; i++) {
    if (sections.type(i) !== SHT.GROUP) continue;
    const section = sections.at(i);
    // GNU's name points to printable_section_name's static buffer, which a
    // symbol table error below may overwrite with another section's name.
    let name = fd.printableSectionNameAt(section.name);
    const link = section.link;
    if (link >= n || sections.type(link) !== SHT.SYMTAB) {
      fd.diag.error(`Bad sh_link in group section \`${name}'`);
      continue;
    }
    if (symtabSec !== link) {
      symtabSec = link;
      const symsec = sections.at(link);
      symtab = loadGroupSymtab(fd, symsec);
      if (symtab === null) name = symbolErrorName(fd, symsec) ?? name;
    }
    if (symtab === null) {
      fd.diag.error(`Corrupt header in group section \`${name}'`);
      continue;
    }
    if (BigInt(section.info) >= symtab.count) {
      fd.diag.error(`Bad sh_info in group section \`${name}'`);
      continue;
    }
    const sym = readSymbol(fd, symtab, section.info);
    let groupName: string;
    if ((sym.info & 0xf) === STT.SECTION) {
      if (sym.shndx === 0 || sym.shndx >= n) {
        fd.diag.error(`Bad sh_info in group section \`${name}'`);
        continue;
      }
      groupName = fd.sectionNamePrint(sections.at(sym.shndx));
      strtabSec = -1;
      strtab = null;
      strtabSize = 0n;
    } else {
      // The group's name comes from the symbol string table: GNU reads it (once per table).
      const strLink = symtab.sec.link;
      if (strLink >= n) {
        strtabSec = -1;
        strtab = null;
        strtabSize = 0n;
      } else if (strtabSec !== strLink) {
        strtabSec = strLink;
        const s = sections.at(strLink);
        strtab = fd.getData(s.offset, 1n, s.size, 'string table');
        strtabSize = strtab !== null ? s.size : 0n;
      }
      if (strtab !== null && BigInt(sym.name) < strtabSize) {
        const end = strtab.indexOf(0, sym.name);
        groupName = strtab.toString('latin1', sym.name, end < 0 ? strtab.length : end);
      } else {
        groupName = '<corrupt>';
      }
    }

    const entsize = fd.entsize(section);
    if (entsize > section.size) {
      fd.diag.error(
        `Section ${name} has sh_entsize (${altHex(entsize)}) which is larger than its size (${altHex(section.size)})`,
      );
      continue;
    }
    const start = fd.getData(section.offset, 1n, section.size, 'section data');
    if (start === null) continue;
    const d = fd.reader.decoder;
    const size = Number(BigInt.asUintN(32, section.size / entsize - 1n));
    if (show) {
      fd.sink.out(
        `\n${groupFlags(d.u32(start, 0))}group section [${padStart(String(i), 5)}] \`${name}' [${groupName}] contains ${size} sections:\n` +
          '   [Index]    Name\n',
      );
    }
    for (let j = 0; j < size; j++) {
      const entry = d.u32(start, 4 + 4 * j);
      if (entry >= n) {
        if (counters.overlarge++ < 10) {
          fd.diag.error(
            `section [${padStart(String(entry), 5)}] in group section [${padStart(String(i), 5)}] > maximum section [${padStart(String(n - 1), 5)}]`,
          );
          if (counters.overlarge === 10) fd.diag.warn('Further error messages about overlarge group section indices suppressed');
        }
        continue;
      }
      const earlier = groupOf[entry]!;
      if (earlier >= 0) {
        if (entry !== 0) {
          if (counters.alreadyGrouped++ < 10) {
            fd.diag.error(
              `section [${padStart(String(entry), 5)}] in group section [${padStart(String(i), 5)}] already in group section [${padStart(String(earlier), 5)}]`,
            );
            if (counters.alreadyGrouped === 10) {
              fd.diag.warn('Further error messages about already contained group sections suppressed');
            }
          }
          continue;
        }
        if (!counters.sectionZeroWarned) {
          fd.diag.error(`section 0 in group section [${padStart(String(earlier), 5)}]`);
          counters.sectionZeroWarned = true;
        }
      }
      groupOf[entry] = i;
      if (show) fd.sink.out(`   [${padStart(String(entry), 5)}]   ${fd.printableSectionNameAt(sections.name(entry))}\n`);
    }
  }
  return true;
}

/** get_elf_symbols' checks and messages for the group's symbol table; null where GNU gets no symbols. */
function loadGroupSymtab(fd: Filedata, sec: SectionHeader): GroupSymtab | null {
  if (!validateSymbols(fd, sec)) return null;
  let shndx: SectionHeader | undefined;
  for (const entry of fd.symtabShndx) if (entry.link === sec.index) shndx = entry;
  return { sec, count: sec.size / fd.entsize(sec), shndx };
}

/**
 * The section whose name get_elf_symbols' failure for `sec` printed (and
 * so left in printable_section_name's buffer), or null when the failure
 * named no section. Repeats validateSymbols' checks silently.
 */
function symbolErrorName(fd: Filedata, sec: SectionHeader): string | null {
  const printable = (s: SectionHeader) => fd.printableSectionNameAt(s.name);
  if (sec.size === 0n) return null;
  const entsize = fd.entsize(sec);
  if (entsize === 0n || entsize > sec.size || sec.size > fd.wholeFileSize) return printable(sec);
  const number = sec.size / entsize;
  if (number * BigInt(fd.structs.sym) > sec.size + 1n) return printable(sec);
  if (!fd.canRead(sec.offset, 1n, sec.size, null)) return null;
  for (const entry of fd.symtabShndx) {
    if (entry.link !== sec.index) continue;
    if (!fd.canRead(entry.offset, 1n, entry.size, null)) return null;
    if (entry.size / 4n < number) return printable(entry);
  }
  return null;
}

/** Symbol `index` of the table: st_name, st_info and st_shndx (extended indices resolved as GNU does). */
function readSymbol(fd: Filedata, symtab: GroupSymtab, index: number): { name: number; info: number; shndx: number } {
  const d = fd.reader.decoder;
  const size = STRUCT_SIZE[d.bits].sym;
  const bytes = fd.reader.readRange(symtab.sec.offset + BigInt(index * size), BigInt(size), 'symbols');
  const sym = decodeSymbols(d, bytes, size, EMPTY)[0]!;
  let shndx = sym.shndx;
  if (shndx === SHN.XINDEX && symtab.shndx !== undefined) {
    shndx = d.u32(fd.reader.readRange(symtab.shndx.offset + BigInt(index * 4), 4n, 'symbol table section indices'), 0);
  }
  return { name: sym.nameOffset, info: sym.info, shndx };
}
