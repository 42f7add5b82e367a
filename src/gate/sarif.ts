import { sha256Hex } from '../util/sha256.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileRef, Finding, GateResult } from './check.js';
import { messageText } from './message.js';
import { RULES, type RuleDescriptor } from './rules.js';
import { TOOL, TOOL_HOMEPAGE } from './tool.js';

/**
 * SARIF 2.1.0 for code scanning (GitHub's upload-sarif, GitLab, any SARIF
 * viewer):
 *
 * - one run; `tool.driver.rules` lists all sixteen rules in a fixed order,
 *   so `ruleIndex` and `ruleId` are stable; each rule's
 *   `defaultConfiguration` is the policy's level (`enabled: false` for off);
 * - every finding is a result whose `level` is the policy's (`error`,
 *   `warning`, `note`); a finding a policy ignore entry covers carries an
 *   external suppression whose justification is the entry's reason;
 * - every result has one location: the binary's path relative to the
 *   repository root (`uriBaseId` `%SRCROOT%`, percent-encoded from the file
 *   system's bytes), with `region.startLine` 1 because GitHub needs a line
 *   to show an alert (a binary has none); a file outside the repository root
 *   gets an absolute `file:` URI instead;
 * - `partialFingerprints["elfaudit/v1"]` is a hash of the rule, the path and
 *   what tells two findings of one rule in one file apart, so an alert keeps
 *   its identity from run to run.
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes a path's bytes for a URI; `/` separates segments and stays. */
export function encodeUriPath(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && (c === '/' || UNRESERVED.test(c)) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface SarifLocationUri {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/** The file's URI: relative to REPOROOT when inside it, else absolute. */
export function fileUri(ref: FileRef, repoRoot: string): SarifLocationUri {
  const rootRel = relative(resolve(repoRoot), ref.rootDir);
  const inside = !(rootRel === '..' || rootRel.startsWith(`..${sep}`) || isAbsolute(rootRel));
  const dirPart = (d: string) => (d === '' ? '' : `${encodeUriPath(Buffer.from(d.split(sep).join('/')))}/`);
  const tail = encodeUriPath(ref.pathBytes);
  if (inside) return { uri: dirPart(rootRel) + tail, uriBaseId: SRCROOT };
  return { uri: `file://${dirPart(ref.rootDir)}${tail}` };
}

function rootUri(repoRoot: string): string {
  const abs = resolve(repoRoot);
  return `file://${encodeUriPath(Buffer.from(abs.endsWith('/') ? abs : `${abs}/`))}`;
}

function ruleJson(r: RuleDescriptor, level: string): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: r.short },
    fullDescription: { text: r.full },
    help: { text: `${r.full} Rule ${r.id}; set its level or thresholds in an elfaudit policy file.` },
    defaultConfiguration: level === 'off' ? { enabled: false, level: 'none' } : { level },
    properties: {
      tags: r.tags,
      precision: 'very-high',
      ...(r.severity === undefined ? {} : { 'security-severity': r.severity }),
    },
  };
}

function fingerprint(f: Finding, uri: string): string {
  return sha256Hex(`${f.rule}\0${uri}\0${f.discriminator}`);
}

function resultJson(f: Finding, repoRoot: string): Record<string, unknown> {
  const loc = fileUri(f.ref, repoRoot);
  return {
    ruleId: f.rule,
    ruleIndex: RULES.findIndex((r) => r.id === f.rule),
    level: f.level,
    message: { text: messageText(f.message) },
    locations: [{ physicalLocation: { artifactLocation: loc, region: { startLine: 1 } } }],
    partialFingerprints: { 'elfaudit/v1': fingerprint(f, loc.uri) },
    ...(f.ignored === undefined
      ? {}
      : { suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.ignored.reason} (policy ignore entry '${f.ignored.pattern}')` }] }),
    properties: { file: f.ref.file, ...(f.property === undefined ? {} : { property: f.property }), old: f.old, new: f.new },
  };
}

/** The one SARIF log layout: one run of elfaudit with these rules, results and run properties. */
function sarifLog(rules: readonly Record<string, unknown>[], results: readonly Record<string, unknown>[], repoRoot: string, run: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            ...(TOOL_HOMEPAGE === undefined ? {} : { informationUri: TOOL_HOMEPAGE }),
            version: TOOL.version,
            semanticVersion: TOOL.version,
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(repoRoot) } },
        ...run,
        results,
      },
    ],
  };
}

/** The SARIF log for a gate result; REPOROOT is what URIs are relative to (default: the current directory). */
export function gateSarif(r: GateResult, repoRoot = '.'): Record<string, unknown> {
  return sarifLog(
    RULES.map((x) => ruleJson(x, r.policy.levels[x.id])),
    r.findings.map((f) => resultJson(f, repoRoot)),
    repoRoot,
    { invocations: [{ executionSuccessful: true }], properties: { pass: r.pass, baseline: r.baseline.source } },
  );
}

/** One audited file's check that is not in place: what `audit --format sarif` reports. */
export interface AuditSarifFinding {
  /** The path as given (file-system bytes). */
  readonly pathBytes: Buffer;
  /** The check (`canary`, `sanitizer`, …): the SARIF rule. */
  readonly check: string;
  readonly verdict: string;
  readonly summary: string;
}

/**
 * The SARIF log for an audit: one rule per check (in `checks` order), one
 * `warning` result per check whose hardening is missing or weakened (ok
 * false), located like the gate's; files that could not be audited are
 * tool execution notifications.
 */
export function auditSarif(checks: readonly string[], findings: readonly AuditSarifFinding[], errors: readonly { path: string; error: string }[], repoRoot = '.'): Record<string, unknown> {
  const rules = checks.map((id) => ({
    id,
    name: id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: `elfaudit audit check ${id}` },
    help: { text: `The ${id} check of elfaudit audit; docs/checksec-and-audit.md says what decides it.` },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['security', 'hardening'], precision: 'high' },
  }));
  const results = findings.map((f) => {
    // the directory as text (URIs of directories are relative to the repository), the name as the file system's bytes
    const slash = f.pathBytes.lastIndexOf(0x2f);
    const dir = slash < 0 ? '.' : slash === 0 ? '/' : f.pathBytes.subarray(0, slash).toString();
    const ref: FileRef = { root: 0, path: '', pathBytes: f.pathBytes.subarray(slash + 1), file: f.pathBytes.toString(), absolute: resolve(f.pathBytes.toString()), rootDir: resolve(dir) };
    const loc = fileUri(ref, repoRoot);
    return {
      ruleId: f.check,
      ruleIndex: checks.indexOf(f.check),
      level: 'warning',
      message: { text: `${f.check} ${f.verdict}: ${f.summary}` },
      locations: [{ physicalLocation: { artifactLocation: loc, region: { startLine: 1 } } }],
      partialFingerprints: { 'elfaudit/v1': sha256Hex(`audit/${f.check}\0${loc.uri}\0${f.verdict}`) },
    };
  });
  const notifications = errors.map((e) => ({ level: 'error', message: { text: `${e.path}: ${e.error}` } }));
  return sarifLog(rules, results, repoRoot, { invocations: [{ executionSuccessful: errors.length === 0, toolExecutionNotifications: notifications }] });
}

export function formatGateSarif(r: GateResult, repoRoot = '.'): string {
  return JSON.stringify(gateSarif(r, repoRoot), null, 2) + '\n';
}
