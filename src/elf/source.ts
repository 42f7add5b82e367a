import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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
  close(): void;
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
  close(): void {}
}

/**
 * Positional reads on an open descriptor. The first page is cached because
 * nearly every question starts there (ELF header, and usually the program
 * headers right after it).
 */
export class FileSource implements ByteSource {
  readonly size: bigint;
  private fd: number;
  private head: Buffer | undefined;
  private static readonly HEAD = 4096;

  constructor(fd: number, size: bigint) {
    this.fd = fd;
    this.size = size;
  }

  static open(path: string): FileSource {
    const fd = openSync(path, 'r');
    try {
      const st = fstatSync(fd, { bigint: true });
      return new FileSource(fd, st.size);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  read(offset: bigint, length: number): Buffer {
    if (length < 0 || length > MAX_READ) {
      throw new ElfFormatError(`refusing to read ${length} bytes`, offset, `a read of at most ${MAX_READ} bytes`);
    }
    if (offset >= this.size || length === 0) return Buffer.alloc(0);
    const avail = this.size - offset;
    const want = BigInt(length) > avail ? Number(avail) : length;
    const head = this.headPage();
    if (offset + BigInt(want) <= BigInt(head.length)) {
      const start = Number(offset);
      return head.subarray(start, start + want);
    }
    const buf = Buffer.allocUnsafe(want);
    let done = 0;
    while (done < want) {
      const n = readSync(this.fd, buf, done, want - done, offset + BigInt(done));
      if (n === 0) break;
      done += n;
    }
    return done === want ? buf : buf.subarray(0, done);
  }

  private headPage(): Buffer {
    if (this.head === undefined) {
      const len = this.size < BigInt(FileSource.HEAD) ? Number(this.size) : FileSource.HEAD;
      const buf = Buffer.allocUnsafe(len);
      let done = 0;
      while (done < len) {
        const n = readSync(this.fd, buf, done, len - done, done);
        if (n === 0) break;
        done += n;
      }
      this.head = done === len ? buf : buf.subarray(0, done);
    }
    return this.head;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
