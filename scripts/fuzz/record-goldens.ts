#!/usr/bin/env node
// scripts/fuzz/record-goldens.ts - records GNU readelf 2.40's answers to
// the hostile paths (scripts/fuzz/hostile.ts) and to the 3 GiB sparse file
// (scripts/fuzz/sparse.ts), for test/hostile-paths.test.ts and
// test/huge-sparse.test.ts, which never run readelf themselves.
//
//   npm run goldens   (all recorders), or alone, after npm run build:
//   node dist-scripts/scripts/fuzz/record-goldens.js
//
// Writes, as test/golden/record.sh does (stdout .out, stderr .err, exit
// status .rc; LC_ALL=C):
//   test/golden/hostile/batch_<flags>.*   readelf FLAGS <every hostile path> good
//                                         (run inside the directory, so names are relative)
//   test/golden/hostile/<name>_lW.*       readelf -lW <one hostile path>
//   test/golden/sparse/<flags>.*          readelf FLAGS <the sparse file>
//   test/golden/findings/<name>.*         readelf ARGS from scripts/fuzz/findings.ts
//                                         (from the repository root)
// Refuses to record unless `readelf --version` is GNU readelf 2.40.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireReadelf240 } from '../lib/reference-tools.js';
import { root } from '../lib/root.js';
import { FINDINGS, makeDerived, normalize, resolveArgs } from './findings.js';
import { HOSTILE, makeHostile } from './hostile.js';
import { makeSparseElf } from './sparse.js';

const env = { ...process.env, LC_ALL: 'C' };
const version = requireReadelf240('record-goldens');

/** The file name of a flag set, as record.sh makes it (`-h -l` -> `h_l`). */
const slug = (flags: readonly string[]): string => flags.map((w) => w.replace(/^-+/, '')).join('_');
/** The file name of a hostile path (`/dev/zero` -> `dev.zero`). */
const hostileSlug = (name: string): string => name.replace(/^\//, '').replace(/\//g, '.');

function record(prefix: string, args: readonly string[], cwd: string, derivedDir?: string): void {
  const r = spawnSync('readelf', args, { cwd, env, maxBuffer: 1 << 28 });
  const text = (b: Buffer): Buffer => (derivedDir === undefined ? b : Buffer.from(normalize(b.toString('latin1'), derivedDir), 'latin1'));
  writeFileSync(`${prefix}.out`, text(r.stdout));
  writeFileSync(`${prefix}.err`, text(r.stderr));
  writeFileSync(`${prefix}.rc`, `${r.status}\n`);
}

const HOSTILE_BATCH_FLAGS = [['-lW'], ['-l'], ['-S']];
const SPARSE_FLAGS = [['-lW'], ['-l'], ['-S'], ['-SW'], ['-h']];

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
