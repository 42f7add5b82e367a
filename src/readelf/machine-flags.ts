import { ELFABIVERSION_AMDGPU_HSA_V3, ELFOSABI, EM } from '../elf/constants.js';
import { altHex32 } from './printf.js';

/**
 * get_machine_flags from GNU readelf 2.40 (readelf.c l.3705), with its
 * helpers decode_ARC_machine_flags, decode_ARM_machine_flags,
 * decode_AVR_machine_flags, decode_NDS32_machine_flags and
 * decode_AMDGPU_machine_flags: the text `-h` prints after `Flags: 0x…`.
 * Ported case by case, in GNU's order, for every machine the function
 * handles. Constants are binutils-2.40 include/elf/*.h values.
 */

/** The file facts get_machine_flags reads besides e_flags and e_machine. */
export interface MachineFlagsContext {
  /** EI_OSABI. */
  readonly osabi: number;
  /** EI_ABIVERSION. */
  readonly abiVersion: number;
}


/** The lowest set bit of a 32-bit value (C's `x & -x`), as an unsigned number. */
function lowestBit(v: number): number {
  return (v & -v) >>> 0;
}

/**
 * get_machine_flags: the text after `0x%lx` on the `Flags:` line (empty
 * when `flags` is 0 or the machine has no decoder). `flags` is e_flags as
 * an unsigned 32-bit number.
 */
