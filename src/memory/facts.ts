import { DT, ET, PF, PT, SHT, isElfFormatError, linkerMark, versionNeeds, type ElfFile, type LinkerMark, type ProgramHeader } from '../elf/index.js';
import { readGnuAbiTag, readSectionFacts, readSoname, type HeaderFacts, type SectionFacts } from '../hardening/index.js';
import { sectionInSegment } from '../readelf/mapping.js';
import { relocationPages, type RelocationPages } from './relocation-pages.js';
import { abiFacts, type AbiFacts } from '../diff/abi.js';

/**
 * What the page-cost model needs from a file, read once through the ELF
 * reader: the program headers, where the loader writes (dynamic relocation
 * targets and the `.dynamic` entries it touches), and what decides whether
 * and how a loader takes the file. Everything after this is arithmetic on
 * these values; a baseline records them (src/gate/baseline.ts), so the
 * model runs the same from a baseline as from the file. They include the
 * hardening engine's header facts (src/hardening/facts.ts), so `diff` and
 * the model's RELRO follow the same rules as `audit`.
 */
export interface LayoutFacts extends HeaderFacts {
  readonly file: string;
  readonly bits: 32 | 64;
  readonly machine: number;
  readonly osabi: number;
  readonly type: number;
  readonly isPie: boolean;
  readonly hasInterp: boolean;
  /** PT_INTERP's name (latin1 bytes), when there is one. */
  readonly interpreter: string | undefined;
  readonly fileSize: bigint;
  readonly programHeaders: readonly ProgramHeader[];
  /** The pages the dynamic relocations (REL, RELA, JMPREL, RELR) write, at a 4 KiB grain. */
  readonly relocations: RelocationPages;
  /** Bytes a relocation writes (the word size). */
  readonly wordSize: number;
  /** The dynamic table's entries with the address each one lives at (empty without one). */
  readonly dynamicEntries: readonly { readonly tag: bigint; readonly value: bigint; readonly addr: bigint }[];
  /** Whether PT_DYNAMIC is writable (PF_W): glibc then adjusts pointer entries in place. */
  readonly dynamicWritable: boolean;
  /** An NT_GNU_ABI_TAG note: glibc's startup code is linked in (it applies RELRO in a static executable). */
  readonly gnuAbiTag: boolean;
  /** DT_NEEDED names, in order. */
  readonly needed: readonly string[];
  /** The version names DT_VERNEED asks for (`GLIBC_2.34`, `GLIBC_ABI_DT_RELR`…), in order. */
  readonly versionNeeds: readonly string[];
  /** DT_SONAME's string (latin1 bytes), when there is one. */
  readonly soname: string | undefined;
  /** What the hardening rules need from the section headers. */
  readonly sections: SectionFacts;
  /** What could not be read (the model goes on without it), with the numbers. */
  readonly problems: readonly string[];
  /**
   * The names of the sections each program header holds, by its position in
   * the table (readelf's "Section to Segment mapping" rule); undefined when
   * not known (a baseline written before they were recorded). What the diff
   * pairs segments by (src/diff/pairing.ts).
   */
  readonly segmentSections?: readonly (readonly string[])[] | undefined;
  /** The linker's mark (src/elf/linker.ts): undefined when it left none or it was not recorded. */
  readonly linker?: LinkerMark | undefined;
  /** What `diff` shows besides pages (src/diff/abi.ts); undefined when unreadable or not recorded (baselines do not keep it). */
  readonly abi?: AbiFacts | undefined;
}

/** What only some readers of the facts need, read when asked. */
export interface FactsWanted {
  /**
   * The ABI facts (`abi`: exports sorted by name, imports, sizes by section),
   * for `diff` and the gate. Off by default: `memory` and the live views never
   * show them, and decoding and sorting libc's 3,000 exports was a quarter of
   * a one-file `memory` run.
   */
  readonly abi?: boolean;
}

