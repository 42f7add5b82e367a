import { DT32, PT, VER_FLG, VERSION_STRUCT_SIZE, VERSYM } from '../elf/constants.js';
import type { Filedata } from './filedata.js';
import { altHex, u64 } from './printf.js';
import type { Decoder } from '../elf/decode.js';

/** sizeof Elf_External_Verdef, Verdaux, Verneed, Vernaux. */
const { verdef: VERDEF_SIZE, verdaux: VERDAUX_SIZE, verneed: VERNEED_SIZE, vernaux: VERNAUX_SIZE } = VERSION_STRUCT_SIZE;
/** Small reads (version entries) are served from one cached chunk of the file this big. */
const CHUNK = 4096;
const U64_LIMIT = 1n << 64n;

/** The version tags of filedata->version_info (0 when absent). */
export interface VersionTags {
  readonly versym: bigint;
  readonly verdef: bigint;
  readonly verneed: bigint;
}

/**
 * version_info as process_dynamic_section records it: the last DT_VERSYM,
 * DT_VERDEF and DT_VERNEED values of the dynamic table, provided its final
 * loop over the entries ran (it does not when the function gave up early).
 */
export function recordedVersionTags(fd: Filedata): VersionTags {
  let versym = 0n;
  let verdef = 0n;
  let verneed = 0n;
  const dyn = fd.dynamicSection;
  if (dyn !== null && fd.dynamicInfoComplete) {
    for (let i = 0; i < dyn.count; i++) {
      const tag = dyn.tag32(i);
      if (tag === DT32.VERSYM) versym = dyn.at(i).value;
      else if (tag === DT32.VERDEF) verdef = dyn.at(i).value;
      else if (tag === DT32.VERNEED) verneed = dyn.at(i).value;
    }
  }
  return { versym, verdef, verneed };
}

/** A diagnostic a walk gave: [is an error (else a warning), message]. */
type Diag = readonly [boolean, string];

interface VerdefWalk {
  readonly diags: readonly Diag[];
  /** The highest vd_ndx seen (max_vd_ndx). */
  readonly maxIndex: number;
  /** The version is the file's base version: no version is shown. */
  readonly base: boolean;
  /** vda_name of the matching definition, or -1 (none matched, or its aux entry could not be read). */
  readonly name: number;
}

interface VerneedWalk {
  readonly diags: readonly Diag[];
  /** The matching vna_name, or -1 when no vna_other equals the versym value. */
  readonly name: number;
  readonly other: number;
}

/**
 * get_symbol_version_string for the symbols of one dynamic symbol table,
 * with GNU's reads and messages. The walks of the version definitions and
 * needs depend only on the versym value, so each is done once per value and
 * its messages are repeated for every symbol that has it, as GNU repeats them.
 */
export class SymbolVersions {
  private readonly d: Decoder;
  /** Every versym entry, when all of them are readable through one PT_LOAD (the usual case). */
  private readonly versyms: Buffer | null;
  private readonly verdefWalks = new Map<number, VerdefWalk>();
  private readonly verneedWalks = new Map<number, VerneedWalk>();
  private chunk: Buffer | null = null;
  private chunkAt = 0;

  /**
   * `strtab` is the symbol table's string table (null when GNU has none):
   * version names are read from it, as GNU does.
   */
  constructor(
    private readonly fd: Filedata,
    private readonly tags: VersionTags,
    private readonly strtab: string | null,
    count: number,
  ) {
    this.d = fd.reader.decoder;
    this.versyms = count > 0 ? this.readAllVersyms(count) : null;
  }

