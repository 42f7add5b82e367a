import { maxOf } from '../util/arrays.js';
import { ET, PT } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { GLIBC_CHK_FUNCTIONS } from './fortify-functions.js';
import { nthWord, ReadelfText } from './readelf-text.js';

/**
 * checksec.sh 2.6.0's `filecheck`, one field at a time, each decided by the
 * same grep over readelf 2.40 text that the script runs (see ReadelfText
 * for how that text is reproduced). The values are checksec's, right or
 * wrong; src/audit says where they are wrong.
 */
export interface ChecksecResult {
  /** `readelf -l` shows GNU_RELRO; then `readelf -d` contains BIND_NOW. */
  readonly relro: 'full' | 'partial' | 'no';
  /** `readelf -s` contains __stack_chk_fail, __stack_chk_guard or __intel_security_cookie. */
  readonly canary: boolean;
  /** A GNU_STACK segment exists and none has all of R, W and E. */
  readonly nx: boolean;
  /** From e_type; DYN is `yes` when `readelf -d` contains DEBUG, else `dso`. */
  readonly pie: 'no' | 'yes' | 'dso' | 'rel' | 'not_elf';
  readonly rpath: PathField;
  readonly runpath: PathField;
  readonly symbols: {
    readonly present: boolean;
    /** What the CLI prints before ` Symbols` (the entry count, usually). */
    readonly countText: string;
  };
  readonly fortify: {
    /** Any `--dyn-syms` name ends in `_chk`. */
    readonly source: boolean;
    /** Names equal to one of libc's `X_chk`. */
    readonly fortified: number;
    /** fortified + names equal to one of libc's `X` (without `_chk`). */
    readonly fortifiable: number;
  };
  readonly extended: {
    readonly selfrando: boolean;
    readonly clangCfi: boolean;
    readonly safeStack: boolean;
  };
}

export interface PathField {
  /** checksec's array is non-empty: the first matching line has text between its brackets. */
  readonly present: boolean;
  /** The colon-separated entries checksec splits out (for the CLI's RW- test). */
  readonly entries: readonly string[];
}

const FORTIFIED = new Set(GLIBC_CHK_FUNCTIONS);
const FORTIFIABLE = new Set(GLIBC_CHK_FUNCTIONS.map((n) => n.replaceAll('_chk', '')));
const LONGEST = maxOf([...FORTIFIED, ...FORTIFIABLE].map((n) => n.length));
/** The first and last byte of every FORTIFIED and FORTIFIABLE name (bit first << 8 | last): a name without such a pair is in neither set. */
const ENDS = new Uint8Array(0x10000);
for (const n of [...FORTIFIED, ...FORTIFIABLE]) ENDS[(n.charCodeAt(0) << 8) | n.charCodeAt(n.length - 1)] = 1;
const CANARY = /__stack_chk_fail|__stack_chk_guard|__intel_security_cookie/;
/** Parts of the CANARY words no name printing can change (^X escapes only touch control bytes). */
const CANARY_WORDS = ['stack_chk_fail', 'stack_chk_guard', 'intel_security_cookie'];

/** The row for a file whose ELF header could not be read: every readelf call printed nothing. */
export const EMPTY_RESULT: ChecksecResult = Object.freeze({
  relro: 'no',
  canary: false,
  nx: false,
  pie: 'not_elf',
  rpath: { present: false, entries: [] },
  runpath: { present: false, entries: [] },
  symbols: { present: false, countText: '' },
  fortify: { source: false, fortified: 0, fortifiable: 0 },
  extended: { selfrando: false, clangCfi: false, safeStack: false },
});

