import { EI, ELFCLASS, ELFDATA, ELFMAG, STRUCT_SIZE } from './constants.js';
import { makeDecoder, type Decoder } from './decode.js';
import { ElfFormatError } from './errors.js';
import { ARCHIVE_NOT_READ, archiveMagic } from './archive.js';
import { BufferSource, FileSource, type ByteSource } from './source.js';
import { DynamicTable, ProgramTable, SectionTable } from './tables.js';
import type { DynamicEntry, ElfClassBits, ElfHeader, ElfIdent, ProgramHeader, SectionHeader } from './types.js';

/** prefetchSectionTable reads at least this many bytes before the table... */
const PREFETCH_BEFORE = 4096;
/** ...and at least this many in all. */
const PREFETCH_WINDOW = 8192;

export interface IdentifyOptions {
  /**
   * Check the four magic bytes. GNU readelf reads the whole header first and
   * checks the magic later; its emulation turns this off to keep that order.
   */
  checkMagic?: boolean;
  /** Name used in error messages. */
  name?: string;
}

/**
 * The low-level reader: identifies class and byte order from e_ident, binds
 * one decoder, and reads tables at offsets the caller names, each range
 * checked against the file size before any byte is read.
 */
export class ElfReader {
  private constructor(
    readonly source: ByteSource,
    readonly header: ElfHeader,
    readonly decoder: Decoder,
    readonly name: string | undefined,
  ) {}

  static openFile(path: string, opts: IdentifyOptions = {}): ElfReader {
    const source = FileSource.open(path);
    try {
      return ElfReader.fromSource(source, { name: path, ...opts });
    } catch (e) {
      source.close();
      throw e;
    }
  }

  static fromBuffer(bytes: Buffer, opts: IdentifyOptions = {}): ElfReader {
    return ElfReader.fromSource(new BufferSource(bytes), opts);
  }

  static fromSource(source: ByteSource, opts: IdentifyOptions = {}): ElfReader {
    const name = opts.name;
    const identBytes = source.read(0n, EI.NIDENT);
    if (opts.checkMagic !== false) {
      if (identBytes.length < 4 || !identBytes.subarray(0, 4).equals(ELFMAG)) {
        const what = archiveMagic(identBytes) === null ? 'not an ELF file: wrong magic bytes' : ARCHIVE_NOT_READ;
        throw new ElfFormatError(what, 0, 'the magic bytes 7f 45 4c 46', name);
      }
    }
    if (identBytes.length < EI.NIDENT) {
      throw new ElfFormatError('truncated ELF identification', identBytes.length, `${EI.NIDENT} bytes of e_ident`, name);
    }
    const ident: ElfIdent = {
      bytes: Buffer.from(identBytes),
      class: identBytes[EI.CLASS]!,
      data: identBytes[EI.DATA]!,
      version: identBytes[EI.VERSION]!,
      osabi: identBytes[EI.OSABI]!,
      abiVersion: identBytes[EI.ABIVERSION]!,
    };
    // Like GNU readelf: anything but ELFCLASS64 decodes as 32-bit, anything
    // but ELFDATA2MSB as little-endian.
    const bits = ident.class === ELFCLASS.CLASS64 ? 64 : 32;
    const bigEndian = ident.data === ELFDATA.MSB;
    const d = makeDecoder(bits, bigEndian);
    const ehsize = STRUCT_SIZE[bits].ehdr;
    const b = source.read(0n, ehsize);
    if (b.length < ehsize) {
      throw new ElfFormatError('truncated ELF header', b.length, `a ${ehsize}-byte ELF${bits} header`, name);
    }
    const header = decodeHeader(b, ident, bits, bigEndian);
    return new ElfReader(source, header, d, name);
  }

  get size(): bigint {
    return this.source.size;
  }

  get hasMagic(): boolean {
    const b = this.header.ident.bytes;
    return b[0] === ELFMAG[0] && b[1] === ELFMAG[1] && b[2] === ELFMAG[2] && b[3] === ELFMAG[3];
  }

  /** True when [offset, offset + length) lies inside the file (overflow-safe). */
  inFile(offset: bigint, length: bigint): boolean {
    return offset >= 0n && length >= 0n && offset <= this.size && length <= this.size - offset;
  }

  /** Reads exactly `length` bytes or raises an ElfFormatError naming `what`. */
  readRange(offset: bigint, length: bigint, what: string): Buffer {
    if (!this.inFile(offset, length)) {
      throw new ElfFormatError(
        `${what} extends past the end of the file`,
        offset,
        `${length} bytes of ${what} within the ${this.size}-byte file`,
        this.name,
      );
    }
    // inFile bounds `length` by the file size, and the source refuses reads
    // over MAX_READ, so Number(length) is exact wherever it matters.
    const want = Number(length);
    const buf = this.source.read(offset, want);
    if (buf.length !== want) {
      throw new ElfFormatError(`short read of ${what}`, offset, `${length} bytes of ${what}`, this.name);
    }
    return buf;
  }

  /**
   * Program headers at `offset`: `count` entries, `stride` bytes apart
   * (at least the natural entry size). The whole table is bounds-checked first.
   */
  programHeaders(offset: bigint, count: number, stride: number = STRUCT_SIZE[this.header.bits].phdr): ProgramHeader[] {
    return this.programTable(offset, count, stride).all();
  }

