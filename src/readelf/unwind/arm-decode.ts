import { U64_MAX } from '../../elf/types.js';
/**
 * ARM EHABI (and TI C6000) unwind tables as values: GNU readelf 2.40's
 * dump_arm_unwind, decode_arm_unwind, decode_arm_unwind_bytecode and
 * decode_tic6x_unwind_bytecode, with their printing taken out. Everything
 * GNU would print becomes a value, in the order GNU prints it — including
 * corrupt entries, truncated opcodes and relocation complaints, which are
 * values here and never exceptions. arm-format.ts turns them into GNU's text.
 *
 * The words come from a WordSource (GNU's get_unwind_section_word): the
 * caller binds it to one section, applies relocations, and reports
 * relocation diagnostics as RelocNote values with each word.
 */

/** ARM (EM_ARM) or TI C6000 (EM_TI_C6000): the two machines whose tables this decodes. */
export type UnwindMachine = 'arm' | 'c6x';

/** GNU's struct absaddr: a section index (an unsigned short) and an offset. */
export interface AbsAddr {
  readonly section: number;
  readonly offset: bigint;
}
export const NO_ADDR: AbsAddr = { section: 0, offset: 0n };

/** What get_unwind_section_word says about the relocations it looks at. */
export type RelocNote =
  /** warn: "Skipping unexpected relocation at offset %#x" (r_offset not a multiple of 4). */
  | { readonly kind: 'misaligned'; readonly offset: bigint }
  /** error: "Bad symbol index in unwind relocation (%lu > %lu)". */
  | { readonly kind: 'bad-symbol'; readonly index: bigint; readonly count: number }
  /** warn: "Skipping unknown ARM/C6000 relocation type: %d" (type has no name). */
  | { readonly kind: 'unknown-type'; readonly machine: UnwindMachine; readonly type: number }
  /** warn: "Skipping unexpected ARM/C6000 relocation type %s" (not NONE or PREL31). */
  | { readonly kind: 'unexpected-type'; readonly machine: UnwindMachine; readonly name: string };

/** One word of an unwind section, as get_unwind_section_word returns it. */
export interface WordRead {
  /** False when GNU's function returns false: the caller stops, silently. */
  readonly ok: boolean;
  /** The word (relocated when a PREL31 relocation applies), as an unsigned 32-bit number. */
  readonly word: number;
  /** Where a relocation put the word's target (section 0: no relocation). */
  readonly addr: AbsAddr;
  /** st_name of the relocation's symbol, or -1n. */
  readonly symName: bigint;
  /** Diagnostics raised while looking for the word's relocation, in order. */
  readonly notes: readonly RelocNote[];
}

/** get_unwind_section_word bound to one section. */
export interface WordSource {
  read(offset: bigint, wantSymName: boolean): WordRead;
}

/** The source GNU has when there is no section (an index entry's inline data): every read fails. */
export const NO_WORDS: WordSource = {
  read: () => ({ ok: false, word: 0, addr: NO_ADDR, symName: -1n, notes: [] }),
};

/** A symbol found for an address: find_symbol_for_address's name and distance. */
export interface SymbolHit {
  /** The name's bytes as a byte string, or `<corrupt>`. */
  readonly name: string;
  readonly offset: bigint;
}

/** What the decoder needs to know about the file besides the words. */
export interface DecodeContext {
  readonly machine: UnwindMachine;
  /** find_symbol_for_address over the sorted function symbols (null: none). */
  symbolFor(addr: AbsAddr): SymbolHit | null;
  /** The string at `offset` of the symbol string table, or null when out of range (or no table). */
  symbolName(offset: bigint): string | null;
}

/** arm_expand_prel31: a 31-bit place-relative offset, sign-extended, added to `where` (uint64). */
export function expandPrel31(machine: UnwindMachine, word: number, where: bigint): bigint {
  let offset = BigInt(word & 0x7fffffff);
  if ((word & 0x40000000) !== 0) offset |= ~0x7fffffffn & U64_MAX;
  if (machine === 'c6x') offset = (offset << 1n) & U64_MAX;
  return (offset + where) & U64_MAX;
}

