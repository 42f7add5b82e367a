import { createHash } from 'node:crypto';
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
  return createHash('sha256').update(`${f.rule}\0${uri}\0${f.discriminator}`).digest('hex');
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

/** The SARIF log for a gate result; REPOROOT is what URIs are relative to (default: the current directory). */
export function gateSarif(r: GateResult, repoRoot = '.'): Record<string, unknown> {
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
            rules: RULES.map((x) => ruleJson(x, r.policy.levels[x.id])),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(repoRoot) } },
        invocations: [{ executionSuccessful: true }],
        results: r.findings.map((f) => resultJson(f, repoRoot)),
        properties: { pass: r.pass, baseline: r.baseline.source },
      },
    ],
  };
}

export function formatGateSarif(r: GateResult, repoRoot = '.'): string {
  return JSON.stringify(gateSarif(r, repoRoot), null, 2) + '\n';
}
