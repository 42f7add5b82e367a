/**
 * Page maps for the commands: one per page size for a build (`memory`),
 * and for a diff the page sizes where the counts changed (old above new).
 */
import type { DiffResult } from '../diff/diff.js';
import type { MemoryReport } from '../memory/report.js';
import { kib } from '../io/text.js';
import { countsChanged, pageMap, type PageMap } from './model.js';
import { MAP_LEGEND, pageMapHeading, pageMapLines } from './text.js';

export { pageMap, type PageMap } from './model.js';
export { MAP_LEGEND, pageMapHeading, pageMapLines } from './text.js';

/** One map per loadable page size of one build. */
export function memoryMaps(r: MemoryReport): PageMap[] {
  return r.estimates.filter((e) => e.loadable).map((e) => pageMap([{ file: r.file, estimate: e, segmentSections: r.facts.segmentSections }]));
}

/** Old above new at every page size where both load; `changed` says whether the counts moved. */
export function diffMaps(d: DiffResult): { map: PageMap; changed: boolean }[] {
  return d.memory
    .filter((m) => m.old.loadable && m.new.loadable)
    .map((m) => ({
      map: pageMap([
        { label: 'old', file: d.old.facts.file, estimate: m.old, segmentSections: d.old.facts.segmentSections },
        { label: 'new', file: d.new.facts.file, estimate: m.new, segmentSections: d.new.facts.segmentSections },
      ]),
      changed: countsChanged(m.old, m.new),
    }));
}

/**
 * The diff's maps in text: a map for each page size where the counts
 * changed, then the page sizes where nothing did, then the legend; empty
 * when neither build loads anywhere.
 */
export function diffMapText(d: DiffResult, indent = 2, width = 100): string[] {
  const pad = ' '.repeat(indent);
  const maps = diffMaps(d);
  if (maps.length === 0) return [];
  const out: string[] = [];
  for (const { map } of maps.filter((x) => x.changed)) {
    out.push(`${pad}${pageMapHeading(map)}`);
    for (const l of pageMapLines(map, { indent: indent + 2, width })) out.push(l);
  }
  const same = maps.filter((x) => !x.changed).map((x) => kib(x.map.pageSize));
  if (same.length > 0) out.push(`${pad}${same.join(', ')} pages: no change in pages, VMAs or dirty pages`);
  if (maps.some((x) => x.changed)) for (const l of MAP_LEGEND) out.push(`${pad}${l}`);
  return out;
}
