/**
 * Note type names and property bit names, as GNU readelf 2.40 prints them
 * (readelf.c: get_note_type l.19445, get_gnu_elf_note_type l.19688, the
 * decode_x86_* and decode_aarch64_feature_1_and functions, the BSD,
 * stapsdt, OpenVMS, AMDGPU and V850 tables). Pure functions of numbers.
 */

import { EM } from '../elf/constants.js';

/** `Unknown note type: (0x%08x)`, the fallback of every table. */
export function unknownNoteType(type: number): string {
  return `Unknown note type: (0x${(type >>> 0).toString(16).padStart(8, '0')})`;
}

/** get_note_type's names for core files (e_type ET_CORE). */
const CORE_NOTE_TYPES: ReadonlyMap<number, string> = new Map([
  [6, 'NT_AUXV (auxiliary vector)'],
  [1, 'NT_PRSTATUS (prstatus structure)'],
  [2, 'NT_FPREGSET (floating point registers)'],
  [3, 'NT_PRPSINFO (prpsinfo structure)'],
  [4, 'NT_TASKSTRUCT (task structure)'],
  [0xff000000, 'NT_GDB_TDESC (GDB XML target description)'],
  [0x46e62b7f, 'NT_PRXFPREG (user_xfpregs structure)'],
  [0x100, 'NT_PPC_VMX (ppc Altivec registers)'],
  [0x102, 'NT_PPC_VSX (ppc VSX registers)'],
  [0x103, 'NT_PPC_TAR (ppc TAR register)'],
  [0x104, 'NT_PPC_PPR (ppc PPR register)'],
  [0x105, 'NT_PPC_DSCR (ppc DSCR register)'],
  [0x106, 'NT_PPC_EBB (ppc EBB registers)'],
  [0x107, 'NT_PPC_PMU (ppc PMU registers)'],
  [0x108, 'NT_PPC_TM_CGPR (ppc checkpointed GPR registers)'],
  [0x109, 'NT_PPC_TM_CFPR (ppc checkpointed floating point registers)'],
  [0x10a, 'NT_PPC_TM_CVMX (ppc checkpointed Altivec registers)'],
  [0x10b, 'NT_PPC_TM_CVSX (ppc checkpointed VSX registers)'],
  [0x10c, 'NT_PPC_TM_SPR (ppc TM special purpose registers)'],
  [0x10d, 'NT_PPC_TM_CTAR (ppc checkpointed TAR register)'],
  [0x10e, 'NT_PPC_TM_CPPR (ppc checkpointed PPR register)'],
  [0x10f, 'NT_PPC_TM_CDSCR (ppc checkpointed DSCR register)'],
  [0x200, 'NT_386_TLS (x86 TLS information)'],
  [0x201, 'NT_386_IOPERM (x86 I/O permissions)'],
  [0x202, 'NT_X86_XSTATE (x86 XSAVE extended state)'],
  [0x203, 'NT_X86_CET (x86 CET state)'],
  [0x300, 'NT_S390_HIGH_GPRS (s390 upper register halves)'],
  [0x301, 'NT_S390_TIMER (s390 timer register)'],
  [0x302, 'NT_S390_TODCMP (s390 TOD comparator register)'],
  [0x303, 'NT_S390_TODPREG (s390 TOD programmable register)'],
  [0x304, 'NT_S390_CTRS (s390 control registers)'],
  [0x305, 'NT_S390_PREFIX (s390 prefix register)'],
  [0x306, 'NT_S390_LAST_BREAK (s390 last breaking event address)'],
  [0x307, 'NT_S390_SYSTEM_CALL (s390 system call restart data)'],
  [0x308, 'NT_S390_TDB (s390 transaction diagnostic block)'],
  [0x309, 'NT_S390_VXRS_LOW (s390 vector registers 0-15 upper half)'],
  [0x30a, 'NT_S390_VXRS_HIGH (s390 vector registers 16-31)'],
  [0x30b, 'NT_S390_GS_CB (s390 guarded-storage registers)'],
  [0x30c, 'NT_S390_GS_BC (s390 guarded-storage broadcast control)'],
  [0x400, 'NT_ARM_VFP (arm VFP registers)'],
  [0x401, 'NT_ARM_TLS (AArch TLS registers)'],
  [0x402, 'NT_ARM_HW_BREAK (AArch hardware breakpoint registers)'],
  [0x403, 'NT_ARM_HW_WATCH (AArch hardware watchpoint registers)'],
  [0x404, 'NT_ARM_SYSTEM_CALL (AArch system call number)'],
  [0x405, 'NT_ARM_SVE (AArch SVE registers)'],
  [0x406, 'NT_ARM_PAC_MASK (AArch pointer authentication code masks)'],
  [0x407, 'NT_ARM_PACA_KEYS (ARM pointer authentication address keys)'],
  [0x408, 'NT_ARM_PACG_KEYS (ARM pointer authentication generic keys)'],
  [0x409, 'NT_ARM_TAGGED_ADDR_CTRL (AArch tagged address control)'],
  [0x40a, 'NT_ARM_PAC_ENABLED_KEYS (AArch64 pointer authentication enabled keys)'],
  [0x600, 'NT_ARC_V2 (ARC HS accumulator/extra registers)'],
  [0x900, 'NT_RISCV_CSR (RISC-V control and status registers)'],
  [10, 'NT_PSTATUS (pstatus structure)'],
  [12, 'NT_FPREGS (floating point registers)'],
  [13, 'NT_PSINFO (psinfo structure)'],
  [16, 'NT_LWPSTATUS (lwpstatus_t structure)'],
  [17, 'NT_LWPSINFO (lwpsinfo_t structure)'],
  [18, 'NT_WIN32PSTATUS (win32_pstatus structure)'],
  [0x53494749, 'NT_SIGINFO (siginfo_t data)'],
  [0x46494c45, 'NT_FILE (mapped files)'],
]);

