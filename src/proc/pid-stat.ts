/**
 * /proc/PID/stat: `pid (comm) state ppid …`, 52 fields on current kernels.
 * comm is bytes and may hold spaces and parentheses: it runs from the first
 * '(' to the last ')'. Fields are numbered from 1 as in proc(5).
 */
export interface PidStat {
  readonly pid: number;
  /** The comm field's bytes (at most 15 for a user task; longer names for some kernel threads). */
  readonly comm: Buffer;
  /** Field 3: R, S, D, Z, T, t, X, I, … */
  readonly state: string;
  /** Fields 3 onwards as text (index 0 is field 3). */
  readonly rest: readonly string[];
}

export class PidStatFormatError extends Error {
  override readonly name = 'PidStatFormatError';
}

export function parsePidStat(buf: Buffer): PidStat {
  const open = buf.indexOf(0x28); // '('
  const close = buf.lastIndexOf(0x29); // ')'
  if (open < 0 || close < open) throw new PidStatFormatError('/proc/PID/stat: no "(comm)" field');
  const pid = Number(buf.toString('latin1', 0, open).trim());
  const rest = buf.toString('latin1', close + 1).trim().split(/\s+/);
  return { pid, comm: buf.subarray(open + 1, close), state: rest[0] ?? '?', rest };
}

/** Field N (1-based, N >= 3) as a bigint (addresses) — 0 when absent. */
export function statField(s: PidStat, n: number): bigint {
  const v = s.rest[n - 3];
  return v !== undefined && /^-?\d+$/.test(v) ? BigInt(v) : 0n;
}

/** Field 28, startstack: the address of the bottom (start) of the main thread's stack. */
export function startStack(s: PidStat): bigint {
  return statField(s, 28);
}
