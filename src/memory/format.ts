import { flagString, readelfFlags } from '../names/segment-flags.js';
import { visibleControls } from '../io/escape.js';
/**
 * Presentation of page-cost reports: text for people, JSON for programs.
 * Works on the model's values only; never reads a file.
 */
import { shortMachineName } from '../names/machines.js';
import { hexAddress, kib, plural } from '../io/text.js';
import { ET, PT, type ProgramHeader } from '../elf/index.js';
import { segmentTypeName } from '../readelf/names.js';
import type { LayoutFacts } from './facts.js';
import type { MemoryEstimate, SegmentEstimate, Vma } from './model.js';
import type { MemoryReport } from './report.js';
import { MAP_LEGEND, pageMap, pageMapLines } from '../pagemap/index.js';

/** `memory --format json`: `{"schema":2,"files":[{"file","estimates"}]}` for one file or many (schema 1 printed one file's object, or an array). */
export const MEMORY_JSON_SCHEMA = 2;

export function segmentName(f: Pick<LayoutFacts, 'machine' | 'osabi'>, type: number): string {
  return segmentTypeName(type, f.machine, f.osabi);
}

export function describeFile(f: LayoutFacts): string {
  const machine = shortMachineName(f.machine);
  let kind: string;
  if (f.type === ET.EXEC) kind = 'executable';
  else if (f.type === ET.DYN) kind = f.isPie ? 'position-independent executable' : 'shared object';
  else if (f.type === ET.REL) kind = 'relocatable object';
  else if (f.type === ET.CORE) kind = 'core file';
  else kind = `file of type ${hexAddress(BigInt(f.type))}`;
  return `ELF${f.bits} ${machine} ${kind}`;
}

/** "1 page" / "2 pages". */
function segmentLine(f: LayoutFacts, s: SegmentEstimate): string {
  const parts = [`pages [${hexAddress(s.firstPage)}, ${hexAddress(s.endPage)})`, `${s.fileBackedPages} file-backed`];
  if (s.anonPages > 0) parts.push(`${s.anonPages} anonymous (bss)`);
  if (s.bssTailPage !== undefined) parts.push(`bss tail page ${hexAddress(s.bssTailPage)} zeroed`);
  if (s.dirtyPages > 0) parts.push(`${s.dirtyPages} dirty`);
  const name = `${segmentName(f, PT.LOAD)}[${s.index}]`;
  return `${name} ${readelfFlags(s.flags)} vaddr ${hexAddress(s.vaddr)} filesz ${hexAddress(s.filesz)} memsz ${hexAddress(s.memsz)}: ${parts.join(', ')}`;
}

function vmaLine(v: Vma, width: number): string {
  const range = `${hexAddress(v.start)}-${hexAddress(v.end)}`.padEnd(width);
  const what =
    v.backing === 'hole' ? 'hole between segments' : `${v.backing === 'anon' ? 'anonymous' : 'file'} LOAD[${v.segment ?? '?'}]${v.relro ? ' RELRO' : ''}`;
  const dirty = v.dirtyPages > 0 ? `  ${v.dirtyPages} dirty` : '';
  return `${range}  ${v.perms}  ${what}${dirty}`;
}

function relroLine(e: MemoryEstimate): string {
  const r = e.relro;
  if (r.start === undefined || r.end === undefined) return 'RELRO: none (no PT_GNU_RELRO)';
  const range = `RELRO [${hexAddress(r.start)}, ${hexAddress(r.end)})`;
  if (!r.applied) return `${range}: not applied, nothing protected (${r.why ?? 'nothing applies it'})`;
  if (r.protectedPages === 0) {
    return `${range}: nothing protected, the ${e.pageSize}-byte page holding it stays writable (${r.unprotectedTailBytes} bytes unprotected)`;
  }
  const parts = [`${range}: ${plural(r.protectedPages, 'page')} read-only [${hexAddress(r.protectedStart)}, ${hexAddress(r.protectedEnd)})`];
  if (r.unprotectedTailBytes > 0) parts.push(`${r.unprotectedTailBytes} RELRO bytes past the last page boundary stay writable`);
  if (r.overProtectedBytes > 0) parts.push(`${r.overProtectedBytes} bytes after RELRO made read-only too (${e.loader} rounds the end up)`);
  return parts.join('; ');
}

function dirtyLine(e: MemoryEstimate): string {
  if (e.dirty.length === 0) return 'dirty pages: none predicted';
  const items = e.dirty.map((d) => {
    const why: string[] = [];
    if (d.relocations > 0) why.push(plural(d.relocations, 'relocation'));
    if (d.bssTail) why.push('bss tail');
    if (d.dynamic) why.push('.dynamic');
    return `${hexAddress(d.page)} (${why.join(', ')})`;
  });
  return `dirty pages: ${items.join(', ')}`;
}

