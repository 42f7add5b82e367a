#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS entry point ~4 ms
// faster than an ES module one, a third of what a one-file run adds to
// `node -e 0`.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { dirname, join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

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
// TurboFan also starts on code that is hot only for a moment: auditing one
// libc.so.6 (3,000 symbols) optimized loops it left a few milliseconds
// later. Eight times V8's interrupt budget (66 KiB of bytecode run before a
// function is considered) lets a one-file run end in Sparkplug code (audit,
// diff on libc.so.6: -12% CPU) and costs nothing up to 5,000 files
// (readelf -lW, -d: -5%), but a process given 10,000 files spends 10% more
// warming up; so only command lines of up to 6,000 words get it. The
// code caches (runBundle) are written with it and V8 drops them, as it
// must, for a run with other flags.
if (process.argv.length <= 6000) setFlagsFromString(`--interrupt-budget=${8 * 66 * 1024}`);
// V8 doubles the young generation's semi-spaces (up to 16 MB each) as a
// batch allocates: `readelf -lW` over 10,000 files ended with 25 MB of heap
// and a peak RSS of 79 MB, for garbage that dies with each file. Kept at
// their first size, the heap stays at 11 MB and the peak RSS at 65 MB for
// the same CPU time. Only for readelf: audit keeps a file's symbol tables
// alive across many allocations, and in a small young generation they
// are promoted and collected by full GCs (5,000 files: 5x the GC time).
// Read when the heap grows, so setting it here, before any work, is enough.
if (process.argv[2] === 'readelf') setFlagsFromString('--semi-space-growth-factor=1');
// `baseline` reads a tree a file at a time and keeps nothing of a file once
// its record is written (docs/gate.md), so almost everything it allocates
// is garbage soon; but V8 lets a small heap grow to several times what
// survives its last full collection before the next one, and /usr/lib's
// 1,961 ELF files peaked at 205-224 MB of RSS for a heap of 10-25 MB alive.
// A growing factor of 1.2 collects sooner: 176-180 MB, and no more CPU.
if (process.argv[2] === 'baseline') setFlagsFromString('--heap-growing-percent=20');

/**
 * Runs dist/bundle/NAME.cjs (scripts/bundle.ts: the command in one file)
 * with V8's code cache NAME.cache beside it: the bytecode of the functions
 * a build-time run of the command compiled, so a one-file run does not
 * compile them again. V8 checks the cache against the source, its version
 * and its flags and compiles as usual when it does not fit (another Node).
 * ELFAUDIT_WRITE_CODE_CACHE=1 (scripts/bundle.ts) writes the cache when
 * the run ends.
 */
function runBundle(file, argv) {
  const cacheFile = file.replace(/\.cjs$/, '.cache');
  const script = new Script(wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData: existsSync(cacheFile) ? readFileSync(cacheFile) : undefined,
  });
  if (process.env.ELFAUDIT_WRITE_CODE_CACHE === '1') process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  return module.exports.run(argv);
}

// One file is mostly start-up: a subcommand runs from its one-file bundle
// when there is one, which loads in a fraction of the time of its ES module
// graph. Help, a bare option or an unknown word (or a build without
// bundles) load every command from dist/cli/main.js.
const name = process.argv[2] ?? '';
const bundle = /^[a-z][a-z-]*$/.test(name) ? join(__dirname, '..', 'dist', 'bundle', `${name}.cjs`) : undefined;
if (bundle !== undefined && existsSync(bundle)) {
  runBundle(bundle, process.argv);
} else {
  import('../dist/cli/main.js').then(({ main }) => main(process.argv));
}
