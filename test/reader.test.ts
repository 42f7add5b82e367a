import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DF_1, DT, ElfFormatError, ElfReader, PT, SHT, openElf, parseElf } from '../src/internal.js';
import { buildElf } from './helpers/elf-builder.js';

describe('identification binds class and byte order from e_ident', () => {
  it('decodes a big-endian ELF64 header', () => {
    const elf = parseElf(buildElf({ bits: 64, bigEndian: true, machine: 21, type: 2, entry: 0x10000340n }));
    expect(elf.header.bits).toBe(64);
    expect(elf.header.bigEndian).toBe(true);
    expect(elf.header.machine).toBe(21);
    expect(elf.header.entry).toBe(0x10000340n);
    expect(typeof elf.header.entry).toBe('bigint');
  });

  it('decodes a little-endian ELF32 header with bigint addresses', () => {
    const elf = parseElf(buildElf({ bits: 32, machine: 40, entry: 0x451n }));
    expect(elf.header.bits).toBe(32);
    expect(elf.header.bigEndian).toBe(false);
    expect(elf.header.entry).toBe(0x451n);
  });

  it('keeps 64-bit values past 2^53 exact', () => {
    const vaddr = 0xffffffff80000001n;
    const elf = parseElf(buildElf({ bits: 64, phdrs: [{ type: PT.LOAD, vaddr, memsz: 0x1fffffffffffffn + 2n }] }));
    expect(elf.programHeaders[0]!.vaddr).toBe(vaddr);
    expect(elf.programHeaders[0]!.memsz).toBe(0x20000000000001n);
  });
});

describe('extended numbering comes from section 0', () => {
  it('takes e_phnum from sh_info, e_shnum from sh_size and e_shstrndx from sh_link', () => {
    const base = { bits: 64 as const, phdrs: [{ type: PT.NOTE }, { type: PT.LOAD }], sections: [{ name: '.a', type: SHT.PROGBITS }] };
    const plain = parseElf(buildElf(base));
    const xnum = parseElf(
      buildElf({
        ...base,
        section0: { info: 2, size: 3n, link: 2 },
        patch: { phnum: 0xffff, shnum: 0, shstrndx: 0xffff },
      }),
    );
    expect(xnum.counts).toEqual({ phnum: 2, shnum: 3, shstrndx: 2 });
    expect(xnum.programHeaders.map((p) => p.type)).toEqual([PT.NOTE, PT.LOAD]);
    expect(xnum.sectionHeaders.map((s) => xnum.sectionName(s))).toEqual(plain.sectionHeaders.map((s) => plain.sectionName(s)));
  });

  it('treats an out-of-range e_shstrndx as no name table', () => {
    const elf = parseElf(buildElf({ bits: 32, sections: [{ name: '.a', type: SHT.PROGBITS }], patch: { shstrndx: 9 } }));
    expect(elf.counts.shstrndx).toBe(0);
    expect(elf.sectionName(elf.sectionHeaders[1]!)).toBe('');
  });
});

describe('corrupt input raises ElfFormatError with the offset', () => {
  it('names a truncated header', () => {
    const bytes = buildElf({ bits: 64 }).subarray(0, 40);
    const err = (() => {
      try {
        ElfReader.fromBuffer(bytes, { name: 'x.so' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ElfFormatError);
    expect((err as ElfFormatError).offset).toBe(40n);
    expect((err as ElfFormatError).describe()).toMatch(/^x\.so: truncated ELF header/);
  });

  it('rejects the wrong magic at offset 0', () => {
    expect(() => parseElf(Buffer.from('#!/bin/sh\necho hi\n'))).toThrow(ElfFormatError);
  });

  it('refuses a program header table that runs past the end of the file', () => {
    const elf = parseElf(buildElf({ bits: 64, phdrs: [{ type: PT.LOAD }], patch: { phnum: 40 } }));
    let caught: unknown;
    try {
      void elf.programHeaders;
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ElfFormatError);
    expect((caught as ElfFormatError).offset).toBe(64n);
    expect((caught as ElfFormatError).expected).toMatch(/2240 bytes of program headers/);
  });

  it('refuses an entry size smaller than the structure', () => {
    const elf = parseElf(buildElf({ bits: 32, phdrs: [{ type: PT.LOAD }], patch: { phentsize: 16 } }));
    expect(() => elf.programHeaders).toThrow(/too small/);
  });
});

describe('the dynamic table tells a PIE from a shared object', () => {
  const dyn = (flags1: bigint) => {
    const b = Buffer.alloc(48);
    b.writeBigUInt64LE(DT.FLAGS_1, 0);
    b.writeBigUInt64LE(flags1, 8);
    return b; // then DT_NULL
  };
  it('reads DF_1_PIE through .dynamic when there is no PT_DYNAMIC', () => {
    const pie = parseElf(buildElf({ bits: 64, type: 3, sections: [{ name: '.dynamic', type: SHT.DYNAMIC, data: dyn(DF_1.PIE | DF_1.NOW) }] }));
    expect(pie.isPie).toBe(true);
    expect(pie.dynamic).toHaveLength(2);
    const dso = parseElf(buildElf({ bits: 64, type: 3, sections: [{ name: '.dynamic', type: SHT.DYNAMIC, data: dyn(DF_1.NOW) }] }));
    expect(dso.isPie).toBe(false);
  });
});

describe('files are read by range, not whole', () => {
  it('opens a file from disk and reads the interpreter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'elfaudit-'));
    const interp = Buffer.from('/lib/ld-linux-armhf.so.3\0', 'latin1');
    const img = buildElf({ bits: 32, machine: 40, sections: [{ name: '.interp', type: SHT.PROGBITS, data: interp }] });
    // A PT_INTERP pointing at the section's bytes, found via the section table.
    const probe = parseElf(img);
    const sec = probe.sectionByName('.interp')!;
    const withInterp = buildElf({
      bits: 32,
      machine: 40,
      phdrs: [{ type: PT.INTERP, offset: sec.offset + 32n, filesz: sec.size }],
      sections: [{ name: '.interp', type: SHT.PROGBITS, data: interp }],
    });
    const file = join(dir, 'interp.elf');
    writeFileSync(file, withInterp);
    const elf = openElf(file);
    try {
      expect(elf.interpreterBytes()?.toString('latin1')).toBe('/lib/ld-linux-armhf.so.3');
      expect(elf.path).toBe(file);
    } finally {
      elf.close();
    }
  });
});
