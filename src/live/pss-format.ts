import { deviceText } from '../proc/maps.js';
/**
 * Presentation of `pss`: a table of the grouping asked for, most PSS first,
 * the totals with the kernel memory of the VMAs, and what the walk could
 * not read. JSON schema 1; sizes in kB.
 */
import { plural } from '../io/text.js';
import { decodeLossy, visibleBytes, visibleControls } from '../io/escape.js';
import { numberOrString, table } from './process-format.js';
import type { PssReport, PssSizes } from './pss.js';
import { scanCountLine, scanJson } from './scan.js';
import { vmaCostText } from './vma-price.js';
import { commandText } from './who-maps-format.js';

export const PSS_JSON_SCHEMA = 1;

const SIZE_HEADER = ['USS', 'PSS', 'RSS', 'SWAP', 'VMAS'];
const sizeCells = (s: PssSizes) => [s.uss, s.pss, s.rss, s.swap, s.vmas].map(String);

function userText(uid: number | undefined, name: string | undefined): string {
  if (uid === undefined) return '?';
  return name === undefined ? String(uid) : visibleControls(name);
}

function rowsText(r: PssReport): string[] {
  const names = r.userNames;
  if (r.by === 'process') {
    const header = ['PID', 'USER', ...SIZE_HEADER, 'COMMAND'];
    const rows = r.processes.map((p) => [String(p.pid), userText(p.uid, p.uid === undefined ? undefined : names.get(p.uid)), ...sizeCells(p), commandText(p.command)]);
    return table(header, rows, new Set([1, header.length - 1]));
  }
  if (r.by === 'user') {
    const header = ['UID', 'USER', 'PROCESSES', ...SIZE_HEADER];
    const rows = r.users.map((u) => [u.uid === undefined ? '?' : String(u.uid), userText(u.uid, u.name), String(u.processes), ...sizeCells(u)]);
    return table(header, rows, new Set([1]));
  }
  const header = ['PSS', 'RSS', 'PRIVATE', 'SWAP', 'VMAS', 'PROCESSES', 'FILE'];
  const rows = r.libraries.map((l) => [l.pss, l.rss, l.uss, l.swap, l.vmas, l.processes].map(String).concat(visibleBytes(l.name)));
  return table(header, rows, new Set([header.length - 1]));
}

const HEADINGS: Readonly<Record<PssReport['by'], string>> = {
  process:
    'PSS by process (kB; USS = Private_Clean + Private_Dirty, PSS = USS + each shared page / its sharers; from /proc/PID/smaps_rollup), most PSS first:',
  user: 'PSS by user (kB, the sums of their processes; from /proc/PID/smaps_rollup and status), most PSS first:',
  library:
    'PSS by mapped file (kB, summed over the file-backed VMAs of every process that maps it; PRIVATE: pages only one process maps; from /proc/PID/smaps), most PSS first:',
};

export function formatPssText(r: PssReport): string {
  const out = [HEADINGS[r.by]];
  for (const l of rowsText(r)) out.push(`  ${l}`);
  const t = r.totals;
  const price = r.vmaPrice === undefined ? ' (run as root to price them from /proc/slabinfo)' : ` ≈ ${vmaCostText(r.vmaPrice, t.vmas)}`;
  out.push(`total: ${plural(t.processes, 'process', 'processes')}: USS ${t.uss} kB, PSS ${t.pss} kB, RSS ${t.rss} kB, Swap ${t.swap} kB; ${plural(t.vmas, 'VMA')}${price}`);
  if (r.by === 'library') out.push('  (anonymous memory — heap, stacks, bss past a file\'s last page — is in the totals, in no file\'s row)');
  out.push(scanCountLine(r.scan));
  return out.join('\n') + '\n';
}

const pssSizesJson = (s: PssSizes) => ({ uss: s.uss, pss: s.pss, rss: s.rss, swap: s.swap, vmas: s.vmas });

export function pssJson(r: PssReport): Record<string, unknown> {
  const rows: Record<string, unknown> = {};
  if (r.by === 'process') {
    rows.processes = r.processes.map((p) => ({
      pid: p.pid,
      uid: p.uid ?? null,
      user: p.uid === undefined ? null : (r.userNames.get(p.uid) ?? null),
      command: p.command.map((a) => decodeLossy(a)),
      ...pssSizesJson(p),
      from: p.from,
    }));
  } else if (r.by === 'user') {
    rows.users = r.users.map((u) => ({ uid: u.uid ?? null, user: u.name ?? null, processes: u.processes, ...pssSizesJson(u) }));
  } else {
    rows.libraries = r.libraries.map((l) => ({
      path: decodeLossy(l.name),
      device: deviceText(l.devMajor, l.devMinor),
      inode: numberOrString(l.inode),
      processes: l.processes,
      ...pssSizesJson(l),
    }));
  }
  return {
    schema: PSS_JSON_SCHEMA,
    by: r.by,
    pageSize: r.pageSize,
    ...rows,
    totals: { processes: r.totals.processes, ...pssSizesJson(r.totals), vmaKernelBytes: r.vmaPrice === undefined ? null : r.vmaPrice.objSize * r.totals.vmas },
    skipped: scanJson(r.scan),
  };
}