export function machineFlags(flags: number, machine: number, ctx: MachineFlagsContext): string {
  const e = flags >>> 0;
  if (e === 0) return '';
  switch (machine) {
    case EM.ARC_COMPACT2:
    case EM.ARC_COMPACT:
      return arcFlags(e, machine);
    case EM.ARM:
      return armFlags(e);
    case EM.AVR:
      return avrFlags(e);
    case EM.BLACKFIN: {
      let buf = '';
      if (e & 0x1) buf += ', PIC';
      if (e & 0x2) buf += ', FDPIC';
      if (e & 0x10) buf += ', code in L1';
      if (e & 0x20) buf += ', data in L1';
      return buf;
    }
    case EM.CYGNUS_FRV:
      switch ((e & 0xff000000) >>> 0) {
        case 0x00000000:
          return '';
        default:
          return ', fr???';
        case 0x02000000:
          return ', fr300';
        case 0x05000000:
          return ', fr400';
        case 0x07000000:
          return ', fr405';
        case 0x08000000:
          return ', fr450';
        case 0x01000000:
          return ', fr500';
        case 0x06000000:
          return ', fr550';
        case 0x03000000:
          return ', simple';
        case 0x04000000:
          return ', tomcat';
      }
    case EM.M68K:
      return m68kFlags(e);
    case EM.AMDGPU:
      return amdgpuFlags(e, ctx);
    case EM.CYGNUS_MEP:
      return mepFlags(e);
    case EM.PPC: {
      let buf = '';
      if (e & 0x80000000) buf += ', emb';
      if (e & 0x00010000) buf += ', relocatable';
      if (e & 0x00008000) buf += ', relocatable-lib';
      return buf;
    }
    case EM.PPC64:
      // `char abi[] = ", abiv0"; abi[6] += e_flags & EF_PPC64_ABI;`
      return e & 3 ? `, abiv${e & 3}` : '';
    case EM.V800:
      return v800Flags(e);
    case EM.V850:
    case EM.CYGNUS_V850:
      switch ((e & 0xf0000000) >>> 0) {
        case 0x60000000:
          return ', v850e3v5';
        case 0x40000000:
          return ', v850e2v3';
        case 0x30000000:
          return ', v850e2';
        case 0x20000000:
          return ', v850e1';
        case 0x10000000:
          return ', v850e';
        case 0x00000000:
          return ', v850';
        default:
          return ', unknown v850 architecture variant';
      }
    case EM.M32R:
    case EM.CYGNUS_M32R:
      return (e & 0x30000000) === 0 ? ', m32r' : '';
    case EM.MIPS:
    case EM.MIPS_RS3_LE:
      return mipsFlags(e);
    case EM.NDS32:
      return nds32Flags(e);
    case EM.NFP:
      switch ((e >>> 8) & 0xffff) {
        case 0x3200:
          return ', NFP-32xx';
        case 0x6000:
          return ', NFP-6xxx';
      }
      return '';
    case EM.RISCV: {
      let buf = '';
      if (e & 0x1) buf += ', RVC';
      if (e & 0x8) buf += ', RVE';
      if (e & 0x10) buf += ', TSO';
      switch (e & 0x6) {
        case 0x0:
          buf += ', soft-float ABI';
          break;
        case 0x2:
          buf += ', single-float ABI';
          break;
        case 0x4:
          buf += ', double-float ABI';
          break;
        case 0x6:
          buf += ', quad-float ABI';
          break;
      }
      return buf;
    }
    case EM.SH: {
      let buf = SH_MACHINES.get(e & 0x1f) ?? ', unknown ISA';
      if (e & 0x100) buf += ', pic';
      if (e & 0x8000) buf += ', fdpic';
      return buf;
    }
    case EM.OR1K:
      return e & 0x1 ? ', no delay' : '';
    case EM.SPARCV9: {
      let buf = '';
      if (e & 0x000100) buf += ', v8+';
      if (e & 0x000200) buf += ', ultrasparcI';
      if (e & 0x000800) buf += ', ultrasparcIII';
      if (e & 0x000400) buf += ', halr1';
      if (e & 0x800000) buf += ', ledata';
      if ((e & 0x3) === 0x0) buf += ', tso';
      if ((e & 0x3) === 0x1) buf += ', pso';
      if ((e & 0x3) === 0x2) buf += ', rmo';
      return buf;
    }
    case EM.PARISC: {
      let buf = '';
      switch (e & 0xffff) {
        case 0x020b:
          buf = ', PA-RISC 1.0';
          break;
        case 0x0210:
          buf = ', PA-RISC 1.1';
          break;
        case 0x0214:
          buf = ', PA-RISC 2.0';
          break;
      }
      if (e & 0x00010000) buf += ', trapnil';
      if (e & 0x00020000) buf += ', ext';
      if (e & 0x00040000) buf += ', lsb';
      if (e & 0x00080000) buf += ', wide';
      if (e & 0x00100000) buf += ', no kabp';
      if (e & 0x00400000) buf += ', lazyswap';
      return buf;
    }
    case EM.PJ:
    case EM.PJ_OLD: {
      let buf = '';
      if ((e & 0x10) === 0x10) buf += ', new calling convention';
      if ((e & 0x20) === 0x20) buf += ', gnu calling convention';
      return buf;
    }
    case EM.IA_64:
      return ia64Flags(e, ctx);
    case EM.VAX: {
      let buf = '';
      if (e & 0x0001) buf += ', non-PIC';
      if (e & 0x0100) buf += ', D-Float';
      if (e & 0x0200) buf += ', G-Float';
      return buf;
    }
    case EM.VISIUM: {
      let buf = '';
      if (e & 0x01) buf += ', mcm';
      else if (e & 0x02) buf += ', mcm24';
      if (e & 0x04) buf += ', gr6';
      return buf;
    }
    case EM.RL78: {
      let buf = '';
      switch (e & 0x0c) {
        case 0x04:
          buf += ', G10';
          break;
        case 0x08:
          buf += ', G13';
          break;
        case 0x0c:
          buf += ', G14';
          break;
      }
      if (e & 0x1) buf += ', 64-bit doubles';
      return buf;
    }
    case EM.RX: {
      let buf = '';
      if (e & 0x1) buf += ', 64-bit doubles';
      if (e & 0x2) buf += ', dsp';
      if (e & 0x4) buf += ', pid';
      if (e & 0x8) buf += ', RX ABI';
      if (e & 0x40) buf += e & 0x80 ? ', uses String instructions' : ', bans String instructions';
      if (e & 0x100) buf += ', V2';
      if (e & 0x200) buf += ', V3';
      return buf;
    }
    case EM.S390:
      return e & 0x1 ? ', highgprs' : '';
    case EM.TI_C6000:
      return e & 0x1 ? ', relocatable module' : '';
    case EM.MSP430: {
      let buf = ': architecture variant: ';
      buf += MSP430_MACHINES.get(e & 0xff) ?? ': unknown';
      if (e & ~0xff) buf += ': unknown extra flag bits also present';
      return buf;
    }
    case EM.Z80:
      return Z80_MACHINES.get(e & 0xff) ?? ', unknown';
    case EM.LOONGARCH: {
      let buf = '';
      const modifier = e & 0x7;
      if (modifier === 0x1) buf += ', SOFT-FLOAT';
      else if (modifier === 0x2) buf += ', SINGLE-FLOAT';
      else if (modifier === 0x3) buf += ', DOUBLE-FLOAT';
      const objabi = e & 0xc0;
      if (objabi === 0) buf += ', OBJ-v0';
      else if (objabi === 0x40) buf += ', OBJ-v1';
      return buf;
    }
    default:
      return '';
  }
}

