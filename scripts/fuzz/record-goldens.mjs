#!/usr/bin/env node
// scripts/fuzz/record-goldens.mjs - records GNU readelf 2.40's answers to
// the hostile paths (scripts/fuzz/hostile.mjs) and to the 3 GiB sparse file
// (scripts/fuzz/sparse.mjs), for test/hostile-paths.test.ts and
// test/huge-sparse.test.ts, which never run readelf themselves.
//
//   node scripts/fuzz/record-goldens.mjs
//
// Writes, as test/golden/record.sh does (stdout .out, stderr .err, exit
// status .rc; LC_ALL=C):
//   test/golden/hostile/batch_<flags>.*   readelf FLAGS <every hostile path> good
//                                         (run inside the directory, so names are relative)
//   test/golden/hostile/<name>_lW.*       readelf -lW <one hostile path>
//   test/golden/sparse/<flags>.*          readelf FLAGS <the sparse file>
//   test/golden/findings/<name>.*         readelf ARGS from scripts/fuzz/findings.mjs
//                                         (from the repository root)
// Refuses to record unless `readelf --version` is GNU readelf 2.40.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FINDINGS, makeDerived, normalize, resolveArgs } from './findings.mjs';
import { HOSTILE, makeHostile } from './hostile.mjs';
import { makeSparseElf } from './sparse.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, LC_ALL: 'C' };

const version = spawnSync('readelf', ['--version'], { env, encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
if (!/^GNU readelf .* 2\.40$/.test(version)) {
  process.stderr.write(`record-goldens.mjs: refusing to record: need GNU readelf 2.40, found '${version || 'nothing'}'\n`);
  process.exit(2);
}

/** The file name of a flag set, as record.sh makes it (`-h -l` -> `h_l`). */
export const slug = (flags) => flags.map((w) => w.replace(/^-+/, '')).join('_');
/** The file name of a hostile path (`/dev/zero` -> `dev.zero`). */
export const hostileSlug = (name) => name.replace(/^\//, '').replace(/\//g, '.');

function record(prefix, args, cwd, derivedDir) {
  const r = spawnSync('readelf', args, { cwd, env, maxBuffer: 1 << 28 });
  const text = (b) => (derivedDir === undefined ? b : Buffer.from(normalize(b.toString('latin1'), derivedDir), 'latin1'));
  writeFileSync(`${prefix}.out`, text(r.stdout));
  writeFileSync(`${prefix}.err`, text(r.stderr));
  writeFileSync(`${prefix}.rc`, `${r.status}\n`);
}

export const HOSTILE_BATCH_FLAGS = [['-lW'], ['-l'], ['-S']];
export const SPARSE_FLAGS = [['-lW'], ['-l'], ['-S'], ['-SW'], ['-h']];

const tmp = mkdtempSync(join(tmpdir(), 'elfaudit-record-'));
try {
  const hostileDir = join(root, 'test/golden/hostile');
  rmSync(hostileDir, { recursive: true, force: true });
  mkdirSync(hostileDir, { recursive: true });
  const dir = join(tmp, 'hostile');
  const batch = makeHostile(dir, root);
  for (const flags of HOSTILE_BATCH_FLAGS) record(join(hostileDir, `batch_${slug(flags)}`), [...flags, ...batch], dir);
  for (const [name] of HOSTILE) record(join(hostileDir, `${hostileSlug(name)}_lW`), ['-lW', name], dir);
  writeFileSync(join(hostileDir, 'VERSION'), version + '\n');

  const sparseDir = join(root, 'test/golden/sparse');
  rmSync(sparseDir, { recursive: true, force: true });
  mkdirSync(sparseDir, { recursive: true });
  const big = join(tmp, 'debug-build.elf');
  makeSparseElf(big, root);
  for (const flags of SPARSE_FLAGS) record(join(sparseDir, slug(flags)), [...flags, big], tmp);
  writeFileSync(join(sparseDir, 'VERSION'), version + '\n');

  const findingsDir = join(root, 'test/golden/findings');
  rmSync(findingsDir, { recursive: true, force: true });
  mkdirSync(findingsDir, { recursive: true });
  const derived = join(tmp, 'derived');
  mkdirSync(derived);
  makeDerived(derived, root);
  for (const [name, args] of FINDINGS) record(join(findingsDir, name), resolveArgs(args, derived), root, derived);
  writeFileSync(join(findingsDir, 'VERSION'), version + '\n');
  process.stdout.write(`recorded test/golden/hostile, test/golden/sparse and test/golden/findings with ${version}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
