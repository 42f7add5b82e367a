import { closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { ElfFormatError } from './errors.js';

/**
 * Where the bytes come from. The reader only ever asks for byte ranges, so a
 * 3 GiB file costs what its headers cost, not its size.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: bigint;
  /**
   * Reads `length` bytes at `offset`. Returns fewer bytes only when the range
   * runs past the end of the source.
   */
  read(offset: bigint, length: number): Buffer;
  /**
   * Optional hint: the caller is about to read several ranges inside
   * [offset, offset + length), so one read of the whole range is cheaper.
   */
  prefetch?(offset: number, length: number): void;
  /**
   * Optional: reads up to `length` bytes at `offset` into the start of
   * `into` (the caller's memory, reused from read to read: forEachBlock) and
   * returns how many arrived, fewer only at the end of the source. The
   * arguments are read()'s, then the memory; the offset is a bigint like
   * read()'s, so a file of 2^53 bytes or more (sparse) reads the same way.
   */
  readInto?(offset: bigint, length: number, into: Buffer): number;
  close(): void;
}

/** Bytes per block of forEachBlock: small enough to stay in a core's cache while it is hashed or scanned. */
export const BLOCK = 1 << 18;

/** forEachBlock's memory, shared by every call (one block of one file is visited at a time). */
let blockScratch: Buffer | undefined;
let blockInUse = false;

/**
 * Visits [offset, offset + length) of SRC in order, a block of at most
 * SIZE (at most BLOCK) bytes at a time, each block starting OVERLAP bytes before the last
 * one ended (so a pattern up to OVERLAP + 1 bytes long is seen whole in some
 * block). A source that reads into the caller's memory is read into one
 * buffer reused for every block, so hashing a 3 GiB file allocates nothing
 * per block: a block is only valid until VISIT returns. Returns the bytes
 * visited, fewer than LENGTH only when the source ends first.
 */
export function forEachBlock(src: ByteSource, offset: bigint, length: bigint, visit: (block: Buffer, start: bigint, last: boolean) => void, overlap = 0, size = BLOCK): bigint {
  if (size <= overlap || size > BLOCK) throw new RangeError(`a block of ${size} bytes (at most ${BLOCK}, more than the overlap of ${overlap})`);
  const step = BigInt(size - overlap);
  const reuse = src.readInto !== undefined && !blockInUse;
  if (reuse) blockInUse = true;
  try {
    const buf = reuse ? (blockScratch ??= Buffer.allocUnsafe(BLOCK)) : undefined;
    for (let at = 0n; at < length; at += step) {
      const want = length - at < BigInt(size) ? Number(length - at) : size;
      const block = buf === undefined ? src.read(offset + at, want) : buf.subarray(0, src.readInto!(offset + at, want, buf));
      const last = at + BigInt(want) >= length || block.length < want;
      visit(block, offset + at, last);
      if (last) return at + BigInt(block.length);
    }
    return length;
  } finally {
    if (reuse) blockInUse = false;
  }
}

/** Largest single read the reader will attempt: a guard against absurd sizes. */
export const MAX_READ = 1 << 30;

/** An in-memory source, for tests, crafted files and fuzzing. */
export class BufferSource implements ByteSource {
  readonly size: bigint;
  constructor(private readonly bytes: Buffer) {
    this.size = BigInt(bytes.length);
  }
  read(offset: bigint, length: number): Buffer {
    if (offset >= this.size) return Buffer.alloc(0);
    const start = Number(offset);
    return this.bytes.subarray(start, Math.min(start + length, this.bytes.length));
  }
  readInto(offset: bigint, length: number, into: Buffer): number {
    if (offset < 0n || offset >= this.size || length <= 0) return 0;
    const start = Number(offset);
    return this.bytes.copy(into, 0, start, Math.min(start + length, this.bytes.length));
  }
  close(): void {}
}

