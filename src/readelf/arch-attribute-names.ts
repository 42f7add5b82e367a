import type { AttributeCursor, GnuDisplay, PublicDisplay } from './arch-attributes.js';
import { altHex32 } from './printf.js';

/*
 * The build attribute names and values GNU readelf 2.40 prints with -A,
 * as data (readelf.c's arm_attr_public_tags and display_*_attribute).
 */

const CPU_ARCH = [
  'Pre-v4', 'v4', 'v4T', 'v5T', 'v5TE', 'v5TEJ', 'v6', 'v6KZ', 'v6T2', 'v6K', 'v7', 'v6-M', 'v6S-M', 'v7E-M', 'v8',
  'v8-R', 'v8-M.baseline', 'v8-M.mainline', 'v8.1-A', 'v8.2-A', 'v8.3-A', 'v8.1-M.mainline', 'v9',
];
const NEEDED = ['Unused', 'Needed'];
const NOT_ALLOWED = ['Not Allowed', 'Allowed'];
const OPTIMIZATION = ['None', 'Prefer Speed', 'Aggressive Speed', 'Prefer Size', 'Aggressive Size'];

/** An ARM public tag: 'string', 'number', a value table, or 'special' (its own case in display_arm_attribute). */
type ArmTag = readonly [name: string, kind: 'string' | 'number' | 'special' | readonly string[]];

const ARM_TAGS: ReadonlyMap<number, ArmTag> = new Map<number, ArmTag>([
  [4, ['CPU_raw_name', 'string']],
  [5, ['CPU_name', 'string']],
  [6, ['CPU_arch', CPU_ARCH]],
  [7, ['CPU_arch_profile', 'special']],
  [8, ['ARM_ISA_use', ['No', 'Yes']]],
  [9, ['THUMB_ISA_use', ['No', 'Thumb-1', 'Thumb-2', 'Yes']]],
  [10, ['FP_arch', ['No', 'VFPv1', 'VFPv2', 'VFPv3', 'VFPv3-D16', 'VFPv4', 'VFPv4-D16', 'FP for ARMv8', 'FPv5/FP-D16 for ARMv8']]],
  [11, ['WMMX_arch', ['No', 'WMMXv1', 'WMMXv2']]],
  [12, ['Advanced_SIMD_arch', ['No', 'NEONv1', 'NEONv1 with Fused-MAC', 'NEON for ARMv8', 'NEON for ARMv8.1']]],
  [13, ['PCS_config', ['None', 'Bare platform', 'Linux application', 'Linux DSO', 'PalmOS 2004', 'PalmOS (reserved)', 'SymbianOS 2004', 'SymbianOS (reserved)']]],
  [14, ['ABI_PCS_R9_use', ['V6', 'SB', 'TLS', 'Unused']]],
  [15, ['ABI_PCS_RW_data', ['Absolute', 'PC-relative', 'SB-relative', 'None']]],
  [16, ['ABI_PCS_RO_data', ['Absolute', 'PC-relative', 'None']]],
  [17, ['ABI_PCS_GOT_use', ['None', 'direct', 'GOT-indirect']]],
  [18, ['ABI_PCS_wchar_t', ['None', '??? 1', '2', '??? 3', '4']]],
  [19, ['ABI_FP_rounding', NEEDED]],
  [20, ['ABI_FP_denormal', ['Unused', 'Needed', 'Sign only']]],
  [21, ['ABI_FP_exceptions', NEEDED]],
  [22, ['ABI_FP_user_exceptions', NEEDED]],
  [23, ['ABI_FP_number_model', ['Unused', 'Finite', 'RTABI', 'IEEE 754']]],
  [24, ['ABI_align_needed', 'special']],
  [25, ['ABI_align_preserved', 'special']],
  [26, ['ABI_enum_size', ['Unused', 'small', 'int', 'forced to int']]],
  [27, ['ABI_HardFP_use', ['As Tag_FP_arch', 'SP only', 'Reserved', 'Deprecated']]],
  [28, ['ABI_VFP_args', ['AAPCS', 'VFP registers', 'custom', 'compatible']]],
  [29, ['ABI_WMMX_args', ['AAPCS', 'WMMX registers', 'custom']]],
  [30, ['ABI_optimization_goals', [...OPTIMIZATION, 'Prefer Debug', 'Aggressive Debug']]],
  [31, ['ABI_FP_optimization_goals', [...OPTIMIZATION, 'Prefer Accuracy', 'Aggressive Accuracy']]],
  [32, ['compatibility', 'special']],
  [34, ['CPU_unaligned_access', ['None', 'v6']]],
  [36, ['FP_HP_extension', NOT_ALLOWED]],
  [38, ['ABI_FP_16bit_format', ['None', 'IEEE 754', 'Alternative Format']]],
  [42, ['MPextension_use', NOT_ALLOWED]],
  [44, ['DIV_use', ['Allowed in Thumb-ISA, v7-R or v7-M', 'Not allowed', 'Allowed in v7-A with integer division extension']]],
  [46, ['DSP_extension', ['Follow architecture', 'Allowed']]],
  [48, ['MVE_arch', ['No MVE', 'MVE Integer only', 'MVE Integer and FP']]],
  [50, ['PAC_extension', ['No PAC/AUT instructions', 'PAC/AUT instructions permitted in the NOP space', 'PAC/AUT instructions permitted in the NOP and in the non-NOP space']]],
  [52, ['BTI_extension', ['BTI instructions not permitted', 'BTI instructions permitted in the NOP space', 'BTI instructions permitted in the NOP and in the non-NOP space']]],
  [74, ['BTI_use', ['Compiled without branch target enforcement', 'Compiled with branch target enforcement']]],
  [76, ['PACRET_use', ['Compiled without return address signing and authentication', 'Compiled with return address signing and authentication']]],
  [64, ['nodefaults', 'special']],
  [65, ['also_compatible_with', 'special']],
  [66, ['T2EE_use', NOT_ALLOWED]],
  [67, ['conformance', 'string']],
  [68, ['Virtualization_use', ['Not Allowed', 'TrustZone', 'Virtualization Extensions', 'TrustZone and Virtualization Extensions']]],
  [70, ['MPextension_use_legacy', NOT_ALLOWED]],
]);

