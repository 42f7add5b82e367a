import type { Filedata } from './filedata.js';
import { fixed1, padEnd, padStart } from './printf.js';

/**
 * The histograms of process_symbol_table (readelf.c l.13715): bucket list
 * lengths of `.hash`, then of `.gnu.hash` (or `.MIPS.xhash`), from the tables
 * get_num_dynamic_syms kept (dynamic-symbols.ts).
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
