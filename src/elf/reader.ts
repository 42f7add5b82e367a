import { EI, ELFCLASS, ELFDATA, ELFMAG, STRUCT_SIZE } from './constants.js';
import { decodeDynamic, decodeProgramHeaders, decodeSectionHeaders, makeDecoder, type Decoder } from './decode.js';
import { ElfFormatError } from './errors.js';
import { BufferSource, FileSource, type ByteSource } from './source.js';
import type { DynamicEntry, ElfHeader, ElfIdent, ProgramHeader, SectionHeader } from './types.js';

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
        throw new ElfFormatError('not an ELF file: wrong magic bytes', 0, 'the magic bytes 7f 45 4c 46', name);
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
    const w = bits === 64 ? 8 : 4;
    const at = 24 + 3 * w; // e_flags follows e_entry, e_phoff, e_shoff
    const header: ElfHeader = {
      ident,
      bits,
      bigEndian,
      type: d.u16(b, 16),
      machine: d.u16(b, 18),
      version: d.u32(b, 20),
      entry: d.word(b, 24),
      phoff: d.word(b, 24 + w),
      shoff: d.word(b, 24 + 2 * w),
      flags: d.u32(b, at),
      ehsize: d.u16(b, at + 4),
      phentsize: d.u16(b, at + 6),
      phnum: d.u16(b, at + 8),
      shentsize: d.u16(b, at + 10),
      shnum: d.u16(b, at + 12),
      shstrndx: d.u16(b, at + 14),
    };
    return new ElfReader(source, header, d, name);
  }

  get size(): bigint {
    return this.source.size;
  }

  get hasMagic(): boolean {
    return this.header.ident.bytes.subarray(0, 4).equals(ELFMAG);
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
    const buf = this.source.read(offset, Number(length));
    if (BigInt(buf.length) !== length) {
      throw new ElfFormatError(`short read of ${what}`, offset, `${length} bytes of ${what}`, this.name);
    }
    return buf;
  }

  /**
   * Program headers at `offset`: `count` entries, `stride` bytes apart
   * (at least the natural entry size). The whole table is bounds-checked first.
   */
  programHeaders(offset: bigint, count: number, stride: number = STRUCT_SIZE[this.header.bits].phdr): ProgramHeader[] {
    const natural = STRUCT_SIZE[this.header.bits].phdr;
    if (stride < natural) {
      throw new ElfFormatError(`program header entry size ${stride} is too small`, offset, `entries of at least ${natural} bytes`, this.name);
    }
    if (count === 0) return [];
    const buf = this.readRange(offset, BigInt(stride) * BigInt(count), 'program headers');
    return decodeProgramHeaders(this.decoder, buf, count, stride);
  }

  /** Section headers at `offset`, like programHeaders. */
  sectionHeaders(offset: bigint, count: number, stride: number = STRUCT_SIZE[this.header.bits].shdr): SectionHeader[] {
    const natural = STRUCT_SIZE[this.header.bits].shdr;
    if (stride < natural) {
      throw new ElfFormatError(`section header entry size ${stride} is too small`, offset, `entries of at least ${natural} bytes`, this.name);
    }
    if (count === 0) return [];
    const buf = this.readRange(offset, BigInt(stride) * BigInt(count), 'section headers');
    return decodeSectionHeaders(this.decoder, buf, count, stride);
  }

  /** Dynamic entries in [offset, offset + size), up to the first DT_NULL. */
  dynamicEntries(offset: bigint, size: bigint): DynamicEntry[] {
    return decodeDynamic(this.decoder, this.readRange(offset, size, 'dynamic section'));
  }

  /** Decodes dynamic entries from bytes already read. */
  dynamicEntriesFromBuffer(buf: Buffer): DynamicEntry[] {
    return decodeDynamic(this.decoder, buf);
  }

  close(): void {
    this.source.close();
  }
}

/** The bytes of `buf` from `offset` up to (not including) the first NUL. */
export function cString(buf: Buffer, offset: number): Buffer {
  if (offset >= buf.length) return buf.subarray(buf.length);
  const end = buf.indexOf(0, offset);
  return buf.subarray(offset, end < 0 ? buf.length : end);
}