/** decode_ARC_machine_flags. */
function arcFlags(e: number, machine: number): string {
  let buf: string;
  switch (e & 0xff) {
    case 0x5:
      buf = ', ARC EM';
      break;
    case 0x6:
      buf = ', ARC HS';
      break;
    case 0x2:
      buf = ', ARC600';
      break;
    case 0x4:
      buf = ', ARC601';
      break;
    case 0x3:
      buf = ', ARC700';
      break;
    default:
      buf = machine === EM.ARC_COMPACT ? ', Unknown ARCompact' : ', Unknown ARC';
      break;
  }
  switch (e & 0xf00) {
    case 0x000:
      buf += ', (ABI:legacy)';
      break;
    case 0x200:
      buf += ', (ABI:v2)';
      break;
    case 0x300:
      buf += ', v3 no-legacy-syscalls ABI';
      break;
    case 0x400:
      buf += ', v4 ABI';
      break;
    default:
      buf += ', unrecognised ARC OSABI flag';
      break;
  }
  return buf;
}

/**
 * Walks the set bits of `flags` from the lowest, naming each through
 * `name` (undefined: unknown). Returns the names and whether any bit was unknown.
 */
function eachBit(flags: number, name: (bit: number) => string | undefined): { text: string; unknown: boolean } {
  let text = '';
  let unknown = false;
  let rest = flags >>> 0;
  while (rest !== 0) {
    const bit = lowestBit(rest);
    rest = (rest & ~bit) >>> 0;
    const n = name(bit);
    if (n === undefined) unknown = true;
    else text += n;
  }
  return { text, unknown };
}

/** decode_ARM_machine_flags. */
function armFlags(flags: number): string {
  const eabi = (flags & 0xff000000) >>> 0;
  let e = (flags & ~0xff000000) >>> 0;
  let buf = '';
  let unknown = false;

  // "Generic" ARM flags.
  if (e & 0x01) {
    buf += ', relocatable executable';
    e = (e & ~0x01) >>> 0;
  }
  if (e & 0x20) {
    buf += ', position independent';
    e = (e & ~0x20) >>> 0;
  }

  let bits: { text: string; unknown: boolean };
  switch (eabi) {
    default:
      buf += ', <unrecognized EABI>';
      if (e) unknown = true;
      break;
    case 0x01000000:
      buf += ', Version1 EABI';
      bits = eachBit(e, (b) => (b === 0x04 ? ', sorted symbol tables' : undefined));
      buf += bits.text;
      unknown = bits.unknown;
      break;
    case 0x02000000:
      buf += ', Version2 EABI';
      bits = eachBit(e, (b) => ARM_EABI2_BITS.get(b));
      buf += bits.text;
      unknown = bits.unknown;
      break;
    case 0x03000000:
      buf += ', Version3 EABI';
      break;
    case 0x04000000:
      buf += ', Version4 EABI';
      bits = eachBit(e, (b) => ARM_EABI4_BITS.get(b));
      buf += bits.text;
      unknown = bits.unknown;
      break;
    case 0x05000000:
      buf += ', Version5 EABI';
      bits = eachBit(e, (b) => ARM_EABI5_BITS.get(b));
      buf += bits.text;
      unknown = bits.unknown;
      break;
    case 0x00000000:
      buf += ', GNU EABI';
      bits = eachBit(e, (b) => ARM_GNU_BITS.get(b));
      buf += bits.text;
      unknown = bits.unknown;
      break;
  }
  if (unknown) buf += ', <unknown>';
  return buf;
}

