import { deviceText } from '../proc/maps.js';
/**
 * `snapshot`: the system's memory as one JSON document (schema 1), to be
 * compared later with `snapshot diff`, on this machine or another:
 *
 * ```
 * { "schema": 1, "tool": { "name": "elfaudit", "version": "0.1.0" },
 *   "taken": "2025-…Z", "host": { "hostname": "…", "kernel": "6.1.0-…", "machine": "x86_64" },
 *   "pageSize": 4096,
 *   "meminfo": { "MemTotal": 8123456, … },                 // /proc/meminfo, kB (HugePages_* are counts)
 *   "vmstat": { "nr_free_pages": 12345, … },               // /proc/vmstat counters
 *   "vmaPrice": { "objSize": 192, "objPerSlab": 21, "pagesPerSlab": 1 } | null,   // slabinfo's vm_area_struct (root only)
 *   "processes": [
 *     { "pid": 1234, "command": ["/usr/sbin/sshd", "-D"], "uid": 0, "vmas": 44, "totalsFrom": "smaps_rollup",
 *       "totals": { "rss": …, "pss": …, "sharedClean": …, "sharedDirty": …, "privateClean": …, "privateDirty": …, "anonymous": …, "swap": … },
 *       "mappings": [ { "path": "/usr/lib/x86_64-linux-gnu/libc.so.6", "file": 0, "buildId": "…", "vmas": 6,
 *                       "rss": …, "pss": …, …, "swap": … }, … ] }, … ],
 *   "files": [ { "path": "…", "device": "fe:00", "inode": 339380, "buildId": "…" | null,
 *                "class": "ELF64", "machineNumber": 62, "typeNumber": 3, "osabi": 0, "size": 1922136,
 *                "programHeaders": [ … ], "layout": { … } }, … ],
 *   "skipped": { "seen": …, "read": …, "noAddressSpace": …, "vanished": …, "permissionDenied": {…}, "failed": {…} } }
 * ```
 *
 * - `mappings`: one row per file a process maps (sizes in kB summed over its
 *   VMAs); for an ELF object its VMAs are the ones the loader made, the
 *   anonymous bss after it included (as `proc` ties them). Anonymous memory
 *   (heap, stacks) is in `totals` only. `file` indexes `files`, for ELF files.
 * - `files`: each mapped ELF file once, however many processes map it: its
 *   identity and the layout the page-cost model needs, recorded as a
 *   baseline records it (src/gate/baseline.ts: program headers, the dynamic
 *   entries and relocations at a 4 KiB grain), so `snapshot diff` explains
 *   a changed layout without the file.
 * - Names from /proc are decoded as UTF-8, bytes that are not as `\xHH`.
 * - Written a process at a time: the document is never held whole, only
 *   the table of files.
 * - New fields may appear within schema 1; a renamed or removed one raises it.
 */
import { hostname, machine, release } from 'node:os';
import { decodeLossy } from '../io/escape.js';
import { layoutRecord, segmentRecords } from '../gate/analyze.js';
import { layoutJson, segmentJson, type LayoutFileRecord } from '../gate/baseline.js';
import { TOOL } from '../gate/tool.js';
import { isPathName } from '../proc/maps.js';
import { parseMeminfo } from '../proc/meminfo.js';
import { readProcessFile, readSystemFile } from '../proc/read.js';
import type { SmapsEntry } from '../proc/smaps.js';
import { parseStatus, realUidOf } from '../proc/status.js';
import { parseVmstat } from '../proc/vmstat.js';
import { fileKey } from './mappers.js';
import { numberOrString, sizesJson } from './process-format.js';
import { addSizes, processReport, readObjectLayout, type MemorySizes, type ObjectLayout } from './process.js';
import { scanJson, scanProcesses, type ScanSummary } from './scan.js';
import { hostPageSize } from './sys.js';
import { readVmaPrice } from './vma-price.js';

export const SNAPSHOT_SCHEMA = 1;

/** The layout record of an ELF file, as files[] keeps it. */
export function fileLayoutRecord(layout: ObjectLayout): LayoutFileRecord {
  const f = layout.facts;
  return {
    class: f.bits === 64 ? 'ELF64' : 'ELF32',
    machineNumber: f.machine,
    osabi: f.osabi,
    typeNumber: f.type,
    size: f.fileSize,
    programHeaders: segmentRecords(f),
    layout: layoutRecord(f),
  };
}

interface FileEntry {
  readonly index: number | undefined;
  readonly layout: ObjectLayout | null;
}

export interface SnapshotSummary {
  readonly processes: number;
  readonly files: number;
  readonly scan: ScanSummary;
}