const CPU_PROFILES: ReadonlyMap<number, string> = new Map([
  [0, 'None'],
  [0x41, 'Application'],
  [0x52, 'Realtime'],
  [0x4d, 'Microcontroller'],
  [0x53, 'Application or Realtime'],
]);

/** Tag_ABI_align_needed (24) and Tag_ABI_align_preserved (25). */
function alignText(tag: number, val: number): string {
  switch (val) {
    case 0:
      return 'None';
    case 1:
      return tag === 24 ? '8-byte' : '8-byte, except leaf SP';
    case 2:
      return tag === 24 ? '4-byte' : '8-byte';
    case 3:
      return '??? 3';
    default:
      return val <= 12 ? `8-byte and up to ${1 << val}-byte extended` : `??? (${val | 0})`;
  }
}

/** display_arm_attribute. */
export const displayArmAttribute: PublicDisplay = (c, end) => {
  const tag = c.uleb(end);
  const attr = ARM_TAGS.get(tag);
  if (attr === undefined) {
    c.tagValue(tag | 0, end);
    return;
  }
  const [name, kind] = attr;
  c.out(`  Tag_${name}: `);
  if (kind === 'string') {
    c.tagValue(-1, end);
  } else if (kind === 'number') {
    c.tagValue(0, end);
  } else if (kind !== 'special') {
    const val = c.uleb(end);
    c.out(val >= kind.length ? `??? (${val | 0})\n` : `${kind[val]}\n`);
  } else {
    armSpecial(c, tag, end);
  }
};

function armSpecial(c: AttributeCursor, tag: number, end: number): void {
  switch (tag) {
    case 7: {
      const val = c.uleb(end);
      c.out(`${CPU_PROFILES.get(val) ?? `??? (${val | 0})`}\n`);
      break;
    }
    case 24:
    case 25:
      c.out(`${alignText(tag, c.uleb(end))}\n`);
      break;
    case 32: {
      const val = c.uleb(end);
      c.out(`flag = ${val | 0}, vendor = `);
      c.vendor(end);
      break;
    }
    case 64:
      if (c.p < end) c.p++;
      c.out('True\n');
      break;
    case 65: {
      const val = c.uleb(end);
      if (val === 6) {
        const arch = c.uleb(end);
        c.out(arch >= CPU_ARCH.length ? `??? (${arch | 0})\n` : `${CPU_ARCH[arch]}\n`);
      } else {
        c.out('???\n');
      }
      while (c.p < end && c.buf[c.p++] !== 0);
      break;
    }
  }
}

