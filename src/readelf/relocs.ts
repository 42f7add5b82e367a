import { DT, DT_IA_64, EM, ELFOSABI, SHT, STT } from '../elf/constants.js';
import type { Filedata } from './filedata.js';
import { printSymbol } from './print-symbol.js';
import { altHex, hex, u64 } from './printf.js';
import * as names from './reloc-names-data.js';
import { SHN_INTERNAL } from './symbol-names.js';
import { recordedVersionTags, SymbolVersions } from './symbol-versions.js';
import { loadSymtab, type UnwindSymbols } from './unwind/symbols.js';
import { U64_MAX } from '../elf/types.js';
import { dynamicStrings, dynamicSymbols } from './dynamic-symbols.js';
import { usesMsp430x } from './reloc-apply.js';
import { symbolValue } from '../elf/symbol-columns.js';

const I64_MIN = 1n << 63n;

type RelType = 'rel' | 'rela' | 'relr';

/** GNU's e_machine cases in dump_relocations and the table each uses (lookup maps are built on first use). */
const TABLES = new Map<number, names.RelocNameTable>([
  [EM.X86_64, names.X86_64_RELOCS],
  [180, names.X86_64_RELOCS], // EM_L1OM
  [181, names.X86_64_RELOCS], // EM_K1OM
  [EM.I386, names.I386_RELOCS],
  [6, names.I386_RELOCS], // EM_IAMCU
  [EM.ARM, names.ARM_RELOCS],
  [EM.AARCH64, names.AARCH64_RELOCS],
  [EM.MIPS, names.MIPS_RELOCS],
  [EM.MIPS_RS3_LE, names.MIPS_RELOCS],
  [EM.PPC64, names.PPC64_RELOCS],
  [EM.PPC, names.PPC_RELOCS],
  [EM.RISCV, names.RISCV_RELOCS],
  [EM.S390, names.S390_RELOCS],
  [EM.S390_OLD, names.S390_RELOCS],
  [EM.LOONGARCH, names.LOONGARCH_RELOCS],
  [EM.SPARC, names.SPARC_RELOCS],
  [18, names.SPARC_RELOCS], // EM_SPARC32PLUS
  [EM.SPARCV9, names.SPARC_RELOCS],
  [11, names.SPARC_RELOCS], // EM_OLD_SPARCV9
  [EM.PARISC, names.PARISC_RELOCS],
  [EM.IA_64, names.IA_64_RELOCS],
  [EM.TI_C6000, names.TI_C6000_RELOCS],
  [4, names.M68K_RELOCS], // EM_68K
  [EM.SH, names.SH_RELOCS],
  [89, names.MN10300_RELOCS], // EM_MN10300
  [0xbeef, names.MN10300_RELOCS], // EM_CYGNUS_MN10300
  [197, names.RL78_RELOCS], // EM_RL78
  [105, names.MSP430X_RELOCS], // EM_MSP430 with MSP430X relocations (dumpRelocations picks)
  [0x1059, names.MSP430_RELOCS], // EM_MSP430_OLD
]);
const maps = new Map<names.RelocNameTable, Map<number, string>>();

/** elf_<machine>_reloc_type: the name of relocation `type`, or null (GNU's "unrecognized"). */
export function relocTypeName(machine: number, type: number): string | null {
  const table = TABLES.get(machine);
  if (table === undefined) return null;
  let map = maps.get(table);
  if (map === undefined) {
    map = new Map(table);
    maps.set(table, map);
  }
  return map.get(type) ?? null;
}

/** `%lx` of a 64-bit value. */
const lx = (v: bigint): string => v.toString(16);
/** `%-W.Ps` */
const padCut = (s: string, w: number, p: number): string => (s.length > p ? s.slice(0, p) : s).padEnd(w);
/** `unrecognized: %-7lx` */
const unrecognized = (type: number): string => 'unrecognized: ' + type.toString(16).padEnd(7);

