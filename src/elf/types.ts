/**
 * The reader's model: raw numbers, no names. Anything that is 64 bits wide in
 * ELF64 (addresses, offsets, sizes, xwords) is a bigint in both classes, so
 * consumers branch on the file's class for layout, never on a value's type.
 */

export type Elf64Addr = bigint;
export type Elf64Off = bigint;
export type Elf64Xword = bigint;
/** 2^64 − 1: the largest Elf64 value, and the mask that wraps bigint arithmetic round as C's uint64_t does. */
export const U64_MAX = (1n << 64n) - 1n;

export type ElfClassBits = 32 | 64;

export interface ElfIdent {
  /** All 16 bytes as read. */
  readonly bytes: Buffer;
  /** EI_CLASS as stored (1 = ELFCLASS32, 2 = ELFCLASS64, anything else kept as is). */
  readonly class: number;
  /** EI_DATA as stored (1 = LSB, 2 = MSB). */
  readonly data: number;
  readonly version: number;
  readonly osabi: number;
  readonly abiVersion: number;
}

export interface ElfHeader {
  readonly ident: ElfIdent;
  /** Layout used to decode the file: 64 only when EI_CLASS is ELFCLASS64, as GNU does. */
  readonly bits: ElfClassBits;
  /** Byte order used to decode: big-endian only when EI_DATA is ELFDATA2MSB. */
  readonly bigEndian: boolean;
  readonly type: number;
  readonly machine: number;
  readonly version: number;
  readonly entry: Elf64Addr;
  readonly phoff: Elf64Off;
  readonly shoff: Elf64Off;
  readonly flags: number;
  readonly ehsize: number;
  readonly phentsize: number;
  /** As stored: 0xffff means "see section 0's sh_info". */
  readonly phnum: number;
  readonly shentsize: number;
  /** As stored: 0 with a section table means "see section 0's sh_size". */
  readonly shnum: number;
  /** As stored: 0xffff means "see section 0's sh_link". */
  readonly shstrndx: number;
}

export interface ProgramHeader {
  readonly index: number;
  readonly type: number;
  readonly flags: number;
  readonly offset: Elf64Off;
  readonly vaddr: Elf64Addr;
  readonly paddr: Elf64Addr;
  readonly filesz: Elf64Xword;
  readonly memsz: Elf64Xword;
  readonly align: Elf64Xword;
}

export interface SectionHeader {
  readonly index: number;
  /** Offset of the name in the section-name string table. */
  readonly name: number;
  readonly type: number;
  readonly flags: Elf64Xword;
  readonly addr: Elf64Addr;
  readonly offset: Elf64Off;
  readonly size: Elf64Xword;
  readonly link: number;
  readonly info: number;
  readonly addralign: Elf64Xword;
  readonly entsize: Elf64Xword;
}

export interface DynamicEntry {
  /** d_tag as an unsigned 64-bit value (ELF32 tags zero-extended). */
  readonly tag: bigint;
  readonly value: bigint;
}