const RISCV_TAGS: ReadonlyMap<bigint, string> = new Map([
  [5n, 'Tag_RISCV_arch'],
  [8n, 'Tag_RISCV_priv_spec'],
  [10n, 'Tag_RISCV_priv_spec_minor'],
  [12n, 'Tag_RISCV_priv_spec_revision'],
  [6n, 'Tag_RISCV_unaligned_access'],
  [4n, 'Tag_RISCV_stack_align'],
]);

/** display_riscv_attribute. */
export const displayRiscvAttribute: PublicDisplay = (c, end) => {
  const tag = c.uleb64(end);
  const name = RISCV_TAGS.get(tag);
  if (name === undefined) {
    c.tagValue(Number(BigInt.asIntN(32, tag)), end);
    return;
  }
  c.out(`  ${name}: `);
  switch (tag) {
    case 8n:
    case 10n:
    case 12n:
      c.out(`${c.uleb64(end)}\n`);
      break;
    case 6n: {
      const val = c.uleb64(end);
      if (val === 0n) c.out('No unaligned access\n');
      else if (val === 1n) c.out('Unaligned access\n');
      break;
    }
    case 4n:
      c.out(`${c.uleb64(end)}-bytes\n`);
      break;
    case 5n:
      c.tagValue(-1, end);
      break;
  }
};

const POWER_FP = ['unspecified hard/soft float, ', 'hard float, ', 'soft float, ', 'single-precision hard float, '];
const POWER_LONG_DOUBLE = ['unspecified long double', '128-bit IBM long double', '64-bit long double', '128-bit IEEE long double'];
const POWER_VECTOR = ['unspecified', 'generic', 'AltiVec', 'SPE'];
const POWER_STRUCT_RETURN = ['unspecified', 'r3/r4', 'memory', '???'];


/** display_power_gnu_attribute. */
export const displayPowerGnuAttribute: GnuDisplay = (c, tag, end) => {
  let label: string;
  let max: number;
  if (tag === 4) [label, max] = ['Tag_GNU_Power_ABI_FP', 15];
  else if (tag === 8) [label, max] = ['Tag_GNU_Power_ABI_Vector', 3];
  else if (tag === 12) [label, max] = ['Tag_GNU_Power_ABI_Struct_Return', 2];
  else {
    c.tagValue(tag & 1, end);
    return;
  }
  c.out(`  ${label}: `);
  if (c.p === end) {
    c.out('<corrupt>\n');
    return;
  }
  const val = c.uleb(end);
  if (val > max) c.out(`(${altHex32(val)}), `);
  if (tag === 4) c.out(`${POWER_FP[val & 3]}${POWER_LONG_DOUBLE[(val & 0xc) >> 2]}\n`);
  else c.out(`${(tag === 8 ? POWER_VECTOR : POWER_STRUCT_RETURN)[val & 3]}\n`);
};

/** display_s390_gnu_attribute. */
export const displayS390GnuAttribute: GnuDisplay = (c, tag, end) => {
  if (tag !== 8) {
    c.tagValue(tag & 1, end);
    return;
  }
  c.out('  Tag_GNU_S390_ABI_Vector: ');
  const val = c.uleb(end);
  c.out(`${['any', 'software', 'hardware'][val] ?? `??? (${val | 0})`}\n`);
};

/** print_mips_fp_abi_value's texts by Val_GNU_MIPS_ABI_FP_*. */
const MIPS_FP_ABI = [
  'Hard or soft float',
  'Hard float (double precision)',
  'Hard float (single precision)',
  'Soft float',
  'Hard float (MIPS32r2 64-bit FPU 12 callee-saved)',
  'Hard float (32-bit CPU, Any FPU)',
  'Hard float (32-bit CPU, 64-bit FPU)',
  'Hard float compat (32-bit CPU, 64-bit FPU)',
  'NaN 2008 compatibility',
];

/** print_mips_fp_abi_value. */
export function mipsFpAbiText(val: number): string {
  return `${MIPS_FP_ABI[val] ?? `??? (${val | 0})`}\n`;
}

/** display_mips_gnu_attribute. */
export const displayMipsGnuAttribute: GnuDisplay = (c, tag, end) => {
  if (tag === 4) {
    c.out('  Tag_GNU_MIPS_ABI_FP: ');
    c.out(mipsFpAbiText(c.uleb(end)));
    return;
  }
  if (tag === 8) {
    c.out('  Tag_GNU_MIPS_ABI_MSA: ');
    const val = c.uleb(end);
    c.out(`${['Any MSA or not', '128-bit MSA'][val] ?? `??? (${val | 0})`}\n`);
    return;
  }
  c.tagValue(tag & 1, end);
};

