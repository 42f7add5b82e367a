import { PT, SHF, SHT } from '../elf/constants.js';
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

/**
 * The same rule over plain numbers, for tables whose every value is below
 * 2^52 (then no sum can reach 2^53 and no subtraction below zero is taken),
 * which is nearly every real file; the zero-size wrap of `p_filesz - 1` is
 * handled explicitly. The mapping is quadratic in sections × segments, so
 * this path avoids bigint arithmetic in the inner loop.
 */
export interface NumSection {
  readonly tls: boolean;
  readonly alloc: boolean;
  readonly nobits: boolean;
  readonly offset: number;
  readonly addr: number;
  readonly size: number;
}
export interface NumSegment {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
}

export function sectionInSegmentNum(s: NumSection, g: NumSegment): boolean {
  const t = g.type;
  if (s.tls && s.nobits && t !== PT.TLS) return false;
  if (!segmentAdmits(s.tls, s.alloc, t)) return false;
  if (!s.nobits) {
    if (s.offset < g.offset) return false;
    const rel = s.offset - g.offset;
    if (g.filesz !== 0 && rel > g.filesz - 1) return false;
    if (rel + s.size > g.filesz) return false;
  }
  if (s.alloc) {
    if (s.addr < g.vaddr) return false;
    const rel = s.addr - g.vaddr;
    if (g.memsz !== 0 && rel > g.memsz - 1) return false;
    if (rel + s.size > g.memsz) return false;
  }
  if ((t === PT.DYNAMIC || t === PT.NOTE) && s.size === 0 && g.memsz !== 0) {
    const fileOk = s.nobits || (s.offset > g.offset && s.offset - g.offset < g.filesz);
    const vmaOk = !s.alloc || (s.addr > g.vaddr && s.addr - g.vaddr < g.memsz);
    if (!(fileOk && vmaOk)) return false;
  }
  return true;
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
    const ns: NumSection[] = sections.map((s) => ({
      tls: (s.flags & SHF.TLS) !== 0n,
      alloc: (s.flags & SHF.ALLOC) !== 0n,
      nobits: s.type === SHT.NOBITS,
      offset: Number(s.offset),
      addr: Number(s.addr),
      size: Number(s.size),
    }));
    for (const p of segments) {
      const g: NumSegment = {
        type: p.type,
        offset: Number(p.offset),
        vaddr: Number(p.vaddr),
        filesz: Number(p.filesz),
        memsz: Number(p.memsz),
      };
      const row: number[] = [];
      for (let j = 1; j < last; j++) if (sectionInSegmentNum(ns[j]!, g)) row.push(j);
      result.push(row);
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
