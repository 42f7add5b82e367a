import { createSha256 } from '../util/sha256.js';
import { compareRecords, makeBaseline, nameBytes, type Baseline, type BaselineHeader, type FileRecord } from './baseline.js';

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

/** A shard baseline as merge reads it: its header, and its records in the order `create` writes them (src/gate/baseline-file.ts BaselineFile is one). */
export interface ShardSource {
  readonly header: BaselineHeader;
  records(): Iterable<FileRecord>;
}

/** Why shard I (0-based) does not belong with shard 0, or undefined when it does. */
function mismatch(shards: readonly ShardSource[], i: number): string | undefined {
  const key = (h: BaselineHeader): string => JSON.stringify([h.schema, h.roots, h.pageSizes]);
  const [a, b] = [shards[0]!.header, shards[i]!.header];
  if (key(a) === key(b)) return undefined;
  return `baseline ${i + 1} records other directories or page sizes than baseline 1 (${JSON.stringify(b.roots)} vs ${JSON.stringify(a.roots)})`;
}

/**
 * Shard baselines of the same trees, merged as sorted lists: each record
 * goes to EMIT in the order one run writes, and only one record of each
 * shard is held (what `baseline merge` of a distribution can afford).
 * Throws a MergeError naming what does not fit: other roots or page sizes,
 * or a file in two shards. Returns how many records were emitted.
 */
export function mergeShards(shards: readonly ShardSource[], emit: (f: FileRecord) => void): number {
  if (shards.length === 0) throw new MergeError('no baseline to merge');
  for (let i = 1; i < shards.length; i++) {
    const why = mismatch(shards, i);
    if (why !== undefined) throw new MergeError(why);
  }
  type Head = { readonly record: FileRecord; readonly bytes: Buffer; readonly rest: Iterator<FileRecord> };
  const heads: Head[] = [];
  const pull = (rest: Iterator<FileRecord>) => {
    const r = rest.next();
    if (r.done !== true) heads.push({ record: r.value, bytes: nameBytes(r.value.path), rest });
  };
  for (const s of shards) pull(s.records()[Symbol.iterator]());
  const order = (a: Head, b: Head) => a.record.root - b.record.root || Buffer.compare(a.bytes, b.bytes);
  let n = 0;
  while (heads.length > 0) {
    // a CI matrix has a few shards: the smallest head by a scan
    let min = 0;
    for (let i = 1; i < heads.length; i++) {
      const c = order(heads[i]!, heads[min]!);
      if (c === 0) throw new MergeError(`${JSON.stringify(heads[i]!.record.path)} is in more than one baseline: shards of one run never overlap`);
      if (c < 0) min = i;
    }
    const h = heads[min]!;
    heads.splice(min, 1);
    emit(h.record);
    n++;
    pull(h.rest);
  }
  // a shard read from a pipe may have had its page sizes after its records
  for (let i = 1; i < shards.length; i++) {
    const why = mismatch(shards, i);
    if (why !== undefined) throw new MergeError(why);
  }
  return n;
}

/**
 * One baseline from shard baselines of the same trees (mergeShards, in
 * memory): the files of all of them, in the order one run writes.
 */
export function mergeBaselines(shards: readonly Baseline[]): Baseline {
  const files: FileRecord[] = [];
  mergeShards(
    shards.map((b) => ({ header: b, records: () => [...b.files].sort(compareRecords) })),
    (f) => files.push(f),
  );
  return makeBaseline(shards[0]!.roots, shards[0]!.pageSizes, files);
}
