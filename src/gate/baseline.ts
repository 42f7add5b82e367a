import { decodeName } from '../io/escape.js';
import { hexAddress } from '../io/text.js';
import type { CheckId } from '../audit/types.js';
import type { LinkerMark } from '../elf/linker.js';
import type { ProgramHeader } from '../elf/types.js';
import { CHECK_IDS, type SectionFacts } from '../hardening/index.js';
import type { LayoutFacts } from '../memory/facts.js';
import { LOADERS, type Loader } from '../memory/model.js';
import { array, at, boolean, hexBig, InputError, integer, object, oneOf, string, type Json, type JsonObject } from './json-input.js';
import { TOOL, type ToolInfo } from './tool.js';
import { highestVersions, type AbiFacts } from '../diff/abi.js';

/**
 * A baseline: what every ELF file of one or more build trees was, as JSON
 * schema 1, meant to be committed next to the code that builds the tree.
 *
 * ```
 * { "schema": 1, "tool": { "name": "elfaudit", "version": "0.1.0" },
 *   "roots": ["out"], "pageSizes": [4096, 16384, 65536],
 *   "files": [ { "root": 0, "path": "lib/libfoo.so", "size": 14216, "sha256": "…",
 *                "class": "ELF64", "data": "LSB", "machine": "x86-64", "machineNumber": 62,
 *                "type": "DYN", "typeNumber": 3, "osabi": 0,
 *                "programHeaders": [ { "index": 0, "type": 1, "name": "LOAD", "flags": 4, "flagsText": "R  ",
 *                                      "offset": "0x0", "vaddr": "0x0", "paddr": "0x0", "filesz": "0x4c8", "memsz": "0x4c8", "align": "0x1000",
 *                                      "sections": [".note.gnu.build-id", ".gnu.hash", …] }, … ],
 *                "checksec": { "relro": "full", "canary": "no", … },          // checksec 2.6.0's JSON fields
 *                "audit": { "relro": { "verdict": "full", "ok": true, "summary": "…" }, … },
 *                "layout": { "isPie": false, "hasInterp": false, "bindNow": true, "wordSize": 8, "dynamicWritable": true,
 *                            "dynamic": [["0x1", "0x2a", "0x3df8"], …],         // tag, value, address
 *                            "relocations": [["0x3000", 7], …],                // see below
 *                            "ifuncResolvers": 0, "interpreter": null, "gnuAbiTag": false,
 *                            "needed": ["libc.so.6"], "versionNeeds": ["GLIBC_2.2.5"], "soname": "libfoo.so.1",
 *                            "sections": { "count": 29, "gotPlt": [23, "0x4000", "0x18"], "debugOnly": false }, "problems": [],
 *                            "linker": { "name": "lld", "version": "14.0.6" } },  // or null
 *                "memory": [ { "pageSize": 4096, "loader": "glibc", "loadable": true, "mappedPages": 5, … }, … ] } ] }
 * ```
 *
 * - Paths are relative to their root (`root` indexes `roots`, the
 *   directories as given to `baseline create`); file-system bytes that are
 *   not UTF-8 appear as `\xHH` and a backslash as `\\` (src/io/escape.ts
 *   encodeName, so distinct names stay distinct); a path that is absolute,
 *   not normal or has a `..` segment is refused. Files are sorted by root,
 *   then path bytes.
 * - 64-bit values are hex strings; everything else is a JSON number.
 * - `relocations` keeps what the page-cost model needs from the dynamic
 *   relocations at a 4 KiB grain: the targets that lie within one 4 KiB page
 *   as that page and a count, a target whose word straddles two pages as its
 *   own address. That gives the model's exact answer at every page size of
 *   4 KiB or more (the policy accepts no smaller), in a few lines per library
 *   instead of one per relocation.
 * - `ifuncResolvers`, `interpreter`, `gnuAbiTag`, `needed`, `versionNeeds`
 *   and `problems` are the rest of the model's facts (src/memory/facts.ts):
 *   IFUNC resolvers the loader runs, whether glibc's startup code applies
 *   RELRO in a static executable, what glibc's ld.so checks before it loads
 *   a file, and what could not be read. `soname` and `sections` are what the
 *   hardening engine (src/hardening) reads beyond the program headers and
 *   the dynamic table, so `diff` on two records decides RELRO, NX and PIE as
 *   `audit` does on the files. `bindNow` is kept for readers of the format;
 *   the engine decides it from `dynamic`. A baseline written before these
 *   existed lacks them; it reads as the model then assumed (glibc's startup,
 *   nothing needed, section headers not kept).
 * - `sections` (per program header) and `linker` are what `elfaudit diff`
 *   and the segment rules pair segments by (src/diff/pairing.ts): a
 *   segment's section names, and the linker's mark (null: none; GNU ld
 *   leaves none). A file without section headers has no `sections`; a
 *   baseline written before they were recorded lacks both, and its
 *   segments are paired by flags and order as before.
 * - `abi` (per layout) is what the ABI rules compare (src/diff/abi.ts;
 *   docs/diff.md): DT_RPATH/DT_RUNPATH, DT_FLAGS/DT_FLAGS_1, the exported
 *   symbols one per line, the imports at each family's highest version, and
 *   section sizes. A baseline written before it lacks it, and those rules
 *   stay quiet for its files.
 * - There is no time stamp: creating a baseline twice from the same tree
 *   gives the same bytes, so a committed baseline changes only when the
 *   binaries do.
 * - New fields may appear within schema 1; a renamed or removed field
 *   raises the schema.
 */

