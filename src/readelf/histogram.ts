import { DT, DT_MIPS, EM, PT } from '../elf/constants.js';
import { U64_MAX } from '../elf/types.js';
import type { SectionHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { fixed1, padEnd, padStart } from './printf.js';
import { validateSymbols } from './section-headers.js';

const DT_MIPS_XHASH = BigInt(DT_MIPS.XHASH);
/**
 * fseek64 fails (lseek's EINVAL) past the file system's largest file:
 * ext4's with 4 KiB blocks and extents is 2^32 - 1 blocks, which is what
 * GNU readelf meets on the corpus and the samples (tmpfs would allow up to
 * 2^63 - 1; this port follows ext4).
 */
export const SEEK_LIMIT = 0xffffffff000n;

/** The hash tables get_num_dynamic_syms keeps for the histogram (GNU's buckets, chains, gnubuckets…). */
export interface HashTables {
  /** `.hash`: buckets and chains, or null when GNU dropped them. */
  buckets: Float64Array | null;
  chains: Float64Array | null;
  /** `.gnu.hash` (or `.MIPS.xhash`): buckets, chains and symbol index base, or null. */
  gnuBuckets: Uint32Array | null;
  gnuChains: Uint32Array | null;
  gnuSymIdx: number;
  mipsXhash: boolean;
}

/**
 * A file read as GNU's get_num_dynamic_syms does it: an fseek64 (which
 * fails only for offsets negative as off_t) and freads continuing from
 * the position the last one left.
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

  /** fread of `n` bytes: null (and the position unchanged) when fewer are there. */
  read(n: bigint): Buffer | null {
    if (this.pos > this.fd.fileSize || n > this.fd.fileSize - this.pos) {
      // A short fread still moves the position to the end of the file.
      if (this.pos < this.fd.fileSize) this.pos = this.fd.fileSize;
      return null;
    }
    const b = this.fd.reader.readRange(this.pos, n, 'dynamic information');
    this.pos += n;
    return b;
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
 * The part of process_dynamic_section that runs with --histogram
 * (readelf.c l.11337): the DT_SYMTAB/DT_HASH/DT_GNU_HASH values, the hash
 * tables (get_num_dynamic_syms) and, when no .dynsym section was loaded,
 * the dynamic symbols from DT_SYMTAB. Returns false where GNU's returns.
 */
export function loadHashTables(fd: Filedata): boolean {
  const dyn = fd.dynamicSection!;
  const mips = fd.header.machine === EM.MIPS || fd.header.machine === EM.MIPS_RS3_LE;
  let symtab = 0n;
  let syment = 0n;
  let hash = 0n;
  let gnuHash = 0n;
  let xhash = false;
  for (let i = 0; i < dyn.count; i++) {
    const e = dyn.at(i);
    if (e.tag === DT.SYMTAB) symtab = e.value;
    else if (e.tag === DT.SYMENT) syment = e.value;
    else if (e.tag === DT.HASH) hash = e.value;
    else if (e.tag === DT.GNU_HASH) gnuHash = e.value;
    else if (mips && e.tag === DT_MIPS_XHASH) {
      xhash = true;
      gnuHash = e.value;
    }
  }
  const tables: HashTables = { buckets: null, chains: null, gnuBuckets: null, gnuChains: null, gnuSymIdx: 0, mipsXhash: xhash };
  fd.hashTables = tables;
  const s = new Stream(fd);
  let numSyms = 0n;

  if (hash !== 0n) {
    const m = fd.header.machine;
    const size = (m === EM.ALPHA || m === EM.S390 || m === EM.S390_OLD) && !fd.is32 ? 8 : 4;
    if (s.seek(fd.offsetFromVma(hash, 16n))) {
      const nb = s.read(BigInt(size));
      const nc = nb === null ? null : s.read(BigInt(size));
      if (nb === null) fd.diag.error('Failed to read in number of buckets');
      else if (nc === null) fd.diag.error('Failed to read in number of chains');
      else {
        const d = fd.reader.decoder;
        const nbuckets = size === 4 ? BigInt(d.u32(nb, 0)) : d.u64(nb, 0);
        const nchains = size === 4 ? BigInt(d.u32(nc, 0)) : d.u64(nc, 0);
        if (nbuckets !== 0n && nchains !== 0n) {
          tables.buckets = s.entries(nbuckets, size);
          tables.chains = s.entries(nchains, size);
          if (tables.buckets !== null && tables.chains !== null) numSyms = nchains;
        }
      }
    }
    if (numSyms === 0n) tables.buckets = tables.chains = null;
  }

  if (gnuHash !== 0n) {
    const found = readGnuHash(fd, s, tables, gnuHash);
    if (found === 0n) {
      tables.gnuBuckets = tables.gnuChains = null;
    } else if (found > numSyms) {
      numSyms = found;
    }
  }

  if (numSyms !== 0n && !fd.dynamicSymbolsLoaded && symtab !== 0n && syment !== 0n) {
    return loadSymbolsFromDynamic(fd, symtab, syment, numSyms);
  }
  return true;
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
  const bucketsVma = gnuHash + 16n + bitmaskWords * (fd.is32 ? 4n : 8n);
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
  if (!s.seek(fd.offsetFromVma(bucketsVma + 4n * BigInt(nbuckets + maxchain), 4n))) return 0n;
  for (;;) {
    const w = s.read(4n);
    if (w === null) {
      fd.diag.error('Failed to determine last chain length');
      return 0n;
    }
    // maxchain + 1 wraps to 0 only for a 64-bit count GNU could not reach here.
    ++maxchain;
    if ((d.u32(w, 0) & 1) !== 0) break;
  }
  if (!s.seek(fd.offsetFromVma(bucketsVma + 4n * BigInt(nbuckets), 4n))) return 0n;
  const chains = s.entries(BigInt(maxchain), 4);
  if (chains === null) return 0n;
  t.gnuChains = Uint32Array.from(chains);
  let xlat: Float64Array | null = null;
  if (t.mipsXhash) {
    if (!s.seek(fd.offsetFromVma(bucketsVma + 4n * BigInt(nbuckets + maxchain), 4n))) return 0n;
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

/** The dynamic symbols from DT_SYMTAB when no .dynsym section gave them (readelf.c l.11362). */
function loadSymbolsFromDynamic(fd: Filedata, vma: bigint, syment: bigint, numSyms: bigint): boolean {
  if (!fd.getProgramHeaders()) {
    fd.diag.error('Cannot interpret virtual addresses without program headers.');
    return false;
  }
  const phdrs = fd.phdrs!;
  for (let i = 0; i < phdrs.count; i++) {
    if (phdrs.type(i) !== PT.LOAD) continue;
    const seg = phdrs.at(i);
    if (seg.offset + seg.filesz > fd.fileSize) {
      fd.diag.error('Invalid PT_LOAD entry');
      return false;
    }
    if (vma >= (seg.vaddr & (-seg.align & U64_MAX)) && vma < seg.vaddr + seg.filesz) {
      const sec: SectionHeader = {
        index: -1,
        name: fd.stringTable === null ? 0 : fd.stringTable.length,
        type: 0,
        flags: 0n,
        addr: 0n,
        offset: (vma - seg.vaddr + seg.offset) & U64_MAX,
        size: (numSyms * syment) & U64_MAX,
        link: 0,
        info: 0,
        addralign: 0n,
        entsize: syment,
      };
      const ok = validateSymbols(fd, sec);
      if (!ok || sec.size / syment !== numSyms) {
        fd.diag.error('Corrupt DT_SYMTAB dynamic entry');
        return false;
      }
      fd.dynamicSymbolsLoaded = true;
      fd.dynamicSymtab = sec;
      return true;
    }
  }
  return true;
}

/**
 * The histograms of process_symbol_table (readelf.c l.13715): bucket list
 * lengths of `.hash`, then of `.gnu.hash` (or `.MIPS.xhash`).
 */
export function printHistograms(fd: Filedata): void {
  const t = fd.hashTables;
  if (t === null) return;
  fd.hashTables = null;
  if (t.buckets !== null && t.chains !== null) {
    const buckets = t.buckets;
    const chains = t.chains;
    const nbuckets = buckets.length;
    const nchains = chains.length;
    fd.sink.out(
      `\nHistogram for bucket list length (total of ${nbuckets} ${nbuckets === 1 ? 'bucket' : 'buckets'}):\n` +
        ' Length  Number     % of total  Coverage\n',
    );
    const lengths = new Float64Array(nbuckets);
    const visited = new Uint8Array(nchains);
    let maxlength = 0;
    let nsyms = 0;
    for (let hn = 0; hn < nbuckets; hn++) {
      for (let si = buckets[hn]!; si > 0; si = chains[si]!) {
        ++nsyms;
        if (maxlength < ++lengths[hn]!) ++maxlength;
        if (si >= nchains || visited[si] !== 0) {
          fd.diag.error('histogram chain is corrupt');
          break;
        }
        visited[si] = 1;
      }
    }
    fd.sink.out(histogramRows(lengths, maxlength, nsyms));
  }
  if (t.gnuBuckets !== null && t.gnuChains !== null) {
    const buckets = t.gnuBuckets;
    const chains = t.gnuChains;
    const n = buckets.length;
    fd.sink.out(
      `\nHistogram for \`${t.mipsXhash ? '.MIPS.xhash' : '.gnu.hash'}' bucket list length (total of ${n} ${n === 1 ? 'bucket' : 'buckets'}):\n` +
        ' Length  Number     % of total  Coverage\n',
    );
    const lengths = new Float64Array(n);
    let maxlength = 0;
    let nsyms = 0;
    for (let hn = 0; hn < n; hn++) {
      if (buckets[hn] === 0) continue;
      let length = 1;
      for (let off = buckets[hn]! - t.gnuSymIdx; off < chains.length && (chains[off]! & 1) === 0; ++off) ++length;
      lengths[hn] = length;
      if (length > maxlength) maxlength = length;
      nsyms += length;
    }
    fd.sink.out(histogramRows(lengths, maxlength, nsyms));
  }
}

/** The rows of one histogram: how many buckets have each length, and the running coverage. */
function histogramRows(lengths: Float64Array, maxlength: number, nsyms: number): string {
  const n = lengths.length;
  if (n === 0) return '';
  const counts = new Float64Array(maxlength + 1);
  for (let hn = 0; hn < n; hn++) ++counts[lengths[hn]!]!;
  let out = `      0  ${padEnd(String(counts[0]), 10)} (${padStart(fixed1((counts[0]! * 100) / n), 5)}%)\n`;
  let nzero = 0;
  for (let i = 1; i <= maxlength; i++) {
    nzero += counts[i]! * i;
    out +=
      `${padStart(String(i), 7)}  ${padEnd(String(counts[i]), 10)} (${padStart(fixed1((counts[i]! * 100) / n), 5)}%)` +
      `    ${padStart(fixed1((nzero * 100) / nsyms), 5)}%\n`;
  }
  return out;
}
