/**
 * What a CI gate gets fed besides ELF files (scripts/fuzz/hostile.ts): an
 * empty file, a directory, a FIFO, /dev/zero, a missing path, text files, a
 * symbolic link loop, a dangling link, the 4 bytes \x7fELF and a cut ELF
 * header. Every command answers each with one line naming it, never blocks
 * (a FIFO is never opened: stat comes first), and goes on to the next path.
 * readelf's lines are GNU readelf 2.40's, recorded by
 * scripts/fuzz/record-goldens.ts in test/golden/hostile.
 */
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, makeHostile } from '../scripts/fuzz/hostile.js';
import { auditMain } from '../src/cli/audit.js';
import { CaptureOutput } from '../src/io/output.js';
import { checksecMain } from '../src/cli/checksec.js';
import { diffMain } from '../src/cli/diff.js';
import { memoryMain } from '../src/cli/memory.js';
import { readelfMain } from '../src/cli/readelf.js';
import { ElfFormatError, openElf } from '../src/elf/index.js';
import { CaptureSink } from '../src/readelf/sink.js';

const G = 'test/golden/hostile';
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-hostile-'));
const batch = makeHostile(dir, process.cwd());
const abs = (name: string) => (name.startsWith('/') ? name : join(dir, name));
const hostile = HOSTILE.map(([name]) => name);
/** The names as GNU printed them: run inside the directory, so relative. */
const rel = (text: string) => text.split(`${dir}/`).join('');

/**
 * A writer on the FIFO, holding a few bytes: should a command open it for
 * reading after all, the open and the first read return at once instead of
 * hanging the test run, and the checks below then fail.
 */
let fifoWriter = -1;
beforeAll(() => {
  fifoWriter = openSync(join(dir, 'fifo'), constants.O_RDWR | constants.O_NONBLOCK);
  writeSync(fifoWriter, Buffer.alloc(64, 0x7f));
});
afterAll(() => {
  if (fifoWriter >= 0) closeSync(fifoWriter);
  rmSync(dir, { recursive: true, force: true });
});

function golden(base: string) {
  return {
    stdout: readFileSync(`${base}.out`).toString('latin1'),
    stderr: readFileSync(`${base}.err`).toString('latin1'),
    status: Number(readFileSync(`${base}.rc`, 'utf8').trim()),
  };
}

