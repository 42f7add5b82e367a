import { DT32 as DT, ELFOSABI, EM } from '../elf/constants.js';

/**
 * GNU readelf 2.40's names and value decoders for dynamic entries, as data
 * and small pure functions (readelf.c's get_dynamic_type and its per-machine
 * helpers, print_dynamic_flags, the flag loops of process_dynamic_section,
 * dynamic_section_{mips,parisc,ia64}_val's decoders). Tags are plain
 * numbers here (src/elf/constants.ts DT32): every tag GNU names fits in 32 bits.
 */

const GENERIC_NAMES: ReadonlyMap<number, string> = new Map([
  [DT.NULL, 'NULL'],
  [DT.NEEDED, 'NEEDED'],
  [DT.PLTRELSZ, 'PLTRELSZ'],
  [DT.PLTGOT, 'PLTGOT'],
  [DT.HASH, 'HASH'],
  [DT.STRTAB, 'STRTAB'],
  [DT.SYMTAB, 'SYMTAB'],
  [DT.RELA, 'RELA'],
  [DT.RELASZ, 'RELASZ'],
  [DT.RELAENT, 'RELAENT'],
  [DT.STRSZ, 'STRSZ'],
  [DT.SYMENT, 'SYMENT'],
  [DT.INIT, 'INIT'],
  [DT.FINI, 'FINI'],
  [DT.SONAME, 'SONAME'],
  [DT.RPATH, 'RPATH'],
  [DT.SYMBOLIC, 'SYMBOLIC'],
  [DT.REL, 'REL'],
  [DT.RELSZ, 'RELSZ'],
  [DT.RELENT, 'RELENT'],
  [DT.RELR, 'RELR'],
  [DT.RELRSZ, 'RELRSZ'],
  [DT.RELRENT, 'RELRENT'],
  [DT.PLTREL, 'PLTREL'],
  [DT.DEBUG, 'DEBUG'],
  [DT.TEXTREL, 'TEXTREL'],
  [DT.JMPREL, 'JMPREL'],
  [DT.BIND_NOW, 'BIND_NOW'],
  [DT.INIT_ARRAY, 'INIT_ARRAY'],
  [DT.FINI_ARRAY, 'FINI_ARRAY'],
  [DT.INIT_ARRAYSZ, 'INIT_ARRAYSZ'],
  [DT.FINI_ARRAYSZ, 'FINI_ARRAYSZ'],
  [DT.RUNPATH, 'RUNPATH'],
  [DT.FLAGS, 'FLAGS'],
  [DT.PREINIT_ARRAY, 'PREINIT_ARRAY'],
  [DT.PREINIT_ARRAYSZ, 'PREINIT_ARRAYSZ'],
  [DT.SYMTAB_SHNDX, 'SYMTAB_SHNDX'],
  [DT.CHECKSUM, 'CHECKSUM'],
  [DT.PLTPADSZ, 'PLTPADSZ'],
  [DT.MOVEENT, 'MOVEENT'],
  [DT.MOVESZ, 'MOVESZ'],
  [DT.FEATURE, 'FEATURE'],
  [DT.POSFLAG_1, 'POSFLAG_1'],
  [DT.SYMINSZ, 'SYMINSZ'],
  [DT.SYMINENT, 'SYMINENT'],
  [DT.ADDRRNGLO, 'ADDRRNGLO'],
  [DT.CONFIG, 'CONFIG'],
  [DT.DEPAUDIT, 'DEPAUDIT'],
  [DT.AUDIT, 'AUDIT'],
  [DT.PLTPAD, 'PLTPAD'],
  [DT.MOVETAB, 'MOVETAB'],
  [DT.SYMINFO, 'SYMINFO'],
  [DT.VERSYM, 'VERSYM'],
  [DT.TLSDESC_GOT, 'TLSDESC_GOT'],
  [DT.TLSDESC_PLT, 'TLSDESC_PLT'],
  [DT.RELACOUNT, 'RELACOUNT'],
  [DT.RELCOUNT, 'RELCOUNT'],
  [DT.FLAGS_1, 'FLAGS_1'],
  [DT.VERDEF, 'VERDEF'],
  [DT.VERDEFNUM, 'VERDEFNUM'],
  [DT.VERNEED, 'VERNEED'],
  [DT.VERNEEDNUM, 'VERNEEDNUM'],
  [DT.AUXILIARY, 'AUXILIARY'],
  [DT.USED, 'USED'],
  [DT.FILTER, 'FILTER'],
  [DT.GNU_PRELINKED, 'GNU_PRELINKED'],
  [DT.GNU_CONFLICT, 'GNU_CONFLICT'],
  [DT.GNU_CONFLICTSZ, 'GNU_CONFLICTSZ'],
  [DT.GNU_LIBLIST, 'GNU_LIBLIST'],
  [DT.GNU_LIBLISTSZ, 'GNU_LIBLISTSZ'],
  [DT.GNU_HASH, 'GNU_HASH'],
  [DT.GNU_FLAGS_1, 'GNU_FLAGS_1'],
]);