export const BASELINE_SCHEMA = 1;

export interface SegmentRecord extends ProgramHeader {
  /** The segment type's name for this machine, as readelf prints it (`GNU_RELRO`, `LOAD`). */
  readonly name: string;
  /** readelf's flags column (`RW `, `R E`). */
  readonly flagsText: string;
  /** The sections it holds, by name (readelf's section to segment mapping); absent when not known. */
  readonly sections?: readonly string[];
}

export interface CheckRecord {
  readonly verdict: string;
  readonly ok: boolean | null;
  readonly summary: string;
  /** rpath and runpath: the search-path entries, in order. */
  readonly entries?: readonly string[];
}

export interface MemoryRecord {
  readonly pageSize: number;
  readonly loader: Loader;
  readonly loadable: boolean;
  readonly mappedPages: number;
  readonly fileBackedPages: number;
  readonly anonPages: number;
  readonly vmas: number;
  readonly dirtyPages: number;
  readonly relroProtectedPages: number;
}

export interface LayoutRecord {
  readonly isPie: boolean;
  readonly hasInterp: boolean;
  readonly bindNow: boolean;
  readonly wordSize: number;
  readonly dynamicWritable: boolean;
  readonly dynamic: readonly (readonly [bigint, bigint, bigint])[];
  readonly relocations: readonly (readonly [bigint, number])[];
  readonly ifuncResolvers: number;
  readonly interpreter: string | null;
  readonly gnuAbiTag: boolean;
  readonly needed: readonly string[];
  readonly versionNeeds: readonly string[];
  /** DT_SONAME's string; absent in a baseline written before it was recorded. */
  readonly soname?: string | null;
  /** What the hardening rules read from the section headers; absent in a baseline written before it was recorded. */
  readonly sections?: SectionsRecord;
  readonly problems: readonly string[];
  /** The linker's mark (src/elf/linker.ts); null when it left none, undefined in a baseline written before it was recorded. */
  readonly linker?: LinkerMark | null;
  /** What the ABI rules compare (src/diff/abi.ts); absent in a baseline written before it was recorded (those rules then stay quiet). */
  readonly abi?: AbiRecord;
}

/** AbiFacts less what the layout record already holds (SONAME, NEEDED, interpreter, version needs). */
export interface AbiRecord {
  readonly rpath: string | null;
  readonly runpath: string | null;
  readonly flags: bigint;
  readonly flags1: bigint;
  /** [name, version or null, default, st_bind, st_type]. */
  readonly exports: readonly (readonly [string, string | null, boolean, number, number])[];
  /** [name, version]: only the imports at each family's highest version (what a finding names as the cause), not every import. */
  readonly imports: readonly (readonly [string, string])[];
  /** [name, VM size, file size]. */
  readonly sections: readonly (readonly [string, bigint, bigint])[];
}

export function abiRecord(a: AbiFacts): AbiRecord {
  const top = new Set(Array.from(highestVersions(a.versionNeeds), ([family, v]) => `${family}_${v.version}`));
  return {
    rpath: a.rpath ?? null,
    runpath: a.runpath ?? null,
    flags: a.flags,
    flags1: a.flags1,
    exports: a.exports.map((e) => [e.name, e.version ?? null, e.isDefault, e.bind, e.type] as const),
    imports: a.imports.filter((i) => top.has(i.version)).map((i) => [i.name, i.version] as const),
    sections: a.sections.map((x) => [x.name, x.vmSize, x.fileSize] as const),
  };
}

function abiRecordJson(a: AbiRecord): Record<string, unknown> {
  return {
    rpath: a.rpath,
    runpath: a.runpath,
    flags: hexAddress(a.flags),
    flags1: hexAddress(a.flags1),
    exports: a.exports,
    imports: a.imports,
    sections: a.sections.map(([n, v, f]) => [n, hexAddress(v), hexAddress(f)]),
  };
}

