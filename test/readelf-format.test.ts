import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EM, ELFOSABI, PT, SHF, SHT } from '../src/elf/constants.js';
import type { ProgramHeader, SectionHeader } from '../src/elf/types.js';
import { mapSectionsToSegments, sectionInSegment } from '../src/readelf/mapping.js';
import { fileTypeName, segmentTypeName } from '../src/readelf/names.js';
import { altHex, hex, padTrunc } from '../src/readelf/printf.js';
import { printableSectionName } from '../src/readelf/section-name.js';

describe('C printf conversions readelf relies on', () => {
  it('%#lx prints a bare 0 for zero', () => {
    expect(altHex(0n)).toBe('0');
    expect(altHex(0x1000n)).toBe('0x1000');
  });
  it('widths are minimums that widen, never truncate', () => {
    expect(hex(0x12n, 6)).toBe('000012');
    expect(hex(0x123456789n, 6)).toBe('123456789');
  });
  it('%-14.14s pads and truncates type names', () => {
    expect(padTrunc('LOAD', 14, 14)).toBe('LOAD          ');
    expect(padTrunc('OPENBSD_RANDOMIZE', 14, 14)).toBe('OPENBSD_RANDOM');
  });
});

describe('segment type names depend on machine and OSABI', () => {
  it('names PT_ARM_EXIDX only on ARM', () => {
    expect(segmentTypeName(PT.ARM_EXIDX, EM.ARM, 0)).toBe('EXIDX');
    expect(segmentTypeName(PT.ARM_EXIDX, EM.X86_64, 0)).toBe('LOPROC+0x1');
  });
  it('shows LOPROC+0 and LOOS+0 for the bases', () => {
    expect(segmentTypeName(0x70000000, EM.X86_64, 0)).toBe('LOPROC+0');
    expect(segmentTypeName(0x60000000, EM.X86_64, 0)).toBe('LOOS+0');
  });
  it('names GNU_MBIND only for the GNU and FreeBSD ABIs', () => {
    expect(segmentTypeName(0x6474e556, EM.X86_64, ELFOSABI.GNU)).toBe('GNU_MBIND+0x1');
    expect(segmentTypeName(0x6474e556, EM.X86_64, 0)).toBe('LOOS+0x474e556');
  });
  it('names HP-UX segments per machine and Solaris ones by value', () => {
    expect(segmentTypeName(0x60000014, EM.PARISC, ELFOSABI.HPUX)).toBe('HP_STACK');
    expect(segmentTypeName(0x60000001, EM.IA_64, ELFOSABI.HPUX)).toBe('LOOS+0x1');
    expect(segmentTypeName(0x6ffffffa, EM.SPARC, ELFOSABI.SOLARIS)).toBe('PT_SUNWBSS');
  });
  it('prints unknown types in hex', () => {
    expect(segmentTypeName(0x12345, EM.X86_64, 0)).toBe('<unknown>: 12345');
  });
  it('file types', () => {
    expect(fileTypeName(3, true)).toBe('DYN (Position-Independent Executable file)');
    expect(fileTypeName(3, false)).toBe('DYN (Shared object file)');
    expect(fileTypeName(0xff01, false)).toBe('Processor Specific: (ff01)');
    expect(fileTypeName(0xfe01, false)).toBe('OS Specific: (fe01)');
    expect(fileTypeName(7, false)).toBe('<unknown>: 7');
  });
});

describe('section names are escaped as readelf does', () => {
  it('shows control bytes as ^X and DEL as ^ plus the raw byte 0xbf', () => {
    expect(printableSectionName(Buffer.from('.a\x01b\x1f', 'latin1'))).toBe('.a^Ab^_');
    expect(printableSectionName(Buffer.from('x\x7f', 'latin1'))).toBe('x^\xbf');
  });
  it('shows other bytes as <XX>', () => {
    expect(printableSectionName(Buffer.from([0x2e, 0xe9, 0x80]))).toBe('.<E9><80>');
  });
  it('ends at a NUL, as the C string GNU walks does (a NUL is never shown as ^@)', () => {
    expect(printableSectionName(Buffer.from('.a\0b', 'latin1'))).toBe('.a');
    expect(printableSectionName('.a\0\x01')).toBe('.a');
  });
  it('stops at 256 characters without splitting an escape', () => {
    expect(printableSectionName(Buffer.alloc(300, 0x61))).toHaveLength(256);
    const s = printableSectionName(Buffer.concat([Buffer.alloc(254, 0x61), Buffer.from([0xff])]));
    expect(s).toBe('a'.repeat(254));
  });
});

