import { DT, EM, PT } from '../elf/constants.js';
import type { DynamicTable } from '../elf/tables.js';
import type { SectionHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { u64 } from './printf.js';
import { SEEK_LIMIT } from './histogram.js';
import { getElfSymbols, type LoadedSymbols } from './symbol-table.js';

const U64 = (1n << 64n) - 1n;
const EM_ALPHA = 0x9026;
const DT_GNU_HASH = 0x6ffffef5;
const DT_MIPS_XHASH = 0x70000036;
const SYMTAB = Number(DT.SYMTAB);
const SYMENT = Number(DT.SYMENT);
const HASH = Number(DT.HASH);

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

export function hashTags(fd: Filedata, dyn: DynamicTable): HashTags {
  const tags: HashTags = { symtab: 0n, syment: 0n, hash: 0n, gnuHash: 0n, mipsXhash: 0n };
  const mips = fd.header.machine === EM.MIPS || fd.header.machine === EM.MIPS_RS3_LE;
  for (let i = 0; i < dyn.count; i++) {
    const tag = dyn.tag32(i);
    if (tag === SYMTAB) tags.symtab = dyn.at(i).value;
    else if (tag === SYMENT) tags.syment = dyn.at(i).value;
    else if (tag === HASH) tags.hash = dyn.at(i).value;
    else if (tag === DT_GNU_HASH && dyn.at(i).tag === BigInt(DT_GNU_HASH)) tags.gnuHash = dyn.at(i).value;
    else if (mips && tag === DT_MIPS_XHASH && dyn.at(i).tag === BigInt(DT_MIPS_XHASH)) {
      tags.mipsXhash = dyn.at(i).value;
      tags.gnuHash = tags.mipsXhash;
    }
  }
  return tags;
}

/**
 * A file read the way get_num_dynamic_syms reads it: fseek, then freads
 * that continue where the last one stopped (a short read leaves the
 * position at the end of the file).
 */
class Cursor {
  pos = 0n;
  constructor(private readonly fd: Filedata) {}

  /** fseek64: false (after GNU's message) past the file system's largest file (histogram.ts SEEK_LIMIT). */
  seek(offset: bigint): boolean {
    if (offset > SEEK_LIMIT) {
      this.fd.diag.error('Unable to seek to start of dynamic information');
      return false;
    }
    this.pos = offset;
    return true;
  }

  /** fread of `n` bytes: null on a short read. */
  read(n: bigint): Buffer | null {
    const fd = this.fd;
    if (this.pos > fd.fileSize || n > fd.fileSize - this.pos) {
      this.pos = this.pos > fd.fileSize ? this.pos : fd.fileSize;
      return null;
    }
    const buf = fd.reader.readRange(this.pos, n, 'dynamic information');
    this.pos += n;
    return buf;
  }

  /** byte_get of `size` bytes (4 or 8) at `at` of `buf`. */
  word(buf: Buffer, at: number, size: number): bigint {
    const d = this.fd.reader.decoder;
    return size === 8 ? d.u64(buf, at) : BigInt(d.u32(buf, at));
  }

  /** get_dynamic_data: `number` entries of `size` bytes from the current position, or null after GNU's message. */
  entries(number: bigint, size: number): bigint[] | null {
    const fd = this.fd;
    const es = BigInt(size);
    if (((es * number) & U64) / es !== number) {
      fd.diag.error(`Size overflow prevents reading ${number} elements of size ${size}`);
      return null;
    }
    if (es * number > fd.fileSize) {
      fd.diag.error(`Invalid number of dynamic entries: ${number}`);
      return null;
    }
    const buf = this.read(es * number);
    if (buf === null) {
      fd.diag.error(`Unable to read in ${number * es} bytes of dynamic data`);
      return null;
    }
    const n = Number(number);
    const out = new Array<bigint>(n);
    for (let i = 0; i < n; i++) out[i] = this.word(buf, i * size, size);
    return out;
  }
}

/**
 * get_num_dynamic_syms (readelf.c, binutils 2.40): the number of dynamic
 * symbols the hash tables imply — DT_HASH's nchains, then at least one past
 * the highest symbol a DT_GNU_HASH (or DT_MIPS_XHASH) chain reaches — with
 * GNU's messages for tables that cannot be read.
 */
export function countDynamicSymbols(fd: Filedata, tags: HashTags): bigint {
  let num = 0n;
  const cur = new Cursor(fd);
  if (tags.hash !== 0n) {
    const h = fd.header;
    const hes = (h.machine === EM_ALPHA || h.machine === EM.S390 || h.machine === EM.S390_OLD) && !fd.is32 ? 8 : 4;
    if (cur.seek(fd.offsetFromVma(tags.hash, 16n))) {
      const nb = cur.read(BigInt(hes));
      if (nb === null) fd.diag.error('Failed to read in number of buckets');
      else {
        const nc = cur.read(BigInt(hes));
        if (nc === null) fd.diag.error('Failed to read in number of chains');
        else {
          const nbuckets = cur.word(nb, 0, hes);
          const nchains = cur.word(nc, 0, hes);
          if (nbuckets !== 0n && nchains !== 0n) {
            const buckets = cur.entries(nbuckets, hes);
            const chains = cur.entries(nchains, hes);
            if (buckets !== null && chains !== null) num = nchains;
          }
        }
      }
    }
  }
  if (tags.gnuHash !== 0n) num = gnuHashCount(fd, cur, tags, num);
  return num;
}

/** The DT_GNU_HASH half of get_num_dynamic_syms; returns `num`, raised to what the chains reach. */
function gnuHashCount(fd: Filedata, cur: Cursor, tags: HashTags, num: bigint): bigint {
  if (!cur.seek(fd.offsetFromVma(tags.gnuHash, 16n))) return num;
  const nb = cur.read(16n);
  if (nb === null) {
    fd.diag.error('Failed to read in number of buckets');
    return num;
  }
  const ngnubuckets = cur.word(nb, 0, 4);
  const gnusymidx = cur.word(nb, 4, 4);
  const bitmaskwords = cur.word(nb, 8, 4);
  const bucketsVma = u64(tags.gnuHash + 16n + bitmaskwords * (fd.is32 ? 4n : 8n));
  if (!cur.seek(fd.offsetFromVma(bucketsVma, 4n))) return num;
  const buckets = cur.entries(ngnubuckets, 4);
  if (buckets === null) return num;
  let maxchain = 0xffffffffn;
  for (const b of buckets) {
    if (b === 0n) continue;
    if (b < gnusymidx) return num;
    if (maxchain === 0xffffffffn || b > maxchain) maxchain = b;
  }
  if (maxchain === 0xffffffffn) return num;
  maxchain -= gnusymidx;
  if (!cur.seek(fd.offsetFromVma(u64(bucketsVma + 4n * (ngnubuckets + maxchain)), 4n))) return num;
  for (;;) {
    const word = cur.read(4n);
    if (word === null) {
      fd.diag.error('Failed to determine last chain length');
      return num;
    }
    if (((maxchain + 1n) & U64) === 0n) return num;
    maxchain++;
    if ((cur.word(word, 0, 4) & 1n) !== 0n) break;
  }
  if (!cur.seek(fd.offsetFromVma(u64(bucketsVma + 4n * ngnubuckets), 4n))) return num;
  const chains = cur.entries(maxchain, 4);
  if (chains === null) return num;
  const nchains = BigInt(chains.length);
  let xlat: bigint[] | null = null;
  if (tags.mipsXhash !== 0n) {
    if (!cur.seek(fd.offsetFromVma(u64(bucketsVma + 4n * (ngnubuckets + maxchain)), 4n))) return num;
    xlat = cur.entries(maxchain, 4);
    if (xlat === null) return num;
  }
  for (const b of buckets) {
    if (b === 0n) continue;
    let si = b;
    let off = b - gnusymidx;
    for (;;) {
      if (xlat !== null) {
        if (off < nchains && xlat[Number(off)]! >= num) num = xlat[Number(off)]! + 1n;
      } else if (si >= num) num = si + 1n;
      si++;
      if (!(off < nchains && (chains[Number(off++)]! & 1n) === 0n)) break;
    }
  }
  return num;
}

/**
 * The dynamic symbol table process_dynamic_section finds through DT_SYMTAB
 * when the section headers gave none and -D asks for it: as many symbols as
 * the hash tables count, read from the PT_LOAD holding DT_SYMTAB. Returns
 * false where GNU's function returns false (the file's status becomes 1).
 */
export function loadDynamicSymbolsFromTags(fd: Filedata, dyn: DynamicTable): boolean {
  const tags = hashTags(fd, dyn);
  const num = countDynamicSymbols(fd, tags);
  if (num === 0n || tags.symtab === 0n || tags.syment === 0n) return true;
  if (!fd.getProgramHeaders()) {
    fd.diag.error('Cannot interpret virtual addresses without program headers.');
    return false;
  }
  const phdrs = fd.phdrs!;
  const vma = tags.symtab;
  for (let i = 0; i < Math.min(fd.phnum, phdrs.count); i++) {
    if (phdrs.type(i) !== PT.LOAD) continue;
    const seg = phdrs.at(i);
    if (u64(seg.offset + seg.filesz) > fd.fileSize) {
      fd.diag.error('Invalid PT_LOAD entry');
      return false;
    }
    if (vma >= (seg.vaddr & u64(-seg.align)) && vma < u64(seg.vaddr + seg.filesz)) {
      // GNU's stand-in section: its name is past the end of the name table.
      const section: SectionHeader = {
        index: -1,
        name: fd.stringTable?.length ?? 0,
        type: 0,
        flags: 0n,
        addr: 0n,
        offset: u64(vma - seg.vaddr + seg.offset),
        size: u64(num * tags.syment),
        link: 0,
        info: 0,
        addralign: 0n,
        entsize: tags.syment,
      };
      const syms = getElfSymbols(fd, section);
      if (syms === null || BigInt(syms.cols.count) !== num) {
        fd.diag.error('Corrupt DT_SYMTAB dynamic entry');
        return false;
      }
      fd.dynamicSymbolTable = syms;
      fd.dynamicSymtab = section;
      return true;
    }
  }
  return true;
}

/** filedata->dynamic_symbols: from the first loadable SHT_DYNSYM section, else from DT_SYMTAB (with -D). */
export function dynamicSymbols(fd: Filedata): LoadedSymbols | null {
  if (fd.dynamicSymbolTable !== null) return fd.dynamicSymbolTable;
  // The .dynsym section, or the stand-in --histogram made from DT_SYMTAB (histogram.ts).
  const section = fd.dynamicSymbolsIndex >= 0 && fd.sections !== null ? fd.sections.at(fd.dynamicSymbolsIndex) : fd.dynamicSymtab;
  if (section === null) return null;
  fd.dynamicSymbolTable = getElfSymbols(fd, section);
  return fd.dynamicSymbolTable;
}

/** The dynamic string table's bytes (GNU's dynamic_strings), or null without one. */
export function dynamicStrings(fd: Filedata): Buffer | null {
  if (!fd.dynamicStringsLoaded) return null;
  return Buffer.from(fd.reader.readRange(fd.dynamicStringsOffset, fd.dynamicStringsLength, 'dynamic strings'));
}
