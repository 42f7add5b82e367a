/**
 * `diff OLD NEW --live`: what the per-process difference between two
 * builds costs on this machine now. The running processes that map OLD
 * are counted (by device and inode, or another file with OLD's build-id:
 * see mappers.ts; /proc/PID/maps only, no smaps), and the model's
 * per-process delta at this machine's page size is multiplied out:
 *
 *   +1 page × 37 processes = +148 KiB of dirty memory; +37 VMAs ≈ 7104 bytes of kernel memory (…)
 *
 * Dirty pages are the cost that multiplies: each is a private copy per
 * process. Clean file-backed pages are shared through the page cache, so a
 * mapped page more costs address space and page tables per process, and
 * memory once.
 */
import { kib, plural, signed } from '../io/text.js';
import { mdEscape, messageMarkdown, messageVisible, name, type Message } from '../gate/message.js';
import { forEachMapper, openTarget } from './mappers.js';
import { emptyScanSummary, scanJson, scanProblemLines, type ScanSummary } from './scan.js';
import { hostPageSize } from './sys.js';
import { readVmaPrice, vmaCostText, type VmaPrice } from './vma-price.js';

/** The model's per-process change at one page size (as `diff` computes it; undefined when a build cannot load there). */
export interface PageDeltaRow {
  readonly pageSize: number;
  readonly delta: { readonly mappedPages: number; readonly vmas: number; readonly dirtyPages: number } | undefined;
}

export interface LiveCost {
  readonly file: string;
  /** This machine's page size. */
  readonly pageSize: number;
  readonly processes: number;
  readonly byInode: number;
  readonly byBuildId: number;
  /** The per-process delta at this machine's page size; undefined when there is none (see `missing`). */
  readonly perProcess: PageDeltaRow['delta'];
  /** Why there is no per-process delta: the diff has no row at this page size, or a build cannot load there. */
  readonly missing: string | undefined;
  readonly vmaPrice: VmaPrice | undefined;
  readonly scan: ScanSummary;
  /** Set when OLD or /proc could not be read: nothing was counted. */
  readonly error: string | undefined;
}

/**
 * Counts the processes that map OLDFILE now and takes the delta row at
 * this machine's page size from DELTAS. Never throws for a file or /proc
 * that cannot be read: `error` says what went wrong.
 */
export function liveCost(oldFile: string, deltas: readonly PageDeltaRow[]): LiveCost {
  const pageSize = hostPageSize();
  const row = deltas.find((d) => d.pageSize === pageSize);
  const missing =
    row === undefined
      ? `the diff has no ${kib(pageSize)} row, this machine's page size: add ${pageSize} to --page-size`
      : row.delta === undefined
        ? `a build cannot load at ${kib(pageSize)} pages`
        : undefined;
  const base = { file: oldFile, pageSize, perProcess: row?.delta, missing, vmaPrice: readVmaPrice() };
  let byInode = 0;
  let byBuildId = 0;
  try {
    const target = openTarget(oldFile);
    const scan = forEachMapper([target], (_pid, _entries, matches) => {
      const kinds = [...matches.values()].flat();
      if (kinds.some((m) => m.by === 'inode')) byInode++;
      else byBuildId++;
    });
    return { ...base, processes: byInode + byBuildId, byInode, byBuildId, scan, error: undefined };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { ...base, processes: 0, byInode: 0, byBuildId: 0, scan: emptyScanSummary(), error };
  }
}

/** `37 running processes map F (35 by device and inode, 2 by build-id)`. */
function whoMessage(c: LiveCost): Message {
  const how: string[] = [];
  if (c.byInode > 0) how.push(`${c.byInode} by device and inode`);
  if (c.byBuildId > 0) how.push(`${c.byBuildId} by build-id`);
  const n = plural(c.processes, 'running process', 'running processes');
  return [`${n} ${c.processes === 1 ? 'maps' : 'map'} `, name(c.file), how.length > 0 ? ` (${how.join(', ')})` : ''];
}

function sizeText(bytes: number): string {
  const sign = bytes > 0 ? '+' : bytes < 0 ? '-' : '';
  const abs = Math.abs(bytes);
  return abs >= 10 * 1024 * 1024 ? `${sign}${(abs / (1024 * 1024)).toFixed(1)} MiB` : `${sign}${abs / 1024} KiB`;
}

