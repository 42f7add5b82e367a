/**
 * The project's own lint rules, applied to src/ by `npm run lint` (in
 * .ci/run): no array spread into a call (lint/no-call-spread.grit), since
 * V8 overflows its stack past ~100,000 arguments and real libraries have a
 * million relocations; no `catch` without a binding (lint/no-bare-catch.grit),
 * since it swallows a bug's TypeError as if the file could not be read.
 * These tests make sure each rule still catches what it is for and lets
 * through what is harmless.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const biome = resolve('node_modules/.bin/biome');
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(source: string): string {
  const config = JSON.parse(readFileSync('biome.json', 'utf8'));
  config.vcs = { enabled: false };
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  cpSync('lint', join(dir, 'lint'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'probe.ts'), source);
  const r = spawnSync(biome, ['lint', '--max-diagnostics=none', 'src/probe.ts'], { cwd: dir, encoding: 'utf8' });
  return r.stdout + r.stderr;
}

// Heavy: starts the Biome binary.
describe('lint/no-call-spread.grit', { timeout: HEAVY_TIMEOUT }, () => {
  it('flags an array spread into a call or a constructor', () => {
    const out = lint(
      ['const xs: number[] = [];', 'const out: number[] = [];', 'out.push(...xs);', 'Math.max(...xs);', 'String.fromCharCode(...xs);', 'new Set(...[xs]);', ''].join('\n'),
    );
    expect(out.match(/a spread argument/g)).toHaveLength(4);
  });

  it('lets through array literals, object spreads and rest parameters', () => {
    const out = lint(
      ['const xs: number[] = [];', 'const ys = [...xs, 1];', 'const o = { ...{ a: 1 } };', 'function f(...rest: number[]) { return rest.length + ys.length; }', 'f(1, [...xs].length, o.a);', ''].join('\n'),
    );
    expect(out).not.toMatch(/a spread argument/);
  });
});

// Heavy: starts the Biome binary.
describe('lint/no-bare-catch.grit', { timeout: HEAVY_TIMEOUT }, () => {
  it('flags a catch without a binding, with or without finally', () => {
    const out = lint(
      ['export function a() { try { return 1; } catch { return 2; } }', 'export function b() { try { return 1; } catch { return 2; } finally { void 0; } }', ''].join('\n'),
    );
    expect(out.match(/a catch without a binding/g)).toHaveLength(2);
  });

  it('lets through a catch that names its error', () => {
    const out = lint(['export function c() { try { return 1; } catch (e) { if (e instanceof RangeError) return 2; throw e; } }', ''].join('\n'));
    expect(out).not.toMatch(/a catch without a binding/);
  });
});