export interface FileSourceOptions {
  /**
   * The file's size when the caller already has it from a stat of the path
   * (this saves an fstat). GNU readelf, too, trusts the size its stat saw.
   */
  readonly size?: bigint;
  /**
   * Read the first page and any prefetched window into process-wide scratch
   * memory instead of fresh buffers. Every Buffer this source returns is then
   * only valid until the next scratch-backed source is opened: for a caller
   * that handles one file at a time and copies what it keeps (readelf).
   */
  readonly scratch?: boolean;
}

/**
 * open(2) flags for every file the reader opens: O_NONBLOCK so that a FIFO
 * swapped in after the caller's stat cannot hang the open (it has no effect
 * on a regular file), O_NOCTTY so that a terminal never becomes the
 * controlling one.
 */
export const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** A file type name for a mode, as `stat` would describe it. */
export function fileModeName(mode: number): string {
  switch (mode & constants.S_IFMT) {
    case constants.S_IFREG:
      return 'regular file';
    case constants.S_IFDIR:
      return 'directory';
    case constants.S_IFIFO:
      return 'fifo';
    case constants.S_IFCHR:
      return 'character special file';
    case constants.S_IFBLK:
      return 'block special file';
    case constants.S_IFSOCK:
      return 'socket';
    case constants.S_IFLNK:
      return 'symbolic link';
    default:
      return 'unknown file type';
  }
}

/** Bytes cached from the start of the file. */
const HEAD = 4096;
/** 2^53: below it a file offset is exact as a number. */
const EXACT = 2 ** 53;
const EXACT_BIG = BigInt(EXACT);

/** Process-wide scratch memory for scratch-backed sources (see FileSourceOptions). */
const scratchHead = Buffer.allocUnsafe(HEAD);
let scratchWindow = Buffer.allocUnsafe(16384);

/**
 * Positional reads on an open descriptor. The first page is cached because
 * nearly every question starts there (ELF header, and usually the program
 * headers right after it); a prefetched window (typically the section header
 * table and what precedes it) serves the lookups that follow it.
 */
export class FileSource implements ByteSource {
  readonly size: bigint;
  /** `size` as a number; exact only when `sizeExact`. */
  private readonly sizeNum: number;
  private readonly sizeExact: boolean;
  private fd: number;
  private readonly scratch: boolean;
  private head: Buffer | undefined;
  /** A prefetched range: bytes [windowStart, windowStart + window.length). */
  private window: Buffer | undefined;
  private windowStart = 0;

  constructor(fd: number, size: bigint, scratch = false) {
    this.fd = fd;
    this.size = size;
    this.sizeNum = Number(size);
    this.sizeExact = size < EXACT_BIG;
    this.scratch = scratch;
  }

  /**
   * Opens a regular file. Without `opts.size` the path is stat-ed first, as
   * GNU readelf does, and anything but a regular file (a directory, FIFO,
   * device or socket) is refused with an ElfFormatError before it is ever
   * opened: opening a FIFO would wait for a writer, reading /dev/zero would
   * never end. A caller that passes `size` has done that stat itself.
   * File-system errors (ENOENT, EACCES, ELOOP, ...) propagate as Node's.
   */
  static open(path: string | Buffer, opts: FileSourceOptions = {}): FileSource {
    let size = opts.size;
    if (size === undefined) {
      const st = statSync(path, { bigint: true });
      if (!st.isFile()) {
        const type = fileModeName(Number(st.mode));
        const name = typeof path === 'string' ? path : path.toString('latin1');
        throw new ElfFormatError(`not a regular file (${type}); not opened`, 0, 'a regular file', name);
      }
      size = st.size;
    }
    const fd = openSync(path, OPEN_FLAGS);
    return new FileSource(fd, size, opts.scratch === true);
  }

