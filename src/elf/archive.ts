import { ElfFormatError } from './errors.js';
import { FileSource, type ByteSource } from './source.js';
import { U64_MAX } from './types.js';

/**
 * ar(1) archives, bytes → structures: the member headers, the long-name
 * table (`//`), the symbol index (`/` and `/SYM64/`), thin archives'
 * external and nested members. The walk follows binutils' elfcomm.c
 * (setup_archive, process_archive_index_and_symbols,
 * get_archive_member_name) step by step, including where it reads and
 * what it keeps, because readelf's output depends on it; what goes wrong
 * is reported as a typed ArchiveProblem, worded by the caller. Members are
 * read through a WindowSource: one positional reader over the archive,
 * never the whole file in memory.
 */

export const ARMAG = Buffer.from('!<arch>\n', 'latin1');
export const ARMAGT = Buffer.from('!<thin>\n', 'latin1');
export const SARMAG = 8;
/** sizeof (struct ar_hdr). */
export const AR_HDR_SIZE = 60;
/** Offsets of struct ar_hdr's fields. */
const AR_SIZE = 48;
const AR_FMAG = 58;
const ARFMAG = Buffer.from('`\n', 'latin1');

/** Which archive a file's first eight bytes open, if any. */
export type ArchiveMagic = 'ar' | 'thin';

export function archiveMagic(first8: Buffer): ArchiveMagic | null {
  if (first8.length < SARMAG || first8[0] !== ARMAG[0]) return null;
  const head = first8.subarray(0, SARMAG);
  return head.equals(ARMAG) ? 'ar' : head.equals(ARMAGT) ? 'thin' : null;
}

/**
 * Why the commands that read one linked ELF object (checksec's rules,
 * audit, memory) stop at an archive: they do not look inside it.
 */
export const ARCHIVE_NOT_READ = 'an ar archive, not an ELF object: this command does not look inside archives (readelf shows their members)';

/** The largest off_t: fseek fails past it. */
export const I64_MAX = (1n << 63n) - 1n;
/** Below 2^53 an offset is exact as a number. */
const EXACT = 2n ** 53n;

/**
 * The bytes [base, base + size) of a source, seen as a source of their own:
 * an archive member read in place, its offsets relative to its start.
 */
export class WindowSource implements ByteSource {
  readonly size: bigint;
  constructor(
    private readonly parent: ByteSource,
    readonly base: bigint,
    size: bigint,
  ) {
    this.size = size < 0n ? 0n : size;
  }
  read(offset: bigint, length: number): Buffer {
    if (offset >= this.size || length <= 0) return Buffer.alloc(0);
    const avail = this.size - offset;
    return this.parent.read(this.base + offset, BigInt(length) > avail ? Number(avail) : length);
  }
  readInto(offset: bigint, length: number, into: Buffer): number {
    if (offset < 0n || offset >= this.size || length <= 0) return 0;
    const avail = this.size - offset;
    const want = BigInt(length) > avail ? Number(avail) : length;
    if (this.parent.readInto !== undefined) return this.parent.readInto(this.base + offset, want, into);
    return this.parent.read(this.base + offset, Math.min(want, into.length)).copy(into, 0);
  }
  prefetch(offset: number, length: number): void {
    const at = this.base + BigInt(offset);
    if (this.parent.prefetch !== undefined && at < EXACT) this.parent.prefetch(Number(at), length);
  }
  /** The parent belongs to whoever opened it. */
  close(): void {}
}

/**
 * C's strtoul(text, &end, 10) over `bytes[start..]`, where a NUL or the end
 * of `bytes` ends the text: leading white space, a sign, decimal digits;
 * ULONG_MAX on overflow; a minus sign negates modulo 2^64.
 */
export function strtoul(bytes: Buffer, start: number): { value: bigint; end: number } {
  let i = start;
  const at = (k: number) => (k < bytes.length ? bytes[k]! : 0);
  while (at(i) === 0x20 || (at(i) >= 0x09 && at(i) <= 0x0d)) i++;
  let neg = false;
  if (at(i) === 0x2b || at(i) === 0x2d) {
    neg = at(i) === 0x2d;
    i++;
  }
  const digits = i;
  let v = 0n;
  let over = false;
  while (at(i) >= 0x30 && at(i) <= 0x39) {
    v = v * 10n + BigInt(at(i) - 0x30);
    if (v > U64_MAX) over = true;
    i++;
  }
  if (i === digits) return { value: 0n, end: start };
  if (over) return { value: U64_MAX, end: i };
  return { value: neg ? (U64_MAX + 1n - v) & U64_MAX : v, end: i };
}

