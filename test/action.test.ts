/**
 * The GitHub Action (action.yml, composite): its steps run here as the
 * runner runs them — the `run` script with bash, its `env` with the
 * `${{ inputs.* }}` and `${{ github.action_path }}` expressions filled in,
 * GITHUB_STEP_SUMMARY and GITHUB_OUTPUT pointing at files. The install
 * step (`npm ci` in the action's checkout) is only read, not run: it would
 * reinstall this checkout's node_modules.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const ROOT = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'elfaudit-action-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Step {
  name: string;
  workingDirectory?: string;
  env: Record<string, string>;
  run: string;
}

/** The composite steps of action.yml: name, working-directory, env and the `run: |` script (the file keeps to this shape). */
function steps(): Step[] {
  const lines = readFileSync(join(ROOT, 'action.yml'), 'utf8').split('\n');
  const out: Step[] = [];
  let cur: Step | undefined;
  let mode: 'env' | 'run' | undefined;
  for (const line of lines) {
    const step = /^ {4}- name: (.*)$/.exec(line);
    if (step) {
      cur = { name: step[1]!, env: {}, run: '' };
      out.push(cur);
      mode = undefined;
      continue;
    }
    if (cur === undefined) continue;
    if (mode === 'run' && (line.startsWith('        ') || line === '')) {
      cur.run += `${line.slice(8)}\n`;
      continue;
    }
    mode = undefined;
    const wd = /^ {6}working-directory: (.*)$/.exec(line);
    if (wd) cur.workingDirectory = wd[1]!;
    if (/^ {6}env:$/.test(line)) mode = 'env';
    if (/^ {6}run: \|$/.test(line)) mode = 'run';
    const kv = /^ {8}([A-Z_]+): (.*)$/.exec(line);
    if (kv && !line.startsWith('      run')) cur.env[kv[1]!] = kv[2]!;
  }
  return out;
}

function fill(s: string, inputs: Record<string, string>): string {
  return s.replace(/\$\{\{ *(inputs\.([a-z-]+)|github\.action_path) *\}\}/g, (_, _all, input: string | undefined) => (input === undefined ? ROOT : (inputs[input] ?? '')));
}

function runCheck(inputs: Record<string, string>, cwd: string) {
  const step = steps().find((s) => s.name === 'elfaudit baseline check')!;
  const summary = join(cwd, 'summary.md');
  const output = join(cwd, 'github-output');
  writeFileSync(output, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output };
  for (const [k, v] of Object.entries(step.env)) env[k] = fill(v, inputs);
  // as the runner runs a `shell: bash` step
  const script = join(cwd, 'step.sh');
  writeFileSync(script, step.run);
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '', output: readFileSync(output, 'utf8') };
}

describe('the GitHub Action', () => {
  it('installs from its own checkout', () => {
    const install = steps()[0]!;
    expect(install.workingDirectory).toBe('${{ github.action_path }}');
    expect(install.run.trim()).toBe('npm ci --no-audit --no-fund');
  });

  // Heavy: runs the action's check step with bash, which starts the CLI.
  it('fails the step on a violation, with annotations, the step summary and SARIF; passes with report-only', { timeout: HEAVY_TIMEOUT }, () => {
    const cwd = join(work, 'repo');
    mkdirSync(join(cwd, 'out', 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'samples/checksec/x86_64/hardened'), join(cwd, 'out', 'bin', 'good'));
    writeFileSync(join(cwd, 'policy.json'), JSON.stringify({ schema: 1, require: { nx: true } }));
    const create = spawnSync(process.execPath, [join(ROOT, 'bin', 'elfaudit.js'), 'baseline', 'create', 'out', '--output', 'base.json'], { cwd, encoding: 'utf8' });
    expect(create.status, create.stderr).toBe(0);
    const inputs = { trees: 'out', baseline: 'base.json', policy: 'policy.json', sarif: 'elfaudit.sarif', 'report-only': 'false' };

    const pass = runCheck(inputs, cwd);
    expect(pass.stderr).toBe('');
    expect(pass.status).toBe(0);
    expect(pass.summary).toMatch(/^## elfaudit gate: passed/);

    copyFileSync(join(ROOT, 'samples/checksec/x86_64/stack-last-exec'), join(cwd, 'out', 'bin', 'execstack'));
    const fail = runCheck(inputs, cwd);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/^::error file=out\/bin\/execstack,title=elfaudit hardening-floor nx::nx: no, below the floor \(nx\)/m);
    expect(fail.summary).toMatch(/^## elfaudit gate: failed, 1 violation/);
    expect(fail.output).toBe('sarif=elfaudit.sarif\n');
    const sarif = JSON.parse(readFileSync(join(cwd, 'elfaudit.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('hardening-floor');

    expect(runCheck({ ...inputs, 'report-only': 'true' }, cwd).status).toBe(0);
  });
});
