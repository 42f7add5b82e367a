import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync } from 'node:fs';
import { baselineMain } from '../src/cli/baseline.js';
import { diffMain } from '../src/cli/diff.js';
import { abiSections, textName } from '../src/diff/abi-format.js';
import type { AbiDiff } from '../src/diff/abi.js';
import { mdCode } from '../src/diff/index.js';
import { ElfFormatError, openElf, versionDefinitions } from '../src/elf/index.js';
import { visibleLatin1 } from '../src/io/escape.js';
import { CaptureOutput } from '../src/io/output.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';
import { buildSeed, SEED_NEW, SEED_OLD } from './helpers/seed-builds.js';

const hasGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasGcc) console.warn('diff-abi: gcc not found on PATH, so the library pairs cannot be built; their tests are skipped');
const work = mkdtempSync(join(tmpdir(), 'elfaudit-abi-'));
/** gcc can compile C++ (cc1plus is installed). */
const hasCxx = hasGcc && spawnSync('gcc', ['-x', 'c++', '-fsyntax-only', '-'], { input: 'int x;\n' }).status === 0;
if (hasGcc && !hasCxx) console.warn('diff-abi: gcc cannot compile C++ here; the mangled-name test is skipped');

/** Builds one shared library from C source; extra arguments go to gcc (link options, -l). */
function lib(name: string, source: string, extra: string[] = []): string {
  const c = join(work, `${name}.c`);
  writeFileSync(c, source);
  const out = join(work, `${name}.so`);
  const r = spawnSync('gcc', ['-shared', '-fPIC', '-O2', '-o', out, c, ...extra], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc ${name}: ${r.stderr}`);
  return out;
}

function script(name: string, text: string): string {
  const p = join(work, `${name}.map`);
  writeFileSync(p, text);
  return `-Wl,--version-script=${p}`;
}

function diff(o: string, n: string, format = 'text'): string {
  const io = new CaptureOutput();
  expect(diffMain(['--format', format, o, n], io)).toBe(0);
  return io.stdout.split(`${work}/`).join('');
}

const P: Record<string, string> = {};
/** Whether this glibc has arc4random (GLIBC_2.36), the one symbol the glibc-raising pair adds. */
const hasArc4random =
  hasGcc &&
  spawnSync('gcc', ['-x', 'c', '-shared', '-fPIC', '-o', join(work, 'probe.so'), '-'], { input: '#include <stdlib.h>\nunsigned r(void) { return arc4random(); }\n' }).status === 0;
if (hasGcc && !hasArc4random) console.warn('diff-abi: this glibc has no arc4random (GLIBC_2.36); the glibc-raising pair is skipped');

beforeAll(() => {
  if (!hasGcc) return;
  const base = 'int foo(void) { return 1; }\nint bar(void) { return 2; }\n';
  P.base = lib('base', base, ['-Wl,-soname,libt.so.1']);
  P.soname = lib('soname', base, ['-Wl,-soname,libt.so.2']);
  P.needed = lib('needed', `#include <math.h>\n${base}double root(double x) { return sqrt(x); }\n`, ['-Wl,-soname,libt.so.1', '-Wl,--no-as-needed', '-lm']);
  P.swap = lib('swap', 'int foo(void) { return 1; }\nint baz(void) { return 3; }\n', ['-Wl,-soname,libt.so.1']);
  P.kind = lib('kind', 'int foo(void) { return 1; }\n__attribute__((weak)) int bar(void) { return 2; }\n', ['-Wl,-soname,libt.so.1']);
  P.paths = lib('paths', base, ['-Wl,-soname,libt.so.1', '-Wl,-rpath,$ORIGIN/lib', '-Wl,--enable-new-dtags', '-Wl,-z,nodelete']);
  P.grown = lib('grown', `${base}int big(int x) { int t = 0; for (int i = 0; i < x; i++) t += (i * 7) ^ (t >> 3) ^ (i % 5); return t; }\nconst char table[4096] = { 1 };\n`, ['-Wl,-soname,libt.so.1']);
  P.v1 = lib('v1', base, ['-Wl,-soname,libt.so.1', script('v1', 'LIBT_1.0 { global: foo; bar; local: *; };\n')]);
  P.v2 = lib('v2', 'int foo(void) { return 1; }\nint baz(void) { return 3; }\n', ['-Wl,-soname,libt.so.1', script('v2', 'LIBT_1.0 { global: foo; local: *; };\nLIBT_2.0 { global: baz; } LIBT_1.0;\n')]);
  P.malloc = lib('malloc', '#include <stdlib.h>\nvoid *get(void) { return malloc(8); }\n', ['-Wl,-soname,libt.so.1']);
  if (hasArc4random) P.arc4 = lib('arc4', '#include <stdlib.h>\nvoid *get(void) { return malloc(8); }\nunsigned r(void) { return arc4random(); }\n', ['-Wl,-soname,libt.so.1']);
}, HEAVY_TIMEOUT); // Heavy: gcc compiles and links a dozen libraries.

