import { DT, DT_MIPS, EM, SHT } from '../elf/constants.js';
import { U64_MAX } from '../elf/types.js';
import { displayGenericAttribute, displayPublicGnuAttributes, processAttributes } from './arch-attributes.js';
import {
  displayArcAttribute,
  displayArmAttribute,
  displayCskyAttribute,
  displayMipsGnuAttribute,
  displayPowerGnuAttribute,
  displayRiscvAttribute,
  displayM68kGnuAttribute,
  displayMsp430Attribute,
  displayMsp430GnuAttribute,
  displayS390GnuAttribute,
  displaySparcGnuAttribute,
  displayTic6xAttribute,
  mipsFpAbiText,
} from './arch-attribute-names.js';
import { dynamicSymbols } from './dynamic-symbols.js';
import type { Filedata } from './filedata.js';
import { printSymbol } from './print-symbol.js';
import { hex, padEnd, padStart, padTrunc } from './printf.js';
import { slurpRelocs } from './relocs.js';
import { symbolIndexName, symbolTypeName } from './symbol-names.js';
import type { LoadedSymbols } from './symbol-table.js';
import type { SymbolTableColumns } from '../elf/symbol-columns.js';


/**
 * process_arch_specific (readelf.c l.22121) for -A: the build attribute
 * sections of every machine (each machine's display as readelf.c has it),
 * NDS32's flags and MIPS's own tables. Returns false where GNU's does.
 */
export function processArchSpecific(fd: Filedata): boolean {
  if (!fd.opts.arch) return true;
  switch (fd.header.machine) {
    case EM.ARM:
      return processAttributes(fd, 'aeabi', SHT.ARM_ATTRIBUTES, displayArmAttribute, displayGenericAttribute);
    case EM.MIPS:
    case EM.MIPS_RS3_LE:
      return processMipsSpecific(fd);
    case EM.RISCV:
      return processAttributes(fd, 'riscv', SHT.RISCV_ATTRIBUTES, displayRiscvAttribute, displayGenericAttribute);
    case EM.PPC:
    case EM.PPC64:
      return processAttributes(fd, null, SHT.GNU_ATTRIBUTES, null, displayPowerGnuAttribute);
    case EM.S390:
    case EM.S390_OLD:
      return processAttributes(fd, null, SHT.GNU_ATTRIBUTES, null, displayS390GnuAttribute);
    case EM.MSP430:
      return processAttributes(fd, 'mspabi', SHT.MSP430_ATTRIBUTES, displayMsp430Attribute, displayMsp430GnuAttribute);
    case EM.ARC:
    case EM.ARC_COMPACT:
    case EM.ARC_COMPACT2:
      return processAttributes(fd, 'ARC', SHT.ARC_ATTRIBUTES, displayArcAttribute, displayGenericAttribute);
    case EM.NDS32:
      return processNds32Specific(fd);
    case EM.TI_C6000:
      return processAttributes(fd, 'c6xabi', SHT.C6000_ATTRIBUTES, displayTic6xAttribute, displayGenericAttribute);
    case EM.CSKY:
      return processAttributes(fd, 'csky', SHT.CSKY_ATTRIBUTES, displayCskyAttribute, null);
    case EM.M68K:
      return processAttributes(fd, null, SHT.GNU_ATTRIBUTES, null, displayM68kGnuAttribute);
    case EM.SPARC:
    case EM.SPARC32PLUS:
    case EM.SPARCV9:
      return processAttributes(fd, null, SHT.GNU_ATTRIBUTES, null, displaySparcGnuAttribute);
    default:
      return processAttributes(fd, 'gnu', SHT.GNU_ATTRIBUTES, displayPublicGnuAttributes, displayGenericAttribute);
  }
}

/**
 * process_gnu_liblist (readelf.c l.19345), the -A phase before
 * process_arch_specific: every SHT_GNU_LIBLIST section (prelink's list of
 * the libraries a file was prelinked against). Returns false where GNU's does.
 */
