import { pushAll } from '../util/arrays.js';
import { DT, EM, PT, SHT, STRUCT_SIZE } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { isElfFormatError } from '../elf/errors.js';
import { onSystemError } from '../io/errno.js';
import { decodeSymbolColumns, type SymbolColumns } from '../elf/symbol-columns.js';
import type { DynamicEntry, ProgramHeader, SectionHeader } from '../elf/types.js';

/**
 * What GNU readelf 2.40 prints for `-l`, `-d`, `-s`, `--dyn-syms` and `-S`,
 * reduced to the facts checksec.sh 2.6.0 greps for. checksec.sh decides
 * everything from readelf's text, so matching it on damaged or unusual files
 * means loading tables the way readelf.c does (binutils 2.40, line numbers
 * below), not the way the kernel or elfaudit's own ElfFile does:
 *
 * - program headers (get_program_headers, l.6021): refused when
 *   e_phnum * sizeof(Phdr) >= file size, e_phentsize is 0 or too small, or
 *   the table runs past the end; entries are read at the natural stride even
 *   when e_phentsize is larger;
 * - section headers (get_section_headers, l.6552): the same checks, natural
 *   stride; the name table only when e_shstrndx is in range and non-empty;
 * - symbol tables (process_section_headers, l.7161; get_elf_symbols): the
 *   first SHT_DYNSYM and every SHT_SYMTAB get sh_entsize forced to the
 *   natural size (CHECK_ENTSIZE); a table is skipped when its size is 0,
 *   sh_entsize is 0 or larger than sh_size, sh_size exceeds the file, or its
 *   bytes are not all in the file;
 * - the dynamic table (process_program_headers, l.6256): the LAST PT_DYNAMIC,
 *   replaced by the `.dynamic` section when there is one; dynamic strings
 *   from the first `.dynstr` section, else DT_STRTAB/DT_STRSZ mapped through
 *   the PT_LOADs (offset_from_vma, l.6379).
 *
 * All reads go through the ElfFile's reader; nothing here throws for a
 * damaged file — a table readelf could not load is simply absent.
 */

const U64 = (1n << 64n) - 1n;

/** rawMayContain's words as bytes, made once. */
const NEEDLES = new Map<string, Buffer>();

/**
 * One SHT_SYMTAB/SHT_DYNSYM table as `readelf -sW` lists it. Symbols are
 * kept in columns and their printed names made on demand: most checks only
 * need to know that no name can contain a word (rawMayContain), and
 * unstripped binaries have tens of thousands of names.
 */
export class GnuSymbolTable {
  constructor(
    readonly sectionIndex: number,
    readonly dynsym: boolean,
    /** printable_section_name of the table. */
    readonly printableName: string,
    /** The table's first line, e.g. `Symbol table '.symtab' contains 36 entries:`. */
    readonly headerLine: string,
    /** The `Num: Value ...` column header follows (not after "has a sh_entsize of zero!"). */
    readonly columns: boolean,
    /** The symbols readelf prints (none when it could not load them). */
    readonly syms: SymbolColumns | null,
    private readonly strtab: Buffer | null,
    /** For unnamed STT_SECTION symbols: undefined when readelf would not use a section name, null for "<corrupt>". */
    private readonly sectionName: (shndx: number) => string | null | undefined,
    private readonly sectionNames: Buffer | null,
  ) {}

  get count(): number {
    return this.syms?.count ?? 0;
  }

  /** False only when no printed name can contain `word` (a string of printable ASCII). */
  rawMayContain(word: string): boolean {
    if (this.count === 0) return false;
    let needle = NEEDLES.get(word);
    if (needle === undefined) NEEDLES.set(word, (needle = Buffer.from(word, 'latin1')));
    return (this.strtab?.includes(needle) ?? false) || (this.sectionNames?.includes(needle) ?? false);
  }

