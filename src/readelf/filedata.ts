import { DF_1, DT, PT, SHF, SHT, STRUCT_SIZE } from '../elf/constants.js';
import { extendedCounts } from '../elf/counts.js';
import type { ElfReader } from '../elf/reader.js';
import { SH, type DynamicTable, type ProgramTable, type SectionTable } from '../elf/tables.js';
import type { ElfHeader, SectionHeader } from '../elf/types.js';
import { U64_MAX } from '../elf/types.js';
import type { Diagnostics } from './diagnostics.js';
import type { ReadelfOptions } from './options.js';
import type { ReadelfSink } from './sink.js';
import type { SymbolCache } from './note-build-attributes.js';
import type { LoadedSymbols } from './symbol-table.js';
import { RunState } from './run-state.js';
import type { HashTables } from './dynamic-symbols.js';
import { altHex, u64 } from './printf.js';
import { printableSectionName } from './section-name.js';

/** GNU's sizes of a file being read: filedata->file_size, and what get_data can reach of it. */
export interface MemberSizes {
  readonly file: bigint;
  readonly data: bigint;
}

/** A section name table whose names all print unchanged (short enough ones, that is). */
const PLAIN_TABLE = /^[\x20-\x7e\0]*$/;
/** printable_section_name's limit (MAX_PRINT_SEC_NAME_LEN). */
const MAX_PLAIN_NAME = 256;
const SHF_INFO_LINK = Number(SHF.INFO_LINK);
/** SectionTable field indices as constants (cheaper than `SH.link` in unoptimized code). */
const { name: S_NAME, link: S_LINK, info: S_INFO, fields: S_FIELDS } = SH;
/** Dynamic string tables up to this size are read whole on first use; larger ones a name at a time. */
const DYNSTR_WHOLE = 1n << 24n;
const DYNSTR_CHUNK = 4096n;
/** onlyPlaceOf's answers when there is no single place. */
const NOWHERE = -1;
const SEVERAL = -2;
/** getSmallData's window. */
const SMALL_WINDOW = 1 << 16;
/** Below 2^52 a file offset or size is exact as a number, and so is the sum of two. */
const SMALL = 2 ** 52;

/** The DT_* tags whose values process_dynamic_section records (dynamic_info). */
const RECORDED_TAGS: ReadonlySet<bigint> = new Set([
  DT.PLTREL, DT.NULL, DT.NEEDED, DT.PLTGOT, DT.HASH, DT.STRTAB, DT.SYMTAB, DT.RELA, DT.INIT, DT.FINI,
  DT.SONAME, DT.RPATH, DT.SYMBOLIC, DT.REL, DT.RELR, DT.DEBUG, DT.TEXTREL, DT.JMPREL, DT.RUNPATH,
  DT.PLTRELSZ, DT.RELASZ, DT.STRSZ, DT.RELSZ, DT.RELAENT, DT.RELRENT, DT.RELRSZ, DT.SYMENT, DT.RELENT,
]);

/**
 * Per-file state of one GNU readelf run (readelf.c's Filedata) and the
 * loaders that fill it. The loaders reproduce GNU's checks and messages
 * exactly — including which ones cache a failure and which retry — because
 * the order and repetition of diagnostics is part of the output.
 * Only bytes actually needed are read; for a table GNU reads merely to
 * validate, the same bounds checks run without reading.
 *
 * The tables are kept raw (src/elf/tables.ts): the hot paths read numbers
 * from them when `table.small && fd.small`, and everything else asks for
 * the bigint objects with `at(i)`. Tables and buffers here may view memory
 * the reader reuses for the next file (processFile opens its sources with
 * `scratch`): they live and die with this object, one file.
 */
export class Filedata {
  readonly header: ElfHeader;
  readonly is32: boolean;
  /**
   * What get_data can reach: GNU's file_size - archive_file_offset (an
   * archive member's window runs to the end of the archive).
   */
  readonly fileSize: bigint;
  /** `fileSize` as a number, exact when `small`. */
  readonly fileSizeNum: number;
  /**
   * GNU's filedata->file_size, which its checks other than get_data's
   * compare with as it is: for an archive member, the whole archive's size.
   */
  readonly wholeFileSize: bigint;
  /** The file is smaller than 2^52 bytes: numeric comparisons with its size are exact. */
  readonly small: boolean;
  /** Counts as GNU keeps them, adjusted by extended numbering. */
  phnum: number;
  shnum: number;
  shstrndx: number;

