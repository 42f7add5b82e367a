/**
 * Presentation of the system report: vmstat's memory columns, slabtop's
 * summary and rows (its layout), and the price of a VMA. JSON schema 1:
 * memory and swap in kB (si/so in kB/s), slab objSize in bytes and
 * cacheSize in kB.
 */
import { maxOf } from '../util/arrays.js';
import type { SlabRow, SysReport } from './sys.js';
import { vmaPriceLine, VMA_CACHE } from './vma-price.js';

export const SYS_JSON_SCHEMA = 1;

const k2 = (bytes: number) => `${(bytes / 1024).toFixed(2)}K`;
const pct = (a: number, b: number) => (b > 0 ? ((100 * a) / b).toFixed(1) : '0.0');

/** slabtop's row: `%6u %6u %3u%% %7.2fK %6u %8u %9luK %-23s` (trailing spaces trimmed). */
export function slabtopRow(r: SlabRow): string {
  return (
    `${String(r.numObjs).padStart(6)} ${String(r.activeObjs).padStart(6)} ${String(r.use).padStart(3)}% ` +
    `${(r.objSize / 1024).toFixed(2).padStart(7)}K ${String(r.numSlabs).padStart(6)} ${String(r.objPerSlab).padStart(8)} ` +
    `${String(Math.floor(r.cacheSizeBytes / 1024)).padStart(9)}K ${r.name}`
  );
}

export const SLABTOP_HEADER = '  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME';

export function formatSysText(r: SysReport, top = 10): string {
  const out: string[] = [];
  const m = r.memory;
  const cols: [string, number][] = [
    ['swpd', m.swpd],
    ['free', m.free],
    ['buff', m.buff],
    ['cache', m.cache],
    ['active', m.active],
    ['inactive', m.inactive],
  ];
  const w = maxOf(cols.map(([n, v]) => Math.max(n.length, String(v).length)));
  out.push('memory (kB), as procps-ng vmstat 4.0.2 counts it:');
  out.push(`  ${cols.map(([n]) => n.padStart(w)).join(' ')}`);
  out.push(`  ${cols.map(([, v]) => String(v).padStart(w)).join(' ')}`);
  out.push(`  cache = Cached ${r.cached} + SReclaimable ${r.sReclaimable}; swpd = SwapTotal − SwapFree`);
  out.push(`swap (kB/s averaged since boot, vmstat's first line): si ${r.swap.si}, so ${r.swap.so}`);
  out.push(`  from pswpin ${r.swap.pswpin} and pswpout ${r.swap.pswpout} pages of ${r.pageSize / 1024} kB since boot`);
  out.push('');
  if (r.slabs === undefined || r.slabSummary === undefined) {
    out.push(`slabs: ${r.slabsError ?? 'unavailable'}`);
    return out.join('\n') + '\n';
  }
  const s = r.slabSummary;
  out.push('slabs (/proc/slabinfo), as slabtop shows them:');
  out.push(` Active / Total Objects (% used)    : ${s.activeObjects} / ${s.totalObjects} (${pct(s.activeObjects, s.totalObjects)}%)`);
  out.push(` Active / Total Slabs (% used)      : ${s.activeSlabs} / ${s.totalSlabs} (${pct(s.activeSlabs, s.totalSlabs)}%)`);
  out.push(` Active / Total Caches (% used)     : ${s.activeCaches} / ${s.totalCaches} (${pct(s.activeCaches, s.totalCaches)}%)`);
  out.push(` Active / Total Size (% used)       : ${k2(s.activeSize)} / ${k2(s.totalSize)} (${pct(s.activeSize, s.totalSize)}%)`);
  out.push(` Minimum / Average / Maximum Object : ${k2(s.minObjSize)} / ${k2(s.avgObjSize)} / ${k2(s.maxObjSize)}`);
  out.push('');
  out.push(SLABTOP_HEADER);
  const shown = r.slabs.slice(0, Math.max(0, top));
  for (const row of shown) out.push(slabtopRow(row));
  const vma = r.slabs.find((c) => c.name === VMA_CACHE);
  if (vma !== undefined && !shown.includes(vma)) {
    out.push(`   ${'…'.padStart(3)}`);
    out.push(slabtopRow(vma));
  }
  out.push('');
  out.push(r.vmaPrice === undefined ? `no ${VMA_CACHE} cache in /proc/slabinfo (merged with another cache?): a VMA cannot be priced` : vmaPriceLine(r.vmaPrice));
  return out.join('\n') + '\n';
}

export function sysJson(r: SysReport): Record<string, unknown> {
  return {
    schema: SYS_JSON_SCHEMA,
    memory: { ...r.memory },
    swap: { si: r.swap.si, so: r.swap.so, pswpin: r.swap.pswpin, pswpout: r.swap.pswpout },
    pageSize: r.pageSize,
    slabs:
      r.slabs === undefined
        ? null
        : r.slabs.map((c) => ({
            name: c.name,
            activeObjects: c.activeObjs,
            objects: c.numObjs,
            objSize: c.objSize,
            cacheSize: Math.floor(c.cacheSizeBytes / 1024),
            use: c.use,
            slabs: c.numSlabs,
            objPerSlab: c.objPerSlab,
            pagesPerSlab: c.pagesPerSlab,
          })),
    slabSummary: r.slabSummary === undefined ? null : { ...r.slabSummary },
    slabsError: r.slabsError ?? null,
    vmaKernelBytes: r.vmaPrice === undefined ? null : r.vmaPrice.objSize,
  };
}
