/**
 * /proc/PID/maps: one line per VMA,
 *
 *   start-end perms offset major:minor inode   name
 *
 * in hex except the inode, then (after padding) the name: a path, a
 * pseudo-name such as `[heap]`, `[stack]`, `[vdso]`, `[anon:NAME]`, or
 * nothing for an anonymous mapping. Names are bytes; the kernel prints a
 * newline inside a path as `\012` (and nothing else is escaped, not even a
 * backslash), so lines split safely on '\n'. The same header line starts
 * each block of /proc/PID/smaps.
 */

export interface MapsEntry {
  readonly start: bigint;
  readonly end: bigint;
  /** Four characters: `r`/`-`, `w`/`-`, `x`/`-`, `p` (private) or `s` (shared). */
  readonly perms: string;
  readonly offset: bigint;
  readonly devMajor: number;
  readonly devMinor: number;
  readonly inode: bigint;
  /** The name field's bytes exactly as the kernel printed them (empty for anonymous memory). */
  readonly name: Buffer;
  /** The whole line's bytes, without its newline. */
  readonly line: Buffer;
}

const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+)/;

/** Parses one maps (or smaps header) line; undefined when it is not one. */
export function parseMapsLine(line: Buffer): MapsEntry | undefined {
  // The fixed fields are ASCII and end well before the name; 128 bytes covers them.
  const head = line.toString('latin1', 0, Math.min(line.length, 128));
  const m = HEADER.exec(head);
  if (m === null) return undefined;
  let i = m[0].length;
  while (i < line.length && line[i] === 0x20) i++;
  return {
    start: BigInt(`0x${m[1]}`),
    end: BigInt(`0x${m[2]}`),
    perms: m[3]!,
    offset: BigInt(`0x${m[4]}`),
    devMajor: parseInt(m[5]!, 16),
    devMinor: parseInt(m[6]!, 16),
    inode: BigInt(m[7]!),
    name: line.subarray(i),
    line,
  };
}

/** Splits a /proc file's bytes into lines (without the newlines; no empty last line). */
export function splitLines(buf: Buffer): Buffer[] {
  return splitOn(buf, 0x0a);
}

/** splitLines one line at a time: a 60,000-VMA smaps has 1.5M lines, which need not all be held. */
export function eachLine(buf: Buffer): Generator<Buffer> {
  return eachPart(buf, 0x0a);
}

/** The parts of BUF between SEP bytes (a trailing SEP ends the last part; it does not start an empty one). */
export function splitOn(buf: Buffer, sep: number): Buffer[] {
  return Array.from(eachPart(buf, sep));
}

/** splitOn one part at a time. */
export function* eachPart(buf: Buffer, sep: number): Generator<Buffer> {
  let from = 0;
  while (from < buf.length) {
    let at = buf.indexOf(sep, from);
    if (at < 0) at = buf.length;
    yield buf.subarray(from, at);
    from = at + 1;
  }
}

/** Parses /proc/PID/maps; lines that are not VMA lines are skipped. */
export function parseMaps(buf: Buffer): MapsEntry[] {
  return Array.from(eachMapsEntry(eachLine(buf)));
}

/** parseMaps over lines as they are read (src/proc/read.ts processFileLines): one entry at a time. */
export function* eachMapsEntry(lines: Iterable<Buffer>): Generator<MapsEntry> {
  for (const line of lines) {
    const e = parseMapsLine(line);
    if (e !== undefined) yield e;
  }
}

const DELETED = Buffer.from(' (deleted)');

/** True for a file-system path (the name starts with '/'); pseudo-names and anonymous memory are not. */
export function isPathName(e: Pick<MapsEntry, 'name'>): boolean {
  return e.name.length > 0 && e.name[0] === 0x2f;
}

/** True when the kernel marked the mapped file as unlinked (` (deleted)`). */
export function isDeleted(e: Pick<MapsEntry, 'name'>): boolean {
  return isPathName(e) && e.name.length >= DELETED.length && e.name.subarray(e.name.length - DELETED.length).equals(DELETED);
}

/**
 * The path bytes a name stands for: the kernel's `\012` turned back into a
 * newline. Ambiguous by construction (a file may really be named `a\012b`),
 * so callers that open the file check its inode, or open it through
 * /proc/PID/map_files instead.
 */
export function unescapeName(name: Buffer): Buffer {
  const s = name.toString('latin1');
  return s.includes('\\012') ? Buffer.from(s.replaceAll('\\012', '\n'), 'latin1') : name;
}

/** `start-end` as /proc/PID/map_files names the link for a VMA. */
export function mapFilesName(e: Pick<MapsEntry, 'start' | 'end'>): string {
  return `${e.start.toString(16)}-${e.end.toString(16)}`;
}

/**
 * A stat() st_dev as the major:minor pair maps prints (glibc's
 * gnu_dev_major/gnu_dev_minor: 12 bits of major and 20 of minor, split
 * across the 64-bit number).
 */
export function deviceNumbers(stDev: bigint): { readonly major: number; readonly minor: number } {
  const major = ((stDev >> 8n) & 0xfffn) | ((stDev >> 32n) & ~0xfffn);
  const minor = (stDev & 0xffn) | ((stDev >> 12n) & ~0xffn);
  return { major: Number(major & 0xffffffffn), minor: Number(minor & 0xffffffffn) };
}

/** A device number as maps prints it: major and minor in hex, at least two digits each (`08:01`). */
export function deviceText(major: number, minor: number): string {
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}
