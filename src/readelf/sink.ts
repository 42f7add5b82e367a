import { stderrWriter, stdoutWriter, type FdWriter } from '../io/fd-writer.js';

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
  /** True once the reader of the output has gone away: the run stops. */
  readonly closed?: boolean;
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
 * Buffers stdout and writes it in chunks (one write per ~16 KiB rather than
 * per line); flushes before every stderr write, as stdio does for GNU. Not
 * larger: the pending text is a tree of small strings in V8's young
 * generation, which readelf keeps small (bin/elfaudit.js), and every
 * scavenge copies it; with 64 KiB, 5,000 files took ~7% more CPU.
 * The text is kept as one string and written as latin1 straight from it, so
 * no intermediate Buffer is made. When the reader of stdout goes away
 * (`| head`), `closed` turns true and the run stops at its next file.
 */
export class FdSink implements ReadelfSink {
  private pending = '';
  constructor(
    private readonly stdout: FdWriter = stdoutWriter,
    private readonly stderr: FdWriter = stderrWriter,
    private readonly chunk = 1 << 14,
  ) {}
  get closed(): boolean {
    return this.stdout.closed;
  }
  out(text: string): void {
    this.pending += text;
    if (this.pending.length >= this.chunk) this.flush();
  }
  err(text: string): void {
    this.flush();
    this.stderr.write(text, 'latin1');
  }
  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    this.stdout.write(text, 'latin1');
  }
}

/** Writes nothing: for a Filedata that only loads (see load.ts). */
export const DISCARD: ReadelfSink = Object.freeze({
  out(): void {},
  err(): void {},
});
