import { writeSync } from 'node:fs';

/**
 * Blocking writes to a file descriptor that tell when the reader has gone
 * away. `elfaudit memory … | head` closes the pipe early; GNU tools die of
 * SIGPIPE there, but Node ignores SIGPIPE, so the write fails with EPIPE.
 * That is not an error: the writer records it, writes nothing more, and the
 * command stops at its next file. Only src/cli/ turns `closed` into the exit
 * status (141, what a shell reports for a process killed by SIGPIPE).
 */
export class FdWriter {
  private broken = false;

  constructor(readonly fd: number) {}

  /** The reader went away: nothing more will be written. */
  get closed(): boolean {
    return this.broken;
  }

  /**
   * Writes all of `data` (a string in `encoding`, or bytes); false once the
   * reader has gone away. A latin1 string is written from the string itself
   * (one byte per character, no intermediate Buffer): readelf's output is
   * such a byte string.
   */
  write(data: string | Buffer, encoding: 'utf8' | 'latin1' = 'utf8'): boolean {
    if (this.broken) return false;
    if (typeof data === 'string' && encoding === 'latin1') return this.writeLatin1(data);
    const buf = typeof data === 'string' ? Buffer.from(data, encoding) : data;
    let off = 0;
    while (off < buf.length) {
      const n = this.attempt(() => writeSync(this.fd, buf, off, buf.length - off));
      if (n < 0) return false;
      off += n;
    }
    return true;
  }

  private writeLatin1(text: string): boolean {
    let rest = text;
    while (rest.length > 0) {
      const n = this.attempt(() => writeSync(this.fd, rest, null, 'latin1'));
      if (n < 0) return false;
      // latin1 is one byte per character: a short write leaves the string's tail.
      rest = n >= rest.length ? '' : rest.slice(n);
    }
    return true;
  }

  /** One write(2): bytes written, 0 to retry (EAGAIN on a non-blocking descriptor), -1 when the reader is gone. */
  private attempt(write: () => number): number {
    try {
      return write();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return 0;
      if (code === 'EPIPE') {
        this.broken = true;
        return -1;
      }
      throw e;
    }
  }
}

/** The process's standard output and error, shared by every command. */
export const stdoutWriter = new FdWriter(1);
export const stderrWriter = new FdWriter(2);

/** The exit status of a command whose reader closed its output early, as a shell reports SIGPIPE. */
export const CLOSED_OUTPUT_STATUS = 141;
