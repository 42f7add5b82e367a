import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { DEFAULT_PAGE_SIZES } from '../memory/model.js';
import { analyzePath } from './analyze.js';
import { compareRecords, factsFromRecord, makeBaseline, nameBytes, type Baseline, type FileRecord } from './baseline.js';
import { compareFile, type FileComparison, type RawFinding } from './compare.js';
import type { Message } from './message.js';
import { floorExceptionFor, judgeFloor, type FloorProperty } from './floor.js';
import { DEFAULT_POLICY, excludedBy, ignoredBy, type IgnoreEntry, type Policy } from './policy.js';
import type { ReportLevel, RuleId } from './rules.js';
import { inShard, type Shard } from './shard.js';
import { compareWalkOrder, eachTreeFile, type TreeProblem } from './tree.js';
import type { OldNew } from '../util/changes.js';

/**
 * The gate: a baseline against the trees as they are now, under a policy.
 * `createBaseline` records trees; `checkTrees` compares them. Both refuse
 * to go on when anything under the trees cannot be read (a binary the gate
 * cannot see would escape it): those problems come back, one per path, and
 * the CLI exits 2.
 */

/** A file as the reports name it. */
export interface FileRef {
  readonly root: number;
  /** Relative to its root (the baseline's key). */
  readonly path: string;
  readonly pathBytes: Buffer;
  /** The root directory as given to the check, joined with `path`: what a reviewer looks for. */
  readonly file: string;
  /** The file's absolute path (lossy text where names are not UTF-8). */
  readonly absolute: string;
  /** The root directory's absolute path (for URIs relative to the repository). */
  readonly rootDir: string;
}

/** A rule's finding (what compare.ts says of it: rule, old and new values, message, …) placed in a file, at the level the policy gives it. */
export interface Finding extends Omit<RawFinding, 'level' | 'symbol'> {
  readonly level: ReportLevel;
  readonly ref: FileRef;
  /** hardening-floor: the property below the floor (relro, canary, nx…). */
  readonly property?: FloorProperty;
  /** Set when a policy ignore entry (or a floor exception) matched: the finding is reported but never fails the gate. */
  readonly ignored?: { readonly pattern: string; readonly reason: string };
}

export interface ChangedFile extends OldNew<FileRecord> {
  readonly ref: FileRef;
  readonly comparison: FileComparison;
}

export interface GateResult {
  readonly baseline: { readonly source: string; readonly tool: Baseline['tool']; readonly roots: readonly string[]; readonly files: number };
  /** The directories checked, as given. */
  readonly roots: readonly string[];
  readonly policy: Policy;
  readonly counts: {
    readonly current: number;
    readonly unchanged: number;
    readonly changed: number;
    readonly added: number;
    readonly removed: number;
    readonly excluded: number;
  };
  /** Every ELF file in the trees now, in walk order (a JUnit test case each). */
  readonly checked: readonly FileRef[];
  /** Every finding, in file order; ignored ones included (marked). */
  readonly findings: readonly Finding[];
  readonly changed: readonly ChangedFile[];
  /** Paths an ignore entry without `rules` took out of the gate. */
  readonly excluded: readonly { readonly ref: FileRef; readonly entry: IgnoreEntry }[];
  /** True when no finding is an error that no ignore entry covers. */
  readonly pass: boolean;
}

/** Something that stops the gate from deciding (exit 2): one line each. */
export class GateError extends Error {
  override readonly name = 'GateError';
  constructor(
    message: string,
    /** Every unreadable path, one line each (the message sums them up). */
    readonly problems: readonly TreeProblem[] = [],
  ) {
    super(message);
  }
}

function stripSlashes(s: string): string {
  let e = s.length;
  while (e > 1 && s[e - 1] === '/') e--;
  return s.slice(0, e);
}

function makeRef(rootArg: string, root: number, path: string, pathBytes: Buffer): FileRef {
  const dir = stripSlashes(rootArg);
  const file = dir === '.' ? path : posix.join(dir, path);
  return { root, path, pathBytes, file, absolute: resolve(dir, path), rootDir: resolve(dir) };
}

function problemsError(what: string, problems: readonly TreeProblem[]): GateError {
  const n = problems.length;
  return new GateError(`${what}: ${n} path${n === 1 ? '' : 's'} could not be read`, problems);
}

export interface CreateResult {
  readonly baseline: Baseline;
  /** Regular files without the ELF magic that were skipped. */
  readonly skipped: number;
  readonly excluded: number;
}

/**
 * Records every ELF file under ROOTS. Throws GateError when a root is not a
 * directory or anything under one cannot be read.
 */
