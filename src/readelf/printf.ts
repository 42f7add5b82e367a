import { U64_MAX } from '../elf/types.js';

/**
 * The few C printf conversions GNU readelf's layouts rely on, as named
 * functions. Widths are minimums: a long value widens its column, never
 * gets cut (C semantics).
 */

/** `%0*lx`: lowercase hex zero-padded to at least `width` digits. */
export function hex(v: bigint | number, width = 0): string {
  const s = typeof v === 'number' ? hexNumber(v) : v.toString(16);
  if (s.length >= width) return s;
  // Slicing a run of zeros is cheaper than padStart or repeat for the usual widths.
  return (width - s.length <= ZEROS.length ? ZEROS.slice(0, width - s.length) : '0'.repeat(width - s.length)) + s;
}
const ZEROS = '0000000000000000';

/**
 * The hex digits of a non-negative integer number below 2^53. V8 converts
 * small integers quickly but takes a slow general path for any other
 * number, so larger values are converted 16 bits at a time.
 */
function hexNumber(v: number): string {
  if (v <= 0x7fffffff) return v.toString(16);
  let s = '';
  while (v > 0xffff) {
    const low = v % 0x10000;
    const digits = low.toString(16);
    s = ZEROS.slice(0, 4 - digits.length) + digits + s;
    v = (v - low) / 0x10000;
  }
  return v.toString(16) + s;
}

/** `%#lx`: `0x` + hex, except zero prints a bare `0` (C's alternate form). */
export function altHex(v: bigint | number): string {
  return v === 0n || v === 0 ? '0' : '0x' + hex(v);
}

/** Runs of 0 to 64 spaces, made once: padding is on every line of some views. */
const SPACE_RUNS = Array.from({ length: 65 }, (_, n) => ' '.repeat(n));

/** `n` spaces (no new string for up to 64). */
export function spaces(n: number): string {
  return n < SPACE_RUNS.length ? SPACE_RUNS[n]! : ' '.repeat(n);
}

/** `%-W.Ps`: left-justified in `width`, cut at `precision` characters. */
export function padTrunc(s: string, width: number, precision: number): string {
  const t = s.length > precision ? s.slice(0, precision) : s;
  return t.length >= width ? t : t + spaces(width - t.length);
}

/** `%*s` / `%-*s` with a minimum width. */
export function padStart(s: string, width: number): string {
  return s.length >= width ? s : spaces(width - s.length) + s;
}
export function padEnd(s: string, width: number): string {
  return s.length >= width ? s : s + spaces(width - s.length);
}

/** `%d` of a C `int` holding an unsigned 32-bit value (wraps past 2^31). */
export function int32(v: number): string {
  return String(v | 0);
}

/** `%2.2d`: at least two digits. */
export function dec2(v: number): string {
  return v < 10 && v >= 0 ? '0' + v : String(v);
}

/** Unsigned 64-bit wrap-around, as C's uint64_t arithmetic does. */
export function u64(v: bigint): bigint {
  return v & U64_MAX;
}

/**
 * `%.1f` of a non-negative double as glibc prints it: the exact binary
 * value rounded, ties to even. toFixed rounds the exact value too but takes
 * the larger on a tie; with one decimal a tie is a value ending in .25 or
 * .75 exactly, and only .25 rounds the other way.
 */
export function fixed1(v: number): string {
  const q = v * 4;
  if (Number.isInteger(q) && q % 4 === 1 && q < 2 ** 52) return `${(q - 1) / 4}.2`;
  return v.toFixed(1);
}

/** `%#x` of an unsigned 32-bit value. */
export function altHex32(v: number): string {
  return v === 0 ? '0' : '0x' + (v >>> 0).toString(16);
}
