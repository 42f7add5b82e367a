import { type CommandLoader, runProgram } from './program.js';

/**
 * The subcommands, in help order: name, module (relative to this one) and
 * the function there that builds its commander definition. Each is imported
 * only when needed. Node loads ES modules one by one (resolve, read,
 * compile), about half a millisecond each here, and every command brings its
 * own graph; a batch `elfaudit readelf` over thousands of files is timed
 * whole-process, so it should not pay for the checksec, audit, memory and
 * diff modules. scripts/bundle.ts reads this table to build one bundle per
 * command (dist/bundle/NAME.cjs), which bin/elfaudit.js prefers.
 */
export const COMMAND_MODULES: readonly (readonly [name: string, module: string, factory: string])[] = [
  ['readelf', './readelf.js', 'readelfCliCommand'],
  ['checksec', './checksec.js', 'checksecCliCommand'],
  ['audit', './audit.js', 'auditCliCommand'],
  ['memory', './memory.js', 'memoryCliCommand'],
  ['diff', './diff.js', 'diffCliCommand'],
  ['baseline', './baseline.js', 'baselineCliCommand'],
  ['pmap', './pmap.js', 'pmapCliCommand'],
  ['proc', './proc.js', 'procCliCommand'],
  ['sys', './sys.js', 'sysCliCommand'],
  ['who-maps', './who-maps.js', 'whoMapsCliCommand'],
  ['pss', './pss.js', 'pssCliCommand'],
  ['snapshot', './snapshot.js', 'snapshotCliCommand'],
];

const COMMANDS: ReadonlyMap<string, CommandLoader> = new Map(
  COMMAND_MODULES.map(([name, module, factory]) => [name, async () => ((await import(module)) as Record<string, CommandLoader>)[factory]!()]),
);

/** The `elfaudit` program with every subcommand (see runProgram). */
export async function main(argv: readonly string[]): Promise<void> {
  await runProgram(argv, COMMANDS);
}

/** Usage errors quote what was typed (`unknown option '\x1b]0;…'`): every command's stderr text goes through visibleLines. */
