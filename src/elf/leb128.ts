import { U64_MAX } from './types.js';

/** One LEB128 number as DWARF's read_leb128 (binutils dwarf.c) decodes it. */
export interface Leb128 {
  /** The value, wrapped to 64 bits. */
  readonly value: bigint;
  /** Bytes consumed (all that were there when the end came first). */
  readonly length: number;
  /** Bit 0: the data ended before the last byte; bit 1: bits were lost past 64. */
  readonly status: number;
}


/** Decodes an unsigned LEB128 number at `start`, reading no byte at or past `end`. */
export function readUleb128(buf: Uint8Array, start: number, end: number): Leb128 {
  let result = 0n;
  let length = 0;
  let shift = 0;
  let status = 1;
  for (let at = start; at < end; ) {
    const byte = buf[at++]!;
    length++;
    if (shift < 64) {
      const bits = BigInt(byte & 0x7f);
      result |= (bits << BigInt(shift)) & U64_MAX;
      // The bits of this byte that did not fit in 64.
      if (shift > 57 && (bits >> BigInt(64 - shift)) !== 0n) status |= 2;
      shift += 7;
    } else if ((byte & 0x7f) !== 0) {
      status |= 2;
    }
    if ((byte & 0x80) === 0) {
      status &= ~1;
      break;
    }
  }
  return { value: result, length, status };
}
