/**
 * The pieces of `readelf --dyn-syms` (the goldens check the whole view):
 * print_symbol's cutting and escaping, the st_info / st_other / st_shndx
 * names, and the symbol columns with values and sizes.
 */
import { describe, expect, it } from 'vitest';
import { decodeSymbolTableColumns } from '../src/elf/symbol-columns.js';
import { openElf, SHT } from '../src/elf/index.js';
import { SinkDiagnostics } from '../src/readelf/diagnostics.js';
import { printSymbol } from '../src/readelf/print-symbol.js';
import { CaptureSink } from '../src/readelf/sink.js';
import {
  internalSectionIndex,
  solarisSymbolVisibilityName,
  symbolBindingName,
  symbolIndexName,
  symbolOtherName,
  symbolTypeName,
  type SymbolNameContext,
} from '../src/readelf/symbol-names.js';

describe('printSymbol (print_symbol)', () => {
  it('prints a name that fits as it is, and cuts a longer one to width - 5 plus [...]', () => {
    expect(printSymbol(21, 'puts', false)).toBe('puts');
    expect(printSymbol(21, 'x'.repeat(21), false)).toBe('x'.repeat(21));
    expect(printSymbol(21, 'x'.repeat(22), false)).toBe('x'.repeat(16) + '[...]');
    expect(printSymbol(5, 'abcdef', false)).toBe('[...]');
    expect(printSymbol(3, 'abcdef', false)).toBe('[...]');
  });
  it('prints everything with -W, nothing for width 0, and pads a negative width', () => {
    expect(printSymbol(21, 'y'.repeat(40), true)).toBe('y'.repeat(40));
    expect(printSymbol(0, 'name', false)).toBe('');
    expect(printSymbol(-10, 'name', false)).toBe('name      ');
    expect(printSymbol(-6, 'long_name', false)).toBe('l[...]');
  });
  it('escapes control bytes and DEL as ^X (two columns), copies bytes from 0x80 on', () => {
    expect(printSymbol(21, 'a\x01b\x1f', false)).toBe('a^Ab^_');
    expect(printSymbol(21, 'd\x7f', false)).toBe('d^\xbf');
    expect(printSymbol(21, 'caf\xe9\xff', false)).toBe('caf\xe9\xff');
    // the cut counts bytes, the budget counts columns: a control byte that no longer fits ends the name
    expect(printSymbol(21, 'fifteen_chars__\x01', false)).toBe('fifteen_chars__^A');
    expect(printSymbol(16, 'sixteen_chars_\x01x', false)).toBe('sixteen_chars_^A');
    expect(printSymbol(17, 'sixteen_chars___\x01', false)).toBe('sixteen_chars___');
    expect(printSymbol(21, 'stops\0here', false)).toBe('stops');
  });
});

const ctx = (machine: number, osabi = 0, type = 3, shnum = 30): SymbolNameContext => ({ machine, osabi, type, shnum });