  /**
   * The first word of symbol `i`'s printed name as a byte range of the
   * string table, when printing leaves those bytes unchanged (no control
   * bytes, not a section symbol's borrowed name); otherwise null.
   */
  rawFirstWord(i: number): { readonly bytes: Buffer; readonly start: number; readonly end: number } | null {
    const c = this.syms!;
    const off = c.name[i]!;
    const t = this.strtab;
    if (t === null || off >= t.length) return null;
    if ((c.info[i]! & 0xf) === 3 && off === 0 && this.sectionName(c.shndx[i]!) !== undefined) return null;
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

  /** The name as readelf prints it (print_symbol), for symbol `i`. */
  printedName(i: number): string {
    const c = this.syms!;
    const off = c.name[i]!;
    const shndx = c.shndx[i]!;
    let name: string;
    const sec = (c.info[i]! & 0xf) === 3 /* STT_SECTION */ && off === 0 ? this.sectionName(shndx) : undefined;
    if (sec !== undefined) {
      name = sec ?? '<corrupt>';
    } else if (this.strtab !== null && off < this.strtab.length) {
      const end = this.strtab.indexOf(0, off);
      name = this.strtab.toString('latin1', off, end < 0 ? this.strtab.length : end);
    } else {
      name = '<corrupt>';
    }
    return printSymbolName(name);
  }
}

/** readelf's `-l` data for one segment: just what checksec reads. */
export interface GnuSegment {
  readonly index: number;
  readonly type: number;
  readonly flags: number;
}

export class ReadelfView {
  readonly type: number;
  readonly machine: number;
  readonly osabi: number;
  private readonly size: bigint;
  private readonly natural: { readonly phdr: number; readonly shdr: number; readonly sym: number; readonly dyn: number };
  private readonly phnum: number;
  private readonly shnum: number;
  private readonly shstrndx: number;

  private phdrs: readonly ProgramHeader[] | null | undefined;
  private sectionsLoaded = false;
  private sections: SectionHeader[] | null = null;
  private stringTable: Buffer | null = null;
  /** sh_entsize after CHECK_ENTSIZE. */
  private readonly entsize = new Map<number, bigint>();
  private dynstrFromSection: Buffer | null = null;
  private dynEntries: readonly DynamicEntry[] | null | undefined;
  private dynStrings: Buffer | null | undefined;
  private symtabs: readonly GnuSymbolTable[] | undefined;

  constructor(private readonly file: ElfFile) {
    const h = file.header;
    this.type = h.type;
    this.machine = h.machine;
    this.osabi = h.ident.osabi;
    this.size = file.size;
    this.natural = STRUCT_SIZE[h.bits];
    let counts = { phnum: h.phnum, shnum: h.shnum, shstrndx: h.shstrndx };
    try {
      counts = { ...file.counts };
    } catch (e) {
      unreadable(e); // section 0 unreadable: readelf's probe fails quietly and keeps the header's counts
    }
    this.phnum = counts.phnum;
    this.shnum = counts.shnum;
    this.shstrndx = counts.shstrndx;
  }

  private get reader() {
    return this.file.reader;
  }

  /** get_data's range check: `size` bytes at `offset` are in the file (size 0 fails, as in GNU). */
  private canRead(offset: bigint, size: bigint): boolean {
    if (size === 0n || size + 1n > U64) return false;
    return offset <= this.size && size <= this.size - offset;
  }

  /** Ranges already read (readelf reads `.dynstr` twice, for instance). */
  private readonly reads = new Map<string, Buffer | null>();

  private read(offset: bigint, size: bigint): Buffer | null {
    if (!this.canRead(offset, size)) return null;
    const key = `${offset}:${size}`;
    let buf = this.reads.get(key);
    if (buf === undefined) {
      try {
        buf = this.reader.readRange(offset, size, 'data');
      } catch (e) {
        buf = unreadable(e);
      }
      this.reads.set(key, buf);
    }
    return buf;
  }

