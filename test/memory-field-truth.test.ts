/**
 * What the page-cost model says about builds people ship, beyond the
 * layout: which page sizes a machine can have, whether glibc will load the
 * file at all, and what the numbers leave out (IFUNC resolvers).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureOutput } from '../src/io/output.js';
import { memoryMain } from '../src/cli/memory.js';
import { EM } from '../src/elf/constants.js';
import { memoryReport } from '../src/memory/index.js';
import { ALL_PAGE_SIZES, machinePageSizes } from '../src/memory/page-sizes.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'memory');
const linux = process.platform === 'linux';
const has = (tool: string, arg = '--version') => linux && spawnSync(tool, [arg], { stdio: 'ignore' }).status === 0;
const gcc = has('gcc');
const lld = gcc && has('ld.lld');

function sh(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('page sizes: the ones the file\'s machine can have', () => {
  it('x86-64 and 32-bit ARM only have 4 KiB pages; AArch64 4, 16 and 64 KiB; ppc64 4 and 64; SPARC64 8', () => {
    expect(machinePageSizes(EM.X86_64)).toEqual([4096]);
    expect(machinePageSizes(EM.ARM)).toEqual([4096]);
    expect(machinePageSizes(EM.AARCH64)).toEqual([4096, 16384, 65536]);
    expect(machinePageSizes(EM.PPC64)).toEqual([4096, 65536]);
    expect(machinePageSizes(EM.SPARCV9)).toEqual([8192]);
    expect(ALL_PAGE_SIZES).toEqual([4096, 8192, 16384, 65536]);
  });

  it('memory prices an x86-64 library at 4 KiB only (no "cannot load at 16 KiB" noise), an AArch64 one at all three', () => {
    expect(memoryReport('samples/x86_64/libdemo.so').estimates.map((e) => e.pageSize)).toEqual([4096]);
    expect(memoryReport('samples/aarch64/libdemo.so').estimates.map((e) => e.pageSize)).toEqual([4096, 16384, 65536]);
    const io = new CaptureOutput();
    expect(memoryMain(['samples/x86_64/libdemo.so'], io)).toBe(0);
    expect(io.stdout).not.toMatch(/16 KiB|cannot load/);
  });

  it('--page-size all prices every size any machine has; sizes below 4 KiB are refused', () => {
    const io = new CaptureOutput();
    expect(memoryMain(['--page-size', 'all', '--format', 'json', 'samples/x86_64/libdemo.so'], io)).toBe(0);
    expect(JSON.parse(io.stdout).files[0].estimates.map((e: { pageSize: number }) => e.pageSize)).toEqual([4096, 8192, 16384, 65536]);
    const bad = new CaptureOutput();
    expect(memoryMain(['--page-size', '2048', 'samples/x86_64/libdemo.so'], bad)).toBe(2);
    expect(bad.stderr).toBe("elfaudit: --page-size: '2048' is not a page size (a power of two from 4096 to 1 GiB, e.g. 4096 or 16k, or 'all')\n");
  });
});

// Heavy: gcc and ld.lld link shared objects, and a C harness dlopen()s them.
describe.skipIf(!lld)(`DT_RELR without GLIBC_ABI_DT_RELR: glibc refuses to load it${lld ? '' : ' (skipped: gcc or ld.lld not found)'}`, { timeout: HEAVY_TIMEOUT }, () => {
  const dir = lld ? mkdtempSync(join(tmpdir(), 'elfaudit-relr-')) : '';
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });
  const lldLib = join(dir, 'librelr-lld.so');
  const bfdLib = join(dir, 'librelr-bfd.so');
  const harness = join(dir, 'smaps-harness');
  if (lld) {
    for (const [out, args] of [
      [lldLib, ['-fuse-ld=lld', '-Wl,--pack-dyn-relocs=relr']],
      [bfdLib, ['-Wl,-z,pack-relative-relocs']],
    ] as const) {
      const r = sh('gcc', ['-O2', '-fPIC', '-shared', ...args, '-o', out, join(FIXTURES, 'relr-demo.c')]);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    sh('gcc', ['-O2', '-o', harness, join(FIXTURES, 'smaps-harness.c'), '-ldl']);
  }

  it("lld's --pack-dyn-relocs=relr: the estimate cannot load, and says why, as glibc's dlopen does", () => {
    const e = memoryReport(lldLib, { pageSizes: [4096] }).estimates[0]!;
    expect(e.loadable).toBe(false);
    expect(e.problems).toEqual([
      'glibc refuses to load this (since 2.36): DT_RELR without a GLIBC_ABI_DT_RELR version need from libc.so.6 ("DT_RELR without GLIBC_ABI_DT_RELR dependency"; link with -z pack-relative-relocs)',
    ]);
    const live = sh(harness, [lldLib]);
    expect(live.status).toBe(3);
    expect(live.stderr).toContain('DT_RELR without GLIBC_ABI_DT_RELR dependency');
  });

  it('ld.bfd -z pack-relative-relocs adds the version need: loadable, as dlopen agrees', () => {
    const e = memoryReport(bfdLib, { pageSizes: [4096] }).estimates[0]!;
    expect(e.loadable).toBe(true);
    expect(sh(harness, [bfdLib]).status).toBe(0);
  });

  it('musl does not check the version need', () => {
    expect(memoryReport(lldLib, { pageSizes: [4096], loader: 'musl' }).estimates[0]!.loadable).toBe(true);
  });
});

// Heavy: gcc builds a shared object.
describe.skipIf(!gcc)('IFUNC resolvers run by the loader', { timeout: HEAVY_TIMEOUT }, () => {
  it('are counted and said not to be priced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'elfaudit-ifunc-'));
    try {
      const lib = join(dir, 'libifunc.so');
      const r = sh('gcc', ['-O2', '-fPIC', '-shared', '-o', lib, join(FIXTURES, 'ifunc-demo.c')]);
      expect(r.status, r.stderr).toBe(0);
      const report = memoryReport(lib, { pageSizes: [4096] });
      expect(report.facts.relocations.ifuncResolvers).toBeGreaterThanOrEqual(1);
      expect(report.estimates[0]!.notes.join('\n')).toMatch(
        /relocations? calls? IFUNC resolvers? of this object at load time or first call; the pages those resolvers write \(their own data, such as a CPU-feature flag in \.bss\) are not counted/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a library without IFUNC symbols says nothing of them', () => {
    expect(memoryReport('samples/x86_64/libdemo.so').estimates[0]!.notes.join('\n')).not.toMatch(/IFUNC/);
  });
});
