/**
 * The system's memory as procps-ng 4.0.2 vmstat and slabtop show it, read
 * from /proc directly:
 *
 * - vmstat's memory columns (kB): swpd = SwapTotal − SwapFree, free =
 *   MemFree, buff = Buffers, cache = Cached + SReclaimable (procps 4.0.2's
 *   derived "cached"), active = Active, inactive = Inactive.
 * - vmstat's si/so on its first line: kB swapped in/out per second averaged
 *   since boot, computed as vmstat computes it — pswpin/pswpout (pages) ×
 *   page size in kB × USER_HZ, divided by the total CPU ticks of /proc/stat's
 *   `cpu` line (user + nice + system + idle + iowait + irq + softirq +
 *   steal), rounded to nearest. (Those ticks are summed over every CPU, so
 *   the "per second" rate is divided by the number of CPUs: vmstat's, not
 *   elfaudit's, arithmetic.)
 * - slabtop's summary and per-cache rows from /proc/slabinfo (root only).
 */
import { endianness } from 'node:os';
import { AT, parseAuxv } from '../proc/auxv.js';
import { isProcError } from '../proc/errors.js';
import { parseMeminfo, type Meminfo } from '../proc/meminfo.js';
import { readProcessFile, readSystemFile } from '../proc/read.js';
import { parseSlabinfo, type SlabCache } from '../proc/slabinfo.js';
import { parseSystemStat, type CpuTicks } from '../proc/stat.js';
import { parseVmstat } from '../proc/vmstat.js';
import { vmaPriceFrom, type VmaPrice } from './vma-price.js';

export interface VmstatMemory {
  readonly swpd: number;
  readonly free: number;
  readonly buff: number;
  readonly cache: number;
  readonly active: number;
  readonly inactive: number;
}

export interface SwapActivity {
  /** kB/s swapped in and out, averaged since boot (vmstat's first line). */
  readonly si: number;
  readonly so: number;
  /** The counters behind them: pages since boot. */
  readonly pswpin: number;
  readonly pswpout: number;
}

/** A slab cache as slabtop shows it. */
export interface SlabRow extends SlabCache {
  /** (unsigned)(100 * (float)active / total), 0 for an empty cache. */
  readonly use: number;
  /** Slabs × pages per slab × page size, in bytes. */
  readonly cacheSizeBytes: number;
}

export interface SlabSummary {
  readonly activeObjects: number;
  readonly totalObjects: number;
  readonly activeSlabs: number;
  readonly totalSlabs: number;
  readonly activeCaches: number;
  readonly totalCaches: number;
  /** Bytes: active objects × object size, and all objects × object size. */
  readonly activeSize: number;
  readonly totalSize: number;
  readonly minObjSize: number;
  readonly avgObjSize: number;
  readonly maxObjSize: number;
}

export interface SysReport {
  readonly pageSize: number;
  readonly memory: VmstatMemory;
  /** The meminfo parts of `cache`. */
  readonly cached: number;
  readonly sReclaimable: number;
  readonly swap: SwapActivity;
  /** Undefined when /proc/slabinfo cannot be read; slabsError says why. */
  readonly slabs: readonly SlabRow[] | undefined;
  readonly slabSummary: SlabSummary | undefined;
  readonly slabsError: string | undefined;
  readonly vmaPrice: VmaPrice | undefined;
}

/** USER_HZ: the unit of /proc/stat (sysconf(_SC_CLK_TCK)), 100 on every Linux architecture's ABI. */
export const USER_HZ = 100;

/** This machine's page size, from the auxiliary vector of this process. */
export function hostPageSize(): number {
  try {
    const wordSize = process.arch.endsWith('64') || process.arch === 's390x' ? 8 : 4;
    const v = parseAuxv(readProcessFile('self', 'auxv'), wordSize, endianness() === 'LE').get(AT.PAGESZ);
    if (v !== undefined && v > 0n) return Number(v);
  } catch (e) {
    if (!isProcError(e)) throw e;
  }
  return 4096;
}

export function vmstatMemory(m: Meminfo): VmstatMemory {
  const get = (k: string) => m.get(k) ?? 0;
  return {
    swpd: get('SwapTotal') - get('SwapFree'),
    free: get('MemFree'),
    buff: get('Buffers'),
    cache: get('Cached') + get('SReclaimable'),
    active: get('Active'),
    inactive: get('Inactive'),
  };
}

