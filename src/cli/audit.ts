import { pushAll } from '../util/arrays.js';
import { runInProcess, processCommand } from './in-process.js';
import { processOutput, type Output } from '../io/output.js';
import { processProgress, withProgress } from '../io/progress.js';
import { Command, Option } from 'commander';
import { auditPath, formatAuditRows, formatAuditText, type FileAudit } from '../audit/index.js';
import { processObjects } from '../audit/process.js';
import { auditSarif } from '../gate/sarif.js';
import { formatCodeQuality, formatJunit, type CiFinding } from '../gate/ci-reports.js';
import { repoRelative } from '../gate/check.js';
import { resolve } from 'node:path';
import { CHECK_IDS } from '../hardening/types.js';
import { isProcError } from '../proc/errors.js';
import { floorText, judgeFloor, parseRequireSpec, type Floor, type FloorOutcome } from '../gate/floor.js';
import { visibleBytes, visibleControls } from '../io/escape.js';
import { expandInputs } from './inputs.js';

/**
 * `elfaudit audit FILE...`: the accurate hardening checks with the
 * evidence for each verdict, and checksec.sh 2.6.0's answer where it
 * differs. Exit status 1 when any file could not be audited, or (with
 * `--require`) falls below the hardening floor; 2 on a usage error.
 *
 * `--require relro=full,canary,nx,…` is the gate's floor without a
 * baseline (src/gate/floor.ts judges both): each property below it is a
 * line `FILE: PROPERTY: …` on stdout after the file's report (a `floor`
 * list in its JSON entry), an undecidable one a warning that says why.
 */
export function auditCommand(io: () => Output, done: (status: number) => void): Command {
  return new Command('audit')
    .description('accurate hardening checks with evidence (RELRO, canary, NX, PIE, RPATH/RUNPATH, TEXTREL, W+X, CET, BTI/PAC, FORTIFY, symbols, debug info, toolchain, sanitizers, stack-clash, SafeStack, CFI)')
    .argument('[paths...]', 'ELF files, or directories to walk for them (as checksec --dir does)')
    .option('--listfile <file>', 'also the paths listed in FILE, one per line (- for standard input)')
    .addOption(new Option('--format <format>', 'text, json, sarif, junit or codequality').choices(['text', 'json', 'sarif', 'junit', 'codequality']).default('text'))
    .option('--pid <pid>', 'audit every object a running process maps (/proc/PID/maps), one row each in text')
    .option('--require <properties>', 'a hardening floor every file must meet (exit 1 below it): relro[=full|partial],canary,nx,pie,fortify,textrel,execstack,wx,rpath[=safe],runpath[=safe]')
    .action((args: string[], flags: { format: 'text' | 'json' | 'sarif' | 'junit' | 'codequality'; require?: string; listfile?: string; pid?: string }, cmd: Command) => {
      const sink = io();
      if (flags.pid !== undefined && (!/^[1-9]\d*$/.test(flags.pid) || args.length > 0 || flags.listfile !== undefined)) {
        cmd.error(args.length > 0 || flags.listfile !== undefined ? 'error: give FILEs or --pid, not both' : `error: --pid needs a process id, not '${flags.pid}'`);
      }
      if (flags.pid === undefined && args.length === 0 && flags.listfile === undefined) {
        sink.err('elfaudit audit: name at least one FILE or DIR, or --listfile\n');
        done(2);
        return;
      }
      const json = flags.format === 'json';
      let floor: Floor | undefined;
      try {
        floor = flags.require === undefined ? undefined : parseRequireSpec(flags.require);
      } catch (e) {
        sink.err(`elfaudit audit: ${visibleControls((e as Error).message)}\n`);
        done(2);
        return;
      }
      let inputs: { paths: readonly Buffer[]; regularFile?: readonly boolean[]; problems: readonly string[] } = { paths: [], problems: [] };
      const deleted = new Set<string>();
      if (flags.pid !== undefined) {
        try {
          const objs = processObjects(Number(flags.pid));
          inputs = { paths: objs.map((o) => o.path), problems: [] };
          for (const o of objs) if (o.deleted) deleted.add(o.path.toString('latin1'));
        } catch (e) {
          if (!isProcError(e)) throw e;
          sink.err(`elfaudit audit: --pid ${flags.pid}: ${visibleControls(e.message)}\n`);
          done(1);
          return;
        }
      } else inputs = expandInputs(args, flags.listfile);
      const files = inputs.paths;
      let below = 0;
      // Each file is written as soon as it is audited, so a tree of 100,000
      // files is never held in memory as one report; the text is the same as
      // formatAuditJson/formatAuditText of the whole report. Error lines
      // follow the report, as before. SARIF is one document, written at the end.
      const errors: string[] = [];
      let header = false;
      const ci = flags.format === 'junit' || flags.format === 'codequality';
      const ciFindings: CiFinding[] = [];
      const ciFiles: string[] = [];
      let written = 0; // files written (a --pid run skips the objects that are not ELF)
      const sarif = { findings: [] as { pathBytes: Buffer; check: string; verdict: string; summary: string }[], errors: [] as { path: string; error: string }[] };
      if (json) sink.out(files.length === 0 ? '{\n  "schema": 1,\n  "files": []\n}\n' : '{\n  "schema": 1,\n  "files": [\n');
      files.forEach((file, i) => {
        if (sink.closed === true) return;
        sink.progress?.(`[${i + 1}/${files.length}] ${visibleBytes(file)}`);
        let f = auditPath(file, inputs.regularFile?.[i] === true);
        // a process maps locale archives, caches and fonts too: only its ELF objects are rows (as checksec --proc lists them)
        if (flags.pid !== undefined && f.error === 'not an ELF file') return;
        if (deleted.has(file.toString('latin1'))) f = { ...f, note: 'the mapped file was deleted or replaced since it was loaded: this is the file now on disk' };
        const checks = f.checks;
        const outcomes = floor === undefined || checks === undefined ? [] : judgeFloor(floor, (id) => checks[id]).filter((o) => o.status === 'below' || o.status === 'unknown');
        if (outcomes.some((o) => o.status === 'below')) below++;
        if (json) sink.out((written++ > 0 ? ',\n' : '') + jsonEntry(floor === undefined ? f : { ...f, floor: outcomes }));
        else if (ci) {
          ciFiles.push(f.path);
          pushAll(ciFindings, auditCiFindings(f, outcomes));
        } else if (flags.format === 'sarif') {
          for (const c of Object.values(f.checks ?? {})) if (c.ok === false) sarif.findings.push({ pathBytes: file, check: c.id, verdict: c.verdict, summary: c.summary });
          if (f.error !== undefined) sarif.errors.push({ path: f.path, error: f.error });
        } else if (flags.pid !== undefined) {
          sink.out(formatAuditRows({ schema: 1, files: [f] }, !header) + floorLines(f.path, outcomes));
          header = true;
        } else sink.out((written++ > 0 ? '\n' : '') + formatAuditText({ schema: 1, files: [f] }) + floorLines(f.path, outcomes));
        if (f.error !== undefined) errors.push(`elfaudit audit: ${JSON.stringify(f.path).slice(1, -1)}: ${f.error}\n`);
      });
      sink.progress?.('');
      if (json && files.length > 0) sink.out('\n  ]\n}\n');
      if (ci) {
        const report = { suite: 'elfaudit audit', files: ciFiles, findings: ciFindings };
        sink.out(flags.format === 'junit' ? formatJunit(report) : formatCodeQuality(report));
      }
      if (flags.format === 'sarif') sink.out(JSON.stringify(auditSarif(CHECK_IDS, sarif.findings, sarif.errors), null, 2) + '\n');
      for (const e of errors) sink.err(e);
      for (const p of inputs.problems) sink.err(`elfaudit audit: ${visibleControls(p)}\n`);
      if (floor !== undefined && below > 0) {
        sink.err(`elfaudit audit: ${below} of ${files.length} file${files.length === 1 ? '' : 's'} below the hardening floor (${floorText(floor)})\n`);
      }
      done(errors.length > 0 || below > 0 || inputs.problems.length > 0 ? 1 : 0);
    });
}