const ARM_EABI2_BITS: ReadonlyMap<number, string> = new Map([
  [0x04, ', sorted symbol tables'],
  [0x08, ', dynamic symbols use segment index'],
  [0x10, ', mapping symbols precede others'],
]);
const ARM_EABI4_BITS: ReadonlyMap<number, string> = new Map([
  [0x00800000, ', BE8'],
  [0x00400000, ', LE8'],
]);
const ARM_EABI5_BITS: ReadonlyMap<number, string> = new Map([
  [0x00800000, ', BE8'],
  [0x00400000, ', LE8'],
  [0x200, ', soft-float ABI'],
  [0x400, ', hard-float ABI'],
]);
const ARM_GNU_BITS: ReadonlyMap<number, string> = new Map([
  [0x04, ', interworking enabled'],
  [0x08, ', uses APCS/26'],
  [0x10, ', uses APCS/float'],
  [0x20, ', position independent'],
  [0x40, ', 8 bit structure alignment'],
  [0x80, ', uses new ABI'],
  [0x100, ', uses old ABI'],
  [0x200, ', software FP'],
  [0x400, ', VFP'],
  [0x800, ', Maverick FP'],
]);

/** decode_AVR_machine_flags. */
function avrFlags(e: number): string {
  const mach = AVR_MACHINES.get(e & 0x7f);
  let buf = mach === undefined ? ', avr:<unknown>' : `, avr:${mach}`;
  if (e & 0x80) buf += ', link-relax';
  return buf;
}
const AVR_MACHINES: ReadonlyMap<number, number> = new Map(
  [1, 2, 25, 3, 31, 35, 4, 5, 51, 6, 100, 101, 102, 103, 104, 105, 106, 107].map((n) => [n, n]),
);

/** The EM_68K case. */
function m68kFlags(e: number): string {
  const arch = e & (0x01000000 | 0x00810000 | 0x00008000 | 0x02000000);
  if (arch === 0x01000000) return ', m68000';
  if (arch === 0x00810000) return ', cpu32';
  if (arch === 0x02000000) return ', fido_a';
  let isa = 'unknown';
  let mac: string | null = 'unknown mac';
  let additional: string | null = null;
  switch (e & 0x0f) {
    case 0x01:
      isa = 'A';
      additional = ', nodiv';
      break;
    case 0x02:
      isa = 'A';
      break;
    case 0x03:
      isa = 'A+';
      break;
    case 0x04:
      isa = 'B';
      additional = ', nousp';
      break;
    case 0x05:
      isa = 'B';
      break;
    case 0x06:
      isa = 'C';
      break;
    case 0x07:
      isa = 'C';
      additional = ', nodiv';
      break;
  }
  let buf = ', cf, isa ' + isa;
  if (additional !== null) buf += additional;
  if (e & 0x40) buf += ', float';
  switch (e & 0x30) {
    case 0:
      mac = null;
      break;
    case 0x10:
      mac = 'mac';
      break;
    case 0x20:
      mac = 'emac';
      break;
    case 0x30:
      mac = 'emac_b';
      break;
  }
  if (mac !== null) buf += ', ' + mac;
  return buf;
}

