import { decodeLossy, encodeName } from '../io/escape.js';
import { resolveDirArgument, walkDirectory } from '../checksec/paths.js';
import { excludedBy, type IgnoreEntry, type Policy } from './policy.js';

/**
 * The files of the build trees: checksec --dir's walker (lstat first, no
 * symbolic link followed, no FIFO/socket/device opened, no directory
 * walked twice, names in byte order), each file named by its path relative
 * to its root.
 */

export interface TreeFile {
  readonly root: number;
  /** Relative to the root, `/`-separated; encodeName's text (bytes that are not UTF-8 as `\xHH`, a backslash as `\\`). */
  readonly path: string;
  /** The same, as the file system's bytes (for URIs). */
  readonly pathBytes: Buffer;
  /** What to open. */
  readonly fsPath: Buffer;
}

export interface TreeProblem {
  /** The path as given (a root) or found under it, for one line of output. */
  readonly path: string;
  readonly message: string;
}

export interface Tree {
  readonly files: readonly TreeFile[];
  /** Paths a policy ignore entry (without `rules`) takes out of the gate. */
  readonly excluded: readonly { readonly root: number; readonly path: string; readonly entry: IgnoreEntry }[];
  /** Roots that are not directories, directories that could not be read, entries that could not be stat'ed. */
  readonly problems: readonly TreeProblem[];
}

function relative(root: Buffer, p: Buffer): Buffer {
  const skip = root.length > 0 && root[root.length - 1] === 0x2f ? root.length : root.length + 1;
  return p.subarray(skip);
}

/** Walks every root; a root that is not a directory is a problem, as is anything unreadable inside one. */
export function walkTrees(roots: readonly string[], policy: Policy): Tree {
  const files: TreeFile[] = [];
  const excluded: { root: number; path: string; entry: IgnoreEntry }[] = [];
  const problems: TreeProblem[] = [];
  roots.forEach((rootArg, root) => {
    const dir = resolveDirArgument(Buffer.from(rootArg));
    if (dir === null) {
      problems.push({ path: rootArg, message: 'not a directory (or does not exist)' });
      return;
    }
    const found = walkDirectory(dir, (p) => {
      const rel = encodeName(relative(dir, p.path));
      // an unreadable directory that the policy takes out of the gate is no problem
      if (rel !== '' && excludedBy(policy, rel) !== undefined) return;
      problems.push({ path: decodeLossy(p.path), message: p.message });
    });
    for (const t of found) {
      const bytes = Buffer.from(relative(dir, t.path));
      const path = encodeName(bytes);
      const entry = excludedBy(policy, path);
      if (entry !== undefined) excluded.push({ root, path, entry });
      else files.push({ root, path, pathBytes: bytes, fsPath: t.path });
    }
  });
  return { files, excluded, problems };
}
