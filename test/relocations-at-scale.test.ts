/**
 * Relocation tables at the sizes real libraries have (libLLVM: about a
 * million) and at the sizes an attacker can make: the model streams each
 * table once into page counts, so memory is bounded by the pages written,
 * whatever the number of relocations. Memory limits are checked the honest
 * way: the command runs in a child process under a small V8 heap
 * (--max-old-space-size) and must succeed with the right answer; nothing is
 * timed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, writeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openElf } from '../src/index.js';
import { layoutFacts } from '../src/memory/facts.js';
import { estimateMemory } from '../src/memory/model.js';
import { runCreate } from '../src/cli/baseline.js';
import { CaptureOutput } from '../src/io/output.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';
import { dataAddress, relativeRelocations, writeRelocationImage } from './helpers/relocation-image.js';

/** At least a million: 2^20 relocations fill 8 MiB of pointers, 2,048 pages of 512. */
const MILLION = 1 << 20;
const HEAP_MB = 128;
const haveDist = existsSync('dist/cli/main.js');
let dir = '';

function facts(path: string) {
  const elf = openElf(path);
  try {
    return layoutFacts(elf, path);
  } finally {
    elf.close();
  }
}

/** Runs the CLI under a small V8 heap: it must finish within it (no timing). */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, 'bin/elfaudit.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'elfaudit-relocs-'));
  // 1,048,576 R_X86_64_RELATIVE relocations over 8 MiB of pointers: 2,048 pages, 512 relocations a page.
  writeRelocationImage(join(dir, 'libmillion.so'), relativeRelocations(MILLION, 8 << 20));
  mkdirSync(join(dir, 'tree'));
  copyFileSync(join(dir, 'libmillion.so'), join(dir, 'tree', 'libmillion.so'));
  writeRelocationImage(join(dir, 'libmillion2.so'), relativeRelocations(MILLION, 4 << 20));

  // A RELA bomb: the RW LOAD stretched over a sparse gigabyte holding the
  // table: 44.7M all-zero Elf64_Rela entries (R_X86_64_NONE), a few KiB on disk.
  const GiB = 1 << 30;
  writeRelocationImage(join(dir, 'rela-bomb.so'), { format: 'rela', tableSize: GiB - (GiB % 24), dataSize: GiB, tableInData: true });

  // A RELR bomb: 8 MiB of (address, all-ones bitmap) pairs: 524,288 pairs of
  // 64 relocations each, 33,554,432 in all, every one in the same page.
  const relrSize = 8 << 20;
  const at = dataAddress({ tableSize: relrSize });
  writeRelocationImage(join(dir, 'relr-bomb.so'), {
    format: 'relr',
    tableSize: relrSize,
    dataSize: 4096,
    fill: (chunk) => {
      for (let o = 0; o < chunk.length; o += 16) {
        chunk.writeBigUInt64LE(BigInt(at), o);
        chunk.writeBigUInt64LE(2n ** 64n - 1n, o + 8);
      }
    },
  });

  // A table that runs past its segment: DT_RELASZ patched to twice the table.
  writeRelocationImage(join(dir, 'rela-outside.so'), relativeRelocations(1000, 8192));
  const fd = openSync(join(dir, 'rela-outside.so'), 'r+');
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(48000n);
  writeSync(fd, b, 0, 8, 512 + 16 + 8); // the DT_RELASZ entry's value
  closeSync(fd);
}, HEAVY_TIMEOUT);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('a library with a million relocations', () => {
  it('is read into page counts: every relocation counted, one entry per page written', () => {
    const f = facts(join(dir, 'libmillion.so'));
    expect(f.relocations.total).toBe(MILLION);
    expect(f.relocations.entries).toHaveLength(2048);
    expect(f.relocations.entries.reduce((n, [, c]) => n + c, 0)).toBe(MILLION);
    const e = estimateMemory(f, 4096, 'glibc');
    expect(e.dirtyPages).toBe(2048);
  });

  // Heavy: each case starts the CLI as a whole process over a 32 MB library.
  describe.skipIf(!haveDist)(`every command that reads relocations succeeds within a ${HEAP_MB} MB heap`, { timeout: HEAVY_TIMEOUT }, () => {
    it('memory', () => {
      const r = cli(['memory', join(dir, 'libmillion.so')]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('8193 pages mapped'); // 6,145 of headers and table, 2,048 of data
      expect(r.stdout).toContain('2048 dirty pages per process');
    });
    it('diff', () => {
      const r = cli(['diff', join(dir, 'libmillion.so'), join(dir, 'libmillion2.so')]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/dirty pages 2048 → 1024 \(-1024\)/);
    });
    it('audit', () => {
      const r = cli(['audit', '--format', 'json', join(dir, 'libmillion.so')]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).files[0].checks.relro.verdict).toBe('none');
    });
    it('baseline create and check', () => {
      const base = join(dir, 'base.json');
      const c = cli(['baseline', 'create', join(dir, 'tree'), '--output', base]);
      expect(c.status, c.stderr).toBe(0);
      const k = cli(['baseline', 'check', join(dir, 'tree'), '--baseline', base]);
      expect(k.status, k.stderr + k.stdout).toBe(0);
    });
  });
});

