import { closeSync, constants, fchmodSync, openSync, type Stats, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errnoCode } from './errno.js';

/**
 * The one writer for `--output FILE` and `--report FORMAT=FILE`:
 *
 * - a symbolic link is resolved and its target written (the link stays);
 * - a regular file (or a name that does not exist yet) is written
 *   atomically: a temporary file in the target's directory, renamed over it
 *   once complete, with the mode the target had (a new file gets the
 *   umask's);
 * - a FIFO, a character device or anything else that is not a regular file
 *   is opened and written in place (replacing a FIFO with a file would
 *   leave its reader waiting forever).
 *
 * `-` (standard output) is the caller's: it never reaches here.
 */
export interface OutputFile {
  write(text: string | Buffer): void;
  /** Makes the written text the file's contents. */
  commit(): void;
  /** Leaves the target as it was (removes the temporary file). */
  abort(): void;
}

/** Where FILE's bytes go: a symlink's final target, or FILE itself when it does not exist. */
function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
    return file; // a new file, or a dangling link (written as a new file at its own name)
  }
}

export function openOutputFile(file: string): OutputFile {
  const target = resolveTarget(file);
  let st: Stats | undefined;
  try {
    st = statSync(target);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
  }
  if (st !== undefined && !st.isFile()) {
    // FIFO, character device, socket: written in place, never replaced
    const fd = openSync(target, constants.O_WRONLY);
    return {
      write: (t) => writeAll(fd, t),
      commit: () => closeSync(fd),
      abort: () => closeSync(fd),
    };
  }
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write: (t) => writeAll(fd, t),
    commit: () => {
      try {
        if (st !== undefined) fchmodSync(fd, st.mode & 0o7777); // a new file keeps the umask's mode from open
        close();
        renameSync(tmp, target);
      } catch (e) {
        close();
        rmSync(tmp, { force: true });
        throw e;
      }
    },
    abort: () => {
      close();
      rmSync(tmp, { force: true });
    },
  };
}

function writeAll(fd: number, t: string | Buffer): void {
  const buf = typeof t === 'string' ? Buffer.from(t, 'utf8') : t;
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}

/** Writes TEXT to FILE as openOutputFile describes; on an error the target is left as it was. */
export function writeOutputFile(file: string, text: string): void {
  const out = openOutputFile(file);
  try {
    out.write(text);
  } catch (e) {
    out.abort();
    throw e;
  }
  out.commit();
}