/**
 * process_relocs (readelf.c, binutils 2.40) without -D: every SHT_REL,
 * SHT_RELA and SHT_RELR section with a size, through dump_relocations; when
 * there is none, GNU's hint about --use-dynamic or "no relocations".
 */
export function processRelocs(fd: Filedata): boolean {
  if (!fd.opts.relocs) return true;
  if (fd.opts.useDynamic) return processDynamicRelocs(fd);
  const sections = fd.sections;
  let found = false;
  const n = sections === null ? 0 : Math.min(fd.shnum, sections.count);
  for (let i = 0; i < n; i++) {
    const type = sections!.type(i);
    if (type !== SHT.RELA && type !== SHT.REL && type !== SHT.RELR) continue;
    const sec = sections!.at(i);
    if (sec.size === 0n) continue;
    const entsize = fd.entsize(sec);
    const head = fd.stringTable === null ? String(sec.name) : `'${fd.printableSectionNameAt(sec.name)}'`;
    // GNU divides by sh_entsize here; with 0 it dies of SIGFPE, which cannot be mirrored.
    const num = entsize === 0n ? 0n : sec.size / entsize;
    fd.sink.out(`\nRelocation section ${head} at offset ${altHex(sec.offset)} contains ${num} ${num === 1n ? 'entry' : 'entries'}:\n`);
    const relType: RelType = type === SHT.RELA ? 'rela' : type === SHT.REL ? 'rel' : 'relr';
    if (sec.link !== 0 && sec.link < fd.shnum) {
      const symsec = sections!.at(sec.link);
      if (symsec.type !== SHT.SYMTAB && symsec.type !== SHT.DYNSYM) continue;
      const syms = loadSymtab(fd, symsec);
      if (syms === null) continue;
      dumpRelocations(fd, sec.offset, sec.size, syms, relType, symsec.type === SHT.DYNSYM);
    } else {
      dumpRelocations(fd, sec.offset, sec.size, null, relType, false);
    }
    found = true;
  }
  if (!found) {
    const info = fd.recordedDynamicInfo();
    const dynamic = [DT.RELSZ, DT.RELASZ, DT.RELRSZ, DT.PLTRELSZ].some((t) => (info.get(t) ?? 0n) !== 0n);
    fd.sink.out(
      dynamic
        ? '\nThere are no static relocations in this file.\nTo see the dynamic relocations add --use-dynamic to the command line.\n'
        : '\nThere are no relocations in this file.\n',
    );
  }
  return true;
}

export /** process_relocs' dynamic_relocations table: each kind's address and size tags. */
const DYNAMIC_RELOCATIONS: readonly { name: string; reloc: bigint; size: bigint; type: RelType | null }[] = [
  { name: 'REL', reloc: DT.REL, size: DT.RELSZ, type: 'rel' },
  { name: 'RELA', reloc: DT.RELA, size: DT.RELASZ, type: 'rela' },
  { name: 'RELR', reloc: DT.RELR, size: DT.RELRSZ, type: 'relr' },
  { name: 'PLT', reloc: DT.JMPREL, size: DT.PLTRELSZ, type: null },
];

/** guess_is_rela's machines that use REL (false) and RELA (true); any other warns and is REL. */
const REL_MACHINES = new Set([3, 6, 8, 10, 19, 40, 85, 115, 135, 247, 250, 23205, 30288, 36929]);
const RELA_MACHINES = new Set([
  2, 4, 7, 18, 20, 21, 22, 23, 36, 39, 42, 43, 45, 46, 47, 48, 50, 62, 75, 76, 80, 83, 84, 86, 87, 88, 89, 90, 92, 93,
  94, 101, 105, 106, 113, 114, 120, 138, 140, 144, 167, 173, 174, 177, 180, 181, 183, 188, 189, 191, 195, 197, 221, 222,
  223, 243, 252, 4183, 4185, 4643, 9520, 13104, 16727, 21569, 30326, 33303, 36902, 36992, 41872, 43975, 44357, 47787,
  48879, 57005, 61453, 65200, 65210, 65211,
]);

