import { STRUCT_SIZE } from './constants.js';
import type { Decoder } from './decode.js';
import { decodeSymbolTableColumns, symbolSize, symbolValue, type SymbolTableColumns } from './symbol-columns.js';
import type { Elf64Addr, Elf64Xword } from './types.js';

export interface ElfSymbol {
  readonly index: number;
  /** Offset of the name in the linked string table. */
  readonly nameOffset: number;
  /** The name's bytes decoded as latin1 ('' when the offset is out of range). */
  readonly name: string;
  readonly value: Elf64Addr;
  readonly size: Elf64Xword;
  readonly info: number;
  readonly other: number;
  /** st_shndx as stored (0 = undefined). */
  readonly shndx: number;
  readonly bind: number;
  readonly type: number;
}

/**
 * A symbol table's entries as objects, names from `strtab`: the columns of
 * decodeSymbolTableColumns (the one symbol decoder), one object each.
 * Entries are `max(entsize, natural)` bytes apart and only whole ones count.
 */
export function decodeSymbols(d: Decoder, buf: Buffer, entsize: number, strtab: Buffer): ElfSymbol[] {
  const stride = Math.max(entsize, STRUCT_SIZE[d.bits].sym);
  const c = decodeSymbolTableColumns(d, buf, stride, Math.floor(buf.length / stride));
  const out = new Array<ElfSymbol>(c.count);
  // the names are cut from the string table made a string once: a Buffer
  // indexOf and toString per name cost more than the name (a library has
  // thousands); a table too long for one string is read a name at a time
  const strings = strtab.length <= WHOLE_STRINGS ? strtab.toString('latin1') : undefined;
  for (let i = 0; i < c.count; i++) out[i] = symbolAt(c, i, strings === undefined ? bufferName(strtab, c.name[i]!) : stringName(strings, c.name[i]!));
  return out;
}

/** String tables up to this length become one string (V8's longest is 2^29 - 24 characters). */
const WHOLE_STRINGS = 1 << 28;

/** The NUL-terminated name at `offset` of a string table as latin1 ('' when out of range). */
function stringName(strings: string, offset: number): string {
  if (offset >= strings.length) return '';
  const end = strings.indexOf('\0', offset);
  return strings.slice(offset, end < 0 ? strings.length : end);
}

function bufferName(strtab: Buffer, offset: number): string {
  if (offset >= strtab.length) return '';
  const end = strtab.indexOf(0, offset);
  return strtab.toString('latin1', offset, end < 0 ? strtab.length : end);
}

/** Entry `i` of decoded columns as an object, with its name. */
export function symbolAt(c: SymbolTableColumns, i: number, name: string): ElfSymbol {
  const nameOffset = c.name[i]!;
  const info = c.info[i]!;
  return {
    index: i,
    nameOffset,
    name,
    value: symbolValue(c, i),
    size: symbolSize(c, i),
    info,
    other: c.other[i]!,
    shndx: c.shndx[i]!,
    bind: info >> 4,
    type: info & 0xf,
  };
}
