import { ELFOSABI, SHT } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { SILENT } from '../readelf/diagnostics.js';
import { dynamicValueText } from '../readelf/dynamic.js';
import { dynamicTypeName } from '../readelf/dynamic-tags.js';
import type { Filedata } from '../readelf/filedata.js';
import { loadFiledata } from '../readelf/load.js';
import { printSymbol } from '../readelf/print-symbol.js';
import * as names from '../readelf/symbol-names.js';
import type { SymbolColumns } from '../elf/symbol-columns.js';
import { getElfSymbols, namedAfterSection, sectionSymbolName, symbolStrings, type LoadedSymbols } from '../readelf/symbol-table.js';

/**
 * The text of GNU readelf 2.40's `-l`, `-d`, `-sW`, `--dyn-syms -W` and
 * `-S` that checksec.sh 2.6.0 greps, as far as its greps and awks can see
 * it. checksec.sh decides everything from readelf's text, so the tables
 * come from readelf's own loaders (src/readelf/load.ts, run silently: the
 * same checks, CHECK_ENTSIZE fixes, extended numbering and dynamic-section
 * location as `elfaudit readelf`), and the lines from readelf's own
 * formatters where checksec looks at whole lines. What is left here is the
 * emulation of checksec's greps and awks over that text: symbol lines are
 * made only when a word could be in them, and awk's `$8` is found by
 * counting the words before a symbol's name.
 */
export class ReadelfText {
  readonly fd: Filedata;
  /** e_machine, EI_OSABI, e_type and e_shnum as the symbol names use them. */
  private readonly ctx: names.SymbolNameContext;
  private symtabs: readonly ReadelfSymbolTable[] | undefined;
  /** Word counts of the type and binding names by value, each made on first use (0: not yet). */
  private readonly typeWords = new Uint8Array(16);
  private readonly bindWords = new Uint8Array(16);
  /** Words of `[<other>]` per st_other value, of the Ndx column per unusual index. */
  private readonly otherWords = new Map<number, number>();
  private readonly indexWords = new Map<number, number>();
  /** awkField8 of a symbol whose eighth word is not its name, by st_info, st_other and st_shndx. */
  private readonly field8Words = new Map<number, string>();

  constructor(file: ElfFile) {
    this.fd = loadFiledata(file.reader, SILENT);
    const h = this.fd.header;
    this.ctx = { machine: h.machine, osabi: h.ident.osabi, type: h.type, shnum: this.fd.shnum };
  }

  /** e_type. */
  get type(): number {
    return this.fd.header.type;
  }

  /** p_type and p_flags of the segments `readelf -l` lists (none when it lists none). */
  segments(): { readonly type: number; readonly flags: number }[] {
    const phdrs = this.fd.phnum === 0 ? null : this.fd.phdrs;
    const out: { type: number; flags: number }[] = [];
    if (phdrs !== null) for (let i = 0; i < phdrs.count; i++) out.push({ type: phdrs.type(i), flags: phdrs.flags(i) });
    return out;
  }

  /**
   * The lines of `readelf -d` (none when it shows no dynamic table), each
   * without the parts no grep of checksec's can match: an entry's line is
   * ` 0x<d_tag> (<type>)<padding><value>`, and the lowercase hex number,
   * the padding and the two heading lines hold none of the words checksec
   * looks for (BIND_NOW, DEBUG, RPATH, RUNPATH) and no bracket, so
   * `(<type>) <value>` matches every word and `[...]` field the whole line
   * does.
   */
  dynamicLines(): string[] {
    const fd = this.fd;
    // process_dynamic_section shows the table only when its loading went
    // through to the end (a syminfo table it cannot read stops it first).
    if (fd.dynamicSize <= 1n || !fd.dynamicInfoComplete) return [];
    const dyn = fd.dynamicSection!;
    const { machine, osabi } = this.ctx;
    // One text split at its newlines, as grep and awk see it: a name may
    // hold a newline, and a corrupt DT_GNU_PRELINKED time has none.
    let text = '';
    for (let i = 0; i < dyn.count; i++) {
      const e = dyn.at(i);
      text += `(${dynamicTypeName(e.tag, machine, osabi)}) ${dynamicValueText(fd, dyn.tag32(i), e.value)}`;
    }
    return text.split('\n');
  }

  /** The printed names of the sections `readelf -S` lists. */
  sectionNames(): string[] {
    const fd = this.fd;
    const secs = fd.sections;
    const out: string[] = [];
    if (secs !== null) for (let i = 0; i < Math.min(fd.shnum, secs.count); i++) out.push(fd.printableSectionNameAt(secs.name(i)));
    return out;
  }

  /**
   * The tables `readelf -sW` prints (`dynOnly`: `--dyn-syms`), in section
   * order; none when there are no section headers.
   */
  symbolTables(dynOnly = false): readonly ReadelfSymbolTable[] {
    const all = this.allSymbolTables();
    return dynOnly ? all.filter((t) => t.dynsym) : all;
  }

