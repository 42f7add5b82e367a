import { EM, SHT } from '../../elf/constants.js';
import { decodeRawRelocations } from '../../elf/relocations.js';
import type { SectionHeader } from '../../elf/types.js';
import { U64_MAX } from '../../elf/types.js';
import type { Filedata } from '../filedata.js';
import {
  decodeIndexEntry,
  decodeUnwind,
  NO_ADDR,
  NO_WORDS,
  type AbsAddr,
  type DecodeContext,
  type RelocNote,
  type SymbolHit,
  type UnwindMachine,
  type WordRead,
  type WordSource,
} from './arm-decode.js';
import { ArmUnwindFormatter } from './arm-format.js';
import { relocTypeName } from '../relocs.js';
import { FunctionSymbols, scanUnwindSections, type UnwindSymbols } from './symbols.js';

const FAILED: WordRead = { ok: false, word: 0, addr: NO_ADDR, symName: -1n, notes: [] };

/** The decoder's view of the file's symbols. */
class UnwindContext implements DecodeContext {
  private readonly functions: FunctionSymbols;
  constructor(
    readonly machine: UnwindMachine,
    syms: UnwindSymbols | null,
  ) {
    this.functions = new FunctionSymbols(syms, machine === 'arm');
  }
  symbolFor(addr: AbsAddr): SymbolHit | null {
    return this.functions.find(addr);
  }
  symbolName(offset: bigint): string | null {
    return this.functions.stringAt(offset);
  }
}

/**
 * GNU's struct arm_section with get_unwind_section_word: one section's
 * bytes and relocations, loaded when a read names a different section than
 * the last one (printing get_data's errors then), and the cyclic cursor
 * into the relocations that GNU keeps between reads.
 */
class UnwindSection implements WordSource {
  private sec: SectionHeader | null = null;
  private data: Buffer | null = null;
  private relType = 0;
  private relOffset: bigint[] | null = null;
  private relInfo: bigint[] = [];
  private relAddend: bigint[] = [];
  private nextRela = 0;
  private loaded = false;

  constructor(
    private readonly fd: Filedata,
    private readonly machine: UnwindMachine,
    private readonly syms: UnwindSymbols | null,
  ) {}

  /** Binds the source to `sec`, loading it unless it is the section already held; false when GNU's read fails there. */
  select(sec: SectionHeader): boolean {
    if (this.sec !== null && this.sec.index === sec.index) return true;
    const fd = this.fd;
    this.sec = sec;
    this.data = fd.getData(sec.offset, 1n, sec.size, 'unwind data');
    this.relOffset = null;
    this.relInfo = [];
    this.relAddend = [];
    const sections = fd.sections!;
    for (let i = 0; i < fd.shnum; i++) {
      const type = sections.type(i);
      if (sections.info(i) !== sec.index || (type !== SHT.REL && type !== SHT.RELA)) continue;
      this.relType = type;
      const rel = sections.at(i);
      const rela = type === SHT.RELA;
      const what = fd.is32 ? '32-bit relocation data' : '64-bit relocation data';
      const bytes = fd.getData(rel.offset, 1n, rel.size, what);
      if (bytes === null) return false;
      const relocs = decodeRawRelocations(fd.reader.decoder, bytes, rela);
      this.relOffset = relocs.map((r) => r.offset);
      this.relInfo = relocs.map((r) => r.info);
      this.relAddend = relocs.map((r) => r.addend);
      break;
    }
    this.nextRela = 0;
    return true;
  }

  /** The source for reads of `sec`: the first read loads it. */
  bind(sec: SectionHeader): WordSource {
    this.loaded = false;
    const target = sec;
    return {
      read: (offset, wantSymName) => {
        if (!this.loaded) {
          this.loaded = true;
          if (!this.select(target)) return FAILED;
        }
        return this.read(offset, wantSymName);
      },
    };
  }

