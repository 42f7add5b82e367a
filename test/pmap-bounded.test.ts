/**
 * pmap streams: /proc/PID/maps and smaps are read 64 KiB at a time, each
 * VMA's row is written when its block ends, and only the totals are kept.
 * Tested the honest way on a process with 60,000 VMAs
 * (test/fixtures/live/many-vmas.c): the CLI runs in a child under a small
 * V8 heap and must print what an unlimited in-process run prints (and
 * procps's pmap, where installed), within a peak RSS of 150 MB. Before,
 * pmap -x held every VMA's entry and every row (319 MB peak) and died of
 * heap exhaustion under a 64 MB heap, plain pmap under 32 MB.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmapMain } from '../src/cli/pmap.js';
import { CaptureOutput } from '../src/io/output.js';
import { gcc, hasGcc } from './helpers/gcc.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';
import { measureCli } from './helpers/measure-cli.js';
import { startProcess } from './helpers/processes.js';

const VMAS = 60_000;
const HEAP_MB = 24;
const RSS_LIMIT = 150e6;
const linux = process.platform === 'linux' && existsSync('/proc/self/smaps');
const hasPmap = linux && spawnSync('pmap', ['-V'], { stdio: 'ignore' }).status === 0;
// vm.max_map_count (65,530 by default) must leave room for the process's own few dozen
const mapCount = linux ? Number(readFileSync('/proc/sys/vm/max_map_count', 'utf8')) : 0;
const can = linux && hasGcc && existsSync('dist/cli/main.js') && mapCount > VMAS + 1000;

const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-many-vmas-'));
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// Heavy: builds and starts a process with 60,000 VMAs, and runs the CLI on it in a measured child.
describe.skipIf(!can)(`pmap of a process with ${VMAS.toLocaleString('en')} VMAs (needs Linux, gcc, dist/)`, { timeout: HEAVY_TIMEOUT }, () => {
  let pid = 0;
  beforeAll(async () => {
    const exe = join(dir, 'many-vmas');
    gcc(exe, [join(import.meta.dirname, 'fixtures', 'live', 'many-vmas.c')]);
    pid = (await startProcess(children, exe, [String(VMAS)], { ready: 'ready' })).pid!;
  });

  for (const flags of [[], ['-x'], ['-xp']]) {
    it(`${['pmap', ...flags].join(' ')}: every row and the totals within a ${HEAP_MB} MB heap and ${RSS_LIMIT / 1e6} MB of RSS`, () => {
      const args = ['pmap', ...flags, String(pid)];
      // a live value (a page of the executable written back, say) may move between two reads: read again
      let r = measureCli(args, { heapMb: HEAP_MB });
      let expected = Buffer.alloc(0);
      for (let attempt = 0; attempt < 3; attempt++) {
        const io = new CaptureOutput();
        expect(pmapMain(args.slice(1), io)).toBe(0);
        expected = io.stdoutBytes;
        if (r.stdout.equals(expected)) break;
        r = measureCli(args, { heapMb: HEAP_MB });
      }
      expect(r.signal, r.stderr.slice(0, 400)).toBeNull();
      expect(r.status, r.stderr.slice(0, 400)).toBe(0);
      expect(r.stderr).toBe('');
      const text = r.stdout.toString('latin1');
      expect(text.split('\n').length).toBeGreaterThan(VMAS);
      expect(text).toMatch(flags.length === 0 ? /\n total +\d+K\n$/ : /\ntotal kB +\d+ +\d+ +\d+\n$/);
      expect(text === expected.toString('latin1'), 'the same bytes as an unlimited in-process run').toBe(true);
      console.log(`${['pmap', ...flags].join(' ')} of ${VMAS} VMAs: peak RSS ${(r.rss / 1e6).toFixed(0)} MB under a ${HEAP_MB} MB heap`);
      expect(r.rss).toBeGreaterThan(0);
      expect(r.rss).toBeLessThanOrEqual(RSS_LIMIT);
    });
  }

  it.skipIf(!hasPmap)("pmap -x prints procps's bytes for it", () => {
    let ours = '';
    let theirs = '';
    for (let attempt = 0; attempt < 3 && (ours === '' || ours !== theirs); attempt++) {
      theirs = spawnSync('pmap', ['-x', String(pid)], { maxBuffer: 1 << 28 }).stdout.toString('latin1');
      const io = new CaptureOutput();
      pmapMain(['-x', String(pid)], io);
      ours = io.stdoutBytes.toString('latin1');
    }
    expect(ours === theirs, 'byte-identical to procps pmap -x').toBe(true);
  });
});