/** get_note_type's names for every other file type. */
const FILE_NOTE_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'NT_VERSION (version)'],
  [2, 'NT_ARCH (architecture)'],
  [0x100, 'OPEN'],
  [0x101, 'func'],
  [4, 'GO BUILDID'],
  [0xcafe1a7e, 'FDO_PACKAGING_METADATA'],
]);

/** get_note_type: the default names, which depend on whether the file is a core file. */
export function noteTypeName(isCore: boolean, type: number): string {
  return (isCore ? CORE_NOTE_TYPES : FILE_NOTE_TYPES).get(type) ?? unknownNoteType(type);
}

const GNU_NOTE_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'NT_GNU_ABI_TAG (ABI version tag)'],
  [2, 'NT_GNU_HWCAP (DSO-supplied software HWCAP info)'],
  [3, 'NT_GNU_BUILD_ID (unique build ID bitstring)'],
  [4, 'NT_GNU_GOLD_VERSION (gold version)'],
  [5, 'NT_GNU_PROPERTY_TYPE_0'],
  [0x100, 'NT_GNU_BUILD_ATTRIBUTE_OPEN'],
  [0x101, 'NT_GNU_BUILD_ATTRIBUTE_FUNC'],
]);

/** get_gnu_elf_note_type: notes whose owner starts with "GNU". */
export function gnuNoteTypeName(type: number): string {
  return GNU_NOTE_TYPES.get(type) ?? unknownNoteType(type);
}

/** get_amdgpu_elf_note_type. */
export function amdgpuNoteTypeName(type: number): string {
  return type === 32 ? 'NT_AMDGPU_METADATA (code object metadata)' : unknownNoteType(type);
}

const FREEBSD_CORE_TYPES: ReadonlyMap<number, string> = new Map([
  [7, 'NT_THRMISC (thrmisc structure)'],
  [8, 'NT_PROCSTAT_PROC (proc data)'],
  [9, 'NT_PROCSTAT_FILES (files data)'],
  [10, 'NT_PROCSTAT_VMMAP (vmmap data)'],
  [11, 'NT_PROCSTAT_GROUPS (groups data)'],
  [12, 'NT_PROCSTAT_UMASK (umask data)'],
  [13, 'NT_PROCSTAT_RLIMIT (rlimit data)'],
  [14, 'NT_PROCSTAT_OSREL (osreldate data)'],
  [15, 'NT_PROCSTAT_PSSTRINGS (ps_strings data)'],
  [16, 'NT_PROCSTAT_AUXV (auxv data)'],
  [17, 'NT_PTLWPINFO (ptrace_lwpinfo structure)'],
  [0x200, 'NT_X86_SEGBASES (x86 segment base registers)'],
]);

