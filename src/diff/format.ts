import { flagString, readelfFlags } from '../names/segment-flags.js';
import { visibleControls } from '../io/escape.js';
/**
 * Presentation of a layout diff: text, JSON and Markdown (for a code-review
 * comment). Works on the diff's values only.
 */
import { maxOf, pushAll } from '../util/arrays.js';
import type { ProgramHeader } from '../elf/index.js';
import { describeFile, segmentHeaderJson, segmentName } from '../memory/format.js';
import type { LayoutFacts } from '../memory/facts.js';
import type { MemoryCounts } from '../memory/model.js';
import type { NxWord, PieWord, RelroWord } from '../hardening/index.js';
import type { DiffResult, FileSide, MemoryDelta, SegmentChange, SegmentPair, SegmentRegroup } from './diff.js';
import { linkerText } from './shapes.js';
import { hexAddress, kib, signed } from '../io/text.js';
import { diffMapText } from '../pagemap/index.js';
import { visibleLatin1 } from '../io/escape.js';
import { abiChanged } from './abi.js';
import { abiJson, abiSections, textName, type AbiSection } from './abi-format.js';

/** 2: `checksec` became `hardening`, with the audit's verdicts (docs/memory-model.md "diff JSON, schema 2"). */
export const DIFF_JSON_SCHEMA = 2;

function fieldValue(c: SegmentChange, v: bigint): string {
  return c.field === 'flags' ? readelfFlags(Number(v)).trim() || 'none' : hexAddress(v);
}

function segLabel(f: LayoutFacts, p: ProgramHeader): string {
  return `${segmentName(f, p.type)} [${p.index}] ${readelfFlags(p.flags).trim() || 'none'}`;
}

function segSummary(p: ProgramHeader): string {
  return `offset ${hexAddress(p.offset)}, vaddr ${hexAddress(p.vaddr)}, filesz ${hexAddress(p.filesz)}, memsz ${hexAddress(p.memsz)}, align ${hexAddress(p.align)}`;
}

function pairLabel(d: DiffResult, c: SegmentPair): string {
  const name = segmentName(d.new.facts, c.type);
  const count = d.new.facts.programHeaders.filter((p) => p.type === c.type).length;
  const several = count > 1 || d.old.facts.programHeaders.filter((p) => p.type === c.type).length > 1;
  const flags = readelfFlags(c.new.flags).trim() || 'none';
  const which = c.oldOccurrence === c.occurrence ? `#${c.occurrence}` : `#${c.oldOccurrence} → #${c.occurrence}`;
  return several ? `${name} ${which} (${flags})` : name;
}

/** The linkers, when their marks differ ("lld 14.0.6 → no linker mark (GNU ld leaves none)"). */
function linkerChange(d: DiffResult): string | undefined {
  const o = linkerText(d.old.linker);
  const n = linkerText(d.new.linker);
  return o === n ? undefined : `${o} → ${n}`;
}

/** A regrouping's segments, old then new, one line each. */
function regroupLines(d: DiffResult, r: SegmentRegroup): string[] {
  return [
    ...r.group.old.map((p) => `was ${segLabel(d.old.facts, p)}: ${segSummary(p)}`),
    ...r.group.new.map((p) => `now ${segLabel(d.new.facts, p)}: ${segSummary(p)}`),
  ];
}

function changeText(c: SegmentChange): string {
  return `${c.field} ${fieldValue(c, c.old)} → ${fieldValue(c, c.new)}`;
}