export function processGnuLiblist(fd: Filedata): boolean {
  const sections = fd.sections;
  if (!fd.opts.arch || sections === null) return true;
  let res = true;
  const n = Math.min(fd.shnum, sections.count);
  for (let i = 0; i < n; i++) {
    if (sections.type(i) !== SHT.GNU_LIBLIST) continue;
    const sec = sections.at(i);
    if (sec.link >= fd.shnum) continue;
    const elib = fd.getData(sec.offset, 1n, sec.size, 'liblist section data');
    if (elib === null) {
      res = false;
      continue;
    }
    const strsec = sections.at(sec.link);
    const strtab = fd.getData(strsec.offset, 1n, strsec.size, 'liblist string table');
    if (strtab === null || sec.entsize !== 20n) {
      res = false;
      continue;
    }
    const count = sec.size / 20n;
    let out = `\nLibrary list section '${fd.printableSectionNameAt(sec.name)}' contains ${count} entries:\n`;
    out += '     Library              Time Stamp          Checksum   Version Flags\n';
    const d = fd.reader.decoder;
    const text = strtab.toString('latin1');
    for (let j = 0; j < Number(count); j++) {
      const o = 20 * j;
      const nameOff = d.u32(elib, o);
      let name = '<corrupt>';
      if (nameOff < strtab.length) {
        const end = text.indexOf('\0', nameOff);
        name = text.slice(nameOff, end < 0 ? text.length : end);
      }
      const checksum = d.u32(elib, o + 8);
      out += `${padStart(String(j), 3)}: ${fd.opts.wide ? padEnd(name, 20) : padTrunc(name, 20, 20)}`;
      out += ` ${isoTime(d.u32(elib, o + 4))} ${checksum === 0 ? '0000000000' : `0x${hex(checksum, 8)}`}`;
      out += ` ${padEnd(String(d.u32(elib, o + 12)), 7)} ${padEnd(String(d.u32(elib, o + 16)), 7)}\n`;
    }
    fd.sink.out(out);
  }
  return res;
}

/** process_nds32_specific: the vector size in the first word of `.nds32_e_flags`. */
function processNds32Specific(fd: Filedata): boolean {
  const sect = fd.findSection('.nds32_e_flags');
  if (sect === undefined || sect.size < 4n) return true;
  fd.sink.out('\nNDS32 elf flags section:\n');
  const buf = fd.getData(sect.offset, 1n, 4n, 'NDS32 elf flags section');
  if (buf === null) return false;
  const size = ['No entry.', '4 bytes', '16 bytes', 'reserved'][fd.reader.decoder.u32(buf, 0) & 3];
  fd.sink.out(`(VEC_SIZE):\t${size}\n`);
  return true;
}

/** The DT_MIPS_* tags process_mips_specific reads, as d_tag values. */
const DT_MIPS_CONFLICT = BigInt(DT_MIPS.CONFLICT);
const DT_MIPS_LIBLIST = BigInt(DT_MIPS.LIBLIST);
const DT_MIPS_LOCAL_GOTNO = BigInt(DT_MIPS.LOCAL_GOTNO);
const DT_MIPS_CONFLICTNO = BigInt(DT_MIPS.CONFLICTNO);
const DT_MIPS_LIBLISTNO = BigInt(DT_MIPS.LIBLISTNO);
const DT_MIPS_SYMTABNO = BigInt(DT_MIPS.SYMTABNO);
const DT_MIPS_GOTSYM = BigInt(DT_MIPS.GOTSYM);
const DT_MIPS_OPTIONS = BigInt(DT_MIPS.OPTIONS);
const DT_MIPS_PLTGOT = BigInt(DT_MIPS.PLTGOT);

/** print_mips_ases' names by AFL_ASE_* bit, in GNU's order. */
const MIPS_ASES: readonly (readonly [number, string])[] = [
  [0x1, 'DSP ASE'],
  [0x2, 'DSP R2 ASE'],
  [0x2000, 'DSP R3 ASE'],
  [0x4, 'Enhanced VA Scheme'],
  [0x8, 'MCU (MicroController) ASE'],
  [0x10, 'MDMX ASE'],
  [0x20, 'MIPS-3D ASE'],
  [0x40, 'MT ASE'],
  [0x80, 'SmartMIPS ASE'],
  [0x100, 'VZ ASE'],
  [0x200, 'MSA ASE'],
  [0x400, 'MIPS16 ASE'],
  [0x800, 'MICROMIPS ASE'],
  [0x1000, 'XPA ASE'],
  [0x4000, 'MIPS16e2 ASE'],
  [0x8000, 'CRC ASE'],
  [0x20000, 'GINV ASE'],
  [0x40000, 'Loongson MMI ASE'],
  [0x80000, 'Loongson CAM ASE'],
  [0x100000, 'Loongson EXT ASE'],
  [0x200000, 'Loongson EXT2 ASE'],
];
const AFL_ASE_MASK = 0x003effff;

