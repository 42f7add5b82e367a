import { DF_1, DT, ET, NT_GNU, PN_XNUM, PT, SHF, SHT, STRUCT_SIZE } from './constants.js';
import { extendedCounts, type SectionZero, type TableCounts } from './counts.js';
import { ElfFormatError } from './errors.js';
import { cString, ElfReader } from './reader.js';
import { BLOCK, forEachBlock, type ByteSource } from './source.js';
import type { DynamicEntry, ElfHeader, ProgramHeader, SectionHeader } from './types.js';
import { decodeSymbols, type ElfSymbol } from './symbols.js';
import { decodeGnuProperties, decodeNotes, type ElfNote, type GnuProperty } from './notes.js';
import { RELR_RELATIVE, walkRelocations, type ElfRelocation, type RelocationTableRef, type RelocationVisitor } from './relocations.js';


/**
 * An opened ELF file for library users: headers eager, tables read on first
 * use and cached. Corrupt tables raise ElfFormatError with the offset; a file
 * without a table simply has an empty one.
 */
export class ElfFile {
  private phdrs: readonly ProgramHeader[] | undefined;
  private shdrs: readonly SectionHeader[] | undefined;
  private shstrtab: Buffer | undefined;
  private byName: Map<string, SectionHeader> | undefined;
  /** sectionName of each section header, as far as decoded. */
  private names: (string | undefined)[] | undefined;
  private notesCache: ElfNote[] | undefined;
  private dyn: readonly DynamicEntry[] | null | undefined;
  private countsCache: TableCounts | undefined;

  constructor(readonly reader: ElfReader) {}

  get path(): string | undefined {
    return this.reader.name;
  }
  get header(): ElfHeader {
    return this.reader.header;
  }
  get size(): bigint {
    return this.reader.size;
  }
  get bits(): 32 | 64 {
    return this.reader.header.bits;
  }

  /** The first section header, which carries the extended counts. */
  private sectionZero(): SectionHeader | undefined {
    const h = this.header;
    if (h.shoff === 0n || h.shentsize < STRUCT_SIZE[h.bits].shdr) return undefined;
    if (!this.reader.inFile(h.shoff, BigInt(h.shentsize))) return undefined;
    return this.reader.sectionHeaders(h.shoff, 1, h.shentsize)[0];
  }

  get counts(): TableCounts {
    if (this.countsCache === undefined) {
      const h = this.header;
      let s0: SectionZero | undefined;
      // Section 0 is read only when some count says to look there, or to check e_shstrndx against it.
      const zero = h.shnum !== 0 && h.shstrndx < h.shnum && h.phnum !== PN_XNUM ? undefined : this.sectionZero();
      if (zero !== undefined) s0 = { info: zero.info, link: zero.link, sizeLow32: Number(zero.size & 0xffffffffn) };
      this.countsCache = extendedCounts(h, s0);
    }
    return this.countsCache;
  }

  get programHeaders(): readonly ProgramHeader[] {
    if (this.phdrs === undefined) {
      const h = this.header;
      const n = this.counts.phnum;
      this.phdrs = n === 0 ? [] : this.reader.programHeaders(h.phoff, n, h.phentsize);
    }
    return this.phdrs;
  }

  get sectionHeaders(): readonly SectionHeader[] {
    if (this.shdrs === undefined) {
      const h = this.header;
      const n = h.shoff === 0n ? 0 : this.counts.shnum;
      this.shdrs = n === 0 ? [] : this.reader.sectionHeaders(h.shoff, n, h.shentsize);
    }
    return this.shdrs;
  }

  private sectionNameTable(): Buffer {
    if (this.shstrtab === undefined) {
      const idx = this.counts.shstrndx;
      const sec = idx === 0 ? undefined : this.sectionHeaders[idx];
      this.shstrtab =
        sec === undefined || sec.type === SHT.NOBITS || sec.size === 0n
          ? Buffer.alloc(0)
          : this.reader.readRange(sec.offset, sec.size, 'section name string table');
    }
    return this.shstrtab;
  }

  /** The raw bytes of a section's name (empty when the name table lacks it). */
  sectionNameBytes(sec: SectionHeader): Buffer {
    return cString(this.sectionNameTable(), sec.name);
  }

  /**
   * A section's name decoded as latin1 (names are bytes, not UTF-8); a name
   * of one of this file's sectionHeaders is decoded once (the audit asks for
   * each in several checks).
   */
  sectionName(sec: SectionHeader): string {
    const own = this.shdrs !== undefined && this.shdrs[sec.index] === sec;
    const known = own ? this.names?.[sec.index] : undefined;
    if (known !== undefined) return known;
    const name = this.sectionNameBytes(sec).toString('latin1');
    if (own) (this.names ??= new Array<string | undefined>(this.shdrs!.length))[sec.index] = name;
    return name;
  }

