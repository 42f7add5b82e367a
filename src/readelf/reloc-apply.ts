import { EM, ET, SHT, STT } from '../elf/constants.js';
import { U64_MAX } from '../elf/types.js';
import { symbolValue } from '../elf/symbol-columns.js';
import type { Filedata } from './filedata.js';
import { altHex } from './printf.js';
import { RELOC_KINDS } from './reloc-kinds-data.js';
import { slurpRelocs } from './relocs.js';
import { symbolTypeName } from './symbol-names.js';
import { getElfSymbols, type LoadedSymbols } from './symbol-table.js';

type Kind = keyof typeof RELOC_KINDS;


/** RELOC_KINDS as sets, made on first use. */
const kindSets = new Map<Kind, Map<number, ReadonlySet<number>>>();

function kindMap(kind: Kind): Map<number, ReadonlySet<number>> {
  let map = kindSets.get(kind);
  if (map === undefined) {
    map = new Map((RELOC_KINDS[kind] as readonly (readonly [number, readonly number[]])[]).map(([m, t]) => [m, new Set(t)]));
    kindSets.set(kind, map);
  }
  return map;
}

function isKind(kind: Kind, machine: number, type: number): boolean {
  return kindMap(kind).get(machine)?.has(type) === true;
}

/** uses_msp430x_relocs: EF_MSP430_MACH is 0xff, E_MSP430_MACH_MSP430X 45. */
export function usesMsp430x(fd: Filedata): boolean {
  return fd.header.machine === EM.MSP430 && ((fd.header.flags & 0xff) === 45 || fd.header.ident.osabi === 0);
}

/** is_32bit_abs_reloc, with its once-per-machine error for machines it does not know. */
function is32Abs(fd: Filedata, type: number): boolean {
  const machine = fd.header.machine;
  const types = kindMap('bits32Abs').get(machine);
  if (types !== undefined) return types.has(type);
  const run = fd.run.relocs;
  if (run.prevMissingMachine !== machine) {
    fd.diag.error(`Missing knowledge of 32-bit reloc types used in DWARF sections of machine number ${machine}`);
  }
  run.prevMissingMachine = machine;
  return false;
}

function is16Abs(fd: Filedata, type: number): boolean {
  if (fd.header.machine === EM.MSP430) return type === (usesMsp430x(fd) ? 2 : 5);
  return isKind('bits16Abs', fd.header.machine, type);
}

/** byte_get for 1, 2, 3, 4 or 8 bytes in the file's byte order. */
function byteGet(buf: Buffer, at: number, size: number, be: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(buf[be ? at + i : at + size - 1 - i]!);
  return v;
}