/** guess_is_rela (readelf.c, binutils 2.40). */
function guessIsRela(fd: Filedata): boolean {
  const machine = fd.header.machine;
  if (RELA_MACHINES.has(machine)) return true;
  if (!REL_MACHINES.has(machine)) fd.diag.warn("Don't know about relocations on this machine architecture");
  return false;
}

/**
 * process_relocs with -D: the relocations the dynamic section's tags
 * locate (DT_REL, DT_RELA, DT_RELR, DT_JMPREL), against the dynamic symbols.
 */
function processDynamicRelocs(fd: Filedata): boolean {
  const info = fd.recordedDynamicInfo();
  let hasDynamicReloc = false;
  let syms: UnwindSymbols | null | undefined;
  for (const kind of DYNAMIC_RELOCATIONS) {
    const relSize = info.get(kind.size) ?? 0n;
    const relOffset = info.get(kind.reloc) ?? 0n;
    if (relSize === 0n) continue;
    hasDynamicReloc = true;
    let type = kind.type;
    if (type === null) {
      const pltrel = info.get(DT.PLTREL) ?? 0n;
      type = pltrel === DT.REL ? 'rel' : pltrel === DT.RELA ? 'rela' : null;
    }
    fd.sink.out(`\n'${kind.name}' relocation section at offset ${altHex(relOffset)} contains ${BigInt.asIntN(64, relSize)} bytes:\n`);
    syms ??= dynamicUnwindSymbols(fd);
    dumpRelocations(fd, fd.offsetFromVma(relOffset, relSize), relSize, syms, type ?? (guessIsRela(fd) ? 'rela' : 'rel'), true);
  }
  if (fd.header.machine === EM.IA_64 && fd.header.ident.osabi === ELFOSABI.OPENVMS && processIa64VmsDynamicRelocs(fd)) {
    hasDynamicReloc = true;
  }
  if (!hasDynamicReloc) fd.sink.out('\nThere are no dynamic relocations in this file.\n');
  return true;
}

/** The OpenVMS dynamic tags this phase reads, as the bigints dynamic entries carry. */
const VMS = {
  NEEDED_IDENT: BigInt(DT_IA_64.VMS_NEEDED_IDENT),
  IMG_RELA_CNT: BigInt(DT_IA_64.VMS_IMG_RELA_CNT),
  FIXUP_RELA_CNT: BigInt(DT_IA_64.VMS_FIXUP_RELA_CNT),
  FIXUP_NEEDED: BigInt(DT_IA_64.VMS_FIXUP_NEEDED),
  STRTAB_OFFSET: BigInt(DT_IA_64.VMS_STRTAB_OFFSET),
  IMG_RELA_OFF: BigInt(DT_IA_64.VMS_IMG_RELA_OFF),
  FIXUP_RELA_OFF: BigInt(DT_IA_64.VMS_FIXUP_RELA_OFF),
};

/** process_ia64_vms_dynamic_relocs: OpenVMS image fixups and relocations, in dynamic-entry order. */
function processIa64VmsDynamicRelocs(fd: Filedata): boolean {
  const dyn = fd.dynamicSection;
  if (dyn === null) return true;
  let strtabOff = 0n;
  let strtab: Buffer | null = null;
  let strtabSize = 0n;
  const fixup = { neededIdent: 0n, needed: 0n, fixupNeeded: 0n, count: 0n };
  let imgCount = 0n;
  let res = true;
  for (let i = 0; i < dyn.count; i++) {
    const { tag, value } = dyn.at(i);
    switch (tag) {
      case VMS.STRTAB_OFFSET:
        strtabOff = value;
        break;
      case DT.STRSZ:
        strtabSize = value;
        strtab ??= fd.getData(u64(fd.dynamicAddr + strtabOff), 1n, strtabSize, 'dynamic string section');
        if (strtab === null) strtabSize = 0n;
        break;
      case VMS.NEEDED_IDENT:
        fixup.neededIdent = value;
        break;
      case DT.NEEDED:
        fixup.needed = value;
        break;
      case VMS.FIXUP_NEEDED:
        fixup.fixupNeeded = value;
        break;
      case VMS.FIXUP_RELA_CNT:
        fixup.count = value;
        break;
      case VMS.FIXUP_RELA_OFF:
        if (!dumpVmsFixups(fd, fixup, value, strtab, strtabSize)) res = false;
        break;
      case VMS.IMG_RELA_CNT:
        imgCount = value;
        break;
      case VMS.IMG_RELA_OFF:
        if (!dumpVmsRelocs(fd, imgCount, value)) res = false;
        break;
    }
  }
  return res;
}

