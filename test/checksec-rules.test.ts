/**
 * checksec.sh 2.6.0's rules one at a time, on crafted images: each test
 * names the grep or awk in the script whose quirk it pins down.
 */
import { describe, expect, it } from 'vitest';
import { parseElf } from '../src/elf/index.js';
import { GLIBC_CHK_FUNCTIONS } from '../src/checksec/fortify-functions.js';
import { pathField, checksecFile } from '../src/checksec/rules.js';
import { printableSectionName, printSymbolName, ReadelfView, symbolIndexName, symbolOtherName } from '../src/checksec/readelf-view.js';
import { buildDynImage, type DynImageSpec } from './helpers/checksec-images.js';
import { buildElf } from './helpers/elf-builder.js';

const PT_GNU_STACK = 0x6474e551;
const PT_GNU_RELRO = 0x6474e552;
const EM_PPC64 = 21;
const EM_AARCH64 = 183;
const cs = (spec: DynImageSpec) => checksecFile(parseElf(buildDynImage(spec)), { extended: true });

describe('the embedded FORTIFY list', () => {
  it("is glibc 2.36's 79 distinct X_chk names", () => {
    expect(GLIBC_CHK_FUNCTIONS).toHaveLength(79);
    expect(new Set(GLIBC_CHK_FUNCTIONS).size).toBe(79);
    for (const n of GLIBC_CHK_FUNCTIONS) expect(n).toMatch(/^[a-z0-9_]+_chk$/);
    expect(GLIBC_CHK_FUNCTIONS).toContain('memcpy_chk');
    expect(GLIBC_CHK_FUNCTIONS).toContain('longjmp_chk');
    expect(GLIBC_CHK_FUNCTIONS).not.toContain('stack_chk_fail');
  });
});

describe("RPATH/RUNPATH: IFS=: read -r -a arr <<< \"$(awk -F'[][]' '/RPATH/ {print $2}')\"", () => {
  it('counts the entries of the first matching line only', () => {
    expect(pathField(['(T) x', '(RPATH) Library rpath: [/a:/b]'], 'RPATH')).toEqual({ present: true, entries: ['/a', '/b'] });
    expect(pathField(['(RPATH) Library rpath: []', '(RPATH) Library rpath: [/a]'], 'RPATH').present).toBe(false);
  });
  it("an empty value is no RPATH, but ':' is one empty entry (bash drops one trailing empty field)", () => {
    expect(pathField(['(RPATH) Library rpath: []'], 'RPATH').present).toBe(false);
    expect(pathField(['(RPATH) Library rpath: [:]'], 'RPATH').entries).toEqual(['']);
    expect(pathField(['(RPATH) Library rpath: [::]'], 'RPATH').entries).toEqual(['', '']);
    expect(pathField(['(RPATH) Library rpath: [a:]'], 'RPATH').entries).toEqual(['a']);
    expect(pathField(['(RPATH) Library rpath: [:a]'], 'RPATH').entries).toEqual(['', 'a']);
  });
  it('RUNPATH lines do not match /RPATH/', () => {
    expect(pathField(['(RUNPATH) Library runpath: [/x]'], 'RPATH').present).toBe(false);
    expect(pathField(['(RUNPATH) Library runpath: [/x]'], 'RUNPATH').present).toBe(true);
  });
  it('a string outside the dynamic string table prints as a number: no RPATH', () => {
    const ok = cs({ bits: 64, dynamic: [[15n, { str: '/opt/lib' }]] });
    expect(ok.rpath).toEqual({ present: true, entries: ['/opt/lib'] });
    expect(cs({ bits: 64, dynamic: [[15n, 0x7fffn]] }).rpath.present).toBe(false);
  });
  it('a NEEDED name containing RPATH is the first matching line', () => {
    const r = cs({ bits: 64, dynamic: [[1n, { str: 'libRPATH.so' }]] });
    expect(r.rpath).toEqual({ present: true, entries: ['libRPATH.so'] });
  });
});

describe("PIE: DYN is 'PIE enabled' when `readelf -d` mentions DEBUG", () => {
  it('by a DT_DEBUG tag', () => {
    expect(cs({ bits: 64, dynamic: [[21n, 0n]] }).pie).toBe('yes');
    expect(cs({ bits: 64, dynamic: [] }).pie).toBe('dso');
  });
  it('or by any string value containing DEBUG', () => {
    expect(cs({ bits: 64, dynamic: [[1n, { str: 'libDEBUG.so.1' }]] }).pie).toBe('yes');
  });
  it('or by DT_PLTREL whose value is the tag number of DEBUG (readelf prints it by name)', () => {
    expect(cs({ bits: 32, dynamic: [[20n, 21n]] }).pie).toBe('yes');
  });
  it('EXEC, REL and anything else', () => {
    expect(cs({ bits: 64, type: 2, dynamic: [] }).pie).toBe('no');
    expect(cs({ bits: 64, type: 1, dynamic: [] }).pie).toBe('rel');
    expect(cs({ bits: 64, type: 4, dynamic: [] }).pie).toBe('not_elf');
  });
});