// ------------------------------------------------------------ index table --

/** One entry of an index table (.ARM.exidx): dump_arm_unwind's two reads and its classification. */
export interface IndexEntry {
  /** Relocation diagnostics from the two reads, in order. */
  readonly notes: readonly RelocNote[];
  /** False when a read failed: GNU stops the whole table there (after `notes`). */
  readonly ok: boolean;
  /** The first word had bit 31 set: warn "corrupt index table entry: %x". */
  readonly corrupt: boolean;
  readonly fnWord: number;
  /** The function's address (prel31 of the first word). */
  readonly fn: bigint;
  /** Where a relocation said the function is. */
  readonly fnAddr: AbsAddr;
  /** The function's symbol (arm_print_vma_and_name). */
  readonly fnSymbol: SymbolHit | null;
  /** The second word. */
  readonly entryWord: number;
  readonly entryAddr: AbsAddr;
  /**
   * `cantunwind`: the second word is 1 (EXIDX_CANTUNWIND); `inline`: bit 31
   * set, the unwind data is the word itself; `table`: a prel31 reference to
   * a table entry at `table`.
   */
  readonly kind: 'cantunwind' | 'inline' | 'table';
  readonly table: bigint;
}

/** Reads and classifies entry `i` of an index table at `secAddr` (sh_addr). */
export function decodeIndexEntry(ctx: DecodeContext, src: WordSource, secAddr: bigint, i: number): IndexEntry {
  const machine = ctx.machine;
  const at = 8n * BigInt(i);
  const first = src.read(at, false);
  const second = first.ok ? src.read(at + 4n, false) : null;
  const notes = second === null || second.notes.length === 0 ? first.notes : [...first.notes, ...second.notes];
  const ok = first.ok && second?.ok === true;
  const fnWord = first.word;
  const entryWord = second?.word ?? 0;
  const kind = entryWord === 1 ? 'cantunwind' : (entryWord & 0x80000000) !== 0 ? 'inline' : 'table';
  const fn = expandPrel31(machine, fnWord, (secAddr + at) & U64_MAX);
  const fnAddr = first.addr;
  return {
    notes,
    ok,
    corrupt: (fnWord & 0x80000000) !== 0,
    fnWord,
    fn,
    fnAddr,
    fnSymbol: ok ? ctx.symbolFor(fnAddr.section === 0 ? { section: 0, offset: fn } : fnAddr) : null,
    entryWord,
    entryAddr: second?.addr ?? NO_ADDR,
    kind,
    table: kind === 'table' ? expandPrel31(machine, entryWord, (secAddr + at + 4n) & U64_MAX) : 0n,
  };
}

// --------------------------------------------------------- unwind entries --

/** An ARM unwind instruction (EHABI section 9.3), as decode_arm_unwind_bytecode tells them apart. */
export type ArmOp =
  | { readonly op: 'vsp-add'; readonly n: number } // 00xxxxxx
  | { readonly op: 'vsp-sub'; readonly n: number } // 01xxxxxx
  | { readonly op: 'refuse' } // 10000000 00000000
  | { readonly op: 'pop-r4'; readonly mask: number } // 1000iiii iiiiiiii: r4..r15
  | { readonly op: 'reserved' } // 10011101, 10011111
  | { readonly op: 'vsp-reg'; readonly reg: number } // 1001nnnn
  | { readonly op: 'pop-r4-run'; readonly last: number; readonly lr: boolean } // 1010Lnnn
  | { readonly op: 'finish' } // 10110000
  | { readonly op: 'spare' } // 10110001 0000xxxx with 0 or high bits, 11000111 likewise
  | { readonly op: 'pop-r0'; readonly mask: number } // 10110001 0000iiii: r0..r3
  | { readonly op: 'vsp-add-uleb'; readonly value: bigint } // 10110010 uleb128
  | { readonly op: 'corrupt-vsp' } // 10110010 with nine continuation bytes
  | { readonly op: 'pop-d'; readonly first: number; readonly count: number } // 10110011, 11001000, 11001001
  | { readonly op: 'pop-ra-auth' } // 10110100
  | { readonly op: 'pac' } // 10110101
  | { readonly op: 'pop-d8'; readonly count: number } // 10111nnn, 11010nnn
  | { readonly op: 'pop-wr10'; readonly count: number } // 11000nnn (nnn < 6)
  | { readonly op: 'pop-wr'; readonly first: number; readonly count: number } // 11000110
  | { readonly op: 'pop-wcgr'; readonly mask: number } // 11000111 0000iiii
  | { readonly op: 'unsupported' };