  /** Section headers at `offset`, like programHeaders. */
  sectionHeaders(offset: bigint, count: number, stride: number = STRUCT_SIZE[this.header.bits].shdr): SectionHeader[] {
    return this.sectionTable(offset, count, stride).all();
  }

  /** The program header table as a ProgramTable (numeric access, lazy objects); checks as programHeaders. */
  programTable(offset: bigint, count: number, stride: number = STRUCT_SIZE[this.header.bits].phdr): ProgramTable {
    return new ProgramTable(this.decoder, this.tableBytes('program', offset, count, stride), count, stride);
  }

  /** The section header table as a SectionTable (numeric access, lazy objects); checks as sectionHeaders. */
  sectionTable(offset: bigint, count: number, stride: number = STRUCT_SIZE[this.header.bits].shdr): SectionTable {
    return new SectionTable(this.decoder, this.tableBytes('section', offset, count, stride), count, stride);
  }

  /**
   * A hint before reading the section header table: linkers put it at the
   * end of the file right after `.shstrtab` (and, in shared objects, usually
   * a few KiB after `.dynamic`), so one read of the table and the 4 to 8 KiB
   * before it serves the lookups that follow without further system calls.
   */
  prefetchSectionTable(): void {
    const h = this.header;
    if (this.source.prefetch === undefined || h.shoff === 0n || h.shoff >= this.size) return;
    const start = Number(h.shoff); // inexact only for files of 2^53 bytes, where prefetch does nothing
    const end = start + h.shentsize * (h.shnum === 0 ? 1 : h.shnum);
    const from = Math.max(0, Math.min(start - PREFETCH_BEFORE, end - PREFETCH_WINDOW));
    this.source.prefetch(from, end - from);
  }

  /**
   * The bytes of `count` entries, `stride` bytes apart, at `offset`: the
   * stride is checked first (even for an empty table), then the whole range.
   */
  private tableBytes(kind: 'program' | 'section', offset: bigint, count: number, stride: number): Buffer {
    const natural = STRUCT_SIZE[this.header.bits][kind === 'program' ? 'phdr' : 'shdr'];
    if (stride < natural) {
      throw new ElfFormatError(`${kind} header entry size ${stride} is too small`, offset, `entries of at least ${natural} bytes`, this.name);
    }
    if (count === 0) return Buffer.alloc(0);
    return this.readRange(offset, BigInt(stride) * BigInt(count), `${kind} headers`);
  }

  /** Dynamic entries in [offset, offset + size), up to the first DT_NULL. */
  dynamicEntries(offset: bigint, size: bigint): DynamicEntry[] {
    return this.dynamicTableFromBuffer(this.readRange(offset, size, 'dynamic section')).all();
  }

  /** The same entries as a DynamicTable (numeric access, lazy objects). */
  dynamicTableFromBuffer(buf: Buffer): DynamicTable {
    return new DynamicTable(this.decoder, buf);
  }

  close(): void {
    this.source.close();
  }
}

/**
 * The ELF header fields after e_ident, through a DataView: its builtin
 * reads cost less than Buffer's read methods where the header is decoded
 * once per file of a long batch.
 */
function decodeHeader(b: Buffer, ident: ElfIdent, bits: ElfClassBits, bigEndian: boolean): ElfHeader {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = !bigEndian;
  const w = bits === 64 ? 8 : 4;
  const at = 24 + 3 * w; // e_flags follows e_entry, e_phoff, e_shoff
  return {
    ident,
    bits,
    bigEndian,
    type: v.getUint16(16, le),
    machine: v.getUint16(18, le),
    version: v.getUint32(20, le),
    entry: headerWord(v, 24, w, le),
    phoff: headerWord(v, 24 + w, w, le),
    shoff: headerWord(v, 24 + 2 * w, w, le),
    flags: v.getUint32(at, le),
    ehsize: v.getUint16(at + 4, le),
    phentsize: v.getUint16(at + 6, le),
    phnum: v.getUint16(at + 8, le),
    shentsize: v.getUint16(at + 10, le),
    shnum: v.getUint16(at + 12, le),
    shstrndx: v.getUint16(at + 14, le),
  };
}

/** A class-sized header field (`w` bytes) as a bigint. */
function headerWord(v: DataView, o: number, w: number, le: boolean): bigint {
  return w === 8 ? v.getBigUint64(o, le) : BigInt(v.getUint32(o, le));
}

/** The bytes of `buf` from `offset` up to (not including) the first NUL, and at most `limit` of them. */
export function cString(buf: Buffer, offset: number, limit = Infinity): Buffer {
  if (offset >= buf.length) return buf.subarray(buf.length);
  const stop = Math.min(buf.length, offset + limit);
  const end = buf.indexOf(0, offset);
  return buf.subarray(offset, end < 0 || end > stop ? stop : end);
}

/** cString as a byte string (one char per byte), as readelf prints names. */
export function cText(buf: Buffer, offset: number, limit = Infinity): string {
  return cString(buf, offset, limit).toString('latin1');
}
