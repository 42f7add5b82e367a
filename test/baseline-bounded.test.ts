/**
 * baseline create streams: the walk gives the files in the baseline's
 * order (each directory's entries sorted as whole paths sort, a directory
 * as NAME/), each record is written as its file is read, and none is kept.
 * Tested the honest way: the CLI runs in a child under a small V8 heap over
 * a tree whose records together are far larger than that heap (400 links
 * to a library exporting 3,000 symbols: 229 KB of baseline each, 90 MB in
 * all), and must write the bytes that formatting the whole baseline in
 * this process gives, where the records are sorted after the walk. Before,
 * create held every record and then the whole document, and died of heap
 * exhaustion there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBaseline } from '../src/gate/check.js';
import { formatBaseline } from '../src/gate/baseline.js';
import { buildDynImage } from './helpers/checksec-images.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const HEAP_MB = 24;
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-baseline-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The tree: one library, hard-linked 400 times under names whose byte order
 * differs from a name-by-name walk ('lib' is a directory and 'lib-x.so',
 * 'lib.so' files: '-' and '.' sort before '/'), and a file that is not ELF.
 */
function makeTree(root: string): number {
  const lib = join(root, 'lib.so');
  writeFileSync(lib, buildDynImage({ bits: 64, dynsym: Array.from({ length: 3000 }, (_, i) => ({ name: `exported_function_with_a_long_name_${i}`, type: 2, shndx: 7, value: BigInt(0x100 + i) })) }));
  writeFileSync(join(root, 'README'), 'not ELF\n');
  let n = 1;
  for (const d of ['lib', 'lib/sub', 'lib0', 'lib-a']) {
    mkdirSync(join(root, d));
    for (let i = 0; i < 99; i++, n++) linkSync(lib, join(root, d, `f${i}.so`));
  }
  linkSync(lib, join(root, 'lib-x.so'));
  return n + 1;
}

// Heavy: writes 400 links and runs the CLI over them in a child.
describe.skipIf(!existsSync('dist/cli/main.js'))('baseline create over a tree larger than its heap (needs dist/)', { timeout: HEAVY_TIMEOUT }, () => {
  it(`writes the whole baseline's bytes within a ${HEAP_MB} MB heap`, () => {
    const files = makeTree(dir);
    const out = join(dir, '..', `${dir.split('/').pop()}.json`);
    try {
      const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, 'bin/elfaudit.js', 'baseline', 'create', '-o', out, dir], { encoding: 'utf8' });
      expect(r.signal, r.stderr.slice(0, 400)).toBeNull();
      expect(r.status, r.stderr.slice(0, 400)).toBe(0);
      expect(r.stderr).toBe(`elfaudit baseline create: ${out}: ${files} ELF files recorded under ${dir} (1 other file skipped)\n`);
      const written = readFileSync(out);
      expect(written.length).toBeGreaterThan(80e6);
      const whole = formatBaseline(createBaseline([dir]).baseline);
      expect(written.equals(Buffer.from(whole)), 'the bytes of the whole baseline, its records sorted after the walk').toBe(true);
    } finally {
      rmSync(out, { force: true });
    }
  });
});
