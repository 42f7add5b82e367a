import { Command } from 'commander';
import { TOOL } from '../gate/tool.js';
import { exitOnUsage } from './in-process.js';
import { internalErrorLine } from './internal-error.js';
import { CLOSED_OUTPUT_STATUS, stdoutWriter } from '../io/fd-writer.js';

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
 *
 * Exit status on a usage error (an unknown command or option, a missing
 * argument, a bad choice): 2 in every command but `readelf`, which keeps
 * GNU readelf's statuses (README). `--version`/`-V` prints the version.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('elfaudit')
    .description('ELF segment cost and hardening audits: GNU-identical readelf views, checksec verdicts, page costs')
    .version(TOOL.version, '-V, --version', 'print the version')
    .enablePositionalOptions();
  const only = COMMANDS.get(argv[2] ?? '');
  const loaders = only !== undefined ? [only] : [...COMMANDS.values()];
  for (const command of await Promise.all(loaders.map((load) => load()))) {
    // readelf keeps GNU's statuses; baseline sets its own (2) with its own messages
    if (command.name() !== 'readelf' && command.name() !== 'baseline') exitOnUsage(command);
    program.addCommand(command);
  }
  program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
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
