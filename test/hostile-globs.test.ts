/**
 * A policy's ignore patterns come from a file a merge request can edit. A
 * pattern built to make a backtracking matcher explode
 * (`*a*a*a*a*a*a*a*a*a*a*a*ab` against 40 `a`s took the regular expression
 * more than 10 s) must cost path × pattern steps, and a pattern longer than
 * MAX_PATTERN is refused with a clear error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileGlob, GlobError, MAX_PATTERN } from '../src/gate/glob.js';
import { parsePolicy } from '../src/gate/policy.js';
import { InputError } from '../src/gate/json-input.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const haveTools = existsSync('dist/gate/glob.js') && spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;

describe('globs that would backtrack', () => {
  it('give the right answers on the patterns that used to explode', () => {
    const g = compileGlob('*a*a*a*a*a*a*a*a*a*a*a*ab');
    expect(g.matches('a'.repeat(40))).toBe(false);
    expect(g.matches(`${'a'.repeat(40)}b`)).toBe(true);
    expect(compileGlob('**/**/**/**/**/**/x').matches(`${'d/'.repeat(40)}y`)).toBe(false);
    expect(compileGlob('**/**/**/**/**/**/x').matches(`${'d/'.repeat(40)}x`)).toBe(true);
  });

  // Heavy: spawns Node. No timing: the child runs under a CPU-time limit
  // (prlimit --cpu=20, RLIMIT_CPU; the kernel stops it with SIGXCPU), about
  // 100× what these 200 matches of a 4,000-character path cost now and far
  // below what the regular expression took for one 40-character name.
  it.skipIf(!haveTools)('200 matches of the worst pattern against long names finish within a CPU-time limit', () => {
    const script = `
      import { compileGlob } from './dist/gate/glob.js';
      const g = compileGlob('*a'.repeat(200) + 'b');
      let n = 0;
      for (let i = 0; i < 200; i++) if (g.matches('a'.repeat(4000))) n++;
      console.log(n);`;
    const r = spawnSync('prlimit', ['--cpu=20', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.stdout.trim()).toBe('0');
  }, HEAVY_TIMEOUT);

  it(`refuses a pattern longer than ${MAX_PATTERN} characters, naming the entry`, () => {
    expect(() => compileGlob('a'.repeat(MAX_PATTERN + 1))).toThrow(new GlobError(`a pattern of ${MAX_PATTERN + 1} characters is longer than the ${MAX_PATTERN} allowed`));
    expect(compileGlob('a'.repeat(MAX_PATTERN)).matches('a'.repeat(MAX_PATTERN))).toBe(true);
    expect(() => parsePolicy({ schema: 1, ignore: [{ path: '*'.repeat(MAX_PATTERN + 1), reason: 'r' }] }, 'p.json')).toThrow(InputError);
  });
});
