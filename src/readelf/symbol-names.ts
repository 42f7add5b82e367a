import { EM, ELFOSABI, ET, SHN, STB, STT } from '../elf/constants.js';
import type { Diagnostics } from './diagnostics.js';
import { hex } from './printf.js';

/**
 * GNU readelf 2.40's names for a symbol's st_info, st_other and st_shndx
 * (get_symbol_binding, get_symbol_type, get_symbol_visibility,
 * get_symbol_other and its per-machine helpers, get_symbol_index_type), as
 * functions of the raw numbers and the file's e_machine / EI_OSABI. The
 * few that complain take the Diagnostics to complain to.
 */

/** The file facts the names depend on. */
export interface SymbolNameContext {
  readonly machine: number;
  readonly osabi: number;
  /** e_type (IA-64 OpenVMS function types are shown for images only). */
  readonly type: number;
  /** e_shnum as readelf keeps it (after extended numbering). */
  readonly shnum: number;
}

/** get_symbol_binding. */
export function symbolBindingName(binding: number, osabi: number): string {
  switch (binding) {
    case 0:
      return 'LOCAL';
    case 1:
      return 'GLOBAL';
    case 2:
      return 'WEAK';
  }
  if (binding >= STB.LOPROC && binding <= STB.HIPROC) return `<processor specific>: ${binding}`;
  if (binding >= STB.LOOS && binding <= STB.HIOS) {
    if (binding === STB.GNU_UNIQUE && osabi === ELFOSABI.GNU) return 'UNIQUE';
    return `<OS specific>: ${binding}`;
  }
  return `<unknown>: ${binding}`;
}

const GENERIC_TYPES = ['NOTYPE', 'OBJECT', 'FUNC', 'SECTION', 'FILE', 'COMMON', 'TLS', undefined, 'RELC', 'SRELC'];
/** STT_ARM_TFUNC, STT_REGISTER (SPARC v9) and STT_PARISC_MILLI share STT_LOPROC. */
const STT_LOPROC_NAMES: ReadonlyMap<number, string> = new Map([
  [EM.ARM, 'THUMB_FUNC'],
  [EM.SPARCV9, 'REGISTER'],
  [EM.PARISC, 'PARISC_MILLI'],
]);

/** get_symbol_type. */
export function symbolTypeName(type: number, machine: number, osabi: number): string {
  const generic = GENERIC_TYPES[type];
  if (generic !== undefined) return generic;
  if (type >= STT.LOPROC && type <= STT.HIPROC) {
    if (type === STT.LOPROC) {
      const name = STT_LOPROC_NAMES.get(machine);
      if (name !== undefined) return name;
    }
    return `<processor specific>: ${type}`;
  }
  if (type >= STT.LOOS && type <= STT.HIOS) {
    if (machine === EM.PARISC) {
      if (type === STT.HP_OPAQUE) return 'HP_OPAQUE';
      if (type === STT.HP_STUB) return 'HP_STUB';
    }
    if (type === STT.GNU_IFUNC && (osabi === ELFOSABI.GNU || osabi === ELFOSABI.FREEBSD)) return 'IFUNC';
    return `<OS specific>: ${type}`;
  }
  return `<unknown>: ${type}`;
}

const VISIBILITY = ['DEFAULT', 'INTERNAL', 'HIDDEN', 'PROTECTED'];

/** get_symbol_visibility: an unknown value is an error (only Solaris files can have one). */
export function symbolVisibilityName(visibility: number, diag: Diagnostics): string {
  const name = VISIBILITY[visibility];
  if (name !== undefined) return name;
  diag.error(`Unrecognized visibility value: ${visibility}`);
  return '<unknown>';
}

const SOLARIS_VISIBILITY: readonly (string | undefined)[] = [undefined, undefined, undefined, undefined, 'EXPORTED', 'SINGLETON', 'ELIMINATE'];

/** get_solaris_symbol_visibility: the whole st_other. */
export function solarisSymbolVisibilityName(visibility: number, diag: Diagnostics): string {
  return SOLARIS_VISIBILITY[visibility] ?? symbolVisibilityName(visibility, diag);
}

/** get_alpha_symbol_other. */
function alphaSymbolOther(other: number, diag: Diagnostics): string {
  if (other === 0x80) return 'NOPV';
  if (other === 0x88) return 'STD GPLOAD';
  diag.error(`Unrecognized alpha specific other value: ${other}`);
  return '<unknown>';
}

/** get_aarch64_symbol_other: STO_AARCH64_VARIANT_PCS (0x80). */
function aarch64SymbolOther(other: number): string | null {
  if ((other & 0x80) === 0) return null;
  const rest = other & ~0x80;
  return rest === 0 ? 'VARIANT_PCS' : `VARIANT_PCS | ${hex(rest)}`;
}

/** get_mips_symbol_other: STO_OPTIONAL, STO_MIPS_PLT, STO_MIPS_PIC, STO_MICROMIPS, STO_MIPS16. */
const MIPS_OTHER: ReadonlyMap<number, string> = new Map([
  [0x04, 'OPTIONAL'],
  [0x08, 'MIPS PLT'],
  [0x20, 'MIPS PIC'],
  [0x80, 'MICROMIPS'],
  [0x80 | 0x20, 'MICROMIPS, MIPS PIC'],
  [0xf0, 'MIPS16'],
]);

const VMS_FUNC_TYPES = [' CA', ' VEC', ' FD', ' RSV'];
const VMS_LINKAGES = [' IGN', ' RSV', ' STD', ' LNK'];