const names = (entries: readonly (readonly [number, string])[]): ReadonlyMap<number, string> => new Map(entries);

const MIPS_NAMES = names([
  [0x70000001, 'MIPS_RLD_VERSION'],
  [0x70000002, 'MIPS_TIME_STAMP'],
  [0x70000003, 'MIPS_ICHECKSUM'],
  [0x70000004, 'MIPS_IVERSION'],
  [0x70000005, 'MIPS_FLAGS'],
  [0x70000006, 'MIPS_BASE_ADDRESS'],
  [0x70000007, 'MIPS_MSYM'],
  [0x70000008, 'MIPS_CONFLICT'],
  [0x70000009, 'MIPS_LIBLIST'],
  [0x7000000a, 'MIPS_LOCAL_GOTNO'],
  [0x7000000b, 'MIPS_CONFLICTNO'],
  [0x70000010, 'MIPS_LIBLISTNO'],
  [0x70000011, 'MIPS_SYMTABNO'],
  [0x70000012, 'MIPS_UNREFEXTNO'],
  [0x70000013, 'MIPS_GOTSYM'],
  [0x70000014, 'MIPS_HIPAGENO'],
  [0x70000016, 'MIPS_RLD_MAP'],
  [0x70000035, 'MIPS_RLD_MAP_REL'],
  [0x70000017, 'MIPS_DELTA_CLASS'],
  [0x70000018, 'MIPS_DELTA_CLASS_NO'],
  [0x70000019, 'MIPS_DELTA_INSTANCE'],
  [0x7000001a, 'MIPS_DELTA_INSTANCE_NO'],
  [0x7000001b, 'MIPS_DELTA_RELOC'],
  [0x7000001c, 'MIPS_DELTA_RELOC_NO'],
  [0x7000001d, 'MIPS_DELTA_SYM'],
  [0x7000001e, 'MIPS_DELTA_SYM_NO'],
  [0x70000020, 'MIPS_DELTA_CLASSSYM'],
  [0x70000021, 'MIPS_DELTA_CLASSSYM_NO'],
  [0x70000022, 'MIPS_CXX_FLAGS'],
  [0x70000023, 'MIPS_PIXIE_INIT'],
  [0x70000024, 'MIPS_SYMBOL_LIB'],
  [0x70000025, 'MIPS_LOCALPAGE_GOTIDX'],
  [0x70000026, 'MIPS_LOCAL_GOTIDX'],
  [0x70000027, 'MIPS_HIDDEN_GOTIDX'],
  [0x70000028, 'MIPS_PROTECTED_GOTIDX'],
  [0x70000029, 'MIPS_OPTIONS'],
  [0x7000002a, 'MIPS_INTERFACE'],
  [0x7000002b, 'MIPS_DYNSTR_ALIGN'],
  [0x7000002c, 'MIPS_INTERFACE_SIZE'],
  [0x7000002d, 'MIPS_RLD_TEXT_RESOLVE_ADDR'],
  [0x7000002e, 'MIPS_PERF_SUFFIX'],
  [0x7000002f, 'MIPS_COMPACT_SIZE'],
  [0x70000030, 'MIPS_GP_VALUE'],
  [0x70000031, 'MIPS_AUX_DYNAMIC'],
  [0x70000032, 'MIPS_PLTGOT'],
  [0x70000034, 'MIPS_RWPLT'],
  [0x70000036, 'MIPS_XHASH'],
]);

