import type { Decoder } from './decode.js';
import type { DynamicEntry, ProgramHeader, SectionHeader } from './types.js';

/**
 * Header tables read straight from their raw bytes, for callers that visit
 * every entry of thousands of files (readelf's batch mode).
 *
 * The constructor decodes every field of every entry into one Float64Array,
 * `num`, entry-major (`num[i * FIELDS + FIELD]`, with the field indices
 * below): one tight loop, shared by all tables, that V8 optimizes early,
 * after which hot callers read plain array elements instead of calling an
 * accessor per field. The named accessors read the same numbers. The bigint
 * objects of the public model (ProgramHeader, SectionHeader, DynamicEntry)
 * are built only for the entries someone asks for with `at(i)`.
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

/**
 * Where each field of an entry lives: its byte offset in the entry, and
 * whether it is class-sized (8 bytes in ELF64) rather than 32-bit.
 */
interface Layout {
  readonly at: Int32Array;
  readonly word: Uint8Array;
}
function layout(fields: readonly (readonly [offset: number, word: boolean])[]): Layout {
  return { at: Int32Array.from(fields, (f) => f[0]), word: Uint8Array.from(fields, (f) => (f[1] ? 1 : 0)) };
}

/**
 * Float64Arrays carved out of shared 64 KiB blocks, as Buffer pools its
 * small buffers: a table of a few hundred numbers then costs no separate
 * off-heap allocation (and no external-memory bookkeeping for the GC). A
 * block lives as long as any table that views it.
 */
const BLOCK = 1 << 16;
let block = new ArrayBuffer(BLOCK);
let blockUsed = 0;
function numberStore(length: number): Float64Array {
  const bytes = length * 8;
  if (bytes > BLOCK / 4) return new Float64Array(length);
  if (blockUsed + bytes > BLOCK) {
    block = new ArrayBuffer(BLOCK);
    blockUsed = 0;
  }
  const store = new Float64Array(block, blockUsed, length);
  blockUsed += bytes;
  return store;
}

abstract class RawTable<T> {
  /** Whether every 64-bit field is below 2^52 (always true for ELF32). */
  readonly small: boolean;
  /** Every field of every entry as a number, entry-major; see the class comment. */
  readonly num: Float64Array;
  protected readonly view: DataView;
  protected readonly le: boolean;
  /** ELF64: class-sized fields are 8 bytes. */
  protected readonly wide: boolean;
  private readonly fields: number;
  private cache: (T | undefined)[] | undefined;

