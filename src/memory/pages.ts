/** Page arithmetic on bigint addresses (P is a power of two). */

export function alignDown(v: bigint, p: bigint): bigint {
  return v - (v % p);
}

export function alignUp(v: bigint, p: bigint): bigint {
  const r = v % p;
  return r === 0n ? v : v + (p - r);
}

/** Number of P-sized pages in [lo, hi), both page-aligned. */
export function pageCount(lo: bigint, hi: bigint, p: bigint): number {
  return hi > lo ? Number((hi - lo) / p) : 0;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