function mappingJson(path: Buffer, file: FileEntry | undefined, vmas: number, sizes: MemorySizes): Record<string, unknown> {
  return {
    path: decodeLossy(path),
    file: file?.index ?? null,
    buildId: file?.layout?.buildId ?? null,
    vmas,
    ...sizesJson(sizes),
  };
}

/**
 * Takes the snapshot, handing the JSON text to WRITE piece by piece (a
 * process at a time). Throws ProcError only when /proc's system files
 * cannot be read; processes that cannot be read are counted in `skipped`.
 */
export function takeSnapshot(write: (text: string) => void): SnapshotSummary {
  const pageSize = hostPageSize();
  const meminfo = Object.fromEntries(parseMeminfo(readSystemFile('meminfo')));
  const vmstat = Object.fromEntries(parseVmstat(readSystemFile('vmstat')));
  const price = readVmaPrice();
  const head = {
    schema: SNAPSHOT_SCHEMA,
    tool: TOOL,
    taken: new Date().toISOString(),
    host: { hostname: hostname(), kernel: release(), machine: machine() },
    pageSize,
    meminfo,
    vmstat,
    vmaPrice: price === undefined ? null : { ...price },
  };
  const opening = JSON.stringify(head, null, 2);
  write(`${opening.slice(0, opening.length - 2)},\n  "processes": [`);

  const files = new Map<string, FileEntry>();
  const fileRows: string[] = [];
  let written = 0;
  const scan = scanProcesses((pid) => {
    const layoutFor = (e: SmapsEntry): ObjectLayout | null => {
      const key = fileKey(e);
      let f = files.get(key);
      if (f === undefined) {
        const r = readObjectLayout(pid, e, e.name.toString('utf8'));
        const layout = 'error' in r ? null : r.value;
        f = { index: layout === null ? undefined : fileRows.length, layout };
        if (layout !== null) {
          const rec = fileLayoutRecord(layout);
          fileRows.push(
            JSON.stringify({
              path: decodeLossy(e.name),
              device: deviceText(e.devMajor, e.devMinor),
              inode: numberOrString(e.inode),
              buildId: layout.buildId ?? null,
              ...rec,
              size: Number(rec.size),
              programHeaders: rec.programHeaders.map(segmentJson),
              layout: layoutJson(rec.layout),
            }),
          );
        }
        // Unreadable now (another process's root, a deleted file without map_files) may be read through the next process.
        if (!('error' in r)) files.set(key, f);
      }
      return f.layout;
    };
    const report = processReport(pid, { vmaPrice: false, predict: false, layoutFor });
    if (report.mappings.length === 0) return 'no-address-space';
    const uid = realUidOf(parseStatus(readProcessFile(pid, 'status'))) ?? null;
    // One row per mapped file: an ELF object with all its VMAs (bss included), any other file by its name.
    const rows: Record<string, unknown>[] = [];
    for (const o of report.objects) {
      const own = o.mappings.map((i) => report.mappings[i]!);
      rows.push(mappingJson(o.name, files.get(fileKey(own[0]!.entry)), own.length, addSizes(own.map((m) => m.sizes))));
    }
    const others = new Map<string, { name: Buffer; vmas: number; sizes: MemorySizes[] }>();
    for (const m of report.mappings) {
      if (m.object !== undefined || !isPathName(m.entry)) continue;
      const key = `${fileKey(m.entry)}:${m.entry.name.toString('latin1')}`;
      const g = others.get(key) ?? { name: m.entry.name, vmas: 0, sizes: [] };
      g.vmas++;
      g.sizes.push(m.sizes);
      others.set(key, g);
    }
    for (const g of others.values()) rows.push(mappingJson(g.name, undefined, g.vmas, addSizes(g.sizes)));
    const entry = {
      pid,
      command: report.command.map((a) => decodeLossy(a)),
      uid,
      vmas: report.mappings.length,
      totalsFrom: report.totalsFrom,
      totals: sizesJson(report.totals),
      mappings: rows,
    };
    write(`${written++ === 0 ? '' : ','}\n    ${JSON.stringify(entry)}`);
    return 'read';
  });
  write(`${written === 0 ? '' : '\n  '}],\n  "files": [`);
  fileRows.forEach((row, i) => write(`${i === 0 ? '' : ','}\n    ${row}`));
  write(`${fileRows.length === 0 ? '' : '\n  '}],\n  "skipped": ${JSON.stringify(scanJson(scan))}\n}\n`);
  return { processes: written, files: fileRows.length, scan };
}
