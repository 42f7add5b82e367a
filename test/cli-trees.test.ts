/**
 * `audit` and `memory` over trees: directories walked as checksec --dir
 * walks them (their ELF files only; other files skipped), and
 * `--listfile F` adding the paths of a list, in the order given.
 */
import { mkdirSync, mkdtempSync, copyFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditMain } from '../src/cli/audit.js';
import { memoryMain } from '../src/cli/memory.js';
import { CaptureOutput } from '../src/io/output.js';

const work = mkdtempSync(join(tmpdir(), 'elfaudit-trees-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HARDENED = 'samples/checksec/x86_64/hardened';
const root = join(work, 'out');
mkdirSync(join(root, 'lib', 'sub'), { recursive: true });
copyFileSync(HARDENED, join(root, 'bin-a'));
copyFileSync(HARDENED, join(root, 'lib', 'sub', 'libb.so'));
writeFileSync(join(root, 'README'), 'not ELF\n');
symlinkSync('bin-a', join(root, 'link-to-a'));

function run(main: (args: string[], io: CaptureOutput) => number, args: string[]) {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

describe('audit and memory over directories and list files', () => {
  it('audit DIR reports each ELF file under it, in byte order, skipping other files and symbolic links', () => {
    const r = run(auditMain, ['--format', 'json', root]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual([join(root, 'bin-a'), join(root, 'lib/sub/libb.so')]);
  });

  it('audit --require over a directory exits 1 naming the file below the floor', () => {
    expect(run(auditMain, ['--require', 'relro,canary,nx,pie', root]).status).toBe(0);
    const tree = join(work, 'weak');
    mkdirSync(join(tree, 'bin'), { recursive: true });
    copyFileSync(HARDENED, join(tree, 'bin', 'good'));
    copyFileSync('samples/checksec/x86_64/stack-last-exec', join(tree, 'bin', 'execstack'));
    const r = run(auditMain, ['--require', 'nx', tree]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter((l) => / nx: /.test(l) && l.startsWith(tree))).toEqual([expect.stringMatching(/^.*\/bin\/execstack: nx: no, below the floor \(nx\)/)]);
    expect(r.stderr).toBe('elfaudit audit: 1 of 2 files below the hardening floor (nx)\n');
  });

  it('--listfile adds the listed paths after the arguments; a missing list is one error line', () => {
    const list = join(work, 'list.txt');
    writeFileSync(list, `${join(root, 'lib/sub/libb.so')}\n\n${join(root, 'bin-a')}\n`);
    const r = run(auditMain, ['--format', 'json', HARDENED, '--listfile', list]);
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual([HARDENED, join(root, 'lib/sub/libb.so'), join(root, 'bin-a')]);
    const missing = run(auditMain, ['--listfile', join(work, 'none.txt')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^elfaudit audit: --listfile .*none\.txt: cannot read: /);
  });

  it('memory DIR estimates each ELF file under it', () => {
    const r = run(memoryMain, ['--format', 'json', root]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.map((f: { file: string }) => f.file)).toEqual([join(root, 'bin-a'), join(root, 'lib/sub/libb.so')]);
  });

  it('with neither a path nor a list, both refuse: exit 2', () => {
    expect(run(auditMain, []).status).toBe(2);
    expect(run(memoryMain, []).status).toBe(2);
  });
});
