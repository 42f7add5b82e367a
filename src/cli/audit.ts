import { runInProcess, processCommand } from './in-process.js';
import type { Output } from '../io/output.js';
import { Command, Option } from 'commander';
import { auditPath, formatAuditText, type FileAudit } from '../audit/index.js';

/**
 * `elfaudit audit FILE...`: the accurate hardening checks with the
 * evidence for each verdict, and checksec.sh 2.6.0's answer where it
 * differs. Exit status 1 when any file could not be audited.
 */
export function auditCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('audit')
    .description('accurate hardening checks with evidence (RELRO, canary, NX, PIE, RPATH/RUNPATH, TEXTREL, W+X, CET, BTI/PAC, FORTIFY, symbols, debug info)')
    .argument('<files...>', 'ELF files')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action((files: string[], flags: { format: 'text' | 'json' }) => {
      const sink = io();
      const json = flags.format === 'json';
      // Each file is written as soon as it is audited, so a tree of 100,000
      // files is never held in memory as one report; the text is the same as
      // formatAuditJson/formatAuditText of the whole report. Error lines
      // follow the report, as before.
      const errors: string[] = [];
      if (json) sink.out(files.length === 0 ? '{\n  "schema": 1,\n  "files": []\n}\n' : '{\n  "schema": 1,\n  "files": [\n');
      files.forEach((file, i) => {
        if (sink.closed === true) return;
        const f = auditPath(Buffer.from(file));
        if (json) sink.out((i > 0 ? ',\n' : '') + jsonEntry(f));
        else sink.out((i > 0 ? '\n' : '') + formatAuditText({ schema: 1, files: [f] }));
        if (f.error !== undefined) errors.push(`elfaudit audit: ${JSON.stringify(f.path).slice(1, -1)}: ${f.error}\n`);
      });
      if (json && files.length > 0) sink.out('\n  ]\n}\n');
      for (const e of errors) sink.err(e);
      done(errors.length > 0 ? 1 : 0);
    });
}

/** One file's entry as JSON.stringify(report, null, 2) prints it inside `files` (JSON strings hold no raw newline). */
function jsonEntry(f: FileAudit): string {
  return '    ' + JSON.stringify(f, null, 2).replace(/\n/g, '\n    ');
}

/** Runs `audit ARGS` in-process (tests). */
export function auditMain(args: readonly string[], io: Output): number {
  return runInProcess(auditCommand, args, io, 1);
}

export function auditCliCommand(): Command {
  return processCommand(auditCommand);
}
