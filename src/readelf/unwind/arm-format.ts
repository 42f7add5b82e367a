import type { Diagnostics } from '../diagnostics.js';
import { altHex, hex } from '../printf.js';
import type { ReadelfSink } from '../sink.js';
import type { ArmOp, C6xOp, IndexEntry, OpItem, RelocNote, SymbolHit, UnwindEntry, UnwindMachine } from './arm-decode.js';

/**
 * GNU readelf 2.40's text for the values of arm-decode.ts: the lines
 * dump_arm_unwind, decode_arm_unwind and the two bytecode decoders print,
 * and their warnings and errors, in the same order. Text is a byte string
 * (symbol names are copied from the file unescaped, as GNU's fputs does).
 */
export class ArmUnwindFormatter {
  constructor(
    private readonly sink: ReadelfSink,
    private readonly diag: Diagnostics,
    private readonly machine: UnwindMachine,
  ) {}

  /** arm_process_unwind's heading for one unwind section. */
  sectionHeading(name: string, offset: bigint, entries: bigint): void {
    const noun = entries === 1n ? 'entry' : 'entries';
    this.sink.out(`\nUnwind section '${name}' at offset ${altHex(offset)} contains ${entries} ${noun}:\n`);
  }

  /** The blank line before each index entry (printed before its words are read). */
  entryStart(): void {
    this.sink.out('\n');
  }

  /** The blank line after the last entry of a table GNU got through. */
  tableEnd(): void {
    this.sink.out('\n');
  }

  /**
   * An index entry up to its unwind data: relocation notes, the corrupt
   * first word, `fn <sym>: `, and the entry word (`0x1 [cantunwind]`, the
   * inline word, or `@` and the table address). Prints only the notes when
   * the words could not be read.
   */
  indexEntry(e: IndexEntry): void {
    this.notes(e.notes);
    if (!e.ok) return;
    if (e.corrupt) this.diag.warn(`corrupt index table entry: ${hex(e.fnWord)}`);
    let line = vmaAndName(e.fn, e.fnSymbol) + ': ';
    if (e.kind === 'cantunwind') line += '0x1 [cantunwind]\n';
    else if (e.kind === 'inline') line += '0x' + hex(e.entryWord) + '\n';
    else line += '@0x' + hex(e.table) + '\n';
    this.sink.out(line);
  }

  /** dump_arm_unwind: a table reference whose relocated offset is past its section. */
  corruptTableOffset(offset: bigint, sectionName: string): void {
    this.diag.warn(`Unwind entry contains corrupt offset (${altHex(offset)}) into section ${sectionName}`);
  }

  /** dump_arm_unwind: no section holds the table address. */
  missingTable(table: bigint): void {
    this.diag.warn(`Could not locate .ARM.extab section containing ${altHex(table)}.`);
  }

  /** decode_arm_unwind's output for one entry. */
  unwind(u: UnwindEntry): void {
    for (const item of u.items) {
      switch (item.kind) {
        case 'notes':
          this.notes(item.notes);
          break;
        case 'failed':
          return;
        case 'personality': {
          let line = '  Personality routine: ';
          if (item.direct) line += `0x${hex(item.fn)} <${item.symbol!.name}>`;
          else line += vmaAndName(item.fn, item.symbol);
          this.sink.out(line + '\n');
          break;
        }
        case 'truncated-data':
          this.sink.out('  [Truncated data]\n');
          return;
        case 'compact':
          if (item.corrupt) this.diag.warn(`Corrupt ARM compact model table entry: ${hex(item.word)} `);
          this.sink.out(`  Compact model index: ${item.index}\n`);
          break;
        case 'op':
          if (!this.op(item)) return;
          break;
        case 'reserved-index':
          this.diag.warn('Unknown ARM compact model index encountered');
          this.sink.out('  [reserved]\n');
          break;
        case 'c6x-compact': {
          const w = item.word;
          let text = ((w >>> 17) & 0x7f) === 0x7f ? '  Restore stack from frame pointer\n' : `  Stack increment ${(w >>> 14) & 0x1fc}\n`;
          text += '  Registers restored: ';
          if (item.index === 4) text += ' (compact) ';
          text += c6xRegisterMask((w >>> 4) & 0x1fff) + '\n';
          text += `  Return register: ${C6X_REGISTERS[w & 0xf]}\n`;
          this.sink.out(text);
          break;
        }
        case 'c6x-reserved':
          this.sink.out(`  [reserved (${item.index})]\n`);
          break;
      }
    }
  }

  /** One instruction line; false when GNU stops after it. */
  private op(item: OpItem): boolean {
    const { bytes, notes } = item;
    let text = `  0x${hex(bytes[0]!, 2)} `;
    let next = 0;
    for (let i = 1; i <= bytes.length; i++) {
      // Notes raised while reading byte i come before it is printed.
      while (next < notes.length && notes[next]!.at === i) {
        this.sink.out(text);
        text = '';
        this.notes(notes[next]!.notes);
        next++;
      }
      if (i < bytes.length) text += `0x${hex(bytes[i]!, 2)} `;
    }
    if (item.end === 'failed') {
      this.sink.out(text);
      return false;
    }
    if (item.end === 'truncated') {
      this.sink.out(text + '[Truncated opcode]\n');
      return false;
    }
    if (item.end === 'corrupt-sp') {
      this.sink.out(text);
      this.diag.warn('Corrupt stack pointer adjustment detected');
      return false;
    }
    const v = item.value!;
    if (v.op === 'corrupt-vsp') {
      this.sink.out(text);
      this.diag.error('corrupt change to vsp');
      this.sink.out('\n');
      return true;
    }
    this.sink.out(text + (this.machine === 'arm' ? armText(v as ArmOp) : c6xText(v as C6xOp)) + '\n');
    return true;
  }