  /** get_program_headers; null when readelf would print no program headers. */
  programHeaders(): readonly ProgramHeader[] | null {
    if (this.phdrs === undefined) {
      this.phdrs = null;
      const num = this.phnum;
      const size = this.file.header.phentsize;
      const natural = this.natural.phdr;
      if (num !== 0 && BigInt(num) * BigInt(natural) < this.size && size >= natural) {
        if (this.canRead(this.file.header.phoff, BigInt(size) * BigInt(num))) {
          try {
            this.phdrs = this.reader.programHeaders(this.file.header.phoff, num, natural);
          } catch (e) {
            this.phdrs = unreadable(e);
          }
        }
      }
    }
    return this.phdrs;
  }

  /** The segments `readelf -l` lists (empty when it lists none). */
  segments(): GnuSegment[] {
    return (this.programHeaders() ?? []).map((p) => ({ index: p.index, type: p.type, flags: p.flags }));
  }

  /** process_section_headers: section headers, name table, entsize fixes, `.dynstr`. */
  private loadSections(): void {
    if (this.sectionsLoaded) return;
    this.sectionsLoaded = true;
    const h = this.file.header;
    const num = this.shnum;
    const size = h.shentsize;
    if (num === 0 || size === 0 || h.shoff === 0n || size < this.natural.shdr) return;
    if (!this.canRead(h.shoff, BigInt(size) * BigInt(num))) return;
    // one read for the table and the name table linkers put just before it
    this.reader.prefetchSectionTable();
    try {
      this.sections = this.reader.sectionHeaders(h.shoff, num, this.natural.shdr);
    } catch (e) {
      unreadable(e);
      return;
    }
    const secs = this.sections;
    if (this.shstrndx !== 0 && this.shstrndx < num) {
      const s = secs[this.shstrndx]!;
      if (s.size !== 0n) this.stringTable = this.read(s.offset, s.size);
    }
    let dynsymLoaded = false;
    for (const s of secs) {
      if (s.type === SHT.DYNSYM) {
        if (dynsymLoaded) continue; // "File contains multiple dynamic symbol tables": no CHECK_ENTSIZE
        this.checkEntsize(s);
        dynsymLoaded = this.symbolsLoadable(s, s.index);
      } else if (s.type === SHT.SYMTAB) {
        this.checkEntsize(s);
      } else if (s.type === SHT.STRTAB && this.dynstrFromSection === null && this.sectionNameRaw(s) === '.dynstr') {
        this.dynstrFromSection = this.read(s.offset, s.size);
      }
    }
  }

  private checkEntsize(s: SectionHeader): void {
    const want = BigInt(this.natural.sym);
    if (s.entsize !== want) this.entsize.set(s.index, want);
  }

  private entsizeOf(s: SectionHeader): bigint {
    return this.entsize.get(s.index) ?? s.entsize;
  }

  /** section_name_print: the raw name, or readelf's placeholder. */
  private sectionNameRaw(s: SectionHeader | undefined): string {
    if (s === undefined) return '<none>';
    if (this.stringTable === null) return '<no-strings>';
    if (s.name >= this.stringTable.length) return '<corrupt>';
    const end = this.stringTable.indexOf(0, s.name);
    return this.stringTable.toString('latin1', s.name, end < 0 ? this.stringTable.length : end);
  }

  private sectionNameValid(s: SectionHeader): boolean {
    return this.stringTable !== null && s.name < this.stringTable.length;
  }

  /** find_section: the first section whose valid name is `name`. */
  private findSection(name: string): SectionHeader | undefined {
    return this.sections?.find((s) => this.sectionNameValid(s) && this.sectionNameRaw(s) === name);
  }

  /** printable_section_name of a section. */
  printableSectionName(s: SectionHeader): string {
    return printableSectionName(this.sectionNameRaw(s));
  }

  /** Section headers as readelf loaded them (null when it could not). */
  sectionHeaders(): readonly SectionHeader[] | null {
    this.loadSections();
    return this.sections;
  }

