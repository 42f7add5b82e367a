// scripts/bundle.ts (last step of `npm run build`) - one self-contained
// bundle per subcommand, dist/bundle/NAME.cjs, from the compiled dist/.
//
// Why: a one-file run (`elfaudit memory lib.so`, `find -exec elfaudit
// readelf -lW {} +`) is mostly Node's start-up and module loading. Loading
// a command's ES module graph (50-80 modules: resolve, read, link each one)
// costs about as much again as `node -e 0`; one CommonJS file with the
// same code costs a fraction of that (docs/speed.md has the figures).
//
// Each bundle holds runProgram (src/cli/program.ts) with the one command
// of src/cli/main.ts's COMMAND_MODULES and exports run(argv).
// bin/elfaudit.js uses dist/bundle/NAME.cjs when the first argument is
// NAME and the file exists; otherwise (help, no bundle built) it loads
// dist/cli/main.js, the same code unbundled.
//
// Then each command with a WARM_UP line below runs once on the repository's
// samples with ELFAUDIT_WRITE_CODE_CACHE=1, which leaves V8's code cache
// beside the bundle (dist/bundle/NAME.cache, read by bin/elfaudit.js): the
// functions that run compiled once here instead of in every one-file run.
// A command without one compiles as it runs.
//
// esbuild is a devDependency: without it (an install that left dev
// dependencies out) this step says so and exits 0, and the CLI runs from
// dist/ as before.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_MODULES } from '../src/cli/main.js';
import { root } from './lib/root.js';

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ warnings: readonly { text: string }[] }>;
}

async function loadEsbuild(): Promise<EsbuildLike | undefined> {
  try {
    return (await import('esbuild')) as unknown as EsbuildLike;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    return undefined;
  }
}

/** A typical command line per command, on files every checkout has. */
const lib = 'samples/x86_64/libdemo.so';
const exe = 'samples/x86_64/hello-pie';
const WARM_UP: Readonly<Record<string, readonly string[]>> = {
  readelf: ['-lWd', lib],
  checksec: ['--file', exe],
  audit: [lib],
  memory: [lib],
  diff: [exe, lib],
  baseline: ['create', '-o', '-', 'samples/x86_64'],
};

/**
 * commander requires child_process (and with it net, stream, dgram...) at
 * load, ≈ 3 ms of a one-file run, for executable subcommands elfaudit does
 * not have: in the bundles it gets a stand-in that loads the real module
 * the first time commander touches it.
 */
const lazyChildProcess = {
  name: 'lazy-child-process-for-commander',
  setup(build: {
    onResolve(o: { filter: RegExp }, f: (a: { importer: string }) => { path: string; namespace: string } | undefined): void;
    onLoad(o: { filter: RegExp; namespace: string }, f: () => { contents: string; loader: string }): void;
  }): void {
    build.onResolve({ filter: /^node:child_process$/ }, (a) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'lazy-child-process', namespace: 'elfaudit' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'elfaudit' }, () => ({
      contents: `module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });`,
      loader: 'js',
    }));
  },
};

const esbuild = await loadEsbuild();
const outDir = join(root, 'dist', 'bundle');
rmSync(outDir, { recursive: true, force: true });
if (esbuild === undefined) {
  process.stdout.write('bundle: esbuild is not installed; the CLI runs from dist/ unbundled\n');
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [name, module, factory] of COMMAND_MODULES) {
    const contents = [
      `import { runProgram } from './dist/cli/program.js';`,
      `import { ${factory} } from './dist/cli/${module.replace(/^\.\//, '')}';`,
      `export function run(argv) { return runProgram(argv, new Map([[${JSON.stringify(name)}, async () => ${factory}()]])); }`,
    ].join('\n');
    const result = await esbuild.build({
      stdin: { contents, resolveDir: root, sourcefile: `bundle-${name}.js`, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: join(outDir, `${name}.cjs`),
      // import.meta.url (package.json for the version) as the bundle's own
      // URL: dist/bundle/ is as deep as dist/gate/, so relative URLs agree.
      banner: { js: `const __bundle_url = require('node:url').pathToFileURL(__filename).href;` },
      define: { 'import.meta.url': '__bundle_url' },
      plugins: [lazyChildProcess],
      logLevel: 'silent',
    });
    for (const w of result.warnings) process.stderr.write(`bundle ${name}: ${w.text}\n`);
    const warmUp = WARM_UP[name];
    if (warmUp === undefined || !warmUp.every((a) => a.startsWith('-') || !a.startsWith('samples/') || existsSync(join(root, a)))) continue;
    const run = spawnSync(process.execPath, ['bin/elfaudit.js', name, ...warmUp], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, ELFAUDIT_WRITE_CODE_CACHE: '1' },
    });
    if (run.error !== undefined) throw run.error;
    if (!existsSync(join(outDir, `${name}.cache`))) process.stderr.write(`bundle ${name}: the warm-up run left no code cache (status ${run.status})\n`);
  }
}
