import { PT, SHF, SHT } from '../elf/constants.js';
import { SH, type SectionTable } from '../elf/tables.js';
import type { ProgramHeader, SectionHeader } from '../elf/types.js';
import { u64 } from './printf.js';

/**
 * GNU's ELF_SECTION_IN_SEGMENT_STRICT with check_vma, plus the
 * ELF_TBSS_SPECIAL exclusion readelf applies before it: the rule that
 * decides which sections the "Section to Segment mapping" lists.
 * All arithmetic is unsigned 64-bit, as in binutils' include/elf/internal.h.
 */
export function sectionInSegment(sec: SectionHeader, seg: ProgramHeader): boolean {
  const tls = (sec.flags & SHF.TLS) !== 0n;
  const alloc = (sec.flags & SHF.ALLOC) !== 0n;
  const nobits = sec.type === SHT.NOBITS;
  const t = seg.type;
  const tbssSpecial = tls && nobits && t !== PT.TLS;
  if (tbssSpecial) return false;
  if (!segmentAdmits(tls, alloc, t)) return false;
  const size = sec.size; // not TBSS special here, so the real size

  if (!nobits) {
    if (!(sec.offset >= seg.offset)) return false;
    const rel = u64(sec.offset - seg.offset);
    if (!(rel <= u64(seg.filesz - 1n))) return false;
    if (!(u64(rel + size) <= seg.filesz)) return false;
  }
  if (alloc) {
    if (!(sec.addr >= seg.vaddr)) return false;
    const rel = u64(sec.addr - seg.vaddr);
    if (!(rel <= u64(seg.memsz - 1n))) return false;
    if (!(u64(rel + size) <= seg.memsz)) return false;
  }
  if ((t === PT.DYNAMIC || t === PT.NOTE) && sec.size === 0n && seg.memsz !== 0n) {
    const fileOk = nobits || (sec.offset > seg.offset && sec.offset - seg.offset < seg.filesz);
    const vmaOk = !alloc || (sec.addr > seg.vaddr && sec.addr - seg.vaddr < seg.memsz);
    if (!(fileOk && vmaOk)) return false;
  }
  return true;
}

/** Clauses 1 and 2 of the macro: which kinds of section a segment type may hold. */
function segmentAdmits(tls: boolean, alloc: boolean, t: number): boolean {
  const typeOk = tls ? t === PT.TLS || t === PT.GNU_RELRO || t === PT.LOAD : t !== PT.TLS && t !== PT.PHDR;
  if (!typeOk) return false;
  if (!alloc && allocOnlySegment(t)) return false;
  return true;
}

function allocOnlySegment(t: number): boolean {
  return (
    t === PT.LOAD ||
    t === PT.DYNAMIC ||
    t === PT.GNU_EH_FRAME ||
    t === PT.GNU_STACK ||
    t === PT.GNU_RELRO ||
    t === PT.GNU_SFRAME ||
    (t >= PT.GNU_MBIND_LO && t <= PT.GNU_MBIND_HI)
  );
}

/** Bits of a section's `kind` in SectionFacts. */
const TLS = 1;
const ALLOC = 2;
const NOBITS = 4;
/** SectionTable field indices as constants (cheaper than `SH.flags` in unoptimized code). */
const { type: S_TYPE, flags: S_FLAGS, addr: S_ADDR, offset: S_OFFSET, size: S_SIZE, fields: S_FIELDS } = SH;
/** SHF_TLS and SHF_ALLOC as bits of sh_flags' low 32. */
const TLS_FLAG = Number(SHF.TLS);
const ALLOC_FLAG = Number(SHF.ALLOC);

/**
 * The same rule over plain numbers, for tables whose every value is below
 * 2^52 (then no sum can reach 2^53 and no subtraction below zero is taken),
 * which is nearly every real file; the zero-size wrap of `p_filesz - 1` is
 * handled explicitly. The mapping is quadratic in sections × segments, so
 * the facts about each section are loaded once into typed arrays and the
 * inner loop is one function without calls or allocation. One instance
 * serves file after file (the arrays only grow).
 */
export class SectionFacts {
  /** Sections loaded: 0..count-1 (section 0 is never listed). */
  count = 0;
  private kind = new Uint8Array(64);
  private offset = new Float64Array(64);
  private addr = new Float64Array(64);
  private size = new Float64Array(64);
  /** match()'s result: section indices, in order. */
  private hitBuffer = new Int32Array(64);

  /** From a raw table whose `small` is true. */
  loadTable(t: SectionTable, count: number): void {
    this.reserve(count);
    const { num } = t;
    const { kind, offset, addr, size } = this;
    for (let j = 0, b = 0; j < count; j++, b += S_FIELDS) {
      // Exact below 2^52, and `&` takes the number modulo 2^32: the low flag bits.
      const flags = num[b + S_FLAGS]!;
      kind[j] = (flags & TLS_FLAG ? TLS : 0) | (flags & ALLOC_FLAG ? ALLOC : 0) | (num[b + S_TYPE] === SHT.NOBITS ? NOBITS : 0);
      offset[j] = num[b + S_OFFSET]!;
      addr[j] = num[b + S_ADDR]!;
      size[j] = num[b + S_SIZE]!;
    }
  }