/** What elfcomm.c reports while reading an archive; the caller words it. */
export type ArchiveProblem =
  | { readonly kind: 'header-short' }
  | { readonly kind: 'index-size-negative'; readonly size: bigint }
  | { readonly kind: 'index-empty' }
  | { readonly kind: 'index-read-failed' }
  | { readonly kind: 'index-too-small'; readonly entries: bigint; readonly width: number; readonly size: bigint }
  | { readonly kind: 'index-no-symbols' }
  | { readonly kind: 'index-symbols-read-failed' }
  | { readonly kind: 'header-after-index-short' }
  | { readonly kind: 'longnames-too-small'; readonly size: bigint }
  | { readonly kind: 'longnames-too-big'; readonly size: bigint }
  | { readonly kind: 'longnames-read-failed' }
  | { readonly kind: 'no-longnames' }
  | { readonly kind: 'longname-beyond-table'; readonly index: bigint }
  | { readonly kind: 'thin-name-invalid' }
  | { readonly kind: 'seek-name-failed' }
  | { readonly kind: 'header-invalid' }
  /** Not a problem: setup_archive's `has no archive index` (stdout), asked for with readSymbols. */
  | { readonly kind: 'no-index' };

/** Where the archive code reports; `file` is the archive the problem is in. */
export type ArchiveReport = (problem: ArchiveProblem, file: string) => void;

/**
 * One archive being walked (elfcomm.c's struct archive_info): the current
 * member header, the long-name table, the index when asked for, and where
 * the next header is. `pos` is the FILE position GNU's freads advance.
 */
export class ArchiveInfo {
  indexNum = 0n;
  index: bigint[] | null = null;
  symTable: Buffer | null = null;
  symSize = 0n;
  /** The long-name table plus GNU's terminating NUL; get_archive_member_name writes NULs into it. */
  longnames: Buffer | null = null;
  longnamesSize = 0n;
  nestedMemberOrigin = 0n;
  nextHeaderOffset = BigInt(SARMAG);
  uses64BitIndices = false;
  /** The current member header (60 bytes). */
  arhdr: Buffer = Buffer.alloc(AR_HDR_SIZE);
  pos = 0n;
  constructor(
    /** The archive's name as printed (a byte string). */
    readonly fileName: string,
    readonly source: ByteSource,
    readonly thin: boolean,
    /** The source is this object's to close (nested archives). */
    private readonly ownsSource = false,
  ) {}

  close(): void {
    if (this.ownsSource) this.source.close();
  }

  /** fread of up to `n` bytes at the current position (a copy: the source's buffers may be reused). */
  fread(n: bigint): Buffer {
    if (this.pos >= this.source.size || n <= 0n) return Buffer.alloc(0);
    const avail = this.source.size - this.pos;
    const want = n > avail ? avail : n;
    const buf = Buffer.from(this.source.read(this.pos, Number(want)));
    this.pos += BigInt(buf.length);
    return buf;
  }

  /** Reads the next header at the position into arhdr; returns how many bytes arrived (arhdr unchanged unless all 60). */
  readHeader(): number {
    const got = this.fread(BigInt(AR_HDR_SIZE));
    if (got.length === AR_HDR_SIZE) this.arhdr = got;
    return got.length;
  }

  /** The header's ar_fmag is "`\n". */
  headerValid(): boolean {
    return this.arhdr.subarray(AR_FMAG, AR_FMAG + 2).equals(ARFMAG);
  }

  /** strtoul (ar_size) with ar_fmag[0] cleared, as setup_archive reads it. */
  headerSize(): bigint {
    const h = Buffer.from(this.arhdr);
    h[AR_FMAG] = 0;
    return strtoul(h, AR_SIZE).value;
  }

  private nameIs(text: string): boolean {
    return this.arhdr.toString('latin1', 0, text.length) === text;
  }

