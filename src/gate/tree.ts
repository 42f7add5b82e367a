import { decodeLossy, encodeName } from '../io/escape.js';
import { resolveDirArgument, walkDirectoryLazily } from '../checksec/paths.js';
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
  for (const t of eachTreeFile(roots, policy, { problem: (p) => problems.push(p), excluded: (e) => excluded.push(e) }, 'name')) files.push(t);
  return { files, excluded, problems };
}

/** What a walk reports besides the files: each problem and each path the policy excludes, as found. */
export interface TreeWalkSink {
  /** ROOT and PATH_BYTES (relative to the root; empty for the root itself) place the problem in the walk's order (compareWalkOrder). */
  problem(p: TreeProblem, root: number, pathBytes: Buffer): void;
  excluded(e: { readonly root: number; readonly path: string; readonly entry: IgnoreEntry }): void;
}

/**
 * walkTrees a file at a time: only the directories being read are held.
 * ORDER `path` gives the files of each root in byte order of their paths
 * (src/checksec/paths.ts walkDirectoryLazily), the order of a baseline's
 * records; `name` is walkTrees's order (each directory's names in byte
 * order, subdirectories in place).
 */
export function* eachTreeFile(roots: readonly string[], policy: Policy, sink: TreeWalkSink, order: 'name' | 'path'): Generator<TreeFile> {
  for (const [root, rootArg] of roots.entries()) {
    const dir = resolveDirArgument(Buffer.from(rootArg));
    if (dir === null) {
      sink.problem({ path: rootArg, message: 'not a directory (or does not exist)' }, root, Buffer.alloc(0));
      continue;
    }
    const found = walkDirectoryLazily(
      dir,
      (p) => {
        const bytes = relative(dir, p.path);
        const rel = encodeName(bytes);
        // an unreadable directory that the policy takes out of the gate is no problem
        if (rel !== '' && excludedBy(policy, rel) !== undefined) return;
        sink.problem({ path: decodeLossy(p.path), message: p.message }, root, Buffer.from(bytes));
      },
      order,
    );
    for (const t of found) {
      const bytes = Buffer.from(relative(dir, t.path));
      const path = encodeName(bytes);
      const entry = excludedBy(policy, path);
      if (entry !== undefined) sink.excluded({ root, path, entry });
      else yield { root, path, pathBytes: bytes, fsPath: t.path };
    }
  }
}

/**
 * walkTrees's order (`name`): by root, then as a walk that visits each
 * directory's names in byte order meets them — segment by segment, so
 * `lib/a.so` (in the directory `lib`) comes before `lib-x.so`, where path
 * order (`path`, the baseline's) puts it after ('-' < '/'). A path that is
 * a directory's comes before what is inside it.
 */
export function compareWalkOrder(aRoot: number, a: Buffer, bRoot: number, b: Buffer): number {
  if (aRoot !== bRoot) return aRoot - bRoot;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === n) return a.length - b.length;
  // the segment that ends first is a prefix of the other's, and sorts first
  if (a[i] === 0x2f) return -1;
  if (b[i] === 0x2f) return 1;
  return a[i]! - b[i]!;
}