/** The EM_CYGNUS_MEP case. */
function mepFlags(e: number): string {
  let buf: string;
  switch ((e & 0xff000000) >>> 0) {
    case 0x00000000:
      buf = ', generic MeP';
      break;
    case 0x01000000:
      buf = ', MeP C2';
      break;
    case 0x02000000:
      buf = ', MeP C3';
      break;
    case 0x04000000:
      buf = ', MeP C4';
      break;
    case 0x08000000:
      buf = ', MeP C5';
      break;
    case 0x10000000:
      buf = ', MeP H1';
      break;
    default:
      buf = ', <unknown MeP cpu type>';
      break;
  }
  switch (e & 0x00ff0000) {
    case 0x00000000:
      break;
    case 0x00010000:
      buf += ', AVC coprocessor';
      break;
    case 0x00020000:
      buf += ', AVC2 coprocessor';
      break;
    case 0x00030000:
      buf += ', FMAX coprocessor';
      break;
    case 0x00060000:
      buf += ', IVC2 coprocessor';
      break;
    default:
      buf += '<unknown MeP copro type>';
      break;
  }
  if (e & 0x100) buf += ', Built for Library';
  if (e & 0xff) buf += `, Configuration Index: ${altHex32(e & 0xff)}`;
  const extra = (e & ~0xffff01ff) >>> 0;
  if (extra) buf += `, unknown flags bits: ${altHex32(extra)}`;
  return buf;
}

/** The EM_V800 case. */
function v800Flags(flags: number): string {
  let buf = '';
  if ((flags & 0xf0000000) >>> 0 === 0xf0000000) buf += ', RH850 ABI';
  if (flags & 0x00100000) buf += ', V3 architecture';
  if ((flags & (0x1 | 0x2)) === 0) buf += ', FPU not used';
  if ((flags & (0x20 | 0x40)) === 0) buf += ', regmode: COMMON';
  if ((flags & (0x100 | 0x200)) === 0) buf += ', r4 not used';
  if ((flags & (0x400 | 0x800)) === 0) buf += ', r30 not used';
  if ((flags & (0x1000 | 0x2000)) === 0) buf += ', r5 not used';
  if ((flags & (0x4000 | 0x8000)) === 0) buf += ', r2 not used';
  buf += eachBit(flags & 0xffff, (b) => V800_BITS.get(b) ?? '').text;
  return buf;
}
const V800_BITS: ReadonlyMap<number, string> = new Map([
  [0x1, ', double precision FPU'],
  [0x2, ', single precision FPU'],
  [0x20, ', regmode:22'],
  [0x40, ', regmode:23'],
  [0x100, ', r4 fixed'],
  [0x200, ', r4 free'],
  [0x400, ', r30 fixed'],
  [0x800, ', r30 free'],
  [0x1000, ', r5 fixed'],
  [0x2000, ', r5 free'],
  [0x4000, ', r2 fixed'],
  [0x8000, ', r2 free'],
]);

