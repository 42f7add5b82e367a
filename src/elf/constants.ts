/**
 * ELF constants as named data. Values from the System V gABI and
 * binutils include/elf/common.h; only what elfaudit uses.
 */

export const ELFMAG = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** A table of 32-bit values with bigint values, for the fields read as bigint (d_tag, sh_flags). */
function bigints<K extends string>(table: { readonly [P in K]: number }): { readonly [P in K]: bigint } {
  const out = {} as { [P in K]: bigint };
  for (const k of Object.keys(table) as K[]) out[k] = BigInt(table[k]);
  return Object.freeze(out);
}

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
  AMDGPU_HSA: 64,
} as const;
/** EI_ABIVERSION of AMDGPU HSA code objects v3. */
export const ELFABIVERSION_AMDGPU_HSA_V3 = 1;

export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4, LOOS: 0xfe00, HIOS: 0xfeff, LOPROC: 0xff00, HIPROC: 0xffff } as const;

/** e_machine values: those elfaudit's names, readelf's per-machine decoders and the loaders test. */
export const EM = {
  NONE: 0,
  SPARC: 2,
  I386: 3,
  M68K: 4,
  IAMCU: 6,
  MIPS: 8,
  MIPS_RS3_LE: 10,
  OLD_SPARCV9: 11,
  PARISC: 15,
  SPARC32PLUS: 18,
  PPC: 20,
  PPC64: 21,
  S390: 22,
  V800: 36,
  ARM: 40,
  OLD_ALPHA: 41,
  SH: 42,
  SPARCV9: 43,
  ARC: 45,
  IA_64: 50,
  X86_64: 62,
  VAX: 75,
  AVR: 83,
  D30V: 86,
  V850: 87,
  M32R: 88,
  MN10300: 89,
  PJ: 91,
  OR1K: 92,
  ARC_COMPACT: 93,
  XTENSA: 94,
  PJ_OLD: 99,
  MSP430: 105,
  BLACKFIN: 106,
  ALTERA_NIOS2: 113,
  SCORE: 135,
  TI_C6000: 140,
  NDS32: 167,
  RX: 173,
  L1OM: 180,
  K1OM: 181,
  AARCH64: 183,
  ARC_COMPACT2: 195,
  RL78: 197,
  Z80: 220,
  VISIUM: 221,
  AMDGPU: 224,
  RISCV: 243,
  NFP: 250,
  CSKY: 252,
  LOONGARCH: 258,
  MSP430_OLD: 0x1059,
  CYGNUS_FRV: 0x5441,
  CYGNUS_D30V: 0x7676,
  /** binutils' unofficial value. */
  ALPHA: 0x9026,
  CYGNUS_M32R: 0x9041,
  CYGNUS_V850: 0x9080,
  S390_OLD: 0xa390,
  XTENSA_OLD: 0xabc7,
  CYGNUS_MN10300: 0xbeef,
  CYGNUS_MEP: 0xf00d,
} as const;

/** Extended numbering sentinel for e_phnum (SHN.XINDEX is e_shstrndx's). */
export const PN_XNUM = 0xffff;

/**
 * Reserved section indices (st_shndx, sh_link, e_shstrndx) as the file
 * holds them, in 16 bits. GNU readelf widens them to 32 bits
 * (src/readelf/symbol-names.ts internalSectionIndex).
 */
export const SHN = {
  UNDEF: 0,
  LORESERVE: 0xff00,
  LOPROC: 0xff00,
  HIPROC: 0xff1f,
  LOOS: 0xff20,
  HIOS: 0xff3f,
  ABS: 0xfff1,
  COMMON: 0xfff2,
  XINDEX: 0xffff,
  /** Solaris' sh_link values for SHF_LINK_ORDER (SHN_BEFORE, SHN_AFTER). */
  BEFORE: 0xff00,
  AFTER: 0xff01,
  IA_64_ANSI_COMMON: 0xff00,
  X86_64_LCOMMON: 0xff02,
  MIPS_SCOMMON: 0xff03,
  MIPS_SUNDEFINED: 0xff04,
  TIC6X_SCOMMON: 0xff00,
} as const;