/** print_mips_isa_ext's names by AFL_EXT_*. */
const MIPS_ISA_EXT: ReadonlyMap<number, string> = new Map([
  [0, 'None'],
  [1, 'RMI XLR'],
  [19, 'Cavium Networks Octeon3'],
  [2, 'Cavium Networks Octeon2'],
  [3, 'Cavium Networks OcteonP'],
  [5, 'Cavium Networks Octeon'],
  [6, 'Toshiba R5900'],
  [7, 'MIPS R4650'],
  [8, 'LSI R4010'],
  [9, 'NEC VR4100'],
  [10, 'Toshiba R3900'],
  [11, 'MIPS R10000'],
  [12, 'Broadcom SB-1'],
  [13, 'NEC VR4111/VR4181'],
  [14, 'NEC VR4120'],
  [15, 'NEC VR5400'],
  [16, 'NEC VR5500'],
  [17, 'ST Microelectronics Loongson 2E'],
  [18, 'ST Microelectronics Loongson 2F'],
  [20, 'Imagination interAptiv MR2'],
]);

/** get_mips_reg_size. */
const mipsRegSize = (v: number) => [0, 32, 64, 128][v] ?? -1;

/** The `.MIPS.abiflags` display. */
function mipsAbiFlags(fd: Filedata): boolean {
  const sect = fd.findSection('.MIPS.abiflags');
  if (sect === undefined) return true;
  if (sect.size !== 24n) {
    fd.diag.error('Corrupt MIPS ABI Flags section.');
    return false;
  }
  const b = fd.getData(sect.offset, 1n, sect.size, 'MIPS ABI Flags section');
  if (b === null) return true;
  const d = fd.reader.decoder;
  const isaRev = b[3]!;
  const ases = d.u32(b, 12);
  let out = `\nMIPS ABI Flags Version: ${d.u16(b, 0)}\n\nISA: MIPS${b[2]}`;
  if (isaRev > 1) out += `r${isaRev}`;
  out += `\nGPR size: ${mipsRegSize(b[4]!)}\nCPR1 size: ${mipsRegSize(b[5]!)}\nCPR2 size: ${mipsRegSize(b[6]!)}`;
  out += `\nFP ABI: ${mipsFpAbiText(b[7]!)}ISA Extension: `;
  const ext = d.u32(b, 8);
  out += MIPS_ISA_EXT.get(ext) ?? `Unknown (${ext | 0})`;
  out += '\nASEs:';
  for (const [bit, name] of MIPS_ASES) if ((ases & bit) !== 0) out += `\n\t${name}`;
  if (ases === 0) out += '\n\tNone';
  else if ((ases & ~AFL_ASE_MASK) !== 0) out += `\n\tUnknown (${((ases & ~AFL_ASE_MASK) >>> 0).toString(16)})`;
  out += `\nFLAGS 1: ${hex(d.u32(b, 16), 8)}\nFLAGS 2: ${hex(d.u32(b, 20), 8)}\n`;
  fd.sink.out(out);
  return true;
}

/** The GOT contents print_mips_got_entry reads: the bytes from the GOT's start, or null. */
interface GotData {
  readonly bytes: Buffer | null;
  readonly start: bigint;
}

/**
 * print_mips_got_entry: Address, Access and Initial of the entry at
 * `addr`; returns the next address, or -1n after GNU's warning when the
 * entry is past the data.
 */
function gotEntry(fd: Filedata, got: GotData, addr: bigint): bigint {
  const w = fd.is32 ? 4 : 8;
  let out = `  ${hex(addr, 2 * w)} `;
  out += addr < got.start + 0xfff0n ? `${padStart(String(Number(BigInt.asIntN(32, addr - got.start - 0x7ff0n))), 6)}(gp)` : ' '.repeat(10);
  out += ' ';
  if (got.bytes === null) {
    fd.sink.out(out + padStart('<unknown>', 2 * w));
    return addr + BigInt(w);
  }
  const from = addr - got.start;
  if (from + BigInt(w) > BigInt(got.bytes.length)) {
    fd.sink.out(out);
    fd.diag.warn('MIPS GOT entry extends beyond the end of available data');
    fd.sink.out(padStart('<corrupt>', 2 * w));
    return -1n;
  }
  fd.sink.out(out + hex(word(fd, got.bytes, Number(from)), 2 * w));
  return addr + BigInt(w);
}