/** The EM_MIPS case. */
function mipsFlags(e: number): string {
  let buf = '';
  if (e & 0x00000001) buf += ', noreorder';
  if (e & 0x00000002) buf += ', pic';
  if (e & 0x00000004) buf += ', cpic';
  if (e & 0x00000010) buf += ', ugen_reserved';
  if (e & 0x00000020) buf += ', abi2';
  if (e & 0x00000080) buf += ', odk first';
  if (e & 0x00000100) buf += ', 32bitmode';
  if (e & 0x00000400) buf += ', nan2008';
  if (e & 0x00000200) buf += ', fp64';

  const mach = e & 0x00ff0000;
  // 0: MIPS ELF does not specify EF_MIPS_MACH (a GNU extension), so it is ignored.
  if (mach !== 0) buf += MIPS_MACHINES.get(mach) ?? ', unknown CPU';

  switch (e & 0x0000f000) {
    case 0x1000:
      buf += ', o32';
      break;
    case 0x2000:
      buf += ', o64';
      break;
    case 0x3000:
      buf += ', eabi32';
      break;
    case 0x4000:
      buf += ', eabi64';
      break;
    case 0:
      break;
    default:
      buf += ', unknown ABI';
      break;
  }

  if (e & 0x08000000) buf += ', mdmx';
  if (e & 0x04000000) buf += ', mips16';
  if (e & 0x02000000) buf += ', micromips';

  buf += MIPS_ARCHES.get((e & 0xf0000000) >>> 0) ?? ', unknown ISA';
  return buf;
}
const MIPS_MACHINES: ReadonlyMap<number, string> = new Map([
  [0x00810000, ', 3900'],
  [0x00820000, ', 4010'],
  [0x00830000, ', 4100'],
  [0x00880000, ', 4111'],
  [0x00870000, ', 4120'],
  [0x00850000, ', 4650'],
  [0x00910000, ', 5400'],
  [0x00980000, ', 5500'],
  [0x00920000, ', 5900'],
  [0x008a0000, ', sb1'],
  [0x00990000, ', 9000'],
  [0x00a00000, ', loongson-2e'],
  [0x00a10000, ', loongson-2f'],
  [0x00a20000, ', gs464'],
  [0x00a30000, ', gs464e'],
  [0x00a40000, ', gs264e'],
  [0x008b0000, ', octeon'],
  [0x008d0000, ', octeon2'],
  [0x008e0000, ', octeon3'],
  [0x008c0000, ', xlr'],
  [0x00930000, ', interaptiv-mr2'],
]);
const MIPS_ARCHES: ReadonlyMap<number, string> = new Map([
  [0x00000000, ', mips1'],
  [0x10000000, ', mips2'],
  [0x20000000, ', mips3'],
  [0x30000000, ', mips4'],
  [0x40000000, ', mips5'],
  [0x50000000, ', mips32'],
  [0x70000000, ', mips32r2'],
  [0x90000000, ', mips32r6'],
  [0x60000000, ', mips64'],
  [0x80000000, ', mips64r2'],
  [0xa0000000, ', mips64r6'],
]);

/** decode_NDS32_machine_flags. */
function nds32Flags(e: number): string {
  const ABI_STRINGS = ['ABI v0', 'ABI v1', 'ABI v2', 'ABI v2fp', 'AABI', 'ABI2 FP+'];
  const VER_STRINGS = ['Andes ELF V1.3 or older', 'Andes ELF V1.3.1', 'Andes ELF V1.4'];
  const ARCH_STRINGS = ['', 'Andes Star v1.0', 'Andes Star v2.0', 'Andes Star v3.0', 'Andes Star v3.0m'];
  const abi = e & 0xf0;
  const arch = (e & 0xf0000000) >>> 0;
  const config = e & 0x0fffff00;
  const version = e & 0xf;
  let buf = '';

  buf += abi <= 0x50 ? `, ${ABI_STRINGS[abi >> 4]}` : ', <unrecognized ABI>';
  buf += version <= 0x2 ? `, ${VER_STRINGS[version]}` : ', <unrecognized ELF version number>';

  if (abi === 0x00) {
    // Old ABI, only used in N1213HC, has performance extension 1.
    buf += ', Andes Star v1.0, N1213HC, MAC, PERF1';
    if (arch === 0x10000000) buf += ', 16b';
    return buf;
  }

  switch (arch) {
    case 0x10000000:
    case 0x20000000:
    case 0x30000000:
    case 0x40000000:
      buf += `, ${ARCH_STRINGS[arch >>> 28]}`;
      break;
    default:
      // The architecture decides how the rest reads; without it, stop.
      return buf + ', <unrecognized architecture>';
  }

  if (arch === 0x10000000) {
    if (config & 0x00000100) buf += ', MFUSR_PC';
    if (!(config & 0x00100000)) buf += ', MAC';
    if (config & 0x00002000) buf += ', DIV';
    if (config & 0x00004000) buf += ', 16b';
  } else {
    if (config & 0x00000100) buf += version <= 0x1 ? ', [B8]' : ', EX9';
    if (config & 0x00100000) buf += ', MAC_DX';
    if (config & 0x00002000) buf += ', DIV_DX';
    if (config & 0x00004000) buf += version <= 0x1 ? ', 16b' : ', IFC';
  }

  if (config & 0x00000200) buf += ', PERF1';
  if (config & 0x00000400) buf += ', PERF2';
  let hasFpu = false;
  if (config & 0x00000800) {
    hasFpu = true;
    buf += ', FPU_SP';
  }
  if (config & 0x00080000) {
    hasFpu = true;
    buf += ', FPU_DP';
  }
  if (config & 0x01000000) {
    hasFpu = true;
    buf += ', FPU_MAC';
  }
  if (hasFpu) {
    buf += [', FPU_REG:8/4', ', FPU_REG:16/8', ', FPU_REG:32/16', ', FPU_REG:32/32'][(config >> 22) & 0x3];
  }
  if (config & 0x00001000) buf += ', AUDIO';
  if (config & 0x00008000) buf += ', STR';
  if (config & 0x00010000) buf += ', 16REG';
  if (config & 0x00020000) buf += version <= 0x1 ? ', VIDEO' : ', SATURATION';
  if (config & 0x00040000) buf += ', ENCRP';
  if (config & 0x00200000) buf += ', L2C';
  return buf;
}