  sections: SectionTable | null = null;
  /** sh_entsize values GNU rewrote after "invalid sh_entsize" (CHECK_ENTSIZE); made on first use. */
  private entsizeFix: Map<number, bigint> | null = null;
  /** The section name string table (GNU's string_table); set with setStringTable. */
  stringTable: Buffer | null = null;
  /** The same bytes as a byte string (one char per byte): names are sliced from it. */
  private stringText = '';
  /** Every byte of the table is printable ASCII or NUL: names then print as they are. */
  private namesPlain = false;
  phdrs: ProgramTable | null = null;
  dynamicAddr = 0n;
  /** 0 = not located yet; 1 = located, none. */
  dynamicSize = 0n;
  dynamicSection: DynamicTable | null = null;
  /**
   * GNU's dynamic_symbols (null: NULL): the first valid SHT_DYNSYM section,
   * or the stand-in process_dynamic_section makes from DT_SYMTAB (dynamic-symbols.ts).
   */
  dynamicSymtab: SectionHeader | null = null;
  /** Its symbols once decoded (dynamicSymbols() in dynamic-symbols.ts). */
  dynamicSymbolTable: LoadedSymbols | null = null;
  /** The hash tables --histogram shows (kept by get_num_dynamic_syms in dynamic-symbols.ts, dropped once shown). */
  hashTables: HashTables | null = null;
  dynamicStringsLoaded = false;
  dynamicSyminfoLoaded = false;
  dynamicSyminfoOffset = 0n;
  /** Where the loaded dynamic string table is (set with setDynamicStrings). */
  dynamicStringsOffset = 0n;
  dynamicStringsLength = 0n;
  /** Its bytes as a byte string, read on the first dynamicName(). */
  private dynamicStringText: string | null = null;
  /**
   * How far loadDynamicSection's recording of dynamic_info got: the entries
   * its DT_STRTAB/DT_STRSZ scan looked at, and whether the final pass over
   * all entries ran. recordedDynamicInfo() rebuilds the values from these.
   */
  dynamicStringsScanned = 0;
  dynamicInfoComplete = false;
  /** SHT_SYMTAB_SHNDX sections seen so far, newest first (GNU's list order). */
  readonly symtabShndx: SectionHeader[] = [];
  programInterpreter: Buffer | null = null;
  /** The build attribute notes' ba_cache (undefined: not looked for yet; null: none). */
  buildAttributeSymbols: SymbolCache | null | undefined;
  /** findSection('.dynamic')'s answer for the current `sections` (-2: not asked yet). */
  private dynamicSectionIndex = -2;
  private dynamicSectionIndexFor: SectionTable | null = null;

  constructor(
    readonly name: string,
    readonly reader: ElfReader,
    readonly opts: ReadelfOptions,
    readonly diag: Diagnostics,
    readonly sink: ReadelfSink,
    /** GNU's statics, shared by the files of one run. */
    readonly run: RunState = new RunState(),
    /**
     * GNU's sizes for an archive member (src/readelf/archive.ts): `data`
     * what get_data may read, `file` filedata->file_size. A lone file's are
     * both its size.
     */
    sizes: MemberSizes = { file: reader.size, data: reader.size },
  ) {
    this.header = reader.header;
    this.is32 = reader.header.bits === 32;
    this.fileSize = sizes.data;
    this.fileSizeNum = Number(sizes.data);
    this.wholeFileSize = sizes.file;
    this.small = this.fileSizeNum < SMALL;
    this.phnum = this.header.phnum;
    this.shnum = this.header.shnum;
    this.shstrndx = this.header.shstrndx;
  }

  /**
   * process_file_header's extended numbering, from the probe of section 0
   * (getSectionHeaders(true)): PN_XNUM, e_shnum 0 and SHN_XINDEX take their
   * values from it; an e_shstrndx out of range becomes 0.
   */
  applyExtendedNumbering(): void {
    const s0 = this.sections;
    if (s0 === null || s0.count === 0) return;
    const counts = extendedCounts(this, { info: s0.info(0), link: s0.link(0), sizeLow32: s0.sizeLow32(0) });
    if (counts.phnum !== this.phnum) this.phdrs = null;
    ({ phnum: this.phnum, shnum: this.shnum, shstrndx: this.shstrndx } = counts);
  }