/** Symbol binding and type live in st_info's two nibbles. */
export const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2, LOOS: 10, GNU_UNIQUE: 10, HIOS: 12, LOPROC: 13, HIPROC: 15 } as const;
export const STT = {
  NOTYPE: 0,
  OBJECT: 1,
  FUNC: 2,
  SECTION: 3,
  FILE: 4,
  COMMON: 5,
  TLS: 6,
  LOOS: 10,
  GNU_IFUNC: 10,
  HP_OPAQUE: 11,
  HP_STUB: 12,
  HIOS: 12,
  LOPROC: 13,
  HIPROC: 15,
} as const;

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
  LOOS: 0x60000000,
  GNU_INCREMENTAL_INPUTS: 0x6fff4700,
  GNU_ATTRIBUTES: 0x6ffffff5,
  GNU_HASH: 0x6ffffff6,
  GNU_LIBLIST: 0x6ffffff7,
  GNU_VERDEF: 0x6ffffffd,
  GNU_VERNEED: 0x6ffffffe,
  GNU_VERSYM: 0x6fffffff,
  HIOS: 0x6fffffff,
  LOPROC: 0x70000000,
  /** SHT_ARM_EXIDX, SHT_IA_64_UNWIND and SHT_C6000_UNWIND share the value. */
  ARM_EXIDX: 0x70000001,
  IA_64_UNWIND: 0x70000001,
  C6000_UNWIND: 0x70000001,
  /** SHT_ARM_ATTRIBUTES, SHT_RISCV_ATTRIBUTES, SHT_MSP430_ATTRIBUTES and SHT_C6000_ATTRIBUTES share the value. */
  ARM_ATTRIBUTES: 0x70000003,
  RISCV_ATTRIBUTES: 0x70000003,
  MSP430_ATTRIBUTES: 0x70000003,
  C6000_ATTRIBUTES: 0x70000003,
  /** C-SKY's and ARC's attributes take the unwind tables' value. */
  CSKY_ATTRIBUTES: 0x70000001,
  ARC_ATTRIBUTES: 0x70000001,
  MIPS_OPTIONS: 0x7000000d,
  MIPS_ABIFLAGS: 0x7000002a,
  HIPROC: 0x7fffffff,
  LOUSER: 0x80000000,
  /** Renesas' V850 notes section. */
  RENESAS_INFO: 0xa0000000,
  HIUSER: 0xffffffff,
} as const;

/** Section group flags (the first word of a SHT_GROUP section). */
export const GRP = { COMDAT: 0x1, MASKOS: 0x0ff00000, MASKPROC: 0xf0000000 } as const;

/**
 * sh_flags bits as numbers (each fits in 32 bits: readelf's flags column
 * reads sh_flags as two 32-bit halves). SHF is the same table in bigint,
 * for sh_flags as read.
 */
export const SHF32 = {
  WRITE: 0x1,
  ALLOC: 0x2,
  EXECINSTR: 0x4,
  MERGE: 0x10,
  STRINGS: 0x20,
  INFO_LINK: 0x40,
  LINK_ORDER: 0x80,
  OS_NONCONFORMING: 0x100,
  GROUP: 0x200,
  TLS: 0x400,
  COMPRESSED: 0x800,
  GNU_RETAIN: 0x200000,
  MASKOS: 0x0ff00000,
  GNU_MBIND: 0x01000000,
  MASKPROC: 0xf0000000,
  EXCLUDE: 0x80000000,
  /** SHF_X86_64_LARGE and SHF_PPC_VLE. */
  X86_64_LARGE: 0x10000000,
  PPC_VLE: 0x10000000,
  ARM_PURECODE: 0x20000000,
} as const;
export const SHF = bigints(SHF32);

/**
 * d_tag values (include/elf/common.h and the machine headers) as numbers:
 * every tag GNU names fits in 32 bits, and readelf compares them with
 * DynamicTable.tag32. DT below is the same table in bigint, for d_tag as read.
 */