/** display_m68k_gnu_attribute. */
export const displayM68kGnuAttribute: GnuDisplay = (c, tag, end) => {
  if (tag !== 4) {
    c.tagValue(tag & 1, end);
    return;
  }
  c.out('  Tag_GNU_M68K_ABI_FP: ');
  if (c.p === end) {
    c.out('<corrupt>\n');
    return;
  }
  const val = c.uleb(end);
  if (val > 3) c.out(`(${altHex32(val)}), `);
  // GNU's switch has no case 3: it prints nothing then, not even the newline.
  c.out(['unspecified hard/soft float\n', 'hard float\n', 'soft float\n', ''][val & 3]!);
};

/** ELF_SPARC_HWCAP_* names in display_sparc_hwcaps' order. */
const SPARC_HWCAPS: readonly (readonly [number, string])[] = [
  [0x1, 'mul32'], [0x2, 'div32'], [0x4, 'fsmuld'], [0x8, 'v8plus'], [0x10, 'popc'], [0x20, 'vis'],
  [0x40, 'vis2'], [0x80, 'ASIBlkInit'], [0x100, 'fmaf'], [0x400, 'vis3'], [0x800, 'hpc'], [0x1000, 'random'],
  [0x2000, 'trans'], [0x4000, 'fjfmau'], [0x8000, 'ima'], [0x10000, 'cspare'],
];
/** ELF_SPARC_HWCAP2_* names in display_sparc_hwcaps2's order. */
const SPARC_HWCAPS2: readonly (readonly [number, string])[] = [
  [0x1, 'fjathplus'], [0x2, 'vis3b'], [0x4, 'adp'], [0x8, 'sparc5'], [0x10, 'mwait'], [0x20, 'xmpmul'],
  [0x40, 'xmont2'], [0x80, 'nsec'], [0x1000, 'fjathhpc'], [0x2000, 'fjdes'], [0x10000, 'fjaes'],
];

/** display_sparc_gnu_attribute: the hardware capability masks as names joined by `|` (`0` for none). */
export const displaySparcGnuAttribute: GnuDisplay = (c, tag, end) => {
  if (tag !== 4 && tag !== 8) {
    c.tagValue(tag | 0, end);
    return;
  }
  const mask = c.uleb(end);
  const names = (tag === 4 ? SPARC_HWCAPS : SPARC_HWCAPS2).filter(([bit]) => (mask & bit) !== 0).map(([, n]) => n);
  c.out(`  ${tag === 4 ? 'Tag_GNU_Sparc_HWCAPS' : 'Tag_GNU_Sparc_HWCAPS2'}: ${mask === 0 ? '0' : names.join('|')}\n`);
};

/** display_msp430_attribute's tags (OFBA_MSPABI_Tag_*) and their values. */
const MSP430_TAGS: ReadonlyMap<bigint, readonly [string, readonly string[]]> = new Map([
  [4n, ['Tag_ISA', ['None', 'MSP430', 'MSP430X']]],
  [6n, ['Tag_Code_Model', ['None', 'Small', 'Large']]],
  [8n, ['Tag_Data_Model', ['None', 'Small', 'Large', 'Restricted Large']]],
]);

/** display_msp430_attribute. */
export const displayMsp430Attribute: PublicDisplay = (c, end) => {
  const tag = c.uleb64(end);
  const known = MSP430_TAGS.get(tag);
  if (known !== undefined) {
    c.out(`  ${known[0]}: `);
    const val = c.uleb64(end);
    c.out(`${val < BigInt(known[1].length) ? known[1][Number(val)] : `??? (${BigInt.asIntN(64, val)})`}\n`);
    return;
  }
  c.out(`  <unknown tag ${BigInt.asIntN(64, tag)}>: `);
  if ((tag & 1n) !== 0n) {
    c.out('"');
    c.vendor(end, '"\n');
  } else {
    const val = c.uleb64(end);
    c.out(`${BigInt.asIntN(64, val)} (0x${val.toString(16)})\n`);
  }
};

/** display_msp430_gnu_attribute. */
export const displayMsp430GnuAttribute: GnuDisplay = (c, tag, end) => {
  if (tag !== 4) {
    c.tagValue(tag & 1, end);
    return;
  }
  c.out('  Tag_GNU_MSP430_Data_Region: ');
  const val = c.uleb64(end);
  c.out(`${val === 2n ? 'Any Region' : val === 1n ? 'Lower Region Only' : `??? (${val})`}\n`);
};