/** A TI C6000 unwind instruction, as decode_tic6x_unwind_bytecode tells them apart. */
export type C6xOp =
  | { readonly op: 'sp-add'; readonly n: number }
  | { readonly op: 'refuse' }
  | { readonly op: 'pop'; readonly compact: boolean; readonly mask: number }
  /** Register numbers in print order, null for a pad slot; empty: no registers (corrupt). */
  | { readonly op: 'pop-frame'; readonly slots: readonly (number | null)[] }
  | { readonly op: 'mov-fp-sp' }
  | { readonly op: 'pop-rts' }
  | { readonly op: 'sp-add-uleb'; readonly value: bigint }
  | { readonly op: 'return' }
  | { readonly op: 'mv-b3'; readonly reg: number }
  | { readonly op: 'unsupported' };

/** Relocation notes raised before the byte at index `at` of an instruction was read. */
export interface NotesAt {
  readonly at: number;
  readonly notes: readonly RelocNote[];
}

/** One instruction: its bytes as GNU prints them, and what they mean. */
export interface OpItem {
  readonly kind: 'op';
  readonly bytes: number[];
  /** Notes raised while reading the instruction's later bytes (positions 1 and on). */
  readonly notes: NotesAt[];
  /** Null when the instruction could not be completed (see `end`). */
  value: ArmOp | C6xOp | null;
  /**
   * `truncated`: no byte left ("[Truncated opcode]"); `failed`: a read
   * failed (GNU stops mid-line); `corrupt-sp`: C6000's nine-byte stack
   * adjustment (a warning, then GNU stops mid-line).
   */
  end?: 'truncated' | 'failed' | 'corrupt-sp';
}

export type UnwindItem =
  /** Relocation diagnostics between lines. */
  | { readonly kind: 'notes'; readonly notes: readonly RelocNote[] }
  /** A read failed between lines: GNU stops here, silently. */
  | { readonly kind: 'failed' }
  /**
   * A personality routine: `name` is the relocation symbol's name when GNU
   * takes it from the string table (`direct`), else the symbol found for
   * the address.
   */
  | {
      readonly kind: 'personality';
      readonly fn: bigint;
      readonly direct: boolean;
      readonly symbol: SymbolHit | null;
    }
  /** "  [Truncated data]" (GNU stops). */
  | { readonly kind: 'truncated-data' }
  /** The compact model: its index; `corrupt` when bits 28-30 are set (ARM warns). */
  | { readonly kind: 'compact'; readonly index: number; readonly corrupt: boolean; readonly word: number }
  | OpItem
  /** ARM: a compact model index of 3 or more (warning, then "  [reserved]"). */
  | { readonly kind: 'reserved-index' }
  /** C6000: compact model 3 or 4 (a frame description in the word itself). */
  | { readonly kind: 'c6x-compact'; readonly index: number; readonly word: number }
  /** C6000: a compact model index of 5 or more ("  [reserved (%d)]"). */
  | { readonly kind: 'c6x-reserved'; readonly index: number };

/** decode_arm_unwind's result: what it prints, and what it returns. */
export interface UnwindEntry {
  readonly items: UnwindItem[];
  readonly ok: boolean;
}

/** The personality routines that use the standard compact encoding (a byte of word count first). */
const GCC_PERSONALITIES = ['__gcc_personality_v0', '__gxx_personality_v0', '__gcj_personality_v0', '__gnu_objc_personality_v0'];