  /**
   * get_elf_symbols' checks, including the SHT_SYMTAB_SHNDX tables linked to
   * the section among the first `shndxBefore` sections.
   */
  private symbolsLoadable(s: SectionHeader, shndxBefore: number): boolean {
    const entsize = this.entsizeOf(s);
    if (s.size === 0n || entsize === 0n || entsize > s.size || s.size > this.size) return false;
    const number = s.size / entsize;
    if (number * BigInt(this.natural.sym) > s.size + 1n) return false;
    if (!this.canRead(s.offset, s.size)) return false;
    for (const x of this.sections ?? []) {
      if (x.index >= shndxBefore) break;
      if (x.type !== SHT.SYMTAB_SHNDX || x.link !== s.index) continue;
      if (!this.canRead(x.offset, x.size) || x.size / 4n < number) return false;
    }
    return true;
  }

  /**
   * The tables `readelf -sW` prints (`dynOnly`: `--dyn-syms`), in section
   * order; empty when there are no section headers.
   */
  symbolTables(dynOnly = false): readonly GnuSymbolTable[] {
    const all = this.allSymbolTables();
    return dynOnly ? all.filter((t) => t.dynsym) : all;
  }

  private allSymbolTables(): readonly GnuSymbolTable[] {
    if (this.symtabs !== undefined) return this.symtabs;
    this.loadSections();
    const out: GnuSymbolTable[] = [];
    const secs = this.sections ?? [];
    for (const s of secs) {
      if (s.type !== SHT.SYMTAB && s.type !== SHT.DYNSYM) continue;
      const dynsym = s.type === SHT.DYNSYM;
      const printableName = this.printableSectionName(s);
      const entsize = this.entsizeOf(s);
      if (entsize === 0n) {
        out.push(new GnuSymbolTable(s.index, dynsym, printableName, `Symbol table '${printableName}' has a sh_entsize of zero!`, false, null, null, () => undefined, null));
        continue;
      }
      const num = s.size / entsize;
      const headerLine = `Symbol table '${printableName}' contains ${num} ${num === 1n ? 'entry' : 'entries'}:`;
      out.push(this.loadSymbols(s, num, dynsym, printableName, headerLine));
    }
    this.symtabs = out;
    return out;
  }

  /** get_elf_symbols and the string table process_symbol_table picks for it. */
  private loadSymbols(s: SectionHeader, num: bigint, dynsym: boolean, printableName: string, headerLine: string): GnuSymbolTable {
    const none = new GnuSymbolTable(s.index, dynsym, printableName, headerLine, true, null, null, () => undefined, null);
    if (!this.symbolsLoadable(s, Number.MAX_SAFE_INTEGER)) return none;
    const raw = this.read(s.offset, s.size);
    if (raw === null) return none;
    let strtab: Buffer | null = null;
    if (s.link === this.shstrndx) strtab = this.stringTable;
    else if (s.link < this.shnum) {
      const str = this.sections![s.link]!;
      strtab = this.read(str.offset, str.size);
    }
    const syms = decodeSymbolColumns(this.reader.decoder, raw, this.natural.sym, Number(num));
    // STT_SECTION symbols without a name print their section's name
    const sectionName = (shndx: number): string | null | undefined => {
      if (shndx >= this.shnum) return undefined;
      const sec = this.sections![shndx]!;
      return this.sectionNameValid(sec) ? this.sectionNameRaw(sec) : null;
    };
    let hasSectionSyms = false;
    for (let i = 0; i < syms.count && !hasSectionSyms; i++) hasSectionSyms = (syms.info[i]! & 0xf) === 3 && syms.name[i] === 0;
    return new GnuSymbolTable(
      s.index,
      dynsym,
      printableName,
      headerLine,
      true,
      syms,
      strtab,
      sectionName,
      hasSectionSyms ? this.stringTable : null,
    );
  }

