import { stderrWriter, stdoutWriter } from '../io/fd-writer.js';

/**
 * Where the live-evidence commands (pmap, proc, sys) write. Bytes as well as
 * text: pmap passes bytes from /proc through as pmap does, which need not
 * be UTF-8.
 */
export interface LiveIo {
  out(data: string | Buffer): void;
  err(text: string): void;
}

/** Collects output in memory (tests). */
export class CaptureLiveIo implements LiveIo {
  private chunks: Buffer[] = [];
  stderr = '';
  out(data: string | Buffer): void {
    this.chunks.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  err(text: string): void {
    this.stderr += text;
  }
  get stdoutBytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get stdout(): string {
    return this.stdoutBytes.toString('utf8');
  }
}

/** Writes to the process's standard output and error (src/io/fd-writer.ts). */
export const processLiveIo: LiveIo = {
  out: (data) => {
    stdoutWriter.write(data);
  },
  err: (text) => {
    stderrWriter.write(text);
  },
};
