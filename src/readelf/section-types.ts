import { osabiName } from './file-header.js';
import { ELFOSABI, EM, SHF32 as SHF, SHT } from '../elf/constants.js';
import { altHex } from './printf.js';

/**
 * GNU readelf 2.40's names for section types (get_section_type_name,
 * readelf.c l.4941, and the per-machine helpers above it), the `-S` flags
 * column (get_elf_section_flags without -t, l.6811) and the `Key to
 * Flags:` legend, as data and small functions.
 */

/** The names of the generic switch, which wins over every machine and OSABI. */
const GENERIC_NAMES: ReadonlyMap<number, string> = new Map([
  [SHT.NULL, 'NULL'],
  [SHT.PROGBITS, 'PROGBITS'],
  [SHT.SYMTAB, 'SYMTAB'],
  [SHT.STRTAB, 'STRTAB'],
  [SHT.RELA, 'RELA'],
  [SHT.RELR, 'RELR'],
  [SHT.HASH, 'HASH'],
  [SHT.DYNAMIC, 'DYNAMIC'],
  [SHT.NOTE, 'NOTE'],
  [SHT.NOBITS, 'NOBITS'],
  [SHT.REL, 'REL'],
  [SHT.SHLIB, 'SHLIB'],
  [SHT.DYNSYM, 'DYNSYM'],
  [SHT.INIT_ARRAY, 'INIT_ARRAY'],
  [SHT.FINI_ARRAY, 'FINI_ARRAY'],
  [SHT.PREINIT_ARRAY, 'PREINIT_ARRAY'],
  [SHT.GNU_HASH, 'GNU_HASH'],
  [SHT.GROUP, 'GROUP'],
  [SHT.SYMTAB_SHNDX, 'SYMTAB SECTION INDICES'],
  [SHT.GNU_VERDEF, 'VERDEF'],
  [SHT.GNU_VERNEED, 'VERNEED'],
  [SHT.GNU_VERSYM, 'VERSYM'],
  [0x6ffffff0, 'VERSYM'],
  [0x6ffffffc, 'VERDEF'],
  [0x7ffffffd, 'AUXILIARY'],
  [0x7fffffff, 'FILTER'],
  [SHT.GNU_LIBLIST, 'GNU_LIBLIST'],
]);

type Names = ReadonlyMap<number, string>;