  get structs() {
    return STRUCT_SIZE[this.is32 ? 32 : 64];
  }

  /**
   * get_data's checks: returns false (after GNU's message when `reason` is
   * given) when `nmemb` elements of `size` bytes at `offset` cannot be read.
   */
  canRead(offset: bigint, size: bigint, nmemb: bigint, reason: string | null): boolean {
    if (size === 0n || nmemb === 0n) return false;
    const amt = size * nmemb;
    if (amt > U64_MAX || amt === U64_MAX) {
      if (reason !== null) {
        this.diag.error(`Size overflow prevents reading ${nmemb} elements of size ${size} for ${reason}`);
      }
      return false;
    }
    if (offset > this.fileSize || amt > this.fileSize - offset) {
      if (reason !== null) this.diag.error(`Reading ${amt} bytes extends past end of file for ${reason}`);
      return false;
    }
    return true;
  }

  /**
   * canRead for numbers that are exact (each below 2^53): a range that is
   * plainly readable passes on numbers; anything else (a failure and its
   * message, or a product or file size that might not be exact) is
   * canRead's to decide.
   */
  canReadNum(offset: number, size: number, nmemb: number, reason: string | null): boolean {
    const amt = size * nmemb;
    if (amt !== 0 && amt < SMALL && this.small && offset <= this.fileSizeNum && amt <= this.fileSizeNum - offset) return true;
    return this.canRead(BigInt(offset), BigInt(size), BigInt(nmemb), reason);
  }

  /** Section `i`'s sh_entsize as CHECK_ENTSIZE left it, as a number (exact when the table is `small`). */
  entsizeNum(i: number): number {
    const fixed = this.entsizeFix?.get(i);
    return fixed === undefined ? this.sections!.entsize(i) : Number(fixed);
  }

  /** get_data that also returns the bytes. */
  getData(offset: bigint, size: bigint, nmemb: bigint, reason: string | null): Buffer | null {
    if (!this.canRead(offset, size, nmemb, reason)) return null;
    return this.reader.readRange(offset, size * nmemb, reason ?? 'data');
  }

  /**
   * getData for the small structs GNU reads again and again (the version
   * walks of -V's versym listing read a verneed or verdef chain per
   * symbol): the same checks and messages, the bytes from a window of the
   * file read once (one pread per window rather than one per struct).
   */
  getSmallData(offset: bigint, size: bigint, reason: string): Buffer | null {
    if (!this.canRead(offset, size, 1n, reason)) return null;
    if (!this.small) return this.reader.readRange(offset, size, reason);
    const at = Number(offset);
    const n = Number(size);
    const w = this.smallWindow;
    if (w !== null && at >= this.smallWindowAt && at + n <= this.smallWindowAt + w.length) {
      return w.subarray(at - this.smallWindowAt, at - this.smallWindowAt + n);
    }
    const len = Math.max(n, Math.min(SMALL_WINDOW, this.fileSizeNum - at));
    this.smallWindow = this.reader.readRange(offset, BigInt(len), reason);
    this.smallWindowAt = at;
    return this.smallWindow.subarray(0, n);
  }
  private smallWindow: Buffer | null = null;
  private smallWindowAt = 0;

  /** get_program_headers: cached on success only, so a failure repeats its message. */
  getProgramHeaders(): boolean {
    if (this.phdrs !== null) return true;
    const natural = this.structs.phdr;
    if (BigInt(this.phnum) * BigInt(natural) >= this.wholeFileSize) {
      this.diag.error(`Too many program headers - ${altHex(this.phnum)} - the file is not that big`);
      return false;
    }
    const size = this.header.phentsize;
    const num = this.phnum;
    if (size === 0 || num === 0) return false;
    if (size < natural) {
      this.diag.error('The e_phentsize field in the ELF header is less than the size of an ELF program header');
      return false;
    }
    if (size > natural) {
      this.diag.warn('The e_phentsize field in the ELF header is larger than the size of an ELF program header');
    }
    if (!this.canRead(this.header.phoff, BigInt(size), BigInt(num), 'program headers')) return false;
    // GNU reads e_phentsize * e_phnum bytes but walks them at the natural stride.
    this.phdrs = this.reader.programTable(this.header.phoff, num, natural);
    return true;
  }