/** decode_AMDGPU_machine_flags. */
function amdgpuFlags(flags: number, ctx: MachineFlagsContext): string {
  const { osabi, abiVersion } = ctx;
  // HSA v2 used a different encoding that GNU does not decode.
  if (osabi === ELFOSABI.AMDGPU_HSA && abiVersion < ELFABIVERSION_AMDGPU_HSA_V3) return '';
  let e = flags;
  const mach = e & 0xff;
  const name = AMDGPU_MACHINES.get(mach);
  let buf = name !== undefined ? `, ${name}` : `, <unknown AMDGPU GPU type: ${altHex32(mach)}>`;
  e = (e & ~0xff) >>> 0;

  if ((osabi === ELFOSABI.AMDGPU_HSA && abiVersion === ELFABIVERSION_AMDGPU_HSA_V3) || osabi !== ELFOSABI.AMDGPU_HSA) {
    // HSA v3 and the other OS ABIs.
    if (e & 0x100) {
      buf += ', xnack on';
      e = (e & ~0x100) >>> 0;
    }
    if (e & 0x200) {
      buf += ', sramecc on';
      e = (e & ~0x200) >>> 0;
    }
  } else {
    // HSA v4 and later.
    const xnack = e & 0x300;
    switch (xnack) {
      case 0x000:
        break;
      case 0x100:
        buf += ', xnack any';
        break;
      case 0x200:
        buf += ', xnack off';
        break;
      case 0x300:
        buf += ', xnack on';
        break;
    }
    e = (e & ~0x300) >>> 0;
    const sramecc = e & 0xc00;
    switch (sramecc) {
      case 0x000:
        break;
      case 0x400:
        buf += ', sramecc any';
        break;
      case 0x800:
        buf += ', sramecc off';
        break;
      case 0xc00:
        buf += ', sramecc on';
        break;
    }
    e = (e & ~0xc00) >>> 0;
  }
  if (e !== 0) buf += `, unknown flags bits: ${altHex32(e)}`;
  return buf;
}
const AMDGPU_MACHINES: ReadonlyMap<number, string> = new Map([
  [0x020, 'gfx600'],
  [0x021, 'gfx601'],
  [0x022, 'gfx700'],
  [0x023, 'gfx701'],
  [0x024, 'gfx702'],
  [0x025, 'gfx703'],
  [0x026, 'gfx704'],
  [0x028, 'gfx801'],
  [0x029, 'gfx802'],
  [0x02a, 'gfx803'],
  [0x02b, 'gfx810'],
  [0x02c, 'gfx900'],
  [0x02d, 'gfx902'],
  [0x02e, 'gfx904'],
  [0x02f, 'gfx906'],
  [0x030, 'gfx908'],
  [0x031, 'gfx909'],
  [0x032, 'gfx90c'],
  [0x033, 'gfx1010'],
  [0x034, 'gfx1011'],
  [0x035, 'gfx1012'],
  [0x036, 'gfx1030'],
  [0x037, 'gfx1031'],
  [0x038, 'gfx1032'],
  [0x039, 'gfx1033'],
  [0x03a, 'gfx602'],
  [0x03b, 'gfx705'],
  [0x03c, 'gfx805'],
  [0x03d, 'gfx1035'],
  [0x03e, 'gfx1034'],
  [0x03f, 'gfx90a'],
  [0x040, 'gfx940'],
  [0x042, 'gfx1013'],
  [0x045, 'gfx1036'],
]);

