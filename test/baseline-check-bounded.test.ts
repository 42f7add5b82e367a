/**
 * baseline check and baseline merge read a baseline a record at a time
 * (src/gate/baseline-file.ts): check walks the tree in the baseline's order
 * beside it, merge merges the shards as sorted lists, and neither holds the
 * baseline. Tested the honest way, as test/baseline-bounded.test.ts tests
 * create: the CLI runs in a child under a V8 heap far smaller than the
 * baseline (400 records of 229 KB: 90 MB of JSON, which as one string alone
 * would not fit), and must print what the same check prints in this
 * process, and merge must write the unsharded baseline's bytes. Before,
 * both read the whole document and died of heap exhaustion there.
 *
 * The baseline is made by streaming: one library's record, formatted by
 * BaselineWriter under 400 paths (hard links to the library in the tree),
 * so it takes seconds instead of a create over 400 files.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { BaselineWriter, type FileRecord } from '../src/gate/baseline.js';
import { createBaseline } from '../src/gate/check.js';
import { inShard } from '../src/gate/shard.js';
import { CaptureOutput } from '../src/io/output.js';
import { DEFAULT_PAGE_SIZES } from '../src/memory/model.js';
import { buildDynImage } from './helpers/checksec-images.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const HEAP_MB = 24;
const RECORDS = 400;
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-check-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const library = (exports: number) =>
  buildDynImage({ bits: 64, dynsym: Array.from({ length: exports }, (_, i) => ({ name: `exported_function_with_a_long_name_${i}`, type: 2, shndx: 7, value: BigInt(0x100 + i) })) });

/** The record of LIB as create writes it (from a tree of that one file). */
function recordOf(lib: Buffer): FileRecord {
  const one = join(dir, 'one');
  mkdirSync(one);
  writeFileSync(join(one, 'lib.so'), lib);
  const [record] = createBaseline([one]).baseline.files;
  rmSync(one, { recursive: true });
  return record!;
}

/** Writes a baseline of ROOT with RECORD under each of PATHS (in path order), a record at a time. */
function writeBaseline(file: string, root: string, record: FileRecord, paths: readonly string[]): void {
  const fd = openSync(file, 'w');
  try {
    const w = new BaselineWriter((t) => writeSync(fd, t), [root], DEFAULT_PAGE_SIZES);
    for (const path of paths) w.file({ ...record, path });
    w.end();
  } finally {
    closeSync(fd);
  }
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function child(args: string[]) {
  return spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, 'bin/elfaudit.js', 'baseline', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

// Heavy: writes a 90 MB baseline and its shards, and runs check and merge in children.
describe.skipIf(!existsSync('dist/cli/main.js'))('baseline check and merge of a baseline far larger than their heap (needs dist/)', { timeout: HEAVY_TIMEOUT }, () => {
  const lib = library(3000);
  const record = recordOf(lib);
  // whole paths in byte order; the walk by names would visit lib/… before lib-a/… and lib0/…
  const paths = Array.from({ length: RECORDS }, (_, i) => `${['lib', 'lib-a', 'lib/sub', 'lib0'][i % 4]}/f${String(i).padStart(3, '0')}.so`).sort((a, b) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  const tree = join(dir, 'out');
  const base = join(dir, 'baseline.json');
  const [removed, changed] = [paths[7]!, paths[200]!];
  expect(removed < 'lib-new.so').toBe(true); // findings come in path order

  it(`check: the findings of a 90 MB baseline within a ${HEAP_MB} MB heap`, () => {
    writeBaseline(base, tree, record, paths);
    expect(readFileSync(base).length).toBeGreaterThan(80e6);
    const master = join(dir, 'lib.so');
    writeFileSync(master, lib);
    for (const p of paths) {
      if (p === removed) continue;
      mkdirSync(join(tree, p, '..'), { recursive: true });
      if (p === changed) writeFileSync(join(tree, p), library(2999)); // one export fewer: symbol-removed
      else linkSync(master, join(tree, p));
    }
    linkSync(master, join(tree, 'lib-new.so'));

    const r = child(['check', '-b', base, tree, '--format', 'json']);
    expect(r.signal, r.stderr.slice(0, 400)).toBeNull();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const io = new CaptureOutput();
    expect(baselineMain(['check', '-b', base, tree, '--format', 'json'], io)).toBe(1);
    expect(r.stdout).toBe(io.stdout);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.files).toEqual({ baseline: RECORDS, current: RECORDS, unchanged: RECORDS - 2, changed: 1, added: 1, removed: 1, excluded: 0 });
    expect(doc.violations.map((v: { path: string; rule: string }) => [v.path, v.rule])).toEqual([[changed, 'symbol-removed']]);
    expect(doc.allowed.map((v: { path: string; rule: string }) => [v.path, v.rule])).toEqual([
      [removed, 'file-removed'],
      ['lib-new.so', 'file-added'],
    ]);
  });

  it(`merge: the unsharded baseline's bytes from three shards within a ${HEAP_MB} MB heap`, () => {
    const shards = [1, 2, 3].map((index) => {
      const file = join(dir, `shard-${index}.json`);
      writeBaseline(file, tree, record, paths.filter((p) => inShard(0, p, { index, count: 3 })));
      return file;
    });
    const merged = join(dir, 'merged.json');
    const r = child(['merge', '-o', merged, shards[2]!, shards[0]!, shards[1]!]);
    expect(r.signal, r.stderr.slice(0, 400)).toBeNull();
    expect(r.stderr).toBe(`elfaudit baseline merge: ${merged}: ${RECORDS} ELF files from 3 baselines\n`);
    expect(r.status).toBe(0);
    expect(sha256(merged)).toBe(sha256(base));
  });
});
