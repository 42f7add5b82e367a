/**
 * The page-cost model against the running kernel: dlopen(RTLD_NOW) each
 * object in a small C harness, read its VMAs and Private_Dirty from
 * /proc/self/smaps, and compare with `elfaudit memory`'s prediction at the
 * host page size. VMAs must match exactly (count and permissions, in
 * order); dirty pages within max(2, 15%) (constructors write a little).
 *
 * Builds at test time with the host gcc: shared objects from one C file
 * (-z norelro and -z relro; -z separate-code and -z noseparate-code, whose
 * `elfaudit diff` is checked word for word with the numbers measured here)
 * and the harness. Skips, saying why, when
 * gcc is missing or a system library is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureOutput } from '../src/io/output.js';
import { diffMain } from '../src/cli/diff.js';
import { memoryReport } from '../src/memory/index.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'memory');

function hasGcc(): boolean {
  return spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
}

const gcc = process.platform === 'linux' && hasGcc();
const skipReason = process.platform !== 'linux' ? 'not Linux: no /proc/self/smaps' : 'gcc not found on PATH';

interface Measured {
  pageSize: number;
  vmas: { perms: string; privateDirtyKb: number; pagesInSpan: number | undefined }[];
  dirtyPages: number;
  /** Pages of the object's VMAs inside its span, holes (---p) left out. */
  mappedPages?: number;
}

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Runs the harness on one object and totals its VMAs and private dirty pages. */
function measure(harness: string, lib: string): Measured {
  const out = sh(harness, [lib === harness ? '--self' : lib]);
  let pageSize = 4096;
  let lo = 0n;
  let hi = 0n;
  let mapped = 0n;
  const vmas: Measured['vmas'] = [];
  for (const line of out.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'span') {
      lo = BigInt(`0x${f[1]}`);
      hi = BigInt(`0x${f[2]}`);
      pageSize = Number(f[3]);
    }
    if (f[0] === 'vma') {
      const clipped = f[6] === '-' ? undefined : Number(f[6]);
      vmas.push({ perms: f[3]!, privateDirtyKb: Number(f[5]), pagesInSpan: clipped });
      const a = BigInt(`0x${f[1]}`);
      const b = BigInt(`0x${f[2]}`);
      if (f[3] !== '---p') mapped += (b < hi ? b : hi) - (a > lo ? a : lo);
    }
  }
  // A VMA reaching past the object's span (its bss merged with a neighbour)
  // is counted by the pages inside the span, from pagemap.
  const dirtyPages = vmas.reduce((n, v) => n + (v.pagesInSpan ?? (v.privateDirtyKb * 1024) / pageSize), 0);
  return { pageSize, vmas, dirtyPages, mappedPages: Number(mapped / BigInt(pageSize)) };
}

const table: string[] = [];

/** LIB === HARNESS measures the harness executable itself, mapped by the kernel. */
function compare(harness: string, name: string, lib: string): void {
  const m = measure(harness, lib);
  const report = memoryReport(lib, { pageSizes: [m.pageSize], loader: lib === harness ? 'kernel' : 'glibc' });
  const e = report.estimates[0]!;
  const tolerance = Math.max(2, Math.ceil(0.15 * m.dirtyPages));
  table.push(
    `| ${name} | ${e.vmas} | ${m.vmas.length} | ${e.dirtyPages} | ${m.dirtyPages} | ${e.dirtyPages - m.dirtyPages} | ±${tolerance} |`,
  );
  expect(e.vmaList.map((v) => v.perms), `${name}: VMAs`).toEqual(m.vmas.map((v) => v.perms));
  expect(Math.abs(e.dirtyPages - m.dirtyPages), `${name}: dirty pages ${e.dirtyPages} predicted, ${m.dirtyPages} measured`).toBeLessThanOrEqual(
    tolerance,
  );
}