/** The engine's verdicts (docs/checksec-and-audit.md) in the words the diff's text and Markdown use. */
const PIE_WORDS: Readonly<Record<PieWord, string>> = {
  pie: 'PIE',
  'static-pie': 'static PIE',
  'shared-object': 'DSO',
  no: 'no PIE',
  relocatable: 'REL',
  'n/a': 'not an executable or DSO',
  error: 'PIE undecidable (damaged file)',
};
const RELRO_WORDS: Readonly<Record<RelroWord, string>> = {
  none: 'no RELRO',
  partial: 'partial RELRO',
  full: 'full RELRO',
  unknown: 'RELRO not applied',
  'n/a': 'RELRO n/a',
  error: 'RELRO undecidable (damaged file)',
};
const NX_WORDS: Readonly<Record<NxWord, string>> = {
  yes: 'NX enabled',
  no: 'NX disabled',
  'kernel-dependent': 'no GNU_STACK (NX kernel-dependent)',
  'n/a': 'NX n/a',
  error: 'NX undecidable (damaged file)',
};

export function verdictRows(d: DiffResult): [string, string, string, boolean][] {
  const c = d.hardening;
  return [
    ['RELRO', RELRO_WORDS[c.relro.old]!, RELRO_WORDS[c.relro.new]!, c.relro.changed],
    ['NX', NX_WORDS[c.nx.old]!, NX_WORDS[c.nx.new]!, c.nx.changed],
    ['PIE', PIE_WORDS[c.pie.old]!, PIE_WORDS[c.pie.new]!, c.pie.changed],
  ];
}

function countsText(m: MemoryDelta, key: keyof MemoryCounts): string {
  if (!m.old.loadable && !m.new.loadable) return 'cannot load';
  const o = m.old.loadable ? String(m.old[key]) : 'cannot load';
  const n = m.new.loadable ? String(m.new[key]) : 'cannot load';
  const delta = m.delta === undefined ? '' : ` (${signed(m.delta[key])})`;
  return `${o} → ${n}${delta}`;
}

// ---- text ----------------------------------------------------------------

export function formatDiffText(d: DiffResult): string {
  const out: string[] = [];
  out.push(`old: ${d.old.facts.file}: ${describeFile(d.old.facts)}; loader ${d.old.loader}`);
  out.push(`new: ${d.new.facts.file}: ${describeFile(d.new.facts)}; loader ${d.new.loader}`);
  const linkers = linkerChange(d);
  if (linkers !== undefined) out.push(`linker: ${linkers}`);
  out.push('');
  out.push(`file size: ${d.old.fileSize} → ${d.new.fileSize} bytes (${signed(d.new.fileSize - d.old.fileSize)})`);
  out.push(`padding between LOADs: ${d.old.padding} → ${d.new.padding} bytes (${signed(d.new.padding - d.old.padding)})`);
  out.push('');
  for (const sec of abiSectionsOf(d, textName)) {
    out.push(`${sec.title}:`);
    for (const l of sec.lines) out.push(`  ${l}`);
    out.push('');
  }
  out.push('program headers:');
  const s = d.segments;
  if (s.added.length + s.removed.length + s.regrouped.length + s.changed.length === 0) out.push('  no change');
  for (const p of s.added) out.push(`  added ${segLabel(d.new.facts, p)}: ${segSummary(p)}`);
  for (const p of s.removed) out.push(`  removed ${segLabel(d.old.facts, p)}: ${segSummary(p)}`);
  for (const r of s.regrouped) {
    out.push(`  ${r.sentence}:`);
    for (const l of regroupLines(d, r)) out.push(`    ${l}`);
  }
  for (const c of s.changed) out.push(`  ${pairLabel(d, c)}: ${c.changes.map(changeText).join(', ')}`);
  out.push('');
  out.push('hardening:');
  for (const [name, o, n, changed] of verdictRows(d)) out.push(`  ${name}: ${changed ? `${o} → ${n}` : `${n} (unchanged)`}`);
  out.push('');
  out.push('memory per process:');
  for (const m of d.memory) {
    if (m.delta === undefined) {
      const who = !m.old.loadable && !m.new.loadable ? 'neither build loads' : !m.old.loadable ? 'the old build does not load' : 'the new build does not load';
      out.push(`  ${kib(m.pageSize)} pages: ${who}`);
      for (const c of m.causes) out.push(`      ${c}`);
      continue;
    }
    out.push(`  ${kib(m.pageSize)} pages: mapped pages ${countsText(m, 'mappedPages')}, VMAs ${countsText(m, 'vmas')}, dirty pages ${countsText(m, 'dirtyPages')}`);
    out.push(`    ${m.summary}`);
    for (const c of m.causes) out.push(`      ${c}`);
  }
  const maps = diffMapText(d);
  if (maps.length > 0) pushAll(out, ['', 'page map:', ...maps]);
  // every line may carry a name from a file system or a binary: none reaches the terminal raw
  return out.map(visibleControls).join('\n') + '\n';
}