export function createBaseline(roots: readonly string[], policy: Policy = DEFAULT_POLICY, shard?: Shard, progress?: (text: string) => void): CreateResult {
  const records: FileRecord[] = [];
  const { skipped, excluded } = recordTrees(roots, { policy, ...(shard && { shard }), ...(progress && { progress }) }, (r) => records.push(r));
  return { baseline: makeBaseline(roots, DEFAULT_PAGE_SIZES, records), skipped, excluded };
}

export interface RecordOptions {
  readonly policy?: Policy;
  /** Record only this shard's files (`--shard I/N`); the others are not read. */
  readonly shard?: Shard;
  /** Called with `[i/n] FILE` as each file is read, and '' at the end (a terminal's progress line). */
  readonly progress?: (text: string) => void;
  /** Asked after each record: true stops the walk (the reader of the output went away). */
  readonly stop?: () => boolean;
}

/** What recordTrees did besides the records. */
export interface RecordSummary {
  readonly files: number;
  /** Regular files without the ELF magic that were skipped. */
  readonly skipped: number;
  readonly excluded: number;
}

/**
 * createBaseline a record at a time: each ELF file's record goes to RECORD
 * as soon as the file is read, in the baseline's order (root, then path
 * bytes: the walk sorts each directory's entries so that it visits them in
 * that order), and nothing of it is kept, so a tree of any size costs what
 * its largest file does. Throws GateError after the walk when a root is not
 * a directory or anything under one could not be read (the walk's problems
 * first, then the files', as createBaseline always reported them); the
 * records given to RECORD by then are not a baseline.
 */
export function recordTrees(roots: readonly string[], opts: RecordOptions, record: (r: FileRecord) => void): RecordSummary {
  if (roots.length === 0) throw new GateError('no directory given');
  const policy = opts.policy ?? DEFAULT_POLICY;
  const walkProblems: TreeProblem[] = [];
  const fileProblems: TreeProblem[] = [];
  let excluded = 0;
  const sink = { problem: (p: TreeProblem) => walkProblems.push(p), excluded: () => excluded++ };
  // the progress line's N: a walk that only counts (names, never file contents), when a terminal shows it
  let total = 0;
  if (opts.progress !== undefined) {
    for (const _ of eachTreeFile(roots, policy, { problem: () => {}, excluded: () => {} }, 'path')) total++;
  }
  let files = 0;
  let skipped = 0;
  let i = 0;
  for (const t of eachTreeFile(roots, policy, sink, 'path')) {
    i++;
    // another shard's file (--shard): left to the job that records it, unread here
    if (opts.shard !== undefined && !inShard(t.root, t.path, opts.shard)) continue;
    const display = makeRef(roots[t.root]!, t.root, t.path, t.pathBytes).file;
    opts.progress?.(`[${i}/${Math.max(total, i)}] ${display}`);
    const a = analyzePath(t.fsPath, t.root, t.path, display);
    if (a.kind === 'elf') {
      record(a.record);
      files++;
      if (opts.stop?.() === true) break;
    } else if (a.kind === 'unreadable') fileProblems.push({ path: display, message: a.message });
    else skipped++;
  }
  opts.progress?.('');
  const problems = [...walkProblems, ...fileProblems];
  if (problems.length > 0) throw problemsError('cannot create the baseline', problems);
  return { files, skipped, excluded };
}

export interface CheckOptions {
  /** The baseline file's name, for reports. */
  readonly baselineSource: string;
  readonly policy?: Policy;
  /** Called with `[i/n] FILE` as each file is read, and '' at the end (a terminal's progress line). */
  readonly progress?: (text: string) => void;
}

/**
 * A baseline as the check reads it: its header, and its records one at a
 * time in the order `create` writes them (compareRecords), each validated.
 * A baseline file (src/gate/baseline-file.ts BaselineFile) is one, read as
 * the check goes; so is a Baseline in memory.
 */
export interface BaselineSource {
  readonly tool: Baseline['tool'];
  readonly roots: readonly string[];
  records(): Iterable<FileRecord>;
}

/** A Baseline in memory as a BaselineSource (its records sorted, in case they were put together by hand). */
function inMemory(b: Baseline): BaselineSource {
  return { tool: b.tool, roots: b.roots, records: () => [...b.files].sort(compareRecords) };
}

/**
 * Compares ROOTS (matched to the baseline's roots by position) with
 * BASELINE, a record at a time: the tree is walked in path order, the
 * baseline's order, so each file meets its record (or the records of files
 * that are gone) as a merge of two sorted lists, and a record is dropped
 * once its file is judged. What is kept is what the reports list: the
 * files of the tree (one line of the JUnit report each), the findings, and
 * for a changed file its two records and their comparison — for an
 * unchanged tree, nothing of the baseline.
 */
