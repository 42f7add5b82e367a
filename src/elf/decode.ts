import type { ElfClassBits } from './types.js';

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
  /**
   * A table's column: the u16 (u32) at `at`, `at + stride`, ... into each
   * element of `into`, in one call (the CLI's compiled code keeps a call per
   * field, which costs more than the field). RangeError when the last is
   * not in `b`.
   */
  u16Column(b: Buffer, at: number, stride: number, into: Uint16Array): void;
  u32Column(b: Buffer, at: number, stride: number, into: Uint32Array): void;
}

/** Whether typed arrays read this machine's memory little-endian (x86, ARM, RISC-V: almost every host). */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The four decoders (ELF32/ELF64, little/big endian), made once and shared. */
const DECODERS = {
  32: [buildDecoder(32, false), buildDecoder(32, true)],
  64: [buildDecoder(64, false), buildDecoder(64, true)],
} as const;

export function makeDecoder(bits: ElfClassBits, bigEndian: boolean): Decoder {
  return DECODERS[bits][bigEndian ? 1 : 0];
}

function buildDecoder(bits: ElfClassBits, bigEndian: boolean): Decoder {
  // The bytes themselves when all are in `b`; Buffer's readUInt16/32 (which
  // throw the RangeError of an offset out of bounds) otherwise. Node's
  // readers validate the offset through two more calls each, which the CLI's
  // TurboFan, compiling without inlining (bin/elfaudit.js), keeps as calls:
  // a third of the cost of decoding a symbol table.
  const u16 = bigEndian
    ? (b: Buffer, o: number) => {
        const hi = b[o];
        const lo = b[o + 1];
        return hi === undefined || lo === undefined ? b.readUInt16BE(o) : hi * 0x100 + lo;
      }
    : (b: Buffer, o: number) => {
        const lo = b[o];
        const hi = b[o + 1];
        return lo === undefined || hi === undefined ? b.readUInt16LE(o) : hi * 0x100 + lo;
      };
  const u32 = bigEndian
    ? (b: Buffer, o: number) => {
        const first = b[o];
        const last = b[o + 3];
        return first === undefined || last === undefined ? b.readUInt32BE(o) : first * 0x1000000 + b[o + 1]! * 0x10000 + b[o + 2]! * 0x100 + last;
      }
    : (b: Buffer, o: number) => {
        const first = b[o];
        const last = b[o + 3];
        return first === undefined || last === undefined ? b.readUInt32LE(o) : last * 0x1000000 + b[o + 2]! * 0x10000 + b[o + 1]! * 0x100 + first;
      };
  const u64 = bigEndian
    ? (b: Buffer, o: number) => b.readBigUInt64BE(o)
    : (b: Buffer, o: number) => b.readBigUInt64LE(o);
  const word = bits === 64 ? u64 : (b: Buffer, o: number) => BigInt(u32(b, o));
  const inColumn = (b: Buffer, at: number, stride: number, n: number, size: number) => {
    if (n > 0 && (at < 0 || at + (n - 1) * stride + size > b.length)) throw new RangeError(`a column of ${n} ${size}-byte fields at ${at}, ${stride} apart, leaves the ${b.length}-byte buffer`);
  };
  // (each byte is in `b`: an int32 from the shifts is stored modulo 2^32)
  const u16Column = bigEndian
    ? (b: Buffer, at: number, stride: number, into: Uint16Array) => {
        inColumn(b, at, stride, into.length, 2);
        for (let i = 0, o = at; i < into.length; i++, o += stride) into[i] = (b[o]! << 8) | b[o + 1]!;
      }
    : (b: Buffer, at: number, stride: number, into: Uint16Array) => {
        inColumn(b, at, stride, into.length, 2);
        for (let i = 0, o = at; i < into.length; i++, o += stride) into[i] = b[o]! | (b[o + 1]! << 8);
      };
  const u32Column = bigEndian
    ? (b: Buffer, at: number, stride: number, into: Uint32Array) => {
        inColumn(b, at, stride, into.length, 4);
        for (let i = 0, o = at; i < into.length; i++, o += stride) into[i] = (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
      }
    : (b: Buffer, at: number, stride: number, into: Uint32Array) => {
        inColumn(b, at, stride, into.length, 4);
        // An aligned column of a little-endian file on a little-endian host:
        // one element load per field instead of four bytes and three shifts,
        // which is what a one-file run, still in V8's interpreter, pays for.
        if (LITTLE_ENDIAN_HOST && ((b.byteOffset + at) & 3) === 0 && (stride & 3) === 0 && into.length > 0) {
          const words = new Uint32Array(b.buffer, b.byteOffset + at, ((into.length - 1) * stride) / 4 + 1);
          const step = stride / 4;
          for (let i = 0, w = 0; i < into.length; i++, w += step) into[i] = words[w]!;
          return;
        }
        for (let i = 0, o = at; i < into.length; i++, o += stride) into[i] = b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
      };
  return {
    bits,
    bigEndian,
    u8: (b, o) => b[o] ?? 0,
    u16,
    u32,
    u16Column,
    u32Column,
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

/**
 * byte_get (p, 4) as readelf's attribute and note printers use it: the bytes
 * past the end of `b` read as zeros (GNU's buffers end in a NUL and it does
 * not check), so a truncated field decodes as GNU decodes it.
 */
export function u32At(d: Decoder, b: Buffer, at: number): number {
  if (at + 4 <= b.length) return d.u32(b, at);
  const padded = Buffer.alloc(4);
  if (at < b.length) b.copy(padded, 0, at);
  return d.u32(padded, 0);
}
