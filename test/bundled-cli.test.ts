/**
 * bin/elfaudit.js runs a subcommand from its one-file bundle
 * (dist/bundle/NAME.cjs, scripts/bundle.ts) and everything else from
 * dist/cli/main.js. The suite tests src/ in-process, so these pin that the
 * bundled path prints the same bytes and exits with the same status as the
 * unbundled one, including code that finds package.json through
 * import.meta.url (the tool version in a baseline).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const lib = 'samples/x86_64/libdemo.so';
const exe = 'samples/x86_64/hello-pie';

function bundled(args: readonly string[]) {
  const r = spawnSync(process.execPath, ['bin/elfaudit.js', ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function unbundled(args: readonly string[]) {
  const code = `import('./dist/cli/main.js').then((m) => m.main(['node', 'elfaudit', ...JSON.parse(process.argv[1])]))`;
  const r = spawnSync(process.execPath, ['-e', code, JSON.stringify(args)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  it('has a bundle for every subcommand after npm run build', async () => {
    const { COMMAND_MODULES } = await import('../src/cli/main.js');
    for (const [name] of COMMAND_MODULES) expect(existsSync(`dist/bundle/${name}.cjs`), name).toBe(true);
  });

  // Heavy: spawns the CLI twice per command line.
  it.each([
    [['readelf', '-lW', lib]],
    [['readelf', '-a', '-W', exe, lib]],
    [['memory', lib]],
    [['audit', exe]],
    [['diff', exe, lib]],
    [['checksec', '--file', exe]],
    [['baseline', 'create', '-o', '-', 'samples/x86_64']],
    [['readelf', '-lW', 'no-such-file']],
    [['memory', '--no-such-option']],
  ])('prints what the unbundled CLI prints: %j', (args) => {
    const b = bundled(args);
    expect(b).toEqual(unbundled(args));
    expect(b.stdout + b.stderr).not.toBe('');
  }, HEAVY_TIMEOUT);

  // Heavy: spawns Node. bin/elfaudit.js compiles a one-file run with these flags
  // (readelf's with its young generation kept small too); V8 takes a code cache
  // only when its flags are those it was written with.
  it.each([
    [['readelf'], ['--semi-space-growth-factor=1']],
    [['memory', 'audit', 'diff'], []],
  ])('has code caches this Node accepts for the commands npm run build warms up: %j', (names, extra) => {
    // Set as bin/elfaudit.js sets it, at run time: V8 hashes a flag given on
    // the command line differently.
    const check = `const fs = require('node:fs'); const vm = require('node:vm'); const { wrap } = require('node:module');
      for (const flag of ${JSON.stringify(extra)}) require('node:v8').setFlagsFromString(flag);
      const out = {}; for (const n of ${JSON.stringify(names)}) { const f = 'dist/bundle/' + n + '.cjs';
      out[n] = new vm.Script(wrap(fs.readFileSync(f, 'utf8')), { filename: f, cachedData: fs.readFileSync(f.replace(/cjs$/, 'cache')) }).cachedDataRejected; }
      process.stdout.write(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--no-turbo-inlining', `--interrupt-budget=${8 * 66 * 1024}`, '-e', check], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries(names.map((n) => [n, false])));
  }, HEAVY_TIMEOUT);

  // Heavy: spawns Node.
  it('loads child_process only when something uses it, not for commander', () => {
    const check = `require('./dist/bundle/readelf.cjs'); process.stdout.write(String(process.moduleLoadList.some((m) => m.includes('child_process'))));`;
    expect(spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' }).stdout).toBe('false');
  }, HEAVY_TIMEOUT);

  // Heavy: spawns the CLI.
  it('records the package version in a baseline written by the bundle', () => {
    const b = bundled(['baseline', 'create', '-o', '-', 'samples/x86_64']);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(b.stdout).toContain(`"version": "${version}"`);
  }, HEAVY_TIMEOUT);
});

describe('what a one-file run loads', () => {
  // node:crypto costs a one-file run ~6 ms (a tenth of node -e 0): only the
  // commands and formats that hash load it (src/util/sha256.ts).
  const loadsCrypto = (args: readonly string[]): boolean => {
    const probe = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nLOADED "+process.moduleLoadList.includes("NativeModule crypto")+"\\n"))';
    const r = spawnSync(process.execPath, ['--import', probe, 'bin/elfaudit.js', ...args], { encoding: 'utf8' });
    const m = /\nLOADED (true|false)\n$/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    return m![1] === 'true';
  };

  it(
    'audit, memory, diff and readelf of one file do not load node:crypto; SARIF fingerprints and baselines do',
    () => {
      expect(loadsCrypto(['audit', exe])).toBe(false);
      expect(loadsCrypto(['memory', lib])).toBe(false);
      expect(loadsCrypto(['diff', exe, lib])).toBe(false);
      expect(loadsCrypto(['readelf', '-lW', lib])).toBe(false);
      expect(loadsCrypto(['audit', '--format', 'sarif', exe])).toBe(true);
      expect(loadsCrypto(['baseline', 'create', '-o', '-', 'samples/x86_64'])).toBe(true);
    },
    HEAVY_TIMEOUT,
  );
});