/** decode_arm_unwind's cursor over the words of an entry. */
class Cursor {
  constructor(
    private readonly src: WordSource,
    public word: number,
    public remaining: number,
    public moreWords: number,
    public dataOffset: bigint,
  ) {}

  /**
   * ADVANCE: loads the next word when the current one is used up and more
   * are expected. Returns the read's notes, or null on failure.
   */
  advance(): { ok: boolean; notes: readonly RelocNote[] } {
    if (this.remaining !== 0 || this.moreWords === 0) return { ok: true, notes: [] };
    this.dataOffset += 4n;
    const r = this.src.read(this.dataOffset, false);
    if (!r.ok) return { ok: false, notes: r.notes };
    this.word = r.word;
    this.remaining = 4;
    this.moreWords--;
    return { ok: true, notes: r.notes };
  }

  /** Takes the top byte of the current word. */
  take(): number {
    this.remaining--;
    const b = this.word >>> 24;
    this.word = (this.word << 8) >>> 0;
    return b;
  }

  /** GET_OP: the next byte of an instruction into `item`, or false after marking how it ended. */
  getOp(item: OpItem): boolean {
    const a = this.advance();
    if (a.notes.length > 0) item.notes.push({ at: item.bytes.length, notes: a.notes });
    if (!a.ok) {
      item.end = 'failed';
      return false;
    }
    if (this.remaining === 0) {
      item.end = 'truncated';
      return false;
    }
    item.bytes.push(this.take());
    return true;
  }
}

/**
 * decode_arm_unwind. `word`/`remaining` are the index entry's inline word
 * and 4, or 0 and 0 to read the first word at `dataOffset` of the table
 * section at `dataSecAddr` through `src`.
 */
export function decodeUnwind(
  ctx: DecodeContext,
  src: WordSource,
  word: number,
  remaining: number,
  dataOffset: bigint,
  dataSecAddr: bigint,
): UnwindEntry {
  const items: UnwindItem[] = [];
  let ok = true;
  let addr = NO_ADDR;
  let symName = -1n;
  if (remaining === 0) {
    const r = src.read(dataOffset, true);
    if (r.notes.length > 0) items.push({ kind: 'notes', notes: r.notes });
    if (!r.ok) {
      items.push({ kind: 'failed' });
      return { items, ok: false };
    }
    word = r.word;
    addr = r.addr;
    symName = r.symName;
    remaining = 4;
  }
  const cur = new Cursor(src, word, remaining, 0, dataOffset);
  let perIndex: number;

  if ((word & 0x80000000) === 0) {
    const fn = expandPrel31(ctx.machine, word, (dataSecAddr + dataOffset) & U64_MAX);
    let procname: string | null;
    if (fn === 0n && addr.section === 0 && addr.offset === 0n && symName !== -1n && (procname = ctx.symbolName(symName)) !== null) {
      items.push({ kind: 'personality', fn, direct: true, symbol: { name: procname, offset: 0n } });
    } else {
      const symbol = ctx.symbolFor(addr.section === 0 ? { section: 0, offset: fn } : addr);
      procname = symbol?.name ?? null;
      items.push({ kind: 'personality', fn, direct: false, symbol });
    }
    if (procname === null || !GCC_PERSONALITIES.some((p) => procname!.startsWith(p))) return { items, ok };
    cur.remaining = 0;
    cur.moreWords = 1;
    const a = cur.advance();
    if (a.notes.length > 0) items.push({ kind: 'notes', notes: a.notes });
    if (!a.ok) {
      items.push({ kind: 'failed' });
      return { items, ok: false };
    }
    if (cur.remaining === 0) {
      items.push({ kind: 'truncated-data' });
      return { items, ok: false };
    }
    cur.moreWords = cur.word >>> 24;
    cur.word = (cur.word << 8) >>> 0;
    cur.remaining--;
    perIndex = -1;
  } else {
    const corrupt = ctx.machine === 'arm' && (word & 0x70000000) !== 0;
    if (corrupt) ok = false;
    perIndex = (word >>> 24) & 0x7f;
    items.push({ kind: 'compact', index: perIndex, corrupt, word });
    if (perIndex === 0) {
      cur.moreWords = 0;
      cur.word = (cur.word << 8) >>> 0;
      cur.remaining--;
    } else if (perIndex < 3) {
      cur.moreWords = (cur.word >>> 16) & 0xff;
      cur.word = (cur.word << 16) >>> 0;
      cur.remaining -= 2;
    }
  }

  if (ctx.machine === 'arm') {
    if (perIndex < 3) {
      if (!decodeArmBytecode(cur, items)) ok = false;
    } else {
      items.push({ kind: 'reserved-index' });
      ok = false;
    }
  } else if (perIndex < 3) {
    if (!decodeC6xBytecode(cur, items)) ok = false;
  } else if (perIndex < 5) {
    items.push({ kind: 'c6x-compact', index: perIndex, word: cur.word });
  } else {
    items.push({ kind: 'c6x-reserved', index: perIndex });
  }
  return { items, ok };
}

