import { stderrWriter, stdoutWriter } from './fd-writer.js';

/**
 * Where a command writes: its standard output (text as UTF-8, or bytes
 * passed through, as pmap passes /proc's bytes) and whole lines for its
 * standard error. Every command but readelf takes one (readelf's sink,
 * src/readelf/sink.ts, carries byte strings and flushes before each
 * diagnostic, as GNU's stdio does).
 */
export interface Output {
  out(data: string | Buffer): void;
  /** Whole lines, newline included. */
  err(text: string): void;
  /** True once the reader of stdout has gone away (`| head`): commands stop at their next file. */
  readonly closed?: boolean;
  /** Replaces a progress line on a terminal (an empty string clears it); absent when progress is not wanted. */
  readonly progress?: ((text: string) => void) | undefined;
}

/** Collects a command's output in memory (tests, library callers). */
export class CaptureOutput implements Output {
  private chunks: (string | Buffer)[] = [];
  stderr = '';
  out(data: string | Buffer): void {
    this.chunks.push(data);
  }
  err(text: string): void {
    this.stderr += text;
  }
  /** Everything written to stdout, as bytes. */
  get stdoutBytes(): Buffer {
    return Buffer.concat(this.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  }
  /** Everything written to stdout, as text. */
  get stdout(): string {
    return this.chunks.every((c) => typeof c === 'string') ? this.chunks.join('') : this.stdoutBytes.toString('utf8');
  }
}

/** The process's standard output and error (src/io/fd-writer.ts), unbuffered. */
export const processOutput: Output = {
  out: (data) => {
    stdoutWriter.write(data);
  },
  err: (text) => {
    stderrWriter.write(text);
  },
  get closed() {
    return stdoutWriter.closed;
  },
};
