/**
 * File names with terminal controls (ESC sequences that clear the screen,
 * OSC sequences that retitle it, BEL, newlines that forge a second line or
 * a GitHub `::error` command) reach no output raw: memory's and diff's text,
 * the gate's GitHub annotations and commander's usage errors all print
 * them as visible escapes (`\x1b`, `\n`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { diffMain } from '../src/cli/diff.js';
import { memoryMain } from '../src/cli/memory.js';
import { CaptureOutput } from '../src/io/output.js';
import { buildSeed, SEED_NEW, SEED_OLD } from './helpers/seed-builds.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-control-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ['clear\x1b[2J.so', 'title\x1b]0;pwned\x07.so', 'forged\n::error file=x::owned.so'];
/** No ESC, BEL or other C0 control except the newlines that end lines, and no line that starts a GitHub command it should not. */
function clean(text: string): void {
  expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  for (const line of text.split('\n')) expect(line.startsWith('::error file=x')).toBe(false);
}

function run(main: (a: readonly string[], io: CaptureOutput) => number, args: string[]) {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

describe('names with terminal controls are printed escaped', () => {
  const old = join(dir, 'old.so');
  writeFileSync(old, buildSeed(SEED_OLD));
  const files = NAMES.map((n) => {
    const p = join(dir, n);
    writeFileSync(p, buildSeed(SEED_NEW));
    return p;
  });

  it.each(NAMES.map((n, i) => [n, i]))('memory text for %j', (_n, i) => {
    const r = run(memoryMain, [files[i as number]!]);
    expect(r.status, r.stderr).toBe(0);
    clean(r.stdout);
    expect(r.stdout).toMatch(/\\x1b|\\n::error/);
  });

  it.each(NAMES.map((n, i) => [n, i]))('diff text for %j', (_n, i) => {
    const r = run(diffMain, [old, files[i as number]!]);
    clean(r.stdout);
    clean(r.stderr);
    expect(r.stdout.split('\n')[1]!.startsWith('new: ')).toBe(true);
  });

  it.each(NAMES.map((n, i) => [n, i]))('memory error line for a missing %j', (_n, i) => {
    const r = run(memoryMain, [`${files[i as number]!}.missing`]);
    expect(r.status).not.toBe(0);
    clean(r.stderr);
  });

  it('a usage error quoting an option with controls', () => {
    const r = run(baselineMain, ['check', '-b', 'b.json', '--\x1b]0;pwned\x07', 'x']);
    expect(r.status).toBe(2);
    clean(r.stderr);
    expect(r.stderr).toContain("'--\\x1b]0;pwned\\x07'");
  });

  it('GitHub annotations for files named with controls', () => {
    const root = join(dir, 'tree');
    mkdirSync(root);
    for (const n of NAMES) copyFileSync(old, join(root, n));
    const base = join(dir, 'b.json');
    expect(run(baselineMain, ['create', root, '-o', base]).status).toBe(0);
    for (const n of NAMES) copyFileSync(files[0]!, join(root, n));
    const r = run(baselineMain, ['check', root, '-b', base, '--format', 'github', '--repo-root', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error');
    clean(r.stdout);
  });
});
