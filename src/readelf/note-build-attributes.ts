/**
 * GNU build attribute notes (annobin's NT_GNU_BUILD_ATTRIBUTE_OPEN/FUNC,
 * owners like "GA$<version>3p4"): print_gnu_build_attribute_name,
 * print_gnu_build_attribute_description and get_symbol_for_build_attribute
 * (readelf.c l.20994-21475), with GNU's state: the symbol table it loads
 * once per file (ba_cache) and the regions of the previous notes, which
 * GNU keeps in function statics for the whole run.
 */
import { NT_GNU_BUILD_ATTRIBUTE, SHT, STB, STT } from '../elf/constants.js';
import { symbolSize, symbolValue } from '../elf/symbol-columns.js';
import type { Filedata } from './filedata.js';
import { altHex, hex, u64 } from './printf.js';
import { getElfSymbols } from './symbol-table.js';
import { typeIs, type Note } from './note-printers.js';
import { cText } from '../elf/reader.js';
import { printSymbol } from './print-symbol.js';

/** What get_symtab loaded for ba_cache. */
export interface SymbolCache {
  readonly value: bigint[];
  readonly size: bigint[];
  readonly info: Uint8Array;
  readonly nameOffset: Uint32Array;
  readonly strtab: Buffer | null;
  readonly strtabLen: bigint;
}

/** ba_cache for this file, loaded as get_symbol_for_build_attribute does on the first lookup. */
function symbolsOf(fd: Filedata): SymbolCache | null {
  if (fd.buildAttributeSymbols !== undefined) return fd.buildAttributeSymbols;
  // Without section headers GNU leaves the (per-file, reset) cache empty.
  if (fd.sections === null) return null;
  fd.buildAttributeSymbols = loadSymbols(fd);
  return fd.buildAttributeSymbols;
}

/** The first SHT_SYMTAB for which get_symtab succeeds. */
function loadSymbols(fd: Filedata): SymbolCache | null {
  const sections = fd.sections!;
  const n = Math.min(fd.shnum, sections.count);
  for (let i = 0; i < n; i++) {
    if (sections.type(i) !== SHT.SYMTAB) continue;
    const sec = sections.at(i);
    const syms = getElfSymbols(fd, sec);
    if (syms === null) continue;
    const { cols } = syms;
    let strtab: Buffer | null = null;
    let strtabLen = 0n;
    if (sec.link !== 0) {
      if (sec.link >= fd.shnum) {
        fd.diag.error('Bad sh_link in symbol table section');
        continue;
      }
      const strsec = sections.at(sec.link);
      strtab = fd.getData(strsec.offset, 1n, strsec.size, 'string table');
      if (strtab === null) continue;
      strtabLen = strsec.size;
    }
    const value = new Array<bigint>(cols.count);
    const size = new Array<bigint>(cols.count);
    for (let j = 0; j < cols.count; j++) {
      value[j] = symbolValue(cols, j);
      size[j] = symbolSize(cols, j);
    }
    return { value, size, info: cols.info, nameOffset: cols.name, strtab, strtabLen };
  }
  return null;
}

/** get_symbol_for_build_attribute: the symbol at `offset` GNU names a region after. */
function symbolFor(fd: Filedata, offset: bigint, isOpen: boolean): { size: bigint; name: string } | null {
  const c = symbolsOf(fd);
  if (c === null) return null;
  const strtab = c.strtab ?? Buffer.alloc(0);
  const at = (o: number) => (o < strtab.length ? strtab[o]! : 0);
  const n = c.value.length;
  let saved = -1;
  for (let i = 0; i < n; i++) {
    if (c.value[i] !== offset) continue;
    const name = c.nameOffset[i]!;
    if (BigInt(name) >= c.strtabLen) continue;
    if (at(name) === 0) continue;
    // Mapping symbols ($d, $x, $t) of AArch64, ARM and RISC-V.
    if (at(name) === 0x24 && at(name + 1) !== 0 && at(name + 2) === 0) continue;
    const type = c.info[i]! & 0xf;
    if (isOpen) {
      // OPEN attributes prefer GLOBAL over LOCAL, and FILE or OBJECT over NOTYPE; FUNC never.
      if (type === STT.OBJECT || type === STT.FILE) {
        saved = i;
        if (c.size[i] !== 0n) i = n; // a sized symbol ends the search
        continue;
      }
      if (type === STT.FUNC) continue;
      const bind = c.info[i]! >> 4;
      if (bind === STB.GLOBAL) {
        if (saved < 0 || (c.info[saved]! & 0xf) !== STT.OBJECT) saved = i;
      } else if (bind === STB.LOCAL) {
        if (saved < 0) saved = i;
      }
    } else {
      if (type !== STT.FUNC) continue;
      saved = i;
      break;
    }
  }
  if (saved < 0) return null;
  return { size: c.size[saved]!, name: cText(strtab, c.nameOffset[saved]!) };
}

