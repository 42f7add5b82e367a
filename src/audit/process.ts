import { isDeleted, isPathName, parseMaps, unescapeName } from '../proc/maps.js';
import { readProcessFile, requireProcess } from '../proc/read.js';

/**
 * The objects a running process maps, for `audit --pid` (as `checksec
 * --proc` lists them): every file-backed VMA's path from /proc/PID/maps
 * (the reader `proc` and `pmap` use), each once, in address order. An
 * object whose file was deleted or replaced since it was mapped is listed
 * with `deleted` set: the path on disk is no longer what runs.
 * Raises ProcError when the process or its maps cannot be read.
 */
export function processObjects(pid: number): { path: Buffer; deleted: boolean }[] {
  requireProcess(pid);
  const seen = new Set<string>();
  const out: { path: Buffer; deleted: boolean }[] = [];
  for (const e of parseMaps(readProcessFile(pid, 'maps'))) {
    if (!isPathName(e)) continue;
    const deleted = isDeleted(e);
    const path = unescapeName(deleted ? e.name.subarray(0, e.name.length - ' (deleted)'.length) : e.name);
    const key = path.toString('latin1');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, deleted });
  }
  return out;
}
