/**
 * The CI gate's acceptance scenarios, end to end through `elfaudit baseline`
 * (in-process): a tree is recorded, a file is replaced by another build,
 * and the check's exit status and reports are asserted.
 *
 * Real binaries come from the host gcc at test time (test/fixtures/gate/prog.c
 * and test/fixtures/memory/relro-demo.c, linked with and without -z relro,
 * -z execstack); the gcc scenarios skip, saying so, when gcc is missing.
 * The shared object that gains GNU_RELRO is also played by the seed's two
 * crafted ARM builds (test/helpers/seed-builds.ts), whose page cost is known
 * exactly, so that scenario runs everywhere.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureOutput } from '../src/io/output.js';
import { baselineMain, loadBaseline } from '../src/cli/baseline.js';
import { checkTrees } from '../src/gate/check.js';
import { formatGateMarkdown } from '../src/gate/report.js';
import { SchemaValidator } from './helpers/json-schema.js';
import { buildSeed, SEED_NEW, SEED_OLD } from './helpers/seed-builds.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'elfaudit-gate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]) {
  const io = new CaptureOutput();
  const status = baselineMain(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

let n = 0;
/** A fresh build tree under the work directory with FILES (name → bytes or a path to copy). */
function tree(files: Record<string, Buffer | string>): { dir: string; root: string; base: string } {
  const dir = join(work, `case-${++n}`);
  const root = join(dir, 'out');
  mkdirSync(root, { recursive: true });
  for (const [name, src] of Object.entries(files)) put(root, name, src);
  return { dir, root, base: join(dir, 'baseline.json') };
}

function put(root: string, name: string, src: Buffer | string): void {
  const p = join(root, name);
  mkdirSync(join(p, '..'), { recursive: true });
  rmSync(p, { force: true });
  if (typeof src === 'string') copyFileSync(src, p);
  else writeFileSync(p, src);
}

