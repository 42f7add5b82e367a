import { writeSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { auditPaths, formatAuditJson, formatAuditText } from '../audit/index.js';

/** Where the audit writes. */
export interface AuditCommandIO {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `elfaudit audit FILE...`: the accurate hardening checks with the
 * evidence for each verdict, and checksec.sh 2.6.0's answer where it
 * differs. Exit status 1 when any file could not be audited.
 */
export function auditCommand(io: () => AuditCommandIO, done: (status: number) => void): Command {
  return new Command('audit')
    .description('accurate hardening checks with evidence (RELRO, canary, NX, PIE, RPATH/RUNPATH, TEXTREL, W+X, CET, BTI/PAC, FORTIFY, symbols, debug info)')
    .argument('<files...>', 'ELF files')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action((files: string[], flags: { format: 'text' | 'json' }) => {
      const sink = io();
      const report = auditPaths(files.map((f) => Buffer.from(f)));
      sink.out(flags.format === 'json' ? formatAuditJson(report) : formatAuditText(report));
      let status = 0;
      for (const f of report.files) {
        if (f.error !== undefined) {
          sink.err(`elfaudit audit: ${JSON.stringify(f.path).slice(1, -1)}: ${f.error}\n`);
          status = 1;
        }
      }
      done(status);
    });
}

/** Runs `audit ARGS` in-process (tests). */
export function auditMain(args: readonly string[], io: AuditCommandIO): number {
  let status = 0;
  const cmd = auditCommand(
    () => io,
    (s) => {
      status = s;
    },
  )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    cmd.parse(args as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    throw e;
  }
  return status;
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return;
      throw e;
    }
  }
}

export function auditCliCommand(): Command {
  return auditCommand(
    () => ({ out: (t) => writeAll(1, t), err: (t) => writeAll(2, t) }),
    (status) => {
      process.exitCode = status;
    },
  );
}
