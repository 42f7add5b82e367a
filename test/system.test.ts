/**
 * The system-wide live commands against processes this test starts:
 * `who-maps`, `pss` (per process, mapped file, user) and `diff --live`.
 *
 * With gcc, the test builds a shared object from
 * test/fixtures/memory/relro-demo.c as `-z norelro` (OLD) and `-z relro`
 * (NEW), each with a build-id made up for this run (so no other process on
 * the machine can share it), and starts test/fixtures/live/mapper.c
 * processes that dlopen() it:
 *
 * - three map OLD itself (found by device and inode);
 * - one maps a copy of OLD in another directory (found by build-id);
 * - one maps a file that was then replaced on disk by a new copy — the
 *   process keeps the old inode, `… (deleted)` (found by build-id);
 * - one maps NEW, to measure what the per-process delta really is.
 *
 * Expected values are read by the test itself from each process's
 * /proc/PID/smaps, maps and smaps_rollup; the processes are idle, so they
 * are exact (VMAs, process counts, Rss, Pss of a file only these processes
 * map). Pss of shared system libraries moves as other tests start
 * processes, so rollup comparisons are retried until two reads agree.
 * Built files are fsync()ed before they are mapped: a page still dirty in
 * the page cache would count as dirty in every process mapping it.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffMain } from '../src/cli/diff.js';
import { CaptureOutput } from '../src/io/output.js';
import { pssMain } from '../src/cli/pss.js';
import { whoMapsMain } from '../src/cli/who-maps.js';
import { snapshotMain } from '../src/cli/snapshot.js';
import { ProcError } from '../src/proc/errors.js';
import { sleep, startProcess, startZombie } from './helpers/processes.js';
import { emptyScanSummary, LISTED_PIDS, scanCountLine, scanProblemLines, scanProcesses } from '../src/live/scan.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const linux = process.platform === 'linux' && existsSync('/proc/self/smaps');
const hasGcc = linux && spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
const skipReason = !linux ? 'not Linux: no /proc' : 'gcc not found on PATH';
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const hasNobody = root && spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim() === '65534';
const REPO = join(import.meta.dirname, '..');
const BUILT = existsSync(join(REPO, 'dist', 'cli', 'main.js'));

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startMapper(mapper: string, lib: string, dir: string, uid?: number): Promise<number> {
  mkdirSync(dir, { recursive: true });
  if (uid !== undefined) chmodSync(dir, 0o777);
  return (await startProcess(children, mapper, [lib, dir], { ready: 'ready', ...(uid === undefined ? {} : { uid }) })).pid!;
}

function gcc(args: string[]): void {
  const r = spawnSync('gcc', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc ${args.join(' ')}: ${r.stderr}`);
}

/** Writes a file's dirty page-cache pages to disk, so mapping it dirties nothing by itself. */
function flush(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function live(main: (args: readonly string[], io: CaptureOutput) => number, args: string[]) {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

interface SmapsVma {
  dev: string;
  inode: string;
  name: string;
  fields: Map<string, number>;
}

/** The test's own reading of /proc/PID/smaps. */
function smaps(pid: number): SmapsVma[] {
  const out: SmapsVma[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'latin1').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S{4} [0-9a-f]+ ([0-9a-f]+:[0-9a-f]+) (\d+)\s*(.*)$/.exec(line);
    if (head) out.push({ dev: head[1]!, inode: head[2]!, name: head[3]!, fields: new Map() });
    const f = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (f && out.length > 0) out[out.length - 1]!.fields.set(f[1]!, Number(f[2]));
  }
  return out;
}

/** The VMAs of PID that map the file with INODE, and their sizes summed. */
function fileVmas(pid: number, inode: bigint): { vmas: number; rss: number; pss: number; privateDirty: number; swap: number } {
  const own = smaps(pid).filter((v) => v.inode === String(inode));
  const sum = (k: string) => own.reduce((n, v) => n + (v.fields.get(k) ?? 0), 0);
  return { vmas: own.length, rss: sum('Rss'), pss: sum('Pss'), privateDirty: sum('Private_Dirty'), swap: sum('Swap') };
}

/** The inode a process maps under NAME (the file it mapped, whatever is at that path now). */
function mappedInode(pid: number, name: string): bigint {
  const v = smaps(pid).find((x) => x.name === name);
  if (v === undefined) throw new Error(`pid ${pid} does not map ${name}`);
  return BigInt(v.inode);
}

interface WhoMapsRow {
  pid: number;
  command: string[];
  match: 'inode' | 'build-id';
  mappedPath: string;
  vmas: number;
  rss: number;
  pss: number;
  privateDirty: number;
  swap: number;
  dirtyPages: number;
  predicted: { vmas: number; dirtyPages: number } | null;
}

interface WhoMapsDoc {
  schema: number;
  file: string;
  buildId: string | null;
  processes: WhoMapsRow[];
  totals: { processes: number; byInode: number; byBuildId: number; vmas: number; vmaKernelBytes: number | null };
  skipped: { seen: number; noAddressSpace: number; permissionDenied: { count: number; pids: number[] } };
}

// Each test walks /proc once or more (a few are retried until two reads agree): minutes, not the default 5 s.
// Heavy: gcc builds a library and starts processes; every case runs the CLI over all of /proc.
describe.skipIf(!hasGcc)('system-wide: processes that map a library built here', { timeout: HEAVY_TIMEOUT }, () => {
  let dir = '';
  let oldLib = '';
  let newLib = '';
  let copyLib = '';
  let swapLib = '';
  let oldId = '';
  const pids: Record<'a' | 'b' | 'c' | 'copy' | 'replaced' | 'relro', number> = { a: 0, b: 0, c: 0, copy: 0, replaced: 0, relro: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'elfaudit-system-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    const demo = join(import.meta.dirname, 'fixtures', 'memory', 'relro-demo.c');
    const mapper = join(dir, 'mapper');
    gcc(['-O2', '-o', mapper, join(import.meta.dirname, 'fixtures', 'live', 'mapper.c'), '-ldl']);
    oldId = randomBytes(20).toString('hex');
    oldLib = join(dir, 'libsys.so');
    newLib = join(dir, 'libsys-relro.so');
    gcc(['-O2', '-fPIC', '-shared', '-Wl,-z,norelro', `-Wl,--build-id=0x${oldId}`, '-o', oldLib, demo]);
    gcc(['-O2', '-fPIC', '-shared', '-Wl,-z,relro', `-Wl,--build-id=0x${randomBytes(20).toString('hex')}`, '-o', newLib, demo]);
    mkdirSync(join(dir, 'copy'));
    copyLib = join(dir, 'copy', 'libsys-copy.so');
    copyFileSync(oldLib, copyLib);
    swapLib = join(dir, 'libswap.so');
    copyFileSync(oldLib, swapLib);
    for (const f of [mapper, oldLib, newLib, copyLib, swapLib]) flush(f);
    pids.a = await startMapper(mapper, oldLib, join(dir, 'a'));
    pids.b = await startMapper(mapper, oldLib, join(dir, 'b'));
    pids.c = await startMapper(mapper, oldLib, join(dir, 'c'));
    pids.copy = await startMapper(mapper, copyLib, join(dir, 'd'));
    pids.replaced = await startMapper(mapper, swapLib, join(dir, 'e'));
    pids.relro = await startMapper(mapper, newLib, join(dir, 'f'));
    // Replace libswap.so on disk as a package upgrade does: a new file renamed over it.
    copyFileSync(oldLib, `${swapLib}.new`);
    flush(`${swapLib}.new`);
    renameSync(`${swapLib}.new`, swapLib);
  }, HEAVY_TIMEOUT);

  function whoMaps(file: string): WhoMapsDoc {
    const r = live(whoMapsMain, [file, '--format', 'json']);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as WhoMapsDoc;
  }

  it('who-maps finds every process that maps the library: by device and inode, and by build-id for a copy and a file replaced on disk', () => {
    const doc = whoMaps(oldLib);
    expect(doc.schema).toBe(1);
    expect(doc.buildId).toBe(oldId);
    const byPid = new Map(doc.processes.map((p) => [p.pid, p]));
    expect([...byPid.keys()].sort((x, y) => x - y)).toEqual([pids.a, pids.b, pids.c, pids.copy, pids.replaced].sort((x, y) => x - y));
    expect(doc.totals).toMatchObject({ processes: 5, byInode: 3, byBuildId: 2 });
    for (const p of [pids.a, pids.b, pids.c]) expect(byPid.get(p)!.match).toBe('inode');
    expect(byPid.get(pids.copy)!).toMatchObject({ match: 'build-id', mappedPath: copyLib });
    expect(byPid.get(pids.replaced)!).toMatchObject({ match: 'build-id', mappedPath: `${swapLib} (deleted)` });
  });

  it("who-maps gives each process's VMAs, Rss, Pss, Private_Dirty and Swap of the file as its smaps has them, and the model's prediction beside them", () => {
    const inodes: Record<number, bigint> = {
      [pids.a]: statSync(oldLib, { bigint: true }).ino,
      [pids.b]: statSync(oldLib, { bigint: true }).ino,
      [pids.c]: statSync(oldLib, { bigint: true }).ino,
      [pids.copy]: statSync(copyLib, { bigint: true }).ino,
      [pids.replaced]: mappedInode(pids.replaced, `${swapLib} (deleted)`),
    };
    let doc = whoMaps(oldLib);
    let expected = Object.keys(inodes).map((p) => [Number(p), fileVmas(Number(p), inodes[Number(p)]!)] as const);
    // Pss of OLD's pages moves only if a process mapping it starts or stops: retry once if it did.
    const agrees = () => expected.every(([pid, want]) => JSON.stringify(pick(doc.processes.find((r) => r.pid === pid)!)) === JSON.stringify(want));
    for (let i = 0; i < 5 && !agrees(); i++) {
      doc = whoMaps(oldLib);
      expected = expected.map(([pid]) => [pid, fileVmas(pid, inodes[pid]!)] as const);
    }
    for (const [pid, want] of expected) {
      const row = doc.processes.find((r) => r.pid === pid)!;
      expect(pick(row), `pid ${pid}`).toEqual(want);
      expect(row.vmas).toBeGreaterThan(0);
      // The model predicts the VMAs exactly, and the loader's dirty pages (the file is clean on disk).
      expect(row.predicted, `pid ${pid}`).toEqual({ vmas: row.vmas, dirtyPages: row.dirtyPages });
      expect(row.command[1]).toMatch(/libs(ys|ys-copy|wap)\.so$/);
    }
    expect(doc.totals.vmas).toBe(expected.reduce((n, [, w]) => n + w.vmas, 0));
  });

  it('who-maps text names how each process was matched and adds up the totals', () => {
    const r = live(whoMapsMain, [oldLib]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${oldLib}: ELF64`);
    expect(r.stdout).toContain(`build-id ${oldId}`);
    expect(r.stdout).toContain('mapped by 5 processes (3 by device and inode, 2 by build-id)');
    expect(r.stdout).toContain(`pid ${pids.replaced} maps ${swapLib} (deleted): another file with the same build-id`);
    expect(r.stdout).toMatch(/\n {2}total: 5 processes, \d+ VMAs/);
  });

  it('who-maps of the file that replaced a mapped one: only the build-id finds its processes; several files at once', () => {
    const r = live(whoMapsMain, [swapLib, newLib, '--format', 'json']);
    expect(r.status).toBe(0);
    const docs = JSON.parse(r.stdout) as WhoMapsDoc[];
    expect(docs).toHaveLength(2);
    expect(docs[0]!.totals).toMatchObject({ processes: 5, byInode: 0, byBuildId: 5 });
    expect(docs[1]!.processes.map((p) => p.pid)).toEqual([pids.relro]);
  });

  it('who-maps: a file that cannot be read is one line and exit 1; the others are still reported', () => {
    const r = live(whoMapsMain, [join(dir, 'missing.so'), oldLib]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`elfaudit: ${join(dir, 'missing.so')}: No such file or directory\n`);
    expect(r.stdout).toContain('mapped by 5 processes');
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const f = live(whoMapsMain, [fifo]);
    expect(f.status).toBe(1);
    expect(f.stdout).toBe('');
    expect(f.stderr.split('\n').filter((l) => l.includes(fifo))).toHaveLength(1);
  });

  it('names from /proc are bytes: escaped in text, decoded in JSON (who-maps of a data file with a newline and an escape sequence in its name; pss --by library)', () => {
    const odd = join(dir, 'a', 'we ird\nname\t\x1b[31m');
    const r = live(whoMapsMain, [odd]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toContain(`${join(dir, 'a')}/we ird\\nname\\t\\x1b[31m: not an ELF file, no build-id`);
    expect(r.stdout).toContain('mapped by 1 process (1 by device and inode)');
    const doc = JSON.parse(live(whoMapsMain, [odd, '--format', 'json']).stdout) as WhoMapsDoc;
    // The kernel prints a newline in a path as \012; JSON carries maps' name as it is.
    expect(doc.processes.map((p) => [p.pid, p.mappedPath])).toEqual([[pids.a, join(dir, 'a', 'we ird\\012name\t\x1b[31m')]]);
    const text = live(pssMain, ['--by', 'library']).stdout;
    expect(text).not.toContain('\x1b');
    expect(text).toContain(`${join(dir, 'a')}/we ird\\012name\\t\\x1b[31m`);
    expect(text).toContain(`${join(dir, 'a')}/bad\\xff\\xfe`);
    const libs = (JSON.parse(live(pssMain, ['--by', 'library', '--format', 'json']).stdout) as { libraries: { path: string }[] }).libraries;
    expect(libs.map((l) => l.path)).toContain(join(dir, 'a', 'bad\\xff\\xfe'));
  });

  it('pss --by library sums each mapped file over the processes that map it, as their smaps have it', () => {
    const oldIno = statSync(oldLib, { bigint: true }).ino;
    const expectedOf = () => {
      const per = [pids.a, pids.b, pids.c].map((p) => fileVmas(p, oldIno));
      const sum = (k: 'vmas' | 'rss' | 'pss' | 'swap') => per.reduce((n, x) => n + x[k], 0);
      return { path: oldLib, processes: 3, vmas: sum('vmas'), rss: sum('rss'), pss: sum('pss'), swap: sum('swap') };
    };
    type Row = { path: string; processes: number; vmas: number; rss: number; pss: number; swap: number; uss: number };
    let want = expectedOf();
    let rows: Row[] = [];
    const row = () => {
      const r = rows.find((l) => l.path === oldLib)!;
      return { path: r.path, processes: r.processes, vmas: r.vmas, rss: r.rss, pss: r.pss, swap: r.swap };
    };
    for (let i = 0; i < 5; i++) {
      const r = live(pssMain, ['--by', 'library', '--format', 'json']);
      expect(r.status).toBe(0);
      const doc = JSON.parse(r.stdout) as { schema: number; by: string; libraries: Row[]; totals: { vmas: number; vmaKernelBytes: number | null } };
      expect(doc.schema).toBe(1);
      expect(doc.by).toBe('library');
      rows = doc.libraries;
      if (JSON.stringify(row()) === JSON.stringify(want)) break;
      want = expectedOf();
    }
    expect(row()).toEqual(want);
    expect(rows.find((l) => l.path === copyLib)!.processes).toBe(1);
    expect(rows.find((l) => l.path === `${swapLib} (deleted)`)!.processes).toBe(1);
    // Most PSS first.
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.pss).toBeGreaterThanOrEqual(rows[i]!.pss);
  });

  it("pss --by process gives each process's USS, PSS, RSS and Swap as its smaps_rollup has them, and its VMAs", () => {
    const ours = [pids.a, pids.copy, pids.relro];
    const rollup = (pid: number) => {
      const m = new Map<string, number>();
      for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1').split('\n')) {
        const f = /^(\w+):\s+(\d+) kB$/.exec(line);
        if (f) m.set(f[1]!, Number(f[2]));
      }
      const g = (k: string) => m.get(k) ?? 0;
      const vmas = readFileSync(`/proc/${pid}/maps`, 'latin1').split('\n').filter((l) => l.length > 0).length;
      return { uss: g('Private_Clean') + g('Private_Dirty'), pss: g('Pss'), rss: g('Rss'), swap: g('Swap'), vmas };
    };
    type Row = { pid: number; uid: number; uss: number; pss: number; rss: number; swap: number; vmas: number; command: string[] };
    let doc: { processes: Row[] } = { processes: [] };
    let before = ours.map(rollup);
    let after = before;
    const got = () => ours.map((p) => {
      const r = doc.processes.find((x) => x.pid === p)!;
      return { uss: r.uss, pss: r.pss, rss: r.rss, swap: r.swap, vmas: r.vmas };
    });
    // Pss of libc moves whenever another process starts or exits: read until it stands still around a report.
    for (let i = 0; i < 50; i++) {
      const r = live(pssMain, ['--format', 'json']);
      expect(r.status).toBe(0);
      doc = JSON.parse(r.stdout) as { processes: Row[] };
      after = ours.map(rollup);
      if (JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(got()) === JSON.stringify(after)) break;
      before = after;
    }
    expect(got()).toEqual(after);
    const row = doc.processes.find((x) => x.pid === pids.a)!;
    expect(row.uid).toBe(process.getuid!());
    expect(row.command).toEqual([join(dir, 'mapper'), oldLib, join(dir, 'a')]);
  });

  it('pss --by user counts these processes under their user; the totals price the VMAs', () => {
    const r = live(pssMain, ['--by', 'user', '--format', 'json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      users: { uid: number; processes: number; pss: number; vmas: number }[];
      totals: { processes: number; pss: number; vmas: number; vmaKernelBytes: number | null };
    };
    const me = doc.users.find((u) => u.uid === process.getuid!())!;
    expect(me.processes).toBeGreaterThanOrEqual(6);
    expect(doc.users.reduce((n, u) => n + u.processes, 0)).toBe(doc.totals.processes);
    expect(doc.users.reduce((n, u) => n + u.vmas, 0)).toBe(doc.totals.vmas);
    const slab = (() => {
      try {
        return readFileSync('/proc/slabinfo', 'latin1').split('\n').find((l) => l.startsWith('vm_area_struct '));
      } catch {
        return undefined;
      }
    })();
    if (slab === undefined) expect(doc.totals.vmaKernelBytes).toBeNull();
    else expect(doc.totals.vmaKernelBytes).toBe(doc.totals.vmas * Number(slab.trim().split(/\s+/)[3]));
    const text = live(pssMain, ['--by', 'user']).stdout;
    expect(text).toMatch(/\ntotal: \d+ processes: USS \d+ kB, PSS \d+ kB, RSS \d+ kB, Swap \d+ kB; \d+ VMAs/);
  });

  it("diff OLD NEW --live counts the processes that map OLD and multiplies the per-process delta, which NEW's process measures", () => {
    const io = new CaptureOutput();
    expect(diffMain([oldLib, newLib, '--live', '--format', 'json'], io)).toBe(0);
    const doc = JSON.parse(io.stdout) as {
      memory: { pageSize: number; delta: { mappedPages: number; vmas: number; dirtyPages: number } | null }[];
      live: {
        processes: number;
        byInode: number;
        byBuildId: number;
        pageSize: number;
        perProcess: { mappedPages: number; vmas: number; dirtyPages: number };
        total: { vmas: number; dirtyPages: number; dirtyBytes: number; vmaKernelBytes: number | null };
      };
    };
    const l = doc.live;
    expect(l).toMatchObject({ processes: 5, byInode: 3, byBuildId: 2 });
    expect(l.perProcess).toEqual(doc.memory.find((m) => m.pageSize === l.pageSize)!.delta);
    expect(l.total).toMatchObject({ vmas: 5 * l.perProcess.vmas, dirtyPages: 5 * l.perProcess.dirtyPages, dirtyBytes: 5 * l.perProcess.dirtyPages * l.pageSize });
    // The delta is what the kernel shows: NEW's process against one of OLD's.
    const [oldRow, newRow] = [whoMaps(oldLib).processes.find((p) => p.pid === pids.a)!, whoMaps(newLib).processes[0]!];
    expect(newRow.vmas - oldRow.vmas).toBe(l.perProcess.vmas);
    expect(newRow.dirtyPages - oldRow.dirtyPages).toBe(l.perProcess.dirtyPages);
    if (l.pageSize === 4096) expect(l.perProcess).toEqual({ mappedPages: 1, vmas: 1, dirtyPages: 1 });
  });

  it('diff --live text and Markdown append the sentence after the usual output', () => {
    const text = new CaptureOutput();
    expect(diffMain([oldLib, newLib, '--live'], text)).toBe(0);
    const plain = new CaptureOutput();
    diffMain([oldLib, newLib], plain);
    expect(text.stdout.startsWith(plain.stdout)).toBe(true);
    const page = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout.trim()) || 4096;
    if (page === 4096) {
      expect(text.stdout).toContain(`5 running processes map ${oldLib} (3 by device and inode, 2 by build-id)`);
      expect(text.stdout).toMatch(/\+1 page × 5 processes = \+20 KiB of dirty memory; \+5 VMAs (≈ \d+ bytes of kernel memory|\(run as root)/);
    }
    const md = new CaptureOutput();
    expect(diffMain([oldLib, newLib, '--live', '--format', 'markdown'], md)).toBe(0);
    expect(md.stdout).toContain('**Live on this machine**');
    expect(md.stdout).toContain(`map \`${oldLib}\``);
  });

  it.skipIf(!hasNobody || !BUILT)("run as another user: that user's processes are found, root's are counted as not readable, never a stack trace", async () => {
    const nobodyPid = await startMapper(join(dir, 'mapper'), oldLib, join(dir, 'n'), 65534);
    const r = spawnSync(process.execPath, ['bin/elfaudit.js', 'who-maps', oldLib, '--format', 'json'], { cwd: REPO, uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as WhoMapsDoc;
    expect(doc.processes.map((p) => p.pid)).toEqual([nobodyPid]);
    expect(doc.skipped.permissionDenied.count).toBeGreaterThanOrEqual(6);
    expect(r.stderr).toMatch(/^elfaudit: \d+ processes not readable by this user \(permission denied: pids [\d, …]+\): left out; run as root, or as their owner, to include them\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const p = spawnSync(process.execPath, ['bin/elfaudit.js', 'pss', '--by', 'library'], { cwd: REPO, uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain(oldLib);
    expect(p.stderr).toContain('not readable by this user');
  });
});

describe.skipIf(hasGcc)(`system-wide live commands (skipped: ${skipReason})`, () => {
  it('need gcc to build the library and the processes that map it', () => {
    expect(hasGcc).toBe(false);
  });
});

// Heavy: walks every process of the machine, several times.
describe.skipIf(!linux)('system-wide: what the walk over /proc cannot read', { timeout: HEAVY_TIMEOUT }, () => {
  it('counts processes that vanish, refuse, or have no address space, and lists the first few of each', () => {
    let n = 0;
    const s = scanProcesses((pid) => {
      n++;
      if (n % 4 === 0) throw new ProcError(`/proc/${pid}/maps`, 'no-such-process', 'ENOENT', 'no such process');
      if (n % 4 === 1) throw new ProcError(`/proc/${pid}/maps`, 'permission-denied', 'EACCES', `/proc/${pid}/maps: Permission denied`);
      if (n % 4 === 2) return 'no-address-space';
      return 'read';
    });
    expect(s.seen).toBe(n);
    expect(s.denied + s.vanished + s.noAddressSpace + s.read).toBe(n);
    expect(s.denied).toBe(Math.ceil(n / 4));
    expect(s.deniedPids.length).toBe(Math.min(LISTED_PIDS, s.denied));
    const lines = scanProblemLines(s);
    expect(lines[0]).toMatch(/^\d+ process(es)? not readable by this user \(permission denied: pids \d+/);
    if (s.vanished > 0) expect(lines).toContain(`${s.vanished} ${s.vanished === 1 ? 'process' : 'processes'} exited while being read: left out`);
    expect(scanCountLine(s)).toContain(`${s.read} read`);
  });

  it("never counts elfaudit's own process, and any other failure is one line naming the pid", () => {
    const s = scanProcesses((pid) => {
      expect(pid).not.toBe(process.pid);
      throw new ProcError(`/proc/${pid}/maps`, 'unreadable', 'EIO', `/proc/${pid}/maps: Input/output error`);
    }, emptyScanSummary());
    expect(s.failed).toBe(s.seen);
    expect(scanProblemLines(s)[0]).toMatch(/^pid \d+: \/proc\/\d+\/maps: Input\/output error$/);
  });

  it('a zombie has no address space: counted, not an error', async () => {
    const zombie = await startZombie(children);
    const r = live(pssMain, ['--format', 'json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { processes: { pid: number }[]; skipped: { noAddressSpace: number } };
    expect(doc.processes.some((p) => p.pid === zombie)).toBe(false);
    expect(doc.skipped.noAddressSpace).toBeGreaterThanOrEqual(1);
  });
});

function pick(r: WhoMapsRow) {
  return { vmas: r.vmas, rss: r.rss, pss: r.pss, privateDirty: r.privateDirty, swap: r.swap };
}

interface SnapshotDoc {
  schema: number;
  pageSize: number;
  meminfo: Record<string, number>;
  vmstat: Record<string, number>;
  vmaPrice: { objSize: number } | null;
  processes: {
    pid: number;
    command: string[];
    vmas: number;
    mappings: { path: string; file: number | null; buildId: string | null; vmas: number; rss: number; pss: number; swap: number }[];
  }[];
  files: { path: string; device: string; inode: number; buildId: string | null; programHeaders: { name: string }[] }[];
}

interface SnapshotDiffDoc {
  schema: number;
  libraries: {
    path: string;
    oldPath: string;
    matchedBy: string;
    processes: { old: number; new: number; delta: number };
    vmasPerProcess: { old: number; new: number; delta: number };
    cause: {
      buildId: { old: string | null; new: string | null };
      segments: { added: string[] };
      memory: { pageSize: number; delta: { vmas: number; dirtyPages: number } | null; causes: string[] }[];
    } | null;
  }[];
  processes: { command: string; count: { old: number; new: number }; vmas: { delta: number } }[];
  added: { path: string }[];
  removed: { path: string }[];
}

// Heavy: gcc builds two libraries; snapshots walk every process of the machine.
describe.skipIf(!hasGcc)('snapshot and snapshot diff across a -z norelro → -z relro rebuild of one library', { timeout: HEAVY_TIMEOUT }, () => {
  let dir = '';
  let lib = '';
  const before: number[] = [];
  const after: number[] = [];
  let snapA = '';
  let snapB = '';
  let stays = 0;

  async function startTwo(into: number[], tag: string): Promise<void> {
    for (const i of [1, 2]) into.push(await startMapper(join(dir, 'mapper'), lib, join(dir, `${tag}${i}`)));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'elfaudit-snapshot-'));
    dirs.push(dir);
    const demo = join(import.meta.dirname, 'fixtures', 'memory', 'relro-demo.c');
    gcc(['-O2', '-o', join(dir, 'mapper'), join(import.meta.dirname, 'fixtures', 'live', 'mapper.c'), '-ldl']);
    flush(join(dir, 'mapper'));
    lib = join(dir, 'libsnap.so');
    gcc(['-O2', '-fPIC', '-shared', '-Wl,-z,norelro', `-Wl,--build-id=0x${randomBytes(20).toString('hex')}`, '-o', lib, demo]);
    flush(lib);
    await startTwo(before, 'a');
    // One process keeps running across the upgrade: it keeps the old build, `lib (deleted)`.
    stays = await startMapper(join(dir, 'mapper'), lib, join(dir, 's'));
    snapA = join(dir, 'a.json');
    const a = live(snapshotMain, ['--output', snapA]);
    expect(a.status).toBe(0);
    expect(a.stderr).toMatch(/elfaudit snapshot: .*a\.json: \d+ processes, \d+ ELF files\n$/);
    // The rebuild: the processes stop, the library is rebuilt with RELRO and renamed over the old one, they start again.
    for (const pid of before) process.kill(pid, 'SIGKILL');
    for (const pid of before) for (let i = 0; i < 100 && existsSync(`/proc/${pid}/maps`) && readFileSync(`/proc/${pid}/maps`).length > 0; i++) await sleep(20);
    gcc(['-O2', '-fPIC', '-shared', '-Wl,-z,relro', `-Wl,--build-id=0x${randomBytes(20).toString('hex')}`, '-o', `${lib}.new`, demo]);
    flush(`${lib}.new`);
    renameSync(`${lib}.new`, lib);
    await startTwo(after, 'a');
    snapB = join(dir, 'b.json');
    expect(live(snapshotMain, ['-o', snapB]).status).toBe(0);
  }, HEAVY_TIMEOUT);

  it("records each process's mappings of the library as its smaps has them, and the library's layout once", () => {
    const doc = JSON.parse(readFileSync(snapB, 'utf8')) as SnapshotDoc;
    expect(doc.schema).toBe(1);
    expect(doc.pageSize).toBeGreaterThan(0);
    expect(doc.meminfo.MemTotal).toBeGreaterThan(0);
    expect(Object.keys(doc.vmstat).length).toBeGreaterThan(10);
    const ino = statSync(lib, { bigint: true }).ino;
    for (const pid of after) {
      const p = doc.processes.find((x) => x.pid === pid)!;
      expect(p.command).toEqual([join(dir, 'mapper'), lib, join(dir, `a${after.indexOf(pid) + 1}`)]);
      const m = p.mappings.find((x) => x.path === lib)!;
      const want = fileVmas(pid, ino);
      expect({ vmas: m.vmas, rss: m.rss, pss: m.pss, swap: m.swap }).toEqual({ vmas: want.vmas, rss: want.rss, pss: want.pss, swap: want.swap });
      expect(doc.files[m.file!]!.path).toBe(lib);
    }
    const entries = doc.files.filter((f) => f.path === lib);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.programHeaders.map((p) => p.name)).toContain('GNU_RELRO');
    // Each mapped ELF file once.
    const ids = doc.files.map((f) => `${f.device}:${f.inode}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('snapshot diff names the library with +1 VMA per process and GNU_RELRO as the cause', () => {
    const r = live(snapshotMain, ['diff', snapA, snapB, '--format', 'json']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as SnapshotDiffDoc;
    expect(d.schema).toBe(1);
    const row = d.libraries.find((l) => l.path === lib)!;
    expect(row).toMatchObject({ matchedBy: 'path', processes: { old: 3, new: 2, delta: -1 } });
    const atHost = row.cause!.memory.find((m) => m.pageSize === (JSON.parse(readFileSync(snapB, 'utf8')) as SnapshotDoc).pageSize)!;
    expect(row.vmasPerProcess.delta).toBe(atHost.delta!.vmas);
    expect(row.cause!.segments.added).toEqual(['GNU_RELRO']);
    expect(atHost.causes[0]).toMatch(/^GNU_RELRO added: /);
    expect(d.libraries[0]!.path).toBe(lib);
    if (atHost.pageSize === 4096) expect(row.vmasPerProcess).toEqual({ old: 4, new: 5, delta: 1 });
    const group = d.processes.find((p) => p.command === `${join(dir, 'mapper')} ${lib} ${join(dir, 'a1')}`)!;
    expect(group.count).toEqual({ old: 1, new: 1, delta: 0 });
    expect(group.vmas.delta).toBe(row.vmasPerProcess.delta);
    // The process that kept running maps the old build, now deleted: the same build the old snapshot maps at LIB.
    expect(d.added).toContainEqual(expect.objectContaining({ path: `${lib} (deleted)`, processes: 1, sameBuildAs: lib }));
    expect(stays).toBeGreaterThan(0);
  });

  it('snapshot diff in text and Markdown: the library, the VMAs per process and the cause', () => {
    const t = live(snapshotMain, ['diff', snapA, snapB]);
    expect(t.status).toBe(0);
    expect(t.stdout).toContain(`  ${lib}: 3 → 2 (-1) processes; VMAs per process `);
    expect(t.stdout).toContain(`  ${lib} (deleted) (1 process, PSS `);
    expect(t.stdout).toMatch(/layout changed \(build-id [0-9a-f]+ → [0-9a-f]+\): program headers added GNU_RELRO/);
    expect(t.stdout).toContain('      GNU_RELRO added: the RW LOAD now spans');
    const m = live(snapshotMain, ['diff', snapA, snapB, '--format', 'markdown']);
    expect(m.stdout).toContain(`| \`${lib}\` | 3 → 2 (**-1**) |`);
    expect(m.stdout).toContain('GNU\\_RELRO added');
  });

  it('pairs a library by build-id when the other snapshot has it under another path (another machine)', () => {
    // The old snapshot as another machine would have it: the library under another directory, mapped by one more process.
    const doc = JSON.parse(readFileSync(snapA, 'utf8')) as SnapshotDoc;
    const elsewhere = '/opt/other-machine/lib/libsnap.so';
    const moved = JSON.parse(JSON.stringify(doc).split(JSON.stringify(lib).slice(1, -1)).join(elsewhere)) as SnapshotDoc;
    const extra = { ...moved.processes.find((p) => p.pid === before[0])!, pid: 999_999_999 };
    moved.processes.push(extra);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify(moved));
    const r = live(snapshotMain, ['diff', snapA, other, '--format', 'json']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as SnapshotDiffDoc;
    const row = d.libraries.find((l) => l.path === elsewhere)!;
    expect(row).toMatchObject({ oldPath: lib, matchedBy: 'build-id', processes: { old: 3, new: 4, delta: 1 }, cause: null });
    expect(row.vmasPerProcess.delta).toBe(0);
    expect(d.added.map((a) => a.path)).not.toContain(elsewhere);
  });

  it('a snapshot that cannot be read or is not one is one line and exit 1; a snapshot that cannot be written leaves nothing behind', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schema: 1, tool: { name: 'elfaudit' }, pageSize: 4096, processes: [{ pid: 'x' }], files: [] }));
    const newer = join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ schema: 2 }));
    for (const [file, msg] of [
      [join(dir, 'missing.json'), 'cannot read: No such file or directory'],
      [bad, 'not an elfaudit snapshot: processes[0].'],
      [newer, 'unsupported snapshot schema 2'],
    ] as const) {
      const r = live(snapshotMain, ['diff', file, snapB]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toContain(msg);
    }
    const nowhere = join(dir, 'no-such-dir', 'snap.json');
    const w = live(snapshotMain, ['--output', nowhere]);
    expect(w.status).toBe(1);
    expect(w.stderr).toBe(`elfaudit snapshot: ${nowhere}: cannot write: No such file or directory\n`);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
    expect(live(snapshotMain, []).status).toBe(2);
  });
});
