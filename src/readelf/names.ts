import { EM, ELFOSABI, ET, PT } from '../elf/constants.js';
import { altHex, hex } from './printf.js';

/**
 * GNU readelf 2.40's names for segment types (get_segment_type), as data.
 * Processor-specific (0x70000000–0x7fffffff) names depend on e_machine,
 * OS-specific (0x60000000–0x6fffffff) names on EI_OSABI.
 */
const GENERIC_SEGMENT_NAMES: ReadonlyMap<number, string> = new Map([
  [PT.NULL, 'NULL'],
  [PT.LOAD, 'LOAD'],
  [PT.DYNAMIC, 'DYNAMIC'],
  [PT.INTERP, 'INTERP'],
  [PT.NOTE, 'NOTE'],
  [PT.SHLIB, 'SHLIB'],
  [PT.PHDR, 'PHDR'],
  [PT.TLS, 'TLS'],
  [PT.GNU_EH_FRAME, 'GNU_EH_FRAME'],
  [PT.GNU_STACK, 'GNU_STACK'],
  [PT.GNU_RELRO, 'GNU_RELRO'],
  [PT.GNU_PROPERTY, 'GNU_PROPERTY'],
  [PT.GNU_SFRAME, 'GNU_SFRAME'],
  [PT.OPENBSD_RANDOMIZE, 'OPENBSD_RANDOMIZE'],
  [PT.OPENBSD_WXNEEDED, 'OPENBSD_WXNEEDED'],
  [PT.OPENBSD_BOOTDATA, 'OPENBSD_BOOTDATA'],
]);

/** Names at PT_LOPROC + n, per machine. */
const PROCESSOR_SEGMENT_NAMES: ReadonlyMap<number, readonly (readonly [number, string])[]> = new Map([
  [EM.AARCH64, [[0, 'AARCH64_ARCHEXT'], [2, 'AARCH64_MEMTAG_MTE']]],
  [EM.ARM, [[1, 'EXIDX']]],
  [EM.MIPS, [[0, 'REGINFO'], [1, 'RTPROC'], [2, 'OPTIONS'], [3, 'ABIFLAGS']]],
  [EM.MIPS_RS3_LE, [[0, 'REGINFO'], [1, 'RTPROC'], [2, 'OPTIONS'], [3, 'ABIFLAGS']]],
  [EM.PARISC, [[0, 'PARISC_ARCHEXT'], [1, 'PARISC_UNWIND'], [2, 'PARISC_WEAKORDER']]],
  [EM.IA_64, [[0, 'IA_64_ARCHEXT'], [1, 'IA_64_UNWIND']]],
  [EM.TI_C6000, [[0, 'C6000_PHATTR']]],
  [EM.S390, [[0, 'S390_PGSTE']]],
  [EM.S390_OLD, [[0, 'S390_PGSTE']]],
  [EM.RISCV, [[3, 'RISCV_ATTRIBUTES']]],
]);

/** HP-UX names at PT_LOOS + n, for PA-RISC and IA-64. */
const HPUX_PARISC_SEGMENT_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0, 'HP_TLS'],
  [0x1, 'HP_CORE_NONE'],
  [0x2, 'HP_CORE_VERSION'],
  [0x3, 'HP_CORE_KERNEL'],
  [0x4, 'HP_CORE_COMM'],
  [0x5, 'HP_CORE_PROC'],
  [0x6, 'HP_CORE_LOADABLE'],
  [0x7, 'HP_CORE_STACK'],
  [0x8, 'HP_CORE_SHM'],
  [0x9, 'HP_CORE_MMF'],
  [0x10, 'HP_PARALLEL'],
  [0x11, 'HP_FASTBIND'],
  [0x12, 'HP_OPT_ANNOT'],
  [0x13, 'HP_HSL_ANNOT'],
  [0x14, 'HP_STACK'],
  [0x15, 'HP_CORE_UTSNAME'],
]);
const HPUX_IA64_SEGMENT_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0, 'HP_TLS'],
  [0x12, 'HP_OPT_ANNOT'],
  [0x13, 'HP_HSL_ANNOT'],
  [0x14, 'HP_STACK'],
]);
const SOLARIS_SEGMENT_NAMES: ReadonlyMap<number, string> = new Map([
  [0x6464e550, 'PT_SUNW_UNWIND'],
  [0x6474e550, 'PT_SUNW_EH_FRAME'],
  [0x6ffffff7, 'PT_LOSUNW'],
  [0x6ffffffa, 'PT_SUNWBSS'],
  [0x6ffffffb, 'PT_SUNWSTACK'],
  [0x6ffffffc, 'PT_SUNWDTRACE'],
  [0x6ffffffd, 'PT_SUNWCAP'],
  [0x6fffffff, 'PT_HISUNW'],
]);

export function segmentTypeName(type: number, machine: number, osabi: number): string {
  const generic = GENERIC_SEGMENT_NAMES.get(type);
  if (generic !== undefined) return generic;
  if (type >= PT.LOPROC && type <= PT.HIPROC) {
    const rel = type - PT.LOPROC;
    const hit = PROCESSOR_SEGMENT_NAMES.get(machine)?.find(([n]) => n === rel);
    return hit !== undefined ? hit[1] : `LOPROC+${altHex(rel)}`;
  }
  if (type >= PT.LOOS && type <= PT.HIOS) {
    const rel = type - PT.LOOS;
    let name: string | undefined;
    switch (osabi) {
      case ELFOSABI.GNU:
      case ELFOSABI.FREEBSD:
        if (type >= PT.GNU_MBIND_LO && type <= PT.GNU_MBIND_HI) name = `GNU_MBIND+${altHex(type - PT.GNU_MBIND_LO)}`;
        break;
      case ELFOSABI.HPUX:
        if (machine === EM.PARISC) name = HPUX_PARISC_SEGMENT_NAMES.get(rel);
        else if (machine === EM.IA_64) name = HPUX_IA64_SEGMENT_NAMES.get(rel);
        break;
      case ELFOSABI.SOLARIS:
        name = SOLARIS_SEGMENT_NAMES.get(type);
        break;
    }
    return name ?? `LOOS+${altHex(rel)}`;
  }
  return `<unknown>: ${hex(type)}`;
}

/** get_file_type: the `Elf file type is …` / `Type:` text. */
export function fileTypeName(type: number, isPie: boolean): string {
  switch (type) {
    case ET.NONE:
      return 'NONE (None)';
    case ET.REL:
      return 'REL (Relocatable file)';
    case ET.EXEC:
      return 'EXEC (Executable file)';
    case ET.DYN:
      return isPie ? 'DYN (Position-Independent Executable file)' : 'DYN (Shared object file)';
    case ET.CORE:
      return 'CORE (Core file)';
  }
  if (type >= ET.LOPROC && type <= ET.HIPROC) return `Processor Specific: (${hex(type)})`;
  if (type >= ET.LOOS && type <= ET.HIOS) return `OS Specific: (${hex(type)})`;
  return `<unknown>: ${hex(type)}`;
}