/** find_section_by_address: the first section whose [sh_addr, sh_addr + sh_size) holds `addr`. */

/** BFD_ALIGN (v, 16), which saturates instead of wrapping. */
function align16(v: bigint): bigint {
  return v + 15n > u64(-1n) ? u64(-1n) : (v + 15n) & ~15n;
}

/** The name byte at `i` as GNU reads it (its buffer is NUL-terminated at namesz). */
function nameByte(note: Note, i: number): number {
  if (i >= note.namesz) return 0;
  return note.buf[note.nameAt + i]!;
}

/** The C string in the name from byte `i`. */
function nameString(note: Note, i: number): string {
  let s = '';
  for (let c = nameByte(note, i); c !== 0; c = nameByte(note, ++i)) s += String.fromCharCode(c);
  return s;
}

/** A C `char` from the name, as `%d` prints it (signed). */
const signedChar = (c: number) => (c << 24) >> 24;

const TYPE_NUMERIC = 0x2a; // '*'
const TYPE_STRING = 0x24; // '$'
const TYPE_BOOL_TRUE = 0x2b; // '+'
const TYPE_BOOL_FALSE = 0x21; // '!'

/** The GNU_BUILD_ATTRIBUTE_* names with the value types they expect. */
const ATTRIBUTES: ReadonlyMap<number, readonly [string, string]> = new Map([
  [1, ['<version>', '$']],
  [2, ['<stack prot>', '!+*']],
  [3, ['<relro>', '+!']],
  [4, ['<stack size>', '*']],
  [5, ['<tool>', '$']],
  [6, ['<ABI>', '$*']],
  [7, ['<PIC>', '*']],
  [8, ['<short enum>', '+!']],
]);
const PIC_NAMES = ['static', 'pic', 'PIC', 'pie', 'PIE'];
const STACK_PROT_NAMES = ['off', 'on', 'all', 'strong', 'explicit'];

/**
 * Whether process_note treats the note as a build attribute note: a name
 * starting with one of `*$!+` (or "GA" and one of them), where a NUL counts
 * too (strchr finds the terminator), and an OPEN or FUNC type.
 */
export function isBuildAttributeNote(note: Note): boolean {
  if (!typeIs(note, NT_GNU_BUILD_ATTRIBUTE.OPEN) && !typeIs(note, NT_GNU_BUILD_ATTRIBUTE.FUNC)) return false;
  // The name's bytes as GNU reads them: NUL-terminated at namesz, or (namesz 0)
  // whatever follows the header, up to the NUL past the end of the area.
  const raw = (i: number) =>
    note.namesz > 0 ? (i < note.namesz ? note.buf[note.nameAt + i]! : 0) : (note.buf[note.nameAt + i] ?? 0);
  const marks = (c: number) => c === 0 || c === 0x2a || c === 0x24 || c === 0x21 || c === 0x2b;
  return (note.name.startsWith('GA') && marks(raw(2))) || marks(raw(0));
}