  /** From header objects whose offset, addr and size are below 2^52. */
  loadHeaders(sections: readonly SectionHeader[], count: number): void {
    this.reserve(count);
    for (let j = 0; j < count; j++) {
      const s = sections[j]!;
      this.kind[j] =
        ((s.flags & SHF.TLS) !== 0n ? TLS : 0) | ((s.flags & SHF.ALLOC) !== 0n ? ALLOC : 0) | (s.type === SHT.NOBITS ? NOBITS : 0);
      this.offset[j] = Number(s.offset);
      this.addr[j] = Number(s.addr);
      this.size[j] = Number(s.size);
    }
  }

  /**
   * The sections (1..count-1) the segment with these fields holds: their
   * indices go to hitList(), and the count is returned. This is
   * sectionInSegment's rule over numbers, check for check.
   */
  match(t: number, gOffset: number, gVaddr: number, gFilesz: number, gMemsz: number): number {
    // Clauses 1 and 2 of the macro depend on the segment type only.
    const admitsTls = t === PT.TLS || t === PT.GNU_RELRO || t === PT.LOAD;
    const admitsOther = t !== PT.TLS && t !== PT.PHDR;
    const allocOnly = allocOnlySegment(t);
    const emptyCheck = (t === PT.DYNAMIC || t === PT.NOTE) && gMemsz !== 0;
    const { hitBuffer: hits, kind: kinds, offset: offsets, addr: addrs, size: sizes, count } = this;
    let n = 0;
    for (let j = 1; j < count; j++) {
      const kind = kinds[j]!;
      const tls = (kind & TLS) !== 0;
      const alloc = (kind & ALLOC) !== 0;
      const nobits = (kind & NOBITS) !== 0;
      if (tls && nobits && t !== PT.TLS) continue; // ELF_TBSS_SPECIAL
      if (tls ? !admitsTls : !admitsOther) continue;
      if (!alloc && allocOnly) continue;
      const offset = offsets[j]!;
      const addr = addrs[j]!;
      const size = sizes[j]!;
      if (!nobits) {
        if (offset < gOffset) continue;
        const rel = offset - gOffset;
        if (gFilesz !== 0 && rel > gFilesz - 1) continue;
        if (rel + size > gFilesz) continue;
      }
      if (alloc) {
        if (addr < gVaddr) continue;
        const rel = addr - gVaddr;
        if (gMemsz !== 0 && rel > gMemsz - 1) continue;
        if (rel + size > gMemsz) continue;
      }
      if (emptyCheck && size === 0) {
        const fileOk = nobits || (offset > gOffset && offset - gOffset < gFilesz);
        const vmaOk = !alloc || (addr > gVaddr && addr - gVaddr < gMemsz);
        if (!(fileOk && vmaOk)) continue;
      }
      hits[n++] = j;
    }
    return n;
  }

  /** The indices match() found (valid until the next match or load). */
  hitList(): Int32Array {
    return this.hitBuffer;
  }

  private reserve(count: number): void {
    this.count = count;
    if (this.kind.length >= count) return;
    const n = Math.max(count, this.kind.length * 2);
    this.kind = new Uint8Array(n);
    this.offset = new Float64Array(n);
    this.addr = new Float64Array(n);
    this.size = new Float64Array(n);
    this.hitBuffer = new Int32Array(n);
  }
}

const SAFE = 1n << 52n;

/**
 * For each segment, the indices (in header order, section 0 skipped) of the
 * sections the mapping lists.
 */
export function mapSectionsToSegments(
  sections: readonly SectionHeader[],
  segments: readonly ProgramHeader[],
  shnum: number,
): number[][] {
  const last = Math.min(shnum, sections.length);
  const small =
    sections.every((s) => s.offset < SAFE && s.addr < SAFE && s.size < SAFE) &&
    segments.every((p) => p.offset < SAFE && p.vaddr < SAFE && p.filesz < SAFE && p.memsz < SAFE);
  const result: number[][] = [];
  if (small) {
    const headerFacts = new SectionFacts();
    headerFacts.loadHeaders(sections, last);
    for (const p of segments) {
      const n = headerFacts.match(p.type, Number(p.offset), Number(p.vaddr), Number(p.filesz), Number(p.memsz));
      result.push(Array.from(headerFacts.hitList().subarray(0, n)));
    }
  } else {
    for (const p of segments) {
      const row: number[] = [];
      for (let j = 1; j < last; j++) if (sectionInSegment(sections[j]!, p)) row.push(j);
      result.push(row);
    }
  }
  return result;
}
