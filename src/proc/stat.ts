import { splitLines } from './maps.js';

/**
 * /proc/stat (the system file, not /proc/PID/stat): the aggregate `cpu`
 * line's ticks since boot, in USER_HZ, and the scheduler counters.
 */
export interface CpuTicks {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
  readonly irq: number;
  readonly softirq: number;
  readonly steal: number;
  readonly guest: number;
  readonly guestNice: number;
}

export interface SystemStat {
  /** The `cpu` line: every CPU's ticks added up. */
  readonly cpu: CpuTicks;
  readonly counters: ReadonlyMap<string, number>;
}

export function parseSystemStat(buf: Buffer): SystemStat {
  const zero: CpuTicks = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
  let cpu = zero;
  const counters = new Map<string, number>();
  for (const line of splitLines(buf)) {
    const f = line.toString('latin1').trim().split(/\s+/);
    if (f[0] === 'cpu') {
      const t = f.slice(1).map(Number);
      const at = (i: number) => t[i] ?? 0;
      cpu = {
        user: at(0),
        nice: at(1),
        system: at(2),
        idle: at(3),
        iowait: at(4),
        irq: at(5),
        softirq: at(6),
        steal: at(7),
        guest: at(8),
        guestNice: at(9),
      };
    } else if (f.length === 2 && f[0] !== undefined && /^\d+$/.test(f[1]!)) {
      counters.set(f[0], Number(f[1]));
    }
  }
  return { cpu, counters };
}