  /**
   * The words print_dynamic_symbol writes before the name of symbol `i`
   * (l.13225): `%6d:`, value, size, type, binding, visibility, `[other]`,
   * index. Only their number and text matter to checksec's
   * `awk '{print $8}'`.
   */
  symbolPrefixWords(t: GnuSymbolTable, i: number): string[] {
    const c = t.syms!;
    const info = c.info[i]!;
    const other = c.other[i]!;
    const words = [`${i}:`, 'VALUE', 'SIZE'];
    pushAll(words, symbolTypeName(info & 0xf, this.machine, this.osabi).split(' '));
    pushAll(words, symbolBindingName(info >> 4, this.osabi).split(' '));
    if (this.osabi === ELFOSABI_SOLARIS) {
      words.push(solarisVisibility(other));
    } else {
      const vis = other & 3;
      words.push(VISIBILITY[vis]!);
      if ((other ^ vis) !== 0) pushAll(words, splitWords(`[${symbolOtherName(other ^ vis, this.machine)}]`));
    }
    pushAll(words, splitWords(symbolIndexName(c.shndx[i]!, this.machine, this.osabi, this.shnum)));
    return words;
  }

  private wordCounts: { type: number[]; bind: number[] } | undefined;
  /** Words of `[<other>]` per st_other value, of the index column per special st_shndx. */
  private readonly otherWords = new Map<number, number>();
  private readonly indexWords = new Map<number, number>();

  /** How many words precede the name; the common cases without building strings. */
  prefixWordCount(t: GnuSymbolTable, i: number): number {
    if (this.wordCounts === undefined) {
      const range = [...Array(16).keys()];
      this.wordCounts = {
        type: range.map((v) => symbolTypeName(v, this.machine, this.osabi).split(' ').length),
        bind: range.map((v) => symbolBindingName(v, this.osabi).split(' ').length),
      };
    }
    const c = t.syms!;
    const info = c.info[i]!;
    const other = c.other[i]!;
    const shndx = c.shndx[i]!;
    let k = 3 + this.wordCounts.type[info & 0xf]! + this.wordCounts.bind[info >> 4]! + 1;
    if (this.osabi !== ELFOSABI_SOLARIS && (other & ~3) !== 0) {
      let n = this.otherWords.get(other & ~3);
      if (n === undefined) this.otherWords.set(other & ~3, (n = splitWords(`[${symbolOtherName(other & ~3, this.machine)}]`).length));
      k += n;
    }
    if (shndx === 0 || (shndx < 0xff00 && (this.shnum === 0 || shndx < this.shnum))) k += 1;
    else {
      let n = this.indexWords.get(shndx);
      if (n === undefined) this.indexWords.set(shndx, (n = splitWords(symbolIndexName(shndx, this.machine, this.osabi, this.shnum)).length));
      k += n;
    }
    return k;
  }

  /**
   * `awk '{ print $8 }'` of symbol `i`'s line: the eighth whitespace-separated
   * word, counting the words before the name. Usually the name's first word;
   * an extra `[<other>]` or a multi-word type shifts it.
   */
  awkField8(t: GnuSymbolTable, i: number): string {
    const k = this.prefixWordCount(t, i);
    if (k >= 8) return this.symbolPrefixWords(t, i)[7]!;
    return nthWord(t.printedName(i), 7 - k);
  }

  /** The dynamic table as process_dynamic_section walks it (null: no dynamic section shown). */
  dynamicEntries(): readonly DynamicEntry[] | null {
    if (this.dynEntries !== undefined) return this.dynEntries;
    this.dynEntries = null;
    this.loadSections();
    const phdrs = this.phnum === 0 ? null : this.programHeaders();
    if (phdrs === null) return null;
    let addr = 0n;
    let size = 0n;
    for (const seg of phdrs) {
      if (seg.type !== PT.DYNAMIC) continue;
      addr = seg.offset;
      size = seg.filesz;
      if (this.sections !== null) {
        const sec = this.findSection('.dynamic');
        if (sec === undefined || sec.size === 0n) continue; // readelf breaks out before its size check
        if (sec.type === SHT.NOBITS) {
          addr = 0n;
          size = 0n;
          continue;
        }
        addr = sec.offset;
        size = sec.size;
      }
      if (addr > this.size || size > this.size - addr) {
        addr = 0n;
        size = 0n;
      }
    }
    if (size <= 1n) return null;
    const buf = this.read(addr, size);
    if (buf === null) return null;
    const d = this.reader.decoder;
    const ent = this.natural.dyn;
    const w = ent / 2;
    const entries: DynamicEntry[] = [];
    for (let o = 0; o + ent <= buf.length; o += ent) {
      const tag = d.word(buf, o);
      entries.push({ tag, value: d.word(buf, o + w) });
      if (tag === DT.NULL) break;
    }
    this.dynEntries = entries;
    return entries;
  }