  private allSymbolTables(): readonly ReadelfSymbolTable[] {
    if (this.symtabs !== undefined) return this.symtabs;
    const fd = this.fd;
    const out: ReadelfSymbolTable[] = [];
    const secs = fd.sections;
    const n = secs === null ? 0 : Math.min(fd.shnum, secs.count);
    for (let i = 0; i < n; i++) {
      const type = secs!.type(i);
      if (type !== SHT.SYMTAB && type !== SHT.DYNSYM) continue;
      const sec = secs!.at(i);
      const dynsym = type === SHT.DYNSYM;
      const name = fd.printableSectionNameAt(sec.name);
      const entsize = fd.entsize(sec);
      if (entsize === 0n) {
        out.push(new ReadelfSymbolTable(fd, dynsym, `Symbol table '${name}' has a sh_entsize of zero!`, false, null, null));
        continue;
      }
      const num = sec.size / entsize;
      const headerLine = `Symbol table '${name}' contains ${num} ${num === 1n ? 'entry' : 'entries'}:`;
      const syms = getElfSymbols(fd, sec, false);
      out.push(new ReadelfSymbolTable(fd, dynsym, headerLine, true, syms, syms === null ? null : symbolStrings(fd, sec)));
    }
    this.symtabs = out;
    return out;
  }

  /**
   * The words print_dynamic_symbol writes before the name of symbol `i`:
   * `%6d:`, value, size, type, binding, visibility, `[other]`, index. Only
   * their number and text matter to checksec's `awk '{print $8}'`.
   */
  symbolPrefixWords(t: ReadelfSymbolTable, i: number): string[] {
    const { cols, shndx } = t.syms!;
    const info = cols.info[i]!;
    const other = cols.other[i]!;
    const ctx = this.ctx;
    let text = `${i}: VALUE SIZE ${names.symbolTypeName(info & 0xf, ctx.machine, ctx.osabi)} ${names.symbolBindingName(info >> 4, ctx.osabi)} `;
    if (ctx.osabi === ELFOSABI.SOLARIS) {
      text += names.solarisSymbolVisibilityName(other, SILENT);
    } else {
      const vis = other & 3;
      text += names.symbolVisibilityName(vis, SILENT);
      if ((other ^ vis) !== 0) text += ` [${names.symbolOtherName(other ^ vis, ctx, SILENT)}]`;
    }
    return splitWords(`${text} ${names.symbolIndexName(shndx[i]!, ctx)}`);
  }

  /** How many words precede symbol `i`'s name; the common cases without building strings. */
  prefixWordCount(t: ReadelfSymbolTable, i: number): number {
    const ctx = this.ctx;
    const { cols, shndx } = t.syms!;
    const info = cols.info[i]!;
    const other = cols.other[i]!;
    const index = shndx[i]!;
    const type = info & 0xf;
    const bind = info >> 4;
    let typeWords = this.typeWords[type]!;
    if (typeWords === 0) this.typeWords[type] = typeWords = splitWords(names.symbolTypeName(type, ctx.machine, ctx.osabi)).length;
    let bindWords = this.bindWords[bind]!;
    if (bindWords === 0) this.bindWords[bind] = bindWords = splitWords(names.symbolBindingName(bind, ctx.osabi)).length;
    // the number, value and size; type and binding; the visibility (one word)
    let k = 3 + typeWords + bindWords + 1;
    const rest = other & ~3;
    if (ctx.osabi !== ELFOSABI.SOLARIS && rest !== 0) {
      let n = this.otherWords.get(rest);
      if (n === undefined) this.otherWords.set(rest, (n = splitWords(`[${names.symbolOtherName(rest, ctx, SILENT)}]`).length));
      k += n;
    }
    if (names.isPlainSectionIndex(index, ctx.shnum)) {
      k += 1; // UND or a section number
    } else {
      let n = this.indexWords.get(index);
      if (n === undefined) this.indexWords.set(index, (n = splitWords(names.symbolIndexName(index, ctx)).length));
      k += n;
    }
    return k;
  }

  /**
   * `awk '{ print $8 }'` of symbol `i`'s line: the eighth whitespace-separated
   * word, counting the words before the name. Usually the name's first word;
   * an extra `[<other>]` or a multi-word type shifts it.
   */
  awkField8(t: ReadelfSymbolTable, i: number): string {
    const k = this.prefixWordCount(t, i);
    if (k >= 8) {
      // a word of the type, binding, visibility, [other] or index names: the
      // same for every symbol with these st_info, st_other and st_shndx
      // (PPC64's `[<localentry>: 8]` on most of a library's symbols)
      const { cols, shndx } = t.syms!;
      const key = cols.info[i]! | (cols.other[i]! << 8) | (shndx[i]! * 0x10000);
      let word = this.field8Words.get(key);
      if (word === undefined) this.field8Words.set(key, (word = this.symbolPrefixWords(t, i)[7]!));
      return word;
    }
    return nthWord(t.printedName(i), 7 - k);
  }
}

/**
 * One SHT_SYMTAB/SHT_DYNSYM table as `readelf -sW` lists it. Symbols stay
 * in get_elf_symbols' columns and their printed names are made on demand:
 * most checks only need to know that no name can contain a word
 * (rawMayContain), and unstripped binaries have tens of thousands of names.
 */
