/**
 * The hardening floor: policy `require` and rule `hardening-floor` in the
 * gate, and `elfaudit audit --require` without a baseline.
 *
 * The acceptance scenario: the old tree is hardened; the new tree adds a
 * library built with -z execstack -z norelro -fno-stack-protector, which
 * the comparison rules alone only note as `file-added`. With a floor the
 * check fails naming relro, canary and nx for it, in every report format.
 * Binaries come from the host gcc (skipped, saying so, without it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMain } from '../src/cli/audit.js';
import { baselineMain } from '../src/cli/baseline.js';
import { judgeFloor, parseFloor, parseRequireSpec } from '../src/gate/floor.js';
import { InputError } from '../src/gate/json-input.js';
import { CaptureOutput } from '../src/io/output.js';
import { gcc, hasGcc } from './helpers/gcc.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'elfaudit-floor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));


function run(main: (args: string[], io: CaptureOutput) => number, args: string[]) {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

/** The floor. */
const FLOOR = {
  relro: 'full',
  canary: true,
  nx: true,
  pie: true,
  fortify: true,
  textrel: false,
  execstack: false,
  wx: false,
  rpath: false,
  runpath: false,
};

const bin: Record<string, string> = {};
beforeAll(() => {
  if (!hasGcc) return;
  const b = join(work, 'bin');
  mkdirSync(b);
  const lib = join(FIXTURES, 'gate', 'floorlib.c');
  bin.prog = join(b, 'prog');
  bin.good = join(b, 'libgood.so');
  bin.bad = join(b, 'libbad.so');
  bin.static = join(b, 'static');
  bin.demoNorelro = join(b, 'libdemo-norelro.so');
  bin.demoRelro = join(b, 'libdemo-relro.so');
  gcc(bin.demoNorelro, ['-fPIC', '-shared', '-Wl,-z,norelro', join(FIXTURES, 'memory', 'relro-demo.c')]);
  gcc(bin.demoRelro, ['-fPIC', '-shared', '-Wl,-z,relro', join(FIXTURES, 'memory', 'relro-demo.c')]);
  const hardened = ['-D_FORTIFY_SOURCE=2', '-fstack-protector-strong', '-Wl,-z,relro,-z,now'];
  gcc(bin.prog, ['-fPIE', '-pie', ...hardened, join(FIXTURES, 'gate', 'prog.c')]);
  gcc(bin.good, ['-fPIC', '-shared', ...hardened, lib]);
  gcc(bin.bad, ['-fPIC', '-shared', '-fno-stack-protector', '-Wl,-z,execstack', '-Wl,-z,norelro', lib]);
  writeFileSync(join(b, 'static.c'), 'int main(void) { return 0; }\n');
  const st = spawnSync('gcc', ['-O2', '-static', '-o', bin.static, join(b, 'static.c')], { encoding: 'utf8' });
  if (st.status !== 0) delete bin.static;
}, HEAVY_TIMEOUT); // Heavy: gcc compiles and links six programs.

let n = 0;
function tree(files: Record<string, string>, policy: object) {
  const dir = join(work, `case-${++n}`);
  const root = join(dir, 'out');
  for (const [name, src] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    copyFileSync(src, join(root, name));
  }
  const pol = join(dir, 'policy.json');
  writeFileSync(pol, JSON.stringify({ schema: 1, ...policy }));
  return { dir, root, base: join(dir, 'baseline.json'), policy: pol };
}

function create(t: ReturnType<typeof tree>) {
  const r = run(baselineMain, ['create', t.root, '--output', t.base, '--policy', t.policy]);
  expect(r.status, r.stderr).toBe(0);
}

function check(t: ReturnType<typeof tree>, extra: string[] = []) {
  return run(baselineMain, ['check', t.root, '--baseline', t.base, '--policy', t.policy, '--repo-root', t.dir, ...extra]);
}