  /** offset_from_vma: a file offset for `vma`, or `vma` itself when no PT_LOAD holds it. */
  private offsetFromVma(vma: bigint, size: bigint): bigint {
    const phdrs = this.programHeaders();
    if (phdrs === null) return vma;
    for (const seg of phdrs) {
      if (seg.type !== PT.LOAD) continue;
      const base = seg.vaddr & (-seg.align & U64);
      if (vma >= base && ((vma + size) & U64) <= ((seg.vaddr + seg.filesz) & U64)) {
        return (vma - seg.vaddr + seg.offset) & U64;
      }
    }
    return vma;
  }

  /** The dynamic string table readelf names strings from (null when it has none). */
  dynamicStrings(): Buffer | null {
    if (this.dynStrings !== undefined) return this.dynStrings;
    this.loadSections();
    this.dynStrings = this.dynstrFromSection;
    const entries = this.dynamicEntries();
    if (this.dynStrings === null && entries !== null) {
      let strtab = 0n;
      let strsz = 0n;
      for (const e of entries) {
        if (e.tag === DT.STRTAB) strtab = e.value;
        if (e.tag === DT.STRSZ) strsz = e.value;
        if (strtab !== 0n && strsz !== 0n) {
          this.dynStrings = this.read(this.offsetFromVma(strtab, strsz), strsz);
          break;
        }
      }
    }
    return this.dynStrings;
  }

  private dynamicName(offset: bigint): string | null {
    const t = this.dynamicStrings();
    if (t === null || offset >= BigInt(t.length)) return null;
    const o = Number(offset);
    const end = t.indexOf(0, o);
    return t.toString('latin1', o, end < 0 ? t.length : end);
  }

  /**
   * One line per dynamic entry, carrying the text of `readelf -dW` that
   * checksec greps (tag name and value; numbers are left out as they can
   * never match BIND_NOW, DEBUG, RPATH or RUNPATH).
   */
  dynamicLines(): string[] {
    const entries = this.dynamicEntries();
    if (entries === null) return [];
    const out: string[] = [];
    for (const e of entries) {
      // a line with neither a keyword tag nor a value text can match none of
      // checksec's words, and dropping it keeps every "first match" the same
      const tag = dynamicTagKeyword(e.tag);
      const value = this.dynamicValueText(e);
      if (tag !== 'T' || value !== '') out.push(`(${tag}) ${value}`);
    }
    return out;
  }