const PARISC_NAMES = names([
  [0x60000000, 'HP_LOAD_MAP'],
  [0x60000001, 'HP_DLD_FLAGS'],
  [0x60000002, 'HP_DLD_HOOK'],
  [0x60000003, 'HP_UX10_INIT'],
  [0x60000004, 'HP_UX10_INITSZ'],
  [0x60000005, 'HP_PREINIT'],
  [0x60000006, 'HP_PREINITSZ'],
  [0x60000007, 'HP_NEEDED'],
  [0x60000008, 'HP_TIME_STAMP'],
  [0x60000009, 'HP_CHECKSUM'],
  [0x6000000a, 'HP_GST_SIZE'],
  [0x6000000b, 'HP_GST_VERSION'],
  [0x6000000c, 'HP_GST_HASHVAL'],
  [0x6000000d, 'HP_GST_EPLTREL'],
  [0x6000000e, 'HP_GST_EPLTRELSZ'],
  [0x6000000f, 'HP_FILTERED'],
  [0x60000010, 'HP_FILTER_TLS'],
  [0x60000011, 'HP_COMPAT_FILTERED'],
  [0x60000012, 'HP_LAZYLOAD'],
  [0x60000013, 'HP_BIND_NOW_COUNT'],
  [0x60000014, 'PLT'],
  [0x60000015, 'PLT_SIZE'],
  [0x60000016, 'DLT'],
  [0x60000017, 'DLT_SIZE'],
]);

/** DT_LOOS + n for the IA-64 VMS names. */
const IA64_NAMES = names([
  [DT.LOPROC, 'IA_64_PLT_RESERVE'],
  ...(
    [
      [0, 'VMS_SUBTYPE'],
      [2, 'VMS_IMGIOCNT'],
      [8, 'VMS_LNKFLAGS'],
      [10, 'VMS_VIR_MEM_BLK_SIZ'],
      [12, 'VMS_IDENT'],
      [16, 'VMS_NEEDED_IDENT'],
      [18, 'VMS_IMG_RELA_CNT'],
      [20, 'VMS_SEG_RELA_CNT'],
      [22, 'VMS_FIXUP_RELA_CNT'],
      [24, 'VMS_FIXUP_NEEDED'],
      [26, 'VMS_SYMVEC_CNT'],
      [30, 'VMS_XLATED'],
      [32, 'VMS_STACKSIZE'],
      [34, 'VMS_UNWINDSZ'],
      [36, 'VMS_UNWIND_CODSEG'],
      [38, 'VMS_UNWIND_INFOSEG'],
      [40, 'VMS_LINKTIME'],
      [42, 'VMS_SEG_NO'],
      [44, 'VMS_SYMVEC_OFFSET'],
      [46, 'VMS_SYMVEC_SEG'],
      [48, 'VMS_UNWIND_OFFSET'],
      [50, 'VMS_UNWIND_SEG'],
      [52, 'VMS_STRTAB_OFFSET'],
      [54, 'VMS_SYSVER_OFFSET'],
      [56, 'VMS_IMG_RELA_OFF'],
      [58, 'VMS_SEG_RELA_OFF'],
      [60, 'VMS_FIXUP_RELA_OFF'],
      [62, 'VMS_PLTGOT_OFFSET'],
      [64, 'VMS_PLTGOT_SEG'],
      [66, 'VMS_FPMODE'],
    ] as const
  ).map(([n, name]) => [DT.LOOS + n, name] as const),
]);

const SOLARIS_NAMES = names([
  [0x6000000d, 'SUNW_AUXILIARY'],
  [0x6000000e, 'SUNW_RTLDINF'],
  [0x6000000f, 'SUNW_FILTER'],
  [0x60000010, 'SUNW_CAP'],
  [0x60000011, 'SUNW_SYMTAB'],
  [0x60000012, 'SUNW_SYMSZ'],
  [0x60000013, 'SUNW_SORTENT'],
  [0x60000014, 'SUNW_SYMSORT'],
  [0x60000015, 'SUNW_SYMSORTSZ'],
  [0x60000016, 'SUNW_TLSSORT'],
  [0x60000017, 'SUNW_TLSSORTSZ'],
  [0x60000018, 'SUNW_CAPINFO'],
  [0x60000019, 'SUNW_STRPAD'],
  [0x6000001a, 'SUNW_CAPCHAIN'],
  [0x6000001b, 'SUNW_LDMACH'],
  [0x6000001d, 'SUNW_CAPCHAINENT'],
  [0x6000001f, 'SUNW_CAPCHAINSZ'],
  [0x60000021, 'SUNW_PARENT'],
  [0x60000023, 'SUNW_ASLR'],
  [0x60000025, 'SUNW_RELAX'],
  [0x60000029, 'SUNW_NXHEAP'],
  [0x6000002b, 'SUNW_NXSTACK'],
  [0x70000001, 'SPARC_REGISTER'],
  [0x7ffffffd, 'AUXILIARY'],
  [0x7ffffffe, 'USED'],
  [0x7fffffff, 'FILTER'],
]);

