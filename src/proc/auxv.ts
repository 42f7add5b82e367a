/**
 * /proc/PID/auxv: the auxiliary vector the kernel gave the process at exec,
 * (type, value) pairs of the process's word size in the machine's byte
 * order, ending with AT_NULL. A 32-bit process on a 64-bit kernel has
 * 32-bit pairs.
 */
export const AT = {
  NULL: 0,
  PHDR: 3,
  PHENT: 4,
  PHNUM: 5,
  PAGESZ: 6,
  BASE: 7,
  ENTRY: 9,
  EXECFN: 31,
  SYSINFO_EHDR: 33,
} as const;

export function parseAuxv(buf: Buffer, wordSize: 4 | 8, littleEndian: boolean): Map<number, bigint> {
  const out = new Map<number, bigint>();
  const pair = wordSize * 2;
  for (let at = 0; at + pair <= buf.length; at += pair) {
    const read = (o: number): bigint =>
      wordSize === 8
        ? littleEndian
          ? buf.readBigUInt64LE(o)
          : buf.readBigUInt64BE(o)
        : BigInt(littleEndian ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
    const type = read(at);
    if (type === 0n) break;
    if (!out.has(Number(type))) out.set(Number(type), read(at + wordSize));
  }
  return out;
}
