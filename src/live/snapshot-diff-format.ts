/**
 * Presentation of `snapshot diff`: text, JSON (schema 1) and Markdown for a
 * review comment. Text and Markdown list the first SHOWN rows of each
 * table (JSON has them all); names from the snapshots (paths, command
 * lines) are made visible in text and shown as code in Markdown.
 */
import { kib, plural, signed } from '../io/text.js';
import { pushAll } from '../util/arrays.js';
import { visibleControls } from '../io/escape.js';
import { diffJson, mdCode } from '../diff/format.js';
import { pageCostSentence } from '../gate/compare.js';
import { mdEscape } from '../gate/message.js';
import { table } from './process-format.js';
import type { Change, LibraryChange, LibrarySide, SnapshotDiff } from './snapshot-diff.js';
import type { Snapshot } from './snapshot-read.js';
import { commandColumn } from './who-maps-format.js';

export const SNAPSHOT_DIFF_JSON_SCHEMA = 1;

/** Rows of each table that text and Markdown show. */
export const SHOWN = 20;

/** meminfo keys the text shows (all of them are in the JSON). */
const MEMINFO_SHOWN = ['MemTotal', 'MemAvailable', 'Cached', 'AnonPages', 'Slab', 'PageTables', 'SwapFree'];

const arrow = (c: Change, unit = '') => `${c.old} → ${c.new}${unit} (${signed(c.delta)})`;

/** `LOAD ×2, DYNAMIC`: each name once, in order, with its count. */
function counted(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, k]) => (k > 1 ? `${n} ×${k}` : n)).join(', ');
}

function snapshotHeading(s: Snapshot): string {
  const host = [s.host.hostname, s.host.kernel && `Linux ${s.host.kernel}`, s.host.machine].filter((x) => x !== '').join(', ');
  return `${visibleControls(s.source)}: taken ${s.taken || '(unknown)'}${host ? ` on ${visibleControls(host)}` : ''}, ${kib(s.pageSize)} pages, ${plural(s.processes.length, 'process', 'processes')}`;
}

function libraryHead(l: LibraryChange): string {
  const moved = l.matchedBy === 'build-id' ? ` (was ${visibleControls(l.oldPath)}: same build-id)` : '';
  return (
    `${visibleControls(l.path)}${moved}: ${arrow(l.processes)} processes; VMAs per process ${arrow(l.vmasPerProcess)}; ` +
    `PSS ${arrow(l.pss, ' kB')}; Swap ${arrow(l.swap, ' kB')}`
  );
}

function causeLines(l: LibraryChange): string[] {
  const c = l.cause;
  if (c === null) return [];
  const ids = `build-id ${c.buildId.old ?? 'none'} → ${c.buildId.new ?? 'none'}`;
  const seg: string[] = [];
  if (c.segments.added.length > 0) seg.push(`added ${counted(c.segments.added)}`);
  if (c.segments.removed.length > 0) seg.push(`removed ${counted(c.segments.removed)}`);
  for (const r of c.segments.regrouped) seg.push(r);
  if (c.segments.changed.length > 0) seg.push(`changed ${counted(c.segments.changed)}`);
  const out = [`layout changed (${ids})${seg.length > 0 ? `: program headers ${seg.join('; ')}` : ''}`];
  for (const m of c.diff.memory) {
    out.push(`at ${kib(m.pageSize)} pages, per process: ${m.summary}`);
    for (const why of m.causes) out.push(`  ${why}`);
  }
  return out;
}

function more(n: number, what: string): string[] {
  return n > SHOWN ? [`  … ${n - SHOWN} more ${what} (--format json lists them all)`] : [];
}

function sideList(title: string, list: readonly LibrarySide[]): string[] {
  if (list.length === 0) return [];
  const names = list.slice(0, SHOWN).map((l) => {
    const same = l.sameBuildAs === null ? '' : `; the build the other snapshot maps as ${visibleControls(l.sameBuildAs)}`;
    return `  ${visibleControls(l.path)} (${plural(l.processes, 'process', 'processes')}, PSS ${l.pss} kB${same})`;
  });
  return ['', `${title}:`, ...names, ...more(list.length, 'files')];
}

export function formatSnapshotDiffText(d: SnapshotDiff): string {
  const out = [`snapshot diff`, `  old: ${snapshotHeading(d.old)}`, `  new: ${snapshotHeading(d.new)}`, ''];
  const s = d.system;
  const kernel = s.vmaKernelBytes === null ? '' : ` ≈ ${signed(s.vmaKernelBytes.delta)} bytes of kernel memory`;
  out.push('system:');
  out.push(`  processes ${arrow(s.processes)}; PSS ${arrow(s.pss, ' kB')}; Swap ${arrow(s.swap, ' kB')}; VMAs ${arrow(s.vmas)}${kernel}`);
  const mem = MEMINFO_SHOWN.filter((k) => s.meminfo.has(k)).map((k) => `${k} ${arrow(s.meminfo.get(k)!, ' kB')}`);
  if (mem.length > 0) out.push(`  ${mem.join('; ')}`);
  out.push('');
  if (d.libraries.length === 0) out.push('libraries: no change in VMAs per process, PSS or Swap');
  else {
    out.push('libraries whose cost changed (a changed layout first):');
    for (const l of d.libraries.slice(0, SHOWN)) {
      out.push(`  ${libraryHead(l)}`);
      for (const c of causeLines(l)) out.push(`    ${c}`);
    }
    pushAll(out, more(d.libraries.length, 'libraries'));
  }
  pushAll(out, sideList('mapped in the new snapshot only', d.added));
  pushAll(out, sideList('mapped in the old snapshot only', d.removed));
  out.push('');
  if (d.processes.length === 0) out.push('processes: no change');
  else {
    out.push('processes whose memory changed, grouped by command line (most PSS growth first; kB):');
    const header = ['COUNT', 'PSS', 'ΔPSS', 'SWAP', 'ΔSWAP', 'VMAS', 'ΔVMAS', 'COMMAND'];
    const rows = d.processes.slice(0, SHOWN).map((p) => {
      return [
        `${p.count.old} → ${p.count.new}`,
        `${p.pss.old} → ${p.pss.new}`,
        signed(p.pss.delta),
        `${p.swap.old} → ${p.swap.new}`,
        signed(p.swap.delta),
        `${p.vmas.old} → ${p.vmas.new}`,
        signed(p.vmas.delta),
        commandColumn(visibleControls(p.command)),
      ];
    });
    for (const l of table(header, rows, new Set([header.length - 1]))) out.push(`  ${l}`);
    pushAll(out, more(d.processes.length, 'command lines'));
  }
  return out.join('\n') + '\n';
}

