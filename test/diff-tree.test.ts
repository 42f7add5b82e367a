/**
 * `elfaudit diff OLD_DIR NEW_DIR`: files paired by path relative to each
 * root, a renamed library paired by its SONAME, added and removed files,
 * per-file changes and totals per process; text, JSON and Markdown.
 * Binaries come from the host gcc (skipped, saying so, without it).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffMain } from '../src/cli/diff.js';
import { CaptureOutput } from '../src/io/output.js';
import { gcc, hasGcc } from './helpers/gcc.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'elfaudit-difftree-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]) {
  const io = new CaptureOutput();
  const status = diffMain(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

const oldDir = join(work, 'old');
const newDir = join(work, 'new');

beforeAll(() => {
  if (!hasGcc) return;
  const demo = join(FIXTURES, 'memory', 'relro-demo.c');
  const b = join(work, 'bin');
  mkdirSync(b);
  gcc(join(b, 'norelro.so'), ['-fPIC', '-shared', '-Wl,-z,norelro', demo]);
  gcc(join(b, 'relro.so'), ['-fPIC', '-shared', '-Wl,-z,relro', demo]);
  gcc(join(b, 'soname.so'), ['-fPIC', '-shared', '-Wl,-z,norelro', '-Wl,-soname,libren.so.1', demo]);
  gcc(join(b, 'soname-relro.so'), ['-fPIC', '-shared', '-Wl,-z,relro', '-Wl,-soname,libren.so.1', demo]);
  for (const d of [oldDir, newDir]) mkdirSync(join(d, 'lib'), { recursive: true });
  copyFileSync(join(b, 'norelro.so'), join(oldDir, 'lib', 'libdemo.so')); // changed: gains RELRO
  copyFileSync(join(b, 'relro.so'), join(newDir, 'lib', 'libdemo.so'));
  copyFileSync(join(b, 'relro.so'), join(oldDir, 'lib', 'libsame.so')); // unchanged
  copyFileSync(join(b, 'relro.so'), join(newDir, 'lib', 'libsame.so'));
  copyFileSync(join(b, 'soname.so'), join(oldDir, 'lib', 'libren.so.1.0')); // renamed, same SONAME
  copyFileSync(join(b, 'soname-relro.so'), join(newDir, 'lib', 'libren.so.1.1'));
  copyFileSync(join(b, 'norelro.so'), join(oldDir, 'lib', 'libgone.so')); // removed
  copyFileSync(join(b, 'relro.so'), join(newDir, 'lib', 'libnew.so')); // added
  writeFileSync(join(newDir, 'README'), 'not ELF\n');
}, HEAVY_TIMEOUT); // Heavy: gcc links four shared objects.

describe.skipIf(!hasGcc)('diff OLD_DIR NEW_DIR (host gcc)', () => {
  it('pairs files by relative path, a rename by SONAME, and lists added and removed ones (JSON)', () => {
    const r = run(['--format', 'json', oldDir, newDir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe(1);
    expect(doc.files.map((f: { path: string; status: string; oldPath?: string }) => `${f.status} ${f.oldPath ?? ''}${f.oldPath ? ' → ' : ''}${f.path}`)).toEqual([
      'changed lib/libdemo.so',
      'removed lib/libgone.so',
      'added lib/libnew.so',
      'renamed lib/libren.so.1.0 → lib/libren.so.1.1',
      'unchanged lib/libsame.so',
    ]);
    expect(doc.summary).toEqual({ files: 5, changed: 1, renamed: 1, added: 1, removed: 1, unchanged: 1 });
    const changed = doc.files[0];
    expect(changed.diff.hardening.relro).toMatchObject({ old: 'none', new: 'partial' });
    expect(doc.files[3].soname).toBe('libren.so.1');
    // totals: each RELRO gain costs +1 mapped page at 4 KiB; the added relro build and the removed norelro one differ by one more
    const t4 = doc.totals.find((x: { pageSize: number }) => x.pageSize === 4096);
    const perFile = doc.files.filter((f: { diff: unknown }) => f.diff !== null).map((f: { diff: { memory: { pageSize: number; delta: { mappedPages: number } }[] } }) => f.diff.memory.find((m) => m.pageSize === 4096)!.delta.mappedPages);
    expect(perFile).toEqual([1, 1]);
    expect(t4.mappedPages).toBe(3);
  });

  it('says the same in text and Markdown, each changed file followed by its whole diff', () => {
    const text = run([oldDir, newDir]).stdout;
    expect(text.split('\n')[0]).toBe(`elfaudit diff ${oldDir} → ${newDir}: 5 ELF files: 1 changed, 1 renamed, 1 added, 1 removed, 1 unchanged`);
    expect(text).toContain('  renamed  lib/libren.so.1.0 → lib/libren.so.1.1 (same SONAME libren.so.1); RELRO none → partial; at 4 KiB pages: +1 mapped page, +1 VMA, +1 dirty page');
    expect(text).toContain('  at 4 KiB pages: +3 mapped pages');
    expect(text).toContain('=== lib/libdemo.so\nold: ');
    const md = run(['--format', 'markdown', oldDir, newDir]).stdout;
    expect(md).toContain('| `lib/libren.so.1.0` → `lib/libren.so.1.1` | renamed | RELRO none → partial |');
  });

  it('a directory against a file is a usage error: exit 2', () => {
    const r = run([oldDir, join(newDir, 'lib', 'libdemo.so')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('give two files or two directories');
  });
});
