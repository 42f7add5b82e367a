import { statSync } from 'node:fs';
import { isElfFormatError } from '../elf/errors.js';
import { fileModeName, probeElf } from '../elf/probe.js';
import { ARCHIVE_NOT_READ } from '../elf/archive.js';
import { decodeLossy, visibleBytes, visibleControls } from '../io/escape.js';
import { errnoCode } from '../io/errno.js';
import { auditChecks, identity } from './checks.js';
import type { AuditReport, Check, CheckId, FileAudit } from './types.js';

export type { AuditReport, Check, CheckId, ChecksecComparison, ElfIdentity, Evidence, FileAudit } from './types.js';
export { auditChecks, checksecOrNull, identity } from './checks.js';
export { classifyPathEntry } from '../hardening/index.js';

/**
 * Audits one path (raw bytes); never throws for a bad file, it becomes
 * `error`. `regularFile`: the caller's stat of the path just found a
 * regular file, so it is not stat-ed again before it is opened.
 */
export function auditPath(path: Buffer, regularFile = false): FileAudit {
  const name = decodeLossy(path);
  const display = visibleBytes(path);
  try {
    const st = regularFile ? undefined : statSync(path);
    if (st !== undefined && !st.isFile()) return { path: name, error: `not a regular file (${fileModeName(st.mode)}); not opened` };
  } catch (e) {
    const code = errnoCode(e);
    return { path: name, error: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(e)) };
  }
  let probe;
  try {
    probe = probeElf(path, display);
  } catch (e) {
    const code = errnoCode(e);
    return { path: name, error: code === 'EACCES' ? 'permission denied' : (code ?? String(e)) };
  }
  switch (probe.kind) {
    case 'not-regular':
      return { path: name, error: `not a regular file (${probe.fileType}); not opened` };
    case 'not-elf':
      return { path: name, error: probe.archive === undefined ? 'not an ELF file' : ARCHIVE_NOT_READ };
    case 'truncated':
      return { path: name, error: `not a readable ELF file: ${probe.error.message}` };
    case 'elf':
      try {
        return { path: name, elf: identity(probe.file), checks: auditChecks(probe.file) };
      } catch (e) {
        if (isElfFormatError(e)) return { path: name, error: e.message };
        throw e;
      } finally {
        probe.file.close();
      }
  }
}

export function auditPaths(paths: readonly Buffer[]): AuditReport {
  return { schema: 1, files: paths.map((p) => auditPath(p)) };
}

/** The report as JSON schema 1 (one document, newline-terminated). */
export function formatAuditJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

const MARK = { true: 'ok ', false: 'BAD', null: ' - ' } as const;

/**
 * The report for people: per file one header line, per check a line with
 * its verdict and summary, the evidence indented below, and a `checksec`
 * line where checksec.sh 2.6.0 answers differently. Names from the file
 * system or the binary have their control characters made visible.
 */
export function formatAuditText(report: AuditReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    const path = visibleControls(f.path);
    if (f.error !== undefined) {
      out.push(`${path}: error: ${visibleControls(f.error)}`, '');
      continue;
    }
    const e = f.elf!;
    out.push(`${path}: ${e.class} ${e.data} ${e.machine}, ${e.type}`);
    for (const c of Object.values(f.checks ?? {}) as Check[]) {
      out.push(`  ${MARK[String(c.ok) as 'true' | 'false' | 'null']} ${c.id.padEnd(16)} ${c.verdict.padEnd(14)} ${visibleControls(c.summary)}`);
      for (const ev of c.evidence) out.push(`        - ${visibleControls(ev.text)}`);
      if (c.checksec !== undefined && !c.checksec.agrees) {
        out.push(`        ! checksec 2.6.0 says "${c.checksec.value}": ${c.checksec.why ?? ''}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

/** The checks a row of `audit --pid` shows, in this order. */
export const ROW_CHECKS: readonly CheckId[] = ['relro', 'canary', 'nx', 'pie', 'fortify', 'stack-clash', 'sanitizer', 'x86-cet', 'toolchain'];

/**
 * One row per file (`audit --pid`, as `checksec --proc` lists a process's
 * objects): each of ROW_CHECKS as `check=verdict`, BAD ones marked with
 * `!`, then the path; `header` adds the legend line first.
 */
export function formatAuditRows(report: AuditReport, header: boolean): string {
  const out: string[] = [];
  if (header) out.push(`# ${ROW_CHECKS.join(' ')} path  (! marks a BAD verdict; \`elfaudit audit PATH\` gives the evidence)`);
  for (const f of report.files) {
    const path = visibleControls(f.path);
    if (f.error !== undefined) {
      out.push(`error: ${visibleControls(f.error)}  ${path}`);
      continue;
    }
    const cells = ROW_CHECKS.map((id) => {
      const c = f.checks?.[id];
      return c === undefined ? `${id}=?` : `${c.ok === false ? '!' : ''}${id}=${c.verdict}`;
    });
    out.push(`${cells.join(' ')}  ${path}${f.note === undefined ? '' : `  (${visibleControls(f.note)})`}`);
  }
  return out.join('\n') + '\n';
}
