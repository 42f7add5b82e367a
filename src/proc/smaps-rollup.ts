import { parseMapsLine, splitLines } from './maps.js';
import { parseFieldLine } from './smaps.js';

/**
 * /proc/PID/smaps_rollup (Linux 4.14+): one header line spanning the whole
 * address space, named `[rollup]`, then the smaps keys summed over every
 * VMA. The kernel sums Pss before rounding to kB, so its Pss can exceed the
 * sum of the per-VMA Pss lines by up to 1 kB per VMA.
 */
export interface SmapsRollup {
  readonly start: bigint;
  readonly end: bigint;
  readonly fields: ReadonlyMap<string, number>;
}

export function parseSmapsRollup(buf: Buffer): SmapsRollup | undefined {
  const lines = splitLines(buf);
  const head = lines[0] === undefined ? undefined : parseMapsLine(lines[0]);
  const fields = new Map<string, number>();
  for (const line of lines.slice(1)) parseFieldLine(line, fields, undefined);
  // A process without memory (a zombie, a kernel thread) has an empty rollup.
  if (head === undefined) return lines.length === 0 ? { start: 0n, end: 0n, fields } : undefined;
  return { start: head.start, end: head.end, fields };
}