describe.skipIf(!hasGcc)('hardening-floor in the gate (host gcc)', () => {
  it('a new library built -z execstack -z norelro -fno-stack-protector fails naming relro, canary and nx, in every report format', () => {
    const t = tree({ 'bin/prog': bin.prog!, 'lib/libold.so': bin.good! }, { require: FLOOR });
    create(t);
    copyFileSync(bin.bad!, join(t.root, 'lib/libnew.so'));

    const j = check(t, ['--format', 'json']);
    expect(j.status).toBe(1);
    const doc = JSON.parse(j.stdout);
    const floorOf = (path: string) =>
      doc.violations.filter((v: { rule: string; path: string }) => v.rule === 'hardening-floor' && v.path === path).map((v: { property: string }) => v.property);
    expect(floorOf('lib/libnew.so')).toEqual(expect.arrayContaining(['relro', 'canary', 'nx']));
    expect(floorOf('lib/libnew.so')).toContain('execstack');
    // the hardened files, unchanged, meet it
    expect(floorOf('lib/libold.so')).toEqual([]);
    expect(floorOf('bin/prog')).toEqual([]);
    const relro = doc.violations.find((v: { path: string; property: string }) => v.path === 'lib/libnew.so' && v.property === 'relro');
    expect(relro).toMatchObject({ level: 'error', old: 'relro=full', new: 'none' });
    expect(relro.message).toContain('relro: none, below the floor (relro=full): no PT_GNU_RELRO segment');
    expect(doc.policy.require).toMatchObject({ relro: 'full', canary: true, textrel: false });

    const text = check(t);
    expect(text.status).toBe(1);
    for (const p of ['relro', 'canary', 'nx']) expect(text.stdout).toMatch(new RegExp(`out/lib/libnew\\.so: hardening-floor \\[${p}\\]: `));
    expect(text.stdout).toContain('hardening floor relro=full, canary, nx, pie, fortify, no textrel, no execstack, no wx, no rpath, no runpath');

    const md = check(t, ['--format', 'markdown']);
    expect(md.status).toBe(1);
    const section = md.stdout.slice(md.stdout.search(/### `[^`]*out\/lib\/libnew\.so`/));
    expect(section).toContain('| rule | level |');
    for (const p of ['relro', 'canary', 'nx']) expect(section).toMatch(new RegExp(`\\| \`hardening-floor\` \\| \\*\\*error\\*\\* \\| \`${p}=?[a-z]*\``));

    const sarif = JSON.parse(check(t, ['--format', 'sarif']).stdout);
    const results = sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'hardening-floor');
    const sarifProps = results
      .filter((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'out/lib/libnew.so')
      .map((x: { properties: { property: string } }) => x.properties.property);
    expect(sarifProps).toEqual(expect.arrayContaining(['relro', 'canary', 'nx']));
    expect(results.every((x: { level: string }) => x.level === 'error')).toBe(true);
    // one alert per property: the fingerprints differ
    expect(new Set(results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['elfaudit/v1'])).size).toBe(results.length);

    const gh = check(t, ['--format', 'github']);
    expect(gh.status).toBe(1);
    for (const p of ['relro', 'canary', 'nx']) expect(gh.stdout).toMatch(new RegExp(`::error file=out/lib/libnew\\.so,title=elfaudit hardening-floor ${p}::${p}: `));

    // JUnit: a test case per file, a failure per violation; written with --report like the others
    const junitFile = join(t.dir, 'junit.xml');
    const cqFile = join(t.dir, 'cq.json');
    expect(check(t, ['--report', `junit=${junitFile}`, '--report', `codequality=${cqFile}`]).status).toBe(1);
    const junit = readFileSync(junitFile, 'utf8');
    expect(junit).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="elfaudit" tests="3" failures="1" /);
    const cases = [...junit.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]!.replace(/^.*\/out\//, 'out/'));
    expect(cases.sort()).toEqual(['out/bin/prog', 'out/lib/libnew.so', 'out/lib/libold.so']);
    const libCase = junit.slice(junit.search(/<testcase [^>]*name="[^"]*libnew\.so"/));
    const failures = [...libCase.slice(0, libCase.indexOf('</testcase>')).matchAll(/<failure type="hardening-floor ([a-z]+)"/g)].map((m) => m[1]);
    expect(failures).toEqual(expect.arrayContaining(['relro', 'canary', 'nx']));
    expect(junit).toMatch(/<system-out>note: file-added: new ELF file/);

    const cq = JSON.parse(readFileSync(cqFile, 'utf8')) as { check_name: string; description: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
    const floorCq = cq.filter((x) => x.check_name === 'hardening-floor' && x.location.path === 'out/lib/libnew.so');
    for (const p of ['relro', 'canary', 'nx']) expect(floorCq.some((x) => x.description.startsWith(`hardening-floor ${p}: ${p}: `) && x.severity === 'major')).toBe(true);
    expect(cq.every((x) => x.location.lines.begin === 1 && /^[0-9a-f]{64}$/.test(x.fingerprint))).toBe(true);
    expect(new Set(cq.map((x) => x.fingerprint)).size).toBe(cq.length);
    expect(cq.find((x) => x.check_name === 'file-added')!.severity).toBe('info');
  });

  it('holds for unchanged files too: a weak library already in the baseline fails once the floor is required', () => {
    const t = tree({ 'lib/libweak.so': bin.bad! }, {});
    create(t);
    expect(check(t).status).toBe(0);
    writeFileSync(t.policy, JSON.stringify({ schema: 1, require: { relro: 'full' } }));
    const r = check(t, ['--format', 'json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.files).toMatchObject({ unchanged: 1, changed: 0, added: 0 });
    expect(doc.violations.map((v: { rule: string; property: string }) => `${v.rule}:${v.property}`)).toEqual(['hardening-floor:relro']);
  });

  it('a per-path exception sets one property aside, printing its reason, and the rest of the floor still fails', () => {
    const t = tree(
      { 'lib/libvendor.so': bin.bad! },
      { require: { relro: 'full', canary: true, exceptions: [{ path: 'lib/libvendor*.so', properties: ['canary'], reason: 'vendor blob OPS-7' }] } },
    );
    create(t);
    const doc = JSON.parse(check(t, ['--format', 'json']).stdout);
    expect(doc.violations.map((v: { property: string }) => v.property)).toEqual(['relro']);
    expect(doc.ignored).toEqual([expect.objectContaining({ rule: 'hardening-floor', property: 'canary', ignoredBy: 'lib/libvendor*.so', reason: 'vendor blob OPS-7' })]);
    writeFileSync(t.policy, JSON.stringify({ schema: 1, require: { relro: 'full', canary: true, exceptions: [{ path: 'lib/**', reason: 'all of lib is vendor code' }] } }));
    const r = check(t);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("(ignored by 'lib/**': all of lib is vendor code)");
  });

  it('an undecidable verdict is a warning saying why, not a pass and not a violation', () => {
    if (bin.static === undefined) return; // gcc -static needs the static libc, which this host lacks
    const t = tree({ 'bin/static': bin.static }, { require: { canary: true } });
    create(t);
    const r = check(t, ['--format', 'json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.allowed).toEqual([expect.objectContaining({ rule: 'hardening-floor', property: 'canary', level: 'warning', new: 'unknown' })]);
    expect(doc.allowed[0].message).toContain("canary: unknown, so the floor (canary) is not known to hold: statically linked: libc's own __stack_chk_fail");
  });

  it('the rule can be turned off like any other', () => {
    const t = tree({ 'lib/libweak.so': bin.bad! }, { require: FLOOR, rules: { 'hardening-floor': 'off' } });
    create(t);
    expect(check(t).status).toBe(0);
  });
});

describe.skipIf(!hasGcc)('improvements in the gate reports (host gcc)', () => {
  it('RELRO, canary and NX gained are said as improvements in every report, even when the page cost is a finding', () => {
    const t = tree({ 'lib/libx.so': bin.bad! }, {});
    create(t);
    copyFileSync(bin.good!, join(t.root, 'lib/libx.so'));
    const j = check(t, ['--format', 'json']);
    const doc = JSON.parse(j.stdout);
    expect(doc.improved.map((x: { property: string; old: string; new: string }) => `${x.property} ${x.old} → ${x.new}`)).toEqual([
      'relro none → full',
      'canary no → yes',
      'nx no → yes',
      'execstack yes → no',
      'fortify no → yes',
    ]);
    expect(doc.summary.improved).toBe(5);
    // what the hardening costs is still a finding of its own
    expect(doc.violations.map((v: { rule: string }) => v.rule)).toContain('segment-added');
    const text = check(t);
    expect(text.stdout).toMatch(/5 improvements\n/);
    expect(text.stdout).toMatch(/improved:\n {2}.*out\/lib\/libx\.so: relro \[none → full\]: RELRO none → full: PT_GNU_RELRO and immediate binding/);
    const md = check(t, ['--format', 'markdown']).stdout;
    expect(md).toContain('| improvements | 5 |');
    expect(md).toMatch(/\*\*Improved:\*\* RELRO none → full: .*; stack protector no → yes: /);
  });
});

describe.skipIf(!hasGcc)('Markdown a reviewer reads to the end (host gcc)', () => {
  it('says each page-cost cause once per file, not once per finding, and RELRO gained as an improvement', () => {
    const t = tree({ 'lib/libdemo.so': bin.demoNorelro! }, {});
    create(t);
    copyFileSync(bin.demoRelro!, join(t.root, 'lib/libdemo.so'));
    const md = check(t, ['--format', 'markdown']).stdout;
    const visible = md.replace(/<details>[\s\S]*?<\/details>/g, '');
    const rules = [...visible.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(rules).toEqual(['segment-added', 'memory-growth']);
    const cause = 'GNU\\_RELRO added: the RW LOAD now spans 2 pages instead of 1';
    expect(visible.split(cause).length - 1).toBe(1);
    expect(visible).toContain('\\(page cost below\\)');
    expect(visible).toMatch(/\*\*Improved:\*\* RELRO none → partial/);
    // the JSON keeps each finding's whole message
    const doc = JSON.parse(check(t, ['--format', 'json']).stdout);
    for (const v of doc.violations) expect(v.message).toContain('GNU_RELRO added: the RW LOAD now spans 2 pages instead of 1');
  });
});

describe.skipIf(!hasGcc)('audit --require (host gcc)', () => {
  it('exits 1 naming file and property below the floor, 0 when every file meets it', () => {
    const below = run(auditMain, ['--require', 'relro=full,canary,nx,pie', bin.good!, bin.bad!]);
    expect(below.status).toBe(1);
    const lines = below.stdout.split('\n').filter((l) => l.startsWith(`${bin.bad!}: `) && !l.includes(' LSB '));
    expect(lines.map((l) => l.slice(bin.bad!.length + 2).split(':')[0])).toEqual(['relro', 'canary', 'nx']);
    expect(below.stdout.split('\n').some((l) => l.startsWith(`${bin.good!}: `) && !l.includes(' LSB '))).toBe(false);
    expect(below.stderr).toBe('elfaudit audit: 1 of 2 files below the hardening floor (relro=full, canary, nx, pie)\n');
    const ok = run(auditMain, ['--require', 'relro=full,canary,nx,pie,fortify,textrel,execstack,wx,rpath,runpath', bin.good!, bin.prog!]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  });

  it('puts the outcomes below the floor in each JSON entry', () => {
    const r = run(auditMain, ['--format', 'json', '--require', 'relro,nx', bin.bad!]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files[0].floor.map((o: { property: string; status: string }) => `${o.property}:${o.status}`)).toEqual(['relro:below', 'nx:below']);
  });

  it('refuses an unknown property or value with one line: exit 2', () => {
    const r = run(auditMain, ['--require', 'relro=half', bin.good!]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('elfaudit audit: --require: relro=half: expected full or partial\n');
    expect(run(auditMain, ['--require', 'aslr', bin.good!]).stderr).toContain("unknown property 'aslr'");
  });
});

describe('the floor judged from verdicts', () => {
  const verdicts = (m: Record<string, [string, boolean | null]>) => (id: string) => (m[id] === undefined ? undefined : { verdict: m[id]![0], ok: m[id]![1], summary: 's' });

  it('meets, falls below, does not apply, or cannot be decided, property by property', () => {
    const floor = parseRequireSpec('relro=partial,pie,fortify,execstack,rpath=safe,canary');
    const out = judgeFloor(
      floor,
      verdicts({ relro: ['partial', false], pie: ['relocatable', null], fortify: ['partial', null], execstack: ['default', null], rpath: ['unsafe', false] }),
    );
    expect(out.map((o) => `${o.property}:${o.status}`)).toEqual(['relro:met', 'canary:unknown', 'pie:n/a', 'fortify:met', 'execstack:unknown', 'rpath:below']);
    expect(out.find((o) => o.property === 'canary')!.message).toBe('canary: the floor requires canary, and the file has no canary verdict to judge');
  });

  it('reads a policy require object, refusing what it does not know with the place named', () => {
    expect(Object.keys(parseFloor({ relro: 'full', canary: false, textrel: false }, 'require').requirements)).toEqual(['relro', 'textrel']);
    expect(() => parseFloor({ relro: 'most' }, 'require')).toThrow(InputError);
    expect(() => parseFloor({ rpath: 'origin' }, 'require')).toThrow('require.rpath: expected false (no entries) or "safe"');
    expect(() => parseFloor({ exceptions: [{ path: 'a' }] }, 'require')).toThrow('require.exceptions[0]');
    expect(() => parseFloor({ exceptions: [{ path: 'a', reason: 'r', properties: ['aslr'] }] }, 'require')).toThrow('require.exceptions[0].properties[0]');
  });
});
