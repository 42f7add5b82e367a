import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureOutput } from '../src/io/output.js';
import { diffMain } from '../src/cli/diff.js';
import { memoryMain } from '../src/cli/memory.js';
import { mdCode } from '../src/diff/index.js';
import { buildSeed, SEED_NEW, SEED_OLD } from './helpers/seed-builds.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-memory-'));
const oldSo = join(dir, 'libseed-old.so');
const newSo = join(dir, 'libseed-new.so');
writeFileSync(oldSo, buildSeed(SEED_OLD));
writeFileSync(newSo, buildSeed(SEED_NEW));

function run(main: typeof memoryMain, args: string[]) {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

const CONTRACT_KEYS = ['pageSize', 'loader', 'mappedPages', 'fileBackedPages', 'anonPages', 'vmas', 'dirtyPages', 'relro', 'segments'];

describe('elfaudit memory', () => {
  it('prints the seed in text', () => {
    const r = run(memoryMain, ['--page-size', '4k,16k,64k', oldSo, newSo]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${oldSo}: ELF32 ARM shared object; loader glibc (default: glibc maps a shared object)`);
    expect(r.stdout).toContain('  4 KiB pages: 31 pages mapped (31 file-backed, 0 anonymous), 3 VMAs, 1 dirty page per process');
    expect(r.stdout).toContain('  4 KiB pages: 32 pages mapped (32 file-backed, 0 anonymous), 4 VMAs, 2 dirty pages per process');
    expect(r.stdout).toContain('RELRO [0x2dc4c, 0x2e000): 1 page read-only [0x2d000, 0x2e000)');
    expect(r.stdout).toContain('0x2d000-0x2e000  r--p  file LOAD[2] RELRO  1 dirty');
    expect(r.stdout).toContain('  16 KiB pages: 9 pages mapped (9 file-backed, 0 anonymous), 3 VMAs, 1 dirty page per process');
  });

  it('prints the seed in JSON with the contract keys: one versioned document, for one file as for many', () => {
    const r = run(memoryMain, ['--format', 'json', '--page-size', '4k,16k,64k', newSo]);
    expect(r.status).toBe(0);
    const top = JSON.parse(r.stdout);
    expect(Object.keys(top)).toEqual(['schema', 'files']);
    expect(top.schema).toBe(2);
    expect(top.files).toHaveLength(1);
    const doc = top.files[0];
    expect(Object.keys(doc)).toEqual(['file', 'estimates']);
    expect(doc.file).toBe(newSo);
    expect(doc.estimates.map((e: Record<string, unknown>) => e.pageSize)).toEqual([4096, 16384, 65536]);
    const e = doc.estimates[0];
    expect(Object.keys(e).slice(0, CONTRACT_KEYS.length)).toEqual(CONTRACT_KEYS);
    expect(e).toMatchObject({ pageSize: 4096, loader: 'glibc', mappedPages: 32, fileBackedPages: 32, anonPages: 0, vmas: 4, dirtyPages: 2 });
    expect(e.relro).toEqual({ protectedPages: 1, unprotectedTailBytes: 0 });
    expect(e.segments[1]).toMatchObject({ index: 2, vaddr: '0x2dc4c', memsz: '0x730', fileBackedPages: 2, bssTailPage: '0x2e000' });
  });

  it('honours --page-size and --loader', () => {
    const doc = JSON.parse(run(memoryMain, ['--format', 'json', '--page-size', '4096,16k', '--loader', 'bionic', newSo]).stdout).files[0];
    expect(doc.estimates.map((e: { pageSize: number; loader: string }) => [e.pageSize, e.loader])).toEqual([
      [4096, 'bionic'],
      [16384, 'bionic'],
    ]);
    const bad = run(memoryMain, ['--page-size', '3000', newSo]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^elfaudit: --page-size: '3000' is not a page size/);
  });

  it('reports a bad file on one line and goes on with the others', () => {
    const trunc = join(dir, 'truncated.so');
    writeFileSync(trunc, buildSeed(SEED_NEW).subarray(0, 30));
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello\n');
    const missing = join(dir, 'missing.so');
    const r = run(memoryMain, ['--format', 'json', oldSo, missing, trunc, text, newSo]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `elfaudit: ${missing}: No such file or directory`,
      `elfaudit: ${trunc}: truncated ELF header (at offset 0x1e; expected a 52-byte ELF32 header)`,
      `elfaudit: ${text}: not an ELF file: wrong magic bytes (at offset 0x0; expected the magic bytes 7f 45 4c 46)`,
    ]);
    const docs = JSON.parse(r.stdout);
    expect(docs.schema).toBe(2);
    expect(docs.files.map((d: { file: string }) => d.file)).toEqual([oldSo, newSo]);
  });

  it('JSON parses, or the reader explains, for every sample and crafted file', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (!/\.(sh|mjs|txt|md|c|S)$|MANIFEST/.test(name)) files.push(p);
      }
    };
    walk(join(import.meta.dirname, '..', 'samples'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const r = run(memoryMain, ['--format', 'json', f]);
      if (r.status === 0) {
        expect(() => JSON.parse(r.stdout), f).not.toThrow();
      } else {
        expect(r.status, f).toBe(1);
        expect(r.stderr, f).toMatch(/^elfaudit: [^\n]+: [^\n]+\n$/);
        expect(JSON.parse(r.stdout), f).toEqual({ schema: 2, files: [] });
      }
    }
  });
});

describe('elfaudit diff', () => {
  it('explains the seed in text', () => {
    const r = run(diffMain, ['--page-size', '4k,16k,64k', oldSo, newSo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  added GNU_RELRO [6] R: offset 0x1dc4c, vaddr 0x2dc4c, filesz 0x3b4, memsz 0x3b4, align 0x1');
    expect(r.stdout).toContain('  LOAD #2 (RW): offset 0x1d324 → 0x1dc4c, vaddr 0x2d324 → 0x2dc4c, filesz 0x72c → 0x700, memsz 0x78c → 0x730');
    expect(r.stdout).toContain('  RELRO: no RELRO → partial RELRO');
    expect(r.stdout).toContain('  4 KiB pages: mapped pages 31 → 32 (+1), VMAs 3 → 4 (+1), dirty pages 1 → 2 (+1)');
    expect(r.stdout).toContain('      GNU_RELRO added: the RW LOAD now spans 2 pages instead of 1');
    expect(r.stdout).toContain('  16 KiB pages: mapped pages 9 → 9 (0), VMAs 3 → 3 (0), dirty pages 1 → 1 (0)');
    expect(r.stdout).toContain('  64 KiB pages: mapped pages 3 → 3 (0), VMAs 2 → 2 (0), dirty pages 1 → 1 (0)');
  });

  it('gives the JSON contract', () => {
    const r = run(diffMain, ['--format', 'json', '--page-size', '4k,16k,64k', oldSo, newSo]);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['schema', 'old', 'new', 'segments', 'hardening', 'memory']);
    expect(doc.schema).toBe(2);
    expect(doc.old).toMatchObject({ file: oldSo, fileSize: SEED_OLD.fileSize, padding: 4 });
    expect(doc.new).toMatchObject({ file: newSo, fileSize: SEED_NEW.fileSize, padding: 0x92c });
    expect(doc.segments.added).toEqual([
      { index: 6, type: 'GNU_RELRO', flags: 'R', offset: '0x1dc4c', vaddr: '0x2dc4c', filesz: '0x3b4', memsz: '0x3b4', align: '0x1' },
    ]);
    expect(doc.hardening.relro).toEqual({ old: 'none', new: 'partial', changed: true });
    expect(doc.memory.map((m: Record<string, unknown>) => [m.pageSize, m.old, m.new, m.delta])).toEqual([
      [4096, { mappedPages: 31, vmas: 3, dirtyPages: 1 }, { mappedPages: 32, vmas: 4, dirtyPages: 2 }, { mappedPages: 1, vmas: 1, dirtyPages: 1 }],
      [16384, { mappedPages: 9, vmas: 3, dirtyPages: 1 }, { mappedPages: 9, vmas: 3, dirtyPages: 1 }, { mappedPages: 0, vmas: 0, dirtyPages: 0 }],
      [65536, { mappedPages: 3, vmas: 2, dirtyPages: 1 }, { mappedPages: 3, vmas: 2, dirtyPages: 1 }, { mappedPages: 0, vmas: 0, dirtyPages: 0 }],
    ]);
  });

  it('writes Markdown for a review comment', () => {
    const md = run(diffMain, ['--format', 'markdown', '--page-size', '4k,16k,64k', oldSo, newSo]).stdout;
    expect(md).toContain(`### elfaudit diff: \`${oldSo}\` → \`${newSo}\``);
    expect(md).toContain('**At 4 KiB pages, every process that maps the new build pays +1 mapped page, +1 VMA, +1 dirty page.**');
    expect(md).toContain('| 4 KiB | 31 → 32 (**+1**) | 3 → 4 (**+1**) | 1 → 2 (**+1**) |');
    expect(md).toContain('| 16 KiB | 9 → 9 (0) | 3 → 3 (0) | 1 → 1 (0) |');
    expect(md).toContain('| RELRO | no RELRO | partial RELRO | changed |');
    expect(md).toContain('GNU\\_RELRO added: the RW LOAD now spans 2 pages instead of 1');
  });

  it('shows hostile file names in Markdown, never renders them', () => {
    const evil = join(dir, 'evil<img src=x>.so');
    const weird = join(dir, 'a|b`c\nd.so');
    writeFileSync(evil, buildSeed(SEED_OLD));
    writeFileSync(weird, buildSeed(SEED_NEW));
    const md = run(diffMain, ['--format', 'markdown', evil, weird]).stdout;
    const heading = md.split('\n')[0]!;
    expect(heading).toBe(`### elfaudit diff: \`${evil}\` → \`\`${dir}/a|b\`c\\nd.so\`\``);
    // Outside code spans, no raw HTML survives.
    const outsideCode = md.replace(/(`+)[\s\S]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<img/);
    expect(md.split('\n').filter((l) => l.includes('d.so')).length).toBe(1);
  });

  it('escapes names for tables and fences', () => {
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode('``x')).toBe('``` ``x ```');
    expect(mdCode('x\ny\u0001')).toBe('`x\\ny\\x01`');
    expect(mdCode('<script>')).toBe('`<script>`');
  });

  it('fails with the reader error when either file is bad', () => {
    const r = run(diffMain, [oldSo, join(dir, 'nope.so')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`elfaudit: ${join(dir, 'nope.so')}: No such file or directory\n`);
    expect(r.stdout).toBe('');
  });
});
