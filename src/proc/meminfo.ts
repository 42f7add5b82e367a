import { splitLines } from './maps.js';

/**
 * /proc/meminfo: `Key:   N kB` (or a bare count, for HugePages_*). Keys are
 * kept by name, parentheses included (`Active(anon)`): which appear depends
 * on the kernel and its configuration.
 */
export type Meminfo = ReadonlyMap<string, number>;

export function parseMeminfo(buf: Buffer): Meminfo {
  const out = new Map<string, number>();
  for (const line of splitLines(buf)) {
    const m = /^([^:\s]+):\s+(\d+)/.exec(line.toString('latin1'));
    if (m !== null) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