describe('relocation bombs end with the right answer within the heap limit', () => {
  it('a RELA table of 44.7M R_X86_64_NONE entries over a sparse gigabyte writes nothing', () => {
    const f = facts(join(dir, 'rela-bomb.so'));
    expect(f.relocations.total).toBe(0);
    expect(f.relocations.entries).toEqual([]);
    expect(estimateMemory(f, 4096, 'glibc').dirtyPages).toBe(0);
  }, HEAVY_TIMEOUT);

  it('a RELR table naming 33.5M relocations writes one page', () => {
    const f = facts(join(dir, 'relr-bomb.so'));
    expect(f.relocations.total).toBe(524288 * 64);
    expect(f.relocations.entries).toEqual([[BigInt(dataAddress({ tableSize: 8 << 20 })), 524288 * 64]]);
    expect(estimateMemory(f, 4096, 'glibc').dirtyPages).toBe(1);
  }, HEAVY_TIMEOUT);

  // Heavy: the CLI in a child process with a small heap, over the two bombs.
  it.skipIf(!haveDist)(`memory and diff on the bombs, in a child with a ${HEAP_MB} MB heap`, () => {
    const m = cli(['memory', join(dir, 'rela-bomb.so'), join(dir, 'relr-bomb.so')]);
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('0 dirty pages per process');
    expect(m.stdout).toContain('33554432 relocations');
    const d = cli(['diff', join(dir, 'rela-bomb.so'), join(dir, 'relr-bomb.so')]);
    expect(d.status, d.stderr).toBe(0);
  }, HEAVY_TIMEOUT);

  it('a table that runs outside its segment is a problem with the numbers, not a crash', () => {
    const f = facts(join(dir, 'rela-outside.so'));
    expect(f.relocations.total).toBe(0);
    expect(f.problems).toEqual(['DT_RELA table [0x1000, 0xcb80) (48000 bytes) is not inside the file part of one PT_LOAD: not read']);
    expect(estimateMemory(f, 4096, 'glibc').notes).toContain(`not read: ${f.problems[0]}`);
  });
});

describe('an internal error in the gate', () => {
  it('is one line and exit 2 ("could not look"), never 1 ("findings")', () => {
    const io = new CaptureOutput();
    const broken = {
      out: () => {
        throw new TypeError('the writer broke');
      },
      err: (t: string) => io.err(t),
    };
    const status = runCreate([join(dir, 'tree')], { output: '-' }, broken);
    expect(status).toBe(2);
    expect(io.stderr).toBe('elfaudit baseline create: internal error: TypeError: the writer broke (a bug in elfaudit; ELFAUDIT_DEBUG=1 shows the stack)\n');
  });
});