function readelf(args: string[]) {
  const sink = new CaptureSink();
  const status = readelfMain(args, sink);
  return { stdout: rel(sink.stdout.toString('latin1')), stderr: rel(sink.stderr.toString('latin1')), status };
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const TRACE = /\n\s+at |TypeError|RangeError|ReferenceError/;

describe('readelf: GNU readelf 2.40 text for every hostile path', () => {
  for (const flags of [['-lW'], ['-l'], ['-S']]) {
    it(`readelf ${flags.join(' ')} on the whole batch, then a good file`, () => {
      expect(readelf([...flags, ...batch.map(abs)])).toEqual(golden(`${G}/batch_${flags.join('').replace(/-/g, '')}`));
    });
  }
  for (const name of hostile) {
    it(`readelf -lW ${name}`, () => {
      expect(readelf(['-lW', abs(name)])).toEqual(golden(`${G}/${name.replace(/^\//, '').replace(/\//g, '.')}_lW`));
    });
  }
});

describe('checksec, audit, memory and diff: one line per hostile path, and the batch goes on', () => {
  it('checksec --listfile: an error line naming each path that is not ELF; the good file has its row', () => {
    const list = join(dir, 'list.txt');
    const fd = openSync(list, 'w');
    writeSync(fd, batch.map(abs).join('\n') + '\n');
    closeSync(fd);
    for (const format of ['csv', 'json', 'cli']) {
      const io = new CaptureOutput();
      const status = checksecMain(['--listfile', list, '--output', format], io);
      expect(status).toBe(1);
      expect(io.stderr).not.toMatch(TRACE);
      for (const l of lines(io.stderr)) expect(hostile.filter((n) => l.includes(abs(n)))).toHaveLength(1);
      expect(io.stdout).toContain(abs('good'));
      // checksec.sh 2.6.0 gives a file with the magic but no readable header its all-negative row
      for (const name of hostile) {
        expect(io.stderr.includes(abs(name)) || io.stdout.includes(abs(name))).toBe(true);
      }
    }
    const io = new CaptureOutput();
    checksecMain(['--listfile', list, '--output', 'csv'], io);
    expect(io.stderr).toMatch(/Not an ELF file: .*\/fifo: fifo/);
    expect(io.stderr).toMatch(/Not an ELF file: .*\/dir: directory/);
    expect(io.stderr).toMatch(/Not an ELF file: \/dev\/zero: character special file/);
  });

  // audit and memory walk a directory for its ELF files (the empty `dir` adds none), so it is no error there
  const files = batch.filter((p) => p !== 'dir');
  const notDirs = hostile.filter((n) => n !== 'dir');

  it('audit: an error entry for each hostile path, a full report for the good file', () => {
    const io = new CaptureOutput();
    const status = auditMain([...batch.map(abs), '--format', 'json'], io);
    expect(status).toBe(1);
    expect(io.stderr).not.toMatch(TRACE);
    const report = JSON.parse(io.stdout) as { files: { path: string; error?: string; checks?: object }[] };
    expect(report.files.map((f) => f.path)).toEqual(files.map(abs));
    for (const f of report.files.slice(0, -1)) expect(f.error).toBeDefined();
    expect(report.files.at(-1)!.checks).toBeDefined();
    expect(lines(io.stderr)).toHaveLength(notDirs.length);
    lines(io.stderr).forEach((l, i) => expect(l).toContain(abs(notDirs[i]!)));
    expect(report.files.find((f) => f.path === abs('fifo'))!.error).toMatch(/fifo/);
  });

  it('memory: one `elfaudit: PATH: reason` line per hostile path, the good file estimated', () => {
    for (const format of ['text', 'json']) {
      const io = new CaptureOutput();
      const status = memoryMain([...batch.map(abs), '--format', format], io);
      expect(status).toBe(1);
      expect(io.stderr).not.toMatch(TRACE);
      const errs = lines(io.stderr);
      expect(errs).toHaveLength(notDirs.length);
      errs.forEach((l, i) => expect(l.startsWith(`elfaudit: ${abs(notDirs[i]!)}: `)).toBe(true));
      expect(io.stdout).toContain(abs('good'));
    }
    const io = new CaptureOutput();
    memoryMain(batch.map(abs), io);
    const why = Object.fromEntries(lines(io.stderr).map((l, i) => [notDirs[i]!, l.slice(`elfaudit: ${abs(notDirs[i]!)}: `.length)]));
    expect(why.fifo).toMatch(/^not a regular file \(fifo\); not opened/);
    expect(why['/dev/zero']).toMatch(/^not a regular file \(character special file\); not opened/);
    expect(why.missing).toBe('No such file or directory');
    expect(why.loop).toBe('Too many levels of symbolic links');
    expect(why.elf4).toMatch(/^truncated ELF identification/);
  });

  it('diff: a hostile path on either side is one line naming it, exit 1 (a directory against a file: 2)', () => {
    for (const pair of [[abs('dir'), abs('good')], [abs('good'), abs('dir')]]) {
      const io = new CaptureOutput();
      expect(diffMain(pair, io)).toBe(2);
      expect(lines(io.stderr)).toEqual([`elfaudit diff: ${abs('dir')} is a directory and ${abs('good')} is not: give two files or two directories`]);
    }
    for (const name of notDirs) {
      for (const pair of [[abs(name), abs('good')], [abs('good'), abs(name)]]) {
        const io = new CaptureOutput();
        expect(diffMain(pair, io)).toBe(1);
        expect(io.stderr).not.toMatch(TRACE);
        expect(lines(io.stderr)).toHaveLength(1);
        expect(io.stderr).toContain(`elfaudit: ${abs(name)}: `);
        expect(io.stdout).toBe('');
      }
    }
    const io = new CaptureOutput();
    expect(diffMain([abs('good'), abs('good')], io)).toBe(0);
  });
});

describe('the reader refuses what is not a regular file before opening it', () => {
  for (const name of ['fifo', 'dir', '/dev/zero']) {
    it(`openElf(${name}) raises ElfFormatError`, () => {
      expect(() => openElf(abs(name))).toThrow(ElfFormatError);
      expect(() => openElf(abs(name))).toThrow(/not a regular file \((fifo|directory|character special file)\); not opened/);
    });
  }
  it('and lets file-system errors through as they are', () => {
    expect(() => openElf(abs('missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => openElf(abs('loop'))).toThrow(expect.objectContaining({ code: 'ELOOP' }));
  });
});