describe.skipIf(!hasGcc)('diff of library pairs built with gcc', () => {
  it('a renamed SONAME is one line, and nothing else about the interface is said', () => {
    const t = diff(P.base!, P.soname!);
    expect(t).toContain('dynamic identity:\n  SONAME libt.so.1 → libt.so.2\n\n');
    expect(t).not.toContain('exported interface');
    expect(t).not.toContain('needs from the system');
  });

  it('an added NEEDED library is said as added, and removed the other way round', () => {
    expect(diff(P.base!, P.needed!)).toContain('  NEEDED libm.so.6 added\n');
    expect(diff(P.needed!, P.base!)).toContain('  NEEDED libm.so.6 removed\n');
  });

  it('a removed exported function is called an ABI break; an added one is not', () => {
    const t = diff(P.base!, P.swap!);
    expect(t).toContain('exported interface (ABI break: 1 removed):\n  removed bar (FUNC, GLOBAL): an ABI break\n  added baz (FUNC, GLOBAL)\n');
    const j = JSON.parse(diff(P.base!, P.swap!, 'json'));
    expect(j.abi.exports.removed).toEqual([{ name: 'bar', version: null, default: true, binding: 'GLOBAL', type: 'FUNC' }]);
    expect(j.abi.exports.added.map((s: { name: string }) => s.name)).toEqual(['baz']);
  });

  it('a symbol that became weak is a binding change, not a removal', () => {
    const t = diff(P.base!, P.kind!);
    expect(t).toContain('  bar: FUNC, GLOBAL → FUNC, WEAK\n');
    expect(t).not.toContain('removed bar');
  });

  it('RUNPATH and DT_FLAGS_1 bits that appear are said in words', () => {
    const t = diff(P.base!, P.paths!);
    expect(t).toContain('  RUNPATH added: $ORIGIN/lib\n');
    expect(t).toContain('  DT_FLAGS_1 gained DF_1_NODELETE\n');
  });

  it('versioned symbols carry their versions, default ones with @@', () => {
    const t = diff(P.v1!, P.v2!);
    expect(t).toContain('  removed bar@@LIBT_1.0 (FUNC, GLOBAL): an ABI break\n');
    expect(t).toContain('  added baz@@LIBT_2.0 (FUNC, GLOBAL)\n');
    expect(t).not.toMatch(/ foo@@LIBT_1\.0/);
    const j = JSON.parse(diff(P.v1!, P.v2!, 'json'));
    expect(j.abi.exports.added).toEqual([{ name: 'baz', version: 'LIBT_2.0', default: true, binding: 'GLOBAL', type: 'FUNC' }]);
  });

  it('sizes by section: sorted by the larger change, VM and file apart, a total line, appeared sections marked', () => {
    const t = diff(P.base!, P.grown!);
    const block = t.slice(t.indexOf('sizes by section:\n'), t.indexOf('\n\nprogram headers:'));
    const lines = block.split('\n').slice(1);
    expect(lines[0]).toMatch(/^ {2}\.rodata(?: \(appeared\))?: VM \+4\.0 KiB/);
    expect(lines[lines.length - 1]).toMatch(/^ {2}total: VM \+[\d.]+ KiB \(\+[\d.]+%\) \(\d+ → \d+ bytes\), file \+/);
    const j = JSON.parse(diff(P.base!, P.grown!, 'json'));
    const deltas = j.abi.sizes.sections.map((s: { vmDelta: number; fileDelta: number }) => Math.max(Math.abs(s.vmDelta), Math.abs(s.fileDelta)));
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
    const v1v2 = diff(P.base!, P.v1!);
    expect(v1v2).toContain('  .gnu.version_d (appeared): VM +');
  });

  it.skipIf(!hasArc4random)('one new symbol from a newer glibc raises the need, and is named as the cause', () => {
    const t = diff(P.malloc!, P.arc4!);
    expect(t).toContain('  now needs glibc 2.36 (was 2.2.5) because of arc4random@GLIBC_2.36\n');
    const j = JSON.parse(diff(P.malloc!, P.arc4!, 'json'));
    expect(j.abi.needs).toEqual([{ family: 'GLIBC', old: '2.2.5', new: '2.36', raised: true, because: [{ name: 'arc4random', version: 'GLIBC_2.36' }] }]);
  });

  it.skipIf(!hasCxx)('C++ names are shown mangled, with a note saying so', () => {
    const cxx = (name: string, src: string) => {
      const c = join(work, `${name}.c`);
      writeFileSync(c, src);
      const out = join(work, `${name}.so`);
      // gcc compiles C++ by language flag; linking needs no libstdc++ for these two plain functions
      const r = spawnSync('gcc', ['-x', 'c++', '-shared', '-fPIC', '-o', out, c], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`gcc -x c++ ${name}: ${r.stderr}`);
      return out;
    };
    const a = cxx('cxx1', 'namespace t { int f(int x) { return x; } }\n');
    const b = cxx('cxx2', 'namespace t { int f(int x) { return x; } long g(long x) { return x; } }\n');
    expect(diff(a, b)).toContain('exported interface:\n  added _ZN1t1gEl (FUNC, GLOBAL)\n  C++ names are shown mangled (no demangler is bundled)\n');
  });

  it('Markdown has the same sections with names as code', () => {
    const m = diff(P.v1!, P.v2!, 'markdown');
    expect(m).toContain('**Exported interface (ABI break: 1 removed)**\n\n- removed `bar@@LIBT_1.0` (FUNC, GLOBAL): an ABI break\n');
  });

  it('a build diffed with itself shows none of the new sections, in any format', () => {
    const t = diff(P.v1!, P.v1!);
    for (const title of ['dynamic identity', 'exported interface', 'needs from the system', 'sizes by section']) expect(t).not.toContain(title);
    expect(JSON.parse(diff(P.v1!, P.v1!, 'json'))).not.toHaveProperty('abi');
    expect(diff(P.v1!, P.v1!, 'markdown')).not.toContain('Exported interface');
  });

  it('a damaged version definition is an ElfFormatError at its file offset', () => {
    const bytes = Buffer.from(readFileSync(P.v1!));
    const elf = openElf(P.v1!);
    const sec = elf.sectionHeaders.find((s) => elf.sectionName(s) === '.gnu.version_d')!;
    elf.close();
    bytes.writeUInt16LE(7, Number(sec.offset)); // vd_version
    const bad = join(work, 'bad-verdef.so');
    writeFileSync(bad, bytes);
    const damaged = openElf(bad);
    try {
      expect(() => versionDefinitions(damaged)).toThrow(ElfFormatError);
      try {
        versionDefinitions(damaged);
      } catch (e) {
        expect((e as ElfFormatError).offset).toBe(sec.offset);
      }
    } finally {
      damaged.close();
    }
  });
});