const sec = (o: Partial<SectionHeader>): SectionHeader => ({
  index: 1,
  name: 0,
  type: SHT.PROGBITS,
  flags: SHF.ALLOC,
  addr: 0n,
  offset: 0n,
  size: 0n,
  link: 0,
  info: 0,
  addralign: 0n,
  entsize: 0n,
  ...o,
});
const seg = (o: Partial<ProgramHeader>): ProgramHeader => ({
  index: 0,
  type: PT.LOAD,
  flags: 4,
  offset: 0n,
  vaddr: 0n,
  paddr: 0n,
  filesz: 0n,
  memsz: 0n,
  align: 0n,
  ...o,
});

describe('section-to-segment membership', () => {
  it('lists .tbss only in PT_TLS', () => {
    const tbss = sec({ type: SHT.NOBITS, flags: SHF.ALLOC | SHF.WRITE | SHF.TLS, addr: 0x1000n, offset: 0x1000n, size: 8n });
    expect(sectionInSegment(tbss, seg({ type: PT.TLS, vaddr: 0x1000n, offset: 0x1000n, memsz: 8n }))).toBe(true);
    expect(sectionInSegment(tbss, seg({ type: PT.LOAD, vaddr: 0x1000n, offset: 0x1000n, filesz: 16n, memsz: 16n }))).toBe(false);
  });
  it('excludes a zero-size section at the end of a segment (strict)', () => {
    const s = sec({ addr: 0x100n, offset: 0x100n, size: 0n });
    expect(sectionInSegment(s, seg({ filesz: 0x100n, memsz: 0x100n }))).toBe(false);
    expect(sectionInSegment(s, seg({ filesz: 0x101n, memsz: 0x101n }))).toBe(true);
  });
  it('wraps p_filesz - 1 for a zero-size segment (unsigned 64-bit)', () => {
    const s = sec({ type: SHT.NOTE, flags: 0n, offset: 0x40n, size: 0n });
    expect(sectionInSegment(s, seg({ type: PT.NULL, offset: 0x40n, filesz: 0n, memsz: 0n }))).toBe(true);
  });
  it('keeps non-ALLOC sections out of LOAD but lets NOTE hold them by offset', () => {
    const s = sec({ flags: 0n, offset: 0x10n, size: 4n });
    expect(sectionInSegment(s, seg({ type: PT.LOAD, filesz: 0x100n, memsz: 0x100n }))).toBe(false);
    expect(sectionInSegment(s, seg({ type: PT.NOTE, filesz: 0x100n, memsz: 0x100n }))).toBe(true);
  });

  it('the number fast path agrees with the bigint rule', () => {
    const small = fc.bigInt({ min: 0n, max: 0x40n });
    const types = fc.constantFrom(PT.NULL, PT.LOAD, PT.DYNAMIC, PT.NOTE, PT.TLS, PT.PHDR, PT.GNU_RELRO, PT.GNU_STACK, PT.INTERP);
    const flags = fc.constantFrom(0n, SHF.ALLOC, SHF.ALLOC | SHF.TLS, SHF.TLS, SHF.ALLOC | SHF.WRITE);
    const stypes = fc.constantFrom(SHT.PROGBITS, SHT.NOBITS, SHT.NOTE, SHT.DYNAMIC);
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: stypes, flags, addr: small, offset: small, size: small }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.record({ type: types, offset: small, vaddr: small, filesz: small, memsz: small }), { minLength: 1, maxLength: 4 }),
        (ss, gs) => {
          const sections = ss.map((s, i) => sec({ ...s, index: i }));
          const segments = gs.map((g, i) => seg({ ...g, index: i }));
          // The fast path is taken for small values: compare it with the rule applied pairwise.
          const fast = mapSectionsToSegments(sections, segments, sections.length);
          const slow = segments.map((g) => sections.slice(1).filter((s) => sectionInSegment(s, g)).map((s) => s.index));
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });
});