describe('RELRO: GNU_RELRO in `readelf -l`, then BIND_NOW anywhere in `readelf -d`', () => {
  const relro = { type: PT_GNU_RELRO, flags: 4 };
  it('DT_BIND_NOW, DF_BIND_NOW: full; DF_1_NOW alone: partial', () => {
    expect(cs({ bits: 64, segments: [relro], dynamic: [[24n, 0n]] }).relro).toBe('full');
    expect(cs({ bits: 64, segments: [relro], dynamic: [[30n, 8n]] }).relro).toBe('full');
    expect(cs({ bits: 64, segments: [relro], dynamic: [[0x6ffffffbn, 1n]] }).relro).toBe('partial');
    expect(cs({ bits: 64, dynamic: [[24n, 0n]] }).relro).toBe('no');
  });
  it('a DT_PLTREL of 24 prints as BIND_NOW', () => {
    expect(cs({ bits: 64, segments: [relro], dynamic: [[20n, 24n]] }).relro).toBe('full');
  });
});

describe('NX: GNU_STACK present and none has the flags RWE', () => {
  const stack = (flags: number) => ({ type: PT_GNU_STACK, flags });
  it('R E counts as NX enabled; RWE anywhere disables it; no GNU_STACK disables it', () => {
    expect(cs({ bits: 64, segments: [stack(6)] }).nx).toBe(true);
    expect(cs({ bits: 64, segments: [stack(5)] }).nx).toBe(true);
    expect(cs({ bits: 64, segments: [stack(7), stack(6)] }).nx).toBe(false);
    expect(cs({ bits: 64, segments: [stack(6), stack(7)] }).nx).toBe(false);
    expect(cs({ bits: 64, segments: [] }).nx).toBe(false);
  });
});

describe("canary and symbols: greps over `readelf -s`", () => {
  it('any symbol whose name contains __stack_chk_fail (defined, or in .symtab)', () => {
    expect(cs({ bits: 64, dynsym: [{ name: '__stack_chk_fail' }] }).canary).toBe(true);
    expect(cs({ bits: 64, dynsym: [], symtab: [{ name: '__stack_chk_fail_local', shndx: 1 }] }).canary).toBe(true);
    expect(cs({ bits: 64, dynsym: [{ name: 'my__stack_chk_guard_copy', shndx: 1 }] }).canary).toBe(true);
    expect(cs({ bits: 64, dynsym: [{ name: '__intel_security_cookie' }] }).canary).toBe(true);
    expect(cs({ bits: 64, dynsym: [{ name: 'puts' }] }).canary).toBe(false);
  });
  it("Symbols: a line mentioning '.symtab' — the section's name, not its type", () => {
    const named = cs({ bits: 64, symtab: [{ name: 'a', shndx: 1 }, { name: 'b', shndx: 1 }] });
    expect(named.symbols).toEqual({ present: true, countText: '3' });
    expect(cs({ bits: 64, symtab: [{ name: 'a' }], symtabName: '.mysyms' }).symbols.present).toBe(false);
    expect(cs({ bits: 64, dynsym: [{ name: 'x.symtab' }] }).symbols.present).toBe(true);
  });
  it("a symbol table with sh_entsize 0 prints 'has a sh_entsize of zero!' (a second .dynsym escapes the entsize fix)", () => {
    const img = buildDynImage({ bits: 64, dynsym: [{ name: 'f' }] });
    const elf = parseElf(
      buildElf({
        bits: 64,
        sections: [
          { name: '.dynsym', type: 11, data: Buffer.alloc(48), entsize: 24n },
          { name: '.symtab', type: 11, data: Buffer.alloc(48), entsize: 0n },
        ],
      }),
    );
    const tables = new ReadelfView(elf).symbolTables();
    expect(tables.map((t) => t.headerLine)).toEqual(["Symbol table '.dynsym' contains 2 entries:", "Symbol table '.symtab' has a sh_entsize of zero!"]);
    expect(checksecFile(elf).symbols).toEqual({ present: true, countText: 'a' });
    expect(img.length).toBeGreaterThan(0);
  });
});