/** The loop both bytecode decoders share: ADVANCE, stop when out of bytes, one instruction. */
function nextOp(cur: Cursor, items: UnwindItem[]): OpItem | 'done' | 'failed' {
  const a = cur.advance();
  if (a.notes.length > 0) items.push({ kind: 'notes', notes: a.notes });
  if (!a.ok) {
    items.push({ kind: 'failed' });
    return 'failed';
  }
  if (cur.remaining === 0) return 'done';
  const item: OpItem = { kind: 'op', bytes: [cur.take()], notes: [], value: null };
  items.push(item);
  return item;
}

/** Reads a uleb128 of at most nine bytes; null when all nine have the continuation bit. */
function uleb9(cur: Cursor, item: OpItem): bigint | null | false {
  const start = item.bytes.length;
  for (let i = 0; i < 9; i++) {
    if (!cur.getOp(item)) return false;
    if ((item.bytes[item.bytes.length - 1]! & 0x80) === 0) {
      let value = 0n;
      for (let k = start, shift = 0n; k < item.bytes.length; k++, shift += 7n) {
        value |= BigInt(item.bytes[k]! & 0x7f) << shift;
      }
      return value;
    }
  }
  return null;
}

/** decode_arm_unwind_bytecode; false where GNU's returns false. */
function decodeArmBytecode(cur: Cursor, items: UnwindItem[]): boolean {
  let ok = true;
  for (;;) {
    const item = nextOp(cur, items);
    if (item === 'done') return ok;
    if (item === 'failed') return false;
    const op = item.bytes[0]!;
    let value: ArmOp;
    if ((op & 0xc0) === 0x00) {
      value = { op: 'vsp-add', n: ((op & 0x3f) << 2) + 4 };
    } else if ((op & 0xc0) === 0x40) {
      value = { op: 'vsp-sub', n: ((op & 0x3f) << 2) + 4 };
    } else if ((op & 0xf0) === 0x80) {
      if (!cur.getOp(item)) return false;
      const op2 = item.bytes[1]!;
      value = op === 0x80 && op2 === 0 ? { op: 'refuse' } : { op: 'pop-r4', mask: ((op & 0x0f) << 8) | op2 };
    } else if ((op & 0xf0) === 0x90) {
      value = op === 0x9d || op === 0x9f ? { op: 'reserved' } : { op: 'vsp-reg', reg: op & 0x0f };
    } else if ((op & 0xf0) === 0xa0) {
      value = { op: 'pop-r4-run', last: 4 + (op & 0x07), lr: (op & 0x08) !== 0 };
    } else if (op === 0xb0) {
      value = { op: 'finish' };
    } else if (op === 0xb1) {
      if (!cur.getOp(item)) return false;
      const op2 = item.bytes[1]!;
      value = op2 === 0 || (op2 & 0xf0) !== 0 ? { op: 'spare' } : { op: 'pop-r0', mask: op2 & 0x0f };
    } else if (op === 0xb2) {
      const v = uleb9(cur, item);
      if (v === false) return false;
      if (v === null) {
        value = { op: 'corrupt-vsp' };
        ok = false;
      } else {
        value = { op: 'vsp-add-uleb', value: BigInt.asIntN(64, v * 4n + 0x204n) };
      }
    } else if (op === 0xb3 || op === 0xc8 || op === 0xc9) {
      if (!cur.getOp(item)) return false;
      const op2 = item.bytes[1]!;
      value = { op: 'pop-d', first: (op2 >> 4) + (op === 0xc8 ? 16 : 0), count: op2 & 0x0f };
    } else if (op === 0xb4) {
      value = { op: 'pop-ra-auth' };
    } else if (op === 0xb5) {
      value = { op: 'pac' };
    } else if ((op & 0xf8) === 0xb8 || (op & 0xf8) === 0xd0) {
      value = { op: 'pop-d8', count: op & 0x07 };
    } else if (op >= 0xc0 && op <= 0xc5) {
      value = { op: 'pop-wr10', count: op & 0x07 };
    } else if (op === 0xc6) {
      if (!cur.getOp(item)) return false;
      const op2 = item.bytes[1]!;
      value = { op: 'pop-wr', first: op2 >> 4, count: op2 & 0x0f };
    } else if (op === 0xc7) {
      if (!cur.getOp(item)) return false;
      const op2 = item.bytes[1]!;
      value = op2 === 0 || (op2 & 0xf0) !== 0 ? { op: 'spare' } : { op: 'pop-wcgr', mask: op2 & 0x0f };
    } else {
      value = { op: 'unsupported' };
      ok = false;
    }
    item.value = value;
  }
}