  /** get_unwind_section_word's diagnostics. */
  private notes(notes: readonly RelocNote[]): void {
    for (const n of notes) {
      const arch = n.kind === 'unknown-type' || n.kind === 'unexpected-type' ? (n.machine === 'arm' ? 'ARM' : 'C6000') : '';
      switch (n.kind) {
        case 'misaligned':
          this.diag.warn(`Skipping unexpected relocation at offset ${altHex(n.offset)}`);
          break;
        case 'bad-symbol':
          this.diag.error(`Bad symbol index in unwind relocation (${n.index} > ${n.count})`);
          break;
        case 'unknown-type':
          this.diag.warn(`Skipping unknown ${arch} relocation type: ${n.type}`);
          break;
        case 'unexpected-type':
          this.diag.warn(`Skipping unexpected ${arch} relocation type ${n.name}`);
          break;
      }
    }
  }
}

/** arm_print_vma_and_name: `0x` + address, then ` <name+0xoff>` when a symbol was found. */
function vmaAndName(fn: bigint, symbol: SymbolHit | null): string {
  let s = '0x' + hex(fn);
  if (symbol !== null) s += ' <' + symbol.name + (symbol.offset !== 0n ? '+0x' + hex(symbol.offset) : '') + '>';
  return s;
}

/** Registers `prefix + (base + i)` for each bit i of `mask` below `bits`, comma-separated. */
function registerList(mask: number, bits: number, prefix: string, base: number): string {
  const names: string[] = [];
  for (let i = 0; i < bits; i++) if ((mask & (1 << i)) !== 0) names.push(prefix + (base + i));
  return names.join(', ');
}

/** An optional `-<prefix>N` upper end of a register range. */
const rangeEnd = (prefix: string, first: number, count: number) => (count !== 0 ? `-${prefix}${first + count}` : '');

/** decode_arm_unwind_bytecode's text after the instruction bytes (with GNU's own spacing). */
export function armText(v: ArmOp): string {
  switch (v.op) {
    case 'vsp-add':
      return `     vsp = vsp + ${v.n}`;
    case 'vsp-sub':
      return `     vsp = vsp - ${v.n}`;
    case 'refuse':
      return 'Refuse to unwind';
    case 'pop-r4':
      return `pop {${registerList(v.mask, 12, 'r', 4)}}`;
    case 'reserved':
      return '     [Reserved]';
    case 'vsp-reg':
      return `     vsp = r${v.reg}`;
    case 'pop-r4-run': {
      const regs: string[] = [];
      for (let i = 4; i <= v.last; i++) regs.push('r' + i);
      if (v.lr) regs.push('r14');
      return `     pop {${regs.join(', ')}}`;
    }
    case 'finish':
      return '     finish';
    case 'spare':
      return '[Spare]';
    case 'pop-r0':
      return `pop {${registerList(v.mask, 12, 'r', 0)}}`;
    case 'vsp-add-uleb':
      return `vsp = vsp + ${v.value}`;
    case 'corrupt-vsp':
      return '';
    case 'pop-d':
      return `pop {D${v.first}${rangeEnd('D', v.first, v.count)}}`;
    case 'pop-ra-auth':
      return '     pop {ra_auth_code}';
    case 'pac':
      return '     vsp as modifier for PAC validation';
    case 'pop-d8':
      return `pop {D8${rangeEnd('D', 8, v.count)}}`;
    case 'pop-wr10':
      return `     pop {wR10${rangeEnd('wR', 10, v.count)}}`;
    case 'pop-wr':
      return `pop {wR${v.first}${rangeEnd('wR', v.first, v.count)}}`;
    case 'pop-wcgr':
      return `pop {${registerList(v.mask, 4, 'wCGR', 0)}}`;
    case 'unsupported':
      return '     [unsupported opcode]';
  }
}

/** tic6x_unwind_regnames. */
const C6X_REGISTERS = [
  'A15', 'B15', 'B14', 'B13', 'B12', 'B11', 'B10', 'B3',
  'A14', 'A13', 'A12', 'A11', 'A10',
  '[invalid reg 13]', '[invalid reg 14]', '[invalid reg 15]',
] as const;

/** decode_tic6x_unwind_regmask: bit 0 names register 12, bit 12 register 0. */
function c6xRegisterMask(mask: number): string {
  const names: string[] = [];
  for (let i = 12; mask !== 0; mask >>>= 1, i--) if ((mask & 1) !== 0) names.push(C6X_REGISTERS[i]!);
  return names.join(', ');
}

/** decode_tic6x_unwind_bytecode's text after the instruction bytes. */
export function c6xText(v: C6xOp): string {
  switch (v.op) {
    case 'sp-add':
      return `     sp = sp + ${v.n}`;
    case 'refuse':
      return 'Refuse to unwind';
    case 'pop':
      return `${v.compact ? 'pop compact {' : 'pop {'}${c6xRegisterMask(v.mask)}}`;
    case 'pop-frame':
      return v.slots.length === 0
        ? 'pop frame {*corrupt* - no registers specified}'
        : `pop frame {${v.slots.map((r) => (r === null ? '[pad]' : C6X_REGISTERS[r]!)).join(', ')}}`;
    case 'mov-fp-sp':
      return '     MOV FP, SP';
    case 'pop-rts':
      return '     __c6xabi_pop_rts';
    case 'sp-add-uleb':
      return `sp = sp + ${v.value}`;
    case 'return':
      return '     RETURN';
    case 'mv-b3':
      return `     MV ${C6X_REGISTERS[v.reg]}, B3`;
    case 'unsupported':
      return '     [unsupported opcode]';
  }
}
