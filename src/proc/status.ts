import { splitLines } from './maps.js';

/** /proc/PID/status: `Key:\tvalue` lines (Name is escaped by the kernel; the rest is text). */
export type PidStatus = ReadonlyMap<string, string>;

export function parseStatus(buf: Buffer): PidStatus {
  const out = new Map<string, string>();
  for (const line of splitLines(buf)) {
    const s = line.toString('latin1');
    const colon = s.indexOf(':');
    if (colon > 0) out.set(s.slice(0, colon), s.slice(colon + 1).trim());
  }
  return out;
}

/** The thread group id (the process id of a thread's process); undefined when absent. */
export function tgidOf(s: PidStatus): number | undefined {
  const v = s.get('Tgid');
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The real user id (the first of `Uid:`'s four: real, effective, saved, file system); undefined when absent. */
export function realUidOf(s: PidStatus): number | undefined {
  const v = s.get('Uid')?.split(/\s+/)[0];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
