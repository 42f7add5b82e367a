/**
 * `--output` and `--report` go through one writer (src/io/output-file.ts):
 * a regular file is replaced atomically keeping its mode, a symbolic link
 * is written through (the link stays a link), a FIFO is written in place
 * (before, each of these was replaced by a new regular file).
 */
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { writeOutputFile } from '../src/io/output-file.js';
import { CaptureOutput } from '../src/io/output.js';
import { buildSeed, SEED_OLD } from './helpers/seed-builds.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the shared output writer', () => {
  it('replaces a regular file keeping its mode, and leaves no temporary file', () => {
    const f = join(dir, 'regular.json');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    writeOutputFile(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('writes through a symbolic link: the link stays, its target changes', () => {
    const target = join(dir, 'target.json');
    const link = join(dir, 'link.json');
    writeFileSync(target, 'old');
    symlinkSync('target.json', link);
    writeOutputFile(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('target.json');
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  // Heavy: spawns mkfifo and cat, the FIFO's reader.
  it('writes into a FIFO in place: the reader gets the baseline, the FIFO stays a FIFO', async () => {
    const fifo = join(dir, 'fifo');
    const mk = spawn('mkfifo', [fifo]);
    await new Promise((res) => mk.on('close', res));
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'lib.so'), buildSeed(SEED_OLD));
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => (got += d.toString()));
    const done = new Promise((res) => reader.on('close', res));
    const io = new CaptureOutput();
    expect(baselineMain(['create', tree, '--output', fifo], io), io.stderr).toBe(0);
    await done;
    expect(JSON.parse(got).files[0].path).toBe('lib.so');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  }, HEAVY_TIMEOUT);
});
