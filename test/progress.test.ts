/**
 * The progress line commands over many files show on a terminal
 * (src/io/progress.ts): replaced in place, at most ten updates a second,
 * cut to the width, cleared before any stderr line; fed by audit, memory
 * and baseline check for each file; never written when stderr is piped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditMain } from '../src/cli/audit.js';
import { baselineMain } from '../src/cli/baseline.js';
import { memoryMain } from '../src/cli/memory.js';
import { CaptureOutput } from '../src/io/output.js';
import { TerminalProgress, withProgress } from '../src/io/progress.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const DIR = 'samples/checksec/x86_64';

function fakeTerminal(columns = 40) {
  const writes: string[] = [];
  let clock = 0;
  const p = new TerminalProgress({ isTTY: true, columns, write: (s) => writes.push(s) }, () => clock);
  return { p, writes, tick: (ms: number) => (clock += ms) };
}

/** A CaptureOutput that records progress calls, as the CLI's terminal output would get them. */
class RecordingOutput extends CaptureOutput {
  readonly updates: string[] = [];
  readonly progress = (text: string) => {
    this.updates.push(text);
  };
}

describe('the terminal progress line', () => {
  it('shows at most ten updates a second, replacing the line, cut to the width', () => {
    const t = fakeTerminal(20);
    for (let i = 0; i < 50; i++) {
      t.p.show(`[${i + 1}/50] some/long/path/name-${i}`);
      t.tick(10); // 50 files in half a second
    }
    expect(t.writes.length).toBeLessThanOrEqual(6);
    expect(t.writes[0]).toBe('\r\x1b[K[1/50] some/long/pa'); // 19 of 20 columns: the cursor stays on the line
    t.p.show('');
    expect(t.writes.at(-1)).toBe('\r\x1b[K');
  });

  it('is cleared before a stderr line, so the line is never mixed into an error', () => {
    const t = fakeTerminal();
    const inner = new CaptureOutput();
    const out = withProgress(inner, t.p);
    out.progress!('[1/2] a');
    out.err('elfaudit: b: no such file\n');
    expect(t.writes).toEqual(['\r\x1b[K[1/2] a', '\r\x1b[K']);
    expect(inner.stderr).toBe('elfaudit: b: no such file\n');
  });

  it('audit and memory report each file of a tree, then clear the line', () => {
    for (const main of [auditMain, memoryMain]) {
      const io = new RecordingOutput();
      main([DIR], io);
      expect(io.updates.length).toBeGreaterThan(10);
      expect(io.updates[0]).toMatch(/^\[1\/\d+\] samples\/checksec\/x86_64\//);
      expect(io.updates.at(-1)).toBe('');
    }
  });

  it('baseline create and check report each file of the trees, then clear the line', () => {
    const base = join(mkdtempSync(join(tmpdir(), 'elfaudit-progress-')), 'base.json');
    for (const args of [['create', DIR, '--output', base], ['check', DIR, '--baseline', base]]) {
      const io = new RecordingOutput();
      baselineMain(args, io);
      expect(io.updates.length).toBeGreaterThan(10);
      expect(io.updates[0]).toMatch(/^\[1\/\d+\] samples\/checksec\/x86_64\//);
      expect(io.updates.at(-1)).toBe('');
    }
    rmSync(join(base, '..'), { recursive: true, force: true });
  });

  // Heavy: spawns the CLI.
  it('is never written when stderr is piped', { timeout: HEAVY_TIMEOUT }, () => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'elfaudit.js'), 'audit', DIR], { encoding: 'utf8' });
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).not.toContain('\r');
  });
});