// ---- JSON ----------------------------------------------------------------

function snapshotSideJson(s: Snapshot): Record<string, unknown> {
  return { source: s.source, taken: s.taken, host: { ...s.host }, pageSize: s.pageSize, processes: s.processes.length };
}

function causeJson(l: LibraryChange): Record<string, unknown> | null {
  const c = l.cause;
  if (c === null) return null;
  return { buildId: { ...c.buildId }, segments: c.segments, memory: diffJson(c.diff).memory };
}

export function snapshotDiffJson(d: SnapshotDiff): Record<string, unknown> {
  const s = d.system;
  return {
    schema: SNAPSHOT_DIFF_JSON_SCHEMA,
    old: snapshotSideJson(d.old),
    new: snapshotSideJson(d.new),
    system: {
      processes: s.processes,
      pss: s.pss,
      swap: s.swap,
      vmas: s.vmas,
      vmaKernelBytes: s.vmaKernelBytes,
      meminfo: Object.fromEntries(s.meminfo),
    },
    libraries: d.libraries.map((l) => ({
      path: l.path,
      oldPath: l.oldPath,
      matchedBy: l.matchedBy,
      buildId: l.buildId,
      processes: l.processes,
      vmas: l.vmas,
      vmasPerProcess: l.vmasPerProcess,
      pss: l.pss,
      swap: l.swap,
      cause: causeJson(l),
    })),
    processes: d.processes,
    added: d.added,
    removed: d.removed,
  };
}

// ---- Markdown --------------------------------------------------------------

const mdArrow = (c: Change) => `${c.old} → ${c.new} (${c.delta === 0 ? '0' : `**${signed(c.delta)}**`})`;

function mdCause(l: LibraryChange): string {
  if (l.cause === null) return 'same layout';
  const m = l.cause.diff.memory;
  return m.map((x) => mdEscape(pageCostSentence(x))).join('<br>');
}

export function formatSnapshotDiffMarkdown(d: SnapshotDiff): string {
  const out = [`### elfaudit snapshot diff: ${mdCode(d.old.source)} → ${mdCode(d.new.source)}`, ''];
  const grew = d.libraries.filter((l) => l.cause !== null && l.vmasPerProcess.delta !== 0);
  for (const l of grew.slice(0, 3)) {
    const per = `${signed(l.vmasPerProcess.delta)} ${Math.abs(l.vmasPerProcess.delta) === 1 ? 'VMA' : 'VMAs'} per process`;
    out.push(`**${mdCode(l.path)}: ${per} in ${plural(l.processes.new, 'process', 'processes')}.** ${mdEscape(l.cause!.diff.memory[0]?.causes.join('; ') ?? '')}`);
    out.push('');
  }
  const s = d.system;
  out.push(`| | old | new | change |`, '|---|---|---|---|');
  for (const [name, c] of [
    ['processes', s.processes],
    ['PSS (kB)', s.pss],
    ['Swap (kB)', s.swap],
    ['VMAs', s.vmas],
  ] as const) {
    out.push(`| ${name} | ${c.old} | ${c.new} | ${signed(c.delta)} |`);
  }
  if (s.vmaKernelBytes !== null) out.push(`| VMA kernel memory (bytes) | ${s.vmaKernelBytes.old} | ${s.vmaKernelBytes.new} | ${signed(s.vmaKernelBytes.delta)} |`);
  out.push('');
  if (d.libraries.length > 0) {
    out.push('**Libraries whose cost changed**', '');
    out.push('| library | processes | VMAs per process | PSS (kB) | Swap (kB) | why |', '|---|---|---|---|---|---|');
    for (const l of d.libraries.slice(0, SHOWN)) {
      out.push(`| ${mdCode(l.path, true)} | ${mdArrow(l.processes)} | ${mdArrow(l.vmasPerProcess)} | ${mdArrow(l.pss)} | ${mdArrow(l.swap)} | ${mdCause(l)} |`);
    }
    if (d.libraries.length > SHOWN) out.push('', `… ${d.libraries.length - SHOWN} more (\`--format json\` lists them all)`);
    out.push('');
  }
  if (d.processes.length > 0) {
    out.push('**Processes whose memory changed** (by command line)', '');
    out.push('| command | count | PSS (kB) | Swap (kB) | VMAs |', '|---|---|---|---|---|');
    for (const p of d.processes.slice(0, SHOWN)) {
      out.push(`| ${mdCode(p.command, true)} | ${mdArrow(p.count)} | ${mdArrow(p.pss)} | ${mdArrow(p.swap)} | ${mdArrow(p.vmas)} |`);
    }
    if (d.processes.length > SHOWN) out.push('', `… ${d.processes.length - SHOWN} more (\`--format json\` lists them all)`);
    out.push('');
  }
  return out.join('\n');
}
