import { SHT } from '../../elf/constants.js';
import { cText } from '../../elf/reader.js';
import { symbolValue } from '../../elf/symbol-columns.js';
import { STT } from '../../elf/constants.js';
import type { SectionHeader } from '../../elf/types.js';
import { U64_MAX } from '../../elf/types.js';
import type { Filedata } from '../filedata.js';
import { getElfSymbols } from '../symbol-table.js';
import type { AbsAddr, SymbolHit } from './arm-decode.js';

/** A symbol table as the unwind dumpers keep it (get_symtab): all symbols, and the string table. */
export interface UnwindSymbols {
  readonly count: number;
  readonly value: readonly bigint[];
  readonly info: Uint8Array;
  /** st_shndx as get_elf_symbols holds it: reserved values widened, SHN_XINDEX resolved through SHT_SYMTAB_SHNDX. */
  readonly shndx: Uint32Array;
  readonly name: Uint32Array;
  readonly strtab: Buffer | null;
  readonly strtabSize: bigint;
}

/**
 * get_symtab: the symbols of `sec` (get_elf_symbols, with its checks and
 * messages) and its linked string table; null where GNU's returns false.
 */
export function loadSymtab(fd: Filedata, sec: SectionHeader): UnwindSymbols | null {
  const syms = getElfSymbols(fd, sec);
  if (syms === null) return null;
  const { cols, shndx } = syms;
  const count = cols.count;
  const value = new Array<bigint>(count);
  for (let j = 0; j < count; j++) value[j] = symbolValue(cols, j);
  const { info, name } = cols;
  let strtab: Buffer | null = null;
  let strtabSize = 0n;
  if (sec.link !== 0) {
    if (sec.link >= fd.shnum) {
      fd.diag.error('Bad sh_link in symbol table section');
      return null;
    }
    const strsec = fd.sections!.at(sec.link);
    strtab = fd.getData(strsec.offset, 1n, strsec.size, 'string table');
    if (strtab === null) return null;
    strtabSize = strsec.size;
  }
  return { count, value, info, shndx, name, strtab, strtabSize };
}

/**
 * The loop the unwind dumpers open with: every SHT_SYMTAB loaded in turn
 * (a second one replaces the first, after GNU's error), and the indices of
 * the unwind sections `isUnwind` picks. Null where GNU's dumper returns
 * false (a symbol table could not be loaded).
 */
export function scanUnwindSections(
  fd: Filedata,
  isUnwind: (i: number) => boolean,
): { syms: UnwindSymbols | null; unwind: number[] } | null {
  const sections = fd.sections!;
  let syms: UnwindSymbols | null = null;
  const unwind: number[] = [];
  for (let i = 0; i < fd.shnum; i++) {
    if (sections.type(i) === SHT.SYMTAB) {
      if (syms !== null) {
        fd.diag.error('Multiple symbol tables encountered');
        syms = null;
      }
      syms = loadSymtab(fd, sections.at(i));
      if (syms === null) return null;
    } else if (isUnwind(i)) {
      unwind.push(i);
    }
  }
  return { syms, unwind };
}


/**
 * The function symbols (STT_FUNC, non-zero value) sorted by address — the
 * dumpers' funtab, sorted by glibc's qsort, a stable merge sort — and
 * find_symbol_for_address over them.
 */
export class FunctionSymbols {
  private readonly funtab: Int32Array;

  /** `thumb`: REMOVE_ARCH_BITS (EM_ARM ignores bit 0 of addresses and values). */
  constructor(
    private readonly syms: UnwindSymbols | null,
    private readonly thumb: boolean,
  ) {
    const order: number[] = [];
    if (syms !== null) {
      for (let j = 0; j < syms.count; j++) if (syms.value[j] !== 0n && (syms.info[j]! & 0xf) === STT.FUNC) order.push(j);
      const v = syms.value;
      order.sort((a, b) => (v[a]! > v[b]! ? 1 : v[a]! < v[b]! ? -1 : 0));
    }
    this.funtab = Int32Array.from(order);
  }

  /** find_symbol_for_address: the nearest named function at or below the address, less than 1 MiB away. */
  find(addr: AbsAddr): SymbolHit | null {
    const syms = this.syms;
    const fun = this.funtab;
    if (syms === null || fun.length === 0) return null;
    const thumb = this.thumb;
    const offset = thumb ? addr.offset & ~1n & U64_MAX : addr.offset;
    let dist = 0x100000n;
    let best = -1;
    let beg = 0;
    let end = fun.length;
    while (beg < end) {
      const mid = beg + ((end - beg) >> 1);
      const j = fun[mid]!;
      const value = thumb ? syms.value[j]! & ~1n & U64_MAX : syms.value[j]!;
      if (
        syms.name[j] !== 0 &&
        (addr.section === 0 || addr.section === syms.shndx[j]) &&
        offset >= value &&
        offset - value < dist
      ) {
        best = j;
        dist = offset - value;
        if (dist === 0n) break;
      }
      if (offset < value) end = mid;
      else beg = mid + 1;
    }
    if (best < 0) return null;
    const n = syms.name[best]!;
    const name = BigInt(n) >= syms.strtabSize || syms.strtab === null ? '<corrupt>' : cText(syms.strtab, n);
    return { name, offset: dist };
  }

  /** The string at `offset` of the symbol string table, or null when it is past the table's size. */
  stringAt(offset: bigint): string | null {
    const syms = this.syms;
    if (syms === null || syms.strtab === null || offset >= syms.strtabSize) return null;
    return cText(syms.strtab, Number(offset));
  }
}