/** byte_put: the low `size` bytes of `value`. */
function bytePut(buf: Buffer, at: number, value: bigint, size: number, be: boolean): void {
  let v = value & U64_MAX;
  for (let i = 0; i < size; i++) {
    buf[be ? at + size - 1 - i : at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/**
 * apply_relocations (readelf.c, binutils 2.40) for -R: in a relocatable
 * file, the first REL/RELA section that applies to section `index` is
 * applied to `buf` (the section's bytes, a private copy) with the
 * machine's DWARF relocation kinds; anything else warns as GNU does.
 * Returns false where GNU's does (the dump is then not printed).
 */
export function applyRelocations(fd: Filedata, index: number, buf: Buffer): boolean {
  if (fd.header.type !== ET.REL) return true;
  const sections = fd.sections!;
  const shnum = fd.shnum;
  const machine = fd.header.machine;
  const be = fd.reader.decoder.bigEndian;
  const size = BigInt(buf.length);
  const section = sections.at(index);
  const name = (): string => fd.printableSectionNameAt(section.name);
  for (let r = 0; r < shnum; r++) {
    const type = sections.type(r);
    if (type !== SHT.RELA && type !== SHT.REL) continue;
    const relsec = sections.at(r);
    if (relsec.info >= shnum || relsec.info !== index || relsec.size === 0n || relsec.link >= shnum) continue;
    const symsec = sections.at(relsec.link);
    if (symsec.type !== SHT.SYMTAB && symsec.type !== SHT.DYNSYM) return false;
    let isRela = type === SHT.RELA;
    const relocs = slurpRelocs(fd, relsec.offset, relsec.size, isRela);
    if (relocs === null) return false;
    // SH uses RELA but keeps the addend in place.
    if (machine === EM.SH) isRela = false;
    const syms = getElfSymbols(fd, symsec);
    const numSyms = syms === null ? 0 : syms.cols.count;
    const run = fd.run.relocs;
    for (let k = 0; k < relocs.length; k++) {
      const rp = relocs[k]!;
      const info = rp.info;
      const relType = fd.is32
        ? Number(info & 0xffn)
        : machine === EM.MIPS || machine === EM.SPARCV9
          ? Number(info & 0xffn)
          : Number(info & 0xffffffffn);
      if (targetSpecific(fd, rp, relType, buf, syms)) continue;
      let relocSize: number;
      let inplace = false;
      let subtract = false;
      if (isKind('none', machine, relType)) continue;
      else if (is32Abs(fd, relType) || isKind('bits32Pcrel', machine, relType)) relocSize = 4;
      else if (isKind('bits64Abs', machine, relType) || isKind('bits64Pcrel', machine, relType)) relocSize = 8;
      else if (isKind('bits24Abs', machine, relType)) relocSize = 3;
      else if (is16Abs(fd, relType)) relocSize = 2;
      else if (isKind('bits8Abs', machine, relType) || isKind('bits6Abs', machine, relType)) relocSize = 1;
      else if ((subtract = isKind('bits32InplaceSub', machine, relType)) || isKind('bits32InplaceAdd', machine, relType)) {
        relocSize = 4;
        inplace = true;
      } else if ((subtract = isKind('bits64InplaceSub', machine, relType)) || isKind('bits64InplaceAdd', machine, relType)) {
        relocSize = 8;
        inplace = true;
      } else if ((subtract = isKind('bits16InplaceSub', machine, relType)) || isKind('bits16InplaceAdd', machine, relType)) {
        relocSize = 2;
        inplace = true;
      } else if ((subtract = isKind('bits8InplaceSub', machine, relType)) || isKind('bits8InplaceAdd', machine, relType)) {
        relocSize = 1;
        inplace = true;
      } else if ((subtract = isKind('bits6InplaceSub', machine, relType))) {
        relocSize = 1;
        inplace = true;
      } else {
        if (relType !== run.prevUnsupported) {
          fd.diag.warn(`unable to apply unsupported reloc type ${relType} to section ${name()}`);
        }
        run.prevUnsupported = relType;
        continue;
      }
      const off = rp.offset;
      if (!(off < size && off + BigInt(relocSize) <= size)) {
        fd.diag.warn(`skipping invalid relocation offset ${altHex(off)} in section ${name()}`);
        continue;
      }
      const symIndex = fd.is32 ? (info & 0xffffffffn) >> 8n : info >> 32n;
      if (symIndex >= BigInt(numSyms)) {
        fd.diag.warn(`skipping invalid relocation symbol index ${altHex(symIndex)} in section ${name()}`);
        continue;
      }
      const si = Number(symIndex);
      const stType = syms!.cols.info[si]! & 0xf;
      if (si !== 0 && stType !== STT.COMMON && stType > STT.SECTION) {
        const typeName = symbolTypeName(stType, machine, fd.header.ident.osabi);
        fd.diag.warn(
          `skipping unexpected symbol type ${typeName} in section ${fd.printableSectionNameAt(relsec.name)} relocation ${k}`,
        );
        continue;
      }
      const at = Number(off);
      let addend = 0n;
      if (isRela) addend += rp.addend;
      if (
        !isRela ||
        ((machine === EM.XTENSA || machine === EM.XTENSA_OLD) && relType === 1) ||
        ((machine === EM.PJ || machine === EM.PJ_OLD) && relType === 1) ||
        ((machine === EM.D30V || machine === EM.CYGNUS_D30V) && relType === 12) ||
        inplace
      ) {
        const field = byteGet(buf, at, relocSize, be);
        addend += isKind('bits6InplaceSub', machine, relType) ? field & 0x3fn : field;
      }
      const value = symbolValue(syms!.cols, si);
      if (isKind('bits32Pcrel', machine, relType) || isKind('bits64Pcrel', machine, relType)) {
        // On HPPA, all pc-relative relocations are biased by 8.
        if (machine === EM.PARISC) addend -= 8n;
        bytePut(buf, at, addend + value - off, relocSize, be);
      } else if (isKind('bits6Abs', machine, relType) || isKind('bits6InplaceSub', machine, relType)) {
        addend = subtract ? addend - value : addend + value;
        addend = (addend & 0x3fn) | (byteGet(buf, at, relocSize, be) & 0xc0n);
        bytePut(buf, at, addend, relocSize, be);
      } else if (subtract) {
        bytePut(buf, at, addend - value, relocSize, be);
      } else {
        bytePut(buf, at, addend + value, relocSize, be);
      }
    }
    // The end of this section's relocations resets the symbol-difference state.
    targetSpecific(fd, null, 0, buf, null);
    break;
  }
  return true;
}


/**
 * read_leb128's length and status for an unsigned LEB128 at `at`: status 0
 * when it ends inside `buf` and fits 64 bits.
 */
function uleb128Length(buf: Buffer, at: number): { length: number; status: number } {
  let result = 0n;
  let shift = 0n;
  let status = 1;
  let length = 0;
  for (let o = at; o < buf.length; o++) {
    const byte = buf[o]!;
    length++;
    let lost: number;
    let mask: number;
    if (shift < 64n) {
      result = (result | (BigInt(byte & 0x7f) << shift)) & U64_MAX;
      lost = (byte ^ Number((result >> shift) & 0xffn)) & 0xff;
      mask = 0x7f ^ Number((((0x7fn << shift) & U64_MAX) >> shift) & 0xffn);
      shift += 7n;
    } else {
      lost = byte;
      mask = 0x7f;
    }
    if ((lost & mask) !== 0) status |= 2;
    if ((byte & 0x80) === 0) {
      status &= ~1;
      break;
    }
  }
  return { length, status };
}

/**
 * target_specific_reloc_handling (readelf.c, binutils 2.40): the MSP430,
 * MN10300 and RL78 symbol-difference relocations, whose state (GNU's
 * statics) lives in the run. True when the relocation was handled here;
 * `rp` null ends a section.
 */
function targetSpecific(
  fd: Filedata,
  rp: { offset: bigint; info: bigint; addend: bigint } | null,
  relType: number,
  buf: Buffer,
  syms: LoadedSymbols | null,
): boolean {
  const machine = fd.header.machine;
  const state = fd.run.relocs;
  const numSyms = syms === null ? 0n : BigInt(syms.cols.count);
  const symIndex = rp === null ? 0n : fd.is32 ? (rp.info & 0xffffffffn) >> 8n : rp.info >> 32n;
  const value = (): bigint => symbolValue(syms!.cols, Number(symIndex));
  const be = fd.reader.decoder.bigEndian;
  const size = BigInt(buf.length);
  const put = (n: number, v: bigint, what: string): void => {
    if (rp!.offset < size && rp!.offset + BigInt(n) <= size) bytePut(buf, Number(rp!.offset), v, n, be);
    else fd.diag.error(`${what} sym diff reloc contains invalid offset: ${altHex(rp!.offset)}`);
  };
  switch (machine) {
    case EM.MSP430:
    case EM.MSP430_OLD: {
      if (rp === null) {
        state.savedSym = null;
        return true;
      }
      const x = usesMsp430x(fd);
      let diff = false;
      switch (relType) {
        case 10: // R_MSP430_SYM_DIFF
        case 12: // R_MSP430_GNU_SUB_ULEB128
        case 21: // R_MSP430X_SYM_DIFF
        case 23: // R_MSP430X_GNU_SUB_ULEB128
          if (relType < 20 && x) return false;
          if (symIndex >= numSyms) fd.diag.error(`MSP430 SYM_DIFF reloc contains invalid symbol index ${symIndex}`);
          else state.savedSym = value();
          return true;
        case 1:
        case 3:
          diff = true;
          break;
        case 5:
        case 9:
        case 11:
          diff = !x;
          break;
        case 2:
        case 15:
        case 22:
          diff = x;
          break;
        default:
          if (state.savedSym !== null) fd.diag.error('Unhandled MSP430 reloc type found after SYM_DIFF reloc');
          return false;
      }
      if (!diff || state.savedSym === null) return false;
      let relocSize = 2;
      let lebStatus = 0;
      if (relType === 1) relocSize = 4;
      else if (relType === 11 || relType === 22) {
        relocSize = 0;
        if (rp.offset < size) ({ length: relocSize, status: lebStatus } = uleb128Length(buf, Number(rp.offset)));
      }
      if (lebStatus !== 0 || relocSize === 0 || relocSize > 8) {
        fd.diag.error(`MSP430 ULEB128 field at ${altHex(rp.offset)} contains invalid ULEB128 value`);
      } else if (symIndex >= numSyms) {
        fd.diag.error(`MSP430 reloc contains invalid symbol index ${symIndex}`);
      } else {
        put(relocSize, rp.addend + (value() - state.savedSym), 'MSP430');
      }
      state.savedSym = null;
      return true;
    }
    case EM.MN10300:
    case EM.CYGNUS_MN10300:
      if (rp === null) {
        state.savedSym = null;
        return true;
      }
      switch (relType) {
        case 34: // R_MN10300_ALIGN
          return true;
        case 33: // R_MN10300_SYM_DIFF
          if (symIndex >= numSyms) fd.diag.error(`MN10300_SYM_DIFF reloc contains invalid symbol index ${symIndex}`);
          else state.savedSym = value();
          return true;
        case 1: // R_MN10300_32
        case 2: // R_MN10300_16
          if (state.savedSym === null) return false;
          if (symIndex >= numSyms) fd.diag.error(`MN10300 reloc contains invalid symbol index ${symIndex}`);
          else put(relType === 1 ? 4 : 2, rp.addend + (value() - state.savedSym), 'MN10300');
          state.savedSym = null;
          return true;
        default:
          if (state.savedSym !== null) fd.diag.error('Unhandled MN10300 reloc type found after SYM_DIFF reloc');
          return false;
      }
    case EM.RL78:
      if (rp === null) {
        state.rl78Sym1 = state.rl78Sym2 = 0n;
        return true;
      }
      switch (relType) {
        case 0x80: // R_RL78_SYM
          state.rl78Sym1 = state.rl78Sym2;
          if (symIndex >= numSyms) fd.diag.error(`RL78_SYM reloc contains invalid symbol index ${symIndex}`);
          else state.rl78Sym2 = (value() + rp.addend) & U64_MAX;
          return true;
        case 0x83: // R_RL78_OPsub
          state.rl78Value = (state.rl78Sym1 - state.rl78Sym2) & U64_MAX;
          state.rl78Sym1 = state.rl78Sym2 = 0n;
          return true;
        case 0x41: // R_RL78_ABS32
        case 0x43: // R_RL78_ABS16
          put(relType === 0x41 ? 4 : 2, state.rl78Value, 'RL78');
          state.rl78Value = 0n;
          return true;
        default:
          return false;
      }
    default:
      return false;
  }
}
