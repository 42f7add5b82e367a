import { DT, DT_MIPS, EM, PT } from '../elf/constants.js';
import type { DynamicTable } from '../elf/tables.js';
import { U64_MAX, type SectionHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { u64 } from './printf.js';
import { validateSymbols } from './section-headers.js';
import { decodeElfSymbols, type LoadedSymbols } from './symbol-table.js';

/**
 * fseek64 fails (lseek's EINVAL) past the file system's largest file:
 * ext4's with 4 KiB blocks and extents is 2^32 - 1 blocks, which is what
 * GNU readelf meets on the corpus and the samples (tmpfs would allow up to
 * 2^63 - 1; this port follows ext4). Offsets above it fail.
 */
const SEEK_LIMIT = 0xffffffff000n;
const SYMTAB = Number(DT.SYMTAB);
const SYMENT = Number(DT.SYMENT);
const HASH = Number(DT.HASH);
const GNU_HASH = Number(DT.GNU_HASH);

/**
 * The hash tables' addresses as process_dynamic_section records them before
 * counting the dynamic symbols: the last entry of each tag (a MIPS DT_MIPS_XHASH
 * stands for DT_GNU_HASH too).
 */
export interface HashTags {
  symtab: bigint;
  syment: bigint;
  hash: bigint;
  gnuHash: bigint;
  mipsXhash: bigint;
}

/** process_dynamic_section's scan of DT_SYMTAB, DT_SYMENT, DT_HASH, DT_GNU_HASH and DT_MIPS_XHASH. */
export function hashTags(fd: Filedata, dyn: DynamicTable): HashTags {
  const tags: HashTags = { symtab: 0n, syment: 0n, hash: 0n, gnuHash: 0n, mipsXhash: 0n };
  const mips = fd.header.machine === EM.MIPS || fd.header.machine === EM.MIPS_RS3_LE;
  // tag32 is -1 for a d_tag that does not fit in 32 bits: none of these.
  for (let i = 0; i < dyn.count; i++) {
    const tag = dyn.tag32(i);
    if (tag === SYMTAB) tags.symtab = dyn.at(i).value;
    else if (tag === SYMENT) tags.syment = dyn.at(i).value;
    else if (tag === HASH) tags.hash = dyn.at(i).value;
    else if (tag === GNU_HASH) tags.gnuHash = dyn.at(i).value;
    else if (mips && tag === DT_MIPS.XHASH) {
      tags.mipsXhash = dyn.at(i).value;
      tags.gnuHash = tags.mipsXhash;
    }
  }
  return tags;
}

/** The hash tables get_num_dynamic_syms keeps for the histogram (GNU's buckets, chains, gnubuckets…). */
export interface HashTables {
  /** `.hash`: buckets and chains, or null when GNU dropped them. */
  buckets: Float64Array | null;
  chains: Float64Array | null;
  /** `.gnu.hash` (or `.MIPS.xhash`): buckets, chains and symbol index base, or null. */
  gnuBuckets: Uint32Array | null;
  gnuChains: Uint32Array | null;
  gnuSymIdx: number;
  /** DT_MIPS_XHASH was non-zero: the table is `.MIPS.xhash`, with its translation table. */
  mipsXhash: boolean;
}

/**
 * A file read as GNU's get_num_dynamic_syms does it: an fseek64 (failing
 * past SEEK_LIMIT, after GNU's message) and freads continuing from the
 * position the last one left (a short read leaves it at the end of the file).
 */
class Stream {
  private pos = 0n;
  constructor(private readonly fd: Filedata) {}

  seek(offset: bigint): boolean {
    if (offset > SEEK_LIMIT) {
      this.fd.diag.error('Unable to seek to start of dynamic information');
      return false;
    }
    this.pos = offset;
    return true;
  }

  /** fread of `n` bytes: null when fewer are there. */
  read(n: bigint): Buffer | null {
    if (this.pos > this.fd.fileSize || n > this.fd.fileSize - this.pos) {
      if (this.pos < this.fd.fileSize) this.pos = this.fd.fileSize;
      return null;
    }
    const b = this.fd.reader.readRange(this.pos, n, 'dynamic information');
    this.pos += n;
    return b;
  }

  /** byte_get of a 4- or 8-byte word at the start of `b`. */
  word(b: Buffer, size: number): bigint {
    const d = this.fd.reader.decoder;
    return size === 8 ? d.u64(b, 0) : BigInt(d.u32(b, 0));
  }

  /** get_dynamic_data: `number` entries of `size` bytes, with GNU's messages. */
  entries(number: bigint, size: number): Float64Array | null {
    const bytes = number * BigInt(size);
    if (bytes > U64_MAX) {
      this.fd.diag.error(`Size overflow prevents reading ${number} elements of size ${size}`);
      return null;
    }
    if (bytes > this.fd.fileSize) {
      this.fd.diag.error(`Invalid number of dynamic entries: ${number}`);
      return null;
    }
    const b = this.read(bytes);
    if (b === null) {
      this.fd.diag.error(`Unable to read in ${bytes} bytes of dynamic data`);
      return null;
    }
    const d = this.fd.reader.decoder;
    const n = Number(number);
    const out = new Float64Array(n);
    if (size === 4) for (let i = 0; i < n; i++) out[i] = d.u32(b, 4 * i);
    else for (let i = 0; i < n; i++) out[i] = Number(d.u64(b, 8 * i));
    return out;
  }
}

/**
 * get_num_dynamic_syms (readelf.c, binutils 2.40): the number of dynamic
 * symbols the hash tables imply — DT_HASH's nchains, then at least one past
 * the highest symbol a DT_GNU_HASH (or DT_MIPS_XHASH) chain reaches — with
 * GNU's messages for tables that cannot be read. The tables read are left
 * in fd.hashTables for --histogram.
 */
function countDynamicSymbols(fd: Filedata, tags: HashTags): bigint {
  const tables: HashTables = { buckets: null, chains: null, gnuBuckets: null, gnuChains: null, gnuSymIdx: 0, mipsXhash: tags.mipsXhash !== 0n };
  fd.hashTables = tables;
  const s = new Stream(fd);
  let num = 0n;
  if (tags.hash !== 0n) {
    const m = fd.header.machine;
    const size = (m === EM.ALPHA || m === EM.S390 || m === EM.S390_OLD) && !fd.is32 ? 8 : 4;
    if (s.seek(fd.offsetFromVma(tags.hash, 16n))) {
      const nb = s.read(BigInt(size));
      const nc = nb === null ? null : s.read(BigInt(size));
      if (nb === null) fd.diag.error('Failed to read in number of buckets');
      else if (nc === null) fd.diag.error('Failed to read in number of chains');
      else {
        const nbuckets = s.word(nb, size);
        const nchains = s.word(nc, size);
        if (nbuckets !== 0n && nchains !== 0n) {
          tables.buckets = s.entries(nbuckets, size);
          tables.chains = s.entries(nchains, size);
          if (tables.buckets !== null && tables.chains !== null) num = nchains;
        }
      }
    }
    if (num === 0n) tables.buckets = tables.chains = null;
  }
  if (tags.gnuHash !== 0n) {
    const found = readGnuHash(fd, s, tables, tags.gnuHash);
    if (found === 0n) tables.gnuBuckets = tables.gnuChains = null;
    else if (found > num) num = found;
  }
  return num;
}

/** The DT_GNU_HASH half of get_num_dynamic_syms: the number of symbols it implies, 0 when GNU gave up. */
function readGnuHash(fd: Filedata, s: Stream, t: HashTables, gnuHash: bigint): bigint {
  const d = fd.reader.decoder;
  if (!s.seek(fd.offsetFromVma(gnuHash, 16n))) return 0n;
  const nb = s.read(16n);
  if (nb === null) {
    fd.diag.error('Failed to read in number of buckets');
    return 0n;
  }
  const nbuckets = d.u32(nb, 0);
  t.gnuSymIdx = d.u32(nb, 4);
  const bitmaskWords = BigInt(d.u32(nb, 8));
  const bucketsVma = u64(gnuHash + 16n + bitmaskWords * (fd.is32 ? 4n : 8n));
  if (!s.seek(fd.offsetFromVma(bucketsVma, 4n))) return 0n;
  const buckets = s.entries(BigInt(nbuckets), 4);
  if (buckets === null) return 0n;
  t.gnuBuckets = Uint32Array.from(buckets);
  let maxchain = 0xffffffff;
  for (let i = 0; i < nbuckets; i++) {
    const b = buckets[i]!;
    if (b === 0) continue;
    if (b < t.gnuSymIdx) return 0n;
    if (maxchain === 0xffffffff || b > maxchain) maxchain = b;
  }
  if (maxchain === 0xffffffff) return 0n;
  maxchain -= t.gnuSymIdx;
  if (!s.seek(fd.offsetFromVma(u64(bucketsVma + 4n * BigInt(nbuckets + maxchain)), 4n))) return 0n;
  for (;;) {
    const w = s.read(4n);
    if (w === null) {
      fd.diag.error('Failed to determine last chain length');
      return 0n;
    }
    // GNU's `maxchain + 1 == 0` (a 64-bit count) cannot be reached: each step reads 4 bytes of the file.
    ++maxchain;
    if ((d.u32(w, 0) & 1) !== 0) break;
  }
  if (!s.seek(fd.offsetFromVma(u64(bucketsVma + 4n * BigInt(nbuckets)), 4n))) return 0n;
  const chains = s.entries(BigInt(maxchain), 4);
  if (chains === null) return 0n;
  t.gnuChains = Uint32Array.from(chains);
  let xlat: Float64Array | null = null;
  if (t.mipsXhash) {
    if (!s.seek(fd.offsetFromVma(u64(bucketsVma + 4n * BigInt(nbuckets + maxchain)), 4n))) return 0n;
    xlat = s.entries(BigInt(maxchain), 4);
    if (xlat === null) return 0n;
  }
  let num = 0;
  const nchains = maxchain;
  for (let hn = 0; hn < nbuckets; hn++) {
    let si = buckets[hn]!;
    if (si === 0) continue;
    let off = si - t.gnuSymIdx;
    do {
      if (xlat !== null) {
        if (off < nchains && xlat[off]! >= num) num = xlat[off]! + 1;
      } else if (si >= num) num = si + 1;
      si++;
    } while (off < nchains && (chains[off++]! & 1) === 0);
  }
  return BigInt(num);
}

/**
 * The part of process_dynamic_section (readelf.c 2.40) that finds the
 * dynamic symbols: when none were loaded from a .dynsym section, or with
 * --histogram, the hash tables are counted (get_num_dynamic_syms, which
 * reads nothing unless --histogram, or -D without --dyn-syms) and, when
 * still none are loaded, the symbols are taken from DT_SYMTAB. Returns
 * false where GNU's function returns false (the file's status becomes 1).
 */
export function loadDynamicSymbols(fd: Filedata, dyn: DynamicTable): boolean {
  if (fd.dynamicSymtab !== null && !fd.opts.histogram) return true;
  const { histogram, useDynamic, dynSyms } = fd.opts;
  if (!histogram && !(useDynamic && !dynSyms)) return true;
  const tags = hashTags(fd, dyn);
  const num = countDynamicSymbols(fd, tags);
  if (!histogram) fd.hashTables = null;
  if (num === 0n || fd.dynamicSymtab !== null || tags.symtab === 0n || tags.syment === 0n) return true;
  return loadSymbolsFromTags(fd, tags.symtab, tags.syment, num);
}

/**
 * GNU's stand-in section for DT_SYMTAB: `num` symbols of `syment` bytes
 * from the PT_LOAD holding `vma`, validated as get_elf_symbols does.
 */
function loadSymbolsFromTags(fd: Filedata, vma: bigint, syment: bigint, num: bigint): boolean {
  if (!fd.getProgramHeaders()) {
    fd.diag.error('Cannot interpret virtual addresses without program headers.');
    return false;
  }
  const phdrs = fd.phdrs!;
  for (let i = 0; i < Math.min(fd.phnum, phdrs.count); i++) {
    if (phdrs.type(i) !== PT.LOAD) continue;
    const seg = phdrs.at(i);
    if (u64(seg.offset + seg.filesz) > fd.fileSize) {
      fd.diag.error('Invalid PT_LOAD entry');
      return false;
    }
    if (vma >= (seg.vaddr & u64(-seg.align)) && vma < u64(seg.vaddr + seg.filesz)) {
      // Its name is past the end of the section name table.
      const section: SectionHeader = {
        index: -1,
        name: fd.stringTable?.length ?? 0,
        type: 0,
        flags: 0n,
        addr: 0n,
        offset: u64(vma - seg.vaddr + seg.offset),
        size: u64(num * syment),
        link: 0,
        info: 0,
        addralign: 0n,
        entsize: syment,
      };
      if (!validateSymbols(fd, section) || section.size / syment !== num) {
        fd.diag.error('Corrupt DT_SYMTAB dynamic entry');
        return false;
      }
      fd.dynamicSymtab = section;
      return true;
    }
  }
  return true;
}

/**
 * filedata->dynamic_symbols: the table of fd.dynamicSymtab (the first valid
 * SHT_DYNSYM section, or the stand-in above), decoded once; null without one.
 */
export function dynamicSymbols(fd: Filedata): LoadedSymbols | null {
  if (fd.dynamicSymbolTable === null && fd.dynamicSymtab !== null) fd.dynamicSymbolTable = decodeElfSymbols(fd, fd.dynamicSymtab) as LoadedSymbols;
  return fd.dynamicSymbolTable;
}

/** The dynamic string table's bytes (GNU's dynamic_strings), or null without one. */
export function dynamicStrings(fd: Filedata): Buffer | null {
  if (!fd.dynamicStringsLoaded) return null;
  return Buffer.from(fd.reader.readRange(fd.dynamicStringsOffset, fd.dynamicStringsLength, 'dynamic strings'));
}
