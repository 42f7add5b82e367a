import { ET, PT } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import { GLIBC_CHK_FUNCTIONS } from './fortify-functions.js';
import { ReadelfView, splitWords } from './readelf-view.js';

/**
 * checksec.sh 2.6.0's `filecheck`, one field at a time, each decided by the
 * same grep over readelf 2.40 text that the script runs (see ReadelfView
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
const CANARY = /__stack_chk_fail|__stack_chk_guard|__intel_security_cookie/;

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
  const view = new ReadelfView(file);
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
  // `readelf -s` text: each table's header line and its symbols' names.
  const sLines = function* (): Generator<string> {
    for (const t of tables) {
      yield t.headerLine;
      for (const s of t.symbols) yield s.printedName;
    }
  };
  let canary = false;
  for (const l of sLines()) {
    if (CANARY.test(l)) {
      canary = true;
      break;
    }
  }

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
function symbolsField(view: ReadelfView): ChecksecResult['symbols'] {
  for (const t of view.symbolTables()) {
    if (t.headerLine.includes('.symtab')) return { present: true, countText: cutField5(t.headerLine) };
    for (const s of t.symbols) {
      if (s.printedName.includes('.symtab')) {
        // "%6d: " starts the line: field 5 of a space split is the index only for 10..99
        const prefix = `${String(s.index).padStart(6)}: x`;
        return { present: true, countText: cutField5(prefix) };
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
function fortifyField(view: ReadelfView): ChecksecResult['fortify'] {
  const names: string[] = [];
  const add = (word: string) => {
    const n = word.replace(/^_*/, '').replace(/@.*$/, '');
    if (n !== '') names.push(n);
  };
  for (const t of view.symbolTables(true)) {
    add(splitWords(t.headerLine)[7] ?? '');
    if (t.columns) add('Name'); // "   Num:    Value  Size Type    Bind   Vis      Ndx Name"
    for (const s of t.symbols) add(view.awkField8(s));
  }
  let fortified = 0;
  let plain = 0;
  let source = false;
  for (const n of names) {
    if (FORTIFIED.has(n)) fortified++;
    if (FORTIFIABLE.has(n)) plain++;
    if (n.endsWith('_chk')) source = true;
  }
  return { source, fortified, fortifiable: fortified + plain };
}

/** The `--extended` checks. */
function extendedFields(view: ReadelfView): ChecksecResult['extended'] {
  // SELFRANDO: `readelf -S | grep -c txtrp | grep -q 1`
  const secs = view.sectionHeaders() ?? [];
  const txtrp = secs.filter((s) => view.printableSectionName(s).includes('txtrp')).length;
  const selfrando = String(txtrp).includes('1');

  // The `readelf -s` lines, as far as these checks look at them.
  const lines: { text: string; field8: string }[] = [];
  for (const t of view.symbolTables()) {
    lines.push({ text: t.headerLine, field8: splitWords(t.headerLine)[7] ?? '' });
    if (t.columns) lines.push({ text: '   Num:    Value          Size Type    Bind   Vis      Ndx Name', field8: 'Name' });
    for (const s of t.symbols) lines.push({ text: s.printedName, field8: view.awkField8(s) });
  }
  // Clang CFI: the first line matching `.cfi` (a regex: any byte, then
  // "cfi"), its $8 without ".cfi", must end some line. Version suffixes
  // (`@GLIBC_2.2.5 (2)`) are not reproduced.
  let clangCfi = false;
  const first = lines.find((l) => /.cfi/.test(l.text));
  if (first !== undefined && first.field8 !== '') {
    const func = first.field8.replace('.cfi', '');
    const re = new RegExp(bre(func) + '$');
    clangCfi = lines.some((l) => re.test(l.text));
  }
  const safeStack = lines.some((l) => l.text.includes('__safestack_init'));
  return { selfrando, clangCfi, safeStack };
}

/** A grep BRE as a JS regex, for symbol names: `.` is any character, the rest literal. */
function bre(s: string): string {
  return s.replace(/[\\^$+?()[\]{}|*]/g, '\\$&');
}