/** The total in one sentence: dirty memory, then the VMAs and their kernel memory. */
export function liveCostSentence(c: LiveCost): string | undefined {
  const d = c.perProcess;
  if (d === undefined) return undefined;
  const pages = `${signed(d.dirtyPages)} ${Math.abs(d.dirtyPages) === 1 ? 'page' : 'pages'}`;
  const dirty = `${pages} × ${plural(c.processes, 'process', 'processes')} = ${sizeText(d.dirtyPages * c.processes * c.pageSize)} of dirty memory`;
  const vmas = d.vmas * c.processes;
  const vmaWord = `${signed(vmas)} ${Math.abs(vmas) === 1 ? 'VMA' : 'VMAs'}`;
  const kernel = c.vmaPrice === undefined ? `${vmaWord} (run as root to price them from /proc/slabinfo)` : `${vmaWord} ≈ ${vmaCostText(c.vmaPrice, vmas)}`;
  return `${dirty}; ${kernel}`;
}

function perProcessText(c: LiveCost): string {
  const d = c.perProcess!;
  const u = (n: number, one: string) => `${signed(n)} ${Math.abs(n) === 1 ? one : `${one}s`}`;
  return `per process: ${u(d.mappedPages, 'mapped page')}, ${u(d.vmas, 'VMA')}, ${u(d.dirtyPages, 'dirty page')}`;
}

/** The section `diff --live` appends to the text output. */
export function formatLiveCostText(c: LiveCost): string {
  const out = ['', `live (this machine, ${kib(c.pageSize)} pages):`];
  if (c.error !== undefined) {
    out.push(`  ${messageVisible(['cannot count the processes that map ', name(c.file), `: ${c.error.replace(/[\r\n]/g, ' ')}`])}`);
    return out.join('\n') + '\n';
  }
  out.push(`  ${messageVisible(whoMessage(c))}`);
  const sentence = liveCostSentence(c);
  if (sentence === undefined) out.push(`  no per-process delta: ${c.missing}`);
  else {
    out.push(`  ${perProcessText(c)}`);
    out.push(`  ${sentence}`);
  }
  for (const l of scanProblemLines(c.scan)) out.push(`  ${l}`);
  return out.join('\n') + '\n';
}

/** The same as Markdown (names as code, sentences escaped). */
export function formatLiveCostMarkdown(c: LiveCost): string {
  const out = [`**Live on this machine** (${kib(c.pageSize)} pages)`, ''];
  if (c.error !== undefined) {
    out.push(`- ${messageMarkdown(['cannot count the processes that map ', name(c.file), `: ${c.error}`])}`);
    return out.join('\n') + '\n';
  }
  out.push(`- ${messageMarkdown(whoMessage(c))}`);
  const sentence = liveCostSentence(c);
  if (sentence === undefined) out.push(`- no per-process delta: ${mdEscape(c.missing ?? '')}`);
  else {
    out.push(`- ${mdEscape(perProcessText(c))}`);
    out.push(`- **${mdEscape(sentence)}**`);
  }
  for (const l of scanProblemLines(c.scan)) out.push(`- ${mdEscape(l)}`);
  return out.join('\n') + '\n';
}

/** The `live` member of `diff --format json`. */
export function liveCostJson(c: LiveCost): Record<string, unknown> {
  const d = c.perProcess;
  return {
    file: c.file,
    pageSize: c.pageSize,
    processes: c.processes,
    byInode: c.byInode,
    byBuildId: c.byBuildId,
    perProcess: d === undefined ? null : { ...d },
    total:
      d === undefined
        ? null
        : {
            mappedPages: d.mappedPages * c.processes,
            vmas: d.vmas * c.processes,
            dirtyPages: d.dirtyPages * c.processes,
            dirtyBytes: d.dirtyPages * c.processes * c.pageSize,
            vmaKernelBytes: c.vmaPrice === undefined ? null : d.vmas * c.processes * c.vmaPrice.objSize,
          },
    missing: c.missing ?? null,
    sentence: liveCostSentence(c) ?? null,
    error: c.error ?? null,
    skipped: scanJson(c.scan),
  };
}
