import { readFileSync } from 'node:fs';
import { probeElf } from '../elf/probe.js';
import { isElfFormatError } from '../elf/errors.js';
import { walkTrees, type TreeProblem } from '../gate/tree.js';
import { DEFAULT_POLICY } from '../gate/policy.js';
import { layoutFacts, type LayoutFacts } from '../memory/facts.js';
import { defaultLoader, estimateMemory, type MemoryCounts } from '../memory/model.js';
import { errnoMessage } from '../io/errno.js';
import { diffLayouts, type DiffOptions, type DiffResult } from './diff.js';

/**
 * `elfaudit diff OLD_DIR NEW_DIR`: two build trees, their ELF files paired
 * by path relative to each root (walked as checksec --dir walks: no
 * symbolic link followed, names in byte order), then a file removed from
 * one path and one added at another with the same DT_SONAME paired as a
 * rename. Each pair whose bytes differ gets the whole `diffLayouts`
 * answer; totals add every file's per-process change, so they say what a
 * process that maps all of them pays (added files count in full, removed
 * ones as savings).
 */

export type TreeFileStatus = 'changed' | 'renamed' | 'unchanged' | 'added' | 'removed';

export interface TreeFileDiff {
  /** Relative to the new root (the old root for a removed file). */
  readonly path: string;
  /** Relative to the old root, when it differs from `path` (a rename). */
  readonly oldPath?: string;
  readonly status: TreeFileStatus;
  /** The SONAME a rename was paired by. */
  readonly soname?: string;
  /** Changed and renamed pairs: the layout diff. */
  readonly diff?: DiffResult;
}

export interface TreeTotal extends MemoryCounts {
  readonly pageSize: number;
  /** Files that could not load at this page size, so are left out of the sum. */
  readonly unloadable: number;
}

export interface TreeDiff {
  readonly oldRoot: string;
  readonly newRoot: string;
  readonly files: readonly TreeFileDiff[];
  readonly totals: readonly TreeTotal[];
  readonly counts: Readonly<Record<TreeFileStatus, number>>;
}

export class TreeDiffError extends Error {
  override readonly name = 'TreeDiffError';
  constructor(readonly problems: readonly TreeProblem[]) {
    super(`${problems.length} path${problems.length === 1 ? '' : 's'} could not be read`);
  }
}

interface Side {
  readonly path: string;
  readonly fsPath: Buffer;
  readonly facts: LayoutFacts;
}

function failure(e: unknown): string {
  return isElfFormatError(e) ? `${e.message} (at offset 0x${e.offset.toString(16)})` : errnoMessage(e);
}

function readSide(fsPath: Buffer, path: string, display: string, problems: TreeProblem[]): Side | undefined {
  let probe;
  try {
    probe = probeElf(fsPath, display);
  } catch (e) {
    problems.push({ path: display, message: failure(e) });
    return undefined;
  }
  if (probe.kind !== 'elf') return undefined; // not ELF (or replaced by a FIFO): not part of the comparison
  try {
    return { path, fsPath, facts: layoutFacts(probe.file, display, { abi: true }) };
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    problems.push({ path: display, message: failure(e) });
    return undefined;
  } finally {
    probe.file.close();
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return readFileSync(a).equals(readFileSync(b));
}

/** Compares two trees. Throws TreeDiffError (one problem per path) when anything under them cannot be read. */
export function diffTrees(oldRoot: string, newRoot: string, opts: DiffOptions = {}): TreeDiff {
  const tree = walkTrees([oldRoot, newRoot], DEFAULT_POLICY);
  const problems: TreeProblem[] = [...tree.problems];
  const sides: Map<string, Side>[] = [new Map(), new Map()];
  const roots = [oldRoot, newRoot];
  for (const t of tree.files) {
    const display = `${roots[t.root]!.replace(/\/+$/, '')}/${t.path}`;
    const s = readSide(t.fsPath, t.path, display, problems);
    if (s !== undefined) sides[t.root]!.set(t.path, s);
  }
  if (problems.length > 0) throw new TreeDiffError(problems);
  const [olds, news] = sides as [Map<string, Side>, Map<string, Side>];

  const files: TreeFileDiff[] = [];
  const pairs: { o: Side; n: Side; soname?: string }[] = [];
  const added: Side[] = [];
  for (const n of news.values()) {
    const o = olds.get(n.path);
    if (o !== undefined) pairs.push({ o, n });
    else added.push(n);
  }
  let removed = [...olds.values()].filter((o) => !news.has(o.path));
  // a library renamed keeps its SONAME: pair one removed with one added file that has the same
  const stillAdded: Side[] = [];
  for (const n of added) {
    const so = n.facts.soname;
    const o = so === undefined ? undefined : removed.find((r) => r.facts.soname === so);
    if (o === undefined) {
      stillAdded.push(n);
      continue;
    }
    removed = removed.filter((r) => r !== o);
    pairs.push({ o, n, soname: so! });
  }
  const totals = new Map<number, { mappedPages: number; vmas: number; dirtyPages: number; unloadable: number }>();
  const total = (p: number) => {
    const t = totals.get(p) ?? { mappedPages: 0, vmas: 0, dirtyPages: 0, unloadable: 0 };
    totals.set(p, t);
    return t;
  };
  for (const { o, n, soname } of pairs) {
    const renamed = o.path !== n.path;
    if (!renamed && sameBytes(o.fsPath, n.fsPath)) {
      files.push({ path: n.path, status: 'unchanged' });
      continue;
    }
    const diff = diffLayouts(o.facts, n.facts, opts);
    for (const m of diff.memory) {
      const t = total(m.pageSize);
      if (m.delta === undefined) t.unloadable++;
      else {
        t.mappedPages += m.delta.mappedPages;
        t.vmas += m.delta.vmas;
        t.dirtyPages += m.delta.dirtyPages;
      }
    }
    files.push({ path: n.path, ...(renamed ? { oldPath: o.path, soname: soname! } : {}), status: renamed ? 'renamed' : 'changed', diff });
  }
  // whole files added or removed, at the page sizes the pairs were compared at (4 KiB when there were none)
  const sizes = totals.size > 0 ? [...totals.keys()] : [4096];
  for (const [list, sign, status] of [
    [stillAdded, 1, 'added'],
    [removed, -1, 'removed'],
  ] as const) {
    for (const s of list) {
      files.push({ path: s.path, status });
      for (const p of sizes) {
        const e = estimateMemory(s.facts, p, opts.loader ?? defaultLoader(s.facts));
        const t = total(p);
        if (!e.loadable) t.unloadable++;
        else {
          t.mappedPages += sign * e.mappedPages;
          t.vmas += sign * e.vmas;
          t.dirtyPages += sign * e.dirtyPages;
        }
      }
    }
  }
  files.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const counts = { changed: 0, renamed: 0, unchanged: 0, added: 0, removed: 0 };
  for (const f of files) counts[f.status]++;
  return {
    oldRoot,
    newRoot,
    files,
    totals: [...totals.entries()].sort((a, b) => a[0] - b[0]).map(([pageSize, t]) => ({ pageSize, ...t })),
    counts,
  };
}
