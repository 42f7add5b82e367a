/**
 * `pmap PID` and `pmap -x PID` as procps-ng 4.0.2 prints them, byte for
 * byte, from /proc directly. What pmap.c does, as observed and reproduced:
 *
 * - Header `TGID:   CMDLINE` (the command line as procps escapes it), even
 *   when the maps cannot be read afterwards.
 * - Default view from /proc/PID/maps: `%016lx %6luK MODE NAME`; MODE is the
 *   permissions with `p` shown as `-`, plus a fifth `-`; footer
 *   ` total %16ldK`. Widths grow for large values (printf semantics).
 * - `-x` from /proc/PID/smaps: header `Address Kbytes RSS Dirty Mode Mapping`
 *   (`%-16s %7s %7s %7s %-5s %s`), rows `%016lx %7lu %7llu %7llu %5s NAME` with
 *   Dirty = Shared_Dirty + Private_Dirty, then a separator
 *   `---------------- ------- ------- ------- ` (trailing space) and the
 *   totals in the same columns: `total kB` padded to 16, then `%7ld %7llu
 *   %7llu` (so a total over 7 digits pushes the line right, as in the rows).
 * - NAME: non-printable bytes of the line become '?'; a line with a '/' is
 *   named by what follows its last '/' (`-p`: everything from its first
 *   '/'); SysV shared memory is `  [ shmid=0xINODE ]`; anything else is
 *   `  [ stack ]` when /proc/PID/stat's startstack lies in [start, end],
 *   otherwise `  [ anon ]` (so `[heap]`, `[vdso]` and `[anon:NAME]` are anon).
 * - `-q` drops the column header and the footer, not the `PID:` line.
 */
import { isProcError, type ProcError } from '../proc/errors.js';
import { eachMapsEntry, type MapsEntry } from '../proc/maps.js';
import { parsePidStat, startStack } from '../proc/pid-stat.js';
import { processFileLines, readProcessFile, requireProcess } from '../proc/read.js';
import { eachSmapsEntry, field, type SmapsEntry } from '../proc/smaps.js';

/** The smaps keys `pmap -x` prints from (Kbytes comes from the maps line). */
const PMAP_SMAPS_KEYS: ReadonlySet<string> = new Set(['Rss', 'Shared_Dirty', 'Private_Dirty']);
import { parseStatus, tgidOf } from '../proc/status.js';
import { printableLine, procpsCommandLine } from './procps-escape.js';

export interface PmapOptions {
  /** `-x`: Kbytes, RSS and Dirty from smaps. */
  readonly extended: boolean;
  /** `-p`: the full path instead of the last component. */
  readonly showPath: boolean;
  /** `-q`: no column header, no footer. */
  readonly quiet: boolean;
  /** Whether to escape as procps does in a UTF-8 locale (see procpsUtf8Locale). */
  readonly utf8: boolean;
}

/** What pmap prints before the VMAs, and what it needs to name them. */
export interface PmapHead {
  /** The thread group id pmap prints (the PID asked for, unless that is a thread of another process). */
  readonly tgid: number;
  readonly commandLine: Buffer;
  readonly startStack: bigint;
}

export interface PmapSnapshot extends PmapHead {
  /** The VMAs (smaps blocks when extended); undefined when the maps file could not be read. */
  readonly entries: readonly (MapsEntry | SmapsEntry)[] | undefined;
  /** Why the maps could not be read, when they could not. */
  readonly error: ProcError | undefined;
}

/**
 * Reads pmap's header for PID. Throws ProcError when the process does not
 * exist or its stat/status cannot be read (pmap then prints nothing for it).
 */
