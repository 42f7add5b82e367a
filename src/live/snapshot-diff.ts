/**
 * `snapshot diff A B`: what changed between two snapshots, on one machine
 * or two — the seed's "compare smaps in the old and the new environment".
 *
 * - Processes are grouped by command line (pids differ from run to run and
 *   from machine to machine): how many, and their PSS, Swap and VMAs.
 * - Mapped ELF files are grouped by the path maps shows (a file replaced
 *   on disk since its processes started is `path (deleted)`, apart from the
 *   new file at that path), then paths found in one snapshot only are
 *   paired by build-id (a library that moved between machines, or the old
 *   build still mapped as `(deleted)`).
 *   Per pair: the processes that map it, VMAs per process (its VMAs summed
 *   over those processes, divided by their number), PSS and Swap.
 * - Where a file's layout differs between the snapshots (another build-id,
 *   or none and other program headers or relocations), the cause is the
 *   page-cost explanation `elfaudit diff` gives (src/diff's diffLayouts,
 *   on the layouts the snapshots recorded) at each snapshot's page size.
 */
import { diffLayouts, type DiffResult } from '../diff/diff.js';
import { factsFromRecord, layoutJson, segmentJson } from '../gate/baseline.js';
import { segmentName } from '../memory/format.js';
import type { Snapshot, SnapshotFile } from './snapshot-read.js';
import type { AddedRemoved, ListDiff, OldNew } from '../util/changes.js';

export interface Change extends OldNew<number> {
  readonly delta: number;
}

export function change(o: number, n: number): Change {
  return { old: o, new: n, delta: n - o };
}

export interface ProcessGroupChange {
  /** The command line, arguments joined by spaces. */
  readonly command: string;
  readonly count: Change;
  readonly pss: Change;
  readonly swap: Change;
  readonly vmas: Change;
}

export interface LayoutCause {
  readonly buildId: OldNew<string | null>;
  /** `elfaudit diff` of the two recorded layouts, at each snapshot's page size (one when they agree). */
  readonly diff: DiffResult;
  /** Program header types added, removed, or changed (by readelf's name: GNU_RELRO, LOAD). */
  readonly segments: ListDiff<string, string> & {
    /** Merges and splits, as src/diff says them ("R, R E and R merged into one R E LOAD (-z noseparate-code)"). */
    readonly regrouped: readonly string[];
  };
}

export interface LibraryChange {
  readonly path: string;
  /** The old snapshot's path, when it was paired by build-id under another one. */
  readonly oldPath: string;
  readonly matchedBy: 'path' | 'build-id';
  readonly buildId: OldNew<string | null>;
  readonly processes: Change;
  readonly vmas: Change;
  /** VMAs per process (two decimals): the layout's cost, whatever the number of processes. */
  readonly vmasPerProcess: Change;
  readonly pss: Change;
  readonly swap: Change;
  /** Why the cost per process changed, when the file's layout did; null for the same layout. */
  readonly cause: LayoutCause | null;
}

export interface LibrarySide {
  readonly path: string;
  readonly buildId: string | null;
  /** A path the other snapshot maps this very build under (the old build still mapped as `(deleted)` after an upgrade). */
  readonly sameBuildAs: string | null;
  readonly processes: number;
  readonly vmas: number;
  readonly pss: number;
  readonly swap: number;
}

export interface SystemChange {
  readonly processes: Change;
  readonly pss: Change;
  readonly swap: Change;
  readonly vmas: Change;
  /** VMAs × vm_area_struct size on each side; null when a snapshot could not price them. */
  readonly vmaKernelBytes: Change | null;
  /** Every /proc/meminfo key both snapshots have, in kB. */
  readonly meminfo: ReadonlyMap<string, Change>;
}

/** `added`, `removed`: files mapped in only one snapshot. */
export interface SnapshotDiff extends OldNew<Snapshot>, AddedRemoved<LibrarySide> {
  readonly system: SystemChange;
  /** Command lines whose count, PSS, Swap or VMAs changed, most PSS growth first. */
  readonly processes: readonly ProcessGroupChange[];
  /** Files mapped in both whose cost changed: a changed layout first, then by VMAs per process and PSS. */
  readonly libraries: readonly LibraryChange[];
}


interface LibraryAgg {
  path: string;
  processes: number;
  vmas: number;
  pss: number;
  swap: number;
  /** Processes per file index: the most mapped one stands for the library. */
  files: Map<number, number>;
}

