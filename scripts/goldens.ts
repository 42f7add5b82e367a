// scripts/goldens.ts (npm run goldens) - records every golden the tests
// compare with, from the reference tools, in one run:
//
//   1. test/golden/record.sh            GNU readelf 2.40: every sample x flag
//                                       set, and the batches (test/golden/)
//   2. test/golden/checksec/record.sh   checksec.sh 2.6.0: CSV rows and every
//                                       output format (test/golden/checksec/)
//   3. scripts/fuzz/record-goldens.ts   GNU readelf on the hostile paths, the
//                                       3 GiB sparse file and the fuzz findings
//                                       (test/golden/hostile, sparse, findings)
//   4. test/fixtures/readelf-names/record.ts
//                                       GNU readelf's name tables (-h, -S)
//                                       (test/fixtures/readelf-names/names.json)
//   and first, scripts/readelf/record-reloc-names.ts: GNU readelf's relocation
//   names per machine, as data (src/readelf/reloc-names-data.ts)
//
// Both tools are checked before anything is written, so a machine without
// them leaves the tree as it was (exit 2). Each recorder replaces its goldens
// with exactly what this run produced; with the same tools and samples the
// tree is byte-identical afterwards, which `git status` shows (printed at the
// end when git is there). The first recorder that fails stops the run (exit 1).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isChecksec260, isReadelf240, versionLine } from './lib/reference-tools.js';
import { root } from './lib/root.js';

/** A compiled recorder beside this script (dist-scripts/...). */
const compiled = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const RECORDERS: readonly (readonly [what: string, command: string, args: readonly string[]])[] = [
  ['relocation names (src/readelf/reloc-names-data.ts)', process.execPath, [compiled('./readelf/record-reloc-names.js')]],
  ['readelf views and batches', 'bash', ['test/golden/record.sh']],
  ['checksec.sh rows and formats', 'bash', ['test/golden/checksec/record.sh']],
  ['hostile paths, sparse file, fuzz findings', process.execPath, [compiled('./fuzz/record-goldens.js')]],
  ['readelf name tables', process.execPath, [compiled('../test/fixtures/readelf-names/record.js')]],
];

const missing: string[] = [];
const readelf = versionLine('readelf');
if (!isReadelf240(readelf)) missing.push(`GNU readelf 2.40 (Debian 12's binutils), found '${readelf || 'nothing'}'`);
const checksec = versionLine('checksec');
if (!isChecksec260(checksec)) missing.push(`checksec.sh 2.6.0 (Debian 12's checksec), found '${checksec || 'nothing'}'`);
if (missing.length > 0) {
  process.stderr.write('goldens: refusing to record (nothing was written); the goldens come from these exact versions:\n');
  for (const m of missing) process.stderr.write(`  need ${m}\n`);
  process.exit(2);
}

for (const [what, command, args] of RECORDERS) {
  process.stdout.write(`goldens: ${what}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) {
    const how = r.error !== undefined ? r.error.message : r.signal !== null ? `killed by ${r.signal}` : `exit status ${r.status}`;
    process.stderr.write(`goldens: ${[command, ...args].join(' ')} failed (${how}); the goldens before it were recorded, those after it were not\n`);
    process.exit(1);
  }
}

// What changed, as git sees it (goldens are committed files).
const paths = ['test/golden', 'test/fixtures/readelf-names'];
const git = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...paths], { cwd: root, encoding: 'utf8' });
if (git.status === 0) {
  const changed = git.stdout.split('\n').filter((l) => l !== '');
  process.stdout.write(
    changed.length === 0
      ? `goldens: recorded; no change under ${paths.join(' or ')}\n`
      : `goldens: recorded; ${changed.length} paths under ${paths.join(' or ')} differ from the last commit (git status)\n`,
  );
} else {
  process.stdout.write('goldens: recorded (not a git checkout: no change report)\n');
}
