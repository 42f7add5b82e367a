import { DF_1, DT, ET, PN_XNUM, PT, SHN_XINDEX, SHT, STRUCT_SIZE } from './constants.js';
import { ElfFormatError } from './errors.js';
import { cString, ElfReader } from './reader.js';
import type { ByteSource } from './source.js';
import type { DynamicEntry, ElfHeader, ProgramHeader, SectionHeader } from './types.js';

/** Table counts after extended numbering (PN_XNUM, e_shnum 0, SHN_XINDEX). */
export interface TableCounts {
  readonly phnum: number;
  readonly shnum: number;
  readonly shstrndx: number;
}

/**
 * An opened ELF file for library users: headers eager, tables read on first
 * use and cached. Corrupt tables raise ElfFormatError with the offset; a file
 * without a table simply has an empty one.
 */
export class ElfFile {
  private phdrs: readonly ProgramHeader[] | undefined;
  private shdrs: readonly SectionHeader[] | undefined;
  private shstrtab: Buffer | undefined;
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
      let { phnum, shnum, shstrndx } = h;
      if (phnum === PN_XNUM || shnum === 0 || shstrndx === SHN_XINDEX) {
        const s0 = this.sectionZero();
        if (s0 !== undefined) {
          if (phnum === PN_XNUM && s0.info !== 0) phnum = s0.info;
          if (shnum === 0) shnum = Number(s0.size & 0xffffffffn);
          if (shstrndx === SHN_XINDEX) shstrndx = s0.link;
        }
      }
      if (shstrndx >= shnum) shstrndx = 0;
      this.countsCache = { phnum, shnum, shstrndx };
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

  /** A section's name decoded as latin1 (names are bytes, not UTF-8). */
  sectionName(sec: SectionHeader): string {
    return this.sectionNameBytes(sec).toString('latin1');
  }

  sectionByName(name: string): SectionHeader | undefined {
    return this.sectionHeaders.find((s) => this.sectionName(s) === name);
  }

  segmentsOfType(type: number): ProgramHeader[] {
    return this.programHeaders.filter((p) => p.type === type);
  }

  /** Bytes of a section's contents (empty for NOBITS). */
  sectionData(sec: SectionHeader): Buffer {
    if (sec.type === SHT.NOBITS || sec.size === 0n) return Buffer.alloc(0);
    return this.reader.readRange(sec.offset, sec.size, `section [${sec.index}] contents`);
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