/** The text view of one file's report. */
export function formatMemoryText(report: MemoryReport): string {
  const f = report.facts;
  const out: string[] = [];
  out.push(`${report.file}: ${describeFile(f)}; loader ${report.loader} (${report.loaderReason})`);
  out.push(`  RELRO verdict: ${report.relro.verdict} (${report.relro.summary})`);
  for (const e of report.estimates) {
    if (!e.loadable) {
      out.push(`  ${kib(e.pageSize)} pages: cannot load`);
      for (const p of e.problems) out.push(`    ${p}`);
      continue;
    }
    out.push(
      `  ${kib(e.pageSize)} pages: ${plural(e.mappedPages, 'page')} mapped (${e.fileBackedPages} file-backed, ${e.anonPages} anonymous), ` +
        `${plural(e.vmas, 'VMA')}, ${plural(e.dirtyPages, 'dirty page')} per process`,
    );
    out.push(`    ${relroLine(e)}`);
    for (const s of e.segments) out.push(`    ${segmentLine(f, s)}`);
    out.push('    VMAs:');
    let width = 0;
    for (const v of e.vmaList) width = Math.max(width, `${hexAddress(v.start)}-${hexAddress(v.end)}`.length);
    for (const v of e.vmaList) out.push(`      ${vmaLine(v, width)}`);
    out.push(`    ${dirtyLine(e)}`);
    for (const n of e.notes) out.push(`    note: ${n}`);
    out.push('    page map (one column per page):');
    for (const l of pageMapLines(pageMap([{ file: report.file, estimate: e }]), { indent: 6 })) out.push(l);
  }
  if (report.estimates.some((e) => e.loadable)) for (const l of MAP_LEGEND) out.push(`  ${l}`);
  // every line may carry a name from a file system or a binary: none reaches the terminal raw
  return out.map(visibleControls).join('\n') + '\n';
}

/** A program header's fields as memory's and diff's JSON give them (addresses as 0x strings). */
export function segmentHeaderJson(
  f: LayoutFacts,
  p: Pick<ProgramHeader, 'index' | 'type' | 'flags' | 'offset' | 'vaddr' | 'filesz' | 'memsz' | 'align'>,
): Record<string, unknown> {
  return {
    index: p.index,
    type: segmentName(f, p.type),
    flags: flagString(p.flags),
    offset: hexAddress(p.offset),
    vaddr: hexAddress(p.vaddr),
    filesz: hexAddress(p.filesz),
    memsz: hexAddress(p.memsz),
    align: hexAddress(p.align),
  };
}

function segmentEstimateJson(f: LayoutFacts, s: SegmentEstimate): Record<string, unknown> {
  return {
    ...segmentHeaderJson(f, { ...s, type: PT.LOAD }),
    firstPage: hexAddress(s.firstPage),
    endPage: hexAddress(s.endPage),
    fileBackedPages: s.fileBackedPages,
    anonPages: s.anonPages,
    bssTailPage: s.bssTailPage === undefined ? null : hexAddress(s.bssTailPage),
    dirtyPages: s.dirtyPages,
    problem: s.problem ?? null,
  };
}

/** One estimate as the JSON contract has it (plus detail keys after the contract's). */
export function estimateJson(f: LayoutFacts, e: MemoryEstimate): Record<string, unknown> {
  return {
    pageSize: e.pageSize,
    loader: e.loader,
    mappedPages: e.mappedPages,
    fileBackedPages: e.fileBackedPages,
    anonPages: e.anonPages,
    vmas: e.vmas,
    dirtyPages: e.dirtyPages,
    relro: { protectedPages: e.relro.protectedPages, unprotectedTailBytes: e.relro.unprotectedTailBytes },
    segments: e.segments.map((s) => segmentEstimateJson(f, s)),
    loadable: e.loadable,
    problems: e.problems,
    relroDetail: {
      start: e.relro.start === undefined ? null : hexAddress(e.relro.start),
      end: e.relro.end === undefined ? null : hexAddress(e.relro.end),
      protectedStart: hexAddress(e.relro.protectedStart),
      protectedEnd: hexAddress(e.relro.protectedEnd),
      overProtectedBytes: e.relro.overProtectedBytes,
      applied: e.relro.applied,
      why: e.relro.why ?? null,
      verdict: e.relro.verdict,
    },
    vmaList: e.vmaList.map((v) => ({
      start: hexAddress(v.start),
      end: hexAddress(v.end),
      perms: v.perms,
      backing: v.backing,
      segment: v.segment ?? null,
      relro: v.relro,
      dirtyPages: v.dirtyPages,
    })),
    dirtyList: e.dirty.map((d) => ({ page: hexAddress(d.page), relocations: d.relocations, bssTail: d.bssTail, dynamic: d.dynamic })),
    notes: e.notes,
  };
}

/** One file's entry in `files` of the memory JSON document. */
export function memoryJson(report: MemoryReport): Record<string, unknown> {
  return {
    file: report.file,
    estimates: report.estimates.map((e) => estimateJson(report.facts, e)),
  };
}
