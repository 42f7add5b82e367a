/**
 * `baseline create --shard I/N` records one deterministic shard of the
 * files; `baseline merge` joins the shards into the bytes one unsharded run
 * writes (docs/speed.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { inShard, parseShard } from '../src/gate/shard.js';
import { CaptureOutput } from '../src/io/output.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const trees = ['samples/x86_64', 'samples/aarch64'];

function run(args: string[]): { status: number; stderr: string } {
  const io = new CaptureOutput();
  const status = baselineMain(args, io);
  return { status, stderr: io.stderr };
}

function filesOf(file: string): string[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { files: { path: string }[] }).files.map((f) => f.path);
}

describe('sharded baselines', () => {
  // records the sample trees four times, in-process
  it('merge of the shards is byte for byte the unsharded baseline', () => {
    const whole = join(dir, 'whole.json');
    expect(run(['create', '-o', whole, ...trees]).status).toBe(0);
    const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}.json`));
    shards.forEach((s, i) => expect(run(['create', '--shard', `${i + 1}/3`, '-o', s, ...trees]).status).toBe(0));
    // every shard holds some files and none holds them all: the split is real
    const counts = shards.map((s) => filesOf(s).length);
    expect(counts.every((n) => n > 0 && n < filesOf(whole).length)).toBe(true);
    const merged = join(dir, 'merged.json');
    expect(run(['merge', '-o', merged, shards[2]!, shards[0]!, shards[1]!])).toEqual({
      status: 0,
      stderr: `elfaudit baseline merge: ${merged}: ${filesOf(whole).length} ELF files from 3 baselines\n`,
    });
    expect(readFileSync(merged).equals(readFileSync(whole))).toBe(true);
  });

  it('puts each file in exactly one shard', () => {
    for (let n = 1; n <= 5; n++) {
      for (const path of ['a', 'lib/libc.so.6', 'usr/bin/ls', 'x/y/z']) {
        const owners = Array.from({ length: n }, (_, i) => inShard(0, path, { index: i + 1, count: n })).filter(Boolean);
        expect(owners.length).toBe(1);
      }
    }
  });

  it('refuses a file that two shards recorded, and a bad --shard', () => {
    const a = join(dir, 'dup.json');
    expect(run(['create', '--shard', '1/1', '-o', a, trees[0]!]).status).toBe(0);
    const r = run(['merge', '-o', join(dir, 'never.json'), a, a]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^elfaudit baseline merge: ".*" is in more than one baseline/);
    expect(parseShard('0/3')).toBeUndefined();
    expect(parseShard('4/3')).toBeUndefined();
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(run(['create', '--shard', '3', '-o', join(dir, 'never.json'), trees[0]!])).toEqual({
      status: 2,
      stderr: 'elfaudit baseline create: --shard 3: not I/N with 1 <= I <= N\n',
    });
  });

  it('refuses shards of other directories', () => {
    const a = join(dir, 'x.json');
    const b = join(dir, 'y.json');
    expect(run(['create', '--shard', '1/2', '-o', a, trees[0]!]).status).toBe(0);
    expect(run(['create', '--shard', '2/2', '-o', b, trees[1]!]).status).toBe(0);
    const r = run(['merge', '-o', join(dir, 'never.json'), a, b]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('baseline 2 records other directories or page sizes than baseline 1');
  });
});
