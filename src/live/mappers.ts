/**
 * Which running processes map a given file, found from /proc/PID/maps one
 * process at a time.
 *
 * A VMA maps the file when it shows the file's device and inode (the
 * kernel prints the superblock's major:minor and the inode number of the
 * mapped file). A VMA of another file maps the same *build* when that file
 * carries the same GNU build-id: the typical case is a library replaced on
 * disk (a package upgrade renames a new file over the old one; processes
 * started before keep mapping the old inode, shown as `path (deleted)`),
 * or a copy of the library elsewhere (a container's root, a build tree).
 * Each match says which rule found it. The build-id of a mapped file is
 * read once per device and inode, through /proc/PID/map_files where the
 * kernel allows it (root), else by path when the inode there is still the
 * mapped one; a deleted file that cannot be opened is not matched.
 */
import { statSync } from 'node:fs';
import { probeElf } from '../elf/probe.js';
import { deviceNumbers, isPathName, parseMaps, type MapsEntry } from '../proc/maps.js';
import { readProcessFile } from '../proc/read.js';
import { objectLayout, readMappedElf, type ObjectLayout } from './process.js';
import { scanProcesses, type ScanSummary } from './scan.js';

export type MatchKind = 'inode' | 'build-id';

/** A file the user names: its identity on disk and, for an ELF file, its layout. */
export interface MapTarget {
  /** The name as given (for display). */
  readonly file: string;
  readonly devMajor: number;
  readonly devMinor: number;
  readonly inode: bigint;
  /** Null when the file is not an ELF file (it can still be mapped; nothing is predicted). */
  readonly layout: ObjectLayout | null;
  readonly buildId: string | undefined;
}

/** Stats and reads FILE. File-system errors and ElfFormatError propagate (the caller prints one line). */
export function openTarget(file: string): MapTarget {
  const st = statSync(file, { bigint: true });
  const { major, minor } = deviceNumbers(st.dev);
  const probe = probeElf(file, file);
  let layout: ObjectLayout | null = null;
  if (probe.kind === 'elf') {
    try {
      layout = objectLayout(probe.file, file);
    } finally {
      probe.file.close();
    }
  } else if (probe.kind === 'not-regular') {
    throw new Error(`not a regular file (${probe.fileType})`);
  }
  return { file, devMajor: major, devMinor: minor, inode: st.ino, layout, buildId: layout?.buildId };
}

/** `fe:00:339380`: a mapped file's identity as maps shows it. */
export function fileKey(e: Pick<MapsEntry, 'devMajor' | 'devMinor' | 'inode'>): string {
  return `${e.devMajor}:${e.devMinor}:${e.inode}`;
}

export interface TargetMatch {
  /** Index in the targets list. */
  readonly target: number;
  readonly by: MatchKind;
}

/**
 * Finds mapped files' build-ids, each file once across every process (a
 * map bounded by the number of distinct mapped files).
 */
export class BuildIdCache {
  private readonly ids = new Map<string, string | null>();

  /** The build-id of the file E maps in process PID (null: not ELF, none, or unreadable). */
  of(pid: number, e: MapsEntry): string | null {
    const key = fileKey(e);
    let id = this.ids.get(key);
    if (id === undefined) {
      const r = readMappedElf(pid, e, e.name.toString('utf8'), (elf) => elf.buildId() ?? null);
      id = 'error' in r ? null : r.value;
      this.ids.set(key, id);
    }
    return id;
  }
}

/**
 * Which targets a process's VMAs map, per mapped file (the key is
 * fileKey): the target with the file's device and inode, and every target
 * whose build-id the file carries. Build-ids are read only for files no
 * target is, and only when some target has one.
 */
export function matchTargets(
  pid: number,
  entries: readonly MapsEntry[],
  targets: readonly MapTarget[],
  buildIds: BuildIdCache,
): Map<string, TargetMatch[]> {
  const out = new Map<string, TargetMatch[]>();
  const withId = targets.some((t) => t.buildId !== undefined);
  const checked = new Set<string>();
  for (const e of entries) {
    if (!isPathName(e)) continue;
    const key = fileKey(e);
    if (checked.has(key)) continue;
    checked.add(key);
    const found: TargetMatch[] = [];
    targets.forEach((t, i) => {
      if (t.devMajor === e.devMajor && t.devMinor === e.devMinor && t.inode === e.inode) found.push({ target: i, by: 'inode' });
    });
    if (withId) {
      // The file is a target: its build-id is known. Otherwise read it (once per file).
      const id = found.length > 0 ? (targets[found[0]!.target]!.buildId ?? null) : buildIds.of(pid, e);
      targets.forEach((t, i) => {
        if (id !== null && t.buildId === id && !found.some((f) => f.target === i)) found.push({ target: i, by: 'build-id' });
      });
    }
    if (found.length > 0) out.set(key, found);
  }
  return out;
}

/**
 * Walks every process; for each one that maps any target, calls FOUND with
 * its maps entries and the matches. FOUND may read more of the process
 * (and throw ProcError when it has gone: the scan counts it).
 */
export function forEachMapper(
  targets: readonly MapTarget[],
  found: (pid: number, entries: readonly MapsEntry[], matches: ReadonlyMap<string, readonly TargetMatch[]>) => void,
  summary?: ScanSummary,
): ScanSummary {
  const buildIds = new BuildIdCache();
  return scanProcesses((pid) => {
    const entries = parseMaps(readProcessFile(pid, 'maps'));
    if (entries.length === 0) return 'no-address-space';
    const matches = matchTargets(pid, entries, targets, buildIds);
    if (matches.size > 0) found(pid, entries, matches);
    return 'read';
  }, summary);
}
