import { EM, PT, SHT } from '../../elf/constants.js';
import { decodeRawRelocations } from '../../elf/relocations.js';
import type { SectionHeader } from '../../elf/types.js';
import { U64_MAX } from '../../elf/types.js';
import type { Filedata } from '../filedata.js';
import { altHex, hex } from '../printf.js';
import type { AbsAddr } from './arm-decode.js';
import { relocTypeName } from '../relocs.js';
import { FunctionSymbols, scanUnwindSections, type UnwindSymbols } from './symbols.js';

/** Bytes per .PARISC.unwind entry. */
const ENTRY = 16;

/** One .PARISC.unwind entry (struct hppa_unw_table_entry): its range and its two descriptor words. */
export interface HppaEntry {
  start: AbsAddr;
  end: AbsAddr;
  readonly word1: number;
  readonly word2: number;
}

/**
 * The descriptor bits hppa_process_unwind prints, in its order: a flag
 * (`name `) or a count (`name=N `), with each field's shift and width in
 * its word (Region_description and the reserved bits are not printed).
 */
const FIELDS: readonly (readonly [name: string, word: 1 | 2, shift: number, bits: number, count: boolean])[] = [
  ['Cannot_unwind', 1, 31, 1, false],
  ['Millicode', 1, 30, 1, false],
  ['Millicode_save_sr0', 1, 29, 1, false],
  ['Entry_SR', 1, 25, 1, false],
  ['Entry_FR', 1, 21, 4, true],
  ['Entry_GR', 1, 16, 5, true],
  ['Args_stored', 1, 15, 1, false],
  ['Variable_Frame', 1, 14, 1, false],
  ['Separate_Package_Body', 1, 13, 1, false],
  ['Frame_Extension_Millicode', 1, 12, 1, false],
  ['Stack_Overflow_Check', 1, 11, 1, false],
  ['Two_Instruction_SP_Increment', 1, 10, 1, false],
  ['Ada_Region', 1, 9, 1, false],
  ['cxx_info', 1, 8, 1, false],
  ['cxx_try_catch', 1, 7, 1, false],
  ['sched_entry_seq', 1, 6, 1, false],
  ['Save_SP', 1, 4, 1, false],
  ['Save_RP', 1, 3, 1, false],
  ['Save_MRP_in_frame', 1, 2, 1, false],
  ['extn_ptr_defined', 1, 1, 1, false],
  ['Cleanup_defined', 1, 0, 1, false],
  ['MPE_XL_interrupt_marker', 2, 31, 1, false],
  ['HP_UX_interrupt_marker', 2, 30, 1, false],
  ['Large_frame', 2, 29, 1, false],
  ['Pseudo_SP_Set', 2, 28, 1, false],
  ['Total_frame_size', 2, 0, 27, true],
];

/** The state hppa_process_unwind keeps across its unwind sections (struct hppa_unw_aux_info). */
interface HppaAux {
  syms: UnwindSymbols | null;
  segBase: bigint;
  table: HppaEntry[];
}

/** hppa_process_unwind: the `.PARISC.unwind` sections; false where GNU's returns false. */
export function hppaProcessUnwind(fd: Filedata): boolean {
  if (fd.stringTable === null) return false;
  const isUnwind = (i: number) => fd.sectionNamed(i, '.PARISC.unwind');
  const scan = scanUnwindSections(fd, isUnwind);
  if (scan === null) return false;
  // The scan skips symbol tables; the dump below does not (a .PARISC.unwind of type SHT_SYMTAB).
  if (scan.unwind.length === 0) fd.sink.out('\nThere are no unwind sections in this file.\n');
  const aux: HppaAux = { syms: scan.syms, segBase: 0n, table: [] };
  let res = true;
  const sections = fd.sections!;
  for (let i = 0; i < fd.shnum; i++) {
    if (!isUnwind(i)) continue;
    const sec = sections.at(i);
    const entries = sec.size / 16n;
    fd.sink.out(
      `\nUnwind section '${fd.printableSectionNameAt(sec.name)}' at offset ${altHex(sec.offset)} contains ${entries} ${entries === 1n ? 'entry' : 'entries'}:\n`,
    );
    if (!slurpTable(fd, aux, sec)) res = false;
    if (res && aux.table.length > 0) dumpTable(fd, aux);
  }
  return res;
}

