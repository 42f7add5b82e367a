/**
 * Archives: the byte-level pieces of src/elf/archive.ts (C's strtoul on
 * header fields, the member window, the member walk), bounded memory on a
 * multi-gigabyte sparse archive, and what checksec, audit and memory say of
 * an archive (they do not look inside). Byte-for-byte parity with GNU
 * readelf on archives is test/golden.test.ts's (samples/archives/).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditMain } from '../src/cli/audit.js';
import { checksecMain } from '../src/cli/checksec.js';
import { memoryMain } from '../src/cli/memory.js';
import { readelfMain } from '../src/cli/readelf.js';
import { adjustRelativePath, archiveMembers, strtoul, WindowSource } from '../src/elf/archive.js';
import { BufferSource, FileSource } from '../src/elf/source.js';
import { CaptureOutput } from '../src/io/output.js';
import { CaptureSink } from '../src/readelf/sink.js';
import { defaultOptions, displaysObjects } from '../src/readelf/options.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const field = (s: string) => Buffer.from(s, 'latin1');

describe('strtoul on ar header fields, as C reads them', () => {
  it('skips blanks, stops at the first non-digit, ends at a NUL or the end', () => {
    expect(strtoul(field('  1448    `\n'), 0)).toEqual({ value: 1448n, end: 6 });
    expect(strtoul(field('12\x0034'), 0).value).toBe(12n);
    expect(strtoul(field('/123:456'), 1)).toEqual({ value: 123n, end: 4 });
  });
  it('no digits: 0, and the end is where it started', () => {
    expect(strtoul(field('abc'), 0)).toEqual({ value: 0n, end: 0 });
    expect(strtoul(field('          '), 0)).toEqual({ value: 0n, end: 0 });
  });
  it('a minus sign negates modulo 2^64; overflow is ULONG_MAX', () => {
    expect(strtoul(field('-5'), 0).value).toBe((1n << 64n) - 5n);
    expect(strtoul(field('99999999999999999999999'), 0).value).toBe((1n << 64n) - 1n);
  });
});

describe('the member window and the member walk', () => {
  it('reads a member with offsets relative to its start, clipped to the window', () => {
    const w = new WindowSource(new BufferSource(field('0123456789')), 3n, 4n);
    expect(w.size).toBe(4n);
    expect(w.read(0n, 2).toString()).toBe('34');
    expect(w.read(2n, 10).toString()).toBe('56');
    expect(w.read(4n, 1).length).toBe(0);
    expect(new WindowSource(new BufferSource(field('01')), 5n, -3n).size).toBe(0n);
  });

  it("walks multi-arch.a's members with their long names, in order", () => {
    const source = FileSource.open('samples/archives/multi-arch.a');
    try {
      const members = [...archiveMembers(source)];
      expect(members.map((m) => m.name)).toEqual([
        'hello-x86_64.o',
        'hello-aarch64-with-a-long-member-name.o',
        'hello-i686.o',
        'hello-mips-big-endian-32.o',
        'hello-ppc64-big-endian-64.o',
        'README.txt',
      ]);
      const first = members[0]!;
      expect(source.read(first.offset, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
      expect(first.size).toBe(BigInt(readFileSync('samples/x86_64/hello.o').length));
    } finally {
      source.close();
    }
  });

  it("names a thin archive's member relative to the archive's folder unless absolute", () => {
    expect(adjustRelativePath('lib/t.a', '../x.o')).toBe('lib/../x.o');
    expect(adjustRelativePath('t.a', 'sub/x.o')).toBe('sub/x.o');
    expect(adjustRelativePath('lib/t.a', '/abs/x.o')).toBe('/abs/x.o');
  });
});

describe("-c alone lists only the index: process_archive's test for other views", () => {
  it('counts views, not -W, --sym-base or -c itself', () => {
    expect(displaysObjects(defaultOptions({ archiveIndex: true, wide: true, symBase: 16 }))).toBe(false);
    expect(displaysObjects(defaultOptions({ archiveIndex: true, syms: true }))).toBe(true);
    expect(displaysObjects({ ...defaultOptions({ archiveIndex: true }), hexDump: ['.text'] } as never)).toBe(true);
    expect(displaysObjects({ ...defaultOptions({ archiveIndex: true }), hexDump: [], useDynamic: true } as never)).toBe(false);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An ar header as GNU ar writes it in deterministic mode. */