export function checkTrees(roots: readonly string[], baseline: Baseline | BaselineSource, opts: CheckOptions): GateResult {
  const source = 'files' in baseline ? inMemory(baseline) : baseline;
  const policy = opts.policy ?? DEFAULT_POLICY;
  if (roots.length !== source.roots.length) {
    const listed = source.roots.map((r) => JSON.stringify(r)).join(', ');
    throw new GateError(
      `the baseline records ${source.roots.length} director${source.roots.length === 1 ? 'y' : 'ies'} (${listed}) and ${roots.length} ${roots.length === 1 ? 'was' : 'were'} given: give them in the same order`,
    );
  }
  // each list is kept in walkTrees's order (`name`), as the reports have always listed it; the walk here is in path order
  type Placed = { readonly root: number; readonly bytes: Buffer };
  const inWalkOrder = <T>(list: T[], at: (x: T) => Placed): T[] =>
    list.sort((x, y) => {
      const a = at(x);
      const b = at(y);
      return compareWalkOrder(a.root, a.bytes, b.root, b.bytes);
    });
  const walkProblems: (Placed & { readonly problem: TreeProblem })[] = [];
  const fileProblems: (Placed & { readonly problem: TreeProblem })[] = [];
  const excludedFiles: { readonly ref: FileRef; readonly entry: IgnoreEntry }[] = [];
  const findings: Finding[] = [];
  const changed: ChangedFile[] = [];
  const checked: FileRef[] = [];
  let current = 0;
  let unchanged = 0;
  let added = 0;
  let removed = 0;

  const push = (
    ref: FileRef,
    rule: RuleId,
    o: string | null,
    n: string | null,
    message: Message,
    discriminator: string,
    extra: { level?: ReportLevel; property?: FloorProperty; ignored?: { pattern: string; reason: string }; costTail?: string; symbol?: string } = {},
  ) => {
    const policyLevel = policy.levels[rule];
    if (policyLevel === 'off') return;
    const level = extra.level ?? policyLevel;
    const entry = ignoredBy(policy, ref.path, rule, extra.symbol);
    const ig = entry === undefined ? extra.ignored : { pattern: entry.symbol?.pattern ?? entry.glob.pattern, reason: entry.reason };
    findings.push({
      rule,
      level,
      ref,
      old: o,
      new: n,
      message,
      discriminator,
      ...(extra.property === undefined ? {} : { property: extra.property }),
      ...(extra.costTail === undefined ? {} : { costTail: extra.costTail }),
      ...(ig === undefined ? {} : { ignored: ig }),
    });
  };

  // the floor holds for every file in the tree, new, changed or unchanged: each judged from its record
  const floorLevel = policy.levels['hardening-floor'];
  const floor = (ref: FileRef, rec: FileRecord) => {
    if (floorLevel === 'off') return;
    for (const o of judgeFloor(policy.floor, (id) => rec.audit[id])) {
      if (o.status === 'met' || o.status === 'n/a') continue;
      const ex = floorExceptionFor(policy.floor, ref.path, o.property);
      // an undecidable verdict is never a silent pass, and never a violation either: a warning that says why
      const level: ReportLevel = o.status === 'unknown' ? (floorLevel === 'note' ? 'note' : 'warning') : floorLevel;
      push(ref, 'hardening-floor', o.required, o.actual, [o.message], o.property, {
        level,
        property: o.property,
        ...(ex === undefined ? {} : { ignored: { pattern: ex.glob.pattern, reason: ex.reason } }),
      });
    }
  };

  const gone = (ref: FileRef, old: FileRecord, why: string) => {
    removed++;
    push(ref, 'file-removed', describeRecord(old), null, [why], '');
  };

  // the baseline's records, one ahead of the walk
  const records = source.records()[Symbol.iterator]();
  let files = 0;
  let next: { readonly record: FileRecord; readonly bytes: Buffer } | undefined;
  const advance = () => {
    const r = records.next();
    next = r.done === true ? undefined : { record: r.value, bytes: nameBytes(r.value.path) };
    if (next !== undefined) files++;
  };
  /** A record whose file is not in the tree: gone, unless the policy takes its path out of the gate (then neither side is looked at). */
  const notInTree = (old: FileRecord, bytes: Buffer) => {
    if (excludedBy(policy, old.path) !== undefined) return;
    gone(makeRef(roots[old.root]!, old.root, old.path, bytes), old, 'was in the baseline and is no longer in the tree');
  };
  const sink = {
    problem: (problem: TreeProblem, root: number, bytes: Buffer) => walkProblems.push({ root, bytes, problem }),
    excluded: (e: { readonly root: number; readonly path: string; readonly entry: IgnoreEntry }) =>
      excludedFiles.push({ ref: makeRef(roots[e.root]!, e.root, e.path, nameBytes(e.path)), entry: e.entry }),
  };
  // the progress line's N: a walk that only counts (names, never file contents), when a terminal shows it
  let total = 0;
  if (opts.progress !== undefined) {
    for (const _ of eachTreeFile(roots, policy, { problem: () => {}, excluded: () => {} }, 'path')) total++;
  }

  advance();
  let done = 0;
  for (const t of eachTreeFile(roots, policy, sink, 'path')) {
    while (next !== undefined && (next.record.root - t.root || Buffer.compare(next.bytes, t.pathBytes)) < 0) {
      notInTree(next.record, next.bytes);
      advance();
    }
    let old: FileRecord | undefined;
    if (next !== undefined && next.record.root === t.root && next.bytes.equals(t.pathBytes)) {
      old = next.record;
      advance();
    }
    const ref = makeRef(roots[t.root]!, t.root, t.path, t.pathBytes);
    opts.progress?.(`[${++done}/${Math.max(total, done)}] ${ref.file}`);
    const a = analyzePath(t.fsPath, t.root, t.path, ref.file, (sha) => old !== undefined && old.sha256 === sha);
    if (a.kind === 'unreadable') {
      fileProblems.push({ root: t.root, bytes: t.pathBytes, problem: { path: ref.file, message: a.message } });
      continue;
    }
    if (a.kind === 'not-elf' || a.kind === 'not-regular') {
      if (old !== undefined) {
        gone(ref, old, a.kind === 'not-elf' ? 'was an ELF file in the baseline and is no longer one' : `was an ELF file in the baseline and is now a ${a.fileType}`);
      }
      continue;
    }
    current++;
    checked.push(ref);
    if (a.kind === 'same') {
      unchanged++;
      floor(ref, old!);
      continue;
    }
    floor(ref, a.record);
    if (old === undefined) {
      added++;
      push(ref, 'file-added', null, describeRecord(a.record), [`new ELF file (${describeRecord(a.record)}); not in the baseline`], '');
      continue;
    }
    const comparison = compareFile(old, factsFromRecord(old, `${ref.file} (baseline)`), a.record, a.facts, policy);
    changed.push({ ref, old, new: a.record, comparison });
    for (const f of comparison.findings) {
      push(ref, f.rule, f.old, f.new, f.message, f.discriminator, {
        ...(f.costTail === undefined ? {} : { costTail: f.costTail }),
        ...(f.symbol === undefined ? {} : { symbol: f.symbol }),
        ...(f.level === undefined ? {} : { level: f.level }),
      });
    }
  }
  // the records after the last file (all of them read, so that a damaged one is refused before anything is reported)
  while (next !== undefined) {
    notInTree(next.record, next.bytes);
    advance();
  }
  opts.progress?.('');
  const problems = [...inWalkOrder(walkProblems, (p) => p), ...inWalkOrder(fileProblems, (p) => p)].map((p) => p.problem);
  if (problems.length > 0) throw problemsError('cannot check the tree', problems);

  findings.sort((a, b) => a.ref.root - b.ref.root || Buffer.compare(a.ref.pathBytes, b.ref.pathBytes));
  const byRef = (f: { readonly ref: FileRef }) => ({ root: f.ref.root, bytes: f.ref.pathBytes });
  return {
    baseline: { source: opts.baselineSource, tool: source.tool, roots: source.roots, files },
    roots,
    policy,
    counts: { current, unchanged, changed: changed.length, added, removed, excluded: excludedFiles.length },
    checked: inWalkOrder(checked, (r) => ({ root: r.root, bytes: r.pathBytes })),
    findings,
    changed: inWalkOrder(changed, byRef),
    excluded: inWalkOrder(excludedFiles, byRef),
    pass: !findings.some((f) => f.level === 'error' && f.ignored === undefined),
  };
}

/** `ELF64 x86-64 DYN, 14216 bytes`. */
export function describeRecord(r: FileRecord): string {
  return `${r.class} ${r.machine || `machine ${r.machineNumber}`} ${r.type || r.typeNumber}, ${r.size} bytes`;
}

/** The findings that fail the gate. */
export function violations(r: GateResult): Finding[] {
  return r.findings.filter((f) => f.level === 'error' && f.ignored === undefined);
}

/** Findings reported but allowed (warning or note level). */
export function allowed(r: GateResult): Finding[] {
  return r.findings.filter((f) => f.level !== 'error' && f.ignored === undefined);
}

export function ignored(r: GateResult): Finding[] {
  return r.findings.filter((f) => f.ignored !== undefined);
}

/** A path relative to the repository root, `/`-separated, or undefined when the file lies outside it. */
export function repoRelative(absolute: string, repoRoot: string): string | undefined {
  const rel = relative(resolve(repoRoot), absolute);
  // `..` as a whole segment leaves the root; a name that merely starts with two dots does not
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