/** Tag_CSKY_* that print `Needed` only for the value 1 (and nothing at all otherwise). */
const CSKY_NEEDED: ReadonlyMap<bigint, string> = new Map([
  [0x12n, '  Tag_CSKY_FPU_ROUNDING:\t'],
  [0x13n, '  Tag_CSKY_FPU_DENORMAL:\t'],
  [0x14n, '  Tag_CSKY_FPU_Exception:\t'],
]);
/** Tag_CSKY_* whose value is a string or number for display_tag_value, with GNU's tab-aligned labels. */
const CSKY_VALUES: ReadonlyMap<bigint, readonly [string, number]> = new Map([
  [4n, ['  Tag_CSKY_ARCH_NAME:\t\t', -1]],
  [5n, ['  Tag_CSKY_CPU_NAME:\t\t', -1]],
  [6n, ['  Tag_CSKY_ISA_FLAGS:\t\t', 0]],
  [7n, ['  Tag_CSKY_ISA_EXT_FLAGS:\t', 0]],
  [0x15n, ['  Tag_CSKY_FPU_NUMBER_MODULE:\t', -1]],
]);

/** display_csky_attribute. */
export const displayCskyAttribute: PublicDisplay = (c, end) => {
  const tag = c.uleb64(end);
  if (tag >= 0x17n) {
    c.tagValue(-1, end);
    return;
  }
  const value = CSKY_VALUES.get(tag);
  if (value !== undefined) {
    c.out(value[0]);
    c.tagValue(value[1], end);
    return;
  }
  const needed = CSKY_NEEDED.get(tag);
  if (needed !== undefined) {
    if (c.uleb64(end) === 1n) c.out(`${needed}Needed\n`);
    return;
  }
  switch (tag) {
    case 8n: {
      c.out('  Tag_CSKY_DSP_VERSION:\t\t');
      const val = c.uleb64(end);
      c.out(val === 1n ? 'DSP Extension\n' : val === 2n ? 'DSP 2.0\n' : '');
      return;
    }
    case 9n:
      c.out('  Tag_CSKY_VDSP_VERSION:\t');
      c.out(`VDSP Version ${BigInt.asIntN(64, c.uleb64(end))}\n`);
      return;
    case 0x10n: {
      c.out('  Tag_CSKY_FPU_VERSION:\t\t');
      const val = c.uleb64(end);
      c.out(val === 1n ? 'ABIV1 FPU Version 1\n' : val === 2n ? 'FPU Version 2\n' : '');
      return;
    }
    case 0x11n: {
      c.out('  Tag_CSKY_FPU_ABI:\t\t');
      const val = c.uleb64(end);
      c.out(val === 3n ? 'Hard\n' : val === 2n ? 'SoftFP\n' : val === 1n ? 'Soft\n' : '');
      return;
    }
    case 0x16n: {
      c.out('  Tag_CSKY_FPU_HARDFP:\t\t');
      const val = c.uleb64(end);
      c.out(`${val & 1n ? ' Half' : ''}${val & 2n ? ' Single' : ''}${val & 4n ? ' Double' : ''}\n`);
      return;
    }
    default:
      c.tagValue(Number(tag), end);
  }
};

const ARC_PCS = ['Absent/Non standard', 'Bare metal/mwdt', 'Bare metal/newlib', 'Linux/uclibc', 'Linux/glibc'];
const ARC_CPU = ['Absent', 'ARC6xx', 'ARC7xx', 'ARCEM', 'ARCHS'];
const ARC_ABI = ['Absent', 'MWDT', 'GNU'];
/** Tag_ARC_* whose value is a choice of two texts (nonzero first). */
const ARC_FLAGS: ReadonlyMap<number, readonly [string, string, string]> = new Map([
  [8, ['Tag_ARC_ABI_rf16', 'yes', 'no']],
  [12, ['Tag_ARC_ABI_tls', 'r25', 'none']],
  [13, ['Tag_ARC_ABI_enumsize', 'default', 'smallest']],
  [14, ['Tag_ARC_ABI_exceptions', 'OPTFP', 'default']],
]);
/** Tag_ARC_* printed as `%d`. */
const ARC_NUMBERS: ReadonlyMap<number, string> = new Map([
  [15, 'Tag_ARC_ABI_double_size'],
  [18, 'Tag_ARC_ISA_mpy_option'],
  [20, 'Tag_ARC_ATR_version'],
]);
/** Tag_ARC_* whose value is a string. */
const ARC_STRINGS: ReadonlyMap<number, string> = new Map([
  [7, 'Tag_ARC_CPU_name'],
  [16, 'Tag_ARC_ISA_config'],
  [17, 'Tag_ARC_ISA_apex'],
]);

