import { flagString, readelfFlags } from '../names/segment-flags.js';
/**
 * Presentation of a process report: text for people, JSON (schema 1) for
 * programs. Works on the report's values only; never reads /proc or a file.
 * Names from /proc are bytes: text shows them with control characters and
 * undecodable bytes visible (`\t`, `\x1b`, `\xff`); JSON carries them
 * decoded (undecodable bytes as the text `\xHH`) and lets JSON.stringify
 * escape the rest.
 */
import { hexAddress, kib, plural, signed } from '../io/text.js';
import { pushAll } from '../util/arrays.js';
import { decodeLossy, visibleBytes, visibleLatin1 } from '../io/escape.js';
import type { Vma } from '../memory/model.js';
import {
  explainPss,
  SIZE_KEYS,
  type MappingRecord,
  type MemorySizes,
  type ObjectRecord,
  type ProcessReport,
  type PssExplained,
} from './process.js';
import { vmaCostText } from './vma-price.js';

export const PROC_JSON_SCHEMA = 1;

const bare = (v: bigint) => v.toString(16);

/** `+1`, `0`, `-2`: measured minus predicted. */
function fmtSharers(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** The seed's explanation: "2048 kB private + 4096 kB shared by 4.0 processes on average (4096 / 4.0 ≈ 1024 kB)". */
export function pssSentence(p: PssExplained): string {
  const head = `Pss ${p.pss} kB = ${p.private} kB private`;
  if (p.shared === 0) return `${head} (nothing shared)`;
  if (p.averageSharers === undefined) return `${head} + ${p.shared} kB shared (its share rounds to 0 kB)`;
  const s = fmtSharers(p.averageSharers);
  return `${head} + ${p.shared} kB shared by ${s} processes on average (${p.shared} / ${s} ≈ ${p.sharedPart} kB)`;
}

const SMAPS_NAMES: Readonly<Record<keyof MemorySizes, string>> = Object.fromEntries(SIZE_KEYS.map(([k, n]) => [k, n])) as Record<
  keyof MemorySizes,
  string
>;

function sizesLine(s: MemorySizes): string {
  return SIZE_KEYS.map(([k, n]) => `${n} ${s[k]}`).join('  ');
}

function objectLabel(o: ObjectRecord): string {
  return visibleBytes(o.name);
}

function shortName(o: ObjectRecord): string {
  const n = visibleBytes(o.name);
  return n.slice(n.lastIndexOf('/') + 1);
}

function segmentText(r: ProcessReport, m: MappingRecord): string {
  if (m.object === undefined) return '';
  const o = r.objects[m.object]!;
  const seg = m.segment === undefined ? undefined : `LOAD[${m.segment.index}] ${flagString(m.segment.flags)}`;
  let what: string;
  if (m.role === 'hole') what = `hole in ${shortName(o)}`;
  else if (m.role === 'bss') what = `bss of ${shortName(o)} ${seg ?? ''}`.trimEnd();
  else what = seg ?? '';
  const secs = m.sections.map(visibleLatin1).join(' ');
  return secs.length > 0 ? `${what}: ${secs}` : what;
}

function mappingName(m: MappingRecord): string {
  return m.entry.name.length === 0 ? '(anonymous)' : visibleBytes(m.entry.name);
}

/** A table: right-aligned numeric columns, left-aligned text columns, two spaces apart (any number of rows). */
export function table(header: readonly string[], rows: readonly string[][], leftAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h) => h.length);
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const last = i === cells.length - 1;
        if (leftAligned.has(i)) return last ? c : c.padEnd(widths[i]!);
        return c.padStart(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function vmaText(o: ObjectRecord, v: Vma): string {
  const what = v.backing === 'hole' ? 'hole' : `${v.backing === 'anon' ? 'bss' : 'file'} LOAD[${v.segment ?? '?'}]${v.relro ? ' RELRO' : ''}`;
  return `${bare(o.base + v.start)}-${bare(o.base + v.end)} ${v.perms} (${what})`;
}

function objectLines(r: ProcessReport, o: ObjectRecord): string[] {
  const out: string[] = [];
  const by = o.loader === 'kernel' ? 'mapped by the kernel' : `mapped by ${o.loader}'s loader`;
  out.push(`  ${objectLabel(o)}: ${o.role}, ${by}, base ${hexAddress(o.base)}`);
  const m = o.measured;
  const p = o.prediction;
  if (p === undefined) {
    out.push(`    no prediction: ${o.problems.join('; ')}`);
    out.push(`    VMAs measured ${m.vmas}; dirty pages measured ${m.dirtyPages} (file-backed ${m.fileDirtyPages}, bss ${m.bssDirtyPages})`);
  } else {
    out.push(`    VMAs         predicted ${p.vmas}, measured ${m.vmas} (${signed(m.vmas - p.vmas)})`);
    out.push(
      `    dirty pages  predicted ${p.dirtyPages}, measured ${m.dirtyPages} (${signed(m.dirtyPages - p.dirtyPages)}): ` +
        `file-backed ${p.fileDirtyPages} → ${m.fileDirtyPages}, bss ${p.bssDirtyPages} → ${m.bssDirtyPages}`,
    );
    for (const v of o.unmatchedPredicted) out.push(`    predicted, not found: ${vmaText(o, v)}`);
    for (const i of o.unmatchedMeasured) {
      const mm = r.mappings[i]!;
      out.push(`    found, not predicted: ${bare(mm.entry.start)}-${bare(mm.entry.end)} ${mm.entry.perms} (${mm.role ?? '?'})`);
    }
    const more = m.dirtyPages - p.dirtyPages;
    if (more > 0) out.push(`    ${plural(more, 'more dirty page')} than the loader's writes: constructors and the program wrote them`);
    else if (more < 0) out.push(`    ${plural(-more, 'predicted dirty page')} not dirty (yet): not written, or swapped out`);
  }
  out.push(`    Rss ${m.sizes.rss} kB, ${pssSentence(explainPss(m.sizes))}`);
  for (const n of o.notes) out.push(`    note: ${n}`);
  return out;
}

/** The text view. */
export function formatProcessText(r: ProcessReport): string {
  const out: string[] = [];
  const cmd = r.command.map((a) => visibleBytes(a)).join(' ');
  out.push(`pid ${r.pid}: ${cmd.length > 0 ? cmd : '(no command line)'}`);
  if (r.exe !== undefined) out.push(`executable: ${visibleBytes(r.exe)}`);
  const price = r.vmaPrice === undefined ? '' : ` ≈ ${vmaCostText(r.vmaPrice, r.mappings.length)}`;
  out.push(`page size ${kib(r.pageSize)}; ${plural(r.mappings.length, 'VMA')}${price}`);
  out.push('');
  out.push(`totals (kB, from /proc/${r.pid}/${r.totalsFrom}${r.totalsFrom === 'smaps' ? ', summed: no smaps_rollup on this kernel' : ''}):`);
  out.push(`  ${sizesLine(r.totals)}`);
  out.push(`  ${pssSentence(explainPss(r.totals))}`);
  out.push('');
  out.push('VMAs (kB):');
  const header = ['ADDRESS', 'PERMS', 'OFFSET', 'Size', ...SIZE_KEYS.map(([k]) => SMAPS_NAMES[k]), 'MAPPING'];
  const rows = r.mappings.map((m) => {
    const seg = segmentText(r, m);
    return [
      `${bare(m.entry.start)}-${bare(m.entry.end)}`,
      m.entry.perms,
      bare(m.entry.offset),
      String(m.sizeKb),
      ...SIZE_KEYS.map(([k]) => String(m.sizes[k])),
      seg.length > 0 ? `${mappingName(m)}  ${seg}` : mappingName(m),
    ];
  });
  for (const l of table(header, rows, new Set([0, 1, 2, header.length - 1]))) out.push(`  ${l}`);
  if (r.objects.length > 0) {
    out.push('');
    out.push(`ELF objects: the page-cost model's prediction (elfaudit memory, ${kib(r.pageSize)} pages) against smaps:`);
    for (const o of r.objects) pushAll(out, objectLines(r, o));
  }
  for (const u of r.unreadable) out.push(`  could not read ${visibleBytes(u.name)}: ${u.reason.replace(/[\r\n]/g, ' ')}`);
  return out.join('\n') + '\n';
}

export function sizesJson(s: MemorySizes): Record<string, number> {
  return Object.fromEntries(SIZE_KEYS.map(([k]) => [k, s[k]]));
}

function pssExplainedJson(p: PssExplained): Record<string, unknown> {
  return {
    pss: p.pss,
    private: p.private,
    shared: p.shared,
    sharedPart: p.sharedPart,
    averageSharers: p.averageSharers === undefined ? null : Number(p.averageSharers.toFixed(2)),
  };
}

export const numberOrString = (v: bigint) => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

function vmaJson(o: ObjectRecord, v: Vma): Record<string, unknown> {
  return {
    start: hexAddress(o.base + v.start),
    end: hexAddress(o.base + v.end),
    perms: v.perms,
    backing: v.backing === 'anon' ? 'bss' : v.backing,
    segment: v.segment ?? null,
    relro: v.relro,
    dirtyPages: v.dirtyPages,
  };
}

/** The JSON document, schema 1. */
export function processJson(r: ProcessReport): Record<string, unknown> {
  return {
    schema: PROC_JSON_SCHEMA,
    pid: r.pid,
    command: r.command.map((a) => decodeLossy(a)),
    exe: r.exe === undefined ? null : decodeLossy(r.exe),
    pageSize: r.pageSize,
    totals: sizesJson(r.totals),
    totalsFrom: r.totalsFrom,
    pss: pssExplainedJson(explainPss(r.totals)),
    vmas: r.mappings.length,
    vmaKernelBytes: r.vmaPrice === undefined ? null : r.vmaPrice.objSize * r.mappings.length,
    mappings: r.mappings.map((m) => ({
      start: hexAddress(m.entry.start),
      end: hexAddress(m.entry.end),
      perms: m.entry.perms,
      offset: hexAddress(m.entry.offset),
      dev: `${m.entry.devMajor.toString(16).padStart(2, '0')}:${m.entry.devMinor.toString(16).padStart(2, '0')}`,
      inode: numberOrString(m.entry.inode),
      path: m.entry.name.length === 0 ? null : decodeLossy(m.entry.name),
      size: m.sizeKb,
      kernelPageSize: m.kernelPageSizeKb,
      ...sizesJson(m.sizes),
      object: m.object ?? null,
      role: m.role ?? null,
      segment:
        m.segment === undefined
          ? null
          : { index: m.segment.index, type: 'LOAD', flags: flagString(m.segment.flags), readelfFlags: readelfFlags(m.segment.flags) },
      sections: m.sections.map((s) => decodeLossy(Buffer.from(s, 'latin1'))),
    })),
    objects: r.objects.map((o) => {
      const p = o.prediction;
      const m = o.measured;
      return {
        path: decodeLossy(o.name),
        role: o.role,
        loader: o.loader,
        base: hexAddress(o.base),
        pageSize: o.pageSize,
        mappings: o.mappings,
        measured: {
          vmas: m.vmas,
          dirtyPages: m.dirtyPages,
          fileDirtyPages: m.fileDirtyPages,
          bssDirtyPages: m.bssDirtyPages,
          ...sizesJson(m.sizes),
        },
        predicted:
          p === undefined
            ? null
            : {
                vmas: p.vmas,
                dirtyPages: p.dirtyPages,
                fileDirtyPages: p.fileDirtyPages,
                bssDirtyPages: p.bssDirtyPages,
                vmaList: p.estimate.vmaList.map((v) => vmaJson(o, v)),
              },
        difference: p === undefined ? null : { vmas: m.vmas - p.vmas, dirtyPages: m.dirtyPages - p.dirtyPages },
        unmatched: { predicted: o.unmatchedPredicted.map((v) => vmaJson(o, v)), measured: o.unmatchedMeasured },
        pss: pssExplainedJson(explainPss(m.sizes)),
        problems: o.problems,
        notes: o.notes,
      };
    }),
    unreadable: r.unreadable.map((u) => ({ path: decodeLossy(u.name), reason: u.reason })),
  };
}
