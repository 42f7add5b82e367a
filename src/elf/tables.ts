import type { Decoder } from './decode.js';
import type { DynamicEntry, ProgramHeader, SectionHeader } from './types.js';

/**
 * Header tables read straight from their raw bytes, for callers that visit
 * every entry of thousands of files (readelf's batch mode): the numeric
 * accessors allocate nothing, and the bigint objects of the public model
 * (ProgramHeader, SectionHeader, DynamicEntry) are built only for the
 * entries someone asks for with `at(i)`.
 *
 * Numbers are exact for every 32-bit field. A 64-bit field read as a number
 * is exact only below 2^53, so callers check `small` first: it is true when
 * every 64-bit field of every entry is below 2^52, which makes the sum of
 * any two fields exact too (below 2^53). When it is false, use `at(i)` and
 * bigint arithmetic. Tables may view scratch memory (see FileSourceOptions):
 * keep what `at(i)` returns, not the table.
 */

/** 2^32, to join the two halves of a 64-bit field. */
const TWO32 = 4294967296;
/** A 64-bit value is below 2^52 exactly when its high half is below 2^20. */
const SMALL_HIGH = 0x100000;

abstract class RawTable<T> {
  /** Whether every 64-bit field is below 2^52 (always true for ELF32). */
  readonly small: boolean;
  protected readonly view: DataView;
  protected readonly le: boolean;
  /** ELF64: class-sized fields are 8 bytes. */
  protected readonly wide: boolean;
  private cache: (T | undefined)[] | undefined;

  constructor(
    decoder: Decoder,
    bytes: Buffer,
    readonly count: number,
    readonly stride: number,
    /** Byte offsets, within an entry, of the class-sized (64-bit in ELF64) fields. */
    wordFields: readonly number[],
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.le = !decoder.bigEndian;
    this.wide = decoder.bits === 64;
    this.small = !this.wide || this.allBelow2p52(wordFields);
  }

  /** The public-model object for entry `i`, built once. */
  at(i: number): T {
    this.cache ??= new Array<T | undefined>(this.count);
    let e = this.cache[i];
    if (e === undefined) {
      e = this.decode(i * this.stride, i);
      this.cache[i] = e;
    }
    return e;
  }

  /** Every entry as a public-model object. */
  all(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }

  protected abstract decode(offset: number, index: number): T;

  protected u32(o: number): number {
    return this.view.getUint32(o, this.le);
  }

  /** A class-sized field as a number (exact below 2^53; see `small`). */
  protected word(o: number): number {
    if (!this.wide) return this.view.getUint32(o, this.le);
    const a = this.view.getUint32(o, this.le);
    const b = this.view.getUint32(o + 4, this.le);
    return this.le ? a + b * TWO32 : b + a * TWO32;
  }

  /** A class-sized field as a bigint (always exact): what `at(i)` objects hold. */
  protected big(o: number): bigint {
    return this.wide ? this.view.getBigUint64(o, this.le) : BigInt(this.view.getUint32(o, this.le));
  }

  /** The low 32 bits of a class-sized field (always exact). */
  protected low32(o: number): number {
    return this.wide && !this.le ? this.view.getUint32(o + 4, false) : this.view.getUint32(o, this.le);
  }

  /** The high 32 bits of a class-sized field (0 for ELF32). */
  protected high32(o: number): number {
    if (!this.wide) return 0;
    return this.le ? this.view.getUint32(o + 4, true) : this.view.getUint32(o, false);
  }

  /** Whether every listed field of every entry has a high half below 2^20 (value below 2^52). */
  private allBelow2p52(fields: readonly number[]): boolean {
    // OR-ing the high halves keeps any bit at or above 2^20 that one of them has.
    const hiAt = this.le ? 4 : 0;
    let bits = 0;
    for (let base = 0, end = this.count * this.stride; base < end; base += this.stride) {
      for (let k = 0; k < fields.length; k++) bits |= this.view.getUint32(base + fields[k]! + hiAt, this.le);
    }
    return (bits & ~(SMALL_HIGH - 1)) === 0;
  }
}

