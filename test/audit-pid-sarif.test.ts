/**
 * `audit --pid PID` (one row per ELF object the process maps, from
 * /proc/PID/maps) and `audit --format sarif` (the gate's SARIF layout: one
 * rule per check, one result per check that is not in place).
 */
import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditMain } from '../src/cli/audit.js';
import { CaptureOutput } from '../src/io/output.js';
import { CHECK_IDS } from '../src/hardening/types.js';

describe('audit --pid', () => {
  it('lists every ELF object this process maps, once each, and skips the files that are not ELF', () => {
    const io = new CaptureOutput();
    expect(auditMain(['--pid', String(process.pid)], io)).toBe(0);
    const rows = io.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^# relro canary nx pie fortify stack-clash sanitizer x86-cet toolchain path/);
    const paths = rows.slice(1).map((r) => r.slice(r.lastIndexOf('  ') + 2));
    expect(paths).toContain(realpathSync(process.execPath));
    expect(new Set(paths).size).toBe(paths.length);
    expect(rows.slice(1).every((r) => /^!?relro=\S+ !?canary=\S+ /.test(r))).toBe(true);
    expect(io.stderr).toBe('');
  });
  it('a process that does not exist is an error; --pid with files is a usage error', () => {
    const io = new CaptureOutput();
    expect(auditMain(['--pid', '999999999'], io)).toBe(1);
    expect(io.stderr).toContain('--pid 999999999: no such process');
    const both = new CaptureOutput();
    expect(auditMain(['--pid', '1', 'samples/x86_64/hello-pie'], both)).not.toBe(0);
    expect(both.stderr).toContain('give FILEs or --pid, not both');
  });
});

describe('audit --format sarif', () => {
  it('one rule per check; a result per BAD check, located relative to the current directory; unreadable files are notifications', () => {
    const io = new CaptureOutput();
    expect(auditMain(['--format', 'sarif', 'samples/toolchains/gcc-asan', 'samples/nonexistent'], io)).toBe(1);
    const log = JSON.parse(io.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...CHECK_IDS]);
    const san = run.results.find((r) => r.ruleId === 'sanitizer')!;
    expect(san.message.text).toContain('sanitizer asan: built with asan: a debugging build; not for release');
    expect(run.tool.driver.rules[san.ruleIndex]!.id).toBe('sanitizer');
    expect(san.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'samples/toolchains/gcc-asan', uriBaseId: '%SRCROOT%' });
    // n/a and unknown verdicts are not findings
    expect(run.results.every((r) => r.ruleId !== 'toolchain' && r.ruleId !== 'safestack')).toBe(true);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications[0]!.message.text).toBe('samples/nonexistent: no such file');
  });
});