/** slurp_hppa_unwind_table: the entries of `sec`, relocated; false where GNU's returns false. */
function slurpTable(fd: Filedata, aux: HppaAux, sec: SectionHeader): boolean {
  if (fd.phnum !== 0) {
    if (!fd.getProgramHeaders()) return false;
    const phdrs = fd.phdrs!;
    for (let i = 0; i < phdrs.count; i++) {
      if (phdrs.type(i) !== PT.LOAD) continue;
      const p = phdrs.at(i);
      if (sec.addr >= p.vaddr && ((sec.addr + sec.size) & U64_MAX) <= ((p.vaddr + p.memsz) & U64_MAX)) {
        aux.segBase = p.vaddr;
        break;
      }
    }
  }
  const bytes = fd.getData(sec.offset, 1n, sec.size, 'unwind table');
  if (bytes === null) return false;
  const d = fd.reader.decoder;
  const n = Math.floor(bytes.length / ENTRY);
  const table = new Array<HppaEntry>(n);
  for (let i = 0, o = 0; i < n; i++, o += ENTRY) {
    table[i] = {
      start: { section: 0, offset: (BigInt(d.u32(bytes, o)) + aux.segBase) & U64_MAX },
      end: { section: 0, offset: (BigInt(d.u32(bytes, o + 4)) + aux.segBase) & U64_MAX },
      word1: d.u32(bytes, o + 8),
      word2: d.u32(bytes, o + 12),
    };
  }
  aux.table = table;

  const sections = fd.sections!;
  for (let r = 0; r < fd.shnum; r++) {
    if (sections.type(r) !== SHT.RELA || sections.info(r) !== sec.index) continue;
    const rel = sections.at(r);
    const what = fd.is32 ? '32-bit relocation data' : '64-bit relocation data';
    const relBytes = fd.getData(rel.offset, 1n, rel.size, what);
    if (relBytes === null) return false;
    const count = aux.syms?.count ?? 0;
    for (const rp of decodeRawRelocations(d, relBytes, true)) {
      const type = Number(fd.is32 ? rp.info & 0xffn : rp.info & 0xffffffffn);
      const name = relocTypeName(EM.PARISC, type) ?? undefined;
      if (name === undefined) {
        fd.diag.warn(`Skipping unknown relocation type: ${type}`);
        continue;
      }
      if (!name.startsWith('R_PARISC_SEGREL')) {
        fd.diag.warn(`Skipping unexpected relocation type: ${name}`);
        continue;
      }
      const i = rp.offset / BigInt(ENTRY);
      if (i >= BigInt(table.length)) {
        fd.diag.warn(`Skipping reloc with overlarge offset: ${altHex(i)}`);
        continue;
      }
      // An unsigned int in GNU.
      const symIndex = Number(BigInt.asUintN(32, fd.is32 ? rp.info >> 8n : rp.info >> 32n));
      if (symIndex >= count) {
        fd.diag.warn(`Skipping reloc with invalid symbol index: ${symIndex}`);
        continue;
      }
      const syms = aux.syms!;
      const where: AbsAddr = {
        section: syms.shndx[symIndex]! & 0xffff,
        offset: (syms.value[symIndex]! + rp.addend) & U64_MAX,
      };
      const slot = Number((rp.offset % BigInt(ENTRY)) / 4n);
      if (slot === 0) table[Number(i)]!.start = where;
      else if (slot === 1) table[Number(i)]!.end = where;
    }
  }
  return true;
}

/** dump_hppa_unwind. */
function dumpTable(fd: Filedata, aux: HppaAux): void {
  const functions = new FunctionSymbols(aux.syms, false);
  let out = '';
  for (const e of aux.table) {
    const hit = functions.find(e.start);
    out += '\n<';
    if (hit !== null) out += hit.name + (hit.offset !== 0n ? '+' + hex(hit.offset) : '');
    out += `>: [0x${hex(e.start.offset)}-0x${hex(e.end.offset)}]\n\t`;
    for (const [name, word, shift, bits, count] of FIELDS) {
      const v = ((word === 1 ? e.word1 : e.word2) >>> shift) & ((1 << bits) - 1);
      if (v !== 0) out += count ? `${name}=${v} ` : `${name} `;
    }
  }
  fd.sink.out(out + '\n');
}
