import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readListFile, resolveDirArgument, walkDirectory } from '../checksec/paths.js';
import { ELFMAG } from '../elf/constants.js';
import { errnoMessage, onSystemError } from '../io/errno.js';
import { decodeLossy, visibleBytes } from '../io/escape.js';

/**
 * The files a command over many binaries (`audit`, `memory`) works on: its
 * FILE|DIR arguments and, with `--listfile F|-`, the lines of a list (or
 * standard input). A directory is walked by checksec --dir's walker
 * (src/checksec/paths.ts: lstat first, no symbolic link followed, no FIFO
 * or device opened, names in byte order) and contributes its ELF files;
 * its other files are counted, not reported. A path named directly is
 * always handed to the command, so a file that is not ELF says so.
 */

export interface Inputs {
  /** The paths, as the file system's bytes, in argument order (a directory's files in walk order). */
  readonly paths: readonly Buffer[];
  /**
   * For each of `paths`, whether the stat that looked for a directory
   * found a regular file (a path named directly), so that a command need
   * not stat it again before it opens it.
   */
  readonly regularFile: readonly boolean[];
  /** Files under the directories without the ELF magic: skipped. */
  readonly skipped: number;
  /** One line each (without a prefix): unreadable directories, a list file that cannot be read. */
  readonly problems: readonly string[];
}

function hasElfMagic(path: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    // unreadable: handed on, and the command's own open says why
    return onSystemError(e, true);
  }
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.equals(ELFMAG);
  } finally {
    closeSync(fd);
  }
}

/** Whether PATH names a directory (a path that cannot be stat'ed is not one: the command reading it says why). */
export function isDirectory(path: Buffer | string): boolean {
  return fileKind(path) === 'directory';
}

/** What stat(2) says PATH is: a directory, a regular file, or something else (or nothing it can stat). */
function fileKind(path: Buffer | string): 'directory' | 'regular' | 'other' {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'directory' : st.isFile() ? 'regular' : 'other';
  } catch (e) {
    // a path that cannot be stat'ed is handed on as a file: the command reports it
    return onSystemError(e, 'other');
  }
}

export function expandInputs(args: readonly string[], listfile: string | undefined): Inputs {
  const paths: Buffer[] = [];
  const regularFile: boolean[] = [];
  const problems: string[] = [];
  let skipped = 0;
  const named: Buffer[] = args.map((a) => Buffer.from(a));
  if (listfile !== undefined) {
    try {
      for (const t of readListFile(listfile === '-' ? '-' : Buffer.from(listfile))) named.push(t.path);
    } catch (e) {
      problems.push(`--listfile ${listfile}: cannot read: ${errnoMessage(e)}`);
    }
  }
  for (const p of named) {
    const kind = fileKind(p);
    if (kind !== 'directory') {
      paths.push(p);
      regularFile.push(kind === 'regular');
      continue;
    }
    const dir = resolveDirArgument(p);
    if (dir === null) {
      problems.push(`${visibleBytes(p)}: not a directory`);
      continue;
    }
    for (const t of walkDirectory(dir, (w) => problems.push(`${visibleBytes(w.path)}: ${w.message}`))) {
      if (hasElfMagic(t.path)) {
        paths.push(t.path);
        regularFile.push(false);
      } else skipped++;
    }
  }
  return { paths, regularFile, skipped, problems };
}

/** A path as the commands' reports name it (lossy text where the name is not UTF-8). */
export function pathText(p: Buffer): string {
  return decodeLossy(p);
}