/** The names get_dynamic_type looks up in DT_LOPROC..DT_HIPROC, per e_machine. */
const PROCESSOR_NAMES: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [EM.AARCH64, names([[0x70000001, 'AARCH64_BTI_PLT'], [0x70000003, 'AARCH64_PAC_PLT'], [0x70000005, 'AARCH64_VARIANT_PCS']])],
  [EM.MIPS, MIPS_NAMES],
  [EM.MIPS_RS3_LE, MIPS_NAMES],
  [EM.SPARCV9, names([[0x70000001, 'SPARC_REGISTER']])],
  [EM.PPC, names([[0x70000000, 'PPC_GOT'], [0x70000001, 'PPC_OPT']])],
  [EM.PPC64, names([[0x70000000, 'PPC64_GLINK'], [0x70000001, 'PPC64_OPD'], [0x70000002, 'PPC64_OPDSZ'], [0x70000003, 'PPC64_OPT']])],
  [EM.IA_64, IA64_NAMES],
  [EM.ALPHA, names([[0x70000000, 'ALPHA_PLTRO']])],
  [
    EM.SCORE,
    names([
      [0x70000001, 'SCORE_BASE_ADDRESS'],
      [0x70000002, 'SCORE_LOCAL_GOTNO'],
      [0x70000003, 'SCORE_SYMTABNO'],
      [0x70000004, 'SCORE_GOTSYM'],
      [0x70000005, 'SCORE_UNREFEXTNO'],
      [0x70000006, 'SCORE_HIPAGENO'],
    ]),
  ],
  [
    EM.TI_C6000,
    names([
      [0x6000000d, 'C6000_GSYM_OFFSET'],
      [0x6000000f, 'C6000_GSTR_OFFSET'],
      [0x70000000, 'C6000_DSBT_BASE'],
      [0x70000001, 'C6000_DSBT_SIZE'],
      [0x70000002, 'C6000_PREEMPTMAP'],
      [0x70000003, 'C6000_DSBT_INDEX'],
    ]),
  ],
  [EM.ALTERA_NIOS2, names([[0x70000002, 'NIOS2_GP']])],
  [EM.RISCV, names([[0x70000001, 'RISCV_VARIANT_CC']])],
]);

/** The names get_dynamic_type looks up in the OS range, per e_machine. */
const OS_NAMES: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [EM.PARISC, PARISC_NAMES],
  [EM.IA_64, IA64_NAMES],
]);

const TWO32 = 0x100000000n;

/**
 * get_dynamic_type: the name of d_tag `type` (an unsigned 64-bit value) for
 * a file of machine `machine` and EI_OSABI `osabi`. Tags without a name give
 * `Processor Specific: %lx`, `Operating System specific: %lx` or
 * `<unknown>: %lx`.
 */
export function dynamicTypeName(type: bigint | number, machine: number, osabi: number): string {
  if (typeof type === 'bigint') {
    if (type >= TWO32) return `<unknown>: ${type.toString(16)}`;
    type = Number(type);
  }
  const generic = GENERIC_NAMES.get(type);
  if (generic !== undefined) return generic;
  if (type >= DT.LOPROC && type <= DT.HIPROC) {
    const table = PROCESSOR_NAMES.get(machine) ?? (osabi === ELFOSABI.SOLARIS ? SOLARIS_NAMES : undefined);
    return table?.get(type) ?? `Processor Specific: ${type.toString(16)}`;
  }
  if ((type >= DT.LOOS && type <= DT.HIOS) || (machine === EM.PARISC && type >= DT.OLD_LOOS && type <= DT.OLD_HIOS)) {
    const table = OS_NAMES.get(machine) ?? (osabi === ELFOSABI.SOLARIS ? SOLARIS_NAMES : undefined);
    return table?.get(type) ?? `Operating System specific: ${type.toString(16)}`;
  }
  return `<unknown>: ${type.toString(16)}`;
}