  /** get_section_headers; `probe` reads only section 0, silently. */
  getSectionHeaders(probe: boolean): boolean {
    if (this.sections !== null) return true;
    const size = this.header.shentsize;
    const num = probe ? 1 : this.shnum;
    if (size === 0 || num === 0) return false;
    if (this.header.shoff === 0n) return false;
    const natural = this.structs.shdr;
    if (size < natural) {
      if (!probe) this.diag.error('The e_shentsize field in the ELF header is less than the size of an ELF section header');
      return false;
    }
    if (!probe && size > natural) {
      this.diag.warn('The e_shentsize field in the ELF header is larger than the size of an ELF section header');
    }
    if (!this.canRead(this.header.shoff, BigInt(size), BigInt(num), probe ? null : 'section headers')) return false;
    if (probe) this.reader.prefetchSectionTable();
    const secs = this.reader.sectionTable(this.header.shoff, num, natural);
    // The per-section range checks, when some value is out of range at all.
    const max = probe ? undefined : secs.maxLinkInfo(num);
    if (max !== undefined && (max.link > num || max.info > num)) {
      const n = secs.num;
      for (let i = 0, b = 0; i < num; i++, b += S_FIELDS) {
        const link = n[b + S_LINK]!;
        if (link > num) this.diag.warn(`Section ${i} has an out of range sh_link value of ${link}`);
        const info = n[b + S_INFO]!;
        if (info > num && (secs.flagsLow32(i) & SHF_INFO_LINK) !== 0) {
          this.diag.warn(`Section ${i} has an out of range sh_info value of ${info}`);
        }
      }
    }
    this.sections = secs;
    return true;
  }

  entsize(sec: SectionHeader): bigint {
    return this.entsizeFix?.get(sec.index) ?? sec.entsize;
  }

  /** CHECK_ENTSIZE's corrected sh_entsize of section `index`, or undefined when it was not corrected. */
  entsizeFixed(index: number): bigint | undefined {
    return this.entsizeFix?.get(index);
  }

  /** Records CHECK_ENTSIZE's correction of section `index`'s sh_entsize. */
  fixEntsize(index: number, entsize: bigint): void {
    (this.entsizeFix ??= new Map()).set(index, entsize);
  }

  setStringTable(table: Buffer | null): void {
    this.stringTable = table;
    this.stringText = table === null ? '' : table.toString('latin1');
    this.namesPlain = PLAIN_TABLE.test(this.stringText);
  }

  /**
   * printable_section_name(section_name_print(...)) for the section whose
   * sh_name is `name`. With an all-printable table (the usual case) only
   * the 256-character cut can change a name, so the escaping pass is skipped.
   */
  printableSectionNameAt(name: number): string {
    const s = this.sectionNamePrintAt(name);
    return this.namesPlain && s.length <= MAX_PLAIN_NAME ? s : printableSectionName(s);
  }

  /** section_name_print, as a byte string (before escaping). */
  sectionNamePrint(sec: SectionHeader | undefined): string {
    if (sec === undefined) return '<none>';
    return this.sectionNamePrintAt(sec.name);
  }

  /** section_name_print for the section whose sh_name is `name`. */
  sectionNamePrintAt(name: number): string {
    if (this.stringTable === null) return '<no-strings>';
    const t = this.stringText;
    if (name >= t.length) return '<corrupt>';
    const end = t.indexOf('\0', name);
    return t.slice(name, end < 0 ? t.length : end);
  }

  /** Whether the name at `name` in the section name table is exactly `target`. */
  private nameIs(name: number, target: string): boolean {
    const t = this.stringText;
    if (name >= t.length || !t.startsWith(target, name)) return false;
    const end = name + target.length;
    // GNU's table is NUL-terminated past its end (get_data adds one).
    return end === t.length || t.charCodeAt(end) === 0;
  }

  /** Whether section `i`'s name is exactly `name`, as section_name_print would give it. */
  sectionNamed(i: number, name: string): boolean {
    return this.stringTable !== null && this.nameIs(this.sections!.name(i), name);
  }

