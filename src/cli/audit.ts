import { runInProcess, processCommand } from './in-process.js';
import type { Output } from '../io/output.js';
import { Command, Option } from 'commander';
import { auditPath, formatAuditRows, formatAuditText, type FileAudit } from '../audit/index.js';
import { processObjects } from '../audit/process.js';
import { auditSarif } from '../gate/sarif.js';
import { CHECK_IDS } from '../hardening/types.js';
import { isProcError } from '../proc/errors.js';

/**
 * `elfaudit audit FILE...`: the accurate hardening checks with the
 * evidence for each verdict, and checksec.sh 2.6.0's answer where it
 * differs. Exit status 1 when any file could not be audited.
 */
export function auditCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('audit')
    .description('accurate hardening checks with evidence (RELRO, canary, NX, PIE, RPATH/RUNPATH, TEXTREL, W+X, CET, BTI/PAC, FORTIFY, symbols, debug info, toolchain, sanitizers, stack-clash, SafeStack, CFI)')
    .argument('[files...]', 'ELF files')
    .addOption(new Option('--format <format>', 'text, json or sarif').choices(['text', 'json', 'sarif']).default('text'))
    .option('--pid <pid>', "audit every object a running process maps (/proc/PID/maps), one row each in text")
    .action((given: string[], flags: { format: 'text' | 'json' | 'sarif'; pid?: string }, cmd: Command) => {
      const sink = io();
      const json = flags.format === 'json';
      let files: Buffer[] = given.map((f) => Buffer.from(f));
      const deleted = new Set<string>();
      if (flags.pid !== undefined) {
        if (!/^[1-9]\d*$/.test(flags.pid) || given.length > 0) cmd.error(given.length > 0 ? 'error: give FILEs or --pid, not both' : `error: --pid needs a process id, not '${flags.pid}'`);
        try {
          const objs = processObjects(Number(flags.pid));
          files = objs.map((o) => o.path);
          for (const o of objs) if (o.deleted) deleted.add(o.path.toString('latin1'));
        } catch (e) {
          if (!isProcError(e)) throw e;
          sink.err(`elfaudit audit: --pid ${flags.pid}: ${e.message}\n`);
          done(1);
          return;
        }
      } else if (files.length === 0) cmd.error("error: missing required argument 'files'");
      // Each file is written as soon as it is audited, so a tree of 100,000
      // files is never held in memory as one report; the text is the same as
      // formatAuditJson/formatAuditText of the whole report. Error lines
      // follow the report, as before. SARIF is one document, written at the end.
      const errors: string[] = [];
      let header = false;
      const sarif = { findings: [] as { pathBytes: Buffer; check: string; verdict: string; summary: string }[], errors: [] as { path: string; error: string }[] };
      if (json) sink.out(files.length === 0 ? '{\n  "schema": 1,\n  "files": []\n}\n' : '{\n  "schema": 1,\n  "files": [\n');
      files.forEach((file, i) => {
        if (sink.closed === true) return;
        let f = auditPath(file);
        // a process maps locale archives, caches and fonts too: only its ELF objects are rows (as checksec --proc lists them)
        if (flags.pid !== undefined && f.error === 'not an ELF file') return;
        if (deleted.has(file.toString('latin1'))) f = { ...f, note: 'the mapped file was deleted or replaced since it was loaded: this is the file now on disk' };
        if (json) sink.out((i > 0 ? ',\n' : '') + jsonEntry(f));
        else if (flags.format === 'sarif') {
          for (const c of Object.values(f.checks ?? {})) if (c.ok === false) sarif.findings.push({ pathBytes: file, check: c.id, verdict: c.verdict, summary: c.summary });
          if (f.error !== undefined) sarif.errors.push({ path: f.path, error: f.error });
        } else if (flags.pid !== undefined) {
          sink.out(formatAuditRows({ schema: 1, files: [f] }, !header));
          header = true;
        }
        else sink.out((i > 0 ? '\n' : '') + formatAuditText({ schema: 1, files: [f] }));
        if (f.error !== undefined) errors.push(`elfaudit audit: ${JSON.stringify(f.path).slice(1, -1)}: ${f.error}\n`);
      });
      if (json && files.length > 0) sink.out('\n  ]\n}\n');
      if (flags.format === 'sarif') sink.out(JSON.stringify(auditSarif(CHECK_IDS, sarif.findings, sarif.errors), null, 2) + '\n');
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