/** Reads the facts from an opened file; ElfFormatError from the headers propagates. */
export function layoutFacts(elf: ElfFile, file: string, wanted: FactsWanted = {}): LayoutFacts {
  const phdrs = elf.programHeaders;
  const dyn = elf.dynamic ?? [];
  const entSize = BigInt(elf.bits === 64 ? 16 : 8);
  const dynSeg = phdrs.find((p) => p.type === PT.DYNAMIC && p.filesz > 0n);
  let dynBase: bigint | undefined = dynSeg?.vaddr;
  if (dynBase === undefined) dynBase = elf.sectionHeaders.find((s) => s.type === SHT.DYNAMIC && s.size > 0n)?.addr;
  const base = dynBase ?? 0n;
  const dynamicEntries = dyn.map((e, i) => ({ tag: e.tag, value: e.value, addr: base + BigInt(i) * entSize }));
  const relocations = relocationPages(elf);
  const problems: string[] = [...relocations.problems];
  /** A part the model can do without: a reader error becomes a problem, not a failure. */
  const optional = <T>(what: string, fallback: T, read: () => T): T => {
    try {
      return read();
    } catch (e) {
      if (!isElfFormatError(e)) throw e;
      problems.push(`${what}: ${e.message}`);
      return fallback;
    }
  };
  const interp = optional('PT_INTERP', undefined, () => elf.interpreterBytes()?.toString('latin1'));
  const versionNames = optional('DT_VERNEED', [], () => versionNeeds(elf).flatMap((l) => l.versions.map((v) => v.name)));
  return {
    file,
    bits: elf.bits,
    machine: elf.header.machine,
    osabi: elf.header.ident.osabi,
    type: elf.header.type,
    isPie: elf.isPie,
    hasInterp: phdrs.some((p) => p.type === PT.INTERP),
    interpreter: interp,
    fileSize: elf.size,
    programHeaders: phdrs,
    relocations,
    wordSize: elf.bits / 8,
    dynamicEntries,
    dynamicWritable: dynSeg !== undefined && (dynSeg.flags & PF.W) !== 0,
    gnuAbiTag: readGnuAbiTag(elf, (m) => problems.push(`notes: ${m}`)),
    needed: optional('DT_NEEDED names', [], () => dyn.filter((e) => e.tag === DT.NEEDED).map((e) => elf.dynamicString(e.value) ?? '')),
    versionNeeds: versionNames,
    soname: readSoname(elf),
    sections: readSectionFacts(elf),
    problems,
    segmentSections: quietly(() => segmentSections(elf)),
    linker: quietly(() => linkerMark(elf)),
    abi: wanted.abi === true ? quietly(() => abiFacts(elf, interp, versionNames)) : undefined,
  };
}

/**
 * What only the diff's pairing reads: unreadable section headers or notes
 * leave it unknown (the pairing falls back to flags and order), without a
 * problem for the model, which does not need them.
 */
function quietly<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return undefined;
  }
}

/**
 * Beyond this many section-in-segment tests (phnum × shnum) the mapping is
 * left unknown: real files test a few hundred thousand at most, a crafted
 * one with 65,535 of each would take billions.
 */
const MAX_SECTION_TESTS = 4_000_000;

/** Each program header's sections by name; undefined when the file has no section headers (or too many of both). */
function segmentSections(elf: ElfFile): string[][] | undefined {
  const secs = elf.sectionHeaders;
  if (secs.length === 0 || secs.length * elf.programHeaders.length > MAX_SECTION_TESTS) return undefined;
  const named = secs.slice(1).map((s) => ({ s, name: elf.sectionName(s) }));
  return elf.programHeaders.map((p) => named.filter((x) => sectionInSegment(x.s, p)).map((x) => x.name));
}

/** ET_EXEC, or ET_DYN marked PIE without an interpreter (static-pie): the kernel maps it. */
export function kernelMapped(f: Pick<LayoutFacts, 'type' | 'isPie' | 'hasInterp'>): boolean {
  return f.type === ET.EXEC || (f.type === ET.DYN && f.isPie && !f.hasInterp);
}

/** The value of the first dynamic entry with `tag` (as ElfFile.dynamicValue reads it), if any. */
export function dynamicValueOf(f: Pick<LayoutFacts, 'dynamicEntries'>, tag: bigint): bigint | undefined {
  return f.dynamicEntries.find((e) => e.tag === tag)?.value;
}


