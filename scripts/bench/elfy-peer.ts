#!/usr/bin/env node
// scripts/bench/elfy-peer.ts - the elfy peer of `npm run bench`
// (scripts/bench/table.ts): parses each path given with elfy (a small
// third-party ELF parser in JavaScript, a devDependency of the tests) and
// prints how many program headers and sections it found, one line per file. elfy takes
// the whole file as one buffer, so each file is read whole; a file it
// cannot parse prints a line saying so. A peer of what elfaudit does in
// JavaScript, not of readelf's text: elfy formats nothing.
//
//   node dist-scripts/scripts/bench/elfy-peer.js PATH...

import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

const elfy = createRequire(import.meta.url)('elfy') as { parse(buf: Buffer): { body: { programs: unknown[]; sections: unknown[] } } };
let out = '';
for (const path of process.argv.slice(2)) {
  try {
    const { body } = elfy.parse(readFileSync(path));
    out += `${path}: ${body.programs.length} program headers, ${body.sections.length} sections\n`;
  } catch (e) {
    out += `${path}: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  if (out.length >= 1 << 16) {
    writeSync(1, out);
    out = '';
  }
}
writeSync(1, out);