/** Field offsets within one program header. */
interface PhdrLayout {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly align: number;
}
const PHDR64: PhdrLayout = { type: 0, flags: 4, offset: 8, vaddr: 16, paddr: 24, filesz: 32, memsz: 40, align: 48 };
const PHDR32: PhdrLayout = { type: 0, offset: 4, vaddr: 8, paddr: 12, filesz: 16, memsz: 20, flags: 24, align: 28 };
const wordsOf = (l: PhdrLayout) => [l.offset, l.vaddr, l.paddr, l.filesz, l.memsz, l.align];
const PHDR64_WORDS = wordsOf(PHDR64);
const PHDR32_WORDS = wordsOf(PHDR32);

/** A program header table; `at(i)` gives the ProgramHeader. */
export class ProgramTable extends RawTable<ProgramHeader> {
  private readonly f: PhdrLayout;

  constructor(decoder: Decoder, bytes: Buffer, count: number, stride: number) {
    super(decoder, bytes, count, stride, decoder.bits === 64 ? PHDR64_WORDS : PHDR32_WORDS);
    this.f = decoder.bits === 64 ? PHDR64 : PHDR32;
  }

  /** Same fields and property order as decode.ts's decodeProgramHeader. */
  protected decode(o: number, index: number): ProgramHeader {
    const f = this.f;
    return this.wide
      ? {
          index,
          type: this.u32(o + f.type),
          flags: this.u32(o + f.flags),
          offset: this.big(o + f.offset),
          vaddr: this.big(o + f.vaddr),
          paddr: this.big(o + f.paddr),
          filesz: this.big(o + f.filesz),
          memsz: this.big(o + f.memsz),
          align: this.big(o + f.align),
        }
      : {
          index,
          type: this.u32(o + f.type),
          offset: this.big(o + f.offset),
          vaddr: this.big(o + f.vaddr),
          paddr: this.big(o + f.paddr),
          filesz: this.big(o + f.filesz),
          memsz: this.big(o + f.memsz),
          flags: this.u32(o + f.flags),
          align: this.big(o + f.align),
        };
  }

  type(i: number): number {
    return this.u32(i * this.stride + this.f.type);
  }
  flags(i: number): number {
    return this.u32(i * this.stride + this.f.flags);
  }
  offset(i: number): number {
    return this.word(i * this.stride + this.f.offset);
  }
  vaddr(i: number): number {
    return this.word(i * this.stride + this.f.vaddr);
  }
  paddr(i: number): number {
    return this.word(i * this.stride + this.f.paddr);
  }
  filesz(i: number): number {
    return this.word(i * this.stride + this.f.filesz);
  }
  memsz(i: number): number {
    return this.word(i * this.stride + this.f.memsz);
  }
  align(i: number): number {
    return this.word(i * this.stride + this.f.align);
  }
}

/** Field offsets within one section header. */
interface ShdrLayout {
  readonly name: number;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
}
const SHDR64: ShdrLayout = { name: 0, type: 4, flags: 8, addr: 16, offset: 24, size: 32, link: 40, info: 44, addralign: 48, entsize: 56 };
const SHDR32: ShdrLayout = { name: 0, type: 4, flags: 8, addr: 12, offset: 16, size: 20, link: 24, info: 28, addralign: 32, entsize: 36 };
const shdrWords = (l: ShdrLayout) => [l.flags, l.addr, l.offset, l.size, l.addralign, l.entsize];
const SHDR64_WORDS = shdrWords(SHDR64);
const SHDR32_WORDS = shdrWords(SHDR32);

/** A section header table; `at(i)` gives the SectionHeader. */
export class SectionTable extends RawTable<SectionHeader> {
  private readonly f: ShdrLayout;

  constructor(decoder: Decoder, bytes: Buffer, count: number, stride: number) {
    super(decoder, bytes, count, stride, decoder.bits === 64 ? SHDR64_WORDS : SHDR32_WORDS);
    this.f = decoder.bits === 64 ? SHDR64 : SHDR32;
  }

