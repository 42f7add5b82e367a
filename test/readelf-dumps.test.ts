/**
 * readelf -x/-p/-R/-z beyond the goldens (test/golden/FLAGS has the GNU
 * parity): how a section argument is read, the zstd case Node 20 cannot
 * decompress, and a hex dump of a large section in bounded memory.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readelfMain } from '../src/cli/readelf.js';
import { dumpSectionNumber } from '../src/readelf/dumps.js';
import { CaptureSink } from '../src/readelf/sink.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

function run(args: string[]): { status: number; out: string; err: string } {
  const sink = new CaptureSink();
  const status = readelfMain(args, sink);
  return { status, out: sink.stdout.toString('latin1'), err: sink.stderr.toString('latin1') };
}

const tmp = mkdtempSync(join(tmpdir(), 'elfaudit-dumps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a -x/-p/-R argument is a section number as strtoul reads it into an int, else a name', () => {
  it.each([
    ['1', 1],
    ['0x10', 16],
    ['010', 8],
    [' 7', 7],
    ['+3', 3],
    ['', 0],
    ['4294967296', 0],
    ['-4294967295', 1],
  ])('%j is section %d', (arg, n) => {
    expect(dumpSectionNumber(arg)).toBe(n);
  });

  it.each(['.text', '1a', '0x', '08', '-1', '2147483648', '99999999999999999999999', '1 '])('%j is a name', (arg) => {
    expect(dumpSectionNumber(arg)).toBeNull();
  });

  it('an argument read as a number and as the same number written otherwise dump the same section', () => {
    expect(run(['-x', '0x5', 'samples/x86_64/hello.o'])).toEqual(run(['-x', '5', 'samples/x86_64/hello.o']));
    expect(run(['-x', '5', 'samples/x86_64/hello.o']).out).toContain("Hex dump of section '");
  });
});

describe('-z on a zstd-compressed section', () => {
  it('says the section cannot be decompressed, naming zstd, and fails the file', () => {
    // samples/x86_64/debug-gz.o with .debug_info's ch_type turned from ELFCOMPRESS_ZLIB into ELFCOMPRESS_ZSTD.
    const bytes = Buffer.from(readFileSync('samples/x86_64/debug-gz.o'));
    const shoff = Number(bytes.readBigUInt64LE(0x28));
    const shnum = bytes.readUInt16LE(0x3c);
    const strndx = bytes.readUInt16LE(0x3e);
    const names = Number(bytes.readBigUInt64LE(shoff + strndx * 64 + 0x18));
    let patched = false;
    for (let i = 0; i < shnum; i++) {
      const sh = shoff + i * 64;
      const name = bytes.toString('latin1', names + bytes.readUInt32LE(sh), bytes.indexOf(0, names + bytes.readUInt32LE(sh)));
      if (name !== '.debug_info') continue;
      const offset = Number(bytes.readBigUInt64LE(sh + 0x18));
      expect(bytes.readUInt32LE(offset)).toBe(1);
      bytes.writeUInt32LE(2, offset);
      patched = true;
    }
    expect(patched).toBe(true);
    const path = join(tmp, 'debug-zstd.o');
    writeFileSync(path, bytes);
    const r = run(['-x', '.debug_info', '-z', path]);
    expect(r.status).toBe(1);
    expect(r.out).toBe("\nHex dump of section '.debug_info':\n");
    expect(r.err).toBe('readelf: Error: Unable to decompress section .debug_info (zstd is not supported by elfaudit)\n');
    // Without -z the compressed bytes are dumped as they are.
    expect(run(['-x', '.debug_info', path]).status).toBe(0);
  });
});

/** A sparse ELF64 file whose section 1, `.big`, holds `size` zero bytes. */
function bigSectionElf(path: string, size: number): void {
  const names = Buffer.from('\0.big\0.shstrtab\0', 'latin1');
  const shoff = 128;
  const head = Buffer.alloc(shoff + 3 * 64);
  head.write('\x7fELF', 0, 'latin1');
  head[4] = 2; // ELFCLASS64
  head[5] = 1; // little-endian
  head[6] = 1;
  head.writeUInt16LE(1, 0x10); // ET_REL
  head.writeUInt16LE(62, 0x12); // x86-64
  head.writeUInt32LE(1, 0x14);
  head.writeBigUInt64LE(BigInt(shoff), 0x28);
  head.writeUInt16LE(64, 0x34);
  head.writeUInt16LE(64, 0x3a);
  head.writeUInt16LE(3, 0x3c);
  head.writeUInt16LE(2, 0x3e);
  names.copy(head, 64);
  const section = (i: number, name: number, type: number, offset: number, length: number): void => {
    const sh = shoff + i * 64;
    head.writeUInt32LE(name, sh);
    head.writeUInt32LE(type, sh + 4);
    head.writeBigUInt64LE(BigInt(offset), sh + 0x18);
    head.writeBigUInt64LE(BigInt(length), sh + 0x20);
    head.writeBigUInt64LE(1n, sh + 0x30);
  };
  section(1, 1, 1, 4096, size); // .big, SHT_PROGBITS
  section(2, 6, 3, 64, names.length); // .shstrtab
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    ftruncateSync(fd, 4096 + size);
  } finally {
    closeSync(fd);
  }
}

// Heavy: starts the built CLI on a 128 MiB section (about 560 MB of output, counted by awk).
describe('-x of a large section streams', { timeout: HEAVY_TIMEOUT }, () => {
  it.skipIf(!existsSync('dist/cli/main.js') || !existsSync('/usr/bin/time'))(
    'a 128 MiB section is dumped whole within a 48 MB heap and well under its size in RSS',
    () => {
      const size = 128 << 20;
      const path = join(tmp, 'big.o');
      bigSectionElf(path, size);
      const script =
        `/usr/bin/time -f peak-rss-kb=%M ${process.execPath} --max-old-space-size=48 bin/elfaudit.js readelf -x .big ${path}` +
        ` | awk '{ n++; last = $0 } END { print n; print last }'`;
      const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
      const kb = Number(/peak-rss-kb=(\d+)/.exec(r.stderr)?.[1]);
      console.log(`readelf -x of a 128 MiB section: peak RSS ${(kb / 1024).toFixed(0)} MiB`);
      const [lines, last] = r.stdout.split('\n');
      // a blank line, the title, 8 Mi lines of 16 bytes, the closing blank line
      expect(Number(lines)).toBe(2 + size / 16 + 1);
      expect(last).toBe('');
      expect(kb).toBeGreaterThan(0);
      expect(kb * 1024).toBeLessThan(size);
    },
  );
});
