import { createSha256 } from '../util/sha256.js';
import { makeBaseline, type Baseline, type FileRecord } from './baseline.js';

/**
 * A distribution-sized `baseline create` is sharded, not threaded: N jobs
 * (a CI matrix) each record the files of one deterministic shard, and
 * `baseline merge` joins their baselines into the bytes one run would have
 * written. A file's shard comes from a hash of its root index and path, so
 * every job agrees without talking to the others and a shard's share does
 * not depend on the order of the walk.
 */
export interface Shard {
  /** 1-based: the I of `--shard I/N`. */
  readonly index: number;
  readonly count: number;
}

/** `I/N` with 1 ≤ I ≤ N; undefined when the text is not one. */
export function parseShard(text: string): Shard | undefined {
  const m = /^([1-9][0-9]{0,5})\/([1-9][0-9]{0,5})$/.exec(text);
  if (m === null) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index <= count ? { index, count } : undefined;
}

/** Whether the file PATH under root number ROOT belongs to SHARD. */
export function inShard(root: number, path: string, shard: Shard): boolean {
  const digest = createSha256().update(`${root}\0${path}`).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}

/** Shard baselines that are not of one run. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

/**
 * One baseline from shard baselines of the same trees: the files of all of
 * them, in the order one run writes. Throws an Error naming what does not
 * fit (a MergeError): other roots or page sizes, or a file in two shards.
 */
export function mergeBaselines(shards: readonly Baseline[]): Baseline {
  const first = shards[0];
  if (first === undefined) throw new MergeError('no baseline to merge');
  const key = (b: Baseline): string => JSON.stringify([b.schema, b.roots, b.pageSizes]);
  const files: FileRecord[] = [];
  const seen = new Set<string>();
  for (const [i, b] of shards.entries()) {
    if (key(b) !== key(first)) {
      throw new MergeError(`baseline ${i + 1} records other directories or page sizes than baseline 1 (${JSON.stringify(b.roots)} vs ${JSON.stringify(first.roots)})`);
    }
    for (const f of b.files) {
      const k = `${f.root}\0${f.path}`;
      if (seen.has(k)) throw new MergeError(`${JSON.stringify(f.path)} is in more than one baseline: shards of one run never overlap`);
      seen.add(k);
      files.push(f);
    }
  }
  return makeBaseline(first.roots, first.pageSizes, files);
}
