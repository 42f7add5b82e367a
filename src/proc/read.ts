import { existsSync, opendirSync, readFileSync, readlinkSync } from 'node:fs';
import { ProcError, procErrorFrom } from './errors.js';

/**
 * Reading /proc: whole files in one call each (the kernel builds them on
 * read; a file's size is 0 until then), with failures as ProcError. The
 * parsers next to this module take the bytes, never a path, so they are
 * tested on recorded text.
 */

/** Where /proc is mounted (tests may point it elsewhere). */
export const PROC_ROOT = '/proc';

export type ProcTarget = number | 'self';

export function procPath(pid: ProcTarget, name?: string): string {
  return name === undefined ? `${PROC_ROOT}/${pid}` : `${PROC_ROOT}/${pid}/${name}`;
}

/** Whether /proc/PID exists (a process or thread with that id is alive or a zombie). */
export function processExists(pid: number): boolean {
  return existsSync(procPath(pid));
}

function gone(pid: ProcTarget | undefined): boolean {
  return typeof pid === 'number' && !processExists(pid);
}

/** Reads a per-process file: /proc/PID/NAME. */
export function readProcessFile(pid: ProcTarget, name: string): Buffer {
  const path = procPath(pid, name);
  try {
    return readFileSync(path);
  } catch (e) {
    throw procErrorFrom(path, e, gone(pid));
  }
}

/** Reads a system-wide file: /proc/NAME (meminfo, vmstat, slabinfo, stat). */
export function readSystemFile(name: string): Buffer {
  const path = `${PROC_ROOT}/${name}`;
  try {
    return readFileSync(path);
  } catch (e) {
    throw procErrorFrom(path, e, false);
  }
}

/** The target of a per-process symbolic link (exe, cwd, map_files/…), as raw bytes. */
export function readProcessLink(pid: ProcTarget, name: string): Buffer {
  const path = procPath(pid, name);
  try {
    return readlinkSync(path, { encoding: 'buffer' });
  } catch (e) {
    throw procErrorFrom(path, e, gone(pid));
  }
}

/** Throws the no-such-process error for PID unless /proc/PID exists. */
export function requireProcess(pid: number): void {
  if (!processExists(pid)) throw new ProcError(procPath(pid), 'no-such-process', 'ENOENT', 'no such process');
}

/**
 * The process ids in /proc, in directory order, read an entry at a time (a
 * machine with a million processes costs no million-entry array). Threads
 * other than each process's main thread are not listed there. Throws
 * ProcError when /proc itself cannot be read.
 */
export function* processIds(): Generator<number> {
  let dir;
  try {
    dir = opendirSync(PROC_ROOT);
  } catch (e) {
    throw procErrorFrom(PROC_ROOT, e, false);
  }
  try {
    for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
      if (/^[1-9]\d*$/.test(d.name)) yield Number(d.name);
    }
  } finally {
    dir.closeSync();
  }
}
