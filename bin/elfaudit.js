#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

// Batch runs of the CLI (readelf, checksec, audit over thousands of files)
// spend most of their CPU time warming up: each file is handled in tens of
// microseconds once V8 has optimized the code, but the first ~2,000 files
// run while TurboFan compiles, and its inlining makes those compilations
// costly. Without inlining, `readelf -lW` on 5,000 corpus files takes
// ~14% less CPU and `checksec --listfile` on 660 ~20% less; the optimized
// code is ~10% slower per file, which only pays back after ~40,000 files.
// Set before any code is compiled; the library (dist/index.js) keeps V8's
// defaults.
setFlagsFromString('--no-turbo-inlining');

// One file is mostly start-up: a subcommand runs from its one-file bundle
// (dist/bundle/NAME.cjs, built by scripts/bundle.ts) when there is one,
// which loads in a fraction of the time of its ES module graph. Help, a
// bare option or an unknown word load every command from dist/cli/main.js.
const name = process.argv[2] ?? '';
const bundle = /^[a-z][a-z-]*$/.test(name) ? new URL(`../dist/bundle/${name}.cjs`, import.meta.url) : undefined;
if (bundle !== undefined && existsSync(bundle)) {
  await createRequire(import.meta.url)(bundle.pathname).run(process.argv);
} else {
  const { main } = await import('../dist/cli/main.js');
  await main(process.argv);
}
