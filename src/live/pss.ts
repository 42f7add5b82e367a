/**
 * `pss`: the system's memory per process, per mapped file or per user, as
 * smem and Android's procrank/memps count it — USS (the pages only this
 * process maps: Private_Clean + Private_Dirty), PSS (USS plus each shared
 * page divided by its sharers), RSS and Swap, in kB — and the kernel memory
 * the VMAs themselves take (a vm_area_struct each, priced from slabinfo).
 *
 * One process is read at a time and folded into the totals:
 * - per process and per user: /proc/PID/smaps_rollup (the kernel's own
 *   sums; before Linux 4.14 the sum of smaps), maps for the VMA count,
 *   status for the uid, cmdline;
 * - per mapped file: /proc/PID/smaps, each file-backed VMA added to its
 *   file's row (device, inode and name), so the map held is one row per
 *   distinct mapped file, however many processes there are.
 */
import { onSystemError } from '../io/errno.js';
import { readFileSync } from 'node:fs';
import { parseCmdline } from '../proc/cmdline.js';
import { isProcError } from '../proc/errors.js';
import { isPathName, splitLines } from '../proc/maps.js';
import { parsePasswd } from '../proc/passwd.js';
import { readProcessFile } from '../proc/read.js';
import { parseSmaps } from '../proc/smaps.js';
import { parseSmapsRollup } from '../proc/smaps-rollup.js';
import { parseStatus, realUidOf } from '../proc/status.js';
import { fileKey } from './mappers.js';
import { addSizes, sizesOf, type MemorySizes } from './process.js';
import { scanProcesses, type ScanSummary } from './scan.js';
import { hostPageSize } from './sys.js';
import { readVmaPrice, type VmaPrice } from './vma-price.js';

export const PSS_GROUPINGS = ['process', 'library', 'user'] as const;
export type PssGrouping = (typeof PSS_GROUPINGS)[number];

/** USS, PSS, RSS and Swap in kB, and a VMA count. */
export interface PssSizes {
  readonly uss: number;
  readonly pss: number;
  readonly rss: number;
  readonly swap: number;
  readonly vmas: number;
}

export interface ProcessPss extends PssSizes {
  readonly pid: number;
  readonly uid: number | undefined;
  readonly command: readonly Buffer[];
  /** Where the sizes come from: the kernel's rollup, or the sum of smaps (kernels before 4.14). */
  readonly from: 'smaps_rollup' | 'smaps';
}

export interface LibraryPss extends PssSizes {
  /** The name maps gives the file (bytes; `… (deleted)` for a file unlinked since). */
  readonly name: Buffer;
  readonly devMajor: number;
  readonly devMinor: number;
  readonly inode: bigint;
  /** Processes that map it. */
  readonly processes: number;
}

export interface UserPss extends PssSizes {
  readonly uid: number | undefined;
  readonly name: string | undefined;
  readonly processes: number;
}

export interface PssTotals extends PssSizes {
  readonly processes: number;
}

export interface PssReport {
  readonly by: PssGrouping;
  readonly pageSize: number;
  /** Rows, most PSS first; only the grouping asked for is filled. */
  readonly processes: readonly ProcessPss[];
  readonly libraries: readonly LibraryPss[];
  readonly users: readonly UserPss[];
  /** uid → name from /etc/passwd (empty for the per-file view). */
  readonly userNames: ReadonlyMap<number, string>;
  readonly totals: PssTotals;
  readonly vmaPrice: VmaPrice | undefined;
  readonly scan: ScanSummary;
}

export function pssSizes(s: MemorySizes, vmas: number): PssSizes {
  return { uss: s.privateClean + s.privateDirty, pss: s.pss, rss: s.rss, swap: s.swap, vmas };
}

function add(a: PssSizes, b: PssSizes): PssSizes {
  return { uss: a.uss + b.uss, pss: a.pss + b.pss, rss: a.rss + b.rss, swap: a.swap + b.swap, vmas: a.vmas + b.vmas };
}

const ZERO: PssSizes = { uss: 0, pss: 0, rss: 0, swap: 0, vmas: 0 };

/** uid → user name from /etc/passwd (empty when it cannot be read: names are a convenience). */
export function userNames(): ReadonlyMap<number, string> {
  try {
    return parsePasswd(readFileSync('/etc/passwd'));
  } catch (e) {
    return onSystemError(e, new Map());
  }
}

