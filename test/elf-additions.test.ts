/**
 * The reader capabilities checksec and audit added to src/elf: probing a
 * path without blocking on it, dynamic symbols without section headers
 * (DT_HASH and DT_GNU_HASH counts), and symbol columns.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loaderDynamicSymbols } from '../src/elf/dynsym.js';
import { decodeSymbolColumns } from '../src/elf/symbol-columns.js';
import { fileModeName, probeElf } from '../src/elf/probe.js';
import { decodeSymbols, openElf, parseElf, SHT } from '../src/elf/index.js';

/** The same bytes with e_shoff, e_shnum and e_shstrndx zeroed: no section headers. */
function withoutSections(bytes: Buffer): Buffer {
  const b = Buffer.from(bytes);
  const is64 = b[4] === 2;
  const be = b[5] === 2;
  const w = is64 ? 8 : 4;
  if (is64) b.fill(0, 0x28, 0x30);
  else b.fill(0, 0x20, 0x24);
  const at = 24 + 3 * w + 12;
  if (be) {
    b.writeUInt16BE(0, at);
    b.writeUInt16BE(0, at + 2);
  } else {
    b.writeUInt16LE(0, at);
    b.writeUInt16LE(0, at + 2);
  }
  return b;
}

describe('loaderDynamicSymbols', () => {
  for (const p of [
    'samples/checksec/x86_64/hardened', // DT_GNU_HASH
    'samples/checksec/mips/hardened', // DT_HASH, big-endian ELF32
    'samples/checksec/i686/libhardened.so',
    'samples/checksec/ppc64/libhardened.so',
  ]) {
    it(`${p}: the same names through DT_SYMTAB as in .dynsym`, () => {
      const bytes = readFileSync(p);
      const a = loaderDynamicSymbols(parseElf(bytes))!;
      const b = loaderDynamicSymbols(parseElf(withoutSections(bytes)))!;
      expect(a.source).toBe('.dynsym');
      expect(b.source).toBe('DT_SYMTAB');
      expect(b.symbols.map((s) => [s.name, s.shndx, s.info])).toEqual(a.symbols.map((s) => [s.name, s.shndx, s.info]));
    });
  }
  it('null without dynamic symbols', () => {
    expect(loaderDynamicSymbols(openElf('samples/checksec/x86_64/static-nolibc'))).toBeNull();
  });
});

describe('decodeSymbolColumns', () => {
  it('agrees with decodeSymbols field by field', () => {
    for (const p of ['samples/checksec/x86_64/hardened', 'samples/checksec/mips/hardened']) {
      const f = openElf(p);
      for (const sec of f.sectionHeaders.filter((s) => s.type === SHT.SYMTAB || s.type === SHT.DYNSYM)) {
        const full = f.symbols(sec);
        const cols = decodeSymbolColumns(f.reader.decoder, f.sectionData(sec), Number(sec.entsize));
        expect(cols.count).toBe(full.length);
        full.forEach((s, i) => {
          expect([cols.name[i], cols.info[i], cols.other[i], cols.shndx[i]]).toEqual([s.nameOffset, s.info, s.other, s.shndx]);
        });
      }
      f.close();
    }
    expect(decodeSymbols).toBeTypeOf('function');
  });
});

describe('probeElf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  it('an ELF file opens; the magic alone with a cut header is "truncated"; other files are "not-elf"', () => {
    const p = probeElf('samples/x86_64/hello-pie', 'hello-pie');
    expect(p.kind).toBe('elf');
    if (p.kind === 'elf') p.file.close();
    expect(probeElf('samples/crafted/ehdr-trunc-20.elf', 'x').kind).toBe('truncated');
    expect(probeElf('samples/crafted/not-elf.txt', 'x').kind).toBe('not-elf');
    expect(probeElf('samples/crafted/empty.elf', 'x').kind).toBe('not-elf');
  });
  it('directories and FIFOs are reported, never read (a FIFO without a writer does not block)', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(probeElf(fifo, 'fifo')).toEqual({ kind: 'not-regular', fileType: 'fifo' });
    expect(probeElf(dir, 'dir')).toEqual({ kind: 'not-regular', fileType: 'directory' });
    expect(fileModeName(0o100644)).toBe('regular file');
  });
  it('raw byte paths', () => {
    const name = Buffer.concat([Buffer.from(join(dir, 'n')), Buffer.from([0xff]), Buffer.from('.elf')]);
    writeFileSync(name, readFileSync('samples/x86_64/hello-pie'));
    const p = probeElf(name, 'n');
    expect(p.kind).toBe('elf');
    if (p.kind === 'elf') p.file.close();
  });
  it('missing files throw the file-system error', () => {
    expect(() => probeElf(join(dir, 'missing'), 'm')).toThrow(/ENOENT/);
  });
});

describe('buildId', () => {
  const golden = join(import.meta.dirname, 'golden', 'readelf', 'samples');
  it("is GNU readelf's `Build ID:` for every sample that has one, and undefined for those without", () => {
    let withId = 0;
    for (const arch of ['x86_64', 'aarch64', 'arm', 'i686']) {
      for (const name of ['libdemo.so', 'hello-pie', 'hello.o']) {
        const recorded = readFileSync(join(golden, arch, name, 'n.out'), 'latin1');
        const m = /Build ID: ([0-9a-f]+)/.exec(recorded);
        const elf = openElf(join(import.meta.dirname, '..', 'samples', arch, name));
        try {
          expect(elf.buildId(), `${arch}/${name}`).toBe(m?.[1]);
        } finally {
          elf.close();
        }
        if (m !== null) withId++;
      }
    }
    expect(withId).toBeGreaterThan(4);
  });
});