  /**
   * The text GNU prints after symbol `si`'s name (`@NAME (N)`, `@@NAME` or
   * `@NAME`), or null for none. Its length is what GNU takes from the name's
   * column without -W. Messages go out as GNU gives them. `withOther`
   * false gives a needed version as dump_relocations prints it (`@NAME`,
   * without the vna_other print_dynamic_symbol adds).
   */
  lookup(si: number, shndx: number, stName: number, withOther = true): string | null {
    const t = this.tags;
    if (t.versym === 0n) return null;
    const vers = this.versymAt(si);
    if (vers === null || vers === 0) return null;
    const hidden = (vers & VERSYM.HIDDEN) !== 0;
    let maxIndex = 0;
    if (shndx !== 0 && vers !== 0x8001 && t.verdef !== 0n) {
      const w = this.verdefWalk(vers);
      this.replay(w.diags);
      maxIndex = w.maxIndex;
      if (w.base) return null;
      if (w.name >= 0 && stName !== w.name) return (hidden ? '@' : '@@') + this.name(w.name);
    }
    if (t.verneed !== 0n) {
      const w = this.verneedWalk(vers);
      this.replay(w.diags);
      if (w.name >= 0) return withOther ? `@${this.name(w.name)} (${w.other})` : `@${this.name(w.name)}`;
      const index = vers & VERSYM.VERSION;
      if ((maxIndex !== 0 || index !== 1) && index > maxIndex) return (hidden ? '@' : '@@') + '<corrupt>';
    }
    return null;
  }

  /** `strtab + offset` when the offset is inside the table, else `<corrupt>`. */
  private name(offset: number): string {
    const s = this.strtab;
    if (s === null || offset >= s.length) return '<corrupt>';
    const end = s.indexOf('\0', offset);
    return s.slice(offset, end < 0 ? s.length : end);
  }

  private replay(diags: readonly Diag[]): void {
    for (const [isError, message] of diags) {
      if (isError) this.fd.diag.error(message);
      else this.fd.diag.warn(message);
    }
  }

  /**
   * All versym entries in one read when offset_from_vma gives the same
   * PT_LOAD for the first and the last entry (then it gives it for every
   * entry: a segment that holds a longer range holds the shorter ones too)
   * and the whole array is inside the file.
   */
  private readAllVersyms(count: number): Buffer | null {
    const vma = this.tags.versym;
    const last = 2n * BigInt(count);
    if (vma + last >= U64_LIMIT) return null;
    const first = this.segmentFor(vma, 2n);
    if (first < 0 || this.segmentFor(vma, last) !== first) return null;
    const seg = this.fd.phdrs!.at(first);
    const offset = u64(vma - seg.vaddr + seg.offset);
    if (offset + last > this.fd.fileSize) return null;
    return this.fd.reader.readRange(offset, last, 'version data');
  }

  /** vers_data of symbol `si`, or null where GNU's read fails. */
  private versymAt(si: number): number | null {
    const all = this.versyms;
    if (all !== null) return this.d.u16(all, 2 * si);
    const diags: Diag[] = [];
    const offset = this.offsetFromVma(this.tags.versym, 2n + 2n * BigInt(si), diags);
    const data = this.read(u64(offset + 2n * BigInt(si)), 2, 'version data', diags);
    this.replay(diags);
    if (data === null) return null;
    return this.d.u16(data, 0);
  }

  /** The version definitions, from DT_VERDEF until vd_ndx matches or vd_next is 0. */
  private verdefWalk(vers: number): VerdefWalk {
    let w = this.verdefWalks.get(vers);
    if (w !== undefined) return w;
    const diags: Diag[] = [];
    const want = vers & VERSYM.VERSION;
    let off = this.offsetFromVma(this.tags.verdef, BigInt(VERDEF_SIZE), diags);
    let maxIndex = 0;
    let ndx: number, aux: number, next: number, flags: number;
    do {
      const evd = this.read(off, VERDEF_SIZE, 'version def', diags);
      if (evd === null) {
        ndx = aux = next = flags = 0;
      } else {
        flags = this.d.u16(evd, 2);
        ndx = this.d.u16(evd, 4);
        aux = this.d.u32(evd, 12);
        next = this.d.u32(evd, 16);
      }
      if ((ndx & VERSYM.VERSION) > maxIndex) maxIndex = ndx & VERSYM.VERSION;
      off = u64(off + BigInt(next));
    } while (ndx !== want && next !== 0);
    let base = false;
    let name = -1;
    if (ndx === want) {
      if (ndx === 1 && flags === VER_FLG.BASE) {
        base = true;
      } else {
        off = u64(off - BigInt(next) + BigInt(aux));
        const evda = this.read(off, VERDAUX_SIZE, 'version def aux', diags);
        if (evda !== null) name = this.d.u32(evda, 0);
      }
    }
    w = { diags, maxIndex, base, name };
    this.verdefWalks.set(vers, w);
    return w;
  }