function libraries(s: Snapshot): Map<string, LibraryAgg> {
  const out = new Map<string, LibraryAgg>();
  for (const p of s.processes) {
    const seen = new Set<string>();
    for (const m of p.mappings) {
      if (m.file === null) continue;
      const path = m.path;
      let a = out.get(path);
      if (a === undefined) {
        a = { path, processes: 0, vmas: 0, pss: 0, swap: 0, files: new Map() };
        out.set(path, a);
      }
      a.vmas += m.vmas;
      a.pss += m.pss;
      a.swap += m.swap;
      if (!seen.has(path)) {
        seen.add(path);
        a.processes++;
        a.files.set(m.file, (a.files.get(m.file) ?? 0) + 1);
      }
    }
  }
  return out;
}

function mainFile(s: Snapshot, a: LibraryAgg): SnapshotFile {
  let best = -1;
  let count = -1;
  for (const [f, n] of a.files) if (n > count || (n === count && f < best)) [best, count] = [f, n];
  return s.files[best]!;
}

const perProcess = (vmas: number, processes: number) => (processes === 0 ? 0 : Math.round((100 * vmas) / processes) / 100);

function sameLayout(a: SnapshotFile, b: SnapshotFile): boolean {
  if (a.buildId !== null && b.buildId !== null && a.buildId === b.buildId) return true;
  // sections and the linker follow from the same bytes, and a snapshot written before they were recorded lacks them
  const text = (f: SnapshotFile) =>
    JSON.stringify([
      f.record.class,
      f.record.machineNumber,
      f.record.typeNumber,
      f.record.programHeaders.map((p) => ({ ...segmentJson(p), sections: undefined })),
      { ...layoutJson(f.record.layout), linker: undefined },
    ]);
  return text(a) === text(b);
}

/** The page-cost explanation of a changed layout, from src/diff (called, not restated). */
function layoutCause(a: SnapshotFile, b: SnapshotFile, pageSizes: readonly number[]): LayoutCause {
  const of = factsFromRecord(a.record, `${a.path} (old)`);
  const nf = factsFromRecord(b.record, `${b.path} (new)`);
  const d = diffLayouts(of, nf, { pageSizes });
  const label = (facts: typeof of, type: number) => segmentName(facts, type);
  return {
    buildId: { old: a.buildId, new: b.buildId },
    diff: d,
    segments: {
      added: d.segments.added.map((p) => label(nf, p.type)),
      removed: d.segments.removed.map((p) => label(of, p.type)),
      regrouped: d.segments.regrouped.map((r) => r.sentence),
      changed: d.segments.changed.map((c) => label(nf, c.type)),
    },
  };
}

function librarySide(s: Snapshot, a: LibraryAgg, other: ReadonlyMap<string, string>): LibrarySide {
  const buildId = mainFile(s, a).buildId;
  const sameBuildAs = buildId === null ? null : (other.get(buildId) ?? null);
  return { path: a.path, buildId, sameBuildAs, processes: a.processes, vmas: a.vmas, pss: a.pss, swap: a.swap };
}

/** build-id → the first path that maps it. */
function pathsByBuildId(s: Snapshot, libs: ReadonlyMap<string, LibraryAgg>): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of libs.values()) {
    const id = mainFile(s, a).buildId;
    if (id !== null && !out.has(id)) out.set(id, a.path);
  }
  return out;
}

function groupProcesses(s: Snapshot): Map<string, { count: number; pss: number; swap: number; vmas: number }> {
  const out = new Map<string, { count: number; pss: number; swap: number; vmas: number }>();
  for (const p of s.processes) {
    const key = p.command.length > 0 ? p.command.join(' ') : `(pid ${p.pid}, no command line)`;
    const g = out.get(key) ?? { count: 0, pss: 0, swap: 0, vmas: 0 };
    out.set(key, { count: g.count + 1, pss: g.pss + p.totals.pss, swap: g.swap + p.totals.swap, vmas: g.vmas + p.vmas });
  }
  return out;
}

const sumProcesses = (s: Snapshot, f: (p: Snapshot['processes'][number]) => number) => s.processes.reduce((n, p) => n + f(p), 0);