/** The IA-64 name of a VMS fixup or relocation type, `%-Ns`, or its number. */
function vmsType(type: number, width: number): string {
  const name = relocTypeName(EM.IA_64, type);
  return name === null ? `0x${hexMin(BigInt(type), 8)}${' '.repeat(width - 9)}` : name.padEnd(width) + ' ';
}

function dumpVmsFixups(
  fd: Filedata,
  fixup: { neededIdent: bigint; needed: bigint; fixupNeeded: bigint; count: bigint },
  offset: bigint,
  strtab: Buffer | null,
  strtabSize: bigint,
): boolean {
  const imfs = fd.getData(u64(fd.dynamicAddr + offset), 32n, fixup.count, 'dynamic section image fixups');
  if (imfs === null) return false;
  let libName: string;
  if (fixup.needed < strtabSize && strtab !== null) {
    const at = Number(fixup.needed);
    const end = strtab.indexOf(0, at);
    libName = strtab.toString('latin1', at, end < 0 ? strtab.length : end);
  } else {
    // GNU's message has no newline: what follows continues its line.
    fd.sink.err(`readelf: Warning: corrupt library name index of ${altHex(fixup.needed)} found in dynamic entry`);
    libName = '???';
  }
  const d = fd.reader.decoder;
  let text = `\nImage fixups for needed library #${BigInt.asIntN(64, fixup.fixupNeeded)}: ${libName} - ident: ${lx(fixup.neededIdent)}\n`;
  text += 'Seg Offset           Type                             SymVec DataType\n';
  for (let i = 0; i < Number(fixup.count); i++) {
    const o = i * 32;
    text += String(d.u32(imfs, o + 12)).padStart(3) + ' ' + hexMin(d.u64(imfs, o), 16) + ' ';
    text += vmsType(d.u32(imfs, o + 8), 32);
    text += String(d.u32(imfs, o + 24)).padStart(6) + ' ' + `0x${hexMin(BigInt(d.u32(imfs, o + 28)), 8)}\n`;
  }
  fd.sink.out(text);
  return true;
}

function dumpVmsRelocs(fd: Filedata, count: bigint, offset: bigint): boolean {
  const imrs = fd.getData(u64(fd.dynamicAddr + offset), 40n, count, 'dynamic section image relocations');
  if (imrs === null) return false;
  const d = fd.reader.decoder;
  let text = '\nImage relocs\n';
  text += 'Seg Offset   Type                            Addend            Seg Sym Off\n';
  for (let i = 0; i < Number(count); i++) {
    const o = i * 40;
    text += String(d.u32(imrs, o + 12)).padStart(3) + ' ' + hexMin(d.u64(imrs, o), 8) + ' ';
    text += vmsType(d.u32(imrs, o + 8), 31);
    text += `0x${hexMin(d.u64(imrs, o + 16), fd.is32 ? 8 : 16)}`;
    text += String(d.u32(imrs, o + 32)).padStart(3) + ' ' + hexMin(d.u64(imrs, o + 24), 8) + '\n';
  }
  fd.sink.out(text);
  return true;
}

