/**
 * The conventions CI scripts rely on, through the real program (bin/elfaudit.js):
 * `--version`/`-V`, and one exit status for usage errors — 2 in every
 * command but `readelf`, which keeps GNU readelf's 1 (README "Exit status").
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'elfaudit.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CI conventions of the elfaudit program', () => {
  // Heavy: spawns the CLI.
  it('--version and -V print package.json\'s version and exit 0', { timeout: HEAVY_TIMEOUT }, () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(cli([flag])).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  // Heavy: spawns the CLI once per command.
  it('a usage error exits 2 in every command but readelf, which exits 1 as GNU readelf does', { timeout: HEAVY_TIMEOUT }, () => {
    const cases: [string[], number][] = [
      [['no-such-command'], 2],
      [['audit'], 2],
      [['audit', '--no-such-option', 'x'], 2],
      [['audit', '--require', 'relro=half', 'x'], 2],
      [['memory', '--format', 'yaml', 'x'], 2],
      [['diff', 'only-one'], 2],
      [['checksec'], 2],
      [['checksec', '--output=yaml', '--file=x'], 2],
      [['baseline', 'check'], 2],
      [['pmap'], 2],
      [['who-maps', '--no-such-option'], 2],
      [['readelf', '--no-such-option', 'x'], 1],
    ];
    const got = cases.map(([args]) => [args, cli(args).status]);
    expect(got).toEqual(cases);
  });
});