  /**
   * setup_archive: reads the first header, the symbol index (kept only
   * with `readSymbols`, GNU's -c) and the long-name table. Returns false
   * when GNU's returns 1 (after reporting).
   */
  setup(fileSize: bigint, readSymbols: boolean, report: ArchiveReport): boolean {
    this.pos = BigInt(SARMAG);
    const got = this.readHeader();
    if (got !== AR_HDR_SIZE) {
      if (got === 0) return true;
      report({ kind: 'header-short' }, this.fileName);
      return false;
    }
    if (this.nameIs('/               ')) {
      if (!this.readIndex(4, readSymbols, report)) return false;
    } else if (this.nameIs('/SYM64/         ')) {
      this.uses64BitIndices = true;
      if (!this.readIndex(8, readSymbols, report)) return false;
    } else if (readSymbols) {
      report({ kind: 'no-index' }, this.fileName);
    }
    if (this.nameIs('//              ')) {
      const size = this.headerSize();
      this.longnamesSize = size;
      if (size < 8n) {
        report({ kind: 'longnames-too-small', size }, this.fileName);
        return false;
      }
      if (size > fileSize || size > I64_MAX) {
        report({ kind: 'longnames-too-big', size }, this.fileName);
        return false;
      }
      this.nextHeaderOffset += BigInt(AR_HDR_SIZE) + size;
      const table = this.fread(size);
      if (BigInt(table.length) !== size) {
        report({ kind: 'longnames-read-failed' }, this.fileName);
        return false;
      }
      if ((size & 1n) !== 0n) this.fread(1n);
      this.longnames = Buffer.concat([table, Buffer.alloc(1)]);
    }
    return true;
  }

  /** process_archive_index_and_symbols, entries of `width` bytes. */
  private readIndex(width: number, readSymbols: boolean, report: ArchiveReport): boolean {
    let size = this.headerSize();
    if (size > I64_MAX) {
      report({ kind: 'index-size-negative', size: size - (1n << 64n) }, this.fileName);
      return false;
    }
    size += size & 1n;
    this.nextHeaderOffset += BigInt(AR_HDR_SIZE) + size;
    const w = BigInt(width);
    if (!readSymbols) {
      this.pos += size;
    } else {
      if (size < w) {
        report({ kind: 'index-empty' }, this.fileName);
        return false;
      }
      const count = this.fread(w);
      if (count.length !== width) {
        report({ kind: 'index-read-failed' }, this.fileName);
        return false;
      }
      this.indexNum = width === 4 ? BigInt(count.readUInt32BE(0)) : count.readBigUInt64BE(0);
      size -= w;
      const n = this.indexNum;
      if (size < n * w || size < n) {
        report({ kind: 'index-too-small', entries: n, width, size }, this.fileName);
        return false;
      }
      const table = this.fread(n * w);
      if (BigInt(table.length) !== n * w) {
        report({ kind: 'index-read-failed' }, this.fileName);
        return false;
      }
      const index: bigint[] = [];
      for (let i = 0; i < table.length; i += width) {
        index.push(width === 4 ? BigInt(table.readUInt32BE(i)) : table.readBigUInt64BE(i));
      }
      this.index = index;
      size -= n * w;
      if (size < 1n) {
        report({ kind: 'index-no-symbols' }, this.fileName);
        return false;
      }
      const syms = this.fread(size);
      this.symTable = syms;
      this.symSize = size;
      if (BigInt(syms.length) !== size) {
        report({ kind: 'index-symbols-read-failed' }, this.fileName);
        return false;
      }
    }
    const got = this.readHeader();
    if (got !== AR_HDR_SIZE && got !== 0) {
      report({ kind: 'header-after-index-short' }, this.fileName);
      return false;
    }
    return true;
  }

  /**
   * get_archive_member_name: the current member's name (a byte string), or
   * null after a report. Long names come from the table (with GNU's NUL
   * written after them); a thin archive's `/N:ORIGIN` names a member of a
   * nested archive, opened into `nested`.
   */
  memberName(nested: NestedArchive, report: ArchiveReport): string | null {
    const h = this.arhdr;
    if (h[0] === 0x2f) {
      const table = this.longnames;
      if (table === null || this.longnamesSize === 0n) {
        report({ kind: 'no-longnames' }, this.fileName);
        return null;
      }
      this.nestedMemberOrigin = 0n;
      const cut = Buffer.from(h);
      cut[AR_FMAG] = 0;
      const parsed = strtoul(cut, 1);
      const k = parsed.value;
      let j = k;
      if (this.thin && cut[parsed.end] === 0x3a) this.nestedMemberOrigin = strtoul(cut, parsed.end + 1).value;
      if (j > this.longnamesSize) {
        report({ kind: 'longname-beyond-table', index: j }, this.fileName);
        return null;
      }
      const size = this.longnamesSize;
      while (j < size && table[Number(j)] !== 0x0a && table[Number(j)] !== 0) j++;
      if (j > 0n && table[Number(j) - 1] === 0x2f) j--;
      if (j > size) j = size;
      table[Number(j)] = 0;
      const nameAt = (from: bigint) => {
        const end = table.indexOf(0, Number(from));
        return table.toString('latin1', Number(from), end);
      };
      if (!this.thin || this.nestedMemberOrigin === 0n) return nameAt(k);
      if (k >= j) {
        report({ kind: 'thin-name-invalid' }, this.fileName);
        return null;
      }
      const path = adjustRelativePath(this.fileName, table.toString('latin1', Number(k), Number(j)));
      if (nested.setup(path, report)) {
        const name = nested.archive!.memberNameAt(this.nestedMemberOrigin, NO_NESTED, report);
        if (name !== null) return name;
      }
      return nameAt(k);
    }
    // Up to the first slash (GNU writes a NUL there), else the whole field;
    // as a C string, a NUL before either ends it.
    const field = h.subarray(0, 16);
    const slash = field.indexOf(0x2f);
    const nul = field.indexOf(0);
    const end = slash < 0 ? 16 : slash;
    return h.toString('latin1', 0, nul >= 0 && nul < end ? nul : end);
  }