/** display_arc_attribute. */
export const displayArcAttribute: PublicDisplay = (c, end) => {
  const tag = c.uleb(end);
  const str = ARC_STRINGS.get(tag);
  if (str !== undefined) {
    c.out(`  ${str}: `);
    c.tagValue(-1, end);
    return;
  }
  const flag = ARC_FLAGS.get(tag);
  const number = ARC_NUMBERS.get(tag);
  if (flag === undefined && number === undefined && (tag < 4 || tag > 11)) {
    c.tagValue(tag & 1, end);
    return;
  }
  const val = c.uleb(end);
  if (flag !== undefined) c.out(`  ${flag[0]}: ${val !== 0 ? flag[1] : flag[2]}\n`);
  else if (number !== undefined) c.out(`  ${number}: ${val | 0}\n`);
  else if (tag === 4) c.out(`  Tag_ARC_PCS_config: ${ARC_PCS[val] ?? 'Unknown'}\n`);
  else if (tag === 5) c.out(`  Tag_ARC_CPU_base: ${ARC_CPU[val] ?? 'Absent'}\n`);
  else if (tag === 6) c.out(`  Tag_ARC_CPU_variation: ${val === 0 ? 'Absent' : val < 16 ? `Core${val}` : 'Unknown'}\n`);
  else if (tag === 9) c.out(`  Tag_ARC_ABI_osver: v${val | 0}\n`);
  else c.out(`  ${tag === 10 ? 'Tag_ARC_ABI_sda' : 'Tag_ARC_ABI_pic'}: ${ARC_ABI[val] ?? 'Unknown'}\n`);
};

const C6X_ALIGN = ['8-byte', '4-byte', '16-byte'];
/**
 * display_tic6x_attribute's tags with value names: the label, the names by
 * value (a Map where values skip), and whether GNU prints the label before
 * reading the value (a LEB128 error then comes after it).
 */
const C6X_TAGS: ReadonlyMap<number, readonly [string, ReadonlyMap<number, string> | readonly string[], boolean]> = new Map<
  number,
  readonly [string, ReadonlyMap<number, string> | readonly string[], boolean]
>([
  [4, ['Tag_ISA', new Map([[0, 'None'], [1, 'C62x'], [3, 'C67x'], [4, 'C67x+'], [6, 'C64x'], [7, 'C64x+'], [8, 'C674x']]), true]],
  [6, ['Tag_ABI_wchar_t', ['Not used', '2 bytes', '4 bytes'], true]],
  [8, ['Tag_ABI_stack_align_needed', ['8-byte', '16-byte'], true]],
  [10, ['Tag_ABI_stack_align_preserved', ['8-byte', '16-byte'], false]],
  [12, ['Tag_ABI_DSBT', ['DSBT addressing not used', 'DSBT addressing used'], false]],
  [14, ['Tag_ABI_PID', ['Data addressing position-dependent', 'Data addressing position-independent, GOT near DP', 'Data addressing position-independent, GOT far from DP'], false]],
  [16, ['Tag_ABI_PIC', ['Code addressing position-dependent', 'Code addressing position-independent'], false]],
  [18, ['Tag_ABI_array_object_alignment', C6X_ALIGN, false]],
  [20, ['Tag_ABI_array_object_align_expected', C6X_ALIGN, false]],
]);

/** display_tic6x_attribute. */
export const displayTic6xAttribute: PublicDisplay = (c, end) => {
  const tag = c.uleb(end);
  const known = C6X_TAGS.get(tag);
  if (known !== undefined) {
    const [label, names, labelFirst] = known;
    if (labelFirst) c.out(`  ${label}: `);
    const val = c.uleb(end);
    if (!labelFirst) c.out(`  ${label}: `);
    const name = names instanceof Map ? names.get(val) : (names as readonly string[])[val];
    c.out(`${name ?? `??? (${val | 0})`}\n`);
    return;
  }
  if (tag === 32) {
    const val = c.uleb(end);
    c.out(`  Tag_ABI_compatibility: flag = ${val | 0}, vendor = `);
    c.vendor(end);
    return;
  }
  if (tag === 67) {
    c.out('  Tag_ABI_conformance: "');
    c.vendor(end, '"\n');
    return;
  }
  c.tagValue(tag | 0, end);
};
