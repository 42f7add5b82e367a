import { EM, ET, SHT } from '../elf/constants.js';
import { symbolValue } from '../elf/symbol-columns.js';
import type { Filedata } from './filedata.js';
import { altHex } from './printf.js';
import { RELOC_KINDS } from './reloc-kinds-data.js';
import { slurpRelocs } from './relocs.js';
import { symbolTypeName } from './symbol-names.js';
import { getElfSymbols } from './symbol-table.js';

type Kind = keyof typeof RELOC_KINDS;

const U64 = (1n << 64n) - 1n;
const STT_SECTION = 3;
const STT_COMMON = 5;
/** Machines whose partial-inplace RELA relocation of type `t` also adds the field's value. */
const EM_XTENSA = 94;
const EM_XTENSA_OLD = 0xabc7;
const EM_PJ = 91;
const EM_PJ_OLD = 99;
const EM_D30V = 86;
const EM_CYGNUS_D30V = 0x7676;
const EM_MSP430 = 105;

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
function usesMsp430x(fd: Filedata): boolean {
  return fd.header.machine === EM_MSP430 && ((fd.header.flags & 0xff) === 45 || fd.header.ident.osabi === 0);
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
  if (fd.header.machine === EM_MSP430) return type === (usesMsp430x(fd) ? 2 : 5);
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
  let v = value & U64;
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
      // target_specific_reloc_handling's MSP430, MN10300 and RL78 rules are not
      // ported (docs/readelf.md): no sample or corpus file has those machines.
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
      if (si !== 0 && stType !== STT_COMMON && stType > STT_SECTION) {
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
        ((machine === EM_XTENSA || machine === EM_XTENSA_OLD) && relType === 1) ||
        ((machine === EM_PJ || machine === EM_PJ_OLD) && relType === 1) ||
        ((machine === EM_D30V || machine === EM_CYGNUS_D30V) && relType === 12) ||
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
    break;
  }
  return true;
}
