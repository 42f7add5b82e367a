import { EM } from './constants.js';
import type { Decoder } from './decode.js';

export interface ElfRelocation {
  /** Where the loader writes (a virtual address for dynamic relocations). */
  readonly offset: bigint;
  /** Relocation type (r_info's low 32 bits in ELF64, low 8 bits in ELF32). */
  readonly type: number;
  /** Symbol index. */
  readonly symbol: number;
  readonly addend: bigint | undefined;
}

/**
 * A REL (`rela` false) or RELA table as objects, entries `max(entsize,
 * natural)` bytes apart, r_info split the generic way (ELF64: type in the
 * low 32 bits; ELF32: in the low 8): decodeRawRelocations' entries.
 */
export function decodeRelocations(d: Decoder, buf: Buffer, rela: boolean, entsize: number): ElfRelocation[] {
  const wide = d.bits === 64;
  return decodeRawRelocations(d, buf, rela, entsize).map((r) => ({
    offset: r.offset,
    type: Number(wide ? r.info & 0xffffffffn : r.info & 0xffn),
    symbol: Number(wide ? r.info >> 32n : r.info >> 8n),
    addend: rela ? r.addend : undefined,
  }));
}

/**
 * A RELR table (compact relative relocations) as the addresses it
 * relocates, from walkRelocations: an even word is an address, an odd word
 * a bitmap of the next (wordbits - 1) words after the last address.
 */
export function decodeRelr(d: Decoder, buf: Buffer): bigint[] {
  const w = d.bits / 8;
  const out: bigint[] = [];
  const table: RelocationTableRef = { source: 'buffer', format: 'relr', vaddr: undefined, offset: 0n, size: BigInt(buf.length), stride: w };
  const read = (offset: bigint, length: number) => buf.subarray(Number(offset), Number(offset) + length);
  walkRelocations(d, 0, table, read, (addr, _type, _symbol, wide) => out.push(wide ?? BigInt(addr)));
  return out;
}

/** One REL or RELA entry as stored: r_info kept whole (its split depends on the reader). */
export interface RawRelocation {
  readonly offset: bigint;
  readonly info: bigint;
  /** r_addend, sign-extended; 0 for REL. */
  readonly addend: bigint;
}

/**
 * Decodes a REL (`rela` false) or RELA table entry by entry, `entsize`
 * bytes apart when that is more than the natural entry size; by default at
 * the natural size (as GNU readelf's slurp_rel_relocs/slurp_rela_relocs
 * read, whatever sh_entsize says). A partial entry at the end is left out.
 * The relocations the loader applies are streamed by walkRelocations; this
 * is for the few callers that need r_info whole or the addends: readelf's
 * unwind dumpers split r_info as GNU does there, ELF32-style whatever the
 * class (ARM), and read RELA addends.
 */
export function decodeRawRelocations(d: Decoder, buf: Buffer, rela: boolean, entsize = 0): RawRelocation[] {
  const w = d.bits === 64 ? 8 : 4;
  const size = rela ? 3 * w : 2 * w;
  const stride = Math.max(entsize, size);
  const n = buf.length < size ? 0 : Math.floor((buf.length - size) / stride) + 1;
  const out = new Array<RawRelocation>(n);
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    out[i] = {
      offset: d.word(buf, o),
      info: d.word(buf, o + w),
      addend: rela ? BigInt.asIntN(d.bits, d.word(buf, o + 2 * w)) : 0n,
    };
  }
  return out;
}

/** Where one table of dynamic relocations lies, as the loader finds it. */
export interface RelocationTableRef {
  /** What points at it: `DT_RELA`, `DT_REL`, `DT_JMPREL`, `DT_RELR`, or `section [N]`. */
  readonly source: string;
  readonly format: 'rel' | 'rela' | 'relr';
  /** The table's address (undefined for a section of a file without a dynamic table). */
  readonly vaddr: bigint | undefined;
  /** Where its bytes are in the file. */
  readonly offset: bigint;
  readonly size: bigint;
  /** Bytes from one entry to the next: the natural size, or a larger DT_RELAENT/DT_RELENT/sh_entsize. */
  readonly stride: number;
}

/**
 * Called once per relocation by walkRelocations. `addr` is r_offset (for
 * RELR, each address the table relocates) when it is below 2^53, where a
 * number is exact; otherwise `addr` is NaN and `wide` holds it. `type` is
 * the machine's relocation type (0, R_*_NONE, writes nothing), or
 * RELR_RELATIVE for an entry of a RELR table; `symbol` the symbol index.
 */
export type RelocationVisitor = (addr: number, type: number, symbol: number, wide: bigint | undefined) => void;

/** The type walkRelocations gives RELR entries: relative relocations, whatever the machine calls them. */
export const RELR_RELATIVE = -1;

