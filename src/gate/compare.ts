import { flagsWord } from '../names/segment-flags.js';
import { classifyPathEntry } from '../hardening/index.js';
import type { CheckId } from '../audit/types.js';
import { kindsText, sectionMoves } from '../diff/contents.js';
import { diffLayouts, type DiffResult, type MemoryDelta } from '../diff/diff.js';
import { PF, PT } from '../elf/constants.js';
import type { ProgramHeader } from '../elf/types.js';
import type { LayoutFacts } from '../memory/facts.js';
import { DEFAULT_PAGE_SIZES, type MemoryEstimate } from '../memory/model.js';
import type { FileRecord, SegmentRecord } from './baseline.js';
import { name, type Message, type MessagePart } from './message.js';
import { DEFAULT_ABI_POLICY, type Policy } from './policy.js';
import type { ReportLevel, RuleId } from './rules.js';
import { compareVersions, symbolKey, type AbiDiff } from '../diff/abi.js';
import { hexAddress, kib, plural } from '../io/text.js';
import { pushAll } from '../util/arrays.js';
import type { OldNew } from '../util/changes.js';

/**
 * What changed between a file's baseline record and its current build, as
 * rule findings. Levels and ignores are applied by the caller; here every
 * rule that fires says what it saw (old and new values) and why it matters
 * in one message.
 */

/** `old`, `new`: the values the rule saw, null for the side that has none (a file added or removed). */
export interface RawFinding extends OldNew<string | null> {
  readonly rule: RuleId;
  readonly message: Message;
  /** Tells apart two findings of one rule in one file (for SARIF fingerprints): `GNU_RELRO#1`, an RPATH entry. */
  readonly discriminator: string;
  /** The exported symbol's name, for a finding about one (the policy's `symbol` suppressions match it). */
  readonly symbol?: string;
  /** A level the policy forces past the rule's own (a glibc need past `maxGlibc`). */
  readonly level?: ReportLevel;
  /**
   * The end of the message's last part that repeats the file's page cost and
   * its causes (`; at 4 KiB pages: +1 mapped page … (causes)`): a report that
   * shows the page cost once per file (Markdown) leaves it out of each row.
   */
  readonly costTail?: string;
}

/** A property that got better (RELRO none → full, NX gained, an RPATH entry gone): said as plainly as a finding. */
export interface Improvement extends OldNew<string> {
  /** The hardening engine's property (relro, nx, pie, canary, fortify, textrel, wx-segments, execstack, rpath, runpath). */
  readonly property: CheckId;
  readonly message: string;
}

export interface FileComparison {
  readonly findings: readonly RawFinding[];
  /** What got better, in the engine's property order; never a finding, whatever it costs. */
  readonly improvements: readonly Improvement[];
  /** The layout diff (program headers, the hardening engine's RELRO/NX/PIE, memory per page size). */
  readonly diff: DiffResult;
  /** The memory row at the policy's page size. */
  readonly growth: MemoryDelta;
}

/** `unknown` ranks with `none`: a PT_GNU_RELRO nothing applies leaves everything writable, as none does. */
const RELRO_RANK: Readonly<Record<string, number>> = { none: 0, unknown: 0, partial: 1, full: 2 };
const FORTIFY_RANK: Readonly<Record<string, number>> = { no: 0, partial: 1, yes: 2 };

function auditVerdict(r: FileRecord, id: CheckId): string | undefined {
  return r.audit[id]?.verdict;
}

function summary(r: FileRecord, id: CheckId): string {
  return r.audit[id]?.summary ?? '';
}

/** "at 4 KiB pages: +1 mapped page, +1 VMA, +1 dirty page (GNU_RELRO added: …; …)". */
export function pageCostSentence(m: MemoryDelta): string {
  const causes = m.causes.length > 0 ? ` (${m.causes.join('; ')})` : '';
  return `at ${kib(m.pageSize)} pages: ${m.summary}${causes}`;
}

function findingSegmentLabel(p: ProgramHeader, names: (type: number) => string): string {
  return `${names(p.type)} [${p.index}] ${flagsWord(p.flags)}`;
}