const ARC_NAMES: Names = new Map([[0x70000001, 'ARC_ATTRIBUTES']]);
const MIPS_NAMES: Names = new Map(
  (
    [
      'LIBLIST', 'MSYM', 'CONFLICT', 'GPTAB', 'UCODE', 'DEBUG', 'REGINFO', 'PACKAGE', 'PACKSYM', 'RELD', null,
      'IFACE', 'CONTENT', 'OPTIONS', null, null, 'SHDR', 'FDESC', 'EXTSYM', 'DENSE', 'PDESC', 'LOCSYM', 'AUXSYM',
      'OPTSYM', 'LOCSTR', 'LINE', 'RFDESC', 'DELTASYM', 'DELTAINST', 'DELTACLASS', 'DWARF', 'DELTADECL',
      'SYMBOL_LIB', 'EVENTS', 'TRANSLATE', 'PIXIE', 'XLATE', 'XLATE_DEBUG', 'WHIRL', 'EH_REGION', 'XLATE_OLD',
      'PDR_EXCEPTION', 'ABIFLAGS', 'XHASH',
    ] as const
  ).flatMap((n, i) => (n === null ? [] : [[0x70000000 + i, `MIPS_${n}`] as const])),
);
const PARISC_NAMES: Names = new Map([
  [0x70000000, 'PARISC_EXT'],
  [0x70000001, 'PARISC_UNWIND'],
  [0x70000002, 'PARISC_DOC'],
  [0x70000003, 'PARISC_ANNOT'],
  [0x70000008, 'PARISC_SYMEXTN'],
  [0x70000009, 'PARISC_STUBS'],
  [0x70000004, 'PARISC_DLKM'],
]);
const IA64_NAMES: Names = new Map([
  [0x70000000, 'IA_64_EXT'],
  [0x70000001, 'IA_64_UNWIND'],
  [0x79000000, 'IA_64_PRIORITY_INIT'],
  [0x60000000, 'VMS_TRACE'],
  [0x60000001, 'VMS_TIE_SIGNATURES'],
  [0x60000002, 'VMS_DEBUG'],
  [0x60000003, 'VMS_DEBUG_STR'],
  [0x60000004, 'VMS_LINKAGES'],
  [0x60000005, 'VMS_SYMBOL_VECTOR'],
  [0x60000006, 'VMS_FIXUP'],
]);
const X86_64_NAMES: Names = new Map([[0x70000001, 'X86_64_UNWIND']]);
const AARCH64_NAMES: Names = new Map([[0x70000003, 'AARCH64_ATTRIBUTES']]);
const ARM_NAMES: Names = new Map([
  [0x70000001, 'ARM_EXIDX'],
  [0x70000002, 'ARM_PREEMPTMAP'],
  [0x70000003, 'ARM_ATTRIBUTES'],
  [0x70000004, 'ARM_DEBUGOVERLAY'],
  [0x70000005, 'ARM_OVERLAYSECTION'],
]);
const TIC6X_NAMES: Names = new Map([
  [0x70000001, 'C6000_UNWIND'],
  [0x70000002, 'C6000_PREEMPTMAP'],
  [0x70000003, 'C6000_ATTRIBUTES'],
  [0x7f000000, 'TI_ICODE'],
  [0x7f000001, 'TI_XREF'],
  [0x7f000002, 'TI_HANDLER'],
  [0x7f000003, 'TI_INITINFO'],
  [0x7f000004, 'TI_PHATTRS'],
]);
const MSP430_NAMES: Names = new Map([
  [0x7f000005, 'MSP430_SEC_FLAGS'],
  [0x7f000006, 'MSP430_SYM_ALIASES'],
  [0x70000003, 'MSP430_ATTRIBUTES'],
]);
const NFP_NAMES: Names = new Map([
  [0x70000001, 'NFP_MECONFIG'],
  [0x70000002, 'NFP_INITREG'],
  [0x80000000, 'NFP_UDEBUG'],
]);
const V850_NAMES: Names = new Map([
  [0x70000000, 'V850 Small Common'],
  [0x70000001, 'V850 Tiny Common'],
  [0x70000002, 'V850 Zero Common'],
  [0x80000000, 'RENESAS IOP'],
  [0xa0000000, 'RENESAS INFO'],
]);
const RISCV_NAMES: Names = new Map([[0x70000003, 'RISCV_ATTRIBUTES']]);
const CSKY_NAMES: Names = new Map([[0x70000001, 'CSKY_ATTRIBUTES']]);
const SOLARIS_NAMES: Names = new Map([
  [0x6fffffee, 'SUNW_ancillary'],
  [0x6fffffef, 'SUNW_capchain'],
  [0x6ffffff0, 'SUNW_capinfo'],
  [0x6ffffff1, 'SUNW_symsort'],
  [0x6ffffff2, 'SUNW_tlssort'],
  [0x6ffffff3, 'SUNW_LDYNSYM'],
  [0x6ffffff4, 'SUNW_dof'],
  [0x6ffffff5, 'SUNW_cap'],
  [0x6ffffff6, 'SUNW_SIGNATURE'],
  [0x6ffffff7, 'SUNW_ANNOTATE'],
  [0x6ffffff8, 'SUNW_DEBUGSTR'],
  [0x6ffffff9, 'SUNW_DEBUG'],
  [0x6ffffffa, 'SUNW_move'],
  [0x6ffffffb, 'SUNW_COMDAT'],
  [0x6ffffffc, 'SUNW_syminfo'],
  [0x6ffffffd, 'SUNW_verdef'],
  [0x6ffffffe, 'SUNW_verneed'],
  [0x6fffffff, 'SUNW_versym'],
  [0x70000000, 'SPARC_GOTDATA'],
]);
const GNU_OS_NAMES: Names = new Map([
  [SHT.GNU_INCREMENTAL_INPUTS, 'GNU_INCREMENTAL_INPUTS'],
  [SHT.GNU_ATTRIBUTES, 'GNU_ATTRIBUTES'],
  [SHT.GNU_HASH, 'GNU_HASH'],
  [SHT.GNU_LIBLIST, 'GNU_LIBLIST'],
]);

/** The processor-range table get_section_type_name picks by e_machine. */
function processorNames(machine: number): Names | null {
  switch (machine) {
    case EM.ARC:
    case EM.ARC_COMPACT:
    case EM.ARC_COMPACT2:
      return ARC_NAMES;
    case EM.MIPS:
    case EM.MIPS_RS3_LE:
      return MIPS_NAMES;
    case EM.PARISC:
      return PARISC_NAMES;
    case EM.X86_64:
    case EM.L1OM:
    case EM.K1OM:
      return X86_64_NAMES;
    case EM.AARCH64:
      return AARCH64_NAMES;
    case EM.ARM:
      return ARM_NAMES;
    case EM.TI_C6000:
      return TIC6X_NAMES;
    case EM.MSP430:
      return MSP430_NAMES;
    case EM.NFP:
      return NFP_NAMES;
    case EM.V800:
    case EM.V850:
    case EM.CYGNUS_V850:
      return V850_NAMES;
    case EM.RISCV:
      return RISCV_NAMES;
    case EM.CSKY:
      return CSKY_NAMES;
    default:
      return null;
  }
}

/** get_ia64_section_type_name: 0x78NN.... types are named by the OS/ABI NN. */
function ia64Name(type: number): string | undefined {
  if ((type & 0xff000000) >>> 0 === 0x78000000) return osabiName((type & 0x00ff0000) >>> 16, EM.IA_64);
  return IA64_NAMES.get(type);
}

