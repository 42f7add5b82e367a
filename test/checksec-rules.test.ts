/**
 * checksec.sh 2.6.0's rules one at a time, on crafted images: each test
 * names the grep or awk in the script whose quirk it pins down.
 */
import { describe, expect, it } from 'vitest';
import { parseElf } from '../src/elf/index.js';
import { GLIBC_CHK_FUNCTIONS } from '../src/checksec/fortify-functions.js';
import { pathField, checksecFile } from '../src/checksec/rules.js';
import { ReadelfText, splitWords } from '../src/checksec/readelf-text.js';
import { runReadelfOn } from './helpers/readelf-run.js';
import { buildDynImage, type DynImageSpec } from './helpers/checksec-images.js';
import { buildElf } from './helpers/elf-builder.js';

const PT_GNU_STACK = 0x6474e551;
const PT_GNU_RELRO = 0x6474e552;
const EM_PPC64 = 21;
const EM_AARCH64 = 183;
const EM_RISCV = 243;
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
  it('readelf -d shows no table (so no BIND_NOW) when the DT_SYMINFO table it loads first is outside the file', () => {
    // process_dynamic_section returns before its display when get_data of
    // the syminfo table fails: DT_SYMINSZ 0x100 at DT_SYMINFO 0x100000.
    const syminfo: [bigint, bigint][] = [[0x6ffffdfen, 0x100n], [0x6ffffeffn, 0x100000n]];
    expect(cs({ bits: 64, segments: [relro], dynamic: [[30n, 8n], ...syminfo] }).relro).toBe('partial');
    expect(cs({ bits: 64, segments: [relro], dynamic: [[30n, 8n], [0x6ffffdfen, 0x100n], [0x6ffffeffn, 0x100n]] }).relro).toBe('full');
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
  it('only a name that holds the word counts: a dynamic string or the middle of a name after it does not', () => {
    // DT_NEEDED's string holds the word in the same string table; no symbol's name does
    expect(cs({ bits: 64, dynsym: [{ name: 'puts' }], dynamic: [[1n, { str: 'lib__stack_chk_fail.so' }]] }).canary).toBe(false);
    // st_name may point into the middle of a string (linkers share suffixes): the name is what follows
    const img = buildDynImage({ bits: 64, dynsym: [{ name: 'puts' }, { name: 'zz__stack_chk_failQ' }] });
    const elf = parseElf(img);
    const dynsym = elf.sectionHeaders.find((h) => h.type === 11)!;
    const at = Number(dynsym.offset) + 2 * 24; // the third entry (after the null one and puts)
    const start = img.readUInt32LE(at);
    const canaryWith = (nameOffset: number) => {
      const copy = Buffer.from(img);
      copy.writeUInt32LE(nameOffset, at);
      const t = new ReadelfText(parseElf(copy)).symbolTables()[0]!;
      return [checksecFile(parseElf(copy)).canary, t.someNameWith(['stack_chk_fail'], (n) => n.includes('__stack_chk_fail'))];
    };
    expect(canaryWith(start)).toEqual([true, true]);
    expect(canaryWith(start + 2)).toEqual([true, true]); // "__stack_chk_failQ"
    expect(canaryWith(start + 3)).toEqual([false, false]); // "_stack_chk_failQ"
    expect(canaryWith(start + 1000)).toEqual([false, false]); // past the table: <corrupt>
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
    const tables = new ReadelfText(elf).symbolTables();
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

describe("the words before a symbol's name are those of readelf's own --dyn-syms line", () => {
  /**
   * checksec's `awk '{print $8}'` counts the words print_dynamic_symbol
   * writes before a name; they come from the readelf names, so they must be
   * the words of `elfaudit readelf --dyn-syms -W`'s line (value and size
   * aside). The expected lines are GNU readelf 2.40's on the same images.
   */
  const cases: { what: string; machine: number; other: number; gnu: string }[] = [
    // get_riscv_symbol_other: VARIANT_CC cleared before the other bits print
    { what: 'RISC-V prints the bits beside VARIANT_CC without it', machine: EM_RISCV, other: 0x84, gnu: 'FUNC    GLOBAL DEFAULT [4]   UND __printf_chk' },
    { what: 'RISC-V VARIANT_CC alone', machine: EM_RISCV, other: 0x80, gnu: 'FUNC    GLOBAL DEFAULT [VARIANT_CC]   UND __printf_chk' },
    // get_ppc64_symbol_other: a local entry field of 7 has no offset
    { what: 'PPC64 local entry 7 is no local entry', machine: EM_PPC64, other: 0xe0, gnu: 'FUNC    GLOBAL DEFAULT [<other>: e0]   UND __printf_chk' },
    { what: 'PPC64 local entry 6', machine: EM_PPC64, other: 0xc0, gnu: 'FUNC    GLOBAL DEFAULT [<localentry>: 64]   UND __printf_chk' },
  ];
  for (const c of cases) {
    it(c.what, () => {
      const image = buildDynImage({ bits: 64, machine: c.machine, dynsym: [{ name: '__printf_chk', other: c.other }] });
      const { stdout } = runReadelfOn(image, { dynSyms: true, wide: true });
      const line = stdout.split('\n').find((l) => l.endsWith(' __printf_chk'))!;
      expect(line.slice(line.indexOf(' 0 ') + 3).trim()).toBe(c.gnu);
      const view = new ReadelfText(parseElf(image));
      const t = view.symbolTables(true)[0]!;
      const words = view.symbolPrefixWords(t, 1);
      expect(words.slice(3)).toEqual(splitWords(c.gnu).slice(0, -1));
      expect(view.prefixWordCount(t, 1)).toBe(words.length);
    });
  }
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
