import { flagsWord } from '../names/segment-flags.js';
import { PF, PT, type ProgramHeader } from '../elf/index.js';

/**
 * What a loadable segment is, from what it holds: its role (code, read-only
 * data, the RELRO part of the data, writable data, bss) and, by section name,
 * what kind of contents moved when two builds lay them out differently. The
 * pairing (pairing.ts) matches segments by their sections; these words say
 * what the matched segments are.
 */

/** What a section holds, as the layout cares: linker-made tables, code, read-only data, data made read-only by RELRO, data, zeroed data. */
export type SectionKind = 'dynamic linking tables' | 'code' | 'read-only data' | 'RELRO data' | 'data' | 'bss' | 'TLS';

const KIND_BY_NAME: readonly (readonly [RegExp, SectionKind])[] = [
  [/^\.(interp|note(\..*)?|hash|gnu\.hash|dynsym|dynstr|gnu\.version(_[dr])?|rela?\..*|relr\..*)$/, 'dynamic linking tables'],
  [/^\.(init|fini|plt(\..*)?|iplt|text(\..*)?)$/, 'code'],
  [/^\.(t(data|bss))(\..*)?$/, 'TLS'],
  [/^\.(data\.rel\.ro(\..*)?|init_array|fini_array|preinit_array|dynamic|got|ctors|dtors|jcr)$/, 'RELRO data'],
  [/^\.(s?bss(\..*)?|dynbss)$/, 'bss'],
  [/^\.(s?data(\..*)?|got\.plt|tm_clone_table)$/, 'data'],
  [/^\.(rodata(\..*)?|eh_frame(_hdr)?|gcc_except_table|ARM\.ex(idx|tab)|sframe)$/, 'read-only data'],
];

/** The kind of a section, by the names GNU ld, gold and lld give it; undefined for a name none of them uses for that. */
export function sectionKind(name: string): SectionKind | undefined {
  for (const [re, kind] of KIND_BY_NAME) if (re.test(name)) return kind;
  return undefined;
}

/** A LOAD's role in the layout. */
export type SegmentRole = 'code' | 'read-only' | 'RELRO' | 'RELRO and data' | 'data' | 'bss';

/** The part of a PT_GNU_RELRO range, as [start, end). */
export interface RelroRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** The last PT_GNU_RELRO (the one loaders apply), as a range. */
export function relroRangeOf(phdrs: readonly ProgramHeader[]): RelroRange | undefined {
  const r = phdrs.filter((p) => p.type === PT.GNU_RELRO);
  const last = r[r.length - 1];
  return last === undefined || last.memsz === 0n ? undefined : { start: last.vaddr, end: last.vaddr + last.memsz };
}

/** A LOAD's role: executable is code; writable is RELRO, data or bss by what GNU_RELRO covers; the rest read-only. */
export function segmentRole(p: ProgramHeader, relro: RelroRange | undefined): SegmentRole {
  if ((p.flags & PF.X) !== 0) return 'code';
  if ((p.flags & PF.W) === 0) return 'read-only';
  const lo = p.vaddr;
  const hi = p.vaddr + p.memsz;
  if (relro !== undefined && relro.start < hi && relro.end > lo) {
    return relro.start <= lo && relro.end >= p.vaddr + p.filesz ? 'RELRO' : 'RELRO and data';
  }
  return p.filesz === 0n ? 'bss' : 'data';
}

/** readelf's flags column without its padding ("R E", "RW"), or "no access". */

/**
 * How a LOAD is named as one part of a merge or split: by its flags, except
 * that writable LOADs are told apart by role ("RELRO", "data", "bss").
 */
export function partName(p: ProgramHeader, relro: RelroRange | undefined): string {
  const role = segmentRole(p, relro);
  if (role === 'RELRO' || role === 'data' || role === 'bss') return role;
  return flagsWord(p.flags);
}

/** Sections that a regrouping moved into a segment with other flags, by old and new flags. */
export interface SectionMove {
  readonly oldFlags: number;
  readonly newFlags: number;
  readonly sections: readonly string[];
}

type SectionsOf = (p: ProgramHeader) => readonly string[] | undefined;

/**
 * For segments paired as one group: which sections now sit in a segment
 * whose flags differ from the one they sat in (`.rodata` from R into R E
 * under -z noseparate-code). Empty when the sections are not known.
 */
export function sectionMoves(oldSegs: readonly ProgramHeader[], newSegs: readonly ProgramHeader[], oldSections: SectionsOf, newSections: SectionsOf): SectionMove[] {
  const newFlags = new Map<string, number>();
  for (const p of newSegs) for (const s of newSections(p) ?? []) if (!newFlags.has(s)) newFlags.set(s, p.flags);
  const out: { oldFlags: number; newFlags: number; sections: string[] }[] = [];
  for (const p of oldSegs) {
    for (const s of oldSections(p) ?? []) {
      const nf = newFlags.get(s);
      if (nf === undefined || nf === p.flags) continue;
      let m = out.find((x) => x.oldFlags === p.flags && x.newFlags === nf);
      if (m === undefined) {
        m = { oldFlags: p.flags, newFlags: nf, sections: [] };
        out.push(m);
      }
      if (!m.sections.includes(s)) m.sections.push(s);
    }
  }
  return out;
}

/** What a list of sections holds, in words ("dynamic linking tables and read-only data"); empty when no name is known. */
export function kindsText(sections: readonly string[]): string {
  const kinds: SectionKind[] = [];
  for (const s of sections) {
    const k = sectionKind(s);
    if (k !== undefined && !kinds.includes(k)) kinds.push(k);
  }
  if (kinds.length <= 1) return kinds.join('');
  return `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
}