  /**
   * The first section with this name. The audit asks for a dozen names
   * per file, so the names are decoded once, into a map from each name
   * to its first section.
   */
  sectionByName(name: string): SectionHeader | undefined {
    if (this.byName === undefined) {
      const byName = new Map<string, SectionHeader>();
      for (const s of this.sectionHeaders) {
        const n = this.sectionName(s);
        if (!byName.has(n)) byName.set(n, s);
      }
      this.byName = byName;
    }
    return this.byName.get(name);
  }

  segmentsOfType(type: number): ProgramHeader[] {
    return this.programHeaders.filter((p) => p.type === type);
  }

  /** Bytes of a section's contents (empty for NOBITS). */
  sectionData(sec: SectionHeader): Buffer {
    if (sec.type === SHT.NOBITS || sec.size === 0n) return Buffer.alloc(0);
    return this.reader.readRange(sec.offset, sec.size, `section [${sec.index}] contents`);
  }

  /** The `size` file bytes that a PT_LOAD maps at `vaddr`, or undefined when none maps all of them. */
  bytesAtAddress(vaddr: bigint, size: bigint, what: string): Buffer | undefined {
    const off = this.vaddrToOffset(vaddr, size);
    if (off === undefined || !this.reader.inFile(off, size)) return undefined;
    return this.reader.readRange(off, size, what);
  }

  /**
   * Visits the file bytes [offset, offset + size) in pieces of at most
   * `chunk` bytes (BLOCK, 256 KiB, unless smaller), each but the first starting `overlap` bytes
   * before the previous one ended (so a pattern up to `overlap + 1` bytes
   * long is seen whole in some piece). `start` is the file offset of the
   * piece's first byte. A piece is read into memory reused for the next one
   * (src/elf/source.ts forEachBlock): it is valid only while `visit` runs, and
   * a 100 MB .text costs one piece of memory, not 100 MB. Raises
   * ElfFormatError when the range leaves the file, or when the file ends
   * early while it is read (the short piece is visited as the last, then the
   * error names the offset where the bytes ran out). Visitors scan and keep
   * nothing (the audit reads the code and .rodata of every file, and a fresh
   * megabyte per piece cost a page fault per 4 KiB read); one that must keep
   * a piece copies it. A visit inside a visit gets pieces of its own.
   */
  forEachChunk(offset: bigint, size: bigint, what: string, visit: (piece: Buffer, start: bigint, last: boolean) => void, chunk = BLOCK, overlap = 32): void {
    if (!this.reader.inFile(offset, size)) this.reader.readRange(offset, size, what);
    const done = forEachBlock(this.reader.source, offset, size, visit, overlap, chunk);
    if (done < size) throw new ElfFormatError(`short read of ${what}`, offset + done, `${size} bytes of ${what}`, this.reader.name);
  }

  /**
   * The dynamic table: from PT_DYNAMIC, else the `.dynamic` section; null
   * for files without one.
   */
  get dynamic(): readonly DynamicEntry[] | null {
    if (this.dyn === undefined) {
      const seg = this.programHeaders.find((p) => p.type === PT.DYNAMIC);
      if (seg !== undefined && seg.filesz > 0n) {
        this.dyn = this.reader.dynamicEntries(seg.offset, seg.filesz);
      } else {
        const sec = this.sectionHeaders.find((s) => s.type === SHT.DYNAMIC && s.size > 0n);
        this.dyn = sec === undefined ? null : this.reader.dynamicEntries(sec.offset, sec.size);
      }
    }
    return this.dyn;
  }

  /** The first entry with `tag`, if any. */
  dynamicValue(tag: bigint): bigint | undefined {
    return this.dynamic?.find((e) => e.tag === tag)?.value;
  }

  /** The program interpreter named by PT_INTERP, as raw bytes up to the first NUL. */
  interpreterBytes(): Buffer | undefined {
    const seg = this.programHeaders.find((p) => p.type === PT.INTERP);
    if (seg === undefined) return undefined;
    return cString(this.reader.readRange(seg.offset, seg.filesz, 'program interpreter'), 0);
  }

  /** DF_1_PIE in the first DT_FLAGS_1: what readelf calls a Position-Independent Executable. */
  get isPie(): boolean {
    if (this.header.type !== ET.DYN) return false;
    const flags1 = this.dynamicValue(DT.FLAGS_1);
    return flags1 !== undefined && (flags1 & DF_1.PIE) !== 0n;
  }

