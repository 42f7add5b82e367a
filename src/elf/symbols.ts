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
  for (let i = 0; i < c.count; i++) out[i] = symbolAt(c, i, strtab);
  return out;
}

/** Entry `i` of decoded columns as an object, its name from `strtab` ('' when out of range). */
export function symbolAt(c: SymbolTableColumns, i: number, strtab: Buffer): ElfSymbol {
  const nameOffset = c.name[i]!;
  const info = c.info[i]!;
  let name = '';
  if (nameOffset < strtab.length) {
    const end = strtab.indexOf(0, nameOffset);
    name = strtab.toString('latin1', nameOffset, end < 0 ? strtab.length : end);
  }
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
