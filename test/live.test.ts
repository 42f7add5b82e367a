/**
 * Live evidence against the running kernel and procps: `elfaudit pmap`,
 * `proc` and `sys` on child processes this test starts (`sleep 60`, and —
 * when gcc is there — a small C program that dlopen()s two shared objects
 * built here and maps files with awkward names), killed in afterAll.
 *
 * - pmap: byte-identical to procps-ng's `pmap`, `pmap -x`, `pmap -p`,
 *   `pmap -xq` (skipped only when pmap is not installed: CI needs no procps).
 * - proc: totals equal /proc/PID/smaps_rollup read by the test just before
 *   and after (the process is idle, so both reads agree); every VMA of the
 *   program's own file is tied to a PT_LOAD; for the dlopen()ed objects the
 *   model's VMAs are exactly the measured ones.
 * - sys: vmstat's memory columns within 5% of /proc/meminfo read by the
 *   test; vm_area_struct's objSize equal to /proc/slabinfo's (root only).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureOutput } from '../src/io/output.js';
import { pmapMain } from '../src/cli/pmap.js';
import { procMain } from '../src/cli/proc.js';
import { sysMain } from '../src/cli/sys.js';
import { startProcess, startZombie } from './helpers/processes.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const linux = process.platform === 'linux' && existsSync('/proc/self/smaps');
const hasPmap = linux && spawnSync('pmap', ['-V'], { stdio: 'ignore' }).status === 0;
const hasGcc = linux && spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
const slabinfoReadable = (() => {
  try {
    readFileSync('/proc/slabinfo');
    return true;
  } catch {
    return false;
  }
})();

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const start = (cmd: string, args: string[], ready?: string) => startProcess(children, cmd, args, ready === undefined ? {} : { ready });

function run(main: (args: readonly string[], io: CaptureOutput) => number, args: string[]) {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdoutBytes, stderr: io.stderr };
}

/** Our pmap and procps's, retried if a live value moved between the two reads. */
function bothPmaps(args: string[]): { ours: string; theirs: string } {
  let ours = '';
  let theirs = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    theirs = spawnSync('pmap', args).stdout.toString('latin1');
    const r = run(pmapMain, args);
    expect(r.status).toBe(0);
    ours = r.stdout.toString('latin1');
    if (ours === theirs) break;
  }
  return { ours, theirs };
}