function create(t: { root: string; base: string }, extra: string[] = []) {
  const r = run(['create', t.root, '--output', t.base, ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return r;
}

function check(t: { root: string; base: string; dir: string }, extra: string[] = []) {
  return run(['check', t.root, '--baseline', t.base, '--repo-root', t.dir, ...extra]);
}

function json(t: { root: string; base: string; dir: string }, extra: string[] = []) {
  const r = check(t, ['--format', 'json', ...extra]);
  return { ...r, doc: JSON.parse(r.stdout) };
}

const hasGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
const GCC_SKIP = 'gcc not found on PATH: the scenarios that relink real binaries need it';

const bin: Record<string, string> = {};
function gcc(out: string, args: string[]): void {
  const r = spawnSync('gcc', ['-O2', '-o', out, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc ${args.join(' ')}: ${r.stderr}`);
}

beforeAll(() => {
  if (!hasGcc) return;
  const b = join(work, 'bin');
  mkdirSync(b);
  const prog = join(FIXTURES, 'gate', 'prog.c');
  const demo = join(FIXTURES, 'memory', 'relro-demo.c');
  bin.prog = join(b, 'prog');
  bin.progNorelro = join(b, 'prog-norelro');
  bin.progExecstack = join(b, 'prog-execstack');
  bin.libNorelro = join(b, 'libdemo-norelro.so');
  bin.libRelro = join(b, 'libdemo-relro.so');
  gcc(bin.prog, ['-fPIE', '-pie', '-Wl,-z,relro,-z,now', '-fstack-protector-strong', prog]);
  gcc(bin.progNorelro, ['-fPIE', '-pie', '-Wl,-z,norelro', '-fstack-protector-strong', prog]);
  gcc(bin.progExecstack, ['-fPIE', '-pie', '-Wl,-z,relro,-z,now', '-Wl,-z,execstack', '-fstack-protector-strong', prog]);
  gcc(bin.libNorelro, ['-fPIC', '-shared', '-Wl,-z,norelro', demo]);
  gcc(bin.libRelro, ['-fPIC', '-shared', '-Wl,-z,relro', demo]);
}, HEAVY_TIMEOUT); // Heavy: gcc compiles and links five programs.

describe.skipIf(!hasGcc)('the gate on real binaries built with the host gcc', () => {
  it('an unchanged tree passes: exit 0', () => {
    const t = tree({ 'bin/prog': bin.prog!, 'lib/libdemo.so': bin.libRelro!, 'README': Buffer.from('not ELF\n') });
    const c = create(t);
    expect(c.stderr).toMatch(/2 ELF files recorded under .*\(1 other file skipped\)/);
    const r = check(t);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('elfaudit baseline check: PASS');
    expect(r.stdout).toContain('2 unchanged, 0 changed, 0 added, 0 removed');
  });

  it('creating a baseline twice from one tree gives the same bytes', () => {
    const t = tree({ 'bin/prog': bin.prog!, 'lib/libdemo.so': bin.libRelro! });
    create(t);
    const first = readFileSync(t.base);
    create(t);
    expect(readFileSync(t.base).equals(first)).toBe(true);
  });

  it('a binary relinked with -z norelro fails with relro-downgrade naming it: exit 1', () => {
    const t = tree({ 'bin/prog': bin.prog!, 'lib/libdemo.so': bin.libRelro! });
    create(t);
    put(t.root, 'bin/prog', bin.progNorelro!);
    const r = json(t);
    expect(r.status).toBe(1);
    expect(r.doc.pass).toBe(false);
    const v = r.doc.violations.find((x: { rule: string }) => x.rule === 'relro-downgrade');
    expect(v).toMatchObject({ file: join(t.root, 'bin/prog'), path: 'bin/prog', old: 'full', new: 'none' });
    expect(v.message).toContain('RELRO full → none');
    expect(r.doc.violations.map((x: { rule: string }) => x.rule)).toContain('segment-removed');
    const text = check(t);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/out\/bin\/prog: relro-downgrade \[full → none\]/);
  });

  it('a binary with an executable stack fails with nx-lost: exit 1', () => {
    const t = tree({ 'bin/prog': bin.prog! });
    create(t);
    put(t.root, 'bin/prog', bin.progExecstack!);
    const r = json(t);
    expect(r.status).toBe(1);
    const rules = r.doc.violations.map((x: { rule: string }) => x.rule);
    expect(rules).toContain('nx-lost');
    expect(rules).toContain('execstack-added');
    expect(rules).toContain('segment-flags-changed');
    const v = r.doc.violations.find((x: { rule: string }) => x.rule === 'nx-lost');
    expect(v).toMatchObject({ path: 'bin/prog', old: 'yes', new: 'no' });
    expect(v.message).toContain('PF_X');
  });

  it('a shared object that gains GNU_RELRO fails with segment-added and the page-cost explanation: exit 1', () => {
    const t = tree({ 'lib/libdemo.so': bin.libNorelro! });
    create(t);
    put(t.root, 'lib/libdemo.so', bin.libRelro!);
    const r = json(t);
    expect(r.status).toBe(1);
    const v = r.doc.violations.find((x: { rule: string }) => x.rule === 'segment-added');
    expect(v.old).toBeNull();
    expect(v.new).toMatch(/^GNU_RELRO \[\d+\] R: offset 0x/);
    expect(v.message).toMatch(/GNU_RELRO \[\d+\] R added .*; at 4 KiB pages: /);
    expect(v.message).toContain('GNU_RELRO added');
    // RELRO none → partial is an improvement, not a finding
    expect(r.doc.violations.some((x: { rule: string }) => x.rule === 'relro-downgrade')).toBe(false);
    const md = check(t, ['--format', 'markdown']).stdout;
    expect(md).toContain('**Page cost at 4 KiB pages:**');
    expect(md).toContain('GNU\\_RELRO added');
  });

  it('--report-only reports the violations and exits 0; --report writes other formats too', () => {
    const t = tree({ 'bin/prog': bin.prog! });
    create(t);
    put(t.root, 'bin/prog', bin.progNorelro!);
    const sarif = join(t.dir, 'gate.sarif');
    const md = join(t.dir, 'gate.md');
    const r = check(t, ['--report-only', '--report', `sarif=${sarif}`, '--report', `markdown=${md}`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('FAIL');
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
    expect(readFileSync(md, 'utf8')).toContain('relro-downgrade');
  });

  it('a policy ignore entry sets a finding aside with its reason: exit 0', () => {
    const t = tree({ 'bin/prog': bin.prog! });
    create(t);
    put(t.root, 'bin/prog', bin.progNorelro!);
    const policy = join(t.dir, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        schema: 1,
        rules: { 'memory-growth': { pages: 1 } },
        ignore: [{ path: 'bin/*', rules: ['relro-downgrade', 'segment-removed'], reason: 'the legacy loader cannot handle RELRO (OPS-7)' }],
      }),
    );
    const r = json(t, ['--policy', policy]);
    expect(r.status).toBe(0);
    expect(r.doc.pass).toBe(true);
    expect(r.doc.ignored.map((x: { rule: string }) => x.rule).sort()).toEqual(['relro-downgrade', 'segment-removed']);
    expect(r.doc.ignored[0]).toMatchObject({ ignoredBy: 'bin/*', reason: 'the legacy loader cannot handle RELRO (OPS-7)' });
    const text = check(t, ['--policy', policy]).stdout;
    expect(text).toContain("(ignored by 'bin/*': the legacy loader cannot handle RELRO (OPS-7))");
    const md = check(t, ['--policy', policy, '--format', 'markdown']).stdout;
    expect(md).toContain('ignored by `bin/*`: the legacy loader cannot handle RELRO \\(OPS-7\\)');
  });
});

describe.skipIf(hasGcc)(`the gate on real binaries (skipped: ${GCC_SKIP})`, () => {
  it('needs gcc to build them', () => expect(hasGcc).toBe(false));
});

describe('the gate on crafted files', () => {
  it('the seed: an ARM shared object that gains GNU_RELRO costs +1 page, +1 VMA, +1 dirty page per process', () => {
    const t = tree({ 'libfoo.so': buildSeed(SEED_OLD) });
    create(t);
    put(t.root, 'libfoo.so', buildSeed(SEED_NEW));
    const r = json(t);
    expect(r.status).toBe(1);
    const rules = r.doc.violations.map((x: { rule: string }) => x.rule);
    expect(rules).toEqual(['segment-added', 'memory-growth']);
    const added = r.doc.violations[0];
    expect(added.new).toBe('GNU_RELRO [6] R: offset 0x1dc4c, vaddr 0x2dc4c, filesz 0x3b4, memsz 0x3b4, align 0x1');
    expect(added.message).toBe(
      'GNU_RELRO [6] R added (offset 0x1dc4c, vaddr 0x2dc4c, filesz 0x3b4, memsz 0x3b4, align 0x1); at 4 KiB pages: +1 mapped page, +1 VMA, +1 dirty page ' +
        '(GNU_RELRO added: the RW LOAD now spans 2 pages instead of 1; RELRO now protects 1 page [0x2d000, 0x2e000): mprotect splits the RW mapping into r--p and rw-p VMAs; ' +
        'relocation targets (GOT, init arrays, data pointers) now lie on 2 pages instead of 1, each copied on write)',
    );
    const growth = r.doc.violations[1];
    expect(growth).toMatchObject({ old: '31 mapped pages, 1 dirty page, 3 VMAs', new: '32 mapped pages, 2 dirty pages, 4 VMAs' });
    expect(growth.message).toContain('mapped pages 31 → 32, dirty pages 1 → 2 (allowed growth: 0 pages)');
    // the JSON report carries the diff's memory rows for the changed file
    expect(r.doc.changed[0].memory[0]).toMatchObject({ pageSize: 4096, delta: { mappedPages: 1, vmas: 1, dirtyPages: 1 } });
    // the relocation pages a baseline keeps give the model's exact answer from the baseline side
    const base = JSON.parse(readFileSync(t.base, 'utf8'));
    expect(base.files[0].memory.map((m: { mappedPages: number; dirtyPages: number }) => [m.mappedPages, m.dirtyPages])).toEqual([
      [31, 1],
      [9, 1],
      [3, 1],
    ]);
  });

  it('a policy that allows one page of growth turns memory-growth off for the seed, not segment-added', () => {
    const t = tree({ 'libfoo.so': buildSeed(SEED_OLD) });
    create(t);
    put(t.root, 'libfoo.so', buildSeed(SEED_NEW));
    const policy = join(t.dir, 'p.json');
    writeFileSync(policy, JSON.stringify({ schema: 1, rules: { 'memory-growth': { pages: 1 }, 'segment-added': 'warning' } }));
    const r = json(t, ['--policy', policy]);
    expect(r.status).toBe(0);
    expect(r.doc.violations).toEqual([]);
    expect(r.doc.allowed.map((x: { rule: string; level: string }) => [x.rule, x.level])).toEqual([['segment-added', 'warning']]);
  });

  it('files added and removed are reported but allowed by default: exit 0', () => {
    const t = tree({ 'a.so': buildSeed(SEED_OLD), 'b.so': buildSeed(SEED_OLD) });
    create(t);
    rmSync(join(t.root, 'b.so'));
    put(t.root, 'c.so', buildSeed(SEED_NEW));
    const r = json(t);
    expect(r.status).toBe(0);
    expect(r.doc.allowed.map((x: { rule: string; path: string; level: string }) => [x.rule, x.path, x.level])).toEqual([
      ['file-removed', 'b.so', 'note'],
      ['file-added', 'c.so', 'note'],
    ]);
    expect(r.doc.summary.files).toMatchObject({ baseline: 2, current: 2, unchanged: 1, added: 1, removed: 1 });
    // a file that stops being ELF is removed too
    writeFileSync(join(t.root, 'a.so'), 'now a linker script\n');
    expect(json(t).doc.allowed.map((x: { rule: string; message: string }) => [x.rule, x.message])).toContainEqual([
      'file-removed',
      'was an ELF file in the baseline and is no longer one',
    ]);
  });

  it('FIFOs are never opened and symbolic links never followed, in create and check', () => {
    const t = tree({ 'lib.so': buildSeed(SEED_OLD) });
    const fifo = spawnSync('mkfifo', [join(t.root, 'pipe')]);
    symlinkSync('.', join(t.root, 'loop'));
    symlinkSync('/usr/lib', join(t.root, 'outside'));
    symlinkSync('lib.so', join(t.root, 'lib.so.1'));
    const c = create(t);
    expect(c.stderr).toContain('1 ELF file recorded');
    expect(JSON.parse(readFileSync(t.base, 'utf8')).files.map((f: { path: string }) => f.path)).toEqual(['lib.so']);
    expect(check(t).status).toBe(0);
    expect(fifo.status === 0 || fifo.error !== undefined).toBe(true);
  });

  it('a path-only ignore entry keeps files out of the baseline and the check', () => {
    const t = tree({ 'lib.so': buildSeed(SEED_OLD), 'test/crafted.so': buildSeed(SEED_OLD) });
    const policy = join(t.dir, 'p.json');
    writeFileSync(policy, JSON.stringify({ schema: 1, ignore: [{ path: 'test/**', reason: 'crafted parser inputs' }] }));
    create(t, ['--policy', policy]);
    expect(JSON.parse(readFileSync(t.base, 'utf8')).files.map((f: { path: string }) => f.path)).toEqual(['lib.so']);
    put(t.root, 'test/crafted.so', Buffer.from('\x7fELF'));
    const r = json(t, ['--policy', policy]);
    expect(r.status).toBe(0);
    expect(r.doc.excluded).toEqual([{ file: join(t.root, 'test/crafted.so'), path: 'test/crafted.so', ignoredBy: 'test/**', reason: 'crafted parser inputs' }]);
  });

  it('an ELF file whose headers cannot be read stops create and check: exit 2, one line each', () => {
    const t = tree({ 'lib.so': buildSeed(SEED_OLD) });
    create(t);
    put(t.root, 'broken.so', Buffer.from('\x7fELF\x02\x01'));
    const r = check(t);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([`elfaudit baseline check: ${join(t.root, 'broken.so')}: ELF magic, but the header cannot be read: ${r.stderr.split('cannot be read: ')[1]!.trimEnd()}`]);
    const c = run(['create', t.root, '--output', join(t.dir, 'other.json')]);
    expect(c.status).toBe(2);
    expect(c.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('Markdown size', () => {
  it("stays within its budget (GitHub's 1 MiB step summary), leaving out diffs, then files, and saying so", () => {
    const t = tree(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`lib${String(i).padStart(2, '0')}.so`, buildSeed(SEED_OLD)])));
    create(t);
    for (let i = 0; i < 12; i++) put(t.root, `lib${String(i).padStart(2, '0')}.so`, buildSeed(SEED_NEW));
    const result = checkTrees([t.root], loadBaseline(t.base), { baselineSource: t.base });
    const full = formatGateMarkdown(result);
    expect(full).not.toContain('Left out');
    expect((full.match(/<details>/g) ?? []).length).toBe(12);
    for (const budget of [20_000, 8_000]) {
      const md = formatGateMarkdown(result, { maxBytes: budget });
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(budget);
      expect(md).toMatch(/_Left out to stay within \d+ KiB \(GitHub's step-summary limit\): .*The JSON and SARIF reports have everything\._/);
    }
    expect(formatGateMarkdown(result, { maxBytes: 8_000 })).toMatch(/\d+ more files with \d+ findings/);
  });
});

describe('errors: exit 2 with one line naming what is wrong', () => {
  const t = tree({ 'lib.so': buildSeed(SEED_OLD) });
  beforeAll(() => {
    create(t);
  });

  const cases: [string, () => string[], RegExp][] = [
    ['a corrupt baseline', () => {
      const f = join(t.dir, 'corrupt.json');
      writeFileSync(f, readFileSync(t.base, 'utf8').slice(0, 200));
      return ['check', t.root, '--baseline', f];
    }, /^elfaudit baseline check: baseline .*corrupt\.json: not valid JSON: /],
    ['a missing baseline', () => ['check', t.root, '--baseline', join(t.dir, 'missing.json')], /^elfaudit baseline check: baseline .*missing\.json: cannot read: No such file or directory$/],
    ['a baseline of another schema', () => {
      const f = join(t.dir, 'schema2.json');
      writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(t.base, 'utf8')), schema: 2 }));
      return ['check', t.root, '--baseline', f];
    }, /: not an elfaudit baseline: \/schema: unsupported baseline schema 2 \(this elfaudit reads schema 1\); create the baseline again$/],
    ['a baseline with a damaged record', () => {
      const f = join(t.dir, 'damaged.json');
      const doc = JSON.parse(readFileSync(t.base, 'utf8'));
      doc.files[0].programHeaders[1].vaddr = 12;
      writeFileSync(f, JSON.stringify(doc));
      return ['check', t.root, '--baseline', f];
    }, /: not an elfaudit baseline: \/files\/0\/programHeaders\/1\/vaddr: expected a hex string such as "0x1000", found 12$/],
    ['JSON that is no baseline', () => {
      const f = join(t.dir, 'other.json');
      writeFileSync(f, '[1, 2, 3]');
      return ['check', t.root, '--baseline', f];
    }, /: not an elfaudit baseline: expected an object, found an array$/],
    ['a directory that does not exist', () => ['check', join(t.dir, 'nope'), '--baseline', t.base], /^elfaudit baseline check: .*nope: not a directory \(or does not exist\)$/],
    ['more directories than the baseline has', () => ['check', t.root, t.root, '--baseline', t.base], /the baseline records 1 directory \(".*out"\) and 2 were given: give them in the same order$/],
    ['an unknown format', () => ['check', t.root, '--baseline', t.base, '--format', 'pdf'], /argument 'pdf' is invalid/],
    ['no --baseline', () => ['check', t.root], /required option '-b, --baseline <file>' not specified/],
    ['no subcommand', () => [], /Usage: baseline/],
    ['a bad --report', () => ['check', t.root, '--baseline', t.base, '--report', 'pdf=x'], /--report pdf=x: expected FORMAT=FILE with FORMAT one of text, json, markdown, sarif, github, junit, codequality, html$/],
    ['a policy with an unknown rule', () => {
      const f = join(t.dir, 'p1.json');
      writeFileSync(f, JSON.stringify({ schema: 1, rules: { 'relro-downgraded': 'off' } }));
      return ['check', t.root, '--baseline', t.base, '--policy', f];
    }, /policy .*p1\.json: rules\.relro-downgraded: unknown key \(allowed: relro-downgrade, nx-lost, /],
    ['an ignore entry without a reason', () => {
      const f = join(t.dir, 'p2.json');
      writeFileSync(f, JSON.stringify({ schema: 1, ignore: [{ path: 'x/**' }] }));
      return ['check', t.root, '--baseline', t.base, '--policy', f];
    }, /policy .*p2\.json: ignore\[0\]\.reason: missing$/],
  ];
  for (const [what, args, line] of cases) {
    it(what, () => {
      const r = run(args());
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      if (what === 'no subcommand') {
        expect(r.stderr).toMatch(line);
        return;
      }
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    });
  }

  it('create without --output, or without a directory', () => {
    expect(run(['create', t.root]).status).toBe(2);
    expect(run(['create', '--output', join(t.dir, 'x.json')]).status).toBe(2);
  });
});

// ---- names from the file system, escaped for each format ----------------------------------------

/** The Markdown with every code span removed: what a renderer would parse as markup. */
function outsideCodeSpans(md: string): string {
  return md.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, '');
}

describe('hostile file names', () => {
  const names = ['evil<img src=x>.so', 'pipe|and`tick`.so', 'new\nline.so', 'per%cent:colon,comma.so'];
  const t = tree(Object.fromEntries(names.map((nm) => [nm, buildSeed(SEED_OLD)])));
  beforeAll(() => {
    create(t);
    for (const nm of names) put(t.root, nm, buildSeed(SEED_NEW));
  });

  it('Markdown shows them as code, never as markup', () => {
    const r = check(t, ['--format', 'markdown']);
    expect(r.status).toBe(1);
    const md = r.stdout;
    expect(md).toContain('### `' + join(t.root, 'evil<img src=x>.so') + '`');
    expect(md).toContain('### ``' + join(t.root, 'pipe|and`tick`.so') + '``');
    expect(md).toContain('### `' + join(t.root, 'new\\nline.so') + '`');
    const bare = outsideCodeSpans(md);
    expect(bare).not.toContain('<img');
    expect(bare).not.toMatch(/[^\\]`/);
    // no line of a table is broken by a name
    for (const line of md.split('\n').filter((l) => l.startsWith('| `'))) expect(line.endsWith('|')).toBe(true);
    // the only HTML is our own <details>
    expect(bare.replace(/<\/?details>|<\/?summary>/g, '')).not.toMatch(/<[a-z]/i);
  });

  it('GitHub annotations escape them with GitHub\'s rules', () => {
    const out = check(t, ['--format', 'github']).stdout;
    expect(out).toContain('::error file=out/per%25cent%3Acolon%2Ccomma.so,title=elfaudit segment-added::');
    expect(out).toContain('::error file=out/new\\nline.so,');
    for (const line of out.trimEnd().split('\n').slice(0, -1)) expect(line).toMatch(/^::(error|warning|notice) file=[^:,]*,title=[^:,]*::/);
  });

  it('text shows their control characters', () => {
    const out = check(t).stdout;
    expect(out).toContain(`${join(t.root, 'new\\nline.so')}: segment-added`);
    expect(out).not.toContain('new\nline');
  });

  it('JSON and SARIF carry them as data (SARIF URIs percent-encoded from the bytes)', () => {
    const doc = json(t).doc;
    expect(doc.violations.map((v: { path: string }) => v.path)).toContain('new\nline.so');
    const sarif = JSON.parse(check(t, ['--format', 'sarif']).stdout);
    const uris = sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('out/evil%3Cimg%20src%3Dx%3E.so');
    expect(uris).toContain('out/new%0Aline.so');
    expect(uris).toContain('out/pipe%7Cand%60tick%60.so');
  });
});

// ---- SARIF against the official schema ------------------------------------------------------------

describe('SARIF 2.1.0', () => {
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
  const validator = new SchemaValidator(schema);

  it('the validator catches what the schema forbids', () => {
    expect(validator.validate({ version: '2.1.0', runs: [] })).toEqual([]);
    expect(validator.validate({ version: '2.0.0', runs: [] })).toHaveLength(1);
    expect(validator.validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }).join()).toContain("missing required property 'name'");
    expect(validator.validate({ version: '2.1.0', runs: [], extra: 1 }).join()).toContain("property 'extra' is not allowed");
    expect(
      validator.validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }).join(),
    ).toContain('"fatal" is not one of');
  });

  it('a report with violations, allowed, ignored findings and hostile names is valid, and usable by code scanning', () => {
    const names = ['evil<img src=x>.so', 'ok.so', 'gone.so'];
    const t = tree(Object.fromEntries(names.map((nm) => [nm, buildSeed(SEED_OLD)])));
    create(t);
    put(t.root, 'evil<img src=x>.so', buildSeed(SEED_NEW));
    put(t.root, 'ok.so', buildSeed(SEED_NEW));
    rmSync(join(t.root, 'gone.so'));
    put(t.root, 'new.so', buildSeed(SEED_NEW));
    const policy = join(t.dir, 'p.json');
    writeFileSync(
      policy,
      JSON.stringify({ schema: 1, rules: { 'memory-growth': 'warning', 'segment-flags-changed': 'off' }, ignore: [{ path: 'ok.so', rules: ['segment-added'], reason: 'accepted in review' }] }),
    );
    const r = check(t, ['--format', 'sarif', '--policy', policy]);
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validator.validate(log)).toEqual([]);

    const run0 = log.runs[0];
    const rules = run0.tool.driver.rules;
    expect(rules.map((x: { id: string }) => x.id)).toEqual([
      'relro-downgrade', 'nx-lost', 'pie-lost', 'canary-lost', 'fortify-lost', 'rpath-added', 'runpath-added', 'textrel-added',
      'wx-segment-added', 'execstack-added', 'segment-added', 'segment-removed', 'segment-flags-changed', 'memory-growth',
      'soname-changed', 'needed-added', 'needed-removed', 'symbol-removed', 'symbol-added', 'glibc-version-raised', 'section-grew', 'file-added', 'file-removed', 'hardening-floor',
    ]);
    expect(rules.find((x: { id: string }) => x.id === 'segment-flags-changed').defaultConfiguration).toEqual({ enabled: false, level: 'none' });
    expect(run0.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    expect(run0.tool.driver.informationUri).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).homepage);
    const levels: string[] = [];
    for (const res of run0.results) {
      expect(rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations).toHaveLength(1);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).toMatch(/^out\//);
      expect(loc.region.startLine).toBe(1);
      expect(res.partialFingerprints['elfaudit/v1']).toMatch(/^[0-9a-f]{64}$/);
      levels.push(`${res.ruleId}:${res.level}${res.suppressions ? ':suppressed' : ''}`);
    }
    expect(levels.sort()).toEqual(
      [
        'segment-added:error', 'memory-growth:warning', // evil<img…>.so
        'file-removed:note', 'file-added:note',
        'segment-added:error:suppressed', 'memory-growth:warning', // ok.so
      ].sort(),
    );
    const suppressed = run0.results.find((x: { suppressions?: unknown }) => x.suppressions);
    expect(suppressed.suppressions[0]).toEqual({ kind: 'external', status: 'accepted', justification: "accepted in review (policy ignore entry 'ok.so')" });
    // fingerprints are stable from run to run and differ between findings
    const again = JSON.parse(check(t, ['--format', 'sarif', '--policy', policy]).stdout).runs[0].results;
    expect(again.map((x: { partialFingerprints: object }) => x.partialFingerprints)).toEqual(run0.results.map((x: { partialFingerprints: object }) => x.partialFingerprints));
    expect(new Set(run0.results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['elfaudit/v1'])).size).toBe(run0.results.length);
  });

  it('a file outside the repository root gets an absolute file: URI', () => {
    const t = tree({ 'a.so': buildSeed(SEED_OLD) });
    create(t);
    put(t.root, 'a.so', buildSeed(SEED_NEW));
    const r = run(['check', t.root, '--baseline', t.base, '--format', 'sarif', '--repo-root', join(t.dir, 'elsewhere')]);
    const log = JSON.parse(r.stdout);
    expect(validator.validate(log)).toEqual([]);
    const loc = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(loc.uriBaseId).toBeUndefined();
    expect(loc.uri).toBe(`file://${join(t.root, 'a.so')}`);
  });
});