/** print_gnu_build_attribute_name: the owner column of a build attribute note. */
export function printBuildAttributeName(fd: Filedata, note: Note): boolean {
  const wide = fd.opts.wide;
  const out = (s: string) => fd.sink.out(s);
  const corrupt = () => {
    fd.diag.error(`corrupt name field in GNU build attribute note: size = ${note.namesz}`);
    out(printSymbol(-20, '  <corrupt name>', wide));
    return false;
  };
  if (note.namesz < 2) return corrupt();
  let left = wide ? 28 : 20;
  let p = 0;
  // Version 2 of the spec adds a "GA" prefix.
  if (nameByte(note, 0) === 0x47 && nameByte(note, 1) === 0x41) {
    if (note.namesz < 4) return corrupt();
    out('GA');
    p = 2;
    left -= 2;
  }
  const nameType = nameByte(note, p);
  if (nameType !== TYPE_NUMERIC && nameType !== TYPE_STRING && nameType !== TYPE_BOOL_TRUE && nameType !== TYPE_BOOL_FALSE) {
    fd.diag.error(`unrecognised attribute type in name field: ${signedChar(nameType)}`);
    out(printSymbol(-20, '<unknown name type>', wide));
    return false;
  }
  out(String.fromCharCode(nameType));
  left--;
  p++;
  const attribute = nameByte(note, p);
  let text: string | null = null;
  let expected: string;
  const known = ATTRIBUTES.get(attribute);
  if (known !== undefined) {
    [text, expected] = known;
    p++;
  } else {
    if (attribute >= 0x20 && attribute < 0x7f) {
      let len = nameString(note, p).length + 1;
      // strnlen's limit: the rest of the name (the terminator is inside it).
      len = Math.min(len, note.namesz - p + 1);
      if (len > left && !wide) len = left;
      out(nameString(note, p).slice(0, Math.max(len, 0)) + ':');
      left -= len;
      p += len;
    } else {
      fd.diag.error(`unrecognised byte in name field: ${signedChar(attribute)}`);
      text = `<unknown:_${signedChar(attribute)}>`;
      p++;
    }
    expected = '*$!+';
  }
  if (text !== null) {
    out(text);
    left -= text.length;
  }
  if (!expected.includes(String.fromCharCode(nameType))) {
    fd.diag.warn(`attribute does not have an expected type (${String.fromCharCode(nameType)})`);
  }
  if (p > note.namesz) {
    fd.diag.error(`corrupt name field: namesz: ${note.namesz} but parsing gets to ${p}`);
    return false;
  }
  if (left < 1 && !wide) return true;
  switch (nameType) {
    case TYPE_NUMERIC: {
      let bytes = note.namesz - p;
      // The name field is always NUL-terminated: its last byte is not part of the value.
      if (bytes > 0) bytes--;
      if (bytes > 8) {
        fd.diag.error(`corrupt numeric name field: too many bytes in the value: ${hex(bytes)}`);
        bytes = 8;
      }
      let val = 0n;
      for (let shift = 0n; bytes-- > 0; shift += 8n) val |= BigInt(nameByte(note, p++)) << shift;
      let decoded: string | undefined;
      if (val < 5n) {
        if (attribute === 7) decoded = PIC_NAMES[Number(val)];
        else if (attribute === 2) decoded = STACK_PROT_NAMES[Number(val)];
      }
      if (decoded !== undefined) {
        out(printSymbol(-left, decoded, wide));
        left = 0;
      } else if (val === 0n) {
        out('0x0');
        left -= 3;
      } else {
        // "0x%-.*lx": the precision is a minimum number of digits.
        const s = '0x' + (wide ? hex(val) : hex(val, left));
        out(s);
        left -= s.length;
      }
      break;
    }
    case TYPE_STRING: {
      const r = printSymbol(-left, nameString(note, p), wide);
      out(r);
      left -= r.length;
      break;
    }
    case TYPE_BOOL_TRUE: {
      const r = printSymbol(-left, 'true', wide);
      out(r);
      left -= r.length;
      break;
    }
    case TYPE_BOOL_FALSE: {
      const r = printSymbol(-left, 'false', wide);
      out(r);
      left -= r.length;
      break;
    }
  }
  if (wide && left > 0) out(' '.repeat(left));
  return true;
}

/** print_gnu_build_attribute_description: the region a build attribute note applies to. */
export function printBuildAttributeDescription(fd: Filedata, note: Note): boolean {
  const r = fd.run.regions; // GNU's statics: they outlive a file
  const d = fd.reader.decoder;
  const out = (s: string) => fd.sink.out(s);
  const isOpen = typeIs(note, NT_GNU_BUILD_ATTRIBUTE.OPEN);
  const { buf, descAt } = note;
  let start: bigint;
  let end: bigint;
  switch (note.descsz) {
    case 0: {
      // A zero-length description means the range of the previous note of the same type.
      const [offset, last] = isOpen ? [r.globalOffset, r.globalEnd] : [r.funcOffset, r.funcEnd];
      out(last > offset ? `    Applies to region from ${altHex(offset)} to ${altHex(last)}\n` : `    Applies to region from ${altHex(offset)}\n`);
      return true;
    }
    case 4:
      start = BigInt(d.u32(buf, descAt));
      end = 0n;
      break;
    case 8:
      start = BigInt(d.u32(buf, descAt));
      end = BigInt(d.u32(buf, descAt + 4));
      break;
    case 16:
      start = d.u64(buf, descAt);
      end = d.u64(buf, descAt + 8);
      break;
    default:
      fd.diag.error(`    <invalid description size: ${hex(note.descsz)}>`);
      out('    <invalid descsz>');
      return false;
  }
  let sym = symbolFor(fd, start, isOpen);
  // As of version 5 of the annobin plugin, filename symbols are biased by 2.
  if (sym === null && isOpen) sym = symbolFor(fd, u64(start + 2n), isOpen);
  if (end === 0n && sym !== null && sym.size > 0n) end = u64(start + sym.size);
  if (isOpen) {
    if (r.globalEnd > 0n && start > align16(r.globalEnd)) {
      const a = fd.sectionIndexByAddress(start);
      if (a >= 0 && a === fd.sectionIndexByAddress(r.globalEnd)) {
        fd.diag.warn(`Gap in build notes detected from ${altHex(u64(r.globalEnd + 1n))} to ${altHex(u64(start - 1n))}`);
      }
    }
    out(`    Applies to region from ${altHex(start)}`);
    r.globalOffset = start;
    if (end !== 0n) {
      out(` to ${altHex(end)}`);
      r.globalEnd = end;
    }
  } else {
    out(`    Applies to region from ${altHex(start)}`);
    r.funcOffset = start;
    if (end !== 0n) {
      out(` to ${altHex(end)}`);
      r.funcEnd = end;
    }
  }
  if (sym !== null) out(` (${sym.name})`);
  out('\n');
  return true;
}
