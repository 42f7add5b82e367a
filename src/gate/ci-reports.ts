import { sha256Hex } from '../util/sha256.js';
import { markupText } from '../io/escape.js';
import { repoRelative, type GateResult } from './check.js';
import { messageText } from './message.js';
import type { ReportLevel } from './rules.js';

/**
 * Reports for CI systems that do not read SARIF: JUnit XML (Jenkins,
 * GitLab, Azure Pipelines show a test case per file and a failure per
 * violation) and GitLab Code Quality JSON (merge-request widget). Each
 * writer takes a FindingsReport — the files looked at and the findings —
 * which the gate's result feeds (`gateFindings`) and an audit run can feed
 * the same way, so there is one writer per format.
 */

/** One finding as the CI writers need it. */
export interface CiFinding {
  /** The file as the user named it (the JUnit test case). */
  readonly file: string;
  /** The path relative to the repository root (Code Quality's `location.path`), or `file` when outside it. */
  readonly path: string;
  /** Stable rule id: `hardening-floor`, `relro-downgrade`… */
  readonly rule: string;
  /** The hardening property, when the rule is about one. */
  readonly property?: string;
  readonly level: ReportLevel;
  /** Plain text (names as data; each writer escapes them for its format). */
  readonly message: string;
  /** What tells two findings of one rule in one file apart (a segment, an RPATH entry, a property). */
  readonly discriminator: string;
  /** Set when a policy sets the finding aside: it is reported, never a failure. */
  readonly ignoredReason?: string;
}

export interface FindingsReport {
  /** `elfaudit baseline check`, `elfaudit audit`: the JUnit suite's name. */
  readonly suite: string;
  /** Every file looked at, as named in CiFinding.file: a test case each, passing or not. */
  readonly files: readonly string[];
  readonly findings: readonly CiFinding[];
}

/** The gate's result as a FindingsReport; paths relative to REPOROOT. */
export function gateFindings(r: GateResult, repoRoot = '.'): FindingsReport {
  const files = r.checked.map((f) => f.file);
  const known = new Set(files);
  // removed files have findings but are not in the tree: they get a test case too
  for (const f of r.findings) {
    if (known.has(f.ref.file)) continue;
    known.add(f.ref.file);
    files.push(f.ref.file);
  }
  return {
    suite: 'elfaudit baseline check',
    files,
    findings: r.findings.map((f) => ({
      file: f.ref.file,
      path: repoRelative(f.ref.absolute, repoRoot) ?? f.ref.absolute,
      rule: f.rule,
      ...(f.property === undefined ? {} : { property: f.property }),
      level: f.level,
      message: messageText(f.message),
      discriminator: f.discriminator,
      ...(f.ignored === undefined ? {} : { ignoredReason: `${f.ignored.reason} (policy entry '${f.ignored.pattern}')` }),
    })),
  };
}

function isViolation(f: CiFinding): boolean {
  return f.level === 'error' && f.ignoredReason === undefined;
}

// ---- JUnit XML ----------------------------------------------------------------------------------

function title(f: CiFinding): string {
  return f.property === undefined ? f.rule : `${f.rule} ${f.property}`;
}

/**
 * JUnit XML: one `<testsuite>`, a `<testcase>` per file (classname the
 * suite, name the file), a `<failure type=RULE>` per violation; warnings,
 * notes and findings a policy set aside go to the test case's
 * `<system-out>`, where they are shown but fail nothing.
 */
export function formatJunit(report: FindingsReport): string {
  const byFile = new Map<string, CiFinding[]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const failures = report.findings.filter(isViolation).length;
  const failed = report.files.filter((file) => (byFile.get(file) ?? []).some(isViolation)).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const counts = `tests="${report.files.length}" failures="${failed}" errors="0" skipped="0"`;
  out.push(`<testsuites name="elfaudit" ${counts}>`);
  out.push(`  <testsuite name="${markupText(report.suite)}" ${counts}>`);
  out.push(`    <properties><property name="violations" value="${failures}"/></properties>`);
  for (const file of report.files) {
    const list = byFile.get(file) ?? [];
    const open = `    <testcase classname="${markupText(report.suite)}" name="${markupText(file)}" file="${markupText(file)}"`;
    if (list.length === 0) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    for (const f of list.filter(isViolation)) {
      out.push(`      <failure type="${markupText(title(f))}" message="${markupText(f.message)}">${markupText(`${file}: ${title(f)}: ${f.message}`)}</failure>`);
    }
    const rest = list.filter((f) => !isViolation(f));
    if (rest.length > 0) {
      const lines = rest.map((f) => `${f.ignoredReason === undefined ? f.level : `ignored (${f.ignoredReason})`}: ${title(f)}: ${f.message}`);
      out.push(`      <system-out>${lines.map(markupText).join('\n')}</system-out>`);
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}

// ---- GitLab Code Quality ------------------------------------------------------------------------

const SEVERITY: Readonly<Record<ReportLevel, string>> = { error: 'major', warning: 'minor', note: 'info' };

/**
 * GitLab Code Quality (a subset of Code Climate's format): an array of
 * `{description, check_name, fingerprint, severity, location:{path, lines:{begin:1}}}`,
 * one per finding a policy did not set aside. `severity` is `major` for a
 * violation, `minor` for a warning, `info` for a note; the fingerprint
 * hashes rule, path and discriminator, so GitLab tells new findings from
 * ones already on the target branch.
 */
export function codeQuality(report: FindingsReport): Record<string, unknown>[] {
  return report.findings
    .filter((f) => f.ignoredReason === undefined)
    .map((f) => ({
      description: `${title(f)}: ${f.message}`,
      check_name: f.rule,
      fingerprint: sha256Hex(`${f.rule}\0${f.path}\0${f.discriminator}`),
      severity: SEVERITY[f.level],
      location: { path: f.path, lines: { begin: 1 } },
    }));
}

export function formatCodeQuality(report: FindingsReport): string {
  return JSON.stringify(codeQuality(report), null, 2) + '\n';
}