export function pmapHead(pid: number, opts: Pick<PmapOptions, 'utf8'>): PmapHead {
  requireProcess(pid);
  const stat = parsePidStat(readProcessFile(pid, 'stat'));
  const tgid = tgidOf(parseStatus(readProcessFile(pid, 'status'))) ?? pid;
  let cmdline: Buffer;
  try {
    cmdline = readProcessFile(pid, 'cmdline');
  } catch (e) {
    if (!isProcError(e) || e.problem === 'no-such-process') throw e;
    cmdline = Buffer.alloc(0);
  }
  return { tgid, commandLine: procpsCommandLine(cmdline, stat.comm, stat.state, opts.utf8), startStack: startStack(stat) };
}

/**
 * The VMAs pmap shows for TGID, read a line at a time as they are asked
 * for: maps, or smaps blocks keeping only the keys pmap -x prints. Throws
 * ProcError (from the first entry on) when the file cannot be read.
 */
export function pmapEntries(tgid: number, opts: Pick<PmapOptions, 'extended'>): Iterable<MapsEntry | SmapsEntry> {
  return opts.extended ? eachSmapsEntry(processFileLines(tgid, 'smaps'), PMAP_SMAPS_KEYS) : eachMapsEntry(processFileLines(tgid, 'maps'));
}

/**
 * Reads what pmap shows for PID, every VMA held (library callers; the CLI
 * streams with pmapHead, pmapEntries and writePmap). Throws ProcError when
 * the process does not exist or its stat/status cannot be read; a maps file
 * that cannot be read is reported in the snapshot instead (pmap prints the
 * header line, then gives up on that process).
 */
export function pmapSnapshot(pid: number, opts: Pick<PmapOptions, 'extended' | 'utf8'>): PmapSnapshot {
  const head = pmapHead(pid, opts);
  let entries: (MapsEntry | SmapsEntry)[] | undefined;
  let error: ProcError | undefined;
  try {
    entries = Array.from(pmapEntries(head.tgid, opts));
  } catch (e) {
    if (!isProcError(e)) throw e;
    error = e;
  }
  return { ...head, entries, error };
}

const SYSV_SHM = /^\/SYSV[0-9a-f]{8}( \(deleted\))?$/;

/**
 * pmap.c mapping_name. SysV shared memory: pmap learns the device minor of
 * the kernel's shm mount by creating a segment of its own; elfaudit creates
 * no IPC objects and instead recognises the name the kernel gives every
 * segment (`/SYSV` + 8 hex digits, on a device with major 0).
 */
export function pmapMappingName(e: MapsEntry, showPath: boolean, stack: bigint): Buffer {
  const line = printableLine(e.line);
  const name = line.subarray(line.length - e.name.length);
  if (e.devMajor === 0 && SYSV_SHM.test(name.toString('latin1'))) {
    return Buffer.from(`  [ shmid=0x${e.inode.toString(16)} ]`);
  }
  const last = line.lastIndexOf(0x2f);
  if (last >= 0) {
    if (showPath) return line.subarray(line.indexOf(0x2f));
    return last + 1 < line.length ? line.subarray(last + 1) : line.subarray(last);
  }
  return Buffer.from(stack >= e.start && stack <= e.end ? '  [ stack ]' : '  [ anon ]');
}

/** pmap's MODE column: `r-xp` → `r-x--`, `rw-s` → `rw-s-`. */
export function pmapMode(perms: string): string {
  const p = perms.padEnd(4, '-').slice(0, 4);
  return `${p.slice(0, 3)}${p[3] === 'p' ? '-' : p[3]}-`;
}

const padLeft = (v: bigint | number, w: number) => String(v).padStart(w);
const hex16 = (v: bigint) => v.toString(16).padStart(16, '0');

/** The bytes pmap writes to stdout for one snapshot. */
export function formatPmap(s: PmapSnapshot, opts: Pick<PmapOptions, 'extended' | 'showPath' | 'quiet'>): Buffer {
  const parts: Buffer[] = [];
  writePmap(s, s.entries, opts, (b) => parts.push(b));
  return Buffer.concat(parts);
}

const CHUNK = 1 << 16;