  read(offset: bigint, length: number): Buffer {
    if (length < 0 || length > MAX_READ) {
      throw new ElfFormatError(`refusing to read ${length} bytes`, offset, `a read of at most ${MAX_READ} bytes`);
    }
    if (offset >= this.size || length === 0) return Buffer.alloc(0);
    if (!this.sizeExact) return this.readBig(offset, length);
    // Offsets below an exact size are exact numbers: no bigint arithmetic from here.
    const start = Number(offset);
    const avail = this.sizeNum - start;
    const want = Math.min(length, avail);
    const head = this.headPage();
    if (start + want <= head.length) return head.subarray(start, start + want);
    const w = this.window;
    if (w !== undefined && start >= this.windowStart && start + want <= this.windowStart + w.length) {
      const at = start - this.windowStart;
      return w.subarray(at, at + want);
    }
    return this.readFresh(start, want);
  }

  /**
   * Reads [offset, offset + length) (clipped to the file) in one system call
   * and serves later reads inside it from memory.
   */
  prefetch(offset: number, length: number): void {
    if (!this.sizeExact || offset < 0 || offset >= this.sizeNum || length <= 0) return;
    const want = Math.min(length, this.sizeNum - offset, MAX_READ);
    let buf: Buffer;
    if (this.scratch) {
      if (scratchWindow.length < want) scratchWindow = Buffer.allocUnsafe(want);
      buf = scratchWindow;
    } else {
      buf = Buffer.allocUnsafe(want);
    }
    const done = this.fill(buf, want, offset);
    this.window = buf.subarray(0, done);
    this.windowStart = offset;
  }

  readInto(offset: bigint, length: number, into: Buffer): number {
    const want = Math.min(length, into.length);
    if (offset < 0n || offset >= this.size || want <= 0) return 0;
    if (!this.sizeExact) {
      // positions past 2^53 go to pread as bigint, straight into the caller's memory
      const avail = this.size - offset;
      return this.fillBig(into, BigInt(want) > avail ? Number(avail) : want, offset);
    }
    const start = Number(offset);
    return this.fill(into, Math.min(want, this.sizeNum - start), start);
  }

  /** A read that is not cached: into a fresh buffer, which the caller may keep. */
  private readFresh(start: number, want: number): Buffer {
    const buf = Buffer.allocUnsafe(want);
    const done = this.fill(buf, want, start);
    return done === want ? buf : buf.subarray(0, done);
  }

  /** The general path for files of 2^53 bytes or more (positions as bigint). */
  private readBig(offset: bigint, length: number): Buffer {
    const avail = this.size - offset;
    const want = BigInt(length) > avail ? Number(avail) : length;
    const head = this.headPage();
    if (offset + BigInt(want) <= BigInt(head.length)) {
      const start = Number(offset);
      return head.subarray(start, start + want);
    }
    const buf = Buffer.allocUnsafe(want);
    const done = this.fillBig(buf, want, offset);
    return done === want ? buf : buf.subarray(0, done);
  }

  /** fill at a bigint position (2^53 or more is exact only so). */
  private fillBig(buf: Buffer, want: number, position: bigint): number {
    let done = 0;
    while (done < want) {
      const n = readSync(this.fd, buf, done, want - done, position + BigInt(done));
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  /** Reads up to `want` bytes at `position` into the start of `buf`; returns how many arrived. */
  private fill(buf: Buffer, want: number, position: number): number {
    let done = 0;
    while (done < want) {
      const n = readSync(this.fd, buf, done, want - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  private headPage(): Buffer {
    if (this.head === undefined) {
      const len = this.size < BigInt(HEAD) ? Number(this.size) : HEAD;
      const buf = this.scratch ? scratchHead : Buffer.allocUnsafe(len);
      const done = this.fill(buf, len, 0);
      this.head = done === buf.length ? buf : buf.subarray(0, done);
    }
    return this.head;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
    if (this.scratch) {
      // The scratch memory now belongs to whichever source opens next.
      this.head = undefined;
      this.window = undefined;
    }
  }
}