export class ReadelfSymbolTable {
  /** The section name table, when some unnamed STT_SECTION symbol prints a section's name. */
  private readonly sectionNames: Buffer | null;

  constructor(
    private readonly fd: Filedata,
    readonly dynsym: boolean,
    /** The table's first line, e.g. `Symbol table '.symtab' contains 36 entries:`. */
    readonly headerLine: string,
    /** The `Num: Value ...` column header follows (not after "has a sh_entsize of zero!"). */
    readonly columns: boolean,
    /** The symbols readelf prints (none when it could not load them). */
    readonly syms: LoadedSymbols<SymbolColumns> | null,
    private readonly strtab: Buffer | null,
  ) {
    let borrowed = false;
    for (let i = 0; i < this.count && !borrowed; i++) borrowed = this.namedAfterSection(i);
    this.sectionNames = borrowed ? fd.stringTable : null;
  }

  get count(): number {
    return this.syms?.cols.count ?? 0;
  }

  private namedAfterSection(i: number): boolean {
    const { cols, shndx } = this.syms!;
    return namedAfterSection(this.fd, cols.info[i]!, shndx[i]!, cols.name[i]!);
  }

  /** False only when no printed name can contain `word` (a string of printable ASCII). */
  rawMayContain(word: string): boolean {
    if (this.count === 0) return false;
    return (this.strtab?.includes(word, 0, 'latin1') ?? false) || (this.sectionNames?.includes(word, 0, 'latin1') ?? false);
  }

  /**
   * Whether the printed name of some symbol passes `test` (which can only
   * pass a name holding one of `words`), printing only the names that can
   * hold one: `words` are printable ASCII, which print_symbol copies as it
   * is (rawMayContain), so a name read from the string table can hold a
   * word only when its bytes, from its offset to the next NUL, do. Those
   * are the names at offsets from the start of such a string up to the
   * word; a symbol that borrows its section's name is always tried.
   */
  someNameWith(words: readonly string[], test: (printedName: string) => boolean): boolean {
    if (this.count === 0) return false;
    const t = this.strtab;
    const from: number[] = [];
    const to: number[] = [];
    if (t !== null) {
      for (const w of words) {
        for (let p = t.indexOf(w, 0, 'latin1'); p >= 0; p = t.indexOf(w, p + 1, 'latin1')) {
          from.push(t.lastIndexOf(0, p) + 1);
          to.push(p);
        }
      }
    }
    if (from.length === 0 && this.sectionNames === null) return false;
    const names = this.syms!.cols.name;
    for (let i = 0; i < this.count; i++) {
      // only a table with a borrowing symbol keeps sectionNames
      let may = this.sectionNames !== null && this.namedAfterSection(i);
      const off = names[i]!;
      for (let k = 0; k < from.length && !may; k++) may = off >= from[k]! && off <= to[k]!;
      if (may && test(this.printedName(i))) return true;
    }
    return false;
  }

  /**
   * The first word of symbol `i`'s printed name as a byte range of the
   * string table, when printing leaves those bytes unchanged (no control
   * bytes, not a section symbol's borrowed name); otherwise null.
   */
  rawFirstWord(i: number): { readonly bytes: Buffer; readonly start: number; readonly end: number } | null {
    const off = this.syms!.cols.name[i]!;
    const t = this.strtab;
    if (t === null || off >= t.length || this.namedAfterSection(i)) return null;
    let p = off;
    while (t[p] === 0x20) p++;
    const start = p;
    for (; p < t.length; p++) {
      const b = t[p]!;
      if (b === 0 || b === 0x20) break;
      if (b < 0x20 || b === 0x7f) return null;
    }
    return { bytes: t, start, end: p };
  }

  /** Symbol `i`'s name as print_dynamic_symbol prints it under -W (without a version). */
  printedName(i: number): string {
    const off = this.syms!.cols.name[i]!;
    const t = this.strtab;
    let name: string;
    if (this.namedAfterSection(i)) {
      name = sectionSymbolName(this.fd, this.syms!.shndx[i]!);
    } else if (t !== null && off < t.length) {
      const end = t.indexOf(0, off);
      name = t.toString('latin1', off, end < 0 ? t.length : end);
    } else {
      name = '<corrupt>';
    }
    return printSymbol(21, name, true);
  }
}

/** awk's default field splitting: runs of blanks, tabs and newlines; leading ones ignored. */
export function splitWords(line: string): string[] {
  return line.split(/[ \t\n]+/).filter((w) => w !== '');
}

/** splitWords(s)[n] ?? '', without splitting the whole string. */
export function nthWord(s: string, n: number): string {
  let i = 0;
  const blank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a;
  for (let w = 0; ; w++) {
    while (i < s.length && blank(s.charCodeAt(i))) i++;
    if (i >= s.length) return '';
    const start = i;
    while (i < s.length && !blank(s.charCodeAt(i))) i++;
    if (w === n) return s.slice(start, i);
  }
}