/** get_freebsd_elfcore_note_type, falling back to get_note_type. */
export function freebsdNoteTypeName(isCore: boolean, type: number): string {
  return FREEBSD_CORE_TYPES.get(type) ?? noteTypeName(isCore, type);
}

/** NT_NETBSDCORE_FIRSTMACH: machine-dependent NetBSD core notes start here. */
const NETBSD_FIRSTMACH = 32;

/** get_netbsd_elfcore_note_type (owner "NetBSD-CORE"). */
export function netbsdCoreNoteTypeName(machine: number, type: number): string {
  switch (type) {
    case 1:
      return 'NetBSD procinfo structure';
    case 2:
      return 'NetBSD ELF auxiliary vector data';
    case 24:
      return 'PT_LWPSTATUS (ptrace_lwpstatus structure)';
  }
  // The type is an unsigned int in C: compare and subtract as one.
  const t = type >>> 0;
  if (t < NETBSD_FIRSTMACH) return unknownNoteType(t);
  switch (machine) {
    // On the Alpha and SPARC, PT_GETREGS == mach+0 and PT_GETFPREGS == mach+2.
    case EM.OLD_ALPHA:
    case EM.ALPHA:
    case EM.SPARC:
    case EM.SPARC32PLUS:
    case EM.SPARCV9:
      if (t === NETBSD_FIRSTMACH + 0) return 'PT_GETREGS (reg structure)';
      if (t === NETBSD_FIRSTMACH + 2) return 'PT_GETFPREGS (fpreg structure)';
      break;
    // On SuperH, PT_GETREGS == mach+3, PT_GETFPREGS == mach+5, and the old PT___GETREGS40 == mach+1.
    case EM.SH:
      if (t === NETBSD_FIRSTMACH + 1) return 'PT___GETREGS40 (old reg structure)';
      if (t === NETBSD_FIRSTMACH + 3) return 'PT_GETREGS (reg structure)';
      if (t === NETBSD_FIRSTMACH + 5) return 'PT_GETFPREGS (fpreg structure)';
      break;
    default:
      if (t === NETBSD_FIRSTMACH + 1) return 'PT_GETREGS (reg structure)';
      if (t === NETBSD_FIRSTMACH + 3) return 'PT_GETFPREGS (fpreg structure)';
  }
  // "%d" of an unsigned difference: a C int.
  return `PT_FIRSTMACH+${(t - NETBSD_FIRSTMACH) | 0}`;
}

const OPENBSD_CORE_TYPES: ReadonlyMap<number, string> = new Map([
  [10, 'OpenBSD procinfo structure'],
  [11, 'OpenBSD ELF auxiliary vector data'],
  [20, 'OpenBSD regular registers'],
  [21, 'OpenBSD floating point registers'],
  [23, 'OpenBSD window cookie'],
]);

/** get_openbsd_elfcore_note_type, falling back to get_note_type. */
export function openbsdNoteTypeName(isCore: boolean, type: number): string {
  return OPENBSD_CORE_TYPES.get(type) ?? noteTypeName(isCore, type);
}

/** get_stapsdt_note_type. */
export function stapsdtNoteTypeName(type: number): string {
  return type === 3 ? 'NT_STAPSDT (SystemTap probe descriptors)' : unknownNoteType(type);
}

const VMS_NOTE_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'NT_VMS_MHD (module header)'],
  [2, 'NT_VMS_LNM (language name)'],
  [3, 'NT_VMS_SRC (source files)'],
  [4, 'NT_VMS_TITLE'],
  [5, 'NT_VMS_EIDC (consistency check)'],
  [6, 'NT_VMS_FPMODE (FP mode)'],
  [101, 'NT_VMS_LINKTIME'],
  [102, 'NT_VMS_IMGNAM (image name)'],
  [103, 'NT_VMS_IMGID (image id)'],
  [104, 'NT_VMS_LINKID (link id)'],
  [105, 'NT_VMS_IMGBID (build id)'],
  [106, 'NT_VMS_GSTNAM (sym table name)'],
  [107, 'NT_VMS_ORIG_DYN'],
  [108, 'NT_VMS_PATCHTIME'],
]);