  /** The file offset holding virtual address `addr`, through the PT_LOADs' file parts. */
  vaddrToOffset(addr: bigint, size = 1n): bigint | undefined {
    for (const p of this.programHeaders) {
      if (p.type !== PT.LOAD) continue;
      if (addr >= p.vaddr && addr + size <= p.vaddr + p.filesz) return addr - p.vaddr + p.offset;
    }
    return undefined;
  }

  /** The symbols of a SHT_SYMTAB or SHT_DYNSYM section, names from its sh_link string table. */
  symbols(sec: SectionHeader): ElfSymbol[] {
    if (sec.size === 0n || sec.type === SHT.NOBITS) return [];
    const strsec = this.sectionHeaders[sec.link];
    const strtab = strsec === undefined ? Buffer.alloc(0) : this.sectionData(strsec);
    return decodeSymbols(this.reader.decoder, this.sectionData(sec), Number(sec.entsize), strtab);
  }

  /** `.symtab` entries, or null when the file has none (stripped). */
  staticSymbols(): ElfSymbol[] | null {
    const sec = this.sectionHeaders.find((s) => s.type === SHT.SYMTAB);
    return sec === undefined ? null : this.symbols(sec);
  }

  /** `.dynsym` entries, or null when the file has none. */
  dynamicSymbols(): ElfSymbol[] | null {
    const sec = this.sectionHeaders.find((s) => s.type === SHT.DYNSYM);
    return sec === undefined ? null : this.symbols(sec);
  }

  /** A string from the dynamic string table (see dynamicStrings). */
  dynamicString(offset: bigint): string | undefined {
    const table = this.dynamicStrings();
    if (table === undefined || offset >= BigInt(table.length)) return undefined;
    const o = Number(offset);
    const end = table.indexOf(0, o);
    return table.toString('latin1', o, end < 0 ? table.length : end);
  }

  private dynstr: Buffer | null | undefined;
  /** The dynamic string table: DT_STRTAB/DT_STRSZ through the PT_LOADs, else the `.dynstr` section. */
  dynamicStrings(): Buffer | undefined {
    if (this.dynstr === undefined) {
      this.dynstr = null;
      const addr = this.dynamicValue(DT.STRTAB);
      const size = this.dynamicValue(DT.STRSZ);
      const off = addr !== undefined && size !== undefined ? this.vaddrToOffset(addr, size) : undefined;
      if (off !== undefined && size !== undefined && this.reader.inFile(off, size)) {
        this.dynstr = this.reader.readRange(off, size, 'dynamic string table');
      } else {
        const sec = this.sectionByName('.dynstr');
        if (sec !== undefined) this.dynstr = this.sectionData(sec);
      }
    }
    return this.dynstr ?? undefined;
  }

  /**
   * Every note, from PT_NOTE segments (or SHT_NOTE sections when there are
   * no program headers): read and decoded once (the audit's ABI tag,
   * toolchain, build-id and property checks each ask), a new array each call.
   */
  notes(): ElfNote[] {
    this.notesCache ??= this.readNotes();
    return this.notesCache.slice();
  }

  private readNotes(): ElfNote[] {
    const d = this.reader.decoder;
    const segs = this.programHeaders.filter((p) => p.type === PT.NOTE && p.filesz > 0n);
    if (segs.length > 0) {
      return segs.flatMap((p) =>
        this.reader.inFile(p.offset, p.filesz)
          ? decodeNotes(d, this.reader.readRange(p.offset, p.filesz, 'note segment'), p.offset, Number(p.align))
          : [],
      );
    }
    return this.sectionHeaders
      .filter((s) => s.type === SHT.NOTE && s.size > 0n)
      .flatMap((s) => decodeNotes(d, this.sectionData(s), s.offset, Number(s.addralign)));
  }

  /**
   * The GNU build-id (NT_GNU_BUILD_ID) as lowercase hex, the name debuginfod
   * and /usr/lib/debug/.build-id give a build; undefined without one.
   */
  buildId(): string | undefined {
    const n = this.notes().find((x) => x.name === 'GNU' && x.type === NT_GNU.BUILD_ID && x.desc.length > 0);
    return n?.desc.toString('hex');
  }

  /** The GNU properties (NT_GNU_PROPERTY_TYPE_0), e.g. x86 IBT/SHSTK or AArch64 BTI/PAC. */
  gnuProperties(): GnuProperty[] {
    return this.notes()
      .filter((n) => n.name === 'GNU' && n.type === NT_GNU.PROPERTY_TYPE_0)
      .flatMap((n) => decodeGnuProperties(this.reader.decoder, n.desc));
  }