/** Records OLD as lib/libt.so, puts NEW in its place and checks with POLICY; returns the JSON report. */
function gate(o: string, n: string, policy?: unknown, legacy = false): { status: number; findings: { rule: string; level: string; message: string; ignoredBy?: string; reason?: string }[] } {
  const dir = mkdtempSync(join(work, 'gate-'));
  const root = join(dir, 'out');
  mkdirSync(join(root, 'lib'), { recursive: true });
  copyFileSync(o, join(root, 'lib', 'libt.so'));
  const base = join(dir, 'baseline.json');
  const c = new CaptureOutput();
  expect(baselineMain(['create', root, '--output', base], c), c.stderr).toBe(0);
  if (legacy) {
    const doc = JSON.parse(readFileSync(base, 'utf8'));
    for (const f of doc.files) delete f.layout.abi;
    writeFileSync(base, JSON.stringify(doc));
  }
  copyFileSync(n, join(root, 'lib', 'libt.so'));
  const extra: string[] = [];
  if (policy !== undefined) {
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    extra.push('--policy', join(dir, 'policy.json'));
  }
  const io = new CaptureOutput();
  const status = baselineMain(['check', root, '--baseline', base, '--format', 'json', ...extra], io);
  const doc = JSON.parse(io.stdout);
  return { status, findings: [...doc.violations, ...doc.allowed, ...doc.ignored] };
}