export function totalTicks(t: CpuTicks): number {
  return t.user + t.nice + t.system + t.irq + t.softirq + t.idle + t.iowait + t.steal;
}

/** vmstat.c new_format's first-line rate: (kB × hz + Div/2) / Div in unsigned integers. */
export function sinceBootRate(pages: number, pageSize: number, ticks: number): number {
  let div = ticks;
  if (div === 0) div = 1;
  const kb = BigInt(pages) * BigInt(Math.floor(pageSize / 1024));
  return Number((kb * BigInt(USER_HZ) + BigInt(Math.floor(div / 2))) / BigInt(div)) >>> 0;
}

const f32 = Math.fround;

export function slabRows(caches: readonly SlabCache[], pageSize: number): SlabRow[] {
  return caches.map((c) => ({
    ...c,
    use: c.numObjs > 0 ? Math.trunc(f32(100 * f32(f32(c.activeObjs) / f32(c.numObjs)))) : 0,
    cacheSizeBytes: c.numSlabs * c.pagesPerSlab * pageSize,
  }));
}

export function slabSummary(rows: readonly SlabRow[]): SlabSummary {
  let activeObjects = 0;
  let totalObjects = 0;
  let activeSlabs = 0;
  let totalSlabs = 0;
  let activeCaches = 0;
  let activeSize = 0;
  let totalSize = 0;
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (const r of rows) {
    activeObjects += r.activeObjs;
    totalObjects += r.numObjs;
    activeSlabs += r.activeSlabs;
    totalSlabs += r.numSlabs;
    if (r.numObjs > 0) activeCaches++;
    activeSize += r.activeObjs * r.objSize;
    totalSize += r.numObjs * r.objSize;
    if (r.objSize < min) min = r.objSize;
    if (r.objSize > max) max = r.objSize;
  }
  return {
    activeObjects,
    totalObjects,
    activeSlabs,
    totalSlabs,
    activeCaches,
    totalCaches: rows.length,
    activeSize,
    totalSize,
    minObjSize: rows.length > 0 ? min : 0,
    avgObjSize: totalObjects > 0 ? Math.floor(totalSize / totalObjects) : 0,
    maxObjSize: max,
  };
}

/** slabtop's default order: most objects first (ties by name). */
export function byObjects(a: SlabRow, b: SlabRow): number {
  return b.numObjs - a.numObjs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Reads /proc/meminfo, /proc/vmstat, /proc/stat and /proc/slabinfo once each. */
export function sysReport(): SysReport {
  const pageSize = hostPageSize();
  const meminfo = parseMeminfo(readSystemFile('meminfo'));
  const vm = parseVmstat(readSystemFile('vmstat'));
  const stat = parseSystemStat(readSystemFile('stat'));
  const ticks = totalTicks(stat.cpu);
  const pswpin = vm.get('pswpin') ?? 0;
  const pswpout = vm.get('pswpout') ?? 0;
  let slabs: SlabRow[] | undefined;
  let slabsError: string | undefined;
  let vmaPrice: VmaPrice | undefined;
  try {
    const info = parseSlabinfo(readSystemFile('slabinfo'));
    slabs = slabRows(info.caches, pageSize).sort(byObjects);
    vmaPrice = vmaPriceFrom(info);
  } catch (e) {
    if (isProcError(e)) {
      slabsError =
        e.problem === 'permission-denied'
          ? `/proc/slabinfo can be read only by root (${e.code === 'EPERM' ? 'Operation not permitted' : 'Permission denied'}): run as root to see slab caches and the price of a VMA`
          : e.problem === 'missing'
            ? '/proc/slabinfo does not exist: this kernel was built without it (CONFIG_SLUB_DEBUG / CONFIG_SLAB)'
            : e.message;
    } else if (e instanceof Error) slabsError = e.message;
    else throw e;
  }
  return {
    pageSize,
    memory: vmstatMemory(meminfo),
    cached: meminfo.get('Cached') ?? 0,
    sReclaimable: meminfo.get('SReclaimable') ?? 0,
    swap: {
      si: sinceBootRate(pswpin, pageSize, ticks),
      so: sinceBootRate(pswpout, pageSize, ticks),
      pswpin,
      pswpout,
    },
    slabs,
    slabSummary: slabs === undefined ? undefined : slabSummary(slabs),
    slabsError,
    vmaPrice,
  };
}
