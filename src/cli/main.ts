import { Command } from 'commander';
import { internalErrorLine } from './internal-error.js';
import { CLOSED_OUTPUT_STATUS, stdoutWriter } from '../io/fd-writer.js';
import { visibleLines } from '../io/escape.js';

/**
 * The subcommands, in help order, each imported only when needed. Node
 * loads ES modules one by one (resolve, read, compile), about half a
 * millisecond each here, and every command brings its own graph; a batch
 * `elfaudit readelf` over thousands of files is timed whole-process, so it
 * should not pay for the checksec, audit, memory and diff modules.
 */
const COMMANDS: ReadonlyMap<string, () => Promise<Command>> = new Map([
  ['readelf', async () => (await import('./readelf.js')).readelfCliCommand()],
  ['checksec', async () => (await import('./checksec.js')).checksecCliCommand()],
  ['audit', async () => (await import('./audit.js')).auditCliCommand()],
  ['memory', async () => (await import('./memory.js')).memoryCliCommand()],
  ['diff', async () => (await import('./diff.js')).diffCliCommand()],
  ['baseline', async () => (await import('./baseline.js')).baselineCliCommand()],
  ['pmap', async () => (await import('./pmap.js')).pmapCliCommand()],
  ['proc', async () => (await import('./proc.js')).procCliCommand()],
  ['sys', async () => (await import('./sys.js')).sysCliCommand()],
  ['who-maps', async () => (await import('./who-maps.js')).whoMapsCliCommand()],
  ['pss', async () => (await import('./pss.js')).pssCliCommand()],
  ['snapshot', async () => (await import('./snapshot.js')).snapshotCliCommand()],
]);

/**
 * The `elfaudit` program: commander wiring only. When the first argument
 * names a subcommand only that one is loaded; anything else (help, an
 * option, an unknown word) loads them all, so commander sees the whole set.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('elfaudit')
    .description('ELF segment cost and hardening audits: GNU-identical readelf views, checksec verdicts, page costs')
    .enablePositionalOptions();
  const only = COMMANDS.get(argv[2] ?? '');
  const loaders = only !== undefined ? [only] : [...COMMANDS.values()];
  for (const command of await Promise.all(loaders.map((load) => load()))) program.addCommand(command);
  escapeUsageErrors(program);
  try {
    program.parse(argv as string[], { from: 'node' });
    // The reader of stdout left early (`| head`): not an error; the status a shell gives SIGPIPE.
    if (stdoutWriter.closed) process.exitCode = CLOSED_OUTPUT_STATUS;
  } catch (e) {
    // A bug, not bad input (every command turns bad input into its own
    // one-line error): one line, and a status that never reads as "findings".
    const name = argv[2] ?? '';
    process.stderr.write(internalErrorLine(only !== undefined ? `elfaudit ${name}` : 'elfaudit', e));
    process.exitCode = name === 'readelf' ? 1 : 2;
  }
}

/** Usage errors quote what was typed (`unknown option '\x1b]0;…'`): every command's stderr text goes through visibleLines. */
function escapeUsageErrors(c: Command): void {
  const cfg = c.configureOutput();
  const write = cfg.writeErr ?? ((t: string) => process.stderr.write(t));
  c.configureOutput({ ...cfg, writeErr: (s) => write(visibleLines(s)) });
  for (const sub of c.commands) escapeUsageErrors(sub);
}