/** The ABI and size sections that have something in them (none without ABI facts). */
function abiSectionsOf(d: DiffResult, name: (s: string) => string): AbiSection[] {
  return d.abi === undefined ? [] : abiSections(d.abi, { machine: d.new.facts.machine, osabi: d.new.facts.osabi }, name);
}

// ---- JSON ----------------------------------------------------------------

function sideJson(s: FileSide): Record<string, unknown> {
  return {
    file: s.facts.file,
    fileSize: Number(s.fileSize),
    padding: Number(s.padding),
    loader: s.loader,
    linker: s.linker === undefined ? null : { name: s.linker.name, version: s.linker.version },
  };
}


function countsJson(m: MemoryDelta, which: 'old' | 'new'): Record<string, number> | null {
  const e = m[which];
  return e.loadable ? { mappedPages: e.mappedPages, vmas: e.vmas, dirtyPages: e.dirtyPages } : null;
}

export function diffJson(d: DiffResult): Record<string, unknown> {
  return {
    schema: DIFF_JSON_SCHEMA,
    old: sideJson(d.old),
    new: sideJson(d.new),
    segments: {
      added: d.segments.added.map((p) => segmentHeaderJson(d.new.facts, p)),
      removed: d.segments.removed.map((p) => segmentHeaderJson(d.old.facts, p)),
      regrouped: d.segments.regrouped.map((r) => ({
        shape: r.group.shape,
        sentence: r.sentence,
        old: r.group.old.map((p) => segmentHeaderJson(d.old.facts, p)),
        new: r.group.new.map((p) => segmentHeaderJson(d.new.facts, p)),
      })),
      changed: d.segments.changed.map((c) => ({
        type: segmentName(d.new.facts, c.type),
        occurrence: c.occurrence,
        oldOccurrence: c.oldOccurrence,
        oldIndex: c.old.index,
        newIndex: c.new.index,
        changes: Object.fromEntries(
          c.changes.map((x) => [x.field, x.field === 'flags' ? { old: flagString(Number(x.old)), new: flagString(Number(x.new)) } : { old: hexAddress(x.old), new: hexAddress(x.new) }]),
        ),
      })),
      unchanged: d.segments.unchanged,
    },
    hardening: d.hardening,
    memory: d.memory.map((m) => ({
      pageSize: m.pageSize,
      old: countsJson(m, 'old'),
      new: countsJson(m, 'new'),
      delta: m.delta ?? null,
      summary: m.summary,
      causes: m.causes,
      reasons: m.reasons,
    })),
    ...(d.abi !== undefined && abiChanged(d.abi) && { abi: abiJson(d.abi, { machine: d.new.facts.machine, osabi: d.new.facts.osabi }) }),
  };
}

// ---- Markdown ------------------------------------------------------------

/**
 * Shows any string from a binary or a path as inline code that renders as
 * the text itself: a backtick fence longer than any run inside, control
 * characters (newlines included) as visible escapes, and `|` escaped so a
 * table cell is not split (GFM unescapes `\|` inside code spans in tables).
 * Inside a code span `<`, `>`, `&`, `*` and `_` are literal, never markup.
 */
