/**
 * The small words of elfaudit's own English output (not GNU's: readelf's
 * printf rules live in src/readelf/printf.ts), so every command counts,
 * signs and sizes the same way.
 */

/** `1 page`, `2 pages`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A page size as people say it: `4 KiB`, or bytes when it is not a whole KiB. */
export function kib(pageSize: number): string {
  return pageSize % 1024 === 0 ? `${pageSize / 1024} KiB` : `${pageSize} B`;
}

/** A change with its sign: `+2`, `-1`, `0`. */
export function signed(n: number | bigint): string {
  return n > 0 ? `+${n}` : `${n}`;
}

/** An address or offset as elfaudit prints it: `0x1f000`. */
export function hexAddress(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

/** A size change as bloaty says it: `+300 B`, `-1.2 KiB`, `+3.4 MiB`, `0 B`. */
export function signedBytes(n: bigint): string {
  const sign = n > 0n ? '+' : n < 0n ? '-' : '';
  const a = n < 0n ? -n : n;
  if (a < 1024n) return `${sign}${a} B`;
  if (a < 1024n * 1024n) return `${sign}${(Number(a) / 1024).toFixed(1)} KiB`;
  return `${sign}${(Number(a) / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A change relative to its old value: `+3.1%`; undefined from zero. */
export function signedPercent(delta: bigint, old: bigint): string | undefined {
  if (old === 0n) return undefined;
  const p = (Number(delta) / Number(old)) * 100;
  return `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
}