/**
 * The EM_IA_64 case. GNU's warning for an unrecognised OpenVMS command
 * code cannot happen: the two-bit field has a name for every value.
 */
function ia64Flags(e: number, ctx: MachineFlagsContext): string {
  let buf = e & 0x10 ? ', 64-bit' : ', 32-bit';
  if (e & 0x20) buf += ', reduced fp model';
  if (e & 0x80) buf += ', no function descriptors, constant gp';
  else if (e & 0x40) buf += ', constant gp';
  if (e & 0x100) buf += ', absolute';
  if (ctx.osabi === ELFOSABI.OPENVMS) {
    if (e & 0x04) buf += ', vms_linkages';
    switch (e & 0x03) {
      case 0:
        break;
      case 1:
        buf += ', warning';
        break;
      case 2:
        buf += ', error';
        break;
      case 3:
        buf += ', abort';
        break;
    }
  }
  return buf;
}

const SH_MACHINES: ReadonlyMap<number, string> = new Map([
  [1, ', sh1'],
  [2, ', sh2'],
  [3, ', sh3'],
  [4, ', sh-dsp'],
  [5, ', sh3-dsp'],
  [6, ', sh4al-dsp'],
  [8, ', sh3e'],
  [9, ', sh4'],
  [10, ', sh5'],
  [11, ', sh2e'],
  [12, ', sh4a'],
  [13, ', sh2a'],
  [16, ', sh4-nofpu'],
  [17, ', sh4a-nofpu'],
  [19, ', sh2a-nofpu'],
  [20, ', sh3-nommu'],
  [18, ', sh4-nommu-nofpu'],
  [21, ', sh2a-nofpu-or-sh4-nommu-nofpu'],
  [22, ', sh2a-nofpu-or-sh3-nommu'],
  [23, ', sh2a-or-sh4'],
  [24, ', sh2a-or-sh3e'],
]);

const MSP430_MACHINES: ReadonlyMap<number, string> = new Map([
  [11, 'MSP430x11'],
  [110, 'MSP430x11x1 '],
  [12, 'MSP430x12'],
  [13, 'MSP430x13'],
  [14, 'MSP430x14'],
  [15, 'MSP430x15'],
  [16, 'MSP430x16'],
  [31, 'MSP430x31'],
  [32, 'MSP430x32'],
  [33, 'MSP430x33'],
  [41, 'MSP430x41'],
  [42, 'MSP430x42'],
  [43, 'MSP430x43'],
  [44, 'MSP430x44'],
  [45, 'MSP430X'],
]);

const Z80_MACHINES: ReadonlyMap<number, string> = new Map([
  [0x01, ', Z80'],
  [0x02, ', Z180'],
  [0x03, ', R800'],
  [0x04, ', EZ80'],
  [0x84, ', EZ80, ADL'],
  [0x05, ', GBZ80'],
  [0x06, ', Z80N'],
]);