function abiFrom(v: Json, where: string): AbiRecord {
  const o = object(v, where, ['rpath', 'runpath', 'flags', 'flags1', 'exports', 'imports', 'sections'], ['flags', 'flags1', 'exports', 'imports', 'sections']);
  const opt = (k: 'rpath' | 'runpath') => (o[k] === undefined || o[k] === null ? null : string(o[k], at(where, k)));
  const tuples = (k: string, n: number) =>
    array(o[k], at(where, k)).map((e, i) => {
      const t = array(e, at(at(where, k), i));
      if (t.length !== n) throw new InputError(at(at(where, k), i), `expected ${n} items, found ${t.length}`);
      return { t, w: at(at(where, k), i) };
    });
  return {
    rpath: opt('rpath'),
    runpath: opt('runpath'),
    flags: hexBig(o.flags, at(where, 'flags')),
    flags1: hexBig(o.flags1, at(where, 'flags1')),
    exports: tuples('exports', 5).map(({ t, w }) => [string(t[0], at(w, 0)), t[1] === null ? null : string(t[1], at(w, 1)), boolean(t[2], at(w, 2)), integer(t[3], at(w, 3)), integer(t[4], at(w, 4))] as const),
    imports: tuples('imports', 2).map(({ t, w }) => [string(t[0], at(w, 0)), string(t[1], at(w, 1))] as const),
    sections: tuples('sections', 3).map(({ t, w }) => [string(t[0], at(w, 0)), hexBig(t[1], at(w, 1)), hexBig(t[2], at(w, 2))] as const),
  };
}

/** The ABI facts of a recorded file, or undefined when the baseline did not record them. */
function abiFactsOf(l: LayoutRecord): AbiFacts | undefined {
  const a = l.abi;
  if (a === undefined) return undefined;
  return {
    soname: l.soname ?? undefined,
    needed: l.needed,
    rpath: a.rpath ?? undefined,
    runpath: a.runpath ?? undefined,
    interpreter: l.interpreter ?? undefined,
    flags: a.flags,
    flags1: a.flags1,
    exports: a.exports.map(([name, version, isDefault, bind, type]) => ({ name, version: version ?? undefined, isDefault, bind, type })),
    imports: a.imports.map(([name, version]) => ({ name, version })),
    versionNeeds: l.versionNeeds,
    sections: a.sections.map(([name, vmSize, fileSize]) => ({ name, vmSize, fileSize })),
  };
}

export interface SectionsRecord {
  readonly count: number;
  /** `.got.plt`: section index, address, size. */
  readonly gotPlt: readonly [number, bigint, bigint] | null;
  readonly debugOnly: boolean;
  readonly problem?: string;
}

export interface FileRecord {
  readonly root: number;
  readonly path: string;
  readonly size: bigint;
  readonly sha256: string;
  readonly class: 'ELF32' | 'ELF64';
  readonly data: 'LSB' | 'MSB';
  readonly machine: string;
  readonly machineNumber: number;
  readonly type: string;
  readonly typeNumber: number;
  readonly osabi: number;
  readonly programHeaders: readonly SegmentRecord[];
  /** checksec.sh 2.6.0's JSON fields; null when its view of the file could not be built. */
  readonly checksec: Readonly<Record<string, string>> | null;
  readonly audit: Partial<Record<CheckId, CheckRecord>>;
  readonly layout: LayoutRecord;
  readonly memory: readonly MemoryRecord[];
}

export interface Baseline {
  readonly schema: typeof BASELINE_SCHEMA;
  readonly tool: ToolInfo;
  /** The directories as given to `baseline create`, in order. */
  readonly roots: readonly string[];
  readonly pageSizes: readonly number[];
  readonly files: readonly FileRecord[];
}

/** Orders records by root, then path bytes (the walk's order). */
export function compareRecords(a: Pick<FileRecord, 'root' | 'path'>, b: Pick<FileRecord, 'root' | 'path'>): number {
  if (a.root !== b.root) return a.root - b.root;
  return Buffer.compare(nameBytes(a.path), nameBytes(b.path));
}

/** A recorded path's file-system bytes (paths are checked on reading, so this is their inverse). */
export function nameBytes(path: string): Buffer {
  return decodeName(path) ?? Buffer.from(path);
}

export function makeBaseline(roots: readonly string[], pageSizes: readonly number[], files: readonly FileRecord[]): Baseline {
  return { schema: BASELINE_SCHEMA, tool: TOOL, roots, pageSizes, files: [...files].sort(compareRecords) };
}

// ---- writing ---------------------------------------------------------------------------------

export function segmentJson(p: SegmentRecord): Record<string, unknown> {
  return {
    index: p.index,
    type: p.type,
    name: p.name,
    flags: p.flags,
    flagsText: p.flagsText,
    offset: hexAddress(p.offset),
    vaddr: hexAddress(p.vaddr),
    paddr: hexAddress(p.paddr),
    filesz: hexAddress(p.filesz),
    memsz: hexAddress(p.memsz),
    align: hexAddress(p.align),
    sections: p.sections,
  };
}

export function fileRecordJson(f: FileRecord): Record<string, unknown> {
  return {
    root: f.root,
    path: f.path,
    size: Number(f.size),
    sha256: f.sha256,
    class: f.class,
    data: f.data,
    machine: f.machine,
    machineNumber: f.machineNumber,
    type: f.type,
    typeNumber: f.typeNumber,
    osabi: f.osabi,
    programHeaders: f.programHeaders.map(segmentJson),
    checksec: f.checksec,
    audit: f.audit,
    layout: layoutJson(f.layout),
    memory: f.memory,
  };
}