describe("FORTIFY: `readelf --dyn-syms | awk '{print $8}'` against the _chk list", () => {
  it('counts fortified names, fortifiable ones, and defined ones too', () => {
    const r = cs({
      bits: 64,
      dynsym: [{ name: '__printf_chk' }, { name: '__memcpy_chk' }, { name: 'memcpy' }, { name: 'strcpy', shndx: 1 }, { name: 'puts' }],
    });
    expect(r.fortify).toEqual({ source: true, fortified: 2, fortifiable: 4 });
  });
  it('Yes for any name ending in _chk, even one glibc does not have', () => {
    expect(cs({ bits: 64, dynsym: [{ name: 'my_own_chk' }] }).fortify).toEqual({ source: true, fortified: 0, fortifiable: 0 });
  });
  it('a PPC64 local-entry annotation shifts $8 off the name', () => {
    const dynsym = [{ name: '__printf_chk', other: 0x60 }, { name: 'printf' }];
    expect(cs({ bits: 64, machine: EM_PPC64, dynsym }).fortify).toEqual({ source: false, fortified: 0, fortifiable: 1 });
    expect(cs({ bits: 64, machine: EM_PPC64, dynsym: [{ name: '__printf_chk' }, { name: 'printf' }] }).fortify).toEqual({
      source: true,
      fortified: 1,
      fortifiable: 2,
    });
    // elsewhere such bits print as "[<other>: 60]", two words: shifted too
    expect(cs({ bits: 64, machine: 62, dynsym }).fortify.fortified).toBe(0);
  });
  it('an AArch64 [VARIANT_PCS] word shifts $8 to the section index', () => {
    expect(cs({ bits: 64, machine: EM_AARCH64, dynsym: [{ name: '__memcpy_chk', other: 0x80 }] }).fortify.fortified).toBe(0);
  });
  it('STT_GNU_IFUNC prints as IFUNC only with OSABI GNU, else as three words', () => {
    const dynsym = [{ name: '__memcpy_chk', type: 10, shndx: 1 }];
    expect(cs({ bits: 64, osabi: 3, dynsym }).fortify.fortified).toBe(1);
    expect(cs({ bits: 64, osabi: 0, dynsym }).fortify.fortified).toBe(0);
  });
});

describe('readelf name printing', () => {
  it('print_symbol: control bytes as ^X, the rest as is', () => {
    expect(printSymbolName('a\tb\x1b')).toBe('a^Ib^[');
    expect(printSymbolName('caf\xe9')).toBe('caf\xe9');
  });
  it('printable_section_name: control bytes as ^X, high bytes as <XX>', () => {
    expect(printableSectionName('.a\x01\xff')).toBe('.a^A<FF>');
  });
  it('symbol index and other words', () => {
    expect(symbolIndexName(0, 62, 0, 10)).toBe('UND');
    expect(symbolIndexName(12, 62, 0, 10)).toBe('bad section index[ 12]');
    expect(symbolIndexName(0xff22, 62, 0, 10)).toBe('OS [0xff22]');
    expect(symbolIndexName(5, 62, 0, 10)).toBe('  5');
    expect(symbolOtherName(0x60, EM_PPC64)).toBe('<localentry>: 8');
    expect(symbolOtherName(0x80, EM_AARCH64)).toBe('VARIANT_PCS');
    expect(symbolOtherName(0x08, 8)).toBe('MIPS PLT');
    expect(symbolOtherName(0x40, 62)).toBe('<other>: 40');
  });
});

describe('--extended', () => {
  it('SafeStack from __safestack_init, Clang CFI from a .cfi symbol whose stem exists', () => {
    expect(cs({ bits: 64, dynsym: [{ name: '__safestack_init' }] }).extended.safeStack).toBe(true);
    const cfi = cs({ bits: 64, dynsym: [], symtab: [{ name: 'f.cfi', shndx: 1 }, { name: 'f', shndx: 1 }] });
    expect(cfi.extended.clangCfi).toBe(true);
    expect(cs({ bits: 64, dynsym: [{ name: 'puts' }] }).extended).toEqual({ selfrando: false, clangCfi: false, safeStack: false });
    // grep .cfi is a regex on the whole line: the space before a name starting with "cfi" matches,
    // and the name then ends its own line (libc's debug file has such a `cfile`)
    expect(cs({ bits: 64, dynsym: [], symtab: [{ name: 'cfile', shndx: 1 }] }).extended.clangCfi).toBe(true);
  });
  it("SELFRANDO: the count of 'txtrp' section lines contains a 1", () => {
    const r = cs({ bits: 64, sections: [{ name: '.txtrp', type: 1 }] });
    expect(r.extended.selfrando).toBe(true);
  });
});