// Heavy: gcc builds the objects and a harness, and every case starts the harness.
describe.skipIf(!gcc)('memory model vs /proc/self/smaps after dlopen(RTLD_NOW)', { timeout: HEAVY_TIMEOUT }, () => {
  const dir = gcc ? mkdtempSync(join(tmpdir(), 'elfaudit-live-')) : '';
  const harness = join(dir, 'smaps-harness');
  const harnessNoPie = join(dir, 'smaps-harness-nopie');
  if (gcc) {
    sh('gcc', ['-O2', '-o', harness, join(FIXTURES, 'smaps-harness.c'), '-ldl']);
    sh('gcc', ['-O2', '-no-pie', '-o', harnessNoPie, join(FIXTURES, 'smaps-harness.c'), '-ldl']);
    for (const relro of ['norelro', 'relro']) {
      sh('gcc', ['-O2', '-fPIC', '-shared', `-Wl,-z,${relro}`, '-o', join(dir, `librelro-demo-${relro}.so`), join(FIXTURES, 'relro-demo.c')]);
    }
    // Headers, code and read-only data in three LOADs or in one R E LOAD.
    for (const code of ['separate-code', 'noseparate-code']) {
      sh('gcc', ['-O2', '-fPIC', '-shared', '-Wl,-z,relro', `-Wl,-z,${code}`, '-o', join(dir, `librelro-demo-${code}.so`), join(FIXTURES, 'relro-demo.c')]);
    }
    // Segments 64 KiB apart: at 4 KiB pages glibc leaves PROT_NONE holes between them.
    sh('gcc', ['-O2', '-fPIC', '-shared', '-Wl,-z,relro', '-Wl,-z,max-page-size=0x10000', '-o', join(dir, 'librelro-demo-holes.so'), join(FIXTURES, 'relro-demo.c')]);
  }

  afterAll(() => {
    if (table.length === 0) return;
    console.log(
      ['| object | VMAs predicted | VMAs measured | dirty predicted | dirty measured | diff | allowed |', '|---|---|---|---|---|---|---|', ...table].join('\n'),
    );
  });

  it('built with -z norelro', () => compare(harness, 'librelro-demo-norelro.so', join(dir, 'librelro-demo-norelro.so')));
  it('built with -z relro', () => compare(harness, 'librelro-demo-relro.so', join(dir, 'librelro-demo-relro.so')));

  it('built with -z max-page-size=0x10000 (holes between segments)', () =>
    compare(harness, 'librelro-demo-holes.so', join(dir, 'librelro-demo-holes.so')));

  it('-z relro costs one more page, VMA and dirty page than -z norelro at the host page size', () => {
    const a = measure(harness, join(dir, 'librelro-demo-norelro.so'));
    const b = measure(harness, join(dir, 'librelro-demo-relro.so'));
    expect(b.vmas.length - a.vmas.length).toBe(1);
    expect(b.dirtyPages - a.dirtyPages).toBe(1);
  });

  it('built with -z separate-code', () => compare(harness, 'librelro-demo-separate-code.so', join(dir, 'librelro-demo-separate-code.so')));
  it('built with -z noseparate-code', () => compare(harness, 'librelro-demo-noseparate-code.so', join(dir, 'librelro-demo-noseparate-code.so')));

  it('diff -z separate-code → -z noseparate-code says the merge, word for word, with the VMAs and pages measured live', () => {
    const o = join(dir, 'librelro-demo-separate-code.so');
    const n = join(dir, 'librelro-demo-noseparate-code.so');
    const a = measure(harness, o);
    const b = measure(harness, n);
    const io = new CaptureOutput();
    expect(diffMain(['--page-size', String(a.pageSize), o, n], io)).toBe(0);
    const signed = (x: number) => (x > 0 ? `+${x}` : `${x}`);
    const unit = (x: number, one: string) => `${signed(x)} ${Math.abs(x) === 1 ? one : `${one}s`}`;
    const dp = b.mappedPages! - a.mappedPages!;
    const dv = b.vmas.length - a.vmas.length;
    const dd = b.dirtyPages - a.dirtyPages;
    expect(dv).toBe(-2);
    expect(io.stdout).toContain('\nprogram headers:\n  R, R E and R merged into one R E LOAD (-z noseparate-code):\n    was LOAD [0] R: ');
    // the page map after the counts is pinned in test/diff-pairing.test.ts
    expect(io.stdout.slice(io.stdout.indexOf('memory per process:'), io.stdout.indexOf('\npage map:'))).toBe(
      [
        'memory per process:',
        `  ${a.pageSize / 1024} KiB pages: mapped pages ${a.mappedPages} → ${b.mappedPages} (${signed(dp)}), VMAs ${a.vmas.length} → ${b.vmas.length} (${signed(dv)}), dirty pages ${a.dirtyPages} → ${b.dirtyPages} (${signed(dd)})`,
        `    ${unit(dp, 'mapped page')}, ${unit(dv, 'VMA')}, ${unit(dd, 'dirty page')}`,
        `      R, R E and R merged into one R E LOAD (-z noseparate-code): ${unit(dp, 'page')}, ${unit(dv, 'VMA')}`,
        '',
      ].join('\n'),
    );
  });

  it('an executable the kernel mapped (the harness itself, PIE)', () => compare(harness, 'smaps-harness (PIE, kernel)', harness));
  it('an executable the kernel mapped (the harness itself, -no-pie)', () =>
    compare(harnessNoPie, 'smaps-harness-nopie (kernel)', harnessNoPie));

  const multiarch = gcc ? spawnSync('gcc', ['-print-multiarch'], { encoding: 'utf8' }).stdout.trim() : '';
  const dirs = [`/usr/lib/${multiarch}`, `/lib/${multiarch}`, '/usr/lib64', '/usr/lib'];
  const libs = ['libz.so.1', 'libssl.so.3', 'libcrypto.so.3', 'libstdc++.so.6', 'libzstd.so.1', 'liblzma.so.5', 'libxml2.so.2', 'libsqlite3.so.0'];
  for (const name of libs) {
    const path = dirs.map((d) => join(d, name)).find((p) => existsSync(p));
    it.skipIf(path === undefined)(`system ${name}${path === undefined ? ' (skipped: not installed)' : ''}`, () => compare(harness, name, path!));
  }
});

