import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EM, ELFOSABI } from '../src/elf/constants.js';
import {
  DF_1_NAMES,
  DTF_1_NAMES,
  dynamicFlagsText,
  dynamicTypeName,
  flagsLine,
  gmtimeText,
  hpDldFlagsText,
  mipsFlagsText,
  vmsLinkFlagsText,
  vmsTimeText,
} from '../src/readelf/dynamic-tags.js';
import { CaptureSink } from '../src/readelf/sink.js';
import { runReadelf } from '../src/readelf/index.js';

describe('get_dynamic_type', () => {
  it('names generic tags on every machine', () => {
    expect(dynamicTypeName(1n, EM.X86_64, 0)).toBe('NEEDED');
    expect(dynamicTypeName(0x6ffffffb, EM.MIPS, 0)).toBe('FLAGS_1');
    expect(dynamicTypeName(0x7ffffffd, EM.AARCH64, 0)).toBe('AUXILIARY');
  });
  it('names processor-specific tags per machine, else Processor Specific', () => {
    expect(dynamicTypeName(0x70000000, EM.PPC64, 0)).toBe('PPC64_GLINK');
    expect(dynamicTypeName(0x70000000, EM.PPC, 0)).toBe('PPC_GOT');
    expect(dynamicTypeName(0x70000001, EM.AARCH64, 0)).toBe('AARCH64_BTI_PLT');
    expect(dynamicTypeName(0x70000035, EM.MIPS_RS3_LE, 0)).toBe('MIPS_RLD_MAP_REL');
    expect(dynamicTypeName(0x70000001, EM.X86_64, 0)).toBe('Processor Specific: 70000001');
  });
  it('uses the Solaris names only for machines without their own', () => {
    expect(dynamicTypeName(0x70000001, EM.SPARC, ELFOSABI.SOLARIS)).toBe('SPARC_REGISTER');
    expect(dynamicTypeName(0x6000000d, EM.SPARC, ELFOSABI.SOLARIS)).toBe('SUNW_AUXILIARY');
    expect(dynamicTypeName(0x70000002, EM.SPARCV9, ELFOSABI.SOLARIS)).toBe('Processor Specific: 70000002');
    expect(dynamicTypeName(0x6000000d, EM.X86_64, 0)).toBe('Operating System specific: 6000000d');
  });
  it('has the PA-RISC names in the old OS range, and nothing there for others', () => {
    expect(dynamicTypeName(0x60000001, EM.PARISC, 0)).toBe('HP_DLD_FLAGS');
    expect(dynamicTypeName(0x6000000d, EM.PARISC, 0)).toBe('HP_GST_EPLTREL');
    expect(dynamicTypeName(0x6ffffff1, EM.PARISC, 0)).toBe('Operating System specific: 6ffffff1');
    expect(dynamicTypeName(0x60000001, EM.X86_64, 0)).toBe('<unknown>: 60000001');
    expect(dynamicTypeName(0x6ffff001, EM.X86_64, 0)).toBe('<unknown>: 6ffff001');
  });
  it('names IA-64 VMS tags in the OS range and ignores C6000 OS-range names (GNU looks them up only in the processor range)', () => {
    expect(dynamicTypeName(0x6000000d + 40, EM.IA_64, 0)).toBe('VMS_LINKTIME');
    expect(dynamicTypeName(0x6000000d, EM.TI_C6000, 0)).toBe('Operating System specific: 6000000d');
  });
  it('shows 64-bit tags in full', () => {
    expect(dynamicTypeName(0x123456789abcdef0n, EM.X86_64, 0)).toBe('<unknown>: 123456789abcdef0');
  });
});

describe('flag decoders', () => {
  it('print_dynamic_flags goes from the lowest bit and calls the rest unknown', () => {
    expect(dynamicFlagsText(0n)).toBe('');
    expect(dynamicFlagsText(0x29n)).toBe('ORIGIN BIND_NOW unknown');
    expect(dynamicFlagsText(0x8000000000000010n)).toBe('STATIC_TLS unknown');
  });
  it('Flags: lines name known bits and show the rest in hex', () => {
    expect(flagsLine(0n, DF_1_NAMES)).toBe('Flags: None\n');
    expect(flagsLine(0x08000001n, DF_1_NAMES)).toBe('Flags: NOW PIE\n');
    expect(flagsLine(0x80000009n, DF_1_NAMES)).toBe('Flags: NOW NODELETE 80000000\n');
    expect(flagsLine(0xf3n, DTF_1_NAMES)).toBe('Flags: PARINIT CONFEXP f0\n');
  });
  it('DT_MIPS_FLAGS shows only bits 0-14', () => {
    expect(mipsFlagsText(0n)).toBe('NONE');
    expect(mipsFlagsText(0x18005n)).toBe('QUICKSTART NO_LIBRARY_REPLACEMENT');
    expect(mipsFlagsText(0x8000n)).toBe('');
  });
  it('DT_HP_DLD_FLAGS shows a zero or leftover value in hex', () => {
    expect(hpDldFlagsText(0n)).toBe('0');
    expect(hpDldFlagsText(0x20010n)).toBe('HP_BIND_NOW 20000');
  });
  it('DT_IA_64_VMS_LNKFLAGS lists names after the value', () => {
    expect(vmsLinkFlagsText(0x8101n)).toBe(' CALL_DEBUG REL_SEG_OFF');
  });
});

describe('gmtime as GNU prints it', () => {
  it('formats Unix times, negative ones too', () => {
    expect(gmtimeText(0n)).toBe('1970-01-01T00:00:00');
    expect(gmtimeText(1600000000n)).toBe('2020-09-13T12:26:40');
    expect(gmtimeText(-1n)).toBe('1969-12-31T23:59:59');
  });
  it('agrees with Date wherever Date reaches', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e12, max: 8.64e12 }), (t) => {
        const d = new Date(t * 1000);
        if (d.getUTCFullYear() < 0) return; // %04u of a negative year: below
        const iso = d.toISOString().replace(/\.\d+Z$/, '').replace(/^\+0*(\d{4,})/, '$1');
        expect(gmtimeText(BigInt(t))).toBe(iso);
      }),
    );
  });
  it('prints negative years through an unsigned int and fails where tm_year overflows', () => {
    expect(gmtimeText(-(1n << 36n))).toBe('4294967088-05-13T16:27:44');
    expect(gmtimeText((1n << 63n) - 1n)).toBeNull();
    expect(gmtimeText(-(1n << 63n))).toBeNull();
  });
  it('converts VMS times (100 ns since 1858-11-17)', () => {
    expect(vmsTimeText(35067168000000000n + 10000000n * 1600000000n)).toBe('2020-09-13T12:26:40');
    expect(vmsTimeText(1n << 63n)).toBe('');
  });
});

describe('readelf -d', () => {
  it('says when there is no dynamic section', () => {
    const sink = new CaptureSink();
    expect(runReadelf(['samples/aarch64/hello.o'], { dynamic: true }, sink)).toBe(0);
    expect(sink.stdout.toString('latin1')).toBe('\nThere is no dynamic section in this file.\n');
  });
  it('pads long type names on the right (a negative printf width)', () => {
    const sink = new CaptureSink();
    runReadelf(['samples/crafted/dyntags-generic64.elf'], { dynamic: true }, sink);
    const out = sink.stdout.toString('latin1');
    expect(out).toContain(' 0x000000006000000d (Operating System specific: 6000000d)                0x6\n');
    expect(out).toContain(' 0x000000006ffffdf5 (GNU_PRELINKED)      <corrupt time val: 7fffffffffffffff 0x000000006ffffdf5');
  });
});
