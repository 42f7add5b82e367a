import { deviceText } from '../proc/maps.js';
/**
 * Presentation of `who-maps`: a table per file (text), or JSON schema 1 —
 * one document for one file, an array for several, as `memory` does.
 * Sizes are smaps' kB. Names from /proc are bytes: visible escapes in
 * text, decoded text in JSON (see process-format.ts).
 */
import { kib, plural } from '../io/text.js';
import { decodeLossy, visibleBytes, visibleControls } from '../io/escape.js';
import { describeFile } from '../memory/format.js';
import type { MapTarget } from './mappers.js';
import { numberOrString, sizesJson, table } from './process-format.js';
import { scanJson } from './scan.js';
import { vmaCostText } from './vma-price.js';
import type { MapperRow, MapperTotals, WhoMapsEntry, WhoMapsReport } from './who-maps.js';

export const WHO_MAPS_JSON_SCHEMA = 1;


/** How much of a command line a table shows (JSON carries it whole). */
export const COMMAND_COLUMN = 120;

/** Visible text cut to COMMAND_COLUMN characters for a table's last column. */
export function commandColumn(s: string): string {
  return s.length > COMMAND_COLUMN ? `${s.slice(0, COMMAND_COLUMN - 1)}…` : s;
}

/** A command line for a table: arguments made visible, joined by spaces, cut to COMMAND_COLUMN characters. */
export function commandText(command: readonly Buffer[]): string {
  const s = command.map((a) => visibleBytes(a)).join(' ');
  return s.length === 0 ? '(no command line)' : commandColumn(s);
}

function targetLine(t: MapTarget): string {
  const what = t.layout === null ? 'not an ELF file' : describeFile(t.layout.facts);
  const id = t.buildId === undefined ? 'no build-id' : `build-id ${t.buildId}`;
  return `${visibleControls(t.file)}: ${what}, ${id}; device ${deviceText(t.devMajor, t.devMinor)}, inode ${t.inode}`;
}

function matchedLine(tot: MapperTotals): string {
  if (tot.processes === 0) return 'mapped by no running process';
  const how: string[] = [];
  if (tot.byInode > 0) how.push(`${tot.byInode} by device and inode`);
  if (tot.byBuildId > 0) how.push(`${tot.byBuildId} by build-id`);
  return `mapped by ${plural(tot.processes, 'process', 'processes')} (${how.join(', ')})`;
}

const pred = (r: MapperRow, key: 'vmas' | 'dirtyPages') => (r.predicted === undefined ? '-' : String(r.predicted[key]));

function entryText(e: WhoMapsEntry, report: WhoMapsReport): string[] {
  const out = [targetLine(e.target), `  ${matchedLine(e.totals)}`];
  if (e.rows.length === 0) return out;
  const pages = [...new Set(e.rows.map((r) => r.pageSize))].map(kib).join(', ');
  out.push(`  sizes in kB from /proc/PID/smaps; PREDICTED: the page-cost model at the process's page size (${pages})`);
  const header = ['PID', 'MATCH', 'VMAS', 'PREDICTED', 'DIRTY PAGES', 'PREDICTED', 'Rss', 'Pss', 'Private_Dirty', 'Swap', 'COMMAND'];
  const rows = e.rows.map((r) => [
    String(r.pid),
    r.by,
    String(r.vmas),
    pred(r, 'vmas'),
    String(r.dirtyPages),
    pred(r, 'dirtyPages'),
    String(r.sizes.rss),
    String(r.sizes.pss),
    String(r.sizes.privateDirty),
    String(r.sizes.swap),
    commandText(r.command),
  ]);
  for (const l of table(header, rows, new Set([1, header.length - 1]))) out.push(`    ${l}`);
  for (const r of e.rows) {
    if (r.by === 'build-id') out.push(`    pid ${r.pid} maps ${visibleBytes(r.mappedName)}: another file with the same build-id`);
    for (const p of r.problems) out.push(`    pid ${r.pid}: no prediction: ${p}`);
  }
  const t = e.totals;
  const price = report.vmaPrice === undefined ? '' : ` ≈ ${vmaCostText(report.vmaPrice, t.vmas)}`;
  out.push(
    `  total: ${plural(t.processes, 'process', 'processes')}, ${plural(t.vmas, 'VMA')}${price}; ` +
      `Rss ${t.sizes.rss} kB, Pss ${t.sizes.pss} kB, Private_Dirty ${t.sizes.privateDirty} kB, Swap ${t.sizes.swap} kB`,
  );
  return out;
}

export function formatWhoMapsText(r: WhoMapsReport): string {
  return r.entries.map((e) => entryText(e, r).join('\n') + '\n').join('\n');
}

function rowJson(r: MapperRow): Record<string, unknown> {
  return {
    pid: r.pid,
    command: r.command.map((a) => decodeLossy(a)),
    match: r.by,
    mappedPath: decodeLossy(r.mappedName),
    vmas: r.vmas,
    ...sizesJson(r.sizes),
    dirtyPages: r.dirtyPages,
    pageSize: r.pageSize,
    loader: r.loader ?? null,
    predicted: r.predicted === undefined ? null : { ...r.predicted },
    problems: r.problems,
  };
}

export function whoMapsEntryJson(e: WhoMapsEntry, r: WhoMapsReport): Record<string, unknown> {
  const t = e.target;
  return {
    schema: WHO_MAPS_JSON_SCHEMA,
    file: t.file,
    device: deviceText(t.devMajor, t.devMinor),
    inode: numberOrString(t.inode),
    buildId: t.buildId ?? null,
    elf: t.layout === null ? null : describeFile(t.layout.facts),
    processes: e.rows.map(rowJson),
    totals: {
      processes: e.totals.processes,
      byInode: e.totals.byInode,
      byBuildId: e.totals.byBuildId,
      vmas: e.totals.vmas,
      ...sizesJson(e.totals.sizes),
      vmaKernelBytes: r.vmaPrice === undefined ? null : r.vmaPrice.objSize * e.totals.vmas,
    },
    skipped: scanJson(r.scan),
  };
}

/** One object for one file, an array for several. */
export function whoMapsJson(r: WhoMapsReport): unknown {
  const docs = r.entries.map((e) => whoMapsEntryJson(e, r));
  return docs.length === 1 ? docs[0] : docs;
}
