/**
 * What `npm pack` ships: the program, the library and its types, the
 * README and the LICENSE that package.json's "license" names, and the
 * sources every shipped source map points at — nothing of the tests,
 * samples or scripts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const ROOT = join(import.meta.dirname, '..');

function packList(): string[] {
  // --ignore-scripts: `prepare` would rebuild; the test reads the dist the suite was built with
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return doc[0]!.files.map((f) => f.path);
}

describe('the npm package', () => {
  // Heavy: spawns npm.
  it('ships the CLI, the library with types, README and LICENSE, and no tests, samples or scripts', { timeout: HEAVY_TIMEOUT }, () => {
    const files = new Set(packList());
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/elfaudit.js', 'dist/cli/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/internal.js', 'dist/internal.d.ts']) {
      expect(files.has(f), f).toBe(true);
    }
    for (const f of files) expect(f, f).not.toMatch(/^(test|samples|scripts|dist-scripts|lint|docs)\//);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');

    // every source map in the package points only at sources the package ships
    const maps = [...files].filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(ROOT, m), 'utf8')) as { sources: string[]; sourceRoot?: string };
      for (const s of map.sources) {
        const target = posix.normalize(posix.join(dirname(m), map.sourceRoot ?? '', s));
        if (!files.has(target)) missing.push(`${m} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