/** print_dynamic_flags: DT_FLAGS bit by bit from the lowest, unnamed bits as `unknown`. */
export function dynamicFlagsText(flags: bigint): string {
  const out: string[] = [];
  let rest = flags;
  while (rest !== 0n) {
    const flag = rest & -rest;
    rest &= ~flag;
    out.push(DF_NAMES.get(flag) ?? 'unknown');
  }
  return out.join(' ');
}
export const DF_NAMES: ReadonlyMap<bigint, string> = new Map([
  [0x1n, 'ORIGIN'],
  [0x2n, 'SYMBOLIC'],
  [0x4n, 'TEXTREL'],
  [0x8n, 'BIND_NOW'],
  [0x10n, 'STATIC_TLS'],
]);

/** Bits and names, in the order GNU tests them. */
export type BitNames = readonly (readonly [bit: bigint, name: string])[];

/** DT_FLAGS_1's names (DF_1_*), bit 0 to bit 30. */
export const DF_1_NAMES: BitNames = [
  'NOW', 'GLOBAL', 'GROUP', 'NODELETE', 'LOADFLTR', 'INITFIRST', 'NOOPEN', 'ORIGIN', 'DIRECT', 'TRANS',
  'INTERPOSE', 'NODEFLIB', 'NODUMP', 'CONFALT', 'ENDFILTEE', 'DISPRELDNE', 'DISPRELPND', 'NODIRECT',
  'IGNMULDEF', 'NOKSYMS', 'NOHDR', 'EDITED', 'NORELOC', 'SYMINTPOSE', 'GLOBAUDIT', 'SINGLETON', 'STUB',
  'PIE', 'KMOD', 'WEAKFILTER', 'NOCOMMON',
].map((name, i) => [1n << BigInt(i), name] as const);
export const DTF_1_NAMES: BitNames = [
  [0x1n, 'PARINIT'],
  [0x2n, 'CONFEXP'],
];
export const DF_P1_NAMES: BitNames = [
  [0x1n, 'LAZYLOAD'],
  [0x2n, 'GROUPPERM'],
];
export const DF_GNU_1_NAMES: BitNames = [[0x1n, 'UNIQUE']];

/**
 * The `Flags:` lines of DT_FLAGS_1, DT_FEATURE, DT_POSFLAG_1 and
 * DT_GNU_FLAGS_1: ` None`, or each named bit, then any other bits as one
 * ` %lx`. Newline included.
 */
export function flagsLine(value: bigint, bits: BitNames): string {
  if (value === 0n) return 'Flags: None\n';
  let out = 'Flags:';
  let rest = value;
  for (const [bit, name] of bits) {
    if ((rest & bit) !== 0n) {
      out += ' ' + name;
      rest ^= bit;
    }
  }
  if (rest !== 0n) out += ' ' + rest.toString(16);
  return out + '\n';
}

const MIPS_FLAG_NAMES = [
  'QUICKSTART', 'NOTPOT', 'NO_LIBRARY_REPLACEMENT', 'NO_MOVE', 'SGI_ONLY', 'GUARANTEE_INIT',
  'DELTA_C_PLUS_PLUS', 'GUARANTEE_START_INIT', 'PIXIE', 'DEFAULT_DELAY_LOAD', 'REQUICKSTART',
  'REQUICKSTARTED', 'CORD', 'NO_UNRES_UNDEF', 'RLD_ORDER_SAFE',
] as const;

/** DT_MIPS_FLAGS: `NONE`, or the names of bits 0–14 (higher bits are not shown). */
export function mipsFlagsText(value: bigint): string {
  if (value === 0n) return 'NONE';
  const low = Number(value & 0x7fffn);
  const out: string[] = [];
  for (let i = 0; i < MIPS_FLAG_NAMES.length; i++) if ((low & (1 << i)) !== 0) out.push(MIPS_FLAG_NAMES[i]!);
  return out.join(' ');
}