/** `FILE: relro: relro is none, below the floor (relro=full): …`, hardening-check style; `warning:` for an undecidable verdict. */
function floorLines(path: string, outcomes: readonly FloorOutcome[]): string {
  return outcomes.map((o) => `${visibleControls(path)}: ${o.status === 'below' ? '' : 'warning: '}${visibleControls(o.message)}\n`).join('');
}

/**
 * One audited file's findings for the CI writers (src/gate/ci-reports.ts,
 * the gate's too): each check whose hardening is missing or weakened
 * (`ok: false`) as a warning, each property below the --require floor as
 * an error (an undecidable one as a warning), a file that could not be
 * audited as an error.
 */
function auditCiFindings(f: FileAudit, outcomes: readonly FloorOutcome[]): CiFinding[] {
  const path = repoRelative(resolve(f.path), '.') ?? f.path;
  const out: CiFinding[] = [];
  if (f.error !== undefined) out.push({ file: f.path, path, rule: 'unreadable', level: 'error', message: f.error, discriminator: 'error' });
  for (const c of Object.values(f.checks ?? {})) {
    if (c.ok === false) out.push({ file: f.path, path, rule: c.id, property: c.id, level: 'warning', message: `${c.id}: ${c.verdict}: ${c.summary}`, discriminator: c.id });
  }
  for (const o of outcomes) {
    out.push({ file: f.path, path, rule: 'hardening-floor', property: o.property, level: o.status === 'below' ? 'error' : 'warning', message: o.message, discriminator: o.property });
  }
  return out;
}

/** One file's entry as JSON.stringify(report, null, 2) prints it inside `files` (JSON strings hold no raw newline). */
function jsonEntry(f: FileAudit & { floor?: readonly FloorOutcome[] }): string {
  return '    ' + JSON.stringify(f, null, 2).replace(/\n/g, '\n    ');
}

/** Runs `audit ARGS` in-process (tests). */
export function auditMain(args: readonly string[], io: Output): number {
  return runInProcess(auditCommand, args, io);
}

export function auditCliCommand(): Command {
  // a progress line on a terminal's stderr while a tree is read (src/io/progress.ts)
  return processCommand(auditCommand, withProgress(processOutput, processProgress()));
}