export const DT32 = {
  NULL: 0,
  NEEDED: 1,
  PLTRELSZ: 2,
  PLTGOT: 3,
  HASH: 4,
  STRTAB: 5,
  SYMTAB: 6,
  RELA: 7,
  RELASZ: 8,
  RELAENT: 9,
  STRSZ: 10,
  SYMENT: 11,
  INIT: 12,
  FINI: 13,
  SONAME: 14,
  RPATH: 15,
  SYMBOLIC: 16,
  REL: 17,
  RELSZ: 18,
  RELENT: 19,
  PLTREL: 20,
  DEBUG: 21,
  TEXTREL: 22,
  JMPREL: 23,
  BIND_NOW: 24,
  INIT_ARRAY: 25,
  FINI_ARRAY: 26,
  INIT_ARRAYSZ: 27,
  FINI_ARRAYSZ: 28,
  RUNPATH: 29,
  FLAGS: 30,
  PREINIT_ARRAY: 32,
  PREINIT_ARRAYSZ: 33,
  SYMTAB_SHNDX: 34,
  RELRSZ: 35,
  RELR: 36,
  RELRENT: 37,
  OLD_LOOS: 0x60000000,
  LOOS: 0x6000000d,
  HIOS: 0x6ffff000,
  OLD_HIOS: 0x6fffffff,
  GNU_FLAGS_1: 0x6ffffdf4,
  GNU_PRELINKED: 0x6ffffdf5,
  GNU_CONFLICTSZ: 0x6ffffdf6,
  GNU_LIBLISTSZ: 0x6ffffdf7,
  CHECKSUM: 0x6ffffdf8,
  PLTPADSZ: 0x6ffffdf9,
  MOVEENT: 0x6ffffdfa,
  MOVESZ: 0x6ffffdfb,
  FEATURE: 0x6ffffdfc,
  POSFLAG_1: 0x6ffffdfd,
  SYMINSZ: 0x6ffffdfe,
  SYMINENT: 0x6ffffdff,
  ADDRRNGLO: 0x6ffffe00,
  GNU_HASH: 0x6ffffef5,
  TLSDESC_PLT: 0x6ffffef6,
  TLSDESC_GOT: 0x6ffffef7,
  GNU_CONFLICT: 0x6ffffef8,
  GNU_LIBLIST: 0x6ffffef9,
  CONFIG: 0x6ffffefa,
  DEPAUDIT: 0x6ffffefb,
  AUDIT: 0x6ffffefc,
  PLTPAD: 0x6ffffefd,
  MOVETAB: 0x6ffffefe,
  SYMINFO: 0x6ffffeff,
  VERSYM: 0x6ffffff0,
  RELACOUNT: 0x6ffffff9,
  RELCOUNT: 0x6ffffffa,
  FLAGS_1: 0x6ffffffb,
  VERDEF: 0x6ffffffc,
  VERDEFNUM: 0x6ffffffd,
  VERNEED: 0x6ffffffe,
  VERNEEDNUM: 0x6fffffff,
  LOPROC: 0x70000000,
  HIPROC: 0x7fffffff,
  AUXILIARY: 0x7ffffffd,
  USED: 0x7ffffffe,
  FILTER: 0x7fffffff,
} as const;

/** Machine-specific tags whose values process_dynamic_section decodes. */
export const DT_AARCH64 = { BTI_PLT: 0x70000001, PAC_PLT: 0x70000003 } as const;
export const DT_MIPS = {
  RLD_VERSION: 0x70000001,
  TIME_STAMP: 0x70000002,
  IVERSION: 0x70000004,
  FLAGS: 0x70000005,
  CONFLICT: 0x70000008,
  LIBLIST: 0x70000009,
  LOCAL_GOTNO: 0x7000000a,
  CONFLICTNO: 0x7000000b,
  LIBLISTNO: 0x70000010,
  SYMTABNO: 0x70000011,
  UNREFEXTNO: 0x70000012,
  GOTSYM: 0x70000013,
  HIPAGENO: 0x70000014,
  DELTA_CLASS_NO: 0x70000018,
  DELTA_INSTANCE_NO: 0x7000001a,
  DELTA_RELOC_NO: 0x7000001c,
  DELTA_SYM_NO: 0x7000001e,
  DELTA_CLASSSYM_NO: 0x70000021,
  OPTIONS: 0x70000029,
  COMPACT_SIZE: 0x7000002f,
  PLTGOT: 0x70000032,
  XHASH: 0x70000036,
} as const;
export const DT_HP_DLD_FLAGS = 0x60000001;
export const DT_IA_64 = {
  PLT_RESERVE: 0x70000000,
  VMS_LNKFLAGS: 0x6000000d + 8,
  VMS_NEEDED_IDENT: 0x6000000d + 16,
  VMS_IMG_RELA_CNT: 0x6000000d + 18,
  VMS_FIXUP_RELA_CNT: 0x6000000d + 22,
  VMS_FIXUP_NEEDED: 0x6000000d + 24,
  VMS_LINKTIME: 0x6000000d + 40,
  VMS_STRTAB_OFFSET: 0x6000000d + 52,
  VMS_IMG_RELA_OFF: 0x6000000d + 56,
  VMS_FIXUP_RELA_OFF: 0x6000000d + 60,
} as const;
export const DT = bigints(DT32);