  private dynamicValueText(e: DynamicEntry): string {
    const named = (label: string): string => {
      const n = this.dynamicName(e.value);
      return n === null ? `${label}0x` : `${label}[${n}]`;
    };
    switch (e.tag) {
      case DT.FLAGS:
        return dynamicFlagsText(e.value);
      case DT.NEEDED:
        return named('Shared library: ');
      case DT.SONAME:
        return named('Library soname: ');
      case DT.RPATH:
        return named('Library rpath: ');
      case DT.RUNPATH:
        return named('Library runpath: ');
      case DT_AUXILIARY:
        return named('Auxiliary library: ');
      case DT_FILTER:
        return named('Filter library: ');
      case DT_CONFIG:
        return named('Configuration file: ');
      case DT_DEPAUDIT:
        return named('Dependency audit library: ');
      case DT_AUDIT:
        return named('Audit library: ');
      case DT_USED: {
        const n = this.dynamicName(e.value);
        return n !== null && n !== '' ? `Not needed object: [${n}]` : '0x';
      }
      case DT.PLTREL:
        return dynamicTagKeyword(e.value);
      default:
        return '';
    }
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

const ELFOSABI_GNU = 3;
const ELFOSABI_SOLARIS = 6;
const ELFOSABI_FREEBSD = 9;
const ELFOSABI_HPUX = 1;
const DT_AUXILIARY = 0x7ffffffdn;
const DT_FILTER = 0x7fffffffn;
const DT_CONFIG = 0x6ffffefan;
const DT_DEPAUDIT = 0x6ffffefbn;
const DT_AUDIT = 0x6ffffefcn;
const DT_USED = 0x7ffffffen;

/**
 * The part of get_dynamic_type's name that checksec can match: the four
 * generic tags whose names contain RPATH, DEBUG, BIND_NOW or RUNPATH.
 * (HP-UX/PA-RISC and Solaris tag names such as HP_BIND_NOW or SUNW_DEBUG
 * are not reproduced.)
 */
function dynamicTagKeyword(tag: bigint): string {
  switch (tag) {
    case DT.RPATH:
      return 'RPATH';
    case DT.DEBUG:
      return 'DEBUG';
    case DT.BIND_NOW:
      return 'BIND_NOW';
    case DT.RUNPATH:
      return 'RUNPATH';
    default:
      return 'T';
  }
}

/** print_dynamic_flags: DT_FLAGS bit names, lowest bit first. */
function dynamicFlagsText(flags: bigint): string {
  const names: string[] = [];
  for (let f = flags & U64; f !== 0n; ) {
    const bit = f & -f;
    f &= ~bit;
    names.push({ 1: 'ORIGIN', 2: 'SYMBOLIC', 4: 'TEXTREL', 8: 'BIND_NOW', 16: 'STATIC_TLS' }[Number(bit > 16n ? 0n : bit)] ?? 'unknown');
  }
  return names.join(' ');
}

const VISIBILITY = ['DEFAULT', 'INTERNAL', 'HIDDEN', 'PROTECTED'] as const;

function solarisVisibility(other: number): string {
  const names: Record<number, string> = { 4: 'EXPORTED', 5: 'SINGLETON', 6: 'ELIMINATE' };
  // get_solaris_symbol_visibility passes all of st_other on; values above 3 are "<unknown>"
  return names[other] ?? VISIBILITY[other] ?? '<unknown>';
}

/** get_symbol_type (l.12712). */
export function symbolTypeName(type: number, machine: number, osabi: number): string {
  const names: Record<number, string> = { 0: 'NOTYPE', 1: 'OBJECT', 2: 'FUNC', 3: 'SECTION', 4: 'FILE', 5: 'COMMON', 6: 'TLS', 8: 'RELC', 9: 'SRELC' };
  const n = names[type];
  if (n !== undefined) return n;
  if (type >= 13 && type <= 15) {
    if (machine === EM.ARM && type === 13) return 'THUMB_FUNC';
    if (machine === EM.SPARCV9 && type === 13) return 'REGISTER';
    if (machine === EM.PARISC && type === 13) return 'PARISC_MILLI';
    return `<processor specific>: ${type}`;
  }
  if (type >= 10 && type <= 12) {
    if (machine === EM.PARISC && type === 11) return 'HP_OPAQUE';
    if (machine === EM.PARISC && type === 12) return 'HP_STUB';
    if (type === 10 && (osabi === ELFOSABI_GNU || osabi === ELFOSABI_FREEBSD)) return 'IFUNC';
    return `<OS specific>: ${type}`;
  }
  return `<unknown>: ${type}`;
}

/** get_symbol_binding (l.12685). */
export function symbolBindingName(bind: number, osabi: number): string {
  if (bind === 0) return 'LOCAL';
  if (bind === 1) return 'GLOBAL';
  if (bind === 2) return 'WEAK';
  if (bind >= 13 && bind <= 15) return `<processor specific>: ${bind}`;
  if (bind >= 10 && bind <= 12) return bind === 10 && osabi === ELFOSABI_GNU ? 'UNIQUE' : `<OS specific>: ${bind}`;
  return `<unknown>: ${bind}`;
}

/** get_symbol_other (l.12943), for st_other bits beyond the visibility. */
export function symbolOtherName(other: number, machine: number): string {
  const hex = other.toString(16);
  switch (machine) {
    case EM_ALPHA:
      return other === 0x80 ? 'NOPV' : other === 0x88 ? 'STD GPLOAD' : '<unknown>';
    case EM.AARCH64:
      if (other & 0x80) return (other & ~0x80) === 0 ? 'VARIANT_PCS' : `VARIANT_PCS | ${(other & ~0x80).toString(16)}`;
      break;
    case EM.MIPS: {
      const mips: Record<number, string> = { 4: 'OPTIONAL', 8: 'MIPS PLT', 32: 'MIPS PIC', 128: 'MICROMIPS', 160: 'MICROMIPS, MIPS PIC', 240: 'MIPS16' };
      const m = mips[other];
      if (m !== undefined) return m;
      break;
    }
    case EM.IA_64:
      break; // OpenVMS only
    case EM.PPC64:
      if ((other & ~0xe0) === 0) {
        let v = other >> 5;
        if (v >= 2) v = ((1 << v) >> 2) << 2; // ppc64_decode_local_entry
        return `<localentry>: ${v}`;
      }
      break;
    case EM.RISCV:
      return (other & ~0x80) !== 0 ? hex : 'VARIANT_CC';
  }
  return `<other>: ${hex}`;
}

const EM_ALPHA = 0x9026;
const EM_L1OM = 180;
const EM_K1OM = 181;

/** get_symbol_index_type (l.12984). */
export function symbolIndexName(shndx: number, machine: number, osabi: number, shnum: number): string {
  const hex4 = (v: number) => v.toString(16).padStart(4, '0');
  if (shndx === 0) return 'UND';
  if (shndx === 0xfff1) return 'ABS';
  if (shndx === 0xfff2) return 'COM';
  if (shndx === 0xff00 && machine === EM.IA_64 && osabi === ELFOSABI_HPUX) return 'ANSI_COM';
  if (shndx === 0xff02 && (machine === EM.X86_64 || machine === EM_L1OM || machine === EM_K1OM)) return 'LARGE_COM';
  if ((shndx === 0xff03 && machine === EM.MIPS) || (shndx === 0xff00 && machine === EM.TI_C6000)) return 'SCOM';
  if (shndx === 0xff04 && machine === EM.MIPS) return 'SUND';
  if (shndx >= 0xff00 && shndx <= 0xff1f) return `PRC[0x${hex4(shndx)}]`;
  if (shndx >= 0xff20 && shndx <= 0xff3f) return `OS [0x${hex4(shndx)}]`;
  if (shndx >= 0xff00) return `RSV[0x${hex4(shndx)}]`;
  if (shnum !== 0 && shndx >= shnum) return `bad section index[${String(shndx).padStart(3)}]`;
  return String(shndx).padStart(3);
}

/**
 * print_symbol with -W (l.624): printable ASCII as is, control bytes as
 * `^` + (byte + 0x40), other bytes unchanged. Names are latin1 strings
 * (one char per byte).
 */
export function printSymbolName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) out += '^' + String.fromCharCode((c + 0x40) & 0xff);
    else out += name[i];
  }
  return out;
}

/**
 * printable_section_name (l.871): control bytes as `^X`, bytes above 0x7e
 * as `<XX>`, at most 256 output characters.
 */
export function printableSectionName(name: string): string {
  let out = '';
  let remaining = 256;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      if (remaining < 2) break;
      out += '^' + String.fromCharCode((c + 0x40) & 0xff);
      remaining -= 2;
    } else if (c < 0x7f) {
      out += name[i];
      remaining -= 1;
    } else {
      if (remaining < 4) break;
      out += '<' + c.toString(16).toUpperCase().padStart(2, '0') + '>';
      remaining -= 4;
    }
    if (remaining === 0) break;
  }
  return out;
}

/** A read readelf would fail quietly on (bad bytes or a failed read): null; anything else is a bug and propagates. */
function unreadable(e: unknown): null {
  if (isElfFormatError(e)) return null;
  return onSystemError(e, null);
}
