// scripts/lib/root.ts - where the repository is, for the scripts.
//
// The scripts run from two places: as TypeScript in scripts/ (vitest
// imports them) and compiled in dist-scripts/scripts/ (npm run fuzz,
// bench, goldens), so the root is found, not counted in `..`s: the nearest
// folder above this module that holds package.json.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The repository's root folder (absolute). */
export const root = findRoot(dirname(fileURLToPath(import.meta.url)));
