import { EM, isElfFormatError, type ElfFile } from '../elf/index.js';
import { RELR_RELATIVE } from '../elf/relocations.js';
import { loaderDynamicSymbols } from '../elf/dynsym.js';
import { STT } from '../elf/constants.js';

/**
 * What the page-cost model needs from the dynamic relocations: which pages
 * the loader writes, not a list of relocations. Each table is streamed once
 * into counts at a 4 KiB grain:
 *
 * - a target whose word lies within one 4 KiB page counts on that page (it
 *   then lies within one page at every larger page size too);
 * - a target whose word straddles two 4 KiB pages is kept at its own
 *   address, so that each page size can tell whether it straddles its pages.
 *
 * So memory is bounded by the pages written, whatever the number of
 * relocations (libLLVM's million, or a hostile table of 67 million), and
 * the model's answer is exact at every page size of 4 KiB or more. The
 * baseline keeps the same entries (src/gate/baseline.ts, `relocations`).
 */
export interface RelocationPages {
  /** [address, count], sorted by address: a 4 KiB page, or a straddling word's own address. */
  readonly entries: readonly (readonly [bigint, number])[];
  /** Relocations that write (R_*_NONE excluded). */
  readonly total: number;
  /**
   * Relocations whose value comes from an IFUNC resolver of this object
   * (R_*_IRELATIVE, or a symbol of this object's of type STT_GNU_IFUNC):
   * the loader calls the resolver, which may write pages of its own (a CPU
   * feature flag in .bss, as libatomic's does) that no relocation names.
   */
  readonly ifuncResolvers: number;
  /** Tables that could not be read, and relocations left uncounted, with the numbers. */
  readonly problems: readonly string[];
}

export const RELOCATION_GRAIN = 4096;
const GRAIN_BIG = BigInt(RELOCATION_GRAIN);
/**
 * At most this many distinct 4 KiB pages (4 GiB of relocated data per
 * process) are counted; past it the rest is a problem, not memory.
 */
export const MAX_RELOCATION_PAGES = 1 << 20;

/** R_*_IRELATIVE per machine (binutils include/elf/<machine>.h); machines without IFUNC support are absent. */
const IRELATIVE: ReadonlyMap<number, number> = new Map([
  [EM.X86_64, 37],
  [EM.I386, 42],
  [EM.ARM, 160],
  [EM.AARCH64, 1032],
  [EM.PPC, 248],
  [EM.PPC64, 248],
  [EM.RISCV, 58],
  [EM.S390, 61],
  [EM.SPARCV9, 249],
  [EM.LOONGARCH, 12],
]);

/** Counts relocation targets at the 4 KiB grain; see RelocationPages. */
export class RelocationCounter {
  private readonly small = new Map<number, number>();
  private readonly wide = new Map<bigint, number>();
  private total = 0;
  private dropped = 0;
  ifuncResolvers = 0;

  constructor(private readonly wordSize: number) {}

  /** One relocation writing a word at `addr` (a number below 2^53), or at `wide`. */
  add(addr: number, wide: bigint | undefined, count = 1): void {
    this.total += count;
    if (wide === undefined) {
      const inPage = addr % RELOCATION_GRAIN;
      const key = inPage + this.wordSize > RELOCATION_GRAIN ? addr : addr - inPage;
      const n = this.small.get(key);
      if (n !== undefined) this.small.set(key, n + count);
      else if (this.small.size + this.wide.size < MAX_RELOCATION_PAGES) this.small.set(key, count);
      else this.dropped += count;
    } else {
      const inPage = wide % GRAIN_BIG;
      const key = inPage + BigInt(this.wordSize) > GRAIN_BIG ? wide : wide - inPage;
      const n = this.wide.get(key);
      if (n !== undefined) this.wide.set(key, n + count);
      else if (this.small.size + this.wide.size < MAX_RELOCATION_PAGES) this.wide.set(key, count);
      else this.dropped += count;
    }
  }

  finish(problems: readonly string[]): RelocationPages {
    const entries: [bigint, number][] = [];
    for (const [k, n] of this.small) entries.push([BigInt(k), n]);
    for (const [k, n] of this.wide) entries.push([k, n]);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const all = [...problems];
    if (this.dropped > 0) {
      all.push(`${this.dropped} of ${this.total} relocations write beyond the first ${MAX_RELOCATION_PAGES} distinct 4 KiB pages and are not counted`);
    }
    return { entries, total: this.total, ifuncResolvers: this.ifuncResolvers, problems: all };
  }
}

/** Streams the file's dynamic relocations into RelocationPages. */
export function relocationPages(elf: ElfFile): RelocationPages {
  const { tables, problems } = elf.dynamicRelocationTables();
  const counter = new RelocationCounter(elf.bits / 8);
  if (tables.length === 0) return counter.finish(problems);
  const irelative = IRELATIVE.get(elf.header.machine) ?? -2;
  const ifuncSymbols = localIfuncSymbols(elf, problems);
  elf.forEachDynamicRelocation((addr, type, symbol, wide) => {
    if (type === 0) return; // R_*_NONE writes nothing
    counter.add(addr, wide);
    if (type === irelative || (type !== RELR_RELATIVE && symbol !== 0 && ifuncSymbols?.has(symbol) === true)) counter.ifuncResolvers++;
  }, tables);
  return counter.finish(problems);
}

/** Indices of the dynamic symbols this object defines as STT_GNU_IFUNC (null when there are none). */
function localIfuncSymbols(elf: ElfFile, problems: string[]): Set<number> | null {
  let table;
  try {
    table = loaderDynamicSymbols(elf);
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    problems.push(`dynamic symbols unreadable, IFUNC symbols not looked for: ${e.message}`);
    return null;
  }
  let out: Set<number> | null = null;
  for (const s of table?.symbols ?? []) {
    if (s.type === STT.GNU_IFUNC && s.shndx !== 0) (out ??= new Set()).add(s.index);
  }
  return out;
}

/** RelocationPages from a list of targets (tests, and files built by hand). */
export function relocationPagesOf(targets: readonly bigint[], wordSize: number): RelocationPages {
  const counter = new RelocationCounter(wordSize);
  for (const t of targets) {
    if (t < 2n ** 53n) counter.add(Number(t), undefined);
    else counter.add(NaN, t);
  }
  return counter.finish([]);
}