/** get_section_type_name for an unsigned 32-bit sh_type. */
export function sectionTypeName(type: number, machine: number, osabi: number): string {
  const generic = GENERIC_NAMES.get(type);
  if (generic !== undefined) return generic;
  let name: string | undefined;
  if (type >= SHT.LOPROC && type <= SHT.HIPROC) {
    name = machine === EM.IA_64 ? ia64Name(type) : processorNames(machine)?.get(type);
    return name ?? `LOPROC+${altHex(type - SHT.LOPROC)}`;
  }
  if (type >= SHT.LOOS && type <= SHT.HIOS) {
    if (machine === EM.IA_64) name = ia64Name(type);
    else if (osabi === ELFOSABI.SOLARIS) name = SOLARIS_NAMES.get(type);
    else name = GNU_OS_NAMES.get(type);
    return name ?? `LOOS+${altHex(type - SHT.LOOS)}`;
  }
  if (type >= SHT.LOUSER) {
    if (machine === EM.V800 || machine === EM.V850 || machine === EM.CYGNUS_V850) name = V850_NAMES.get(type);
    return name ?? `LOUSER+${altHex(type - SHT.LOUSER)}`;
  }
  // Put first because it is probably shown in a 15-character field.
  return `${type.toString(16).padStart(8, '0')}: <unknown>`;
}

/** The letters of the generic flags, by bit. */
const GENERIC_LETTERS: ReadonlyMap<number, string> = new Map([
  [SHF.WRITE, 'W'],
  [SHF.ALLOC, 'A'],
  [SHF.EXECINSTR, 'X'],
  [SHF.MERGE, 'M'],
  [SHF.STRINGS, 'S'],
  [SHF.INFO_LINK, 'I'],
  [SHF.LINK_ORDER, 'L'],
  [SHF.OS_NONCONFORMING, 'O'],
  [SHF.GROUP, 'G'],
  [SHF.TLS, 'T'],
  [SHF.EXCLUDE, 'E'],
  [SHF.COMPRESSED, 'C'],
]);

/**
 * get_elf_section_flags without -t: one letter per set bit, lowest bit
 * first. `low` and `high` are the two 32-bit halves of sh_flags. The first
 * OS-specific bit without a letter prints `o` and drops the other
 * OS-specific bits; likewise `p` for the processor-specific ones (and,
 * through a C quirk, every bit above 31); bits above 31 are each `x`.
 */
export function sectionFlagLetters(low: number, high: number, machine: number, osabi: number): string {
  let highBits = high >>> 0;
  let out = '';
  let rest = low >>> 0;
  while (rest !== 0) {
    const flag = (rest & -rest) >>> 0;
    rest = (rest & ~flag) >>> 0;
    const generic = GENERIC_LETTERS.get(flag);
    if (generic !== undefined) {
      out += generic;
      continue;
    }
    if ((machine === EM.X86_64 || machine === EM.L1OM || machine === EM.K1OM) && flag === SHF.X86_64_LARGE) {
      out += 'l';
    } else if (machine === EM.ARM && flag === SHF.ARM_PURECODE) {
      out += 'y';
    } else if (machine === EM.PPC && flag === SHF.PPC_VLE) {
      out += 'v';
    } else if (flag & SHF.MASKOS) {
      if ((osabi === ELFOSABI.GNU || osabi === ELFOSABI.FREEBSD) && flag === SHF.GNU_RETAIN) {
        out += 'R';
      } else if (
        (osabi === ELFOSABI.GNU || osabi === ELFOSABI.FREEBSD || osabi === ELFOSABI.NONE) &&
        flag === SHF.GNU_MBIND
      ) {
        out += 'D';
      } else {
        out += 'o';
        rest = (rest & ~SHF.MASKOS) >>> 0;
      }
    } else if (flag & SHF.MASKPROC) {
      out += 'p';
      // GNU's `sh_flags &= ~SHF_MASKPROC` complements a 32-bit unsigned
      // constant: it clears bits 32..63 too (SHF_MASKOS, a signed int, does not).
      rest = (rest & ~SHF.MASKPROC) >>> 0;
      highBits = 0;
    } else {
      out += 'x';
    }
  }
  // Bits 32..63 are neither OS- nor processor-specific: each is unknown.
  for (let h = highBits; h !== 0; h = (h & (h - 1)) >>> 0) out += 'x';
  return out;
}

/** The `Key to Flags:` legend that ends the `-S` table. */
export function flagsKey(machine: number, osabi: number): string {
  let key =
    'Key to Flags:\n' +
    '  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),\n' +
    '  L (link order), O (extra OS processing required), G (group), T (TLS),\n' +
    '  C (compressed), x (unknown), o (OS specific), E (exclude),\n  ';
  if (osabi === ELFOSABI.GNU || osabi === ELFOSABI.FREEBSD) key += 'R (retain), ';
  if (osabi === ELFOSABI.GNU || osabi === ELFOSABI.FREEBSD || osabi === ELFOSABI.NONE) key += 'D (mbind), ';
  if (machine === EM.X86_64 || machine === EM.L1OM || machine === EM.K1OM) key += 'l (large), ';
  else if (machine === EM.ARM) key += 'y (purecode), ';
  else if (machine === EM.PPC) key += 'v (VLE), ';
  return key + 'p (processor specific)\n';
}