const HP_DLD_FLAG_NAMES: BitNames = [
  'HP_DEBUG_PRIVATE', 'HP_DEBUG_CALLBACK', 'HP_DEBUG_CALLBACK_BOR', 'HP_NO_ENVVAR', 'HP_BIND_NOW',
  'HP_BIND_NONFATAL', 'HP_BIND_VERBOSE', 'HP_BIND_RESTRICTED', 'HP_BIND_SYMBOLIC', 'HP_RPATH_FIRST',
  'HP_BIND_DEPTH_FIRST', 'HP_GST', 'HP_SHLIB_FIXED', 'HP_MERGE_SHLIB_SEG', 'HP_NODELETE', 'HP_GROUP',
  'HP_PROTECT_LINKAGE_TABLE',
].map((name, i) => [1n << BigInt(i), name] as const);

/** DT_HP_DLD_FLAGS: the named bits, then any other bits (or a zero value) as `%lx`. */
export function hpDldFlagsText(value: bigint): string {
  const out: string[] = [];
  let rest = value;
  for (const [bit, name] of HP_DLD_FLAG_NAMES) {
    if ((rest & bit) !== 0n) {
      out.push(name);
      rest ^= bit;
    }
  }
  if (rest !== 0n || out.length === 0) out.push(rest.toString(16));
  return out.join(' ');
}

const VMS_LF_NAMES: BitNames = [
  [0x0001n, 'CALL_DEBUG'],
  [0x0002n, 'NOP0BUFS'],
  [0x0004n, 'P0IMAGE'],
  [0x0008n, 'MKTHREADS'],
  [0x0010n, 'UPCALLS'],
  [0x0020n, 'IMGSTA'],
  [0x0040n, 'INITIALIZE'],
  [0x0080n, 'MAIN'],
  [0x0200n, 'EXE_INIT'],
  [0x0400n, 'TBK_IN_IMG'],
  [0x0800n, 'DBG_IN_IMG'],
  [0x1000n, 'TBK_IN_DSF'],
  [0x2000n, 'DBG_IN_DSF'],
  [0x4000n, 'SIGNATURES'],
  [0x8000n, 'REL_SEG_OFF'],
];

/** DT_IA_64_VMS_LNKFLAGS after its hex value: ` NAME` for each set bit. */
export function vmsLinkFlagsText(value: bigint): string {
  let out = '';
  for (const [bit, name] of VMS_LF_NAMES) if ((value & bit) !== 0n) out += ' ' + name;
  return out;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * glibc's gmtime of a signed 64-bit time_t, printed as GNU does
 * (`%04u-%02u-%02uT%02u:%02u:%02u`, the year through an unsigned int), or
 * null where gmtime fails (the year does not fit tm_year's int).
 */
export function gmtimeText(time: bigint): string | null {
  let days = time / 86400n;
  let rem = time % 86400n;
  if (rem < 0n) {
    rem += 86400n;
    days -= 1n;
  }
  // |days| < 2^47: exact as a number, and so is every step below.
  const [y, m, d] = civilFromDays(Number(days));
  if (y - 1900 < INT_MIN || y - 1900 > INT_MAX) return null;
  const secs = Number(rem);
  const year = ((y - 1900 + 1900) | 0) >>> 0;
  return `${pad(year, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}`;
}

function pad(v: number, width: number): string {
  return String(v).padStart(width, '0');
}

/** Days since 1970-01-01 to a proleptic Gregorian [year, month, day] (H. Hinnant's algorithm). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return [y, m, d];
}

const INT64_MIN = -(1n << 63n);
const VMS_EPOCH_OFFSET = 35067168000000000n;
const VMS_GRANULARITY_FACTOR = 10000000n;

/** print_vms_time: a VMS time (100 ns units since 1858-11-17) as a date, or '' when it has none. */
export function vmsTimeText(value: bigint): string {
  const vms = BigInt.asIntN(64, value);
  if (vms < INT64_MIN + VMS_EPOCH_OFFSET) return '';
  return gmtimeText((vms - VMS_EPOCH_OFFSET) / VMS_GRANULARITY_FACTOR) ?? '';
}
