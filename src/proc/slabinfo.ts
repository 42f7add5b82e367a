import { splitLines } from './maps.js';

/**
 * /proc/slabinfo, version 2.x (SLAB and SLUB; mode 0400, so root only):
 *
 *   slabinfo - version: 2.1
 *   # name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables … : slabdata <active_slabs> <num_slabs> <sharedavail>
 *
 * objsize is in bytes, pagesperslab in pages.
 */
export interface SlabCache {
  readonly name: string;
  readonly activeObjs: number;
  readonly numObjs: number;
  /** Bytes per object, as the allocator lays them out. */
  readonly objSize: number;
  readonly objPerSlab: number;
  readonly pagesPerSlab: number;
  readonly activeSlabs: number;
  readonly numSlabs: number;
}

export interface Slabinfo {
  readonly version: string;
  readonly caches: readonly SlabCache[];
}

export class SlabinfoFormatError extends Error {
  override readonly name = 'SlabinfoFormatError';
}

export function parseSlabinfo(buf: Buffer): Slabinfo {
  const lines = splitLines(buf).map((l) => l.toString('latin1'));
  const v = /^slabinfo - version: (\d+\.\d+)/.exec(lines[0] ?? '');
  if (v === null) throw new SlabinfoFormatError('/proc/slabinfo: no "slabinfo - version:" line');
  if (!v[1]!.startsWith('2.')) throw new SlabinfoFormatError(`/proc/slabinfo: version ${v[1]} is not 2.x`);
  const caches: SlabCache[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [main, , slabdata] = line.split(' : ');
    const f = (main ?? '').trim().split(/\s+/);
    const d = (slabdata ?? '').trim().split(/\s+/);
    if (f.length < 6 || d[0] !== 'slabdata' || d.length < 3) {
      throw new SlabinfoFormatError(`/proc/slabinfo: cannot read the line "${line}"`);
    }
    const n = (s: string | undefined) => Number(s);
    caches.push({
      name: f[0]!,
      activeObjs: n(f[1]),
      numObjs: n(f[2]),
      objSize: n(f[3]),
      objPerSlab: n(f[4]),
      pagesPerSlab: n(f[5]),
      activeSlabs: n(d[1]),
      numSlabs: n(d[2]),
    });
  }
  return { version: v[1]!, caches };
}