export function diffSnapshots(a: Snapshot, b: Snapshot): SnapshotDiff {
  const pageSizes = [...new Set([b.pageSize, a.pageSize])];

  // Libraries: by path, then the leftovers by build-id.
  const la = libraries(a);
  const lb = libraries(b);
  const pairs: { o: LibraryAgg; n: LibraryAgg; by: 'path' | 'build-id' }[] = [];
  for (const [path, n] of lb) {
    const o = la.get(path);
    if (o !== undefined) pairs.push({ o, n, by: 'path' });
  }
  const paired = new Set(pairs.map((p) => p.o.path));
  const leftOld = new Map<string, LibraryAgg>();
  for (const [path, o] of la) {
    const id = mainFile(a, o).buildId;
    if (!paired.has(path) && id !== null && !leftOld.has(id)) leftOld.set(id, o);
  }
  const idsA = pathsByBuildId(a, la);
  const idsB = pathsByBuildId(b, lb);
  const added: LibrarySide[] = [];
  for (const [path, n] of lb) {
    if (la.has(path)) continue;
    const id = mainFile(b, n).buildId;
    const o = id === null ? undefined : leftOld.get(id);
    if (o !== undefined) {
      pairs.push({ o, n, by: 'build-id' });
      leftOld.delete(id!);
      paired.add(o.path);
    } else added.push(librarySide(b, n, idsA));
  }
  const removed = [...la.values()].filter((o) => !paired.has(o.path)).map((o) => librarySide(a, o, idsB));

  const libs: LibraryChange[] = [];
  for (const { o, n, by } of pairs) {
    const fo = mainFile(a, o);
    const fn = mainFile(b, n);
    const cause = sameLayout(fo, fn) ? null : layoutCause(fo, fn, pageSizes);
    const row: LibraryChange = {
      path: n.path,
      oldPath: o.path,
      matchedBy: by,
      buildId: { old: fo.buildId, new: fn.buildId },
      processes: change(o.processes, n.processes),
      vmas: change(o.vmas, n.vmas),
      vmasPerProcess: (() => {
        const x = perProcess(o.vmas, o.processes);
        const y = perProcess(n.vmas, n.processes);
        return { old: x, new: y, delta: Math.round(100 * (y - x)) / 100 };
      })(),
      pss: change(o.pss, n.pss),
      swap: change(o.swap, n.swap),
      cause,
    };
    if (cause !== null || row.vmasPerProcess.delta !== 0 || row.pss.delta !== 0 || row.swap.delta !== 0) libs.push(row);
  }
  libs.sort(
    (x, y) =>
      Number(y.cause !== null) - Number(x.cause !== null) ||
      Math.abs(y.vmasPerProcess.delta) - Math.abs(x.vmasPerProcess.delta) ||
      Math.abs(y.pss.delta) - Math.abs(x.pss.delta) ||
      (x.path < y.path ? -1 : x.path > y.path ? 1 : 0),
  );

  // Processes by command line.
  const ga = groupProcesses(a);
  const gb = groupProcesses(b);
  const zero = { count: 0, pss: 0, swap: 0, vmas: 0 };
  const procs: ProcessGroupChange[] = [];
  for (const command of new Set([...ga.keys(), ...gb.keys()])) {
    const o = ga.get(command) ?? zero;
    const n = gb.get(command) ?? zero;
    const row = { command, count: change(o.count, n.count), pss: change(o.pss, n.pss), swap: change(o.swap, n.swap), vmas: change(o.vmas, n.vmas) };
    if (row.count.delta !== 0 || row.pss.delta !== 0 || row.swap.delta !== 0 || row.vmas.delta !== 0) procs.push(row);
  }
  procs.sort((x, y) => y.pss.delta - x.pss.delta || y.vmas.delta - x.vmas.delta || (x.command < y.command ? -1 : x.command > y.command ? 1 : 0));

  const vmasA = sumProcesses(a, (p) => p.vmas);
  const vmasB = sumProcesses(b, (p) => p.vmas);
  const meminfo = new Map<string, Change>();
  for (const [k, v] of a.meminfo) {
    const w = b.meminfo.get(k);
    if (w !== undefined) meminfo.set(k, change(v, w));
  }
  return {
    old: a,
    new: b,
    system: {
      processes: change(a.processes.length, b.processes.length),
      pss: change(sumProcesses(a, (p) => p.totals.pss), sumProcesses(b, (p) => p.totals.pss)),
      swap: change(sumProcesses(a, (p) => p.totals.swap), sumProcesses(b, (p) => p.totals.swap)),
      vmas: change(vmasA, vmasB),
      vmaKernelBytes: a.vmaObjSize === null || b.vmaObjSize === null ? null : change(vmasA * a.vmaObjSize, vmasB * b.vmaObjSize),
      meminfo,
    },
    processes: procs,
    libraries: libs,
    added: added.sort((x, y) => y.pss - x.pss),
    removed: removed.sort((x, y) => y.pss - x.pss),
  };
}
