import { STRUCT_SIZE } from './constants.js';
import type { Decoder } from './decode.js';
import type { Elf64Addr, Elf64Xword } from './types.js';

/** Symbol binding and type live in st_info's two nibbles. */
export const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2, GNU_UNIQUE: 10 } as const;
export const STT = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3, FILE: 4, COMMON: 5, TLS: 6, GNU_IFUNC: 10 } as const;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

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

/** Decodes a symbol table's entries; names come from `strtab`. */
export function decodeSymbols(d: Decoder, buf: Buffer, entsize: number, strtab: Buffer): ElfSymbol[] {
  const natural = STRUCT_SIZE[d.bits].sym;
  const stride = Math.max(entsize, natural);
  const count = Math.floor(buf.length / stride);
  const out = new Array<ElfSymbol>(count);
  for (let i = 0, o = 0; i < count; i++, o += stride) {
    let nameOffset: number, value: bigint, size: bigint, info: number, other: number, shndx: number;
    if (d.bits === 64) {
      nameOffset = d.u32(buf, o);
      info = buf[o + 4]!;
      other = buf[o + 5]!;
      shndx = d.u16(buf, o + 6);
      value = d.u64(buf, o + 8);
      size = d.u64(buf, o + 16);
    } else {
      nameOffset = d.u32(buf, o);
      value = BigInt(d.u32(buf, o + 4));
      size = BigInt(d.u32(buf, o + 8));
      info = buf[o + 12]!;
      other = buf[o + 13]!;
      shndx = d.u16(buf, o + 14);
    }
    let name = '';
    if (nameOffset < strtab.length) {
      const end = strtab.indexOf(0, nameOffset);
      name = strtab.toString('latin1', nameOffset, end < 0 ? strtab.length : end);
    }
    out[i] = { index: i, nameOffset, name, value, size, info, other, shndx, bind: info >> 4, type: info & 0xf };
  }
  return out;
}