function readRollup(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

function mapsEqual(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

interface ProcJson {
  schema: number;
  pid: number;
  totals: Record<string, number>;
  totalsFrom: string;
  mappings: {
    start: string;
    end: string;
    perms: string;
    path: string | null;
    rss: number;
    pss: number;
    role: string | null;
    object: number | null;
    segment: { index: number; type: string } | null;
    sections: string[];
  }[];
  objects: {
    path: string;
    role: string;
    loader: string;
    measured: { vmas: number; dirtyPages: number };
    predicted: { vmas: number; dirtyPages: number } | null;
    difference: { vmas: number; dirtyPages: number } | null;
    unmatched: { predicted: unknown[]; measured: number[] };
  }[];
}

function procJson(pid: number): ProcJson {
  const r = run(procMain, [String(pid), '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.toString('utf8')) as ProcJson;
}

const ROLLUP_KEYS: [string, string][] = [
  ['rss', 'Rss'],
  ['pss', 'Pss'],
  ['sharedClean', 'Shared_Clean'],
  ['sharedDirty', 'Shared_Dirty'],
  ['privateClean', 'Private_Clean'],
  ['privateDirty', 'Private_Dirty'],
  ['anonymous', 'Anonymous'],
  ['swap', 'Swap'],
];

// Heavy: starts processes to inspect, and procps's pmap to compare with.
describe.skipIf(!linux)('live: a sleeping process (sleep 60)', { timeout: HEAVY_TIMEOUT }, () => {
  let pid = 0;
  beforeAll(async () => {
    pid = (await start('sleep', ['60'])).pid!;
  });

  it.skipIf(!hasPmap)('pmap -x PID is byte-identical to procps pmap -x', () => {
    const { ours, theirs } = bothPmaps(['-x', String(pid)]);
    expect(theirs).toContain('Address           Kbytes     RSS   Dirty Mode  Mapping');
    expect(ours).toBe(theirs);
  });

  it.skipIf(!hasPmap)('pmap PID, pmap -p PID and pmap -xq PID are byte-identical to procps', () => {
    for (const flags of [[], ['-p'], ['-xq'], ['-q']]) {
      const { ours, theirs } = bothPmaps([...flags, String(pid)]);
      expect(ours, `pmap ${flags.join(' ')}`).toBe(theirs);
    }
  });

  it("proc's totals equal /proc/PID/smaps_rollup", () => {
    // Pss moves whenever another process starts or stops sharing one of
    // these pages (libc's, say: other test files start processes too), so a
    // single comparison can catch a short-lived sharer in between. Read until
    // the rollup stands still around a report that agrees with it.
    const agrees = (d: ProcJson, r: Map<string, number>) => ROLLUP_KEYS.every(([key, name]) => d.totals[key] === r.get(name));
    let before = readRollup(pid);
    let doc = procJson(pid);
    let after = readRollup(pid);
    for (let attempt = 0; attempt < 50 && !(mapsEqual(before, after) && agrees(doc, before)); attempt++) {
      before = after;
      doc = procJson(pid);
      after = readRollup(pid);
    }
    expect(after).toEqual(before);
    expect(doc.schema).toBe(1);
    expect(doc.pid).toBe(pid);
    expect(doc.totalsFrom).toBe('smaps_rollup');
    for (const [key, name] of ROLLUP_KEYS) expect(doc.totals[key], key).toBe(before.get(name));
  });

  it("ties every VMA of the program's own file to a PT_LOAD, and predicts its VMAs", () => {
    const exe = readlinkSync(`/proc/${pid}/exe`);
    const doc = procJson(pid);
    const own = doc.mappings.filter((m) => m.path === exe);
    expect(own.length).toBeGreaterThan(0);
    for (const m of own) {
      expect(m.segment, `${m.start}-${m.end} ${m.perms}`).not.toBeNull();
      expect(m.segment!.type).toBe('LOAD');
      expect(m.role).toBe('segment');
    }
    const obj = doc.objects.find((o) => o.path === exe)!;
    expect(obj.role).toBe('executable');
    expect(obj.loader).toBe('kernel');
    expect(obj.difference!.vmas).toBe(0);
    expect(obj.unmatched.predicted).toEqual([]);
    // The interpreter is mapped by the kernel too, and its VMAs are predicted exactly.
    const interp = doc.objects.find((o) => o.role === 'interpreter');
    if (interp !== undefined) {
      expect(interp.loader).toBe('kernel');
      expect(interp.difference!.vmas).toBe(0);
    }
  });

  it('prints text with the totals, the PSS explanation and the objects', () => {
    const r = run(procMain, [String(pid)]);
    expect(r.status).toBe(0);
    const text = r.stdout.toString('utf8');
    expect(text).toContain(`pid ${pid}: sleep 60`);
    expect(text).toMatch(/Pss \d+ kB = \d+ kB private \+ \d+ kB shared by [\d.]+ processes on average/);
    expect(text).toMatch(/: executable, mapped by the kernel, base 0x[0-9a-f]+\n {4}VMAs {9}predicted (\d+), measured \1 \(0\)/);
  });
});

describe.skipIf(!linux || !hasGcc)('live: a process that dlopen()s shared objects and maps awkward names', () => {
  let pid = 0;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'elfaudit-live-'));
    dirs.push(dir);
    const sh = (args: string[]) => {
      const r = spawnSync('gcc', args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`gcc ${args.join(' ')}: ${r.stderr}`);
    };
    const demo = join(import.meta.dirname, 'fixtures', 'memory', 'relro-demo.c');
    sh(['-O2', '-o', join(dir, 'mapper'), join(import.meta.dirname, 'fixtures', 'live', 'mapper.c'), '-ldl']);
    sh(['-O2', '-fPIC', '-shared', '-Wl,-z,relro', '-o', join(dir, 'libdemo-relro.so'), demo]);
    sh(['-O2', '-fPIC', '-shared', '-Wl,-z,relro', '-Wl,-z,max-page-size=0x10000', '-o', join(dir, 'libdemo-holes.so'), demo]);
    const libs = [join(dir, 'libdemo-relro.so'), join(dir, 'libdemo-holes.so')].join(',');
    pid = (await start(join(dir, 'mapper'), [libs, dir], 'ready')).pid!;
  }, HEAVY_TIMEOUT); // Heavy: gcc builds the program and two shared objects.

  it.skipIf(!hasPmap)('pmap, pmap -x and pmap -xp are byte-identical to procps (names, shm, a 20 GiB reservation)', () => {
    for (const flags of [[], ['-x'], ['-xp']]) {
      const { ours, theirs } = bothPmaps([...flags, String(pid)]);
      expect(ours, `pmap ${flags.join(' ')}`).toBe(theirs);
    }
    const { ours } = bothPmaps(['-x', String(pid)]);
    expect(ours).toContain('  [ shmid=0x');
    expect(ours).toContain('we ird\\012name??[31m');
    expect(ours).toMatch(/ 20971520 +0 +0 ----- {3}\[ anon \]/);
  });

  it('predicts the VMAs of each dlopen()ed object exactly, holes included', () => {
    const doc = procJson(pid);
    for (const name of ['libdemo-relro.so', 'libdemo-holes.so']) {
      const obj = doc.objects.find((o) => o.path === join(dir, name));
      expect(obj, name).toBeDefined();
      expect(obj!.role).toBe('library');
      expect(obj!.loader).toBe('glibc');
      expect(obj!.unmatched, name).toEqual({ predicted: [], measured: [] });
      expect(obj!.difference!.vmas, name).toBe(0);
    }
    const holes = doc.mappings.filter((m) => m.path === join(dir, 'libdemo-holes.so'));
    expect(holes.some((m) => m.role === 'hole' && m.perms === '---p' && m.segment === null)).toBe(true);
    // The text section is where the code is.
    const text = doc.mappings.find((m) => m.path === join(dir, 'libdemo-relro.so') && m.perms === 'r-xp')!;
    expect(text.sections).toContain('.text');
  });

  it('shows names from /proc escaped: control characters visible in text, exact in JSON', () => {
    const r = run(procMain, [String(pid)]);
    const text = r.stdout.toString('utf8');
    expect(text).not.toContain('\x1b');
    expect(text).toContain('we ird\\012name\\t\\x1b[31m');
    expect(text).toContain('caf\u00e9');
    expect(text).toContain('bad\\xff\\xfe');
    const doc = procJson(pid);
    const paths = doc.mappings.map((m) => m.path);
    expect(paths).toContain(join(dir, 'we ird\\012name\t\x1b[31m'));
    expect(paths).toContain(join(dir, 'bad\\xff\\xfe'));
    expect(paths).toContain(`${join(dir, 'gone')} (deleted)`);
  });
});