/** A table is read this many bytes at a time, so a table of any size costs this much memory. */
const CHUNK = 1 << 20;
const TWO32 = 4294967296;
/** A 64-bit value is below 2^53 exactly when its high half is below 2^21. */
const EXACT_HIGH = 0x200000;

/**
 * Streams one relocation table through `visit`, reading it a chunk at a
 * time: a million-entry table (or a hostile one of 67 million) costs one
 * chunk of memory, and no object per entry. `read(offset, length)` gives
 * the file's bytes (the reader's range-checked read).
 *
 * ELF64 MIPS keeps r_info as r_sym (32 bits) then r_ssym, r_type3, r_type2
 * and r_type (a byte each) in either byte order; its type here is the three
 * type bytes together, which is 0 only for R_MIPS_NONE in all three.
 */
export function walkRelocations(
  d: Decoder,
  machine: number,
  table: RelocationTableRef,
  read: (offset: bigint, length: number) => Buffer,
  visit: RelocationVisitor,
): void {
  const w = d.bits === 64 ? 8 : 4;
  const entry = table.format === 'relr' ? w : table.format === 'rela' ? 3 * w : 2 * w;
  const stride = table.format === 'relr' ? w : Math.max(table.stride, entry);
  const per = Math.max(1, Math.floor(CHUNK / stride));
  const total = table.size / BigInt(stride);
  const relr = table.format === 'relr' ? new RelrState(w) : undefined;
  const mips64 = machine === EM.MIPS && d.bits === 64;
  for (let done = 0n; done < total; ) {
    const n = total - done < BigInt(per) ? Number(total - done) : per;
    const buf = read(table.offset + done * BigInt(stride), n * stride);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const le = !d.bigEndian;
    for (let i = 0, o = 0; i < n && o + entry <= buf.length; i++, o += stride) {
      const low = w === 8 ? view.getUint32(le ? o : o + 4, le) : view.getUint32(o, le);
      const high = w === 8 ? view.getUint32(le ? o + 4 : o, le) : 0;
      if (relr !== undefined) {
        relr.step(low, high, visit);
        continue;
      }
      let type: number;
      let symbol: number;
      if (w === 4) {
        const info = view.getUint32(o + 4, le);
        type = info & 0xff;
        symbol = info >>> 8;
      } else if (mips64) {
        symbol = view.getUint32(o + 8, le);
        type = buf[o + 15]! | (buf[o + 14]! << 8) | (buf[o + 13]! << 16);
      } else {
        type = view.getUint32(le ? o + 8 : o + 12, le);
        symbol = view.getUint32(le ? o + 12 : o + 8, le);
      }
      if (high < EXACT_HIGH) visit(low + high * TWO32, type, symbol, undefined);
      else visit(NaN, type, symbol, (BigInt(high) << 32n) | BigInt(low));
    }
    done += BigInt(n);
  }
}

/**
 * RELR decoding as a state machine over the table's words: an even word is
 * an address (relocated, and the base of the bitmaps that follow); an odd
 * word is a bitmap of the (wordbits - 1) words after the base.
 */
class RelrState {
  /** The next address a bitmap's bit 0 stands for, as a number when exact, else as bigint. */
  private base = 0;
  private wideBase: bigint | undefined;
  private readonly span: number;
  constructor(private readonly w: number) {
    this.span = (w * 8 - 1) * w;
  }

  step(low: number, high: number, visit: RelocationVisitor): void {
    const w = this.w;
    if ((low & 1) === 0) {
      if (high < EXACT_HIGH) {
        const addr = low + high * TWO32;
        visit(addr, RELR_RELATIVE, 0, undefined);
        this.base = addr + w;
        this.wideBase = undefined;
      } else {
        const addr = (BigInt(high) << 32n) | BigInt(low);
        visit(NaN, RELR_RELATIVE, 0, addr);
        this.wideBase = addr + BigInt(w);
      }
      return;
    }
    // A bitmap: bits 1 and up of the word (bit 0 marks it), taken from its two 32-bit halves.
    this.bits(low >>> 1, 0, visit);
    if (w === 8) {
      this.bits(high & 1, 31, visit);
      this.bits(high >>> 1, 32, visit);
    }
    if (this.wideBase === undefined) this.base += this.span;
    else this.wideBase += BigInt(this.span);
  }

  /** Visits the address of each set bit of `bits` (at most 32), bit i standing for word `first + i`. */
  private bits(bits: number, first: number, visit: RelocationVisitor): void {
    const w = this.w;
    while (bits !== 0) {
      const k = first + 31 - Math.clz32(bits & -bits);
      bits &= bits - 1;
      if (this.wideBase === undefined && this.base + (k + 1) * w <= Number.MAX_SAFE_INTEGER) visit(this.base + k * w, RELR_RELATIVE, 0, undefined);
      else visit(NaN, RELR_RELATIVE, 0, (this.wideBase ?? BigInt(this.base)) + BigInt(k * w));
    }
  }
}
