/**
 * The JUnit and GitLab Code Quality writers (src/gate/ci-reports.ts) on a
 * FindingsReport built by hand, as an audit run would feed them: hostile
 * names stay data, passing files are test cases, set-aside findings fail
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { codeQuality, formatJunit, type FindingsReport } from '../src/gate/ci-reports.js';

const report: FindingsReport = {
  suite: 'elfaudit audit',
  files: ['bin/ok', 'lib/evil<img src=x>&"\n.so'],
  findings: [
    { file: 'lib/evil<img src=x>&"\n.so', path: 'lib/evil<img src=x>&"\n.so', rule: 'hardening-floor', property: 'relro', level: 'error', message: 'relro: none, below the floor (relro=full)', discriminator: 'relro' },
    { file: 'lib/evil<img src=x>&"\n.so', path: 'lib/evil<img src=x>&"\n.so', rule: 'hardening-floor', property: 'canary', level: 'error', message: 'canary: no', discriminator: 'canary', ignoredReason: 'vendor blob' },
    { file: 'lib/evil<img src=x>&"\n.so', path: 'lib/evil<img src=x>&"\n.so', rule: 'hardening-floor', property: 'fortify', level: 'warning', message: 'fortify: unknown', discriminator: 'fortify' },
  ],
};

describe('JUnit XML', () => {
  it('a test case per file, a failure per violation, everything else in system-out; names escaped as XML text', () => {
    const xml = formatJunit(report);
    expect(xml).toContain('<testsuite name="elfaudit audit" tests="2" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testcase classname="elfaudit audit" name="bin/ok" file="bin/ok"/>');
    expect(xml).toContain('name="lib/evil&lt;img src=x&gt;&amp;&quot;\\n.so"');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('<failure type="hardening-floor relro" message="relro: none, below the floor (relro=full)">');
    expect(xml).toContain('<system-out>ignored (vendor blob): hardening-floor canary: canary: no\nwarning: hardening-floor fortify: fortify: unknown</system-out>');
    expect(xml).not.toMatch(/<img/);
  });
});

describe('GitLab Code Quality', () => {
  it('one entry per finding not set aside, severity by level, a distinct fingerprint each', () => {
    const cq = codeQuality(report);
    expect(cq.map((x) => [x.check_name, x.severity])).toEqual([
      ['hardening-floor', 'major'],
      ['hardening-floor', 'minor'],
    ]);
    expect(cq[0]).toMatchObject({ description: 'hardening-floor relro: relro: none, below the floor (relro=full)', location: { path: 'lib/evil<img src=x>&"\n.so', lines: { begin: 1 } } });
    expect(cq[0]!.fingerprint).not.toBe(cq[1]!.fingerprint);
  });
});