  /** Same fields and property order as decode.ts's decodeSectionHeader. */
  protected decode(o: number, index: number): SectionHeader {
    const f = this.f;
    return {
      index,
      name: this.u32(o + f.name),
      type: this.u32(o + f.type),
      flags: this.big(o + f.flags),
      addr: this.big(o + f.addr),
      offset: this.big(o + f.offset),
      size: this.big(o + f.size),
      link: this.u32(o + f.link),
      info: this.u32(o + f.info),
      addralign: this.big(o + f.addralign),
      entsize: this.big(o + f.entsize),
    };
  }

  name(i: number): number {
    return this.u32(i * this.stride + this.f.name);
  }
  type(i: number): number {
    return this.u32(i * this.stride + this.f.type);
  }
  link(i: number): number {
    return this.u32(i * this.stride + this.f.link);
  }
  info(i: number): number {
    return this.u32(i * this.stride + this.f.info);
  }
  flags(i: number): number {
    return this.word(i * this.stride + this.f.flags);
  }
  /** The low 32 bits of sh_flags: exact flag tests for SHF_ALLOC, SHF_TLS and the like. */
  flagsLow32(i: number): number {
    return this.low32(i * this.stride + this.f.flags);
  }
  addr(i: number): number {
    return this.word(i * this.stride + this.f.addr);
  }
  offset(i: number): number {
    return this.word(i * this.stride + this.f.offset);
  }
  size(i: number): number {
    return this.word(i * this.stride + this.f.size);
  }
  /** The low 32 bits of sh_size (section 0's extended section count). */
  sizeLow32(i: number): number {
    return this.low32(i * this.stride + this.f.size);
  }
  addralign(i: number): number {
    return this.word(i * this.stride + this.f.addralign);
  }
  entsize(i: number): number {
    return this.word(i * this.stride + this.f.entsize);
  }
}

/**
 * A dynamic table: the entries up to and including the first DT_NULL, or as
 * many whole entries as the bytes hold (as decodeDynamic counts them).
 */
export class DynamicTable extends RawTable<DynamicEntry> {
  constructor(decoder: Decoder, bytes: Buffer) {
    const stride = decoder.bits === 64 ? 16 : 8;
    super(decoder, bytes, countDynamic(decoder, bytes, stride), stride, [0, stride / 2]);
  }

  protected decode(o: number): DynamicEntry {
    return { tag: this.big(o), value: this.big(o + this.stride / 2) };
  }

  /** Entry `i`'s d_tag when it fits in 32 bits (every tag GNU names does), else -1. Exact for any table. */
  tag32(i: number): number {
    const o = i * this.stride;
    return this.high32(o) === 0 ? this.low32(o) : -1;
  }
  /** The first entry from `from` on whose d_tag is `tag` (a 32-bit value), or -1. */
  indexOfTag(tag: number, from = 0): number {
    const lowAt = this.wide && !this.le ? 4 : 0;
    for (let i = from; i < this.count; i++) {
      const o = i * this.stride;
      if (this.view.getUint32(o + lowAt, this.le) === tag && this.high32(o) === 0) return i;
    }
    return -1;
  }

  tag(i: number): number {
    return this.word(i * this.stride);
  }
  value(i: number): number {
    return this.word(i * this.stride + this.stride / 2);
  }
  /** The low 32 bits of d_val: exact flag tests. */
  valueLow32(i: number): number {
    return this.low32(i * this.stride + this.stride / 2);
  }
}

/** Entries up to and including the first DT_NULL, or all whole entries. */
function countDynamic(d: Decoder, bytes: Buffer, stride: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !d.bigEndian;
  let n = 0;
  for (let o = 0; o + stride <= bytes.length; o += stride) {
    n++;
    const tagZero = stride === 16 ? (view.getUint32(o, le) | view.getUint32(o + 4, le)) === 0 : view.getUint32(o, le) === 0;
    if (tagZero) break;
  }
  return n;
}
