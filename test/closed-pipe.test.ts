/**
 * `elfaudit … | head`: when the reader of standard output goes away, every
 * command stops quietly, as readelf does (it dies of SIGPIPE; Node ignores
 * SIGPIPE, so elfaudit sees EPIPE and exits with the status a shell reports
 * for SIGPIPE, 141). No stack trace, no error line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const samples = readFileSync('samples/MANIFEST', 'utf8')
  .split('\n')
  .filter((p) => p !== '' && !p.startsWith('samples/crafted/'));
// Enough output to fill a pipe (64 KiB) many times over.
const many = [...samples, ...samples, ...samples, ...samples];
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-pipe-'));
const list = join(dir, 'list.txt');
writeFileSync(list, Array.from({ length: 20 }, () => many.join('\n')).join('\n') + '\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI, reads its first chunk of output, closes the pipe, and waits for it to end. */
function closedEarly(args: string[]): Promise<{ status: number | null; signal: string | null; stderr: string; got: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/elfaudit.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let got = 0;
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.stdout.once('data', (b: Buffer) => {
      got = b.length;
      child.stdout.destroy();
    });
    child.on('close', (status, signal) => resolve({ status, signal, stderr, got }));
  });
}

// Heavy: each case starts the CLI as a whole process over a thousand paths.
describe.skipIf(!existsSync('dist/cli/main.js'))('a closed pipe is not an error', { timeout: HEAVY_TIMEOUT }, () => {
  const cases: [string, string[]][] = [
    ['readelf -lW', ['readelf', '-lW', ...many]],
    ['checksec --listfile', ['checksec', '--output=csv', `--listfile=${list}`]],
    ['audit', ['audit', ...many]],
    ['memory', ['memory', ...many]],
    ['baseline create --output -', ['baseline', 'create', ...Array.from({ length: 20 }, () => ['samples/x86_64', 'samples/aarch64', 'samples/arm']).flat(), '--output', '-']],
  ];
  for (const [name, args] of cases) {
    it(`${name}: stops quietly with status 141, as readelf killed by SIGPIPE`, async () => {
      const r = await closedEarly(args);
      expect(r.got).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/EPIPE|Error|at .*\.js:\d+/);
      expect(r.status).toBe(141);
    });
  }
});