/** The dynamic symbols and strings in the shape dump_relocations reads (null: GNU's dynamic_symbols is NULL). */
function dynamicUnwindSymbols(fd: Filedata): UnwindSymbols | null {
  const loaded = dynamicSymbols(fd);
  const strtab = dynamicStrings(fd);
  const count = loaded === null ? 0 : loaded.cols.count;
  const value = new Array<bigint>(count);
  for (let j = 0; j < count; j++) value[j] = symbolValue(loaded!.cols, j);
  return {
    count,
    value,
    info: loaded?.cols.info ?? new Uint8Array(0),
    shndx: loaded?.shndx ?? new Uint32Array(0),
    name: loaded?.cols.name ?? new Uint32Array(0),
    strtab,
    strtabSize: strtab === null ? 0n : fd.dynamicStringsLength,
  };
}

export interface Reloc {
  offset: bigint;
  info: bigint;
  addend: bigint;
}

/** slurp_rela_relocs / slurp_rel_relocs: null after GNU's message when the data cannot be read. */
export function slurpRelocs(fd: Filedata, offset: bigint, size: bigint, rela: boolean): Reloc[] | null {
  const is32 = fd.is32;
  const bytes = fd.getData(offset, 1n, size, is32 ? '32-bit relocation data' : '64-bit relocation data');
  if (bytes === null) return null;
  const d = fd.reader.decoder;
  const word = is32 ? 4 : 8;
  const ent = word * (rela ? 3 : 2);
  const count = Math.floor(Number(size) / ent);
  const mipsLe = !is32 && fd.header.machine === EM.MIPS && !d.bigEndian;
  const out: Reloc[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * ent;
    const r = is32 ? BigInt(d.u32(bytes, o)) : d.u64(bytes, o);
    let inf = is32 ? BigInt(d.u32(bytes, o + 4)) : d.u64(bytes, o + 8);
    let addend = 0n;
    if (rela) addend = is32 ? BigInt.asIntN(32, BigInt(d.u32(bytes, o + 8))) : BigInt.asIntN(64, d.u64(bytes, o + 16));
    if (mipsLe) {
      inf =
        ((inf & 0xffffffffn) << 32n) |
        ((inf >> 56n) & 0xffn) |
        ((inf >> 40n) & 0xff00n) |
        ((inf >> 24n) & 0xff0000n) |
        ((inf >> 8n) & 0xff000000n);
    }
    out[i] = { offset: r, info: inf, addend };
  }
  return out;
}

/** slurp_relr_relocs: the addresses an SHT_RELR section relocates. */
function slurpRelr(fd: Filedata, offset: bigint, size: bigint): bigint[] | null {
  const bytes = fd.getData(offset, 1n, size, 'RELR relocation data');
  if (bytes === null) return null;
  const d = fd.reader.decoder;
  const is32 = fd.is32;
  const entryBytes = is32 ? 4n : 8n;
  const nentries = Math.floor(Number(size) / (is32 ? 4 : 8));
  const out: bigint[] = [];
  let base = 0n;
  for (let i = 0; i < nentries; i++) {
    let entry = is32 ? BigInt(d.u32(bytes, i * 4)) : d.u64(bytes, i * 8);
    if ((entry & 1n) === 0n) {
      out.push(entry);
      base = (entry + entryBytes) & U64_MAX;
    } else {
      let addr = base;
      while ((entry >>= 1n) !== 0n) {
        if ((entry & 1n) !== 0n) out.push(addr);
        addr = (addr + entryBytes) & U64_MAX;
      }
      base = (base + entryBytes * (entryBytes * 8n - 1n)) & U64_MAX;
    }
  }
  return out;
}

