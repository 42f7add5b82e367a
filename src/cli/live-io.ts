import { writeSync } from 'node:fs';

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

function writeAll(fd: number, data: string | Buffer): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      // A closed pipe (`| head`) ends the output quietly.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw e;
    }
  }
}

export const processLiveIo: LiveIo = {
  out: (data) => writeAll(1, data),
  err: (text) => writeAll(2, text),
};