/** Symbol versioning (Elf_Versym, Elf_Verdef, Elf_Verneed). */
export const VERSYM = {
  /** The symbol is not the default version of its name (`foo@V`, not `foo@@V`). */
  HIDDEN: 0x8000,
  /** The version index bits. */
  VERSION: 0x7fff,
} as const;
/** vd_flags / vna_flags: BASE marks the definition that names the file itself (its SONAME), not a version. */
export const VER_FLG = { BASE: 0x1, WEAK: 0x2, INFO: 0x4 } as const;

/** Note types. */
export const NT_GNU = { ABI_TAG: 1, HWCAP: 2, BUILD_ID: 3, GOLD_VERSION: 4, PROPERTY_TYPE_0: 5 } as const;
/** The Go linker's build-ID note (owner "Go", in .note.go.buildid). */
export const NT_GO_BUILDID = 4;
/** annobin's build-attribute notes (owner "GA$<version>"…, in .gnu.build.attributes): NT_GNU_BUILD_ATTRIBUTE_OPEN / _FUNC. */
export const NT_GNU_BUILD_ATTRIBUTE = { OPEN: 0x100, FUNC: 0x101 } as const;
/** The core file's mapped-files note (owner "CORE"). */
export const NT_FILE = 0x46494c45;
/** The package metadata note systemd's tools write (owner "FDO", in .note.package). */
export const NT_FDO_PACKAGING_METADATA = 0xcafe1a7e;

/** pr_type values of NT_GNU_PROPERTY_TYPE_0 properties, and their ranges. */
export const GNU_PROPERTY = {
  STACK_SIZE: 1,
  NO_COPY_ON_PROTECTED: 2,
  UINT32_AND_LO: 0xb0000000,
  UINT32_AND_HI: 0xb0007fff,
  UINT32_OR_LO: 0xb0008000,
  /** GNU_PROPERTY_1_NEEDED is the first OR property. */
  '1_NEEDED': 0xb0008000,
  UINT32_OR_HI: 0xb000ffff,
  LOPROC: 0xc0000000,
  AARCH64_FEATURE_1_AND: 0xc0000000,
  X86_FEATURE_1_AND: 0xc0000002,
  HIPROC: 0xdfffffff,
  LOUSER: 0xe0000000,
} as const;
export const GNU_PROPERTY_X86_FEATURE_1 = { IBT: 1, SHSTK: 2 } as const;
export const GNU_PROPERTY_AARCH64_FEATURE_1 = { BTI: 1, PAC: 2 } as const;

export const DF = { ORIGIN: 0x1n, SYMBOLIC: 0x2n, TEXTREL: 0x4n, BIND_NOW: 0x8n, STATIC_TLS: 0x10n } as const;
export const DF_1 = { NOW: 0x1n, PIE: 0x08000000n } as const;

/** Sizes of the symbol versioning structures (Elf_Verdef, Verdaux, Verneed, Vernaux): the same in both classes. */
export const VERSION_STRUCT_SIZE = { verdef: 20, verdaux: 8, verneed: 16, vernaux: 16 } as const;

/** Sizes of the on-disk structures, by class. */
export const STRUCT_SIZE = {
  32: { ehdr: 52, phdr: 32, shdr: 40, dyn: 8, sym: 16, rel: 8, rela: 12, relr: 4, syminfo: 4 },
  64: { ehdr: 64, phdr: 56, shdr: 64, dyn: 16, sym: 24, rel: 16, rela: 24, relr: 8, syminfo: 4 },
} as const;
