import { DT, SHT, STRUCT_SIZE } from './constants.js';
import type { ElfFile } from './file.js';
import { decodeSymbols, type ElfSymbol } from './symbols.js';

/** Refuse symbol counts beyond this: no real table is that big. */
const MAX_SYMBOLS = 1 << 24;

/** Where a dynamic symbol table was found. */
export interface DynamicSymbolTable {
  /** `.dynsym` (section header), or `DT_SYMTAB` when read through the dynamic table. */
  readonly source: '.dynsym' | 'DT_SYMTAB';
  /** Shared by every caller for the same file: read, never change. */
  readonly symbols: readonly ElfSymbol[];
}

/**
 * The dynamic symbols the loader sees: the SHT_DYNSYM section when there
 * is one, otherwise the table DT_SYMTAB points at, with names from
 * DT_STRTAB and the count from DT_HASH's nchain or a walk of DT_GNU_HASH
 * (for files whose section headers were stripped, e.g. by sstrip, or never
 * written). Null when neither exists. Raises ElfFormatError on tables that
 * run past the end of the file.
 */
export function loaderDynamicSymbols(file: ElfFile): DynamicSymbolTable | null {
  // Decoded once per open file: the memory model (IFUNC resolvers), the ABI
  // facts and the hardening rules each ask, and a library has thousands.
  let table = decoded.get(file);
  if (table === undefined) {
    table = readLoaderDynamicSymbols(file);
    decoded.set(file, table);
  }
  return table;
}

const decoded = new WeakMap<ElfFile, DynamicSymbolTable | null>();

function readLoaderDynamicSymbols(file: ElfFile): DynamicSymbolTable | null {
  const sec = file.sectionHeaders.find((s) => s.type === SHT.DYNSYM);
  if (sec !== undefined) return { source: '.dynsym', symbols: file.symbols(sec) };
  if (file.dynamic === null) return null;
  const symtab = file.dynamicValue(DT.SYMTAB);
  if (symtab === undefined) return null;
  const entsize = Number(file.dynamicValue(DT.SYMENT) ?? BigInt(STRUCT_SIZE[file.bits].sym));
  const count = symbolCount(file);
  if (count === undefined || count === 0) return { source: 'DT_SYMTAB', symbols: [] };
  const size = BigInt(count) * BigInt(Math.max(entsize, STRUCT_SIZE[file.bits].sym));
  const off = file.vaddrToOffset(symtab, size);
  if (off === undefined) return { source: 'DT_SYMTAB', symbols: [] };
  const bytes = file.reader.readRange(off, size, 'dynamic symbol table');
  const strtab = file.dynamicStrings() ?? Buffer.alloc(0);
  return { source: 'DT_SYMTAB', symbols: decodeSymbols(file.reader.decoder, bytes, entsize, strtab) };
}

/** The number of dynamic symbols, from DT_HASH (nchain) or DT_GNU_HASH. */
function symbolCount(file: ElfFile): number | undefined {
  const d = file.reader.decoder;
  const hash = file.dynamicValue(DT.HASH);
  if (hash !== undefined) {
    const off = file.vaddrToOffset(hash, 8n);
    if (off !== undefined) {
      const nchain = d.u32(file.reader.readRange(off, 8n, 'DT_HASH header'), 4);
      return nchain <= MAX_SYMBOLS ? nchain : undefined;
    }
  }
  const gnu = file.dynamicValue(DT.GNU_HASH);
  if (gnu === undefined) return undefined;
  const hoff = file.vaddrToOffset(gnu, 16n);
  if (hoff === undefined) return undefined;
  const head = file.reader.readRange(hoff, 16n, 'DT_GNU_HASH header');
  const nbuckets = d.u32(head, 0);
  const symoffset = d.u32(head, 4);
  const bloomSize = d.u32(head, 8);
  const word = BigInt(file.bits / 8);
  const bucketsAt = hoff + 16n + BigInt(bloomSize) * word;
  if (nbuckets === 0 || nbuckets > MAX_SYMBOLS) return undefined;
  const buckets = file.reader.readRange(bucketsAt, BigInt(nbuckets) * 4n, 'DT_GNU_HASH buckets');
  let last = 0;
  for (let i = 0; i < nbuckets; i++) last = Math.max(last, d.u32(buckets, i * 4));
  if (last < symoffset) return symoffset;
  // walk the chain of the highest bucket until its end marker (low bit set)
  const chainsAt = bucketsAt + BigInt(nbuckets) * 4n;
  for (let i = last; i - symoffset < MAX_SYMBOLS; i++) {
    const at = chainsAt + BigInt(i - symoffset) * 4n;
    if (!file.reader.inFile(at, 4n)) return undefined;
    if ((d.u32(file.reader.readRange(at, 4n, 'DT_GNU_HASH chain'), 0) & 1) !== 0) return i + 1;
  }
  return undefined;
}
