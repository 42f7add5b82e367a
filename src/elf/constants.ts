/**
 * ELF constants as named data. Values from the System V gABI and
 * binutils include/elf/common.h; only what elfaudit uses.
 */

export const ELFMAG = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** e_ident indices. */
export const EI = {
  CLASS: 4,
  DATA: 5,
  VERSION: 6,
  OSABI: 7,
  ABIVERSION: 8,
  NIDENT: 16,
} as const;

export const ELFCLASS = { NONE: 0, CLASS32: 1, CLASS64: 2 } as const;
export const ELFDATA = { NONE: 0, LSB: 1, MSB: 2 } as const;

export const ELFOSABI = {
  NONE: 0,
  HPUX: 1,
  NETBSD: 2,
  GNU: 3,
  SOLARIS: 6,
  AIX: 7,
  IRIX: 8,
  FREEBSD: 9,
  TRU64: 10,
  MODESTO: 11,
  OPENBSD: 12,
  OPENVMS: 13,
  NSK: 14,
  AROS: 15,
  FENIXOS: 16,
  CLOUDABI: 17,
  OPENVOS: 18,
} as const;

export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4, LOOS: 0xfe00, HIOS: 0xfeff, LOPROC: 0xff00, HIPROC: 0xffff } as const;

export const EM = {
  NONE: 0,
  SPARC: 2,
  I386: 3,
  MIPS: 8,
  S390_OLD: 0xa390,
  MIPS_RS3_LE: 10,
  PARISC: 15,
  SH: 42,
  ALPHA: 0x9026,
  PPC: 20,
  PPC64: 21,
  S390: 22,
  ARM: 40,
  SPARCV9: 43,
  IA_64: 50,
  X86_64: 62,
  TI_C6000: 140,
  AARCH64: 183,
  RISCV: 243,
  LOONGARCH: 258,
} as const;

/** Extended numbering sentinels. */
export const PN_XNUM = 0xffff;
export const SHN_UNDEF = 0;
export const SHN_XINDEX = 0xffff;

export const PT = {
  NULL: 0,
  LOAD: 1,
  DYNAMIC: 2,
  INTERP: 3,
  NOTE: 4,
  SHLIB: 5,
  PHDR: 6,
  TLS: 7,
  LOOS: 0x60000000,
  HIOS: 0x6fffffff,
  LOPROC: 0x70000000,
  HIPROC: 0x7fffffff,
  GNU_EH_FRAME: 0x6474e550,
  GNU_STACK: 0x6474e551,
  GNU_RELRO: 0x6474e552,
  GNU_PROPERTY: 0x6474e553,
  GNU_SFRAME: 0x6474e554,
  GNU_MBIND_LO: 0x6474e555,
  GNU_MBIND_HI: 0x6474e555 + 4096 - 1,
  OPENBSD_RANDOMIZE: 0x65a3dbe6,
  OPENBSD_WXNEEDED: 0x65a3dbe7,
  OPENBSD_BOOTDATA: 0x65a41be6,
  ARM_EXIDX: 0x70000001,
} as const;

export const PF = { X: 1, W: 2, R: 4 } as const;

export const SHT = {
  NULL: 0,
  PROGBITS: 1,
  SYMTAB: 2,
  STRTAB: 3,
  RELA: 4,
  HASH: 5,
  DYNAMIC: 6,
  NOTE: 7,
  NOBITS: 8,
  REL: 9,
  SHLIB: 10,
  DYNSYM: 11,
  INIT_ARRAY: 14,
  FINI_ARRAY: 15,
  PREINIT_ARRAY: 16,
  GROUP: 17,
  SYMTAB_SHNDX: 18,
  RELR: 19,
  GNU_VERDEF: 0x6ffffffd,
  GNU_VERNEED: 0x6ffffffe,
  GNU_VERSYM: 0x6fffffff,
} as const;

export const SHF = {
  WRITE: 0x1n,
  ALLOC: 0x2n,
  EXECINSTR: 0x4n,
  INFO_LINK: 0x40n,
  TLS: 0x400n,
  COMPRESSED: 0x800n,
} as const;

export const DT = {
  NULL: 0n,
  NEEDED: 1n,
  PLTRELSZ: 2n,
  PLTGOT: 3n,
  HASH: 4n,
  STRTAB: 5n,
  SYMTAB: 6n,
  RELA: 7n,
  RELASZ: 8n,
  RELAENT: 9n,
  STRSZ: 10n,
  SYMENT: 11n,
  INIT: 12n,
  FINI: 13n,
  SONAME: 14n,
  RPATH: 15n,
  SYMBOLIC: 16n,
  REL: 17n,
  RELSZ: 18n,
  RELENT: 19n,
  PLTREL: 20n,
  DEBUG: 21n,
  TEXTREL: 22n,
  JMPREL: 23n,
  BIND_NOW: 24n,
  RUNPATH: 29n,
  FLAGS: 30n,
  RELRSZ: 35n,
  RELR: 36n,
  RELRENT: 37n,
  GNU_HASH: 0x6ffffef5n,
  SYMINSZ: 0x6ffffdfen,
  SYMINENT: 0x6ffffdffn,
  SYMINFO: 0x6ffffeffn,
  FLAGS_1: 0x6ffffffbn,
  VERSYM: 0x6ffffff0n,
  VERDEF: 0x6ffffffcn,
  VERDEFNUM: 0x6ffffffdn,
  VERNEED: 0x6ffffffen,
  VERNEEDNUM: 0x6fffffffn,
} as const;

export const DF = { ORIGIN: 0x1n, SYMBOLIC: 0x2n, TEXTREL: 0x4n, BIND_NOW: 0x8n, STATIC_TLS: 0x10n } as const;
export const DF_1 = { NOW: 0x1n, PIE: 0x08000000n } as const;

/** Sizes of the on-disk structures, by class. */
export const STRUCT_SIZE = {
  32: { ehdr: 52, phdr: 32, shdr: 40, dyn: 8, sym: 16, rel: 8, rela: 12, relr: 4, syminfo: 4 },
  64: { ehdr: 64, phdr: 56, shdr: 64, dyn: 16, sym: 24, rel: 16, rela: 24, relr: 8, syminfo: 4 },
} as const;
