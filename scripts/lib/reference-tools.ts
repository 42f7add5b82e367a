// scripts/lib/reference-tools.ts - the reference tools the goldens are
// recorded from, and their versions: GNU readelf 2.40 (Debian 12's
// binutils) and checksec.sh 2.6.0 (Debian 12's checksec). The bash
// recorders (test/golden/record.sh, test/golden/checksec/record.sh) check
// the same versions themselves, so that each can run alone.

import { spawnSync } from 'node:child_process';

/** The first line of `TOOL --version` (LC_ALL=C), or '' when the tool is not there. */
export function versionLine(tool: string): string {
  const r = spawnSync(tool, ['--version'], { encoding: 'latin1', env: { ...process.env, LC_ALL: 'C' } });
  return r.error === undefined ? (r.stdout?.split('\n')[0] ?? '') : '';
}

/** True for GNU readelf 2.40's version line. */
export const isReadelf240 = (line: string): boolean => /^GNU readelf .* 2\.40$/.test(line);

/** True for checksec.sh 2.6.0's version line (`checksec v2.6.0, …`). */
export const isChecksec260 = (line: string): boolean => line.startsWith('checksec v2.6.0,');

/**
 * GNU readelf 2.40's version line; otherwise prints why `who` refuses to
 * record and exits 2.
 */
export function requireReadelf240(who: string): string {
  const version = versionLine('readelf');
  if (!isReadelf240(version)) {
    process.stderr.write(`${who}: refusing to record: need GNU readelf 2.40, found '${version || 'nothing'}'\n`);
    process.exit(2);
  }
  return version;
}
