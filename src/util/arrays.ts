/**
 * Array helpers for lists of any length. `out.push(...items)` and
 * `Math.max(...items)` pass every item as an argument, and V8 overflows its
 * stack past roughly 100,000 of them — a real library has a million
 * relocations and tens of thousands of symbols — so src/ never spreads an
 * array into a call (lint/no-call-spread.grit enforces it).
 */

/** Appends every item to `out`, in order. */
export function pushAll<T>(out: T[], items: Iterable<T>): T[] {
  for (const item of items) out.push(item);
  return out;
}

/** The largest of the numbers, or `empty` when there are none. */
export function maxOf(items: Iterable<number>, empty = -Infinity): number {
  let max = empty;
  for (const n of items) if (n > max) max = n;
  return max;
}

/** The first index in [0, length) for which `before(i)` is false, where `before` is true for a prefix and false after it (binary search). */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