  /**
   * Where the relocation tables the dynamic loader applies lie: DT_RELA,
   * DT_REL, DT_JMPREL and DT_RELR read through the dynamic section; when
   * the file has no dynamic table, its allocated SHT_REL/SHT_RELA/SHT_RELR
   * sections. A table the loader could not read — not inside the file part
   * of one PT_LOAD, or past the end of the file — is left out with a
   * problem that gives its numbers.
   */
  dynamicRelocationTables(): { tables: RelocationTableRef[]; problems: string[] } {
    const tables: RelocationTableRef[] = [];
    const problems: string[] = [];
    const w = this.bits / 8;
    const hex = (v: bigint) => `0x${v.toString(16)}`;
    const add = (source: string, format: RelocationTableRef['format'], vaddr: bigint | undefined, size: bigint | undefined, entsize: bigint | undefined) => {
      if (vaddr === undefined || size === undefined || size === 0n) return;
      const natural = format === 'relr' ? w : format === 'rela' ? 3 * w : 2 * w;
      const stride = entsize !== undefined && entsize > BigInt(natural) && entsize < 1n << 16n ? Number(entsize) : natural;
      const offset = this.vaddrToOffset(vaddr, size);
      if (offset === undefined) {
        problems.push(`${source} table [${hex(vaddr)}, ${hex(vaddr + size)}) (${size} bytes) is not inside the file part of one PT_LOAD: not read`);
      } else if (!this.reader.inFile(offset, size)) {
        problems.push(`${source} table at file offset ${hex(offset)} (${size} bytes) runs past the end of the ${this.size}-byte file: not read`);
      } else {
        tables.push({ source, format, vaddr, offset, size, stride });
      }
    };
    if (this.dynamic !== null) {
      const v = (tag: bigint) => this.dynamicValue(tag);
      add('DT_RELA', 'rela', v(DT.RELA), v(DT.RELASZ), v(DT.RELAENT));
      add('DT_REL', 'rel', v(DT.REL), v(DT.RELSZ), v(DT.RELENT));
      add('DT_JMPREL', v(DT.PLTREL) === DT.RELA ? 'rela' : 'rel', v(DT.JMPREL), v(DT.PLTRELSZ), undefined);
      add('DT_RELR', 'relr', v(DT.RELR), v(DT.RELRSZ), undefined);
      return { tables, problems };
    }
    for (const s of this.sectionHeaders) {
      if ((s.flags & SHF.ALLOC) === 0n || s.size === 0n) continue;
      const format = s.type === SHT.RELA ? 'rela' : s.type === SHT.REL ? 'rel' : s.type === SHT.RELR ? 'relr' : undefined;
      if (format === undefined) continue;
      if (this.reader.inFile(s.offset, s.size)) tables.push({ source: `section [${s.index}]`, format, vaddr: undefined, offset: s.offset, size: s.size, stride: Number(s.entsize < 1n << 16n ? s.entsize : 0n) });
      else problems.push(`section [${s.index}] (${format.toUpperCase()}, ${s.size} bytes at ${hex(s.offset)}) runs past the end of the ${this.size}-byte file: not read`);
    }
    return { tables, problems };
  }

  /** Streams every relocation of the tables dynamicRelocationTables finds (see walkRelocations). */
  forEachDynamicRelocation(visit: RelocationVisitor, tables = this.dynamicRelocationTables().tables): void {
    const read = (offset: bigint, length: number) => this.reader.readRange(offset, BigInt(length), 'relocation table');
    for (const t of tables) walkRelocations(this.reader.decoder, this.header.machine, t, read, visit);
  }

  /**
   * Every dynamic relocation as an object. One object per relocation: for a
   * library with millions, use forEachDynamicRelocation, which holds none.
   */
  dynamicRelocations(): ElfRelocation[] {
    const out: ElfRelocation[] = [];
    this.forEachDynamicRelocation((addr, type, symbol, wide) => {
      out.push({ offset: wide ?? BigInt(addr), type: type === RELR_RELATIVE ? 0 : type, symbol, addend: undefined });
    });
    return out;
  }

  close(): void {
    this.reader.close();
  }
}

/** Opens an ELF file by path; the caller closes it. */
export function openElf(path: string): ElfFile {
  return new ElfFile(ElfReader.openFile(path));
}

/** Parses an ELF image held in memory. */
export function parseElf(bytes: Buffer, name?: string): ElfFile {
  return new ElfFile(ElfReader.fromBuffer(bytes, name === undefined ? {} : { name }));
}

/** Opens from any ByteSource (e.g. a range-caching reader). */
export function elfFromSource(source: ByteSource, name?: string): ElfFile {
  return new ElfFile(ElfReader.fromSource(source, name === undefined ? {} : { name }));
}

export { ElfFormatError };