describe.skipIf(!hasGcc)('the gate on library pairs built with gcc', () => {
  it('a removed exported symbol fails the gate; an added one is a note', () => {
    const r = gate(P.v1!, P.v2!);
    expect(r.status).toBe(1);
    const removed = r.findings.find((f) => f.rule === 'symbol-removed')!;
    expect(removed.level).toBe('error');
    expect(removed.message).toContain('bar@@LIBT_1.0');
    expect(r.findings.find((f) => f.rule === 'symbol-added')).toMatchObject({ level: 'note' });
  });

  it('a baseline written before the abi record leaves the ABI rules quiet', () => {
    const r = gate(P.v1!, P.v2!, undefined, true);
    expect(r.findings.filter((f) => f.rule.startsWith('symbol-'))).toEqual([]);
    expect(gate(P.v1!, P.v2!).findings.some((f) => f.rule === 'symbol-removed')).toBe(true);
  });

  it('a symbol glob with a reason sets the removal aside, and says why', () => {
    const r = gate(P.v1!, P.v2!, { schema: 1, ignore: [{ symbol: 'ba?', rules: ['symbol-removed'], reason: 'bar was never public (ticket T-1)' }] });
    expect(r.status).toBe(0);
    expect(r.findings.find((f) => f.rule === 'symbol-removed')).toMatchObject({ ignoredBy: 'ba?', reason: 'bar was never public (ticket T-1)' });
  });

  it('a renamed SONAME fails the gate, an added NEEDED warns', () => {
    expect(gate(P.base!, P.soname!).findings.find((f) => f.rule === 'soname-changed')).toMatchObject({ level: 'error' });
    expect(gate(P.base!, P.needed!).findings.find((f) => f.rule === 'needed-added')).toMatchObject({ level: 'warning' });
  });

  it('section growth is reported past the policy percentage only', () => {
    const grown = gate(P.base!, P.grown!, { schema: 1, rules: { 'section-grew': { level: 'warning', percent: 10 } } });
    expect(grown.findings.some((f) => f.rule === 'section-grew' && f.message.startsWith('.text grew'))).toBe(true);
    const lax = gate(P.base!, P.grown!, { schema: 1, rules: { 'section-grew': { level: 'warning', percent: 100000 } } });
    expect(lax.findings.filter((f) => f.rule === 'section-grew')).toEqual([]);
  });

  it.skipIf(!hasArc4random)('a raised glibc need warns, and is an error past the policy ceiling', () => {
    const plain = gate(P.malloc!, P.arc4!);
    expect(plain.status).toBe(0);
    expect(plain.findings.find((f) => f.rule === 'glibc-version-raised')).toMatchObject({ level: 'warning', message: 'now needs glibc 2.36 (was 2.2.5) because of arc4random@GLIBC_2.36' });
    const capped = gate(P.malloc!, P.arc4!, { schema: 1, rules: { 'glibc-version-raised': { maxGlibc: '2.31' } } });
    expect(capped.status).toBe(1);
    expect(capped.findings.find((f) => f.rule === 'glibc-version-raised')).toMatchObject({ level: 'error' });
  });
});

describe("the seed's two builds (a layout change only)", () => {
  it('show none of the ABI sections in text, Markdown or JSON, so their diff reads as before', () => {
    const o = join(work, 'libseed-old.so');
    const n = join(work, 'libseed-new.so');
    writeFileSync(o, buildSeed(SEED_OLD));
    writeFileSync(n, buildSeed(SEED_NEW));
    const t = diff(o, n);
    expect(t).toContain('  RELRO: no RELRO → partial RELRO');
    expect(t.slice(0, t.indexOf('program headers:'))).toMatch(/\npadding between LOADs: [^\n]*\n\n$/);
    expect(diff(o, n, 'markdown')).not.toMatch(/Dynamic identity|Exported interface|Needs from the system|Sizes by section/);
    expect(JSON.parse(diff(o, n, 'json'))).not.toHaveProperty('abi');
  });
});

describe('names from binaries in the ABI sections', () => {
  const evil = 'f\x1b[31m`x|y';
  const d: AbiDiff = {
    identity: [{ field: 'soname', change: 'changed', old: 'libt.so.1', new: `lib\x1b]0;t\x07.so` }],
    exports: { added: [{ name: evil, version: 'V\n1', isDefault: true, bind: 1, type: 2 }], removed: [], changed: [] },
    needs: [],
    sizes: undefined,
  };
  const w = { machine: 62, osabi: 0 };

  it('are escaped in text: no control character reaches the terminal', () => {
    const text = abiSections(d, w, textName).flatMap((s) => s.lines).join('\n');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(text).toContain(visibleLatin1(evil));
  });

  it('are code spans in Markdown, so backticks and pipes cannot break out', () => {
    const md = abiSections(d, w, (s) => mdCode(visibleLatin1(s))).flatMap((s) => s.lines);
    expect(md).toContain(`added ${mdCode(visibleLatin1(`${evil}@@V\n1`))} (FUNC, GLOBAL)`);
    expect(md.join('\n')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});
