#!/usr/bin/env node
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

const { main } = await import('../dist/cli/main.js');
main(process.argv);