const HEADERS = {
  rela32: [' Offset     Info    Type            Sym.Value  Sym. Name + Addend\n', " Offset     Info    Type                Sym. Value  Symbol's Name + Addend\n"],
  rel32: [' Offset     Info    Type            Sym.Value  Sym. Name\n', " Offset     Info    Type                Sym. Value  Symbol's Name\n"],
  rela64: [
    '  Offset          Info           Type           Sym. Value    Sym. Name + Addend\n',
    "    Offset             Info             Type               Symbol's Value  Symbol's Name + Addend\n",
  ],
  rel64: [
    '  Offset          Info           Type           Sym. Value    Sym. Name\n',
    "    Offset             Info             Type               Symbol's Value  Symbol's Name\n",
  ],
} as const;

/** `%x` of a hex value at least `min` digits wide (`%N.Nlx`). */
const hexMin = (v: bigint, min: number): string => v.toString(16).padStart(min, '0');

/** The name a symbol-less section symbol prints in a relocation (dump_relocations' sec_name). */
function relocSectionName(fd: Filedata, shndx: number): string {
  const machine = fd.header.machine;
  if (shndx < fd.shnum && fd.sections !== null) return fd.sectionNamePrint(fd.sections.at(shndx));
  if (shndx === SHN_INTERNAL.ABS) return 'ABS';
  if (shndx === SHN_INTERNAL.COMMON) return 'COMMON';
  if (
    (machine === EM.MIPS && shndx === SHN_INTERNAL.MIPS_SCOMMON) ||
    (machine === EM.TI_C6000 && shndx === SHN_INTERNAL.TIC6X_SCOMMON)
  )
    return 'SCOMMON';
  if (machine === EM.MIPS && shndx === SHN_INTERNAL.MIPS_SUNDEFINED) return 'SUNDEF';
  if ((machine === EM.X86_64 || machine === EM.L1OM || machine === EM.K1OM) && shndx === SHN_INTERNAL.X86_64_LCOMMON)
    return 'LARGE_COMMON';
  if (machine === EM.IA_64 && fd.header.ident.osabi === ELFOSABI.HPUX && shndx === SHN_INTERNAL.IA_64_ANSI_COMMON)
    return 'ANSI_COM';
  return `<section 0x${(shndx >>> 0).toString(16)}>`;
}

