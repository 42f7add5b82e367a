import { STRUCT_SIZE } from './constants.js';
import type { Decoder } from './decode.js';

/**
 * A symbol table's small fields in columns, for scanning thousands of
 * symbols without building an object (and two bigints) per symbol:
 * st_name, st_info, st_other and st_shndx as stored. Values and sizes are
 * left out; decodeSymbols gives those.
 */
export interface SymbolColumns {
  readonly count: number;
  /** st_name: offset in the linked string table. */
  readonly name: Uint32Array;
  readonly info: Uint8Array;
  readonly other: Uint8Array;
  /** st_shndx as stored (0 = undefined). */
  readonly shndx: Uint16Array;
}

/** Decodes `count` entries (default: as many as fit) from `buf`, one every `stride` bytes. */
export function decodeSymbolColumns(d: Decoder, buf: Buffer, stride: number, count?: number): SymbolColumns {
  const natural = STRUCT_SIZE[d.bits].sym;
  const step = Math.max(stride, natural);
  const fit = buf.length >= natural ? Math.floor((buf.length - natural) / step) + 1 : 0;
  const n = count === undefined ? fit : Math.min(count, fit);
  const name = new Uint32Array(n);
  const info = new Uint8Array(n);
  const other = new Uint8Array(n);
  const shndx = new Uint16Array(n);
  const [infoAt, shndxAt] = d.bits === 64 ? [4, 6] : [12, 14];
  d.u32Column(buf, 0, step, name);
  for (let i = 0, o = infoAt; i < n; i++, o += step) {
    info[i] = buf[o]!;
    other[i] = buf[o + 1]!;
  }
  d.u16Column(buf, shndxAt, step, shndx);
  return { count: n, name, info, other, shndx };
}

/**
 * SymbolColumns plus st_value and st_size, each as its two 32-bit halves
 * (exact for any value, without a bigint per symbol; the high halves are 0
 * for ELF32). For callers that print every field of every symbol.
 */
export interface SymbolTableColumns extends SymbolColumns {
  readonly valueLow: Uint32Array;
  readonly valueHigh: Uint32Array;
  readonly sizeLow: Uint32Array;
  readonly sizeHigh: Uint32Array;
}

/**
 * Decodes `count` entries (default: as many as fit) from `buf` like
 * decodeSymbolColumns, with values and sizes.
 */
export function decodeSymbolTableColumns(d: Decoder, buf: Buffer, stride: number, count?: number): SymbolTableColumns {
  const cols = decodeSymbolColumns(d, buf, stride, count);
  const n = cols.count;
  const natural = STRUCT_SIZE[d.bits].sym;
  const step = Math.max(stride, natural);
  const valueLow = new Uint32Array(n);
  const valueHigh = new Uint32Array(n);
  const sizeLow = new Uint32Array(n);
  const sizeHigh = new Uint32Array(n);
  if (d.bits === 64) {
    // The low half of an 8-byte field comes first in little-endian files.
    const lo = d.bigEndian ? 4 : 0;
    const hi = d.bigEndian ? 0 : 4;
    d.u32Column(buf, 8 + lo, step, valueLow);
    d.u32Column(buf, 8 + hi, step, valueHigh);
    d.u32Column(buf, 16 + lo, step, sizeLow);
    d.u32Column(buf, 16 + hi, step, sizeHigh);
  } else {
    d.u32Column(buf, 4, step, valueLow);
    d.u32Column(buf, 8, step, sizeLow);
  }
  return { ...cols, valueLow, valueHigh, sizeLow, sizeHigh };
}

/** Entry `i`'s st_value as a bigint (exact), from its two halves. */
export function symbolValue(c: SymbolTableColumns, i: number): bigint {
  return joinHalves(c.valueLow[i]!, c.valueHigh[i]!);
}

/** Entry `i`'s st_size as a bigint (exact), from its two halves. */
export function symbolSize(c: SymbolTableColumns, i: number): bigint {
  return joinHalves(c.sizeLow[i]!, c.sizeHigh[i]!);
}

function joinHalves(low: number, high: number): bigint {
  return high === 0 ? BigInt(low) : (BigInt(high) << 32n) | BigInt(low);
}