describe.skipIf(!linux)('live: sys', () => {
  it("reports vmstat's memory columns within 5% of /proc/meminfo", () => {
    const r = run(sysMain, ['--format', 'json']);
    expect(r.status).toBe(0);
    const meminfo = new Map<string, number>();
    for (const line of readFileSync('/proc/meminfo', 'latin1').split('\n')) {
      const m = /^(\S+):\s+(\d+)/.exec(line);
      if (m) meminfo.set(m[1]!, Number(m[2]));
    }
    const doc = JSON.parse(r.stdout.toString('utf8')) as { schema: number; memory: Record<string, number>; swap: { si: number; so: number } };
    expect(doc.schema).toBe(1);
    const get = (k: string) => meminfo.get(k) ?? 0;
    const expected: Record<string, number> = {
      swpd: get('SwapTotal') - get('SwapFree'),
      free: get('MemFree'),
      buff: get('Buffers'),
      cache: get('Cached') + get('SReclaimable'),
      active: get('Active'),
      inactive: get('Inactive'),
    };
    for (const [k, v] of Object.entries(expected)) {
      expect(Math.abs(doc.memory[k]! - v), `${k}: ${doc.memory[k]} vs ${v}`).toBeLessThanOrEqual(Math.max(0.05 * v, 1024));
    }
    expect(doc.swap.si).toBeGreaterThanOrEqual(0);
    expect(doc.swap.so).toBeGreaterThanOrEqual(0);
  });

  it.skipIf(!slabinfoReadable)("gives vm_area_struct's object size as /proc/slabinfo has it", () => {
    const line = readFileSync('/proc/slabinfo', 'latin1')
      .split('\n')
      .find((l) => l.startsWith('vm_area_struct '));
    const r = run(sysMain, ['--format', 'json']);
    const doc = JSON.parse(r.stdout.toString('utf8')) as { slabs: { name: string; objSize: number }[] | null; vmaKernelBytes: number | null };
    if (line === undefined) {
      expect(doc.vmaKernelBytes).toBeNull();
      return;
    }
    const objSize = Number(line.trim().split(/\s+/)[3]);
    expect(doc.slabs!.find((s) => s.name === 'vm_area_struct')!.objSize).toBe(objSize);
    expect(doc.vmaKernelBytes).toBe(objSize);
    const text = run(sysMain, []).stdout.toString('utf8');
    expect(text).toContain(`1 VMA ≈ ${objSize} bytes of kernel memory`);
  });

  it.skipIf(slabinfoReadable)('says plainly that /proc/slabinfo needs root', () => {
    const text = run(sysMain, []).stdout.toString('utf8');
    expect(text).toContain('/proc/slabinfo can be read only by root');
  });
});

describe.skipIf(!linux)('live: a zombie (a child its parent never waits for)', () => {
  let zombie = 0;
  beforeAll(async () => {
    zombie = await startZombie(children);
  });

  it.skipIf(!hasPmap)('pmap and pmap -x print what procps prints: [comm] <defunct> and empty totals', () => {
    for (const flags of [[], ['-x']]) {
      const { ours, theirs } = bothPmaps([...flags, String(zombie)]);
      expect(ours).toBe(theirs);
      expect(ours).toContain(`${zombie}:   [sleep] <defunct>\n`);
    }
  });

  it('proc says there is no address space, and exits 1', () => {
    const r = run(procMain, [String(zombie)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`elfaudit: pid ${zombie}: no address space to inspect: a kernel thread or a zombie\n`);
  });
});

describe.skipIf(!linux)('live: a process that does not exist', () => {
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'latin1'));
  const missing = String(pidMax + 1);

  it('pmap and proc print one line naming it and exit 1', () => {
    for (const [main, args] of [
      [pmapMain, ['-x', missing]],
      [procMain, [missing]],
      [procMain, [missing, '--format', 'json']],
    ] as const) {
      const r = run(main, [...args]);
      expect(r.status).toBe(1);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr).toBe(`elfaudit: pid ${missing}: no such process\n`);
    }
  });

  it('rejects what is not a process id', () => {
    const r = run(procMain, ['abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('elfaudit: "abc" is not a process id (1 to 2147483647, optionally as /proc/PID)\n');
  });
});
