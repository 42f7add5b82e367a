import { STRUCT_SIZE } from './constants.js';
import type { DynamicEntry, ElfClassBits, ProgramHeader, SectionHeader } from './types.js';

/**
 * Fixed-width integer access for one class and byte order, bound once after
 * the ELF identification so the table decoders never branch on either.
 */
export interface Decoder {
  readonly bits: ElfClassBits;
  readonly bigEndian: boolean;
  u8(b: Buffer, o: number): number;
  u16(b: Buffer, o: number): number;
  u32(b: Buffer, o: number): number;
  u64(b: Buffer, o: number): bigint;
  /** A class-sized word (Elf32_Word/Addr/Off or Elf64_Xword/Addr/Off) as bigint. */
  word(b: Buffer, o: number): bigint;
  /** Read an unsigned integer of `size` bytes (1, 2, 4 or 8) as bigint. */
  uint(b: Buffer, o: number, size: number): bigint;
}

/** One decoder per class and byte order, built on first use and shared. */
const decoders = new Map<number, Decoder>();

export function makeDecoder(bits: ElfClassBits, bigEndian: boolean): Decoder {
  const key = bits + (bigEndian ? 1 : 0);
  let d = decoders.get(key);
  if (d === undefined) {
    d = buildDecoder(bits, bigEndian);
    decoders.set(key, d);
  }
  return d;
}

function buildDecoder(bits: ElfClassBits, bigEndian: boolean): Decoder {
  const u16 = bigEndian ? (b: Buffer, o: number) => b.readUInt16BE(o) : (b: Buffer, o: number) => b.readUInt16LE(o);
  const u32 = bigEndian ? (b: Buffer, o: number) => b.readUInt32BE(o) : (b: Buffer, o: number) => b.readUInt32LE(o);
  const u64 = bigEndian
    ? (b: Buffer, o: number) => b.readBigUInt64BE(o)
    : (b: Buffer, o: number) => b.readBigUInt64LE(o);
  const word = bits === 64 ? u64 : (b: Buffer, o: number) => BigInt(u32(b, o));
  return {
    bits,
    bigEndian,
    u8: (b, o) => b[o] ?? 0,
    u16,
    u32,
    u64,
    word,
    uint(b, o, size) {
      switch (size) {
        case 1:
          return BigInt(b[o] ?? 0);
        case 2:
          return BigInt(u16(b, o));
        case 4:
          return BigInt(u32(b, o));
        case 8:
          return u64(b, o);
        default:
          throw new RangeError(`unsupported integer size ${size}`);
      }
    },
  };
}

/** Decodes `count` program headers from `buf`, one every `stride` bytes. */
export function decodeProgramHeaders(d: Decoder, buf: Buffer, count: number, stride: number): ProgramHeader[] {
  const out = new Array<ProgramHeader>(count);
  for (let i = 0, o = 0; i < count; i++, o += stride) out[i] = decodeProgramHeader(d, buf, o, i);
  return out;
}

/** The program header at byte `o` of `buf`, as entry `index`. */
export function decodeProgramHeader(d: Decoder, buf: Buffer, o: number, index: number): ProgramHeader {
  return d.bits === 64
    ? {
        index,
        type: d.u32(buf, o),
        flags: d.u32(buf, o + 4),
        offset: d.u64(buf, o + 8),
        vaddr: d.u64(buf, o + 16),
        paddr: d.u64(buf, o + 24),
        filesz: d.u64(buf, o + 32),
        memsz: d.u64(buf, o + 40),
        align: d.u64(buf, o + 48),
      }
    : {
        index,
        type: d.u32(buf, o),
        offset: BigInt(d.u32(buf, o + 4)),
        vaddr: BigInt(d.u32(buf, o + 8)),
        paddr: BigInt(d.u32(buf, o + 12)),
        filesz: BigInt(d.u32(buf, o + 16)),
        memsz: BigInt(d.u32(buf, o + 20)),
        flags: d.u32(buf, o + 24),
        align: BigInt(d.u32(buf, o + 28)),
      };
}

/** Decodes `count` section headers from `buf`, one every `stride` bytes. */
export function decodeSectionHeaders(d: Decoder, buf: Buffer, count: number, stride: number): SectionHeader[] {
  const out = new Array<SectionHeader>(count);
  for (let i = 0, o = 0; i < count; i++, o += stride) out[i] = decodeSectionHeader(d, buf, o, i);
  return out;
}

/** The section header at byte `o` of `buf`, as entry `index`. */
export function decodeSectionHeader(d: Decoder, buf: Buffer, o: number, index: number): SectionHeader {
  return d.bits === 64
    ? {
        index,
        name: d.u32(buf, o),
        type: d.u32(buf, o + 4),
        flags: d.u64(buf, o + 8),
        addr: d.u64(buf, o + 16),
        offset: d.u64(buf, o + 24),
        size: d.u64(buf, o + 32),
        link: d.u32(buf, o + 40),
        info: d.u32(buf, o + 44),
        addralign: d.u64(buf, o + 48),
        entsize: d.u64(buf, o + 56),
      }
    : {
        index,
        name: d.u32(buf, o),
        type: d.u32(buf, o + 4),
        flags: BigInt(d.u32(buf, o + 8)),
        addr: BigInt(d.u32(buf, o + 12)),
        offset: BigInt(d.u32(buf, o + 16)),
        size: BigInt(d.u32(buf, o + 20)),
        link: d.u32(buf, o + 24),
        info: d.u32(buf, o + 28),
        addralign: BigInt(d.u32(buf, o + 32)),
        entsize: BigInt(d.u32(buf, o + 36)),
      };
}

/**
 * Decodes dynamic entries up to and including the first DT_NULL, or as many
 * whole entries as `buf` holds (the count GNU readelf reports).
 */
export function decodeDynamic(d: Decoder, buf: Buffer): DynamicEntry[] {
  const size = STRUCT_SIZE[d.bits].dyn;
  const half = size / 2;
  const out: DynamicEntry[] = [];
  for (let o = 0; o + size <= buf.length; o += size) {
    const tag = d.word(buf, o);
    out.push({ tag, value: d.word(buf, o + half) });
    if (tag === 0n) break;
  }
  return out;
}
