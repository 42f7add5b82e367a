import { writeSync } from 'node:fs';

/**
 * Where a readelf run writes. Text is a byte string: one char per byte
 * (latin1), because readelf copies some bytes from the file verbatim.
 * GNU flushes stdout before each diagnostic; a sink that shares a terminal
 * must do the same so the two streams interleave as GNU's do.
 */
export interface ReadelfSink {
  out(text: string): void;
  /** A whole diagnostic line, including `readelf: Error: ` and the newline. */
  err(text: string): void;
}

/** Collects both streams in memory (tests, library callers). */
export class CaptureSink implements ReadelfSink {
  private outParts: string[] = [];
  private errParts: string[] = [];
  out(text: string): void {
    this.outParts.push(text);
  }
  err(text: string): void {
    this.errParts.push(text);
  }
  get stdout(): Buffer {
    return Buffer.from(this.outParts.join(''), 'latin1');
  }
  get stderr(): Buffer {
    return Buffer.from(this.errParts.join(''), 'latin1');
  }
}

/**
 * Buffers stdout and writes it in large chunks (one write per ~64 KiB rather
 * than per line); flushes before every stderr write, as stdio does for GNU.
 * The text is kept as one string and written as latin1 straight from it, so
 * no intermediate Buffer is made.
 */
export class FdSink implements ReadelfSink {
  private pending = '';
  constructor(
    private readonly outFd = 1,
    private readonly errFd = 2,
    private readonly chunk = 1 << 16,
  ) {}
  out(text: string): void {
    this.pending += text;
    if (this.pending.length >= this.chunk) this.flush();
  }
  err(text: string): void {
    this.flush();
    writeAll(this.errFd, text);
  }
  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    writeAll(this.outFd, text);
  }
}

/** Writes a byte string (one char per byte) completely. */
function writeAll(fd: number, text: string): void {
  let rest = text;
  while (rest.length > 0) {
    try {
      const n = writeSync(fd, rest, null, 'latin1');
      // latin1 is one byte per char: a short write leaves the tail of the string.
      rest = n >= rest.length ? '' : rest.slice(n);
    } catch (e) {
      // A pipe whose reader went away: stop writing, as readelf dies on SIGPIPE.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(141);
      throw e;
    }
  }
}
