import { Command } from 'commander';
import { TOOL } from '../gate/tool.js';
import { exitOnUsage } from './in-process.js';
import { internalErrorLine } from './internal-error.js';
import { visibleLines } from '../io/escape.js';
import { CLOSED_OUTPUT_STATUS, stdoutWriter } from '../io/fd-writer.js';

/** Builds one subcommand's commander definition (loading its modules first). */
export type CommandLoader = () => Promise<Command>;

/**
 * The `elfaudit` program: commander wiring only, over the subcommands it is
 * given. When the first argument names one of them only that one is loaded;
 * anything else (help, an option, an unknown word) loads them all, so
 * commander sees the whole set. `main` (main.ts) passes every command; a
 * per-command bundle (scripts/bundle.ts) passes its one command, and
 * bin/elfaudit.js uses it only when the first argument names that command.
 *
 * Exit status on a usage error (an unknown command or option, a missing
 * argument, a bad choice): 2 in every command but `readelf`, which keeps
 * GNU readelf's statuses (README). `--version`/`-V` prints the version.
 */
export async function runProgram(argv: readonly string[], commands: ReadonlyMap<string, CommandLoader>): Promise<void> {
  const program = new Command('elfaudit')
    .description('ELF segment cost and hardening audits: GNU-identical readelf views, checksec verdicts, page costs')
    .version(TOOL.version, '-V, --version', 'print the version')
    .enablePositionalOptions();
  const only = commands.get(argv[2] ?? '');
  const loaders = only !== undefined ? [only] : [...commands.values()];
  for (const command of await Promise.all(loaders.map((load) => load()))) {
    // readelf keeps GNU's statuses; baseline sets its own (2) with its own messages
    if (command.name() !== 'readelf' && command.name() !== 'baseline') exitOnUsage(command);
    program.addCommand(command);
  }
  program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
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

function escapeUsageErrors(c: Command): void {
  const cfg = c.configureOutput();
  const write = cfg.writeErr ?? ((t: string) => process.stderr.write(t));
  c.configureOutput({ ...cfg, writeErr: (s) => write(visibleLines(s)) });
  for (const sub of c.commands) escapeUsageErrors(sub);
}