/** A process's totals: smaps_rollup when the kernel has it, else the sum of smaps. Throws ProcError. */
export function processTotals(pid: number): { sizes: PssSizes; from: 'smaps_rollup' | 'smaps' } | undefined {
  const maps = readProcessFile(pid, 'maps');
  const vmas = splitLines(maps).length;
  if (vmas === 0) return undefined;
  try {
    const rollup = parseSmapsRollup(readProcessFile(pid, 'smaps_rollup'));
    if (rollup !== undefined) return { sizes: pssSizes(sizesOf(rollup.fields), vmas), from: 'smaps_rollup' };
  } catch (e) {
    if (!isProcError(e) || e.problem !== 'missing') throw e;
  }
  const entries = parseSmaps(readProcessFile(pid, 'smaps'));
  return { sizes: pssSizes(addSizes(entries.map((m) => sizesOf(m.fields))), entries.length), from: 'smaps' };
}

function byPss<T extends PssSizes>(tie: (a: T, b: T) => number): (a: T, b: T) => number {
  return (a, b) => b.pss - a.pss || tie(a, b);
}

/** Walks /proc once and groups the memory as asked. */
export function pssReport(by: PssGrouping): PssReport {
  const processes: ProcessPss[] = [];
  const libraries = new Map<string, { name: Buffer; devMajor: number; devMinor: number; inode: bigint; sizes: PssSizes; processes: number }>();
  const users = new Map<number | undefined, { sizes: PssSizes; processes: number }>();
  let totals = ZERO;
  let count = 0;

  const scan = scanProcesses((pid) => {
    if (by === 'library') {
      const entries = parseSmaps(readProcessFile(pid, 'smaps'));
      if (entries.length === 0) return 'no-address-space';
      const seen = new Set<string>();
      let mine = ZERO;
      for (const e of entries) {
        const s = pssSizes(sizesOf(e.fields), 1);
        mine = add(mine, s);
        if (!isPathName(e)) continue;
        const key = `${fileKey(e)}:${e.name.toString('latin1')}`;
        let row = libraries.get(key);
        if (row === undefined) {
          // A copy: the name is a slice of this process's whole smaps text.
          row = { name: Buffer.from(e.name), devMajor: e.devMajor, devMinor: e.devMinor, inode: e.inode, sizes: ZERO, processes: 0 };
          libraries.set(key, row);
        }
        row.sizes = add(row.sizes, s);
        if (!seen.has(key)) {
          seen.add(key);
          row.processes++;
        }
      }
      totals = add(totals, mine);
      count++;
      return 'read';
    }
    // Everything is read before anything is added: a process that exits half-way adds nothing.
    const t = processTotals(pid);
    if (t === undefined) return 'no-address-space';
    const uid = realUidOf(parseStatus(readProcessFile(pid, 'status')));
    const command = by === 'process' ? parseCmdline(readProcessFile(pid, 'cmdline')) : [];
    totals = add(totals, t.sizes);
    count++;
    if (by === 'user') {
      const u = users.get(uid) ?? { sizes: ZERO, processes: 0 };
      users.set(uid, { sizes: add(u.sizes, t.sizes), processes: u.processes + 1 });
    } else processes.push({ pid, uid, command, from: t.from, ...t.sizes });
    return 'read';
  });

  const names = by === 'library' ? new Map<number, string>() : userNames();
  const nameCompare = (a: Buffer, b: Buffer) => Buffer.compare(a, b);
  return {
    by,
    pageSize: hostPageSize(),
    processes: processes.sort(byPss<ProcessPss>((a, b) => a.pid - b.pid)),
    libraries: [...libraries.values()]
      .map((l) => ({ name: l.name, devMajor: l.devMajor, devMinor: l.devMinor, inode: l.inode, processes: l.processes, ...l.sizes }))
      .sort(byPss<LibraryPss>((a, b) => nameCompare(a.name, b.name))),
    users: [...users.entries()]
      .map(([uid, u]) => ({ uid, name: uid === undefined ? undefined : names.get(uid), processes: u.processes, ...u.sizes }))
      .sort(byPss<UserPss>((a, b) => (a.uid ?? -1) - (b.uid ?? -1))),
    userNames: names,
    totals: { processes: count, ...totals },
    vmaPrice: readVmaPrice(),
    scan,
  };
}
