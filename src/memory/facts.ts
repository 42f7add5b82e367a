import { DT, ET, PF, PT, SHT, type ElfFile, type ProgramHeader } from '../elf/index.js';

/**
 * What the page-cost model needs from a file, read once through the ELF
 * reader: the program headers, where the loader writes (dynamic relocation
 * targets and the `.dynamic` entries it touches), and the file's identity.
 * Everything after this is arithmetic on these values.
 */
export interface LayoutFacts {
  readonly file: string;
  readonly bits: 32 | 64;
  readonly machine: number;
  readonly osabi: number;
  readonly type: number;
  readonly isPie: boolean;
  readonly hasInterp: boolean;
  readonly fileSize: bigint;
  readonly programHeaders: readonly ProgramHeader[];
  /** r_offset of every dynamic relocation (REL, RELA, JMPREL, RELR). */
  readonly relocationTargets: readonly bigint[];
  /** Bytes a relocation writes (the word size). */
  readonly wordSize: number;
  /** The dynamic table's entries with the address each one lives at (empty without one). */
  readonly dynamicEntries: readonly { readonly tag: bigint; readonly value: bigint; readonly addr: bigint }[];
  /** Whether PT_DYNAMIC is writable (PF_W): glibc then adjusts pointer entries in place. */
  readonly dynamicWritable: boolean;
  /** DT_FLAGS and DT_FLAGS_1 and DT_BIND_NOW, for hardening verdicts. */
  readonly bindNow: boolean;
}

/** Reads the facts from an opened file; ElfFormatError propagates. */
export function layoutFacts(elf: ElfFile, file: string): LayoutFacts {
  const phdrs = elf.programHeaders;
  const dyn = elf.dynamic ?? [];
  const entSize = BigInt(elf.bits === 64 ? 16 : 8);
  const dynSeg = phdrs.find((p) => p.type === PT.DYNAMIC && p.filesz > 0n);
  let dynBase: bigint | undefined = dynSeg?.vaddr;
  if (dynBase === undefined) dynBase = elf.sectionHeaders.find((s) => s.type === SHT.DYNAMIC && s.size > 0n)?.addr;
  const base = dynBase ?? 0n;
  const dynamicEntries = dyn.map((e, i) => ({ tag: e.tag, value: e.value, addr: base + BigInt(i) * entSize }));
  const flags = elf.dynamicValue(DT.FLAGS) ?? 0n;
  const flags1 = elf.dynamicValue(DT.FLAGS_1) ?? 0n;
  return {
    file,
    bits: elf.bits,
    machine: elf.header.machine,
    osabi: elf.header.ident.osabi,
    type: elf.header.type,
    isPie: elf.isPie,
    hasInterp: phdrs.some((p) => p.type === PT.INTERP),
    fileSize: elf.size,
    programHeaders: phdrs,
    relocationTargets: elf.dynamicRelocations().map((r) => r.offset),
    wordSize: elf.bits / 8,
    dynamicEntries,
    dynamicWritable: dynSeg !== undefined && (dynSeg.flags & PF.W) !== 0,
    bindNow: elf.dynamicValue(DT.BIND_NOW) !== undefined || (flags & 0x8n) !== 0n || (flags1 & 0x1n) !== 0n,
  };
}

/** ET_EXEC, or ET_DYN marked PIE without an interpreter (static-pie): the kernel maps it. */
export function kernelMapped(f: Pick<LayoutFacts, 'type' | 'isPie' | 'hasInterp'>): boolean {
  return f.type === ET.EXEC || (f.type === ET.DYN && f.isPie && !f.hasInterp);
}
