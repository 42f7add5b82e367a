import { closeSync, existsSync, openSync, opendirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
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

const LINE_CHUNK = 1 << 16;

/**
 * A per-process file's lines (without their newlines), read 64 KiB at a
 * time: a process with 60,000 VMAs has an 80 MB smaps, of which pmap needs
 * one block at a time. Each line is a view of the chunk it was read in (a
 * line that straddles two chunks is copied), so a caller may keep one past
 * the next line. Throws ProcError when the file cannot be opened or read.
 */
export function* processFileLines(pid: ProcTarget, name: string): Generator<Buffer> {
  const path = procPath(pid, name);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw procErrorFrom(path, e, gone(pid));
  }
  try {
    let carry: Buffer | undefined;
    for (;;) {
      const chunk = Buffer.allocUnsafe(LINE_CHUNK);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, LINE_CHUNK, null);
      } catch (e) {
        throw procErrorFrom(path, e, gone(pid));
      }
      if (n === 0) break;
      const data = carry === undefined ? chunk.subarray(0, n) : Buffer.concat([carry, chunk.subarray(0, n)]);
      carry = undefined;
      let from = 0;
      for (let at = data.indexOf(0x0a); at >= 0; at = data.indexOf(0x0a, from)) {
        yield data.subarray(from, at);
        from = at + 1;
      }
      if (from < data.length) carry = data.subarray(from);
    }
    if (carry !== undefined) yield carry;
  } finally {
    closeSync(fd);
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