/** checksec.sh 2.6.0's verdicts for one opened ELF file. */
export function checksecFile(file: ElfFile, opts: { extended?: boolean } = {}): ChecksecResult {
  const view = new ReadelfText(file);
  const segments = view.segments();
  const dynLines = view.dynamicLines();
  const has = (re: string) => dynLines.some((l) => l.includes(re));

  const relro = segments.some((s) => s.type === PT.GNU_RELRO) ? (has('BIND_NOW') ? 'full' : 'partial') : 'no';
  const stacks = segments.filter((s) => s.type === PT.GNU_STACK);
  const nx = stacks.length > 0 && !stacks.some((s) => (s.flags & 7) === 7);

  let pie: ChecksecResult['pie'];
  switch (view.type) {
    case ET.EXEC:
      pie = 'no';
      break;
    case ET.DYN:
      pie = has('DEBUG') ? 'yes' : 'dso';
      break;
    case ET.REL:
      pie = 'rel';
      break;
    default:
      pie = 'not_elf';
  }

  const tables = view.symbolTables();
  // `readelf -s` text: each table's header line and its symbols' names
  // (only those whose raw strings could hold one of the words).
  const canary = tables.some((t) => CANARY.test(t.headerLine) || t.someNameWith(CANARY_WORDS, (name) => CANARY.test(name)));

  const symbols = symbolsField(view);
  const fortify = fortifyField(view);

  let extended = EMPTY_RESULT.extended;
  if (opts.extended === true) extended = extendedFields(view);

  return {
    relro,
    canary,
    nx,
    pie,
    rpath: pathField(dynLines, 'RPATH'),
    runpath: pathField(dynLines, 'RUNPATH'),
    symbols,
    fortify,
    extended,
  };
}

/**
 * `IFS=: read -r -a arr <<< "$(readelf -d | awk -F'[][]' '/RPATH/ {print $2}')"`:
 * only the first matching line counts, `$2` is the text between its first
 * two bracket characters, and an empty `$2` gives an empty array.
 */
export function pathField(lines: readonly string[], word: 'RPATH' | 'RUNPATH'): PathField {
  const line = lines.find((l) => l.includes(word));
  if (line === undefined) return { present: false, entries: [] };
  const field2 = line.split(/[[\]]/)[1] ?? '';
  if (field2 === '') return { present: false, entries: [] };
  // bash's read with IFS=: drops one trailing empty field ("a:" is one entry)
  const entries = field2.split(':');
  if (entries.length > 1 && entries[entries.length - 1] === '') entries.pop();
  return { present: true, entries };
}

/**
 * `readelf --symbols | grep '\.symtab'`: present when any line mentions
 * `.symtab`; the CLI count is `cut -d' ' -f5 | cut -d: -f1` of the first
 * such line, first word.
 */
function symbolsField(view: ReadelfText): ChecksecResult['symbols'] {
  for (const t of view.symbolTables()) {
    if (t.headerLine.includes('.symtab')) return { present: true, countText: cutField5(t.headerLine) };
    if (!t.rawMayContain('.symtab')) continue;
    for (let i = 0; i < t.count; i++) {
      if (t.printedName(i).includes('.symtab')) {
        // "%6d: " starts the line: field 5 of a space split is the index only for 10..99
        return { present: true, countText: cutField5(`${String(i).padStart(6)}: x`) };
      }
    }
  }
  return { present: false, countText: '' };
}

function cutField5(line: string): string {
  const f5 = line.split(' ')[4] ?? '';
  return f5.split(':')[0]!.split(/[ \t]+/)[0] ?? '';
}

