import { Command } from 'commander';
import { readelfCliCommand } from './readelf.js';
import { checksecCliCommand } from './checksec.js';
import { auditCliCommand } from './audit.js';
import { memoryCliCommand } from './memory.js';
import { diffCliCommand } from './diff.js';

/** The `elfaudit` program: commander wiring only. */
export function main(argv: readonly string[]): void {
  const program = new Command('elfaudit')
    .description('ELF segment cost and hardening audits: GNU-identical readelf views, checksec verdicts, page costs')
    .enablePositionalOptions();
  program.addCommand(readelfCliCommand());
  program.addCommand(checksecCliCommand());
  program.addCommand(auditCliCommand());
  program.addCommand(memoryCliCommand());
  program.addCommand(diffCliCommand());
  program.parse(argv as string[], { from: 'node' });
}