/** decode_tic6x_unwind_bytecode; false where GNU's returns false. */
function decodeC6xBytecode(cur: Cursor, items: UnwindItem[]): boolean {
  for (;;) {
    const item = nextOp(cur, items);
    if (item === 'done') return true;
    if (item === 'failed') return false;
    const op = item.bytes[0]!;
    let value: C6xOp;
    if ((op & 0xc0) === 0x00) {
      value = { op: 'sp-add', n: ((op & 0x3f) << 3) + 8 };
    } else if ((op & 0xc0) === 0x80) {
      if (!cur.getOp(item)) return false;
      const op2 = item.bytes[1]!;
      value =
        op === 0x80 && op2 === 0
          ? { op: 'refuse' }
          : { op: 'pop', compact: (op & 0x20) !== 0, mask: ((op & 0x1f) << 8) | op2 };
    } else if ((op & 0xf0) === 0xc0) {
      // The whole instruction is read first; registers are listed from the last slot down.
      const regpos: { offset: number; reg: number }[] = [];
      let i = 0;
      for (; regpos.length < (op & 0xf); i++) {
        if (!cur.getOp(item)) return false;
        const op2 = item.bytes[item.bytes.length - 1]!;
        if (op2 >> 4 !== 0xf) regpos.push({ offset: i * 2, reg: op2 >> 4 });
        if ((op2 & 0xf) !== 0xf) regpos.push({ offset: i * 2 + 1, reg: op2 & 0xf });
      }
      const slots: (number | null)[] = [];
      if (regpos.length > 0) {
        let reg = regpos.length - 1;
        for (let k = i * 2; k > 0; k--) {
          if (regpos[reg]!.offset === k - 1) {
            slots.push(regpos[reg]!.reg);
            if (reg > 0) reg--;
          } else {
            slots.push(null);
          }
        }
      }
      value = { op: 'pop-frame', slots };
    } else if (op === 0xd0) {
      value = { op: 'mov-fp-sp' };
    } else if (op === 0xd1) {
      value = { op: 'pop-rts' };
    } else if (op === 0xd2) {
      const v = uleb9(cur, item);
      if (v === false) return false;
      if (v === null) {
        item.end = 'corrupt-sp';
        return false;
      }
      value = { op: 'sp-add-uleb', value: BigInt.asIntN(64, v * 8n + 0x408n) };
    } else if ((op & 0xf0) === 0xe0) {
      value = (op & 0x0f) === 7 ? { op: 'return' } : { op: 'mv-b3', reg: op & 0x0f };
    } else {
      value = { op: 'unsupported' };
    }
    item.value = value;
  }
}
