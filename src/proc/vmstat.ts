import { splitLines } from './maps.js';

/**
 * /proc/vmstat: `name value` per line, event counters since boot and
 * current counts (pages). Values are kept as numbers: counters reach 2^53
 * only after centuries.
 */
export type VmstatCounters = ReadonlyMap<string, number>;

export function parseVmstat(buf: Buffer): VmstatCounters {
  const out = new Map<string, number>();
  for (const line of splitLines(buf)) {
    const m = /^(\S+)\s+(-?\d+)\s*$/.exec(line.toString('latin1'));
    if (m !== null) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