  read(offset: bigint, wantSymName: boolean): WordRead {
    const sec = this.sec!;
    const data = this.data;
    if (data === null) return FAILED;
    if (sec.size < 4n || offset > sec.size - 4n) return FAILED;
    let word = this.fd.reader.decoder.u32(data, Number(offset));
    const relOffset = this.relOffset;
    if (relOffset === null) return { ok: true, word, addr: NO_ADDR, symName: -1n, notes: [] };

    const syms = this.syms;
    const n = relOffset.length;
    const notes: RelocNote[] = [];
    let addr = NO_ADDR;
    let symName = -1n;
    let wrapped = false;
    let rp = this.nextRela;
    for (; rp !== n; rp++) {
      if (relOffset[rp]! > offset && !wrapped) {
        rp = 0;
        wrapped = true;
      }
      const rOffset = relOffset[rp]!;
      if (rOffset > offset) break;
      if ((rOffset & 3n) !== 0n) {
        notes.push({ kind: 'misaligned', offset: rOffset });
        continue;
      }
      if (rOffset < offset) continue;
      if (syms === null) continue;
      let value: bigint;
      if (this.relType === SHT.REL) {
        value = BigInt(word & 0x7fffffff);
        if ((word & 0x40000000) !== 0) value |= ~0x7fffffffn & U64_MAX;
      } else {
        value = this.relAddend[rp]! & U64_MAX;
      }
      const info = this.relInfo[rp]!;
      const symIndex = info >> 8n; // ELF32_R_SYM, whatever the class
      if (symIndex >= BigInt(syms.count)) {
        notes.push({ kind: 'bad-symbol', index: symIndex, count: syms.count });
        break;
      }
      const sym = Number(symIndex);
      value = (value + syms.value[sym]!) & U64_MAX;
      let prelval = (value - ((sec.addr + rOffset) & U64_MAX)) & U64_MAX;
      const type = Number(info & 0xffn);
      const name = relocTypeName(this.machine === 'arm' ? EM.ARM : EM.TI_C6000, type) ?? undefined;
      if (name === undefined) {
        notes.push({ kind: 'unknown-type', machine: this.machine, type });
        continue;
      }
      if (name === (this.machine === 'arm' ? 'R_ARM_NONE' : 'R_C6000_NONE')) continue;
      if (name !== (this.machine === 'arm' ? 'R_ARM_PREL31' : 'R_C6000_PREL31')) {
        notes.push({ kind: 'unexpected-type', machine: this.machine, name });
        continue;
      }
      if (this.machine === 'c6x') prelval >>= 1n;
      word = ((word & 0x80000000) | Number(prelval & 0x7fffffffn)) >>> 0;
      addr = { section: syms.shndx[sym]! & 0xffff, offset: value };
      if (wantSymName) symName = BigInt(syms.name[sym]!);
      break;
    }
    this.nextRela = rp;
    return { ok: true, word, addr, symName, notes };
  }
}

/** find_section_by_address: the first section whose [sh_addr, sh_addr + sh_size) holds `addr`. */
function sectionByAddress(fd: Filedata, addr: bigint): SectionHeader | null {
  const i = fd.sectionIndexByAddress(addr);
  return i < 0 ? null : fd.sections!.at(i);
}

/** arm_process_unwind (ARM and TI C6000): false where GNU's returns false. */
export function armProcessUnwind(fd: Filedata): boolean {
  const machine: UnwindMachine = fd.header.machine === EM.ARM ? 'arm' : 'c6x';
  if (fd.stringTable === null) return false;
  const sections = fd.sections!;
  const scan = scanUnwindSections(fd, (i) => sections.type(i) === SHT.ARM_EXIDX);
  if (scan === null) return false;
  const { syms, unwind } = scan;
  if (unwind.length === 0) {
    fd.sink.out('\nThere are no unwind sections in this file.\n');
    return true;
  }
  const ctx = new UnwindContext(machine, syms);
  const fmt = new ArmUnwindFormatter(fd.sink, fd.diag, machine);
  const ehAddrSize = fd.is32 ? 4n : 8n;
  let res = true;
  for (const i of unwind) {
    const sec = sections.at(i);
    fmt.sectionHeading(fd.printableSectionNameAt(sec.name), sec.offset, sec.size / (2n * ehAddrSize));
    if (!dumpArmUnwind(fd, ctx, fmt, syms, sec)) res = false;
  }
  return res;
}

/** dump_arm_unwind: every entry of one index table; false where GNU's returns false. */
function dumpArmUnwind(
  fd: Filedata,
  ctx: UnwindContext,
  fmt: ArmUnwindFormatter,
  syms: UnwindSymbols | null,
  exidx: SectionHeader,
): boolean {
  const exidxWords = new UnwindSection(fd, ctx.machine, syms);
  const extabWords = new UnwindSection(fd, ctx.machine, syms);
  const exidxSource = exidxWords.bind(exidx);
  // exidx_len is an unsigned int.
  const count = Number(BigInt.asUintN(32, exidx.size / 8n));
  let res = true;
  for (let i = 0; i < count; i++) {
    fmt.entryStart();
    const e = decodeIndexEntry(ctx, exidxSource, exidx.addr, i);
    fmt.indexEntry(e);
    if (!e.ok) return false;
    if (e.corrupt) res = false;
    if (e.kind === 'cantunwind') continue;
    if (e.kind === 'inline') {
      // GNU ignores what decoding inline data returns.
      fmt.unwind(decodeUnwind(ctx, NO_WORDS, e.entryWord, 4, 0n, 0n));
      continue;
    }
    // Locate the table entry: through the relocation when there was one, else by address.
    let table: SectionHeader | null;
    let tableOffset = 0n;
    if (e.entryAddr.section !== 0 && e.entryAddr.section < fd.shnum) {
      table = fd.sections!.at(e.entryAddr.section);
      tableOffset = e.entryAddr.offset;
      if (tableOffset > table.size) {
        fmt.corruptTableOffset(tableOffset, fd.printableSectionNameAt(table.name));
        res = false;
        continue;
      }
    } else {
      table = sectionByAddress(fd, e.table);
      if (table !== null) tableOffset = (e.table - table.addr) & U64_MAX;
    }
    if (table === null) {
      fmt.missingTable(e.table);
      res = false;
      continue;
    }
    const u = decodeUnwind(ctx, extabWords.bind(table), 0, 0, tableOffset, table.addr);
    fmt.unwind(u);
    if (!u.ok) res = false;
  }
  fmt.tableEnd();
  return res;
}