export function mdCode(s: string, inTable = false): string {
  let t = s.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  if (inTable) t = t.replace(/\|/g, '\\|');
  if (t.length === 0) return '` `';
  const longest = maxOf((t.match(/`+/g) ?? []).map((r) => r.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function mdCounts(m: MemoryDelta, key: keyof MemoryCounts): string {
  if (!m.old.loadable || !m.new.loadable) return countsText(m, key);
  const delta = m.delta?.[key] ?? 0;
  const d = delta === 0 ? '0' : `**${signed(delta)}**`;
  return `${m.old[key]} → ${m.new[key]} (${d})`;
}

export function formatDiffMarkdown(d: DiffResult): string {
  const out: string[] = [];
  out.push(`### elfaudit diff: ${mdCode(d.old.facts.file)} → ${mdCode(d.new.facts.file)}`);
  out.push('');
  const linkers = linkerChange(d);
  if (linkers !== undefined) {
    out.push(`Linker: ${mdCode(linkers)}`);
    out.push('');
  }
  const first = d.memory[0];
  if (first?.delta !== undefined && (first.delta.mappedPages !== 0 || first.delta.vmas !== 0 || first.delta.dirtyPages !== 0)) {
    out.push(`**At ${kib(first.pageSize)} pages, every process that maps the new build pays ${first.summary}.**`);
    out.push('');
  }
  out.push('| | old | new | change |');
  out.push('|---|---|---|---|');
  out.push(`| file size | ${d.old.fileSize} | ${d.new.fileSize} | ${signed(d.new.fileSize - d.old.fileSize)} bytes |`);
  out.push(`| padding between LOADs | ${d.old.padding} | ${d.new.padding} | ${signed(d.new.padding - d.old.padding)} bytes |`);
  for (const [name, o, n, changed] of verdictRows(d)) out.push(`| ${name} | ${o} | ${n} | ${changed ? 'changed' : ''} |`);
  out.push('');
  out.push('**Memory per process** (old → new)');
  out.push('');
  out.push('| page size | mapped pages | VMAs | dirty pages |');
  out.push('|---|---|---|---|');
  for (const m of d.memory) {
    out.push(`| ${kib(m.pageSize)} | ${mdCounts(m, 'mappedPages')} | ${mdCounts(m, 'vmas')} | ${mdCounts(m, 'dirtyPages')} |`);
  }
  out.push('');
  out.push('**Why**');
  out.push('');
  for (const m of d.memory) {
    out.push(`- **${kib(m.pageSize)}**: ${mdText(m.summary)}${m.causes.length > 0 ? ` — ${m.causes.map(mdText).join('; ')}` : ''}`);
  }
  out.push('');
  out.push('**Program headers**');
  out.push('');
  const s = d.segments;
  if (s.added.length + s.removed.length + s.regrouped.length + s.changed.length === 0) out.push('- no change');
  for (const p of s.added) out.push(`- added ${mdCode(segLabel(d.new.facts, p))}: ${segSummary(p)}`);
  for (const p of s.removed) out.push(`- removed ${mdCode(segLabel(d.old.facts, p))}: ${segSummary(p)}`);
  for (const r of s.regrouped) {
    out.push(`- ${mdText(r.sentence)}:`);
    for (const l of regroupLines(d, r)) out.push(`  - ${mdText(l)}`);
  }
  for (const c of s.changed) out.push(`- ${mdCode(pairLabel(d, c))}: ${c.changes.map(changeText).join(', ')}`);
  out.push('');
  for (const sec of abiSectionsOf(d, (x) => mdCode(visibleLatin1(x)))) {
    out.push(`**${sec.title[0]!.toUpperCase()}${sec.title.slice(1)}**`);
    out.push('');
    for (const l of sec.lines) out.push(`- ${l}`);
    out.push('');
  }
  return out.join('\n');
}

/** Our own sentences carry only numbers, hex and fixed words, but escape Markdown's specials anyway. */
function mdText(s: string): string {
  return s.replace(/[\\`*_<>|[\]]/g, (c) => `\\${c}`);
}
