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

/** Decodes a REL (`rela` false) or RELA table. */
export function decodeRelocations(d: Decoder, buf: Buffer, rela: boolean, entsize: number): ElfRelocation[] {
  const w = d.bits === 64 ? 8 : 4;
  const natural = rela ? 3 * w : 2 * w;
  const stride = entsize >= natural ? entsize : natural;
  const out: ElfRelocation[] = [];
  for (let o = 0; o + natural <= buf.length; o += stride) {
    const offset = d.word(buf, o);
    const info = d.word(buf, o + w);
    const type = d.bits === 64 ? Number(info & 0xffffffffn) : Number(info & 0xffn);
    const symbol = d.bits === 64 ? Number(info >> 32n) : Number(info >> 8n);
    const addend = rela ? BigInt.asIntN(d.bits, d.word(buf, o + 2 * w)) : undefined;
    out.push({ offset, type, symbol, addend });
  }
  return out;
}

/**
 * Decodes a RELR table (compact relative relocations) into the addresses it
 * relocates: an even word is an address, an odd word a bitmap of the next
 * (wordbits - 1) words after the last address.
 */
export function decodeRelr(d: Decoder, buf: Buffer): bigint[] {
  const w = d.bits === 64 ? 8 : 4;
  const bits = BigInt(d.bits);
  const out: bigint[] = [];
  let base = 0n;
  for (let o = 0; o + w <= buf.length; o += w) {
    const entry = d.word(buf, o);
    if ((entry & 1n) === 0n) {
      out.push(entry);
      base = entry + BigInt(w);
    } else {
      let bitmap = entry >> 1n;
      for (let i = 0n; bitmap !== 0n; i++, bitmap >>= 1n) {
        if (bitmap & 1n) out.push(base + i * BigInt(w));
      }
      base += (bits - 1n) * BigInt(w);
    }
  }
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
 * Decodes a REL (`rela` false) or RELA table entry by entry at the natural
 * entry size (as GNU readelf's slurp_rel_relocs/slurp_rela_relocs do,
 * whatever sh_entsize says); a partial entry at the end is left out.
 */
export function decodeRawRelocations(d: Decoder, buf: Buffer, rela: boolean): RawRelocation[] {
  const w = d.bits === 64 ? 8 : 4;
  const size = rela ? 3 * w : 2 * w;
  const n = Math.floor(buf.length / size);
  const out = new Array<RawRelocation>(n);
  for (let i = 0, o = 0; i < n; i++, o += size) {
    out[i] = {
      offset: d.word(buf, o),
      info: d.word(buf, o + w),
      addend: rela ? BigInt.asIntN(d.bits, d.word(buf, o + 2 * w)) : 0n,
    };
  }
  return out;
}