/** byte_get of a target word. */
function word(fd: Filedata, b: Buffer, at: number): bigint {
  const d = fd.reader.decoder;
  return fd.is32 ? BigInt(d.u32(b, at)) : d.u64(b, at);
}

/** Whether the entry at `addr` is in the data and has its top bit set (a GNU module pointer). */
function msbSet(fd: Filedata, got: GotData, addr: bigint): boolean {
  const w = fd.is32 ? 4 : 8;
  if (got.bytes === null || addr - got.start + BigInt(w) > BigInt(got.bytes.length)) return false;
  return word(fd, got.bytes, Number(addr - got.start)) >> BigInt(8 * w - 1) !== 0n;
}

/** The `Static GOT` of a MIPS file without a dynamic section. */
function mipsStaticGot(fd: Filedata): void {
  const sect = fd.findSection('.got');
  if (sect === undefined) return;
  const w = fd.is32 ? 4 : 8;
  const start = sect.addr;
  const end = start + sect.size;
  const got: GotData = { bytes: fd.getData(sect.offset, sect.size, 1n, 'Global Offset Table data'), start };
  fd.sink.out(`\nStatic GOT:\n Canonical gp value: ${hex(start + 0x7ff0n, 2 * w)}\n\n`);
  const header = `  ${padStart('Address', 2 * w)} ${padStart('Access', 10)} ${padStart('Value', 2 * w)}\n`;
  let ent = start;
  if (got.bytes !== null && BigInt(w) <= BigInt(got.bytes.length) && word(fd, got.bytes, 0) === 0n) {
    fd.sink.out(' Reserved entries:\n' + header);
    ent = gotEntry(fd, got, ent);
    fd.sink.out('\n');
    if (ent === -1n) return;
    if (msbSet(fd, got, ent)) {
      ent = gotEntry(fd, got, ent);
      fd.sink.out('\n');
      if (ent === -1n) return;
    }
    fd.sink.out('\n');
  }
  if (got.bytes !== null && ent < end) {
    fd.sink.out(' Local entries:\n' + header);
    while (ent < end) {
      ent = gotEntry(fd, got, ent);
      fd.sink.out('\n');
      if (ent === -1n) return;
    }
    fd.sink.out('\n');
  }
}

/** ` VALUE TYPE    NDX NAME` of dynamic symbol `i`, as the GOT listings print it. */
function gotSymbolText(fd: Filedata, syms: LoadedSymbols, i: number, width: number): string {
  const { cols, shndx } = syms;
  const h = fd.header;
  const value = fd.is32 ? hex(cols.valueLow[i]!, 8) : hex(cols.valueHigh[i]!, 8) + hex(cols.valueLow[i]!, 8);
  const type = symbolTypeName(cols.info[i]! & 0xf, h.machine, h.ident.osabi);
  const ndx = symbolIndexName(shndx[i]!, { machine: h.machine, osabi: h.ident.osabi, type: h.type, shnum: fd.shnum });
  const stName = cols.name[i]!;
  const name = fd.dynamicName(BigInt(stName));
  const text = name !== null ? printSymbol(width, name, fd.opts.wide) : `<corrupt: ${padStart(String(stName), 14)}>`;
  return `${value} ${padEnd(type, 7)} ${padStart(ndx, 3)} ${text}`;
}