  /** The version needs, from DT_VERNEED until a vna_other equals the versym value. */
  private verneedWalk(vers: number): VerneedWalk {
    let w = this.verneedWalks.get(vers);
    if (w !== undefined) return w;
    const diags: Diag[] = [];
    let offset = this.offsetFromVma(this.tags.verneed, BigInt(VERNEED_SIZE), diags);
    let other = 0;
    let name = 0;
    for (;;) {
      const evn = this.read(offset, VERNEED_SIZE, 'version need', diags);
      if (evn === null) {
        other = name = 0;
        break;
      }
      const vnAux = this.d.u32(evn, 8);
      const vnNext = this.d.u32(evn, 12);
      let vnaOff = u64(offset + BigInt(vnAux));
      let next: number;
      do {
        const evna = this.read(vnaOff, VERNAUX_SIZE, 'version need aux (3)', diags);
        if (evna === null) {
          next = other = name = 0;
        } else {
          other = this.d.u16(evna, 6);
          next = this.d.u32(evna, 12);
          name = this.d.u32(evna, 8);
        }
        vnaOff = u64(vnaOff + BigInt(next));
      } while (other !== vers && next !== 0);
      if (other === vers) break;
      offset = u64(offset + BigInt(vnNext));
      if (vnNext === 0) break;
    }
    w = other === vers ? { diags, name, other } : { diags, name: -1, other: 0 };
    this.verneedWalks.set(vers, w);
    return w;
  }

  /** The first PT_LOAD offset_from_vma would use for [vma, vma + size), or -1. */
  private segmentFor(vma: bigint, size: bigint): number {
    const phdrs = this.fd.phdrs;
    if (phdrs === null) return -1;
    for (let i = 0; i < phdrs.count; i++) {
      if (phdrs.type(i) !== PT.LOAD) continue;
      const seg = phdrs.at(i);
      if (vma >= (seg.vaddr & u64(-seg.align)) && u64(vma + size) <= u64(seg.vaddr + seg.filesz)) return i;
    }
    return -1;
  }

  /**
   * offset_from_vma, its warning recorded in `diags`. The program headers
   * are always loaded here: without them there is no dynamic section, and
   * so no version tags.
   */
  private offsetFromVma(vma: bigint, size: bigint, diags: Diag[]): bigint {
    if (this.fd.phdrs === null) {
      diags.push([false, 'Cannot interpret virtual addresses without program headers.']);
      return vma;
    }
    const i = this.segmentFor(vma, size);
    if (i < 0) {
      diags.push([false, `Virtual address ${altHex(vma)} not located in any PT_LOAD segment.`]);
      return vma;
    }
    const seg = this.fd.phdrs.at(i);
    return u64(vma - seg.vaddr + seg.offset);
  }

  /** get_data of `size` bytes (a small struct), its error recorded in `diags`. */
  private read(offset: bigint, size: number, reason: string, diags: Diag[]): Buffer | null {
    const fileSize = this.fd.fileSize;
    if (offset > fileSize || BigInt(size) > fileSize - offset) {
      diags.push([true, `Reading ${size} bytes extends past end of file for ${reason}`]);
      return null;
    }
    // Inside the file, so the offset is an exact number.
    const at = Number(offset);
    const c = this.chunk;
    if (c !== null && at >= this.chunkAt && at + size <= this.chunkAt + c.length) {
      return c.subarray(at - this.chunkAt, at - this.chunkAt + size);
    }
    const len = Math.max(size, Math.min(CHUNK, this.fd.fileSizeNum - at));
    this.chunk = this.fd.reader.readRange(offset, BigInt(len), reason);
    this.chunkAt = at;
    return this.chunk.subarray(0, size);
  }

}