/** get_ia64_vms_note_type. */
export function vmsNoteTypeName(type: number): string {
  return VMS_NOTE_TYPES.get(type) ?? unknownNoteType(type);
}

const V850_NOTE_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'Alignment of 8-byte objects'],
  [2, 'Sizeof double and long double'],
  [3, 'Type of FPU support needed'],
  [4, 'Use of SIMD instructions'],
  [5, 'Use of cache'],
  [6, 'Use of MMU'],
]);

/** get_v850_elf_note_type. */
export function v850NoteTypeName(type: number): string {
  return V850_NOTE_TYPES.get(type) ?? unknownNoteType(type);
}

/**
 * The shared shape of the decode_* functions: each set bit, lowest first,
 * by name (or `<unknown: %x>`), joined by ", ". `none` is what an empty
 * mask prints (some decoders print nothing).
 */
function decodeBits(mask: number, names: readonly string[], none: string): string {
  let m = mask >>> 0;
  if (m === 0) return none;
  const parts: string[] = [];
  while (m !== 0) {
    const bit = (m & -m) >>> 0;
    m = (m & ~bit) >>> 0;
    const i = 31 - Math.clz32(bit);
    parts.push(names[i] ?? `<unknown: ${bit.toString(16)}>`);
  }
  return parts.join(', ');
}

const X86_COMPAT_ISA = [
  'i486', '586', '686', 'SSE', 'SSE2', 'SSE3', 'SSSE3', 'SSE4_1', 'SSE4_2', 'AVX', 'AVX2',
  'AVX512F', 'AVX512CD', 'AVX512ER', 'AVX512PF', 'AVX512VL', 'AVX512DQ', 'AVX512BW',
];
const X86_COMPAT_2_ISA = [
  'CMOV', 'SSE', 'SSE2', 'SSE3', 'SSSE3', 'SSE4_1', 'SSE4_2', 'AVX', 'AVX2', 'FMA',
  'AVX512F', 'AVX512CD', 'AVX512ER', 'AVX512PF', 'AVX512VL', 'AVX512DQ', 'AVX512BW',
  'AVX512_4FMAPS', 'AVX512_4VNNIW', 'AVX512_BITALG', 'AVX512_IFMA', 'AVX512_VBMI',
  'AVX512_VBMI2', 'AVX512_VNNI', 'AVX512_BF16',
];
const X86_ISA = ['x86-64-baseline', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4'];
const X86_FEATURE_1 = ['IBT', 'SHSTK', 'LAM_U48', 'LAM_U57'];
const X86_FEATURE_2 = ['x86', 'x87', 'MMX', 'XMM', 'YMM', 'ZMM', 'FXSR', 'XSAVE', 'XSAVEOPT', 'XSAVEC', 'TMM', 'MASK'];
const AARCH64_FEATURE_1 = ['BTI', 'PAC'];
const NEEDED_1 = ['indirect external access'];

/** decode_x86_compat_isa (an empty mask prints nothing). */
export const decodeX86CompatIsa = (mask: number) => decodeBits(mask, X86_COMPAT_ISA, '');
/** decode_x86_compat_2_isa. */
export const decodeX86Compat2Isa = (mask: number) => decodeBits(mask, X86_COMPAT_2_ISA, '<None>');
/** decode_x86_isa (an empty mask prints nothing). */
export const decodeX86Isa = (mask: number) => decodeBits(mask, X86_ISA, '');
/** decode_x86_feature_1. */
export const decodeX86Feature1 = (mask: number) => decodeBits(mask, X86_FEATURE_1, '<None>');
/** decode_x86_feature_2. */
export const decodeX86Feature2 = (mask: number) => decodeBits(mask, X86_FEATURE_2, '<None>');
/** decode_aarch64_feature_1_and (an empty mask prints nothing). */
export const decodeAarch64Feature1And = (mask: number) => decodeBits(mask, AARCH64_FEATURE_1, '');
/** decode_1_needed (an empty mask prints nothing). */
export const decode1Needed = (mask: number) => decodeBits(mask, NEEDED_1, '');