  /** find_section: the index of the first section whose (valid) name is `name`, or -1. */
  findSectionIndex(name: string): number {
    if (this.sections === null || this.stringTable === null) return -1;
    const n = Math.min(this.shnum, this.sections.count);
    const num = this.sections.num;
    const at = this.onlyPlaceOf(name);
    if (at === NOWHERE) return -1;
    if (at !== SEVERAL) {
      // The one sh_name that gives this name: compare numbers, not strings.
      for (let i = 0, b = S_NAME; i < n; i++, b += S_FIELDS) if (num[b] === at) return i;
      return -1;
    }
    for (let i = 0, b = S_NAME; i < n; i++, b += S_FIELDS) if (this.nameIs(num[b]!, name)) return i;
    return -1;
  }

  /** find_section: the first section whose (valid) name is `name`. */
  findSection(name: string): SectionHeader | undefined {
    const i = this.findSectionIndex(name);
    return i < 0 ? undefined : this.sections!.at(i);
  }

  /**
   * The offset in the name table where `name` (non-empty) starts as a whole
   * string, when there is exactly one; NOWHERE or SEVERAL otherwise.
   */
  private onlyPlaceOf(name: string): number {
    const t = this.stringText;
    const key = name + '\0';
    const first = t.indexOf(key);
    // A name cut by the table's end counts too (GNU's table has a NUL past its end).
    const lastAt = t.length - name.length;
    const atEnd = lastAt >= 0 && t.startsWith(name, lastAt) ? lastAt : NOWHERE;
    if (first < 0) return atEnd;
    return atEnd !== NOWHERE || t.indexOf(key, first + 1) >= 0 ? SEVERAL : first;
  }

  /** findSectionIndex('.dynamic'), asked twice per file (locate_dynamic_section, then the -l loop). */
  dynamicSectionIndexOf(): number {
    if (this.dynamicSectionIndexFor !== this.sections || this.dynamicSectionIndex === -2) {
      this.dynamicSectionIndex = this.findSectionIndex('.dynamic');
      this.dynamicSectionIndexFor = this.sections;
    }
    return this.dynamicSectionIndex;
  }

  /** locate_dynamic_section (used by is_pie before the program headers are shown). */
  locateDynamicSection(): void {
    let addr = 0n;
    let size = 0n;
    if (this.phnum !== 0 && this.getProgramHeaders()) {
      const phdrs = this.phdrs!;
      const seg = phdrs.indexOfType(PT.DYNAMIC);
      const sections = this.sections;
      const sec = seg < 0 || sections === null ? -1 : this.dynamicSectionIndexOf();
      if (seg >= 0 && phdrs.small && this.small && (sec < 0 || sections!.small)) {
        // The same steps as below over exact numbers.
        let a = phdrs.offset(seg);
        let n = phdrs.filesz(seg);
        if (sec >= 0) {
          const empty = sections!.size(sec) === 0 || sections!.type(sec) === SHT.NOBITS;
          a = empty ? 0 : sections!.offset(sec);
          n = empty ? 0 : sections!.size(sec);
        }
        const whole = Number(this.wholeFileSize);
        if (a > whole || n > whole - a) a = n = 0;
        addr = BigInt(a);
        size = BigInt(n);
      } else if (seg >= 0) {
        const p = phdrs.at(seg);
        addr = p.offset;
        size = p.filesz;
        if (sec >= 0) {
          const s = sections!.at(sec);
          if (s.size === 0n || s.type === SHT.NOBITS) {
            addr = 0n;
            size = 0n;
          } else {
            addr = s.offset;
            size = s.size;
          }
        }
        if (addr > this.wholeFileSize || size > this.wholeFileSize - addr) {
          addr = 0n;
          size = 0n;
        }
      }
    }
    this.dynamicAddr = addr;
    this.dynamicSize = size !== 0n ? size : 1n;
  }

  /** get_dynamic_section: cached on success. */
  getDynamicSection(): boolean {
    if (this.dynamicSection !== null) return true;
    const buf = this.getData(this.dynamicAddr, 1n, this.dynamicSize, 'dynamic section');
    if (buf === null) return false;
    this.dynamicSection = this.reader.dynamicTableFromBuffer(buf);
    return true;
  }

