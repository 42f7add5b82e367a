/**
 * What one VMA costs in kernel memory: the object size of the
 * `vm_area_struct` slab cache in /proc/slabinfo (root only). The memory and
 * diff commands count VMAs per process; this turns a count into bytes on
 * the machine it runs on.
 */
import { isProcError } from '../proc/errors.js';
import { readSystemFile } from '../proc/read.js';
import { parseSlabinfo, type Slabinfo } from '../proc/slabinfo.js';

export const VMA_CACHE = 'vm_area_struct';

export interface VmaPrice {
  /** Bytes per vm_area_struct object, as the slab allocator lays them out. */
  readonly objSize: number;
  /** Objects per slab and pages per slab: the slab's own rounding. */
  readonly objPerSlab: number;
  readonly pagesPerSlab: number;
}

export function vmaPriceFrom(slabs: Slabinfo): VmaPrice | undefined {
  const c = slabs.caches.find((s) => s.name === VMA_CACHE);
  return c === undefined ? undefined : { objSize: c.objSize, objPerSlab: c.objPerSlab, pagesPerSlab: c.pagesPerSlab };
}

/**
 * Reads /proc/slabinfo for the price of a VMA; undefined when it cannot be
 * read (not root) or has no vm_area_struct cache (merged into another
 * cache by SLUB, or a kernel without slabinfo).
 */
export function readVmaPrice(): VmaPrice | undefined {
  try {
    return vmaPriceFrom(parseSlabinfo(readSystemFile('slabinfo')));
  } catch (e) {
    if (isProcError(e) || e instanceof Error) return undefined;
    throw e;
  }
}

/** `192 bytes of kernel memory (vm_area_struct objects of 192 bytes, /proc/slabinfo)` for N VMAs. */
export function vmaCostText(price: VmaPrice, vmas: number): string {
  const bytes = vmas * price.objSize;
  const size = Math.abs(bytes) >= 10 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
  return `${size} of kernel memory (${VMA_CACHE} objects of ${price.objSize} bytes, /proc/slabinfo)`;
}

/**
 * The one line other commands can print: `1 VMA ≈ 192 bytes of kernel
 * memory (…)`, or for a VMA count (a delta may be negative) its total.
 */
export function vmaPriceLine(price: VmaPrice, vmas = 1): string {
  const what = Math.abs(vmas) === 1 ? `${vmas} VMA` : `${vmas} VMAs`;
  return `${what} ≈ ${vmaCostText(price, vmas)}`;
}
