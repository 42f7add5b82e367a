/**
 * `who-maps`: every running process that maps a file, with that file's
 * VMAs and memory in each (from /proc/PID/smaps) and the page-cost model's
 * prediction beside them. One walk over /proc serves every file asked
 * about; only the processes that map one are read in full, one at a time,
 * and only their VMAs of the asked-about files are tied to segments.
 */
import type { Loader } from '../memory/model.js';
import { fileKey, forEachMapper, type MapTarget, type MatchKind, type TargetMatch } from './mappers.js';
import { addSizes, processReport, type MemorySizes, type ObjectRecord, type ProcessReport } from './process.js';
import type { ScanSummary } from './scan.js';
import { readVmaPrice, type VmaPrice } from './vma-price.js';

export interface MapperRow {
  readonly pid: number;
  readonly command: readonly Buffer[];
  readonly by: MatchKind;
  /** The name the process's maps give the file: another path (or `… (deleted)`) for a build-id match. */
  readonly mappedName: Buffer;
  /** The file's VMAs in this process: its file-backed ones and the anonymous bss tied to it. */
  readonly vmas: number;
  readonly sizes: MemorySizes;
  /** (Private_Dirty + Shared_Dirty) / page size over the tied objects' VMAs. */
  readonly dirtyPages: number;
  readonly pageSize: number;
  readonly loader: Loader | undefined;
  /** The model's VMAs and dirty pages at this process's page size; undefined when it cannot tell (not ELF, cannot load). */
  readonly predicted: { readonly vmas: number; readonly dirtyPages: number } | undefined;
  readonly problems: readonly string[];
}

export interface MapperTotals {
  readonly processes: number;
  readonly byInode: number;
  readonly byBuildId: number;
  readonly vmas: number;
  readonly sizes: MemorySizes;
}

export interface WhoMapsEntry {
  readonly target: MapTarget;
  readonly rows: readonly MapperRow[];
  readonly totals: MapperTotals;
}

export interface WhoMapsReport {
  readonly entries: readonly WhoMapsEntry[];
  readonly scan: ScanSummary;
  readonly vmaPrice: VmaPrice | undefined;
}

/** Sums a list of predictions; undefined when any is missing. */
function sumPredictions(objects: readonly ObjectRecord[]): MapperRow['predicted'] {
  if (objects.length === 0 || objects.some((o) => o.prediction === undefined)) return undefined;
  return {
    vmas: objects.reduce((n, o) => n + o.prediction!.vmas, 0),
    dirtyPages: objects.reduce((n, o) => n + o.prediction!.dirtyPages, 0),
  };
}

/** One target's row for a process report read with only the matched files tied. */
export function mapperRow(report: ProcessReport, target: number, matches: ReadonlyMap<string, readonly TargetMatch[]>): MapperRow | undefined {
  const matchOf = (i: number) => matches.get(fileKey(report.mappings[i]!.entry))?.find((m) => m.target === target);
  const mine = (i: number) => matchOf(i) !== undefined;
  const objects = report.objects.filter((o) => o.mappings[0] !== undefined && mine(o.mappings[0]));
  const own = new Set<number>();
  for (let i = 0; i < report.mappings.length; i++) if (mine(i)) own.add(i);
  for (const o of objects) for (const i of o.mappings) own.add(i);
  if (own.size === 0) return undefined;
  const sorted = [...own].sort((a, b) => a - b);
  const first = report.mappings[sorted[0]!]!.entry;
  return {
    pid: report.pid,
    command: report.command.map((a) => Buffer.from(a)),
    by: sorted.some((i) => matchOf(i)?.by === 'inode') ? 'inode' : 'build-id',
    // A copy: the name is a slice of the process's whole smaps text, which the row must not keep alive.
    mappedName: Buffer.from(first.name),
    vmas: own.size,
    sizes: addSizes([...own].map((i) => report.mappings[i]!.sizes)),
    dirtyPages: objects.reduce((n, o) => n + o.measured.dirtyPages, 0),
    pageSize: report.pageSize,
    loader: objects[0]?.loader,
    predicted: sumPredictions(objects),
    problems: objects.flatMap((o) => o.problems),
  };
}

function totalsOf(rows: readonly MapperRow[]): MapperTotals {
  return {
    processes: rows.length,
    byInode: rows.filter((r) => r.by === 'inode').length,
    byBuildId: rows.filter((r) => r.by === 'build-id').length,
    vmas: rows.reduce((n, r) => n + r.vmas, 0),
    sizes: addSizes(rows.map((r) => r.sizes)),
  };
}

/** Walks /proc once and reports, for each target, the processes that map it. */
export function whoMaps(targets: readonly MapTarget[]): WhoMapsReport {
  const rows: MapperRow[][] = targets.map(() => []);
  const scan = forEachMapper(targets, (pid, _entries, matches) => {
    const report = processReport(pid, {
      vmaPrice: false,
      layoutFor: (e) => {
        const m = matches.get(fileKey(e))?.[0];
        return m === undefined ? null : targets[m.target]!.layout;
      },
    });
    const found = new Set<number>();
    for (const list of matches.values()) for (const m of list) found.add(m.target);
    for (const t of found) {
      const row = mapperRow(report, t, matches);
      if (row !== undefined) rows[t]!.push(row);
    }
  });
  return {
    entries: targets.map((target, i) => ({ target, rows: rows[i]!, totals: totalsOf(rows[i]!) })),
    scan,
    vmaPrice: readVmaPrice(),
  };
}