export function layoutJson(l: LayoutRecord): Record<string, unknown> {
  return {
    isPie: l.isPie,
    hasInterp: l.hasInterp,
    bindNow: l.bindNow,
    wordSize: l.wordSize,
    dynamicWritable: l.dynamicWritable,
    dynamic: l.dynamic.map(([t, v, a]) => [hexAddress(t), hexAddress(v), hexAddress(a)]),
    relocations: l.relocations.map(([a, n]) => [hexAddress(a), n]),
    ifuncResolvers: l.ifuncResolvers,
    interpreter: l.interpreter,
    gnuAbiTag: l.gnuAbiTag,
    needed: l.needed,
    versionNeeds: l.versionNeeds,
    soname: l.soname,
    sections:
      l.sections === undefined
        ? undefined
        : {
            count: l.sections.count,
            gotPlt: l.sections.gotPlt === null ? null : [l.sections.gotPlt[0], hexAddress(l.sections.gotPlt[1]), hexAddress(l.sections.gotPlt[2])],
            debugOnly: l.sections.debugOnly,
            problem: l.sections.problem,
          },
    problems: l.problems,
    linker: l.linker === undefined ? undefined : l.linker === null ? null : { name: l.linker.name, version: l.linker.version },
    abi: l.abi === undefined ? undefined : abiRecordJson(l.abi),
  };
}

/** A value whose members are all scalars or arrays of scalars: printed on one line. */
function isFlat(v: unknown): boolean {
  const scalar = (x: unknown) => x === null || typeof x !== 'object';
  if (Array.isArray(v)) return v.every((x) => scalar(x));
  if (typeof v === 'object' && v !== null) return Object.values(v).every((x) => scalar(x) || (Array.isArray(x) && x.every(scalar)));
  return true;
}

function oneLineJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => oneLineJson(x)).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${oneLineJson(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

/** Indented JSON in which every flat object or array (a segment, a check, a relocation page) takes one line. */
export function prettyJson(v: unknown, indent = ''): string {
  const parts: string[] = [];
  emitPrettyJson(v, indent, (t) => parts.push(t));
  return parts.join('');
}

/** prettyJson a piece at a time (a flat value, a key, a separator), so a 4 MB record is never one string. */
function emitPrettyJson(v: unknown, indent: string, emit: (text: string) => void): void {
  if (isFlat(v)) {
    emit(oneLineJson(v));
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    emit('[\n');
    for (let i = 0; i < v.length; i++) {
      emit(i === 0 ? inner : `,\n${inner}`);
      emitPrettyJson(v[i], inner, emit);
    }
    emit(`\n${indent}]`);
    return;
  }
  emit('{\n');
  let first = true;
  for (const [k, x] of Object.entries(v as object)) {
    if (x === undefined) continue;
    emit(`${first ? '' : ',\n'}${inner}${JSON.stringify(k)}: `);
    first = false;
    emitPrettyJson(x, inner, emit);
  }
  emit(`\n${indent}}`);
}

/**
 * The baseline as JSON text: indented, with each program header, check,
 * memory estimate, dynamic entry and relocation page on a line of its own,
 * so a reviewer reads a baseline's diff line by line.
 */
export function formatBaseline(b: Baseline): string {
  const parts: string[] = [];
  const w = new BaselineWriter((t) => parts.push(t), b.roots, b.pageSizes, b.tool);
  for (const f of b.files) w.file(f);
  w.end();
  return parts.join('');
}

/**
 * formatBaseline a record at a time: the same bytes, written to WRITE as
 * each record comes, so `baseline create` over a distribution holds one
 * record's text, never the document. The caller gives the records in the
 * baseline's order (compareRecords).
 */
export class BaselineWriter {
  private files = 0;
  private pending = '';
  private readonly emit = (text: string): void => {
    this.pending += text;
    if (this.pending.length >= 1 << 16) this.flush();
  };

  constructor(
    private readonly write: (text: string) => void,
    roots: readonly string[],
    pageSizes: readonly number[],
    tool: ToolInfo = TOOL,
  ) {
    // prettyJson of the whole document, whose `files` array is written record by record
    const head = { schema: BASELINE_SCHEMA, tool, roots, pageSizes };
    this.emit(`{\n${Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${prettyJson(v, '  ')},\n`).join('')}  "files": [`);
  }

  /** How many records have been written. */
  get count(): number {
    return this.files;
  }

  file(f: FileRecord): void {
    this.emit(this.files === 0 ? '\n    ' : ',\n    ');
    emitPrettyJson(fileRecordJson(f), '    ', this.emit);
    this.files++;
  }

  end(): void {
    this.emit(`${this.files === 0 ? ']' : '\n  ]'}\n}\n`);
    this.flush();
  }

  private flush(): void {
    if (this.pending.length > 0) this.write(this.pending);
    this.pending = '';
  }
}

// ---- reading ---------------------------------------------------------------------------------

// every check the engine has: a baseline records them all
const AUDIT_IDS: readonly CheckId[] = CHECK_IDS;

export function segmentFrom(v: Json | undefined, where: string): SegmentRecord {
  const o = object(v, where, ['index', 'type', 'name', 'flags', 'flagsText', 'offset', 'vaddr', 'paddr', 'filesz', 'memsz', 'align', 'sections'], [
    'index', 'type', 'flags', 'offset', 'vaddr', 'filesz', 'memsz', 'align',
  ]);
  const vaddr = hexBig(o.vaddr, at(where, 'vaddr'));
  return {
    index: integer(o.index, at(where, 'index')),
    type: integer(o.type, at(where, 'type')),
    name: o.name === undefined ? '' : string(o.name, at(where, 'name')),
    flags: integer(o.flags, at(where, 'flags')),
    flagsText: o.flagsText === undefined ? '' : string(o.flagsText, at(where, 'flagsText')),
    offset: hexBig(o.offset, at(where, 'offset')),
    vaddr,
    paddr: o.paddr === undefined ? vaddr : hexBig(o.paddr, at(where, 'paddr')),
    filesz: hexBig(o.filesz, at(where, 'filesz')),
    memsz: hexBig(o.memsz, at(where, 'memsz')),
    align: hexBig(o.align, at(where, 'align')),
    ...(o.sections === undefined ? {} : { sections: strings(o.sections, at(where, 'sections')) }),
  };
}

function checkFrom(v: Json | undefined, where: string): CheckRecord {
  const o = object(v, where, ['verdict', 'ok', 'summary', 'entries'], ['verdict']);
  const ok = o.ok === undefined || o.ok === null ? null : boolean(o.ok, at(where, 'ok'));
  return {
    verdict: string(o.verdict, at(where, 'verdict')),
    ok,
    summary: o.summary === undefined ? '' : string(o.summary, at(where, 'summary')),
    ...(o.entries === undefined ? {} : { entries: array(o.entries, at(where, 'entries')).map((e, i) => string(e, at(at(where, 'entries'), i))) }),
  };
}

function memoryFrom(v: Json | undefined, where: string): MemoryRecord {
  const o = object(v, where, ['pageSize', 'loader', 'loadable', 'mappedPages', 'fileBackedPages', 'anonPages', 'vmas', 'dirtyPages', 'relroProtectedPages'], [
    'pageSize', 'loader', 'loadable', 'mappedPages', 'vmas', 'dirtyPages',
  ]);
  const n = (k: string) => (o[k] === undefined ? 0 : integer(o[k], at(where, k)));
  return {
    pageSize: integer(o.pageSize, at(where, 'pageSize'), 1),
    loader: oneOf(o.loader, at(where, 'loader'), LOADERS),
    loadable: boolean(o.loadable, at(where, 'loadable')),
    mappedPages: n('mappedPages'),
    fileBackedPages: n('fileBackedPages'),
    anonPages: n('anonPages'),
    vmas: n('vmas'),
    dirtyPages: n('dirtyPages'),
    relroProtectedPages: n('relroProtectedPages'),
  };
}

export function layoutFrom(v: Json | undefined, where: string): LayoutRecord {
  const o = object(v, where, ['isPie', 'hasInterp', 'bindNow', 'wordSize', 'dynamicWritable', 'dynamic', 'relocations', 'ifuncResolvers', 'interpreter', 'gnuAbiTag', 'needed', 'versionNeeds', 'soname', 'sections', 'problems', 'linker', 'abi'], [
    'isPie', 'hasInterp', 'bindNow', 'wordSize', 'dynamicWritable', 'dynamic', 'relocations',
  ]);
  const wordSize = integer(o.wordSize, at(where, 'wordSize'), 1);
  if (wordSize !== 4 && wordSize !== 8) throw new InputError(at(where, 'wordSize'), `expected 4 or 8, found ${wordSize}`);
  const dynWhere = at(where, 'dynamic');
  const relWhere = at(where, 'relocations');
  return {
    isPie: boolean(o.isPie, at(where, 'isPie')),
    hasInterp: boolean(o.hasInterp, at(where, 'hasInterp')),
    bindNow: boolean(o.bindNow, at(where, 'bindNow')),
    wordSize,
    dynamicWritable: boolean(o.dynamicWritable, at(where, 'dynamicWritable')),
    dynamic: array(o.dynamic, dynWhere).map((e, i) => {
      const w = at(dynWhere, i);
      const t = array(e, w);
      if (t.length !== 3) throw new InputError(w, `expected [tag, value, address], found ${t.length} items`);
      return [hexBig(t[0], at(w, 0)), hexBig(t[1], at(w, 1)), hexBig(t[2], at(w, 2))] as const;
    }),
    relocations: array(o.relocations, relWhere).map((e, i) => {
      const w = at(relWhere, i);
      const t = array(e, w);
      if (t.length !== 2) throw new InputError(w, `expected [address, count], found ${t.length} items`);
      return [hexBig(t[0], at(w, 0)), integer(t[1], at(w, 1), 1)] as const;
    }),
    ifuncResolvers: o.ifuncResolvers === undefined ? 0 : integer(o.ifuncResolvers, at(where, 'ifuncResolvers')),
    interpreter: o.interpreter === undefined || o.interpreter === null ? null : string(o.interpreter, at(where, 'interpreter')),
    gnuAbiTag: o.gnuAbiTag === undefined ? true : boolean(o.gnuAbiTag, at(where, 'gnuAbiTag')),
    needed: strings(o.needed, at(where, 'needed')),
    versionNeeds: strings(o.versionNeeds, at(where, 'versionNeeds')),
    ...(o.soname !== undefined && { soname: o.soname === null ? null : string(o.soname, at(where, 'soname')) }),
    ...(o.sections !== undefined && { sections: sectionsFrom(o.sections, at(where, 'sections')) }),
    problems: strings(o.problems, at(where, 'problems')),
    ...(o.linker === undefined ? {} : { linker: linkerFrom(o.linker, at(where, 'linker')) }),
    ...(o.abi !== undefined && { abi: abiFrom(o.abi, at(where, 'abi')) }),
  };
}

function sectionsFrom(v: Json, where: string): SectionsRecord {
  const o = object(v, where, ['count', 'gotPlt', 'debugOnly', 'problem'], ['count', 'gotPlt', 'debugOnly']);
  let gotPlt: SectionsRecord['gotPlt'] = null;
  if (o.gotPlt !== null) {
    const w = at(where, 'gotPlt');
    const t = array(o.gotPlt, w);
    if (t.length !== 3) throw new InputError(w, `expected [index, address, size], found ${t.length} items`);
    gotPlt = [integer(t[0], at(w, 0)), hexBig(t[1], at(w, 1)), hexBig(t[2], at(w, 2))];
  }
  return {
    count: integer(o.count, at(where, 'count')),
    gotPlt,
    debugOnly: boolean(o.debugOnly, at(where, 'debugOnly')),
    ...(o.problem !== undefined && { problem: string(o.problem, at(where, 'problem')) }),
  };
}

function linkerFrom(v: Json, where: string): LinkerMark | null {
  if (v === null) return null;
  const o = object(v, where, ['name', 'version'], ['name', 'version']);
  return { name: oneOf(o.name, at(where, 'name'), ['lld', 'gold', 'mold'] as const), version: string(o.version, at(where, 'version')) };
}

/** An optional array of strings (absent: empty). */
function strings(v: Json | undefined, where: string): string[] {
  return v === undefined ? [] : array(v, where).map((x, i) => string(x, at(where, i)));
}

function fileFrom(v: Json | undefined, where: string, roots: number): FileRecord {
  const o = object(
    v,
    where,
    ['root', 'path', 'size', 'sha256', 'class', 'data', 'machine', 'machineNumber', 'type', 'typeNumber', 'osabi', 'programHeaders', 'checksec', 'audit', 'layout', 'memory'],
    ['root', 'path', 'size', 'sha256', 'class', 'data', 'machineNumber', 'typeNumber', 'programHeaders', 'audit', 'layout'],
  );
  const root = integer(o.root, at(where, 'root'));
  if (root >= roots) throw new InputError(at(where, 'root'), `root ${root} does not exist (the baseline has ${roots} root${roots === 1 ? '' : 's'})`);
  const sha = string(o.sha256, at(where, 'sha256'));
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new InputError(at(where, 'sha256'), 'expected 64 lowercase hex digits');
  const audit: Partial<Record<CheckId, CheckRecord>> = {};
  const auditObj = object(o.audit, at(where, 'audit'), AUDIT_IDS);
  for (const [k, c] of Object.entries(auditObj)) audit[k as CheckId] = checkFrom(c, at(at(where, 'audit'), k));
  let checksec: Record<string, string> | null = null;
  if (o.checksec !== undefined && o.checksec !== null) {
    const cw = at(where, 'checksec');
    const c = object(o.checksec, cw, ['relro', 'canary', 'nx', 'pie', 'rpath', 'runpath', 'symbols', 'fortify_source', 'fortified', 'fortify-able']);
    checksec = Object.fromEntries(Object.entries(c).map(([k, x]) => [k, string(x, at(cw, k))]));
  }
  const size = integer(o.size, at(where, 'size'));
  const path = treePath(o.path, at(where, 'path'));
  return {
    root,
    path,
    size: BigInt(size),
    sha256: sha,
    class: oneOf(o.class, at(where, 'class'), ['ELF32', 'ELF64'] as const),
    data: oneOf(o.data, at(where, 'data'), ['LSB', 'MSB'] as const),
    machine: o.machine === undefined ? '' : string(o.machine, at(where, 'machine')),
    machineNumber: integer(o.machineNumber, at(where, 'machineNumber')),
    type: o.type === undefined ? '' : string(o.type, at(where, 'type')),
    typeNumber: integer(o.typeNumber, at(where, 'typeNumber')),
    osabi: o.osabi === undefined ? 0 : integer(o.osabi, at(where, 'osabi')),
    programHeaders: bounded(o.programHeaders, at(where, 'programHeaders'), size, 32, 'program headers').map((p, i) => segmentFrom(p, at(at(where, 'programHeaders'), i))),
    checksec,
    audit,
    layout: withinFile(layoutFrom(o.layout, at(where, 'layout')), at(where, 'layout'), size),
    memory: o.memory === undefined ? [] : array(o.memory, at(where, 'memory')).map((m, i) => memoryFrom(m, at(at(where, 'memory'), i))),
  };
}

/**
 * A recorded path as the walk wrote it (src/io/escape.ts encodeName):
 * relative, `/`-separated, already normal (no empty, `.` or `..`
 * segment), so that joined to a root it names a file inside that root and
 * nothing else. A baseline edited to say `../../outside.so` or `/etc/shadow`
 * is refused, not followed.
 */
function treePath(v: Json | undefined, where: string): string {
  const path = string(v, where, true);
  const why =
    path.startsWith('/')
      ? 'an absolute path; recorded paths are relative to their root'
      : path.split('/').some((s) => s === '..')
        ? "a '..' segment leaves the tree"
        : path.split('/').some((s) => s === '' || s === '.')
          ? "an empty or '.' segment: recorded paths are normalised"
          : decodeName(path) === null
            ? 'not a name the walk writes (a backslash must be \\\\ or \\xHH for a byte that is not UTF-8)'
            : decodeName(path)!.includes(0)
              ? 'a NUL byte cannot be in a file name'
              : undefined;
  if (why !== undefined) throw new InputError(where, `refused path ${JSON.stringify(path)}: ${why}`);
  return path;
}

/** An array of records of at least UNIT bytes each in a file of SIZE bytes: no more than SIZE / UNIT of them. */
function bounded(v: Json | undefined, where: string, size: number, unit: number, what: string): readonly Json[] {
  const a = array(v, where);
  const most = Math.floor(size / unit);
  if (a.length > most) throw new InputError(where, `${a.length} ${what} cannot fit in a file of ${size} bytes (at most ${most} of ${unit} bytes)`);
  return a;
}

/**
 * Counts a file of SIZE bytes could hold: a dynamic entry takes 8 bytes
 * at least, a relocation one bit (a DT_RELR bitmap word), a needed name
 * or version one byte.
 */
function withinFile(l: LayoutRecord, where: string, size: number): LayoutRecord {
  const over = (key: string, n: number, most: number, what: string) => {
    if (n > most) throw new InputError(at(where, key), `${n} ${what} cannot come from a file of ${size} bytes (at most ${most})`);
  };
  over('dynamic', l.dynamic.length, Math.floor(size / 8), 'dynamic entries');
  let relocations = 0;
  for (const [, n] of l.relocations) relocations += n;
  over('relocations', relocations, size * 8, 'relocations');
  over('needed', l.needed.length, size, 'needed libraries');
  over('versionNeeds', l.versionNeeds.length, size, 'version needs');
  over('ifuncResolvers', l.ifuncResolvers, size * 8, 'IFUNC resolvers');
  return l;
}

/** A baseline's fields other than its records. */
export type BaselineHeader = Omit<Baseline, 'files'>;

/**
 * Validates a baseline document's fields other than `files` (which must be
 * there, but is not looked at): parseBaseline and the streamed reader
 * (src/gate/baseline-file.ts) share it. Throws InputError naming the first
 * problem.
 */
export function baselineHeader(doc: Json): BaselineHeader {
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'schema' in doc && doc.schema !== BASELINE_SCHEMA) {
    throw new InputError('schema', `unsupported baseline schema ${JSON.stringify((doc as JsonObject).schema)} (this elfaudit reads schema ${BASELINE_SCHEMA}); create the baseline again`);
  }
  const o = object(doc, '', ['schema', 'tool', 'roots', 'pageSizes', 'files'], ['schema', 'tool', 'roots', 'files']);
  const t = object(o.tool, 'tool', ['name', 'version'], ['name', 'version']);
  if (t.name !== 'elfaudit') throw new InputError('tool.name', `expected "elfaudit", found ${JSON.stringify(t.name)}: not an elfaudit baseline`);
  const roots = array(o.roots, 'roots').map((r, i) => string(r, at('roots', i)));
  if (roots.length === 0) throw new InputError('roots', 'expected at least one root directory');
  if (o.pageSizes !== undefined) {
    array(o.pageSizes, 'pageSizes').forEach((p, i) => {
      const n = integer(p, at('pageSizes', i), 1);
      if ((n & (n - 1)) !== 0 || n > 2 ** 30) throw new InputError(at('pageSizes', i), `${n} is not a page size (a power of two up to 1 GiB)`);
    });
  }
  return {
    schema: BASELINE_SCHEMA,
    tool: { name: 'elfaudit', version: string(t.version, 'tool.version') },
    roots,
    pageSizes: o.pageSizes === undefined ? [] : array(o.pageSizes, 'pageSizes').map((p, i) => integer(p, at('pageSizes', i), 1)),
  };
}

/**
 * A baseline's records one after another, each validated (fileFrom) and
 * required to come after the one before in the order `create` writes them
 * (compareRecords: root, then path bytes). That order is what lets `check`
 * and `merge` walk a baseline beside a tree or other baselines a record at a
 * time; a path recorded twice is two equal neighbours.
 */
export class RecordSequence {
  private last: { readonly root: number; readonly path: string; readonly bytes: Buffer } | undefined;
  private n = 0;

  constructor(private readonly roots: number) {}

  /** How many records have been read. */
  get count(): number {
    return this.n;
  }

  /** The next record, from the document's value V; throws InputError naming its place. */
  next(v: Json | undefined): FileRecord {
    const where = at('files', this.n);
    const f = fileFrom(v, where, this.roots);
    const bytes = nameBytes(f.path);
    const last = this.last;
    if (last !== undefined && last.root === f.root) {
      const c = Buffer.compare(last.bytes, bytes);
      if (c === 0) throw new InputError(at(where, 'path'), `${JSON.stringify(f.path)} appears twice under root ${f.root}`);
      if (c > 0) throw new InputError(at(where, 'path'), `${JSON.stringify(f.path)} comes after ${JSON.stringify(last.path)}: baseline create writes records in path order (root, then path bytes); create the baseline again`);
    } else if (last !== undefined && last.root > f.root) {
      throw new InputError(at(where, 'root'), `root ${f.root} comes after root ${last.root}: baseline create writes records in path order (root, then path bytes); create the baseline again`);
    }
    this.last = { root: f.root, path: f.path, bytes };
    this.n++;
    return f;
  }
}

/** Validates a parsed baseline document. Throws InputError naming the first problem. */
export function parseBaseline(doc: Json): Baseline {
  const header = baselineHeader(doc);
  const records = new RecordSequence(header.roots.length);
  const files = array((doc as JsonObject).files, 'files').map((f) => records.next(f));
  return { ...header, files };
}

/** What the page-cost model needs of a record: the identity, the program headers and the layout. */
export type LayoutFileRecord = Pick<FileRecord, 'class' | 'machineNumber' | 'osabi' | 'typeNumber' | 'size' | 'programHeaders' | 'layout'>;

/** The page-cost model's facts for a recorded file, as layoutFacts would read them from the file itself. */
export function factsFromRecord(f: LayoutFileRecord, display: string): LayoutFacts {
  const entries = f.layout.relocations;
  let total = 0;
  for (const [, n] of entries) total += n;
  return {
    file: display,
    bits: f.class === 'ELF64' ? 64 : 32,
    machine: f.machineNumber,
    osabi: f.osabi,
    type: f.typeNumber,
    isPie: f.layout.isPie,
    hasInterp: f.layout.hasInterp,
    fileSize: f.size,
    programHeaders: f.programHeaders.map(({ name: _n, flagsText: _f, sections: _s, ...p }) => p),
    interpreter: f.layout.interpreter ?? undefined,
    relocations: { entries, total, ifuncResolvers: f.layout.ifuncResolvers, problems: [] },
    wordSize: f.layout.wordSize,
    dynamicEntries: f.layout.dynamic.map(([tag, value, addr]) => ({ tag, value, addr })),
    dynamicWritable: f.layout.dynamicWritable,
    gnuAbiTag: f.layout.gnuAbiTag,
    needed: f.layout.needed,
    versionNeeds: f.layout.versionNeeds,
    soname: f.layout.soname ?? undefined,
    sections: sectionFactsOf(f.layout.sections),
    problems: f.layout.problems,
    segmentSections: f.programHeaders.every((p) => p.sections !== undefined) ? f.programHeaders.map((p) => p.sections ?? []) : undefined,
    linker: f.layout.linker ?? undefined,
    abi: abiFactsOf(f.layout),
  };
}

/** The section facts as recorded; a baseline written before they were recorded reads as a file whose section headers were not kept. */
function sectionFactsOf(s: SectionsRecord | undefined): SectionFacts {
  if (s === undefined) return { count: 0, gotPlt: null, debugOnly: false, problem: 'not recorded in this baseline' };
  return {
    count: s.count,
    gotPlt: s.gotPlt === null ? null : { index: s.gotPlt[0], addr: s.gotPlt[1], size: s.gotPlt[2] },
    debugOnly: s.debugOnly,
    ...(s.problem !== undefined && { problem: s.problem }),
  };
}