  /** is_pie: DF_1_PIE in the first DT_FLAGS_1. */
  isPie(): boolean {
    if (this.dynamicSize === 0n) this.locateDynamicSection();
    if (this.dynamicSize <= 1n) return false;
    if (!this.getDynamicSection()) return false;
    const dyn = this.dynamicSection!;
    const i = dyn.indexOfTag(Number(DT.FLAGS_1));
    return i >= 0 && (dyn.valueLow32(i) & Number(DF_1.PIE)) !== 0; // DF_1_PIE is a bit of the low 32
  }

  /**
   * The dynamic_info values GNU's process_dynamic_section records, rebuilt
   * on each call from the dynamic table and how far loadDynamicSection got
   * (no view shown with -l reads them, so they are not kept per file).
   */
  recordedDynamicInfo(): Map<bigint, bigint> {
    const info = new Map<bigint, bigint>();
    const dyn = this.dynamicSection;
    if (dyn === null) return info;
    for (let i = 0; i < this.dynamicStringsScanned; i++) {
      const e = dyn.at(i);
      if (e.tag === DT.STRTAB || e.tag === DT.STRSZ) info.set(e.tag, e.value);
    }
    if (this.dynamicInfoComplete) {
      for (let i = 0; i < dyn.count; i++) {
        const e = dyn.at(i);
        if (RECORDED_TAGS.has(e.tag)) info.set(e.tag, e.value);
      }
    }
    return info;
  }

  /**
   * Records the dynamic string table GNU loaded (dynamic_strings and
   * dynamic_strings_length), after its get_data checks passed. Its bytes
   * are read only when a name is asked for.
   */
  setDynamicStrings(offset: bigint, length: bigint): void {
    this.dynamicStringsLoaded = true;
    this.dynamicStringsOffset = offset;
    this.dynamicStringsLength = length;
    this.dynamicStringText = null;
  }

  /**
   * valid_dynamic_name + get_dynamic_name: the dynamic string at `offset`
   * (a byte string, up to its NUL or the table's end), or null when there
   * is no table or `offset` is outside it.
   */
  dynamicName(offset: bigint): string | null {
    if (!this.dynamicStringsLoaded || offset >= this.dynamicStringsLength) return null;
    const length = this.dynamicStringsLength;
    if (length <= DYNSTR_WHOLE) {
      this.dynamicStringText ??= this.reader.readRange(this.dynamicStringsOffset, length, 'dynamic strings').toString('latin1');
      const t = this.dynamicStringText;
      const at = Number(offset);
      const end = t.indexOf('\0', at);
      return t.slice(at, end < 0 ? t.length : end);
    }
    // A huge table: read just this name, a chunk at a time.
    let name = '';
    for (let at = offset; at < length; ) {
      const n = length - at < DYNSTR_CHUNK ? length - at : DYNSTR_CHUNK;
      const chunk = this.reader.readRange(this.dynamicStringsOffset + at, n, 'dynamic strings');
      const nul = chunk.indexOf(0);
      if (nul >= 0) return name + chunk.toString('latin1', 0, nul);
      name += chunk.toString('latin1');
      at += n;
    }
    return name;
  }

  /** find_section_by_address: the first section holding `addr`, or -1. */
  sectionIndexByAddress(addr: bigint): number {
    const sections = this.sections;
    if (sections === null) return -1;
    const n = Math.min(this.shnum, sections.count);
    for (let i = 0; i < n; i++) {
      const s = sections.at(i);
      if (addr >= s.addr && addr < u64(s.addr + s.size)) return i;
    }
    return -1;
  }

  /** offset_from_vma: maps an address to a file offset through the PT_LOADs. */
  offsetFromVma(vma: bigint, size: bigint): bigint {
    if (!this.getProgramHeaders()) {
      this.diag.warn('Cannot interpret virtual addresses without program headers.');
      return vma;
    }
    const phdrs = this.phdrs!;
    for (let i = 0; i < phdrs.count; i++) {
      if (phdrs.type(i) !== PT.LOAD) continue;
      const seg = phdrs.at(i);
      if (vma >= (seg.vaddr & u64(-seg.align)) && u64(vma + size) <= u64(seg.vaddr + seg.filesz)) {
        return u64(vma - seg.vaddr + seg.offset);
      }
    }
    this.diag.warn(`Virtual address ${altHex(vma)} not located in any PT_LOAD segment.`);
    return vma;
  }
}