/**
 * Writes what pmap prints for one process to WRITE, in chunks of about
 * 64 KiB: the header line, then (unless ENTRIES is undefined: the maps
 * could not be read) each VMA's row as the entries come, and the totals.
 * Only the totals are kept, so 60,000 VMAs cost what one does. A ProcError
 * thrown by the entries (the maps file could not be opened or read) ends the
 * rows without totals, as pmap gives up on the process; it is returned.
 */
export function writePmap(
  head: PmapHead,
  entries: Iterable<MapsEntry | SmapsEntry> | undefined,
  opts: Pick<PmapOptions, 'extended' | 'showPath' | 'quiet'>,
  write: (chunk: Buffer) => void,
): ProcError | undefined {
  // pmap's output is bytes (names pass through): kept as a latin1 string, one char per byte
  let pending = `${head.tgid}:   ${head.commandLine.toString('latin1')}\n`;
  const text = (t: string) => {
    pending += t;
    if (pending.length >= CHUNK) flush();
  };
  const flush = () => {
    if (pending.length > 0) write(Buffer.from(pending, 'latin1'));
    pending = '';
  };
  if (entries === undefined) {
    flush();
    return undefined;
  }
  let total = 0n;
  let totalRss = 0n;
  let totalDirty = 0n;
  const row = (e: MapsEntry | SmapsEntry) => {
    const size = e.end - e.start;
    total += size;
    const kb = size >> 10n;
    const mode = pmapMode(e.perms);
    const name = pmapMappingName(e, opts.showPath, head.startStack).toString('latin1');
    if (opts.extended) {
      const sm = e as SmapsEntry;
      const rss = BigInt(sm.fields === undefined ? 0 : field(sm, 'Rss'));
      const dirty = sm.fields === undefined ? 0n : BigInt(field(sm, 'Shared_Dirty') + field(sm, 'Private_Dirty'));
      totalRss += rss;
      totalDirty += dirty;
      text(`${hex16(e.start)} ${padLeft(kb, 7)} ${padLeft(rss, 7)} ${padLeft(dirty, 7)} ${mode.padStart(5)} ${name}\n`);
    } else {
      text(`${hex16(e.start)} ${padLeft(kb, 6)}K ${mode} ${name}\n`);
    }
  };
  const it = entries[Symbol.iterator]();
  try {
    // the first entry is read before the column header: a maps file that cannot be opened gets only the PID line
    let next = it.next();
    if (opts.extended && !opts.quiet) text(`${'Address'.padEnd(16)} ${'Kbytes'.padStart(7)} ${'RSS'.padStart(7)} ${'Dirty'.padStart(7)} ${'Mode'.padEnd(5)} Mapping\n`);
    for (; next.done !== true; next = it.next()) row(next.value);
  } catch (e) {
    if (!isProcError(e)) throw e;
    flush();
    return e;
  }
  if (!opts.quiet) {
    if (opts.extended) {
      text('---------------- ------- ------- ------- \n');
      text(`${'total kB'.padEnd(16)} ${padLeft(total >> 10n, 7)} ${padLeft(totalRss, 7)} ${padLeft(totalDirty, 7)}\n`);
    } else {
      text(` total ${padLeft(total >> 10n, 16)}K\n`);
    }
  }
  flush();
  return undefined;
}

/**
 * A PID argument as pmap reads it: an optional `/proc/` prefix, then
 * strtoul(…, 0) — decimal, `0x` hex or `0` octal — between 1 and 2^31-1.
 */
export function parsePidArgument(arg: string): number | undefined {
  const s = arg.startsWith('/proc/') ? arg.slice(6) : arg;
  if (!/^[0-9]/.test(s)) return undefined;
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = s.length === 1 ? 0 : parseInt(s.slice(1), 8);
  else if (/^[1-9][0-9]*$/.test(s)) n = Number(s);
  else return undefined;
  return n >= 1 && n <= 0x7fffffff ? n : undefined;
}