// FORTIFY: `readelf --dyn-syms | awk '{print $8}' | sed 's/_*//; s/@.*//'`
// (leading underscores and any @version dropped), counted against the
// embedded `_chk` list.
function fortifyField(view: ReadelfText): ChecksecResult['fortify'] {
  let fortified = 0;
  let plain = 0;
  let source = false;
  const add = (word: string) => {
    let a = 0;
    while (word.charCodeAt(a) === 0x5f) a++; // sed 's/_*//'
    let e = word.indexOf('@', a); // sed 's/@.*//'
    if (e < 0) e = word.length;
    if (e <= a) return; // sed '/^$/d'
    const n = a === 0 && e === word.length ? word : word.slice(a, e);
    if (FORTIFIED.has(n)) fortified++;
    else if (FORTIFIABLE.has(n)) plain++;
    if (!source && n.endsWith('_chk')) source = true;
  };
  // The common case, $8 the name's first word and printed as stored: the
  // same steps on the string table's bytes, a string made only for words
  // short enough to be in the lists.
  const addRaw = (b: Buffer, start: number, end: number) => {
    let a = start;
    while (a < end && b[a] === 0x5f) a++;
    let e = a;
    while (e < end && b[e] !== 0x40) e++;
    if (e <= a) return;
    if (!source && e - a >= 4 && b[e - 4] === 0x5f && b[e - 3] === 0x63 && b[e - 2] === 0x68 && b[e - 1] === 0x6b) source = true;
    if (e - a > LONGEST || ENDS[(b[a]! << 8) | b[e - 1]!] === 0) return;
    const n = b.toString('latin1', a, e);
    if (FORTIFIED.has(n)) fortified++;
    else if (FORTIFIABLE.has(n)) plain++;
  };
  for (const t of view.symbolTables(true)) {
    add(nthWord(t.headerLine, 7));
    if (t.columns) add('Name'); // "   Num:    Value  Size Type    Bind   Vis      Ndx Name"
    for (let i = 0; i < t.count; i++) {
      const w = view.prefixWordCount(t, i) === 7 ? t.rawFirstWord(i) : null;
      if (w !== null) addRaw(w.bytes, w.start, w.end);
      else add(view.awkField8(t, i));
    }
  }
  return { source, fortified, fortifiable: fortified + plain };
}

/** The `--extended` checks. */
function extendedFields(view: ReadelfText): ChecksecResult['extended'] {
  // SELFRANDO: `readelf -S | grep -c txtrp | grep -q 1`
  const txtrp = view.sectionNames().filter((name) => name.includes('txtrp')).length;
  const selfrando = String(txtrp).includes('1');

  // The `readelf -s` lines, as far as these checks look at them, made
  // lazily: a table's symbol lines are only walked when its strings could
  // hold the word looked for (a symbol's line ends with its name, after a
  // space, so `.cfi` matches a name that starts with cfi).
  const tables = view.symbolTables();
  const COLUMNS = '   Num:    Value          Size Type    Bind   Vis      Ndx Name';
  function* lines(word: string | null): Generator<{ text: string; field8: () => string }> {
    for (const t of tables) {
      yield { text: t.headerLine, field8: () => nthWord(t.headerLine, 7) };
      if (t.columns) yield { text: COLUMNS, field8: () => 'Name' };
      if (word !== null && !t.rawMayContain(word)) continue;
      for (let i = 0; i < t.count; i++) yield { text: ' ' + t.printedName(i), field8: () => view.awkField8(t, i) };
    }
  }
  // Clang CFI: the first line matching `.cfi` (a regex: any byte, then
  // "cfi"), its $8 without ".cfi", must end some line. Version suffixes
  // (`@GLIBC_2.2.5 (2)`) are not reproduced.
  let clangCfi = false;
  let first: { text: string; field8: () => string } | undefined;
  for (const l of lines('cfi')) {
    if (/.cfi/.test(l.text)) {
      first = l;
      break;
    }
  }
  const cfifunc = first?.field8() ?? '';
  if (cfifunc !== '') {
    const re = new RegExp(bre(cfifunc.replace('.cfi', '')) + '$');
    for (const l of lines(null)) {
      if (re.test(l.text)) {
        clangCfi = true;
        break;
      }
    }
  }
  let safeStack = false;
  for (const l of lines('__safestack_init')) {
    if (l.text.includes('__safestack_init')) {
      safeStack = true;
      break;
    }
  }
  return { selfrando, clangCfi, safeStack };
}

/** A grep BRE as a JS regex, for symbol names: `.` is any character, the rest literal. */
function bre(s: string): string {
  return s.replace(/[\\^$+?()[\]{}|*]/g, '\\$&');
}