/** process_mips_specific (readelf.c l.18436). */
function processMipsSpecific(fd: Filedata): boolean {
  let res = processAttributes(fd, null, SHT.GNU_ATTRIBUTES, null, displayMipsGnuAttribute);
  if (!mipsAbiFlags(fd)) res = false;

  const dyn = fd.dynamicSection;
  if (dyn === null) {
    mipsStaticGot(fd);
    return res;
  }

  // The plain values, the last of each tag before DT_NULL; the three tables'
  // addresses are mapped as they come, with the counts seen so far (GNU's
  // order of offset_from_vma's warnings).
  const value = new Map<bigint, bigint>();
  let liblistOffset = 0n;
  let optionsOffset = 0n;
  let conflictsOffset = 0n;
  const count = (tag: bigint) => value.get(tag) ?? 0n;
  for (let i = 0; i < dyn.count; i++) {
    const e = dyn.at(i);
    if (e.tag === DT.NULL) break;
    if (e.tag === DT_MIPS_LIBLIST) liblistOffset = fd.offsetFromVma(e.value, count(DT_MIPS_LIBLISTNO) * 20n);
    else if (e.tag === DT_MIPS_OPTIONS) optionsOffset = fd.offsetFromVma(e.value, 0n);
    else if (e.tag === DT_MIPS_CONFLICT) conflictsOffset = fd.offsetFromVma(e.value, count(DT_MIPS_CONFLICTNO) * 4n);
    else value.set(e.tag, e.value);
  }
  const liblistno = count(DT_MIPS_LIBLISTNO);
  const conflictsno = count(DT_MIPS_CONFLICTNO);
  const pltgot = count(DT.PLTGOT);
  const localGotno = count(DT_MIPS_LOCAL_GOTNO);
  const gotsym = count(DT_MIPS_GOTSYM);
  const symtabno = count(DT_MIPS_SYMTABNO);
  const mipsPltgot = count(DT_MIPS_PLTGOT);
  const pltrel = count(DT.PLTREL);
  const pltrelsz = count(DT.PLTRELSZ);
  const jmprel = count(DT.JMPREL);

  if (liblistOffset !== 0n && liblistno !== 0n && fd.opts.dynamic && !mipsLiblist(fd, liblistOffset, liblistno)) res = false;
  if (optionsOffset !== 0n) {
    const r = mipsOptions(fd, optionsOffset);
    if (r === null) return false;
    if (!r) res = false;
  }
  if (conflictsOffset !== 0n && conflictsno !== 0n) {
    const ok = mipsConflicts(fd, conflictsOffset, conflictsno);
    if (!ok) return false;
  }
  if (pltgot !== 0n && localGotno !== 0n) {
    const r = mipsPrimaryGot(fd, pltgot, localGotno, gotsym, symtabno);
    if (r === false) return false;
  }
  if (mipsPltgot !== 0n && jmprel !== 0n && pltrel !== 0n && pltrelsz !== 0n) {
    if (!mipsPltGot(fd, mipsPltgot, jmprel, pltrel, pltrelsz)) return false;
  }
  return res;
}

/** LL_* flags of a liblist entry, in GNU's order. */
const LL_FLAGS: readonly (readonly [number, string])[] = [
  [0x1, 'EXACT_MATCH'],
  [0x2, 'IGNORE_INT_VER'],
  [0x4, 'REQUIRE_MINOR'],
  [0x8, 'EXPORTS'],
  [0x10, 'DELAY_LOAD'],
  [0x20, 'DELTA'],
];

