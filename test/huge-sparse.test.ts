/**
 * Constant memory on a multi-gigabyte debug build: a 3 GiB sparse ELF file
 * (scripts/fuzz/sparse.ts: hello-pie's loaded part, 3 GiB of .debug_*
 * sections in a hole, symbol tables, names and section headers at the end)
 * gives GNU readelf 2.40's output (recorded by scripts/fuzz/record-goldens.ts
 * in test/golden/sparse) while reading only its headers: the command-line
 * tool's peak RSS stays at or under 100 MB. Time is reported, not asserted
 * (benchmarks measure speed; `npm run bench`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSparseElf, TAIL } from '../scripts/fuzz/sparse.js';
import { readelfMain } from '../src/cli/readelf.js';
import { CaptureSink } from '../src/readelf/sink.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';
import { measureCli } from './helpers/measure-cli.js';

const G = 'test/golden/sparse';
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-sparse-'));
const file = join(dir, 'debug-build.elf');
const size = makeSparseElf(file, process.cwd());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1e6;
const RSS_LIMIT = 100 * MB;

function golden(base: string) {
  return {
    stdout: readFileSync(`${base}.out`).toString('latin1'),
    stderr: readFileSync(`${base}.err`).toString('latin1'),
    status: Number(readFileSync(`${base}.rc`, 'utf8').trim()),
  };
}

/** measureCli in the C locale, with stdout as text. */
function measure(args: string[]): { stdout: string; stderr: string; status: number | null; rss: number; seconds: number } {
  const r = measureCli(args, { env: { ...process.env, LC_ALL: 'C' } });
  return { stdout: r.stdout.toString('latin1'), stderr: r.stderr, status: r.status, rss: r.rss, seconds: r.seconds };
}

// Heavy: starts the CLI as a whole process (to measure its peak RSS) over a 3 GiB sparse file.
describe('a 3 GiB sparse debug build', { timeout: HEAVY_TIMEOUT }, () => {
  it('is what the golden was recorded from: section headers at 3 GiB, a file over 3 GiB', () => {
    expect(size).toBeGreaterThan(TAIL);
    expect(size).toBeLessThan(TAIL + 65536n);
  });

  for (const flags of [['-lW'], ['-l'], ['-S'], ['-SW'], ['-h']]) {
    it(`readelf ${flags.join(' ')} matches GNU readelf 2.40 (in-process)`, () => {
      const sink = new CaptureSink();
      const status = readelfMain([...flags, file], sink);
      expect({ stdout: sink.stdout.toString('latin1'), stderr: sink.stderr.toString('latin1'), status }).toEqual(
        golden(`${G}/${flags.join('').replace(/-/g, '')}`),
      );
    });
  }

  for (const flags of [['-lW'], ['-S']]) {
    it.skipIf(!existsSync('dist/cli/main.js'))(`elfaudit readelf ${flags.join(' ')}: GNU's output with a peak RSS of at most 100 MB`, () => {
      const r = measure(['readelf', ...flags, file]);
      const g = golden(`${G}/${flags.join('').replace(/-/g, '')}`);
      expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual(g);
      console.log(`readelf ${flags.join(' ')} on the 3 GiB file: peak RSS ${(r.rss / MB).toFixed(0)} MB, ${r.seconds.toFixed(2)} s wall`);
      expect(r.rss).toBeGreaterThan(0);
      expect(r.rss).toBeLessThanOrEqual(RSS_LIMIT);
    });
  }

  for (const args of [['checksec', '--file'], ['audit'], ['memory']]) {
    it.skipIf(!existsSync('dist/cli/main.js'))(`elfaudit ${args.join(' ')}: an answer with a peak RSS of at most 100 MB`, () => {
      const r = measure([...args, file]);
      console.log(`${args.join(' ')} on the 3 GiB file: peak RSS ${(r.rss / MB).toFixed(0)} MB, ${r.seconds.toFixed(2)} s wall`);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(file);
      expect(r.rss).toBeLessThanOrEqual(RSS_LIMIT);
    });
  }
});