describe('symbol names', () => {
  it('types and bindings depend on the machine and OSABI', () => {
    expect(symbolTypeName(2, 62, 0)).toBe('FUNC');
    expect(symbolTypeName(8, 62, 0)).toBe('RELC');
    expect(symbolTypeName(7, 62, 0)).toBe('<unknown>: 7');
    expect(symbolTypeName(10, 62, 0)).toBe('<OS specific>: 10');
    expect(symbolTypeName(10, 62, 3)).toBe('IFUNC');
    expect(symbolTypeName(10, 3, 9)).toBe('IFUNC');
    expect(symbolTypeName(13, 40, 0)).toBe('THUMB_FUNC');
    expect(symbolTypeName(13, 43, 0)).toBe('REGISTER');
    expect(symbolTypeName(13, 62, 0)).toBe('<processor specific>: 13');
    expect(symbolTypeName(11, 15, 0)).toBe('HP_OPAQUE');
    expect(symbolBindingName(10, 3)).toBe('UNIQUE');
    expect(symbolBindingName(10, 0)).toBe('<OS specific>: 10');
    expect(symbolBindingName(14, 0)).toBe('<processor specific>: 14');
    expect(symbolBindingName(5, 0)).toBe('<unknown>: 5');
  });
  it('st_other above the visibility, per machine', () => {
    const sink = new CaptureSink();
    const diag = new SinkDiagnostics(sink);
    expect(symbolOtherName(0x80, ctx(183), diag)).toBe('VARIANT_PCS');
    expect(symbolOtherName(0x90, ctx(183), diag)).toBe('VARIANT_PCS | 10');
    expect(symbolOtherName(0x40, ctx(183), diag)).toBe('<other>: 40');
    expect(symbolOtherName(0x60, ctx(21), diag)).toBe('<localentry>: 8');
    expect(symbolOtherName(0x20, ctx(21), diag)).toBe('<localentry>: 1');
    expect(symbolOtherName(0xe0, ctx(21), diag)).toBe('<other>: e0');
    expect(symbolOtherName(0x80, ctx(243), diag)).toBe('VARIANT_CC');
    expect(symbolOtherName(0x84, ctx(243), diag)).toBe('4');
    expect(symbolOtherName(0xa0, ctx(8), diag)).toBe('MICROMIPS, MIPS PIC');
    expect(symbolOtherName(0xf0, ctx(8), diag)).toBe('MIPS16');
    expect(symbolOtherName(0xd0, ctx(50, 13, 3), diag)).toBe('VEC LNK');
    expect(symbolOtherName(0xd0, ctx(50, 13, 1), diag)).toBe('LNK');
    expect(symbolOtherName(0x88, ctx(0x9026), diag)).toBe('STD GPLOAD');
    expect(sink.stderr.toString()).toBe('');
    expect(symbolOtherName(0x40, ctx(0x9026), diag)).toBe('<unknown>');
    expect(solarisSymbolVisibilityName(5, diag)).toBe('SINGLETON');
    expect(solarisSymbolVisibilityName(0x10, diag)).toBe('<unknown>');
    expect(sink.stderr.toString()).toBe(
      'readelf: Error: Unrecognized alpha specific other value: 64\nreadelf: Error: Unrecognized visibility value: 16\n',
    );
  });
  it('section indices as readelf holds them', () => {
    const c = ctx(62);
    expect(symbolIndexName(0, c)).toBe('UND');
    expect(symbolIndexName(7, c)).toBe('  7');
    expect(symbolIndexName(30, c)).toBe('bad section index[ 30]');
    expect(symbolIndexName(30, ctx(62, 0, 3, 0))).toBe(' 30');
    expect(symbolIndexName(internalSectionIndex(0xfff1), c)).toBe('ABS');
    expect(symbolIndexName(internalSectionIndex(0xfff2), c)).toBe('COM');
    expect(symbolIndexName(internalSectionIndex(0xff02), c)).toBe('LARGE_COM');
    expect(symbolIndexName(internalSectionIndex(0xff02), ctx(3))).toBe('PRC[0xff02]');
    expect(symbolIndexName(internalSectionIndex(0xff03), ctx(8))).toBe('SCOM');
    expect(symbolIndexName(internalSectionIndex(0xff04), ctx(8))).toBe('SUND');
    expect(symbolIndexName(internalSectionIndex(0xff00), ctx(50, 1))).toBe('ANSI_COM');
    expect(symbolIndexName(internalSectionIndex(0xff25), c)).toBe('OS [0xff25]');
    expect(symbolIndexName(internalSectionIndex(0xffff), c)).toBe('RSV[0xffff]');
    // SHT_SYMTAB_SHNDX values are not widened: 0xff05 is an ordinary (bad) number there
    expect(symbolIndexName(0xff05, c)).toBe('bad section index[65285]');
    expect(symbolIndexName(0x80000000, c)).toBe('bad section index[-2147483648]');
  });
});

describe('decodeSymbolTableColumns', () => {
  it('agrees with decodeSymbols, values and sizes included', () => {
    for (const p of ['samples/x86_64/libdemo.so', 'samples/mips/hello-nopie', 'samples/crafted/dynsym-versions64.elf']) {
      const f = openElf(p);
      for (const sec of f.sectionHeaders.filter((s) => s.type === SHT.SYMTAB || s.type === SHT.DYNSYM)) {
        const full = f.symbols(sec);
        const cols = decodeSymbolTableColumns(f.reader.decoder, f.sectionData(sec), Number(sec.entsize));
        expect(cols.count).toBe(full.length);
        full.forEach((s, i) => {
          const value = (BigInt(cols.valueHigh[i]!) << 32n) | BigInt(cols.valueLow[i]!);
          const size = (BigInt(cols.sizeHigh[i]!) << 32n) | BigInt(cols.sizeLow[i]!);
          expect([cols.name[i], cols.info[i], cols.other[i], cols.shndx[i], value, size]).toEqual([
            s.nameOffset,
            s.info,
            s.other,
            s.shndx,
            s.value,
            s.size,
          ]);
        });
      }
      f.close();
    }
  });
});
