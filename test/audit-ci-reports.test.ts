/**
 * `audit --format junit|codequality` goes through the gate's CI writers
 * (src/gate/ci-reports.ts): one test case per file; missing hardening is a
 * warning (the audit's exit status does not fail on it), a property below
 * `--require` a failure, as is a file that could not be audited; Code
 * Quality issues with stable fingerprints.
 */
import { describe, expect, it } from 'vitest';
import { auditMain } from '../src/cli/audit.js';
import { CaptureOutput } from '../src/io/output.js';
import { assertWellFormedXml } from './helpers/xml-check.js';

const WEAK = 'samples/x86_64/hello-execstack';
const GOOD = 'samples/x86_64/hello-now';

function audit(args: string[]) {
  const io = new CaptureOutput();
  const status = auditMain(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

describe('audit in CI report formats', () => {
  it('junit: a test case per file; the executable stack a warning without a floor, a failure below --require', () => {
    const plain = audit(['--format', 'junit', GOOD, WEAK]);
    expect(plain.status).toBe(0);
    assertWellFormedXml(plain.stdout);
    expect(plain.stdout.match(/<testcase /g)).toHaveLength(2);
    expect(plain.stdout).toContain('failures="0"');
    expect(plain.stdout).toMatch(/warning: execstack/);
    const floor = audit(['--format', 'junit', '--require', 'execstack', GOOD, WEAK]);
    expect(floor.status).toBe(1);
    assertWellFormedXml(floor.stdout);
    expect(floor.stdout.match(/<failure /g)).toHaveLength(1);
    expect(floor.stdout.slice(floor.stdout.indexOf(`name="${WEAK}"`))).toContain('<failure ');
  });

  it('codequality: the floor below --require is an error (major or above), with a fingerprint', () => {
    const r = audit(['--format', 'codequality', '--require', 'nx,execstack', WEAK]);
    expect(r.status).toBe(1);
    const issues = JSON.parse(r.stdout) as { check_name: string; fingerprint: string; severity: string; location: { path: string } }[];
    const floor = issues.filter((i) => i.check_name === 'hardening-floor');
    expect(floor.length).toBeGreaterThanOrEqual(1);
    for (const i of issues) {
      expect(i.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
      expect(i.location.path).toBe(WEAK);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('a file that cannot be audited is a failure in the report, and exit 1', () => {
    const r = audit(['--format', 'junit', 'samples/no-such-file']);
    expect(r.status).toBe(1);
    assertWellFormedXml(r.stdout);
    expect(r.stdout).toContain('<failure');
  });
});