function segFields(p: ProgramHeader): string {
  return `offset ${hexAddress(p.offset)}, vaddr ${hexAddress(p.vaddr)}, filesz ${hexAddress(p.filesz)}, memsz ${hexAddress(p.memsz)}, align ${hexAddress(p.align)}`;
}

function occurrence(list: readonly ProgramHeader[], p: ProgramHeader): number {
  return list.filter((q) => q.type === p.type && q.index <= p.index).length;
}

function estimateCounts(e: MemoryEstimate): string {
  if (!e.loadable) return `cannot load at ${kib(e.pageSize)} pages`;
  return `${plural(e.mappedPages, 'mapped page')}, ${plural(e.dirtyPages, 'dirty page')}, ${plural(e.vmas, 'VMA')}`;
}

function wxLoads(r: FileRecord): SegmentRecord[] {
  return r.programHeaders.filter((p) => p.type === PT.LOAD && (p.flags & PF.W) !== 0 && (p.flags & PF.X) !== 0);
}

function wxCount(v: string | undefined): number | undefined {
  if (v === 'none') return 0;
  if (v !== undefined && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** Compares one file's baseline record with its current build. */
export function compareFile(old: FileRecord, oldFacts: LayoutFacts, cur: FileRecord, curFacts: LayoutFacts, policy: Policy): FileComparison {
  const P = policy.memoryGrowth.pageSize;
  const sizes = [P, ...DEFAULT_PAGE_SIZES.filter((s) => s !== P)];
  const full = diffLayouts(oldFacts, curFacts, { pageSizes: sizes });
  // the policy's page size, and the other sizes at which either build loads
  const diff: DiffResult = { ...full, memory: full.memory.filter((m, i) => i === 0 || m.old.loadable || m.new.loadable) };
  const growth = diff.memory[0]!;
  const cost = pageCostSentence(growth);
  const out: RawFinding[] = [];
  const add = (rule: RuleId, o: string | null, n: string | null, message: MessagePart[], discriminator = '') => {
    const last = message[message.length - 1];
    const because = growth.causes.length > 0 ? `, because ${growth.causes.join('; ')}` : '';
    const tail = typeof last !== 'string' ? undefined : last.endsWith(`; ${cost}`) ? `; ${cost}` : rule === 'memory-growth' && because !== '' && last.endsWith(because) ? because : undefined;
    out.push({ rule, old: o, new: n, message, discriminator, ...(tail === undefined ? {} : { costTail: tail }) });
  };

  // ---- hardening, from the accurate audit's verdicts
  {
    const o = auditVerdict(old, 'relro');
    const n = auditVerdict(cur, 'relro');
    if (o !== undefined && n !== undefined && o in RELRO_RANK && n in RELRO_RANK && RELRO_RANK[n]! < RELRO_RANK[o]!) {
      add('relro-downgrade', o, n, [`RELRO ${o} → ${n}: ${summary(cur, 'relro')}`]);
    }
  }
  {
    const o = auditVerdict(old, 'nx');
    const n = auditVerdict(cur, 'nx');
    if (o === 'yes' && (n === 'no' || n === 'kernel-dependent')) add('nx-lost', o, n, [`NX yes → ${n}: ${summary(cur, 'nx')}`]);
  }
  {
    const o = auditVerdict(old, 'pie');
    const n = auditVerdict(cur, 'pie');
    if ((o === 'pie' || o === 'static-pie') && n === 'no') add('pie-lost', o, n, [`PIE ${o} → ${n}: ${summary(cur, 'pie')}`]);
  }
  {
    const o = auditVerdict(old, 'canary');
    const n = auditVerdict(cur, 'canary');
    if (o === 'yes' && n === 'no') add('canary-lost', o, n, [`stack protector yes → no: ${summary(cur, 'canary')}`]);
  }
  {
    const o = auditVerdict(old, 'fortify');
    const n = auditVerdict(cur, 'fortify');
    if (o !== undefined && n !== undefined && o in FORTIFY_RANK && n in FORTIFY_RANK && FORTIFY_RANK[n]! < FORTIFY_RANK[o]!) {
      add('fortify-lost', o, n, [`FORTIFY ${o} → ${n}: ${summary(cur, 'fortify')}`]);
    }
  }
  for (const [id, rule, tag] of [
    ['rpath', 'rpath-added', 'DT_RPATH'],
    ['runpath', 'runpath-added', 'DT_RUNPATH'],
  ] as const) {
    const o = old.audit[id]?.entries ?? [];
    const n = cur.audit[id]?.entries ?? [];
    const before = new Set(o);
    const added = [...new Set(n)].filter((e) => !before.has(e));
    for (const e of added) {
      const c = classifyPathEntry(e);
      add(rule, o.length === 0 ? null : o.join(':'), n.join(':'), [`${tag} gained the entry `, name(e), ` (${c.text})${o.length === 0 ? `; the file had no ${tag} before` : ''}`], e);
    }
  }
  {
    const o = auditVerdict(old, 'textrel');
    const n = auditVerdict(cur, 'textrel');
    if (o === 'no' && n === 'yes') add('textrel-added', o, n, [`text relocations appeared: ${summary(cur, 'textrel')}`]);
  }
  {
    const o = wxCount(auditVerdict(old, 'wx-segments'));
    const n = wxCount(auditVerdict(cur, 'wx-segments'));
    if (o !== undefined && n !== undefined && n > o) {
      const list = wxLoads(cur).map((p) => `LOAD [${p.index}] (${segFields(p)})`).join('; ');
      add('wx-segment-added', String(o), String(n), [`${plural(n, 'writable and executable PT_LOAD')} instead of ${o}: ${list}`]);
    }
  }
  {
    const o = auditVerdict(old, 'execstack');
    const n = auditVerdict(cur, 'execstack');
    if (o !== undefined && o !== 'yes' && o !== 'n/a' && o !== 'error' && n === 'yes') {
      add('execstack-added', o, n, [`PT_GNU_STACK now asks for an executable stack: ${summary(cur, 'execstack')}`]);
    }
  }

  // ---- segments, paired as elfaudit diff pairs them (src/diff/pairing.ts: by the sections they hold)
  const segs = full.segments;
  const nameIn = (r: FileRecord) => (type: number) => r.programHeaders.find((p) => p.type === type)?.name || hexAddress(BigInt(type));
  for (const p of segs.added) {
    const label = findingSegmentLabel(p, nameIn(cur));
    const k = `${nameIn(cur)(p.type)}#${occurrence(curFacts.programHeaders, p)}`;
    add('segment-added', null, `${label}: ${segFields(p)}`, [`${label} added (${segFields(p)}); ${cost}`], k);
  }
  for (const p of segs.removed) {
    const label = findingSegmentLabel(p, nameIn(old));
    const k = `${nameIn(old)(p.type)}#${occurrence(oldFacts.programHeaders, p)}`;
    add('segment-removed', `${label}: ${segFields(p)}`, null, [`${label} removed (was ${segFields(p)}); ${cost}`], k);
  }
  for (const r of segs.regrouped) {
    const g = r.group;
    const typeName = nameIn(cur)(g.type);
    const oldList = g.old.map((p) => findingSegmentLabel(p, nameIn(old))).join(', ');
    const newList = g.new.map((p) => findingSegmentLabel(p, nameIn(cur))).join(', ');
    const k = `${typeName}#${g.old.map((p) => occurrence(oldFacts.programHeaders, p)).join('+')}→${g.new.map((p) => occurrence(curFacts.programHeaders, p)).join('+')}`;
    const what = `${r.sentence}: ${oldList} → ${newList}`;
    if (g.new.length !== g.old.length) add(g.new.length > g.old.length ? 'segment-added' : 'segment-removed', oldList, newList, [`${what}; ${cost}`], k);
    const moves = sectionMoves(g.old, g.new, (p) => oldFacts.segmentSections?.[p.index], (p) => curFacts.segmentSections?.[p.index]);
    if (moves.length > 0) {
      // section names come from the binary: each is a name part, escaped by every report format
      const parts: MessagePart[] = [`${what}, so the sections it holds changed permissions: `];
      moves.forEach((m, i) => {
        if (i > 0) parts.push('; ');
        const kinds = kindsText(m.sections);
        parts.push(kinds === '' ? '' : `${kinds} (`);
        m.sections.forEach((sec, j) => {
          if (j > 0) parts.push(', ');
          parts.push(name(sec));
        });
        parts.push(`${kinds === '' ? '' : ')'} ${flagsWord(m.oldFlags)} → ${flagsWord(m.newFlags)}`);
      });
      parts.push(`; ${cost}`);
      add('segment-flags-changed', moves.map((m) => flagsWord(m.oldFlags)).join(', '), moves.map((m) => flagsWord(m.newFlags)).join(', '), parts, k);
    }
  }
  for (const c of segs.changed) {
    const f = c.changes.find((x) => x.field === 'flags');
    if (f === undefined) continue;
    const typeName = nameIn(cur)(c.type);
    add(
      'segment-flags-changed',
      flagsWord(Number(f.old)),
      flagsWord(Number(f.new)),
      [`${typeName} #${c.occurrence} [${c.new.index}] flags ${flagsWord(Number(f.old))} → ${flagsWord(Number(f.new))}; ${cost}`],
      `${typeName}#${c.occurrence}`,
    );
  }

  // ---- memory per process at the policy's page size
  const g = policy.memoryGrowth;
  if (growth.old.loadable && !growth.new.loadable) {
    add('memory-growth', estimateCounts(growth.old), estimateCounts(growth.new), [`the new build cannot load at ${kib(P)} pages: ${growth.new.problems.join('; ')}`]);
  } else if (growth.delta !== undefined) {
    const over = g.metrics.filter((m) => growth.delta![m] > g.pages);
    if (over.length > 0) {
      const what = over.map((m) => `${m === 'mappedPages' ? 'mapped' : 'dirty'} pages ${growth.old[m]} → ${growth.new[m]}`).join(', ');
      add('memory-growth', estimateCounts(growth.old), estimateCounts(growth.new), [
        `every process that maps it pays more at ${kib(P)} pages: ${what} (allowed growth: ${plural(g.pages, 'page')}); ${growth.summary}${growth.causes.length > 0 ? `, because ${growth.causes.join('; ')}` : ''}`,
      ]);
    }
  }
  if (full.abi !== undefined) pushAll(out, abiFindings(full.abi, policy));
  return { findings: out, improvements: improvements(old, cur), diff, growth };
}

const NX_RANK: Readonly<Record<string, number>> = { no: 0, 'kernel-dependent': 0, yes: 1 };
const PIE_RANK: Readonly<Record<string, number>> = { no: 0, pie: 1, 'static-pie': 1 };
const YES_RANK: Readonly<Record<string, number>> = { no: 0, yes: 1 };
const NO_RANK: Readonly<Record<string, number>> = { yes: 0, no: 1 };
const LABEL: Readonly<Partial<Record<CheckId, string>>> = {
  relro: 'RELRO',
  nx: 'NX',
  pie: 'PIE',
  canary: 'stack protector',
  fortify: 'FORTIFY',
  textrel: 'text relocations',
  execstack: 'executable stack',
  'wx-segments': 'writable and executable LOADs',
};

/** Each property the new build has more of: the mirror of the hardening rules above, in the same ranks. */
export function improvements(old: FileRecord, cur: FileRecord): Improvement[] {
  const out: Improvement[] = [];
  const ranked: [CheckId, Readonly<Record<string, number>>][] = [
    ['relro', RELRO_RANK],
    ['canary', YES_RANK],
    ['nx', NX_RANK],
    ['execstack', NO_RANK],
    ['pie', PIE_RANK],
    ['textrel', NO_RANK],
    ['fortify', FORTIFY_RANK],
  ];
  for (const [id, rank] of ranked) {
    const o = auditVerdict(old, id);
    const n = auditVerdict(cur, id);
    if (o === undefined || n === undefined || !(o in rank) || !(n in rank) || rank[n]! <= rank[o]!) continue;
    out.push({ property: id, old: o, new: n, message: `${LABEL[id]} ${o} → ${n}: ${summary(cur, id)}` });
  }
  const wo = wxCount(auditVerdict(old, 'wx-segments'));
  const wn = wxCount(auditVerdict(cur, 'wx-segments'));
  if (wo !== undefined && wn !== undefined && wn < wo) {
    out.push({ property: 'wx-segments', old: String(wo), new: String(wn), message: `${LABEL['wx-segments']} ${wo} → ${wn}` });
  }
  for (const [id, tag] of [
    ['rpath', 'DT_RPATH'],
    ['runpath', 'DT_RUNPATH'],
  ] as const) {
    const o = old.audit[id]?.entries ?? [];
    const n = new Set(cur.audit[id]?.entries ?? []);
    const gone = [...new Set(o)].filter((e) => !n.has(e));
    if (gone.length > 0) {
      out.push({ property: id, old: o.join(':'), new: [...n].join(':'), message: `${tag} no longer has ${gone.map((e) => JSON.stringify(e)).join(', ')}` });
    }
  }
  return out;
}

/** The ABI rules' findings (src/diff/abi.ts's diff); names from the binary are name parts, escaped by every format. */
export function abiFindings(d: AbiDiff, policy: Policy): RawFinding[] {
  const cfg = policy.abi ?? DEFAULT_ABI_POLICY;
  const out: RawFinding[] = [];
  for (const c of d.identity) {
    if (c.field === 'soname') {
      const said = (v: string | undefined): MessagePart[] => (v === undefined ? ['none'] : [name(v)]);
      out.push({ rule: 'soname-changed', old: c.old ?? null, new: c.new ?? null, message: ['SONAME ', ...said(c.old), ' → ', ...said(c.new), ': programs linked against the old name no longer find it'], discriminator: '' });
    } else if (c.field === 'needed') {
      const lib = (c.change === 'added' ? c.new : c.old)!;
      const rule = c.change === 'added' ? 'needed-added' : 'needed-removed';
      out.push({ rule, old: c.old ?? null, new: c.new ?? null, message: ['NEEDED ', name(lib), c.change === 'added' ? ' added: every process that loads this file now loads it too' : ' removed'], discriminator: lib });
    }
  }
  for (const s of d.exports.removed) {
    const key = symbolKey(s);
    out.push({ rule: 'symbol-removed', old: key, new: null, message: ['exported symbol ', name(key), ' removed: an ABI break for whatever uses it'], discriminator: key, symbol: s.name });
  }
  for (const s of d.exports.added) {
    const key = symbolKey(s);
    out.push({ rule: 'symbol-added', old: null, new: key, message: ['exported symbol ', name(key), ' added'], discriminator: key, symbol: s.name });
  }
  for (const n of d.needs) {
    if (n.family !== 'GLIBC' || !n.raised || n.new === undefined) continue;
    const message: MessagePart[] = [`now needs glibc ${n.new} (was ${n.old ?? 'none'})`];
    n.because.forEach((s, i) => message.push(i === 0 ? ' because of ' : ', ', name(`${s.name}@${s.version}`)));
    const past = cfg.maxGlibc !== undefined && compareVersions(n.new.split('.').map(Number), cfg.maxGlibc.split('.').map(Number)) > 0;
    if (past) message.push(`; the policy's ceiling is glibc ${cfg.maxGlibc}`);
    out.push({ rule: 'glibc-version-raised', old: n.old ?? null, new: n.new, message, discriminator: 'GLIBC', ...(past && { level: 'error' as const }) });
  }
  for (const c of d.sizes?.sections ?? []) {
    if (c.change !== 'changed' || c.old === undefined || c.new === undefined) continue;
    const grew = (o: bigint, n: bigint) => o > 0n && n > o && (n - o) * 100n > o * BigInt(cfg.sectionPercent);
    const vm = grew(c.old.vmSize, c.new.vmSize);
    const file = grew(c.old.fileSize, c.new.fileSize);
    if (!vm && !file) continue;
    const [o, n] = vm ? [c.old.vmSize, c.new.vmSize] : [c.old.fileSize, c.new.fileSize];
    out.push({
      rule: 'section-grew',
      old: String(o),
      new: String(n),
      message: [name(c.name), ` grew ${o} → ${n} bytes ${vm ? 'in memory' : 'in the file'} (more than the allowed ${cfg.sectionPercent}%)`],
      discriminator: c.name,
    });
  }
  return out;
}