  /** get_archive_member_name_at: the name of the member whose header is at `offset`. */
  memberNameAt(offset: bigint, nested: NestedArchive, report: ArchiveReport): string | null {
    if (offset > I64_MAX) {
      report({ kind: 'seek-name-failed' }, this.fileName);
      return null;
    }
    this.pos = offset;
    if (this.readHeader() !== AR_HDR_SIZE) {
      report({ kind: 'header-short' }, this.fileName);
      return null;
    }
    if (!this.headerValid()) {
      report({ kind: 'header-invalid' }, this.fileName);
      return null;
    }
    return this.memberName(nested, report);
  }
}

/**
 * setup_nested_archive's single-entry cache: the regular archive a thin
 * archive's `/N:ORIGIN` members live in, opened once for a run of them.
 */
export class NestedArchive {
  archive: ArchiveInfo | null = null;
  /** The name it was opened under; null when none is open. */
  get fileName(): string | null {
    return this.archive?.fileName ?? null;
  }
  /** Opens and sets up `path` unless it is the one already open; false when that fails. */
  setup(path: string, report: ArchiveReport): boolean {
    if (this.archive !== null && this.archive.fileName === path) return true;
    this.close();
    let source: FileSource;
    try {
      source = FileSource.open(Buffer.from(path, 'latin1'));
    } catch (e) {
      // GNU's fopen failing (a system error), or not a regular file: no nested archive.
      if (e instanceof ElfFormatError || (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string')) return false;
      throw e;
    }
    const arch = new ArchiveInfo(path, source, false, true);
    this.archive = arch;
    return arch.setup(source.size, false, report);
  }
  close(): void {
    this.archive?.close();
    this.archive = null;
  }
}

/** get_archive_member_name_at's NULL nested archive: a nested name inside a nested archive is never followed. */
const NO_NESTED: NestedArchive = new (class extends NestedArchive {
  override setup(): boolean {
    return false;
  }
})();

/**
 * adjust_relative_path: a thin archive's member path, relative to the
 * directory of the archive unless it is absolute or the archive has no
 * directory part.
 */
export function adjustRelativePath(archiveName: string, name: string): string {
  const slash = archiveName.lastIndexOf('/');
  if (name.startsWith('/') || slash < 0) return name;
  return archiveName.slice(0, slash + 1) + name;
}

/** One member of a regular archive: its name and where its bytes are. */
export interface ArchiveMember {
  readonly name: string;
  /** Offset of its first byte in the archive. */
  readonly offset: bigint;
  readonly size: bigint;
}

/**
 * The members of a regular archive in order, for callers that only look
 * (readelf's own walk is process_archive's, diagnostics and all). Stops
 * quietly at the first header it cannot read or name.
 */
export function* archiveMembers(source: ByteSource, name = ''): Generator<ArchiveMember> {
  const arch = new ArchiveInfo(name, source, false);
  const quiet: ArchiveReport = () => {};
  if (!arch.setup(source.size, false, quiet)) return;
  const nested = new NestedArchive();
  for (;;) {
    arch.pos = arch.nextHeaderOffset;
    if (arch.readHeader() !== AR_HDR_SIZE || !arch.headerValid()) return;
    const size = arch.headerSize();
    const offset = arch.nextHeaderOffset + BigInt(AR_HDR_SIZE);
    const member = arch.memberName(nested, quiet);
    if (member === null || size > I64_MAX) return;
    yield { name: member, offset, size };
    arch.nextHeaderOffset = offset + size + (size & 1n);
  }
}