/** `%04u-%02u-%02uT%02u:%02u:%02u` of gmtime. */
function isoTime(seconds: number): string {
  const t = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${String(t.getUTCFullYear()).padStart(4, '0')}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}` +
    `T${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`
  );
}

/** The `.liblist` listing of DT_MIPS_LIBLIST (with -d); false when the table cannot be read. */
function mipsLiblist(fd: Filedata, offset: bigint, count: bigint): boolean {
  const data = fd.getData(offset, 20n, count, 'liblist section data');
  if (data === null) return false;
  const d = fd.reader.decoder;
  const n = Number(count);
  let out = `\nSection '.liblist' contains ${n} ${n === 1 ? 'entry' : 'entries'}:\n`;
  out += '     Library              Time Stamp          Checksum   Version Flags\n';
  for (let i = 0; i < n; i++) {
    const o = 20 * i;
    const nameOff = d.u32(data, o);
    const checksum = d.u32(data, o + 8);
    const version = d.u32(data, o + 12);
    let flags = d.u32(data, o + 16);
    out += `${padStart(String(i), 3)}: `;
    const name = fd.dynamicName(BigInt(nameOff));
    out += name !== null ? printSymbol(20, name, fd.opts.wide) : `<corrupt: ${padStart(String(nameOff), 9)}>`;
    out += ` ${isoTime(d.u32(data, o + 4))} ${padStart(checksum === 0 ? '0' : `0x${checksum.toString(16)}`, 10)} ${padEnd(String(version), 7)}`;
    if (flags === 0) out += ' NONE\n';
    else {
      for (const [bit, label] of LL_FLAGS) {
        if ((flags & bit) !== 0) {
          out += ` ${label}`;
          flags ^= bit;
        }
      }
      if (flags !== 0) out += ` 0x${(flags >>> 0).toString(16)}`;
      out += '\n';
    }
  }
  fd.sink.out(out);
  return true;
}

/** The `Primary GOT` listing; false when GNU's function returns false. */
function mipsPrimaryGot(fd: Filedata, pltgot: bigint, localGotno: bigint, gotsym: bigint, symtabno: bigint): boolean {
  const w = fd.is32 ? 4 : 8;
  const W = BigInt(w);
  const localEnd = (pltgot + localGotno * W) & U64_MAX;
  if (symtabno < gotsym) {
    fd.diag.error(`The GOT symbol offset (${gotsym}) is greater than the symbol table size (${symtabno})`);
    return false;
  }
  const globalEnd = (localEnd + (symtabno - gotsym) * W) & U64_MAX;
  if (globalEnd < localEnd) {
    fd.diag.error(`Too many GOT symbols: ${symtabno}`);
    return false;
  }
  const size = (globalEnd - pltgot) & U64_MAX;
  const offset = fd.offsetFromVma(pltgot, size);
  const got: GotData = { bytes: fd.getData(offset, size, 1n, 'Global Offset Table data'), start: pltgot };
  fd.sink.out(`\nPrimary GOT:\n Canonical gp value: ${hex(pltgot + 0x7ff0n, 2 * w)}\n\n`);
  fd.sink.out(` Reserved entries:\n  ${padStart('Address', 2 * w)} ${padStart('Access', 10)} ${padStart('Initial', 2 * w)} Purpose\n`);
  let ent = gotEntry(fd, got, pltgot);
  fd.sink.out(' Lazy resolver\n');
  if (ent === -1n) return true;
  if (msbSet(fd, got, ent)) {
    ent = gotEntry(fd, got, ent);
    fd.sink.out(' Module pointer (GNU extension)\n');
    if (ent === -1n) return true;
  }
  fd.sink.out('\n');
  if (got.bytes !== null && ent < localEnd) {
    fd.sink.out(` Local entries:\n  ${padStart('Address', 2 * w)} ${padStart('Access', 10)} ${padStart('Initial', 2 * w)}\n`);
    while (ent < localEnd) {
      ent = gotEntry(fd, got, ent);
      fd.sink.out('\n');
      if (ent === -1n) return true;
    }
    fd.sink.out('\n');
  }
  if (got.bytes !== null && gotsym < symtabno) {
    fd.sink.out(
      ` Global entries:\n  ${padStart('Address', 2 * w)} ${padStart('Access', 10)} ${padStart('Initial', 2 * w)} ` +
        `${padStart('Sym.Val.', 2 * w)} Type    Ndx Name\n`,
    );
    const width = (fd.is32 ? 80 : 160) - 28 - w * 6 - 1;
    const syms = dynamicSymbols(fd);
    const count = syms === null ? 0n : BigInt(syms.cols.count);
    for (let i = gotsym; i < symtabno; i++) {
      ent = gotEntry(fd, got, ent);
      let line = ' ';
      if (syms === null) line += '<no dynamic symbols>';
      else if (i < count) line += gotSymbolText(fd, syms, Number(i), width);
      else line += `<symbol index ${i} exceeds number of dynamic symbols>`;
      fd.sink.out(line + '\n');
      if (ent === -1n) break;
    }
    fd.sink.out('\n');
  }
  return true;
}

/** The `PLT GOT` listing; false when GNU's function returns false. */
function mipsPltGot(fd: Filedata, mipsPltgot: bigint, jmprel: bigint, pltrel: bigint, pltrelsz: bigint): boolean {
  const relOffset = fd.offsetFromVma(jmprel, pltrelsz);
  const rels = slurpRelocs(fd, relOffset, pltrelsz, pltrel === DT.RELA);
  if (rels === null) return false;
  const w = fd.is32 ? 4 : 8;
  const W = BigInt(w);
  const count = BigInt(rels.length);
  const size = (2n + count) * W;
  const offset = fd.offsetFromVma(mipsPltgot, size);
  const data = fd.getData(offset, size, 1n, 'Procedure Linkage Table data');
  if (data === null) return false;
  const entry = (addr: bigint) => `  ${hex(addr, 2 * w)} ${hex(word(fd, data, Number(addr - mipsPltgot)), 2 * w)}`;
  let out = '\nPLT GOT:\n\n Reserved entries:\n';
  out += `  ${padStart('Address', 2 * w)} ${padStart('Initial', 2 * w)} Purpose\n`;
  out += `${entry(mipsPltgot)} PLT lazy resolver\n${entry(mipsPltgot + W)} Module pointer\n\n`;
  out += ` Entries:\n  ${padStart('Address', 2 * w)} ${padStart('Initial', 2 * w)} ${padStart('Sym.Val.', 2 * w)} Type    Ndx Name\n`;
  fd.sink.out(out);
  const width = (fd.is32 ? 80 : 160) - 17 - w * 6 - 1;
  const syms = dynamicSymbols(fd);
  const nsyms = syms === null ? 0n : BigInt(syms.cols.count);
  let ent = mipsPltgot + 2n * W;
  for (const r of rels) {
    const idx = fd.is32 ? r.info >> 8n : r.info >> 32n;
    let line = entry(ent) + ' ';
    ent += W;
    if (idx >= nsyms || syms === null) line += `<corrupt symbol index: ${idx}>`;
    else line += gotSymbolText(fd, syms, Number(idx), width);
    fd.sink.out(line + '\n');
  }
  fd.sink.out('\n');
  return true;
}

/** The `.conflict` listing; false when GNU's function returns false. */
function mipsConflicts(fd: Filedata, offset: bigint, count: bigint): boolean {
  const syms = dynamicSymbols(fd);
  if (syms === null) {
    fd.diag.error('conflict list found without a dynamic symbol table');
    return false;
  }
  if (count > fd.fileSize / 8n) {
    fd.diag.error(`Overlarge number of conflicts detected: ${count.toString(16)}`);
    return false;
  }
  const size = fd.is32 ? 4 : 8;
  const data = fd.getData(offset, BigInt(size), count, 'conflict');
  if (data === null) return false;
  let out = `\nSection '.conflict' contains ${count} ${count === 1n ? 'entry' : 'entries'}:\n  Num:    Index       Value  Name\n`;
  const d = fd.reader.decoder;
  const n = Number(count);
  for (let i = 0; i < n; i++) {
    const value = fd.is32 ? BigInt(d.u32(data, 4 * i)) : d.u64(data, 8 * i);
    out += `${padStart(String(i), 5)}: ${padStart(String(value), 8)}  `;
    const index = Number(value);
    if (value >= BigInt(syms.cols.count)) out += '<corrupt symbol index>';
    else {
      const cols = syms.cols as SymbolTableColumns;
      out += '0x' + (fd.is32 ? hex(cols.valueLow[index]!, 8) : hex(cols.valueHigh[index]!, 8) + hex(cols.valueLow[index]!, 8));
      const stName = cols.name[index]!;
      const name = fd.dynamicName(BigInt(stName));
      out += ' ' + (name !== null ? printSymbol(25, name, fd.opts.wide) : `<corrupt: ${padStart(String(stName), 14)}>`);
    }
    out += '\n';
  }
  fd.sink.out(out);
  return true;
}

/** ODK_* option kinds. */
const ODK = { NULL: 0, REGINFO: 1, EXCEPTIONS: 2, PAD: 3, HWPATCH: 4, FILL: 5, TAGS: 6, HWAND: 7, HWOR: 8, GP_GROUP: 9, IDENT: 10 } as const;

/** process_mips_fpe_exception. */
function fpeText(mask: number): string {
  if (mask === 0) return '0';
  const names: string[] = [];
  if (mask & 0x01) names.push('INEX');
  if (mask & 0x02) names.push('UFLO');
  if (mask & 0x04) names.push('OFLO');
  if (mask & 0x08) names.push('DIV0');
  if (mask & 0x10) names.push('INVAL');
  return names.join('|');
}

/** Names of the bits set in `info`, each after a space. */
function bitNamesText(info: number, names: readonly (readonly [number, string])[]): string {
  let out = '';
  for (const [bit, name] of names) if ((info & bit) !== 0) out += ` ${name}`;
  return out;
}

/** The DT_MIPS_OPTIONS listing: null when GNU's function returns false, false when its result becomes false. */
function mipsOptions(fd: Filedata, offset: bigint): boolean | null {
  const sections = fd.sections;
  let idx = -1;
  if (sections !== null) {
    const n = Math.min(fd.shnum, sections.count);
    for (let i = 0; i < n && idx < 0; i++) if (sections.type(i) === SHT.MIPS_OPTIONS) idx = i;
  }
  if (idx < 0) {
    fd.diag.error('No MIPS_OPTIONS header found');
    return null;
  }
  const sect = sections!.at(idx);
  if (sect.size < 8n) {
    fd.diag.error('The MIPS options section is too small.');
    return null;
  }
  const eopt = fd.getData(offset, 1n, sect.size, 'options');
  if (eopt === null) return false;
  const d = fd.reader.decoder;
  const total = Number(sect.size);
  let off = 0;
  let cnt = 0;
  while (off <= total - 8) {
    const optsize = eopt[off + 1]!;
    if (optsize < 8 || optsize > total - off) {
      fd.diag.error(`Invalid size (${optsize}) for MIPS option`);
      return null;
    }
    off += optsize;
    ++cnt;
  }
  fd.sink.out(`\nSection '${fd.printableSectionNameAt(sect.name)}' contains ${cnt} ${cnt === 1 ? 'entry' : 'entries'}:\n`);
  off = 0;
  while (cnt-- > 0) {
    const kind = eopt[off]!;
    const size = eopt[off + 1]!;
    const section = d.u16(eopt, off + 2);
    const info = d.u32(eopt, off + 4);
    let out = '';
    switch (kind) {
      case ODK.NULL:
        out = ` NULL       ${section} ${info.toString(16)}`;
        break;
      case ODK.REGINFO: {
        out = ' REGINFO    ';
        const need = fd.header.machine === EM.MIPS ? 8 + 24 : 8 + 32;
        if (size < need) {
          fd.sink.out(out + '<corrupt>\n');
          fd.diag.error('Truncated MIPS REGINFO option');
          cnt = 0;
          continue;
        }
        // Elf32_RegInfo: gprmask, cprmask[4], gp_value; Elf64_RegInfo has a pad word after gprmask.
        const r = off + 8;
        const mips32 = fd.header.machine === EM.MIPS;
        const gp = mips32 ? d.u32(eopt, r + 20).toString(16) : d.u64(eopt, r + 24).toString(16);
        out += `GPR ${hex(d.u32(eopt, r), 8)}  GP 0x${gp}\n`;
        const cpr = mips32 ? r + 4 : r + 8;
        out += `            CPR0 ${hex(d.u32(eopt, cpr), 8)}  CPR1 ${hex(d.u32(eopt, cpr + 4), 8)}  CPR2 ${hex(d.u32(eopt, cpr + 8), 8)}  CPR3 ${hex(d.u32(eopt, cpr + 12), 8)}\n`;
        fd.sink.out(out);
        off += size;
        continue;
      }
      case ODK.EXCEPTIONS:
        out = ` EXCEPTIONS fpe_min(${fpeText(info & 0x1f)}) fpe_max(${fpeText((info & 0x1f00) >> 8)})`;
        out += bitNamesText(info, [[0x10000, 'PAGE0'], [0x20000, 'SMM'], [0x40000, 'FPDBUG'], [0x80000, 'DISMISS']]);
        break;
      case ODK.PAD:
        out = ' PAD       ' + bitNamesText(info, [[1, 'PREFIX'], [2, 'POSTFIX'], [4, 'SYMBOL']]);
        break;
      case ODK.HWPATCH:
        out = ' HWPATCH   ' + bitNamesText(info, [[1, 'R4KEOP'], [2, 'R8KPFETCH'], [4, 'R5KEOP'], [8, 'R5KCVTL']]);
        break;
      case ODK.FILL:
        out = ' FILL       ';
        break;
      case ODK.TAGS:
        out = ' TAGS       ';
        break;
      case ODK.HWAND:
      case ODK.HWOR:
        out = (kind === ODK.HWAND ? ' HWAND     ' : ' HWOR      ') + bitNamesText(info, [[1, 'R4KEOP_CHECKED'], [2, 'R4KEOP_CLEAN']]);
        break;
      case ODK.GP_GROUP:
      case ODK.IDENT:
        out = `${kind === ODK.GP_GROUP ? ' GP_GROUP  ' : ' IDENT     '}${altHex06(info & 0xffff)}  self-contained ${altHex06((info >>> 16) & 0xffff)}`;
        break;
      default:
        out = ` ${padStart(String(kind), 3)} ???     ${section} ${info.toString(16)}`;
        break;
    }
    for (let len = 8; len < size; len++) {
      const datum = eopt[off + len]!;
      out += datum >= 0x20 && datum < 0x7f ? String.fromCharCode(datum) : '\\' + datum.toString(8).padStart(3, '0');
    }
    fd.sink.out(out + '\n');
    off += size;
  }
  return true;
}

/** `%#06x`. */
function altHex06(v: number): string {
  return v === 0 ? '000000' : '0x' + hex(v, 4);
}