function header(name: string, size: number): Buffer {
  const f = (s: string, w: number) => s.padEnd(w, ' ');
  return field(f(name, 16) + f('0', 12) + f('0', 6) + f('0', 6) + f('644', 8) + f(String(size), 10) + '`\n');
}

/**
 * MEMBERS copies of hello.o, each followed by HOLE bytes of nothing (a
 * sparse file): every member is HOLE bytes long, the archive ~3 GiB.
 */
const MEMBERS = 12;
const HOLE = 256 * 1024 * 1024;
const hello = readFileSync('samples/x86_64/hello.o');
const big = join(dir, 'big.a');
{
  const fd = openSync(big, 'w');
  let at = writeSync(fd, field('!<arch>\n'), 0, 8, 0);
  for (let i = 0; i < MEMBERS; i++) {
    const size = hello.length + HOLE;
    at += writeSync(fd, header(`m${i}.o/`, size), 0, 60, at);
    writeSync(fd, hello, 0, hello.length, at);
    at += size;
  }
  writeSync(fd, field('\n'), 0, 1, at - 1); // the file ends where the last member does
  closeSync(fd);
}

function capture(args: string[]) {
  const sink = new CaptureSink();
  const status = readelfMain(args, sink);
  return { stdout: sink.stdout.toString('latin1'), stderr: sink.stderr.toString('latin1'), status };
}

// Heavy: a 3 GiB sparse archive read in-process, then by the CLI as a whole process (peak RSS).
describe('a 3 GiB archive of 256 MiB members', { timeout: HEAVY_TIMEOUT }, () => {
  it('shows each member as the lone object shows it, under its File: header', () => {
    const one = capture(['-s', '-W', 'samples/x86_64/hello.o']);
    const all = capture(['-s', '-W', big]);
    expect(all.status).toBe(0);
    expect(all.stderr).toBe('');
    const expected = Array.from({ length: MEMBERS }, (_, i) => `\nFile: ${big}(m${i}.o)\n${one.stdout}`).join('');
    expect(all.stdout).toBe(expected);
  });

  it('the command-line tool stays under 100 MB of peak RSS (it reads headers and tables, not members)', () => {
    expect(existsSync('dist/cli/main.js')).toBe(true);
    const marker = 'elfaudit-peak-rss-kb=';
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,process.on('exit',()=>process.stderr.write(${JSON.stringify(`\n${marker}`)}+process.resourceUsage().maxRSS+'\\n'))`,
        'bin/elfaudit.js',
        'readelf',
        '-h',
        '-S',
        '-s',
        '-r',
        '-W',
        big,
      ],
      { env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 1 << 26 },
    );
    const err = r.stderr.toString('latin1');
    expect(r.status).toBe(0);
    expect(r.stdout.toString('latin1').split('\nFile: ').length - 1).toBe(MEMBERS);
    const kb = Number(err.slice(err.lastIndexOf(marker) + marker.length).trim());
    expect(kb).toBeGreaterThan(0);
    expect(kb * 1024).toBeLessThan(100e6);
  });
});

describe('checksec, audit and memory do not look inside archives, and say so', () => {
  it("checksec prints checksec.sh 2.6.0's line: file(1)'s description of the archive, exit 1", () => {
    for (const [path, what] of [
      ['samples/archives/multi-arch.a', 'current ar archive'],
      ['samples/archives/empty.a', 'current ar archive'],
      ['samples/archives/thin.a', 'thin archive with 2 symbol entries'],
      ['samples/archives/thin-nested.a', 'thin archive with 7 symbol entries'],
    ] as const) {
      const io = new CaptureOutput();
      expect(checksecMain(['--output=csv', `--file=${path}`], io, false)).toBe(1);
      expect(io.stdout).toBe('');
      expect(io.stderr).toBe(`Error: Not an ELF file: ${path}: ${what}\n`);
    }
  });

  it('audit and memory: one line naming the archive and why', () => {
    const why = 'an ar archive, not an ELF object: this command does not look inside archives (readelf shows their members)';
    const audit = new CaptureOutput();
    expect(auditMain(['samples/archives/multi-arch.a'], audit)).toBe(1);
    expect(audit.stderr.split('\n').filter((l) => l.includes(why))).toHaveLength(1);
    expect(audit.stderr).toContain('samples/archives/multi-arch.a');
    const memory = new CaptureOutput();
    expect(memoryMain(['samples/archives/thin.a'], memory)).toBe(1);
    expect(memory.stderr).toMatch(new RegExp(`^elfaudit: samples/archives/thin\\.a: ${why.replace(/[()]/g, '\\$&')}`));
  });
});