/**
 * get_ia64_symbol_other: OpenVMS function type (images only) and linkage;
 * both fields are two bits wide, so every value has a name.
 */
function ia64SymbolOther(other: number, ctx: SymbolNameContext): string | null {
  if (ctx.osabi !== ELFOSABI.OPENVMS) return null;
  let res = '';
  if (ctx.type === ET.DYN || ctx.type === ET.EXEC) res += VMS_FUNC_TYPES[(other & 0x30) >> 4];
  res += VMS_LINKAGES[(other & 0xc0) >> 6];
  return res.slice(1);
}

/** get_ppc64_symbol_other: the local entry offset in bits 5-7. */
function ppc64SymbolOther(other: number): string | null {
  if ((other & ~0xe0) !== 0) return null;
  let v = other >> 5;
  if (v > 6) return null;
  if (v >= 2) v = ((1 << v) >> 2) << 2; // ppc64_decode_local_entry
  return `<localentry>: ${v}`;
}

/**
 * get_riscv_symbol_other. GNU's snprintf of any other bits overwrites the
 * VARIANT_CC it wrote first, so those show alone.
 */
function riscvSymbolOther(other: number): string {
  const rest = other & ~0x80;
  if (rest !== 0) return hex(rest);
  return (other & 0x80) !== 0 ? 'VARIANT_CC' : '';
}

/** get_symbol_other, for the bits of st_other above the visibility. */
export function symbolOtherName(other: number, ctx: SymbolNameContext, diag: Diagnostics): string {
  if (other === 0) return '';
  let result: string | null = null;
  switch (ctx.machine) {
    case EM.ALPHA:
      result = alphaSymbolOther(other, diag);
      break;
    case EM.AARCH64:
      result = aarch64SymbolOther(other);
      break;
    case EM.MIPS:
      result = MIPS_OTHER.get(other) ?? null;
      break;
    case EM.IA_64:
      result = ia64SymbolOther(other, ctx);
      break;
    case EM.PPC64:
      result = ppc64SymbolOther(other);
      break;
    case EM.RISCV:
      result = riscvSymbolOther(other);
      break;
  }
  // GNU tests the pointer: an empty string is a result too.
  return result ?? `<other>: ${hex(other)}`;
}

/** The widening get_elf_symbols applies to a 16-bit st_shndx from SHN_LORESERVE (0xff00) on, SHN_XINDEX included. */
export function internalSectionIndex(shndx: number): number {
  return shndx >= SHN.LORESERVE ? shndx + 0xffff0000 : shndx;
}

/**
 * Reserved section indices as readelf holds them (include/elf/internal.h):
 * the file's 16-bit values (SHN in src/elf/constants.ts) widened by
 * internalSectionIndex, so SHN_LORESERVE is 0xffffff00 here; values from
 * SHT_SYMTAB_SHNDX are taken as they are.
 */
export const SHN_INTERNAL = Object.freeze(
  Object.fromEntries(Object.entries(SHN).map(([k, v]) => [k, internalSectionIndex(v)])) as { readonly [K in keyof typeof SHN]: number },
);

/** `%3d` */
function dec3(v: number): string {
  const s = String(v);
  return s.length >= 3 ? s : ' '.repeat(3 - s.length) + s;
}

/** Whether symbolIndexName shows `index` as UND or as a section number (one word, never reserved or bad). */
export function isPlainSectionIndex(index: number, shnum: number): boolean {
  return index < SHN_INTERNAL.LORESERVE && (index === SHN.UNDEF || shnum === 0 || index < shnum);
}

/**
 * get_symbol_index_type: the Ndx column for a section index as readelf
 * holds it (internalSectionIndex, or a SHT_SYMTAB_SHNDX value; unsigned).
 */
export function symbolIndexName(index: number, ctx: SymbolNameContext): string {
  // The common case first: a section number (or UND). GNU prints it with %d.
  if (isPlainSectionIndex(index, ctx.shnum)) return index === SHN.UNDEF ? 'UND' : dec3(index | 0);
  if (index < SHN_INTERNAL.LORESERVE) return `bad section index[${dec3(index | 0)}]`;
  if (index === SHN_INTERNAL.ABS) return 'ABS';
  if (index === SHN_INTERNAL.COMMON) return 'COM';
  const m = ctx.machine;
  if (index === SHN_INTERNAL.IA_64_ANSI_COMMON && m === EM.IA_64 && ctx.osabi === ELFOSABI.HPUX) return 'ANSI_COM';
  if ((m === EM.X86_64 || m === EM.L1OM || m === EM.K1OM) && index === SHN_INTERNAL.X86_64_LCOMMON) return 'LARGE_COM';
  if ((index === SHN_INTERNAL.MIPS_SCOMMON && m === EM.MIPS) || (index === SHN_INTERNAL.TIC6X_SCOMMON && m === EM.TI_C6000)) {
    return 'SCOM';
  }
  if (index === SHN_INTERNAL.MIPS_SUNDEFINED && m === EM.MIPS) return 'SUND';
  const low = hex(index & 0xffff, 4);
  if (index >= SHN_INTERNAL.LOPROC && index <= SHN_INTERNAL.HIPROC) return `PRC[0x${low}]`;
  if (index >= SHN_INTERNAL.LOOS && index <= SHN_INTERNAL.HIOS) return `OS [0x${low}]`;
  return `RSV[0x${low}]`;
}