  constructor(
    decoder: Decoder,
    bytes: Buffer,
    readonly count: number,
    readonly stride: number,
    fields: Layout,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.le = !decoder.bigEndian;
    this.wide = decoder.bits === 64;
    this.fields = fields.at.length;
    this.num = numberStore(count * this.fields);
    this.small = this.decodeNumbers(fields);
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

  /** Field `field` of entry `i` as a number. */
  protected field(i: number, field: number): number {
    return this.num[i * this.fields + field]!;
  }

  protected u32(o: number): number {
    return this.view.getUint32(o, this.le);
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

  /** Fills `num`; true when every class-sized field is below 2^52. */
  private decodeNumbers(fields: Layout): boolean {
    const { view, le, wide, num, stride } = this;
    const n = this.fields;
    // Where the two halves of an 8-byte field are.
    const loAt = le ? 0 : 4;
    const hiAt = le ? 4 : 0;
    // OR-ing the high halves keeps any bit at or above 2^20 that one of them has.
    let high = 0;
    for (let i = 0, base = 0, k = 0; i < this.count; i++, base += stride) {
      for (let f = 0; f < n; f++, k++) {
        const o = base + fields.at[f]!;
        if (wide && fields.word[f] === 1) {
          const hi = view.getUint32(o + hiAt, le);
          high |= hi;
          num[k] = view.getUint32(o + loAt, le) + hi * TWO32;
        } else {
          num[k] = view.getUint32(o, le);
        }
      }
    }
    return (high & ~(SMALL_HIGH - 1)) === 0;
  }
}

/** Program header fields, as indices into ProgramTable.num. */
export const PH = { type: 0, flags: 1, offset: 2, vaddr: 3, paddr: 4, filesz: 5, memsz: 6, align: 7, fields: 8 } as const;
const PHDR_FIELDS = PH.fields;

/** Byte offsets of the program header fields, in PH order. */
const PHDR64 = [0, 4, 8, 16, 24, 32, 40, 48] as const;
const PHDR32 = [0, 24, 4, 8, 12, 16, 20, 28] as const;
const phdrLayout = (at: readonly number[]) => layout(at.map((o, f) => [o, f >= PH.offset] as const));
const PHDR64_LAYOUT = phdrLayout(PHDR64);
const PHDR32_LAYOUT = phdrLayout(PHDR32);

/** A program header table; `at(i)` gives the ProgramHeader. */
export class ProgramTable extends RawTable<ProgramHeader> {
  private readonly f: readonly number[];

  constructor(decoder: Decoder, bytes: Buffer, count: number, stride: number) {
    super(decoder, bytes, count, stride, decoder.bits === 64 ? PHDR64_LAYOUT : PHDR32_LAYOUT);
    this.f = decoder.bits === 64 ? PHDR64 : PHDR32;
  }

  /** The ProgramHeader of the public model (the only code that builds one). */
  protected decode(o: number, index: number): ProgramHeader {
    const f = this.f;
    return this.wide
      ? {
          index,
          type: this.u32(o + f[PH.type]!),
          flags: this.u32(o + f[PH.flags]!),
          offset: this.big(o + f[PH.offset]!),
          vaddr: this.big(o + f[PH.vaddr]!),
          paddr: this.big(o + f[PH.paddr]!),
          filesz: this.big(o + f[PH.filesz]!),
          memsz: this.big(o + f[PH.memsz]!),
          align: this.big(o + f[PH.align]!),
        }
      : {
          index,
          type: this.u32(o + f[PH.type]!),
          offset: this.big(o + f[PH.offset]!),
          vaddr: this.big(o + f[PH.vaddr]!),
          paddr: this.big(o + f[PH.paddr]!),
          filesz: this.big(o + f[PH.filesz]!),
          memsz: this.big(o + f[PH.memsz]!),
          flags: this.u32(o + f[PH.flags]!),
          align: this.big(o + f[PH.align]!),
        };
  }

  type(i: number): number {
    return this.field(i, PH.type);
  }
  /** The first entry whose p_type is `type`, or -1. */
  indexOfType(type: number): number {
    const { num, count } = this;
    for (let i = 0, b = PH.type; i < count; i++, b += PHDR_FIELDS) if (num[b] === type) return i;
    return -1;
  }
  flags(i: number): number {
    return this.field(i, PH.flags);
  }
  offset(i: number): number {
    return this.field(i, PH.offset);
  }
  vaddr(i: number): number {
    return this.field(i, PH.vaddr);
  }
  paddr(i: number): number {
    return this.field(i, PH.paddr);
  }
  filesz(i: number): number {
    return this.field(i, PH.filesz);
  }
  memsz(i: number): number {
    return this.field(i, PH.memsz);
  }
  align(i: number): number {
    return this.field(i, PH.align);
  }
}

/** Section header fields, as indices into SectionTable.num. */
export const SH = {
  name: 0,
  type: 1,
  link: 2,
  info: 3,
  flags: 4,
  addr: 5,
  offset: 6,
  size: 7,
  addralign: 8,
  entsize: 9,
  fields: 10,
} as const;
const SHDR_FIELDS = SH.fields;

/** Byte offsets of the section header fields, in SH order. */
const SHDR64 = [0, 4, 40, 44, 8, 16, 24, 32, 48, 56] as const;
const SHDR32 = [0, 4, 24, 28, 8, 12, 16, 20, 32, 36] as const;
const shdrLayout = (at: readonly number[]) => layout(at.map((o, f) => [o, f >= SH.flags] as const));
const SHDR64_LAYOUT = shdrLayout(SHDR64);
const SHDR32_LAYOUT = shdrLayout(SHDR32);

/** A section header table; `at(i)` gives the SectionHeader. */
export class SectionTable extends RawTable<SectionHeader> {
  private readonly f: readonly number[];

  constructor(decoder: Decoder, bytes: Buffer, count: number, stride: number) {
    super(decoder, bytes, count, stride, decoder.bits === 64 ? SHDR64_LAYOUT : SHDR32_LAYOUT);
    this.f = decoder.bits === 64 ? SHDR64 : SHDR32;
  }

  /** The SectionHeader of the public model (the only code that builds one). */
  protected decode(o: number, index: number): SectionHeader {
    const f = this.f;
    return {
      index,
      name: this.u32(o + f[SH.name]!),
      type: this.u32(o + f[SH.type]!),
      flags: this.big(o + f[SH.flags]!),
      addr: this.big(o + f[SH.addr]!),
      offset: this.big(o + f[SH.offset]!),
      size: this.big(o + f[SH.size]!),
      link: this.u32(o + f[SH.link]!),
      info: this.u32(o + f[SH.info]!),
      addralign: this.big(o + f[SH.addralign]!),
      entsize: this.big(o + f[SH.entsize]!),
    };
  }

  name(i: number): number {
    return this.field(i, SH.name);
  }
  type(i: number): number {
    return this.field(i, SH.type);
  }
  link(i: number): number {
    return this.field(i, SH.link);
  }
  info(i: number): number {
    return this.field(i, SH.info);
  }
  flags(i: number): number {
    return this.field(i, SH.flags);
  }
  /**
   * The first entry from `from` on whose sh_type is below 32 and has its
   * bit set in `types` (a mask of 1 << SHT_x), or -1: callers that act on
   * a few section types visit just those, and the scan runs in this one
   * small loop, which V8 optimizes early.
   */
  nextOfTypes(from: number, types: number, count = this.count): number {
    const { num } = this;
    for (let i = from, b = from * SHDR_FIELDS + SH.type; i < count; i++, b += SHDR_FIELDS) {
      const t = num[b]!;
      if (t < 32 && ((types >>> t) & 1) !== 0) return i;
    }
    return -1;
  }

  /** The largest sh_link and sh_info values among the first `count` entries (for range checks). */
  maxLinkInfo(count = this.count): { link: number; info: number } {
    const { num } = this;
    let link = 0;
    let info = 0;
    for (let b = 0, end = count * SHDR_FIELDS; b < end; b += SHDR_FIELDS) {
      if (num[b + SH.link]! > link) link = num[b + SH.link]!;
      if (num[b + SH.info]! > info) info = num[b + SH.info]!;
    }
    return { link, info };
  }

  /** The low 32 bits of sh_flags: exact flag tests for SHF_ALLOC, SHF_TLS and the like. */
  flagsLow32(i: number): number {
    return this.low32(i * this.stride + this.f[SH.flags]!);
  }
  addr(i: number): number {
    return this.field(i, SH.addr);
  }
  offset(i: number): number {
    return this.field(i, SH.offset);
  }
  size(i: number): number {
    return this.field(i, SH.size);
  }
  /** The low 32 bits of sh_size (section 0's extended section count). */
  sizeLow32(i: number): number {
    return this.low32(i * this.stride + this.f[SH.size]!);
  }
  addralign(i: number): number {
    return this.field(i, SH.addralign);
  }
  entsize(i: number): number {
    return this.field(i, SH.entsize);
  }
}

/** Dynamic entry fields, as indices into DynamicTable.num. */
export const DYN = { tag: 0, value: 1, fields: 2 } as const;
const DYN_FIELDS = DYN.fields;
const DYN_LAYOUT = layout([
  [0, true],
  [8, true],
]);
const DYN32_LAYOUT = layout([
  [0, true],
  [4, true],
]);

/**
 * A dynamic table: the entries up to and including the first DT_NULL, or as
 * many whole entries as the bytes hold (the count GNU readelf reports).
 */
export class DynamicTable extends RawTable<DynamicEntry> {
  constructor(decoder: Decoder, bytes: Buffer) {
    const stride = decoder.bits === 64 ? 16 : 8;
    super(decoder, bytes, countDynamic(decoder, bytes, stride), stride, decoder.bits === 64 ? DYN_LAYOUT : DYN32_LAYOUT);
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
    const { num, count } = this;
    for (let i = from, b = from * DYN_FIELDS; i < count; i++, b += DYN_FIELDS) {
      // A number equal to a 32-bit tag is exact: no higher bits can hide in it.
      if (num[b] === tag) return i;
    }
    return -1;
  }

  tag(i: number): number {
    return this.field(i, DYN.tag);
  }
  value(i: number): number {
    return this.field(i, DYN.value);
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
