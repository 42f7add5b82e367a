import { errnoCode, onSystemError } from '../io/errno.js';
import { lstatSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { decodeLossy, visibleBytes } from '../io/escape.js';
import type { RowName } from './format.js';

/**
 * Where checksec's paths come from: one `--file`, the lines of a
 * `--listfile`, or a walk of a `--dir`. Paths stay raw bytes (Buffers) from
 * the file system or the list to the open() call, so names that are not
 * UTF-8 still open; only their printed forms are escaped.
 */

export interface Target {
  /** The bytes handed to the file system. */
  readonly path: Buffer;
  readonly name: RowName;
}

export function target(path: Buffer): Target {
  return { path, name: { visible: visibleBytes(path), text: decodeLossy(path) } };
}

/**
 * The paths in a list file (or `-` for standard input), one per line, `\n`
 * separated; a last line without a newline counts (as in 2.6.0's
 * `read || [[ -n $p ]]`). Blank lines are skipped: they name no file.
 */
export function readListFile(list: Buffer | '-'): Target[] {
  const bytes = list === '-' ? readAllStdin() : readFileSync(list);
  const out: Target[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) out.push(target(Buffer.from(bytes.subarray(start, end))));
    start = end + 1;
  }
  return out;
}

function readAllStdin(): Buffer {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if (errnoCode(e) === 'EAGAIN') continue;
      if (errnoCode(e) === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/**
 * 2.6.0's handling of the `--dir` argument: a symlink is resolved
 * (`readlink -f`), trailing slashes are removed. Returns null when the
 * result is not a directory.
 */
export function resolveDirArgument(dir: Buffer): Buffer | null {
  let p = dir;
  try {
    if (lstatSync(p).isSymbolicLink()) p = realpathSync(p, { encoding: 'buffer' });
  } catch (e) {
    return onSystemError(e, null);
  }
  let end = p.length;
  while (end > 1 && p[end - 1] === 0x2f) end--;
  p = p.subarray(0, end);
  try {
    return statSync(p).isDirectory() ? Buffer.from(p) : null;
  } catch (e) {
    return onSystemError(e, null);
  }
}

export interface WalkProblem {
  readonly path: Buffer;
  readonly message: string;
}

/**
 * The regular files under `root`, as `find ROOT -type f` selects them:
 * symbolic links are never followed (neither to files nor to directories),
 * FIFOs, sockets and devices are never opened (lstat decides), and a
 * directory reached twice (a bind mount loop) is not walked again. Unlike
 * find, entries come in byte order of their names, so runs are repeatable.
 * Unreadable directories are reported through `problem` and skipped.
 */
export function walkDirectory(root: Buffer, problem: (p: WalkProblem) => void): Target[] {
  return Array.from(walkDirectoryLazily(root, problem));
}

/**
 * walkDirectory one file at a time, in the same order: only the stack of
 * directories being read is held (each directory's names), never the list
 * of files, so checksec --dir over /usr prints each row when it is known
 * and keeps no per-file object once its row is out.
 *
 * ORDER `path` sorts each directory's entries as if a directory's name
 * ended in '/', so the files come in byte order of their whole paths (a
 * file `a-b` before the directory `a`'s `a/x`, as '-' < '/'): the order a
 * baseline records, which `baseline create` can then write as it walks
 * instead of sorting every record first. `name` (the default) is byte order
 * of each name, directories visited in place.
 */
export function* walkDirectoryLazily(root: Buffer, problem: (p: WalkProblem) => void, order: 'name' | 'path' = 'name'): Generator<Target> {
  const seen = new Set<string>();
  const slash = Buffer.from('/');
  const join = (dir: Buffer, name: Buffer) =>
    dir.length > 0 && dir[dir.length - 1] === 0x2f ? Buffer.concat([dir, name]) : Buffer.concat([dir, slash, name]);

  /** What lstat says of one entry: a directory's stat (to walk it), 'file', 'other', or the problem to report where the entry comes. */
  type Kind = BigIntStats | 'file' | 'other' | WalkProblem;
  const kind = (p: Buffer): Kind => {
    try {
      const st = lstatSync(p, { bigint: true });
      return st.isDirectory() ? st : st.isFile() ? 'file' : 'other';
    } catch (e) {
      return { path: p, message: `cannot stat: ${errnoCode(e) ?? String(e)}` };
    }
  };
  const isDir = (k: Kind): k is BigIntStats => typeof k === 'object' && !('message' in k);

  function* entry(p: Buffer, k: Kind): Generator<Target> {
    if (k === 'file') yield target(p);
    else if (isDir(k)) yield* visit(p, k);
    else if (k !== 'other') problem(k);
    // symbolic links, FIFOs, sockets, devices: not files to check
  }

  function* visit(dir: Buffer, st: BigIntStats): Generator<Target> {
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    let names: Buffer[];
    try {
      names = readdirSync(dir, { encoding: 'buffer' });
    } catch (e) {
      problem({ path: dir, message: `cannot read directory: ${errnoCode(e) ?? String(e)}` });
      return;
    }
    if (order === 'name') {
      names.sort(Buffer.compare);
      for (const name of names) {
        const p = join(dir, name);
        yield* entry(p, kind(p));
      }
      return;
    }
    const entries = names.map((name) => {
      const p = join(dir, name);
      const k = kind(p);
      return { p, k, key: isDir(k) ? Buffer.concat([name, slash]) : name };
    });
    names = [];
    entries.sort((a, b) => Buffer.compare(a.key, b.key));
    for (const e of entries) yield* entry(e.p, e.k);
  }
  yield* visit(root, lstatSync(root, { bigint: true }));
}

/** True when the file at `path` itself (not a symlink's target) is set-user-ID or set-group-ID. */
export function isSetuid(path: Buffer): boolean {
  try {
    const st = lstatSync(path);
    return st.isFile() && (st.mode & 0o6000) !== 0 // S_ISUID | S_ISGID;
  } catch (e) {
    return onSystemError(e, false);
  }
}

/**
 * 2.6.0's RW- test for the CLI's RPATH/RUNPATH cells:
 * `xargs stat -c %A <<< "${entries[*]}" | grep -q rw` — the entries joined
 * by spaces and split again on blanks, each lstat'ed (relative to the
 * current directory), true when any permission string contains `rw`
 * (some class may both read and write: nearly every existing directory).
 */
export function anyPathReadWrite(entries: readonly string[]): boolean {
  const words = entries.join(' ').split(/[ \t\n]+/).filter((w) => w !== '');
  for (const w of words) {
    try {
      const m = lstatSync(Buffer.from(w, 'latin1')).mode;
      if ((m & 0o600) === 0o600 || (m & 0o060) === 0o060 || (m & 0o006) === 0o006) return true;
    } catch (e) {
      onSystemError(e, undefined); // stat failed: no output for this path
    }
  }
  return false;
}