const musl = process.platform === 'linux' && spawnSync('musl-gcc', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * A static executable's own VMAs at the start of main, from the smaps it
 * printed: every VMA of its file, and the anonymous one right after the
 * last (its bss).
 */
function measureStatic(exe: string): Measured {
  const text = sh(exe, []);
  const entries: { start: bigint; end: bigint; perms: string; path: string; privateDirtyKb: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m !== null) entries.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perms: m[3]!, path: m[4]!, privateDirtyKb: 0 });
    const d = /^Private_Dirty:\s+(\d+) kB/.exec(line);
    if (d !== null && entries.length > 0) entries[entries.length - 1]!.privateDirtyKb = Number(d[1]);
  }
  const own = entries.filter((e) => e.path === exe);
  const last = own[own.length - 1];
  const bss = last === undefined ? undefined : entries.find((e) => e.start === last.end && e.path === '');
  const vmas = [...own, ...(bss === undefined ? [] : [bss])];
  const pageSize = Number(sh('getconf', ['PAGESIZE']).trim()) || 4096;
  return {
    pageSize,
    vmas: vmas.map((v) => ({ perms: v.perms, privateDirtyKb: v.privateDirtyKb, pagesInSpan: undefined })),
    dirtyPages: vmas.reduce((n, v) => n + (v.privateDirtyKb * 1024) / pageSize, 0),
  };
}

/**
 * VMAs exactly; dirty pages: the model predicts what the kernel writes (the
 * bss tail) and the relocations the startup code applies (IRELATIVE), and
 * says the C library's own startup writes are not predicted. `startup` is
 * how many more pages those writes may take (glibc initialises
 * _rtld_global_ro in RELRO, its TLS and stdio state before main).
 */
function compareStatic(exe: string, name: string, startup: number): void {
  const m = measureStatic(exe);
  const e = memoryReport(exe, { pageSizes: [m.pageSize] }).estimates[0]!;
  table.push(`| ${name} | ${e.vmas} | ${m.vmas.length} | ${e.dirtyPages} | ${m.dirtyPages} | ${e.dirtyPages - m.dirtyPages} | +${startup} (startup) |`);
  expect(e.vmaList.map((v) => v.perms), `${name}: VMAs`).toEqual(m.vmas.map((v) => v.perms));
  expect(m.dirtyPages, `${name}: dirty pages ${e.dirtyPages} predicted, ${m.dirtyPages} measured`).toBeGreaterThanOrEqual(e.dirtyPages);
  expect(m.dirtyPages - e.dirtyPages, `${name}: dirty pages ${e.dirtyPages} predicted, ${m.dirtyPages} measured`).toBeLessThanOrEqual(startup);
}

// Heavy: gcc and musl-gcc link static programs; each case runs one.
describe.skipIf(!gcc)('static executables at main: the kernel maps them, only glibc\'s startup applies RELRO', { timeout: HEAVY_TIMEOUT }, () => {
  const dir = gcc ? mkdtempSync(join(tmpdir(), 'elfaudit-static-')) : '';
  const before = table.length;
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    if (table.length > before) console.log(['| object | VMAs predicted | VMAs measured | dirty predicted | dirty measured | diff | allowed |', '|---|---|---|---|---|---|---|', ...table.slice(before)].join('\n'));
  });

  it('glibc, gcc -static: RELRO applied by the startup code (r--p part), VMAs exact', () => {
    const exe = join(dir, 'static-glibc');
    sh('gcc', ['-O2', '-static', '-o', exe, join(FIXTURES, 'static-self.c')]);
    sh('sync', []);
    const e = memoryReport(exe, {}).estimates[0]!;
    expect(e.relro.applied).toBe(true);
    expect(e.vmaList.some((v) => v.relro && v.perms === 'r--p')).toBe(true);
    compareStatic(exe, 'static-self (glibc -static)', 8);
  });

  it.skipIf(!musl)(`musl, musl-gcc -static: RELRO never applied, the RW mapping stays whole, VMAs exact${musl ? '' : ' (skipped: musl-gcc not found)'}`, () => {
    const exe = join(dir, 'static-musl');
    sh('musl-gcc', ['-O2', '-static', '-o', exe, join(FIXTURES, 'static-self.c')]);
    sh('sync', []);
    const e = memoryReport(exe, {}).estimates[0]!;
    expect(e.relro.applied).toBe(false);
    expect(e.vmaList.some((v) => v.relro)).toBe(false);
    compareStatic(exe, 'static-self (musl -static)', 2);
  });
});

describe.skipIf(gcc)(`memory model vs /proc/self/smaps (skipped: ${skipReason})`, () => {
  it('needs gcc to build the objects and the harness', () => {
    expect(gcc).toBe(false);
  });
});