/** dump_relocations: one relocation section's entries. */
function dumpRelocations(
  fd: Filedata,
  offset: bigint,
  size: bigint,
  syms: UnwindSymbols | null,
  relType: RelType,
  isDynsym: boolean,
): boolean {
  const sink = fd.sink;
  const is32 = fd.is32;
  const wide = fd.opts.wide;
  if (relType === 'relr') {
    const relrs = slurpRelr(fd, offset, size);
    if (relrs === null) return false;
    let text = `  ${relrs.length} ${relrs.length === 1 ? 'offset' : 'offsets'}\n`;
    for (const r of relrs) text += hexMin(r, is32 ? 8 : 16) + '\n';
    sink.out(text);
    return true;
  }
  const rela = relType === 'rela';
  const rels = slurpRelocs(fd, offset, size, rela);
  if (rels === null) return false;
  sink.out(HEADERS[`${relType}${is32 ? '32' : '64'}`][wide ? 1 : 0]);
  // EM_MSP430 without MSP430X relocations is named as EM_MSP430_OLD is.
  const machine = fd.header.machine === 105 && !usesMsp430x(fd) ? 0x1059 : fd.header.machine;
  const strtab = syms?.strtab ?? null;
  const strtabLen = syms?.strtabSize ?? 0n;
  const strText = strtab === null ? null : strtab.toString('latin1');
  const versions =
    isDynsym && syms !== null ? new SymbolVersions(fd, recordedVersionTags(fd), strText, syms.count) : null;
  let res = true;
  for (const r of rels) {
    const inf = r.info;
    let type: number;
    let symIndex: bigint;
    let line: string;
    if (is32) {
      type = Number(inf & 0xffn);
      symIndex = (inf & 0xffffffffn) >> 8n;
      line = hexMin(r.offset & 0xffffffffn, 8) + '  ' + hexMin(inf & 0xffffffffn, 8) + ' ';
    } else {
      type = machine === EM.MIPS || machine === EM.SPARCV9 ? Number(inf & 0xffn) : Number(inf & 0xffffffffn);
      symIndex = inf >> 32n;
      line = hexMin(r.offset, wide ? 16 : 12) + '  ' + hexMin(inf, wide ? 16 : 12) + ' ';
    }
    const rtype = relocTypeName(machine, type);
    line += rtype === null ? unrecognized(type) : wide ? rtype.padEnd(22) : padCut(rtype, 17, 17);
    if (symIndex !== 0n) {
      if (syms === null || symIndex >= BigInt(syms.count)) {
        sink.out(line);
        line = '';
        fd.diag.error(` bad symbol index: ${hex(Number(symIndex & 0xffffffffn), 8)} in reloc`);
        res = false;
      } else {
        const si = Number(symIndex);
        const stName = syms.name[si]!;
        const shndx = syms.shndx[si]!;
        const stType = syms.info[si]! & 0xf;
        let version: string | null = null;
        if (versions !== null) {
          sink.out(line);
          line = '';
          version = versions.lookup(si, shndx, stName, false);
        }
        line += ' ';
        if (stType === STT.GNU_IFUNC) {
          const width = is32 ? 8 : 14;
          const name =
            strText === null || stName === 0 || BigInt(stName) >= strtabLen ? '??' : cStr(strText, stName);
          const printed = printSymbol(width, name, wide);
          line += printed;
          if (version !== null) line += version;
          const len = printed.length;
          line += '()' + ' '.padEnd(len <= width ? width + 1 - len : 1);
        } else {
          line += is32 ? hexMin(syms.value[si]! & 0xffffffffn, 8) + '   ' : hexMin(syms.value[si]!, 16) + ' ';
        }
        if (stName === 0) {
          const secName = stType === STT.SECTION ? relocSectionName(fd, shndx) : '<null>';
          line += printSymbol(22, secName, wide);
        } else if (strText === null) {
          line += `<string table index: ${String(stName).padStart(3)}>`;
        } else if (BigInt(stName) >= strtabLen) {
          sink.out(line);
          line = '';
          fd.diag.error(`<corrupt string table index: ${String(stName).padStart(3)}>`);
          res = false;
        } else {
          line += printSymbol(22, cStr(strText, stName), wide);
          if (version !== null) line += version;
        }
        if (rela) {
          const off = r.addend & U64_MAX;
          line += off >= I64_MIN ? ` - ${lx((-r.addend) & U64_MAX)}` : ` + ${lx(off)}`;
        }
      }
    } else if (rela) {
      const off = r.addend & U64_MAX;
      line += ' '.repeat(is32 ? 12 : 20) + (off >= I64_MIN ? `-${lx((-r.addend) & U64_MAX)}` : lx(off));
    }
    if (machine === EM.SPARCV9 && rtype === 'R_SPARC_OLO10') {
      const data = BigInt.asIntN(64, BigInt((((Number((inf >> 8n) & 0xffffffn) ^ 0x800000) - 0x800000) | 0)));
      line += ` + ${lx(data & U64_MAX)}`;
    }
    line += '\n';
    if (!is32 && machine === EM.MIPS) {
      const type2 = Number((inf >> 8n) & 0xffn);
      const type3 = Number((inf >> 16n) & 0xffn);
      const r2 = relocTypeName(machine, type2);
      const r3 = relocTypeName(machine, type3);
      line += '                    Type2: ' + (r2 === null ? unrecognized(type2) : padCut(r2, 17, 17));
      line += '\n                    Type3: ' + (r3 === null ? unrecognized(type3) : padCut(r3, 17, 17)) + '\n';
    }
    sink.out(line);
  }
  return res;
}

/** A C string at `at` of a latin1 table. */
function cStr(table: string, at: number): string {
  const end = table.indexOf('\0', at);
  return table.slice(at, end < 0 ? table.length : end);
}
