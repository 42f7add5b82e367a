import { EM, SHT } from '../elf/constants.js';
import { BLOCK } from '../elf/source.js';
import { isElfFormatError } from '../elf/errors.js';
import { NT_GNU, NT_GO_BUILDID } from '../elf/constants.js';
import { versionNeeds } from '../elf/versions.js';
import { hexAddress } from '../io/text.js';
import { symEvidence, text } from './evidence.js';
import { interpOf, type FileFacts } from './facts.js';
import type { Evidence, Verdict } from './types.js';

/**
 * Which toolchain built a file, with the facts that say so: the language
 * runtimes (Rust, Go), the C library (glibc, musl) and the compilers
 * `.comment` names with their versions. The canary and FORTIFY rules read
 * it: a stack protector and FORTIFY_SOURCE are C compiler features, so for
 * Rust and Go code their absence is not a missing hardening, and musl has
 * no `__*_chk` functions to import.
 */

export type Libc = 'glibc' | 'musl' | 'none' | 'unknown';

export interface Compiler {
  /** gcc, clang, rustc, lld (a linker `.comment` names). */
  readonly name: string;
  readonly version: string;
  /** The `.comment` string it was read from. */
  readonly comment: string;
}

export interface Toolchain {
  /** Rust's runtime or compiler is named; the evidence says where. */
  readonly rust: readonly Evidence[];
  /** Go's runtime: `.go.buildinfo`, the Go build-ID note. */
  readonly go: readonly Evidence[];
  readonly goVersion: string | undefined;
  /** The rustc version std's source paths in `.rodata` name, when `.comment` does not. */
  readonly rustFromPaths: string | undefined;
  readonly libc: Libc;
  readonly libcEvidence: readonly Evidence[];
  readonly compilers: readonly Compiler[];
  readonly compilerEvidence: readonly Evidence[];
}

/** Reads a rule's facts, or nothing when the table they are in is damaged (the table's own check says so). */
function tolerant<T>(f: () => T, otherwise: T): T {
  try {
    return f();
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return otherwise;
  }
}

const RUST_SYMBOL = /^(__rust_|rust_begin_unwind$|rust_panic$|rust_eh_personality$)/;

/** The compilers and linkers a `.comment` string names. */
export function compilerOf(comment: string): Compiler | undefined {
  let m = /^GCC: \(.*\) (\S+)/.exec(comment);
  if (m) return { name: 'gcc', version: m[1]!, comment };
  m = /clang version (\S+)/.exec(comment);
  if (m) return { name: 'clang', version: m[1]!, comment };
  m = /^rustc version (\S+)/.exec(comment);
  if (m) return { name: 'rustc', version: m[1]!, comment };
  m = /^Linker: LLD (\S+)/.exec(comment);
  if (m) return { name: 'lld', version: m[1]!, comment };
  return undefined;
}

/** The Go version `.go.buildinfo` records (Go 1.18 and later inline it after the 32-byte header). */
export function goBuildInfoVersion(data: Buffer): string | undefined {
  if (data.length < 33 || data.toString('latin1', 0, 14) !== '\xff Go buildinf:' || (data[15]! & 2) === 0) return undefined;
  let len = 0;
  let shift = 0;
  let at = 32;
  for (; at < data.length && shift < 28; at++, shift += 7) {
    len |= (data[at]! & 0x7f) << shift;
    if ((data[at]! & 0x80) === 0) break;
  }
  at++;
  if (len === 0 || at + len > data.length) return undefined;
  return text(data.toString('latin1', at, at + len));
}

export function readToolchain(f: FileFacts): Toolchain {
  const file = f.file;
  const byName = (n: string) => tolerant(() => file.sectionByName(n), undefined);

  // compilers from .comment
  const compilers: Compiler[] = [];
  const compilerEvidence: Evidence[] = [];
  const rust: Evidence[] = [];
  const comment = byName('.comment');
  if (comment !== undefined) {
    const data = tolerant(() => file.sectionData(comment), Buffer.alloc(0));
    for (const raw of data.toString('latin1').split('\0')) {
      if (raw === '') continue;
      const c = compilerOf(text(raw));
      if (c === undefined || compilers.some((x) => x.name === c.name && x.version === c.version)) continue;
      compilers.push(c);
      const ev: Evidence = { kind: 'section', index: comment.index, name: '.comment', value: c.comment, text: `.comment names ${c.name} ${c.version}: "${c.comment}"` };
      compilerEvidence.push(ev);
      if (c.name === 'rustc') rust.push(ev);
    }
  }

  // Rust's runtime symbols
  const symbolTables: [string, readonly { name: string; index: number; shndx: number; value: bigint }[]][] = [];
  const dyn = tolerant(() => f.dynsyms, null);
  if (dyn !== null) symbolTables.push([dyn.table, dyn.symbols]);
  const st = tolerant(() => f.symtab, null);
  if (st !== null) symbolTables.push(['.symtab', st]);
  for (const [table, syms] of symbolTables) {
    // RUST_SYMBOL's names start with `_` or `r`: the regular expression only runs on those
    const hits = syms.filter((s) => {
      const c = s.name.charCodeAt(0);
      return (c === 0x5f || c === 0x72) && RUST_SYMBOL.test(s.name);
    });
    for (const s of hits.slice(0, 3)) rust.push(symEvidence(table, s as never, "is Rust's runtime"));
    if (hits.length > 0) break;
  }

  // a stripped Rust program without .comment (Debian's): its gdb pretty-printer section, or std's source paths in panic messages
  if (rust.length === 0) {
    const gdb = byName('.debug_gdb_scripts');
    const data = gdb === undefined ? Buffer.alloc(0) : tolerant(() => file.sectionData(gdb), Buffer.alloc(0));
    if (gdb !== undefined && data.includes('gdb_load_rust_pretty_printers.py')) {
      rust.push({ kind: 'section', index: gdb.index, name: '.debug_gdb_scripts', value: 'gdb_load_rust_pretty_printers.py', text: `section [${gdb.index}] .debug_gdb_scripts loads gdb_load_rust_pretty_printers.py: rustc writes it` });
    }
  }
  // without a .comment naming rustc, std's paths may still say which rustc (Debian's: /usr/src/rustc-1.63.0/library/…)
  let rustFromPaths: string | undefined;
  const ro = byName('.rodata');
  if (!compilers.some((c) => c.name === 'rustc') && ro !== undefined && (rust.length === 0 || rust.every((e) => e.name === '.debug_gdb_scripts'))) {
    const found = rustLibraryPath(f, ro);
    if (found !== undefined) {
      rust.push(found);
      const v = /\/rustc-(\d+\.\d+\.\d+)\//.exec(found.value ?? '');
      if (v) rustFromPaths = `rustc ${v[1]} (from std's source paths)`;
    }
  }

  // Go
  const go: Evidence[] = [];
  let goVersion: string | undefined;
  const bi = byName('.go.buildinfo');
  if (bi !== undefined) {
    goVersion = goBuildInfoVersion(tolerant(() => file.sectionData(bi), Buffer.alloc(0)).subarray(0, 4096));
    go.push({ kind: 'section', index: bi.index, name: '.go.buildinfo', ...(goVersion !== undefined && { value: goVersion }), text: `section [${bi.index}] .go.buildinfo: Go's build information${goVersion === undefined ? '' : ` (${goVersion})`}` });
  }
  const notes = tolerant(() => file.notes(), []);
  const goNote = notes.find((n) => n.name === 'Go' && n.type === NT_GO_BUILDID);
  if (goNote !== undefined) go.push({ kind: 'note', name: 'NT_GO_BUILDID', text: `Go build-ID note at offset ${hexAddress(goNote.offset)}` });

  // the C library
  const libcEvidence: Evidence[] = [];
  let libc: Libc = 'unknown';
  const interp = interpOf(f);
  const interpName = tolerant(() => file.interpreterBytes(), undefined);
  if (interp !== undefined && interpName !== undefined) {
    const name = text(interpName.toString('latin1'));
    const base = name.slice(name.lastIndexOf('/') + 1);
    const ev: Evidence = { kind: 'segment', index: interp.index, name: 'PT_INTERP', value: name, text: `program header ${interp.index} PT_INTERP is ${name}` };
    if (base.startsWith('ld-musl-')) {
      libc = 'musl';
      libcEvidence.push({ ...ev, text: `${ev.text}: musl's dynamic linker` });
    } else if (/^(ld-linux|ld\.so\.|ld64\.so\.)/.test(base)) {
      libc = 'glibc';
      libcEvidence.push({ ...ev, text: `${ev.text}: glibc's dynamic linker` });
    }
  }
  const needs = tolerant(() => versionNeeds(file), []);
  const glibcNeeds = needs.flatMap((l) => l.versions.filter((v) => v.name.startsWith('GLIBC_')).map((v) => v.name));
  if (glibcNeeds.length > 0) {
    libc = 'glibc';
    const newest = glibcNeeds.reduce((a, b) => (compareVersion(a, b) >= 0 ? a : b));
    libcEvidence.push({ kind: 'dynamic', name: 'DT_VERNEED', value: newest, text: `needs ${glibcNeeds.length} GLIBC_* version(s), the newest ${newest}` });
  }
  const abi = notes.find((n) => n.name === 'GNU' && n.type === NT_GNU.ABI_TAG);
  if (abi !== undefined) {
    if (libc === 'unknown') libc = 'glibc';
    libcEvidence.push({ kind: 'note', name: 'NT_GNU_ABI_TAG', text: `NT_GNU_ABI_TAG note at offset ${hexAddress(abi.offset)}: glibc's startup code` });
  }
  if (libc === 'unknown' && st !== null && st.some((s) => s.shndx !== 0 && (s.name === '__init_libc' || s.name === '__libc_start_init'))) {
    libc = 'musl';
    const s = st.find((x) => x.shndx !== 0 && (x.name === '__init_libc' || x.name === '__libc_start_init'))!;
    libcEvidence.push(symEvidence('.symtab', s, "is musl's static startup code"));
  }
  if (libc === 'unknown' && interp === undefined && go.length === 0) {
    const start = muslStart(f);
    if (start !== undefined) {
      libc = 'musl';
      libcEvidence.push(start);
    }
  }
  if (libc === 'unknown' && go.length > 0 && interp === undefined) libc = 'none';
  return { rust, go, goVersion, rustFromPaths, libc, libcEvidence, compilers, compilerEvidence };
}

/**
 * musl's x86-64 crt1 `_start` at the entry point: `xor rbp, rbp; mov rdi,
 * rsp; lea rsi, [rip + _DYNAMIC]; and rsp, -16; call _start_c` (glibc's
 * begins `endbr64; xor ebp, ebp; mov r9, rdx`). Tells a stripped static
 * musl program from glibc's, which has NT_GNU_ABI_TAG anyway.
 */
function muslStart(f: FileFacts): Evidence | undefined {
  if (f.machine !== EM.X86_64) return undefined;
  const entry = f.file.header.entry;
  const b = tolerant(() => f.file.bytesAtAddress(entry, 18n, 'entry point code'), undefined);
  if (b === undefined) return undefined;
  const prefix = [0x48, 0x31, 0xed, 0x48, 0x89, 0xe7, 0x48, 0x8d, 0x35];
  const tail = [0x48, 0x83, 0xe4, 0xf0, 0xe8];
  if (!prefix.every((x, i) => b[i] === x) || !tail.every((x, i) => b[13 + i] === x)) return undefined;
  return { kind: 'header', name: 'e_entry', value: hexAddress(entry), text: `the entry point ${hexAddress(entry)} is musl's crt1 _start (xor rbp,rbp; mov rdi,rsp; lea rsi,[_DYNAMIC]; and rsp,-16; call _start_c)` };
}

/** rustc's std source paths, as panic locations keep them: `/rustc/<commit>/library/std/src/…`, `/usr/src/rustc-1.63.0/library/core/src/…`. */
export const RUST_LIBRARY_PATH = /\/rustc[-/]([0-9a-f]{40}|\d+\.\d+\.\d+)\/library\/(?:core|std|alloc)\/src\//;

const LIBRARY = Buffer.from('/library/', 'latin1');
/** RUST_LIBRARY_PATH where it must start: at the beginning of the text. */
const RUST_LIBRARY_PATH_HERE = new RegExp(`^${RUST_LIBRARY_PATH.source}`);
/** The characters of the commit or version between `/rustc-` or `/rustc/` and `/library/`. */
const isHashOrVersionChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c === 0x2e;

/**
 * RUST_LIBRARY_PATH.exec(piece as latin1), without making a string of a
 * whole `.rodata` (every C library in an audit has one): every match
 * holds `/library/`, which Buffer.indexOf finds natively, and a match
 * ending at a given `/library/` can only start 7 bytes (`/rustc-` or
 * `/rustc/`) before the run of [0-9a-f.] that precedes it, so the regex
 * runs on that one short text. The leftmost `/library/` with a match
 * gives the leftmost match: a match's text before its `/library/` is
 * `/rustc`, `-` or `/` and [0-9a-f.], so it never holds an earlier one.
 */
export function firstRustLibraryPath(piece: Buffer): { 0: string; 1: string; index: number } | null {
  for (let at = piece.indexOf(LIBRARY), n = LIBRARY.length; at >= 0; at = piece.indexOf(LIBRARY, at + 1)) {
    let from = at;
    while (from > 0 && isHashOrVersionChar(piece[from - 1]!)) from--;
    if (from < 7) continue;
    // '/library/' and the longest of 'alloc/src/', 'core/src/' and 'std/src/'.
    const m = RUST_LIBRARY_PATH_HERE.exec(piece.toString('latin1', from - 7, Math.min(piece.length, at + n + 10)));
    if (m !== null) return { 0: m[0], 1: m[1]!, index: from - 7 };
  }
  return null;
}

/** Thrown to stop rustLibraryPath's walk at the first path (made once: an Error's stack trace costs more than most files' scans). */
const STOP = new Error('found');

/** The first of std's source paths in `.rodata`, read in bounded pieces; stops at the first. */
function rustLibraryPath(f: FileFacts, ro: { index: number; offset: bigint; size: bigint; type: number }): Evidence | undefined {
  if (ro.type === SHT.NOBITS || ro.size === 0n) return undefined;
  let found: Evidence | undefined;
  try {
    f.file.forEachChunk(ro.offset, ro.size, `section [${ro.index}] contents`, (piece, start) => {
      const m = firstRustLibraryPath(piece);
      if (m === null) return;
      const what = /^\d+\.\d+\.\d+$/.test(m[1]!) ? `rustc ${m[1]}` : `rustc commit ${m[1]!.slice(0, 12)}`;
      found = { kind: 'section', index: ro.index, name: '.rodata', value: m[0], text: `.rodata at offset ${hexAddress(start + BigInt(m.index))} holds Rust's std source path "${m[0]}…" (${what})` };
      throw STOP;
    }, BLOCK, 128);
  } catch (e) {
    if (e !== STOP && !isElfFormatError(e)) throw e;
  }
  return found;
}

/** Orders `GLIBC_2.9` before `GLIBC_2.34`. */
function compareVersion(a: string, b: string): number {
  const pa = a.replace(/^\D+/, '').split('.').map(Number);
  const pb = b.replace(/^\D+/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The language whose code needs no C hardening, when the file is Rust or Go. */
export function memorySafeLanguage(t: Toolchain): 'Rust' | 'Go' | undefined {
  return t.go.length > 0 ? 'Go' : t.rust.length > 0 ? 'Rust' : undefined;
}

/** The `toolchain` check: informational (ok is null), the evidence is the point. */
export function toolchainVerdict(f: FileFacts): Verdict {
  const t = f.toolchain;
  const parts: string[] = [];
  if (t.go.length > 0) parts.push('go');
  if (t.rust.length > 0) parts.push('rust');
  if (parts.length === 0 && t.compilers.some((c) => c.name === 'gcc' || c.name === 'clang')) parts.push('c');
  if (t.libc !== 'unknown' && t.libc !== 'none') parts.push(t.libc);
  const verdict = parts.length === 0 ? 'unknown' : parts.join('+');
  const named = t.compilers.map((c) => `${c.name} ${c.version}`);
  if (t.goVersion !== undefined) named.push(t.goVersion);
  if (t.rustFromPaths !== undefined) named.push(t.rustFromPaths);
  const libcText = t.libc === 'unknown' ? 'C library unknown' : t.libc === 'none' ? 'no C library (Go runtime)' : t.libc;
  const summary = `${named.length > 0 ? named.join(', ') : 'no compiler named in .comment'}; ${libcText}`;
  const evidence = [...t.rust, ...t.go.filter((e) => !t.rust.includes(e)), ...t.libcEvidence, ...t.compilerEvidence.filter((e) => !t.rust.includes(e))];
  if (evidence.length === 0) evidence.push({ kind: 'absence', text: 'no .comment, no Rust or Go runtime marks, no PT_INTERP, GLIBC_* version needs or NT_GNU_ABI_TAG' });
  return { id: 'toolchain', verdict, ok: null, summary, evidence };
}

/**
 * The canary verdict for the toolchain: Rust and Go code has no C stack
 * protector (their compilers check bounds instead), so a missing
 * `__stack_chk_fail` is `n/a` there — unless C objects linked in import it,
 * which the C rule already reports as `yes`.
 */
export function canaryForToolchain(f: FileFacts, v: Verdict): Verdict {
  const lang = memorySafeLanguage(f.toolchain);
  if (lang === undefined) return v;
  const why = lang === 'Rust' ? ['rustc has no stable stack protector; safe Rust checks bounds instead', f.toolchain.rust] : ['the Go compiler has no stack protector; Go checks bounds and grows stacks itself', f.toolchain.go];
  if (v.verdict === 'yes') {
    return { ...v, summary: `${v.summary} (C objects linked into this ${lang} program use the stack protector; which functions, symbols cannot tell)`, evidence: [...v.evidence, ...(why[1] as Evidence[])] };
  }
  if (v.verdict === 'error') return v;
  return {
    ...v,
    verdict: 'n/a',
    ok: null,
    summary: `${lang} code: ${why[0] as string}; no C object linked in imports __stack_chk_fail`,
    evidence: [...(why[1] as Evidence[]), ...v.evidence],
  };
}

/**
 * The FORTIFY verdict for the toolchain: FORTIFY_SOURCE is a C header
 * feature, so the libc functions Rust's and Go's runtimes import
 * unfortified are `n/a`; fortified imports still come from C objects and
 * are reported. musl has no `__*_chk` functions (fortify-headers inline
 * their checks), so without any the answer is `unknown`, never `no`.
 */
export function fortifyForToolchain(f: FileFacts, base: Verdict): Verdict {
  if (base.verdict === 'error' || base.verdict === 'n/a') return base;
  const v = base.verdict === 'yes' || base.verdict === 'partial' ? { ...base, evidence: [...base.evidence, fortifyLevel(f)] } : base;
  const t = f.toolchain;
  const lang = memorySafeLanguage(t);
  const fortified = v.evidence.filter((e) => e.kind === 'symbol' && e.name !== undefined && /^__.*_chk$/.test(e.name));
  if (lang !== undefined) {
    if (fortified.length > 0) {
      return { ...v, summary: `C objects linked into this ${lang} program: ${v.summary}`, evidence: [...v.evidence, ...(lang === 'Rust' ? t.rust : t.go)] };
    }
    return {
      ...v,
      verdict: 'n/a',
      ok: null,
      summary: `${lang} code calls libc directly, not through C headers, so FORTIFY_SOURCE does not apply; no C object linked in imports a __*_chk function`,
      evidence: [...(lang === 'Rust' ? t.rust : t.go), ...v.evidence],
    };
  }
  if (t.libc === 'musl' && fortified.length === 0) {
    return {
      ...v,
      verdict: 'unknown',
      ok: null,
      summary: 'musl: it has no __*_chk functions, and fortify-headers inline their checks (a trap, no symbol), so symbols cannot tell',
      evidence: [...t.libcEvidence, ...v.evidence],
    };
  }
  return v;
}

/**
 * The FORTIFY level, where the binary records it: annobin's notes
 * (`.gnu.build.attributes`, or `.annobin.notes`) carry `GA*FORTIFY` with a
 * numeric value (name bytes `GA*FORTIFY\0` then the value's bytes,
 * least significant first). Symbols alone cannot tell levels 1, 2 and 3
 * apart: all import the same `__*_chk` functions (3 only at more call sites).
 */
export function fortifyLevel(f: FileFacts): Evidence {
  const file = f.file;
  for (const name of ['.gnu.build.attributes', '.annobin.notes']) {
    const sec = tolerant(() => file.sectionByName(name), undefined);
    if (sec === undefined) continue;
    const data = tolerant(() => file.sectionData(sec), Buffer.alloc(0));
    const key = Buffer.from('GA*FORTIFY\0', 'latin1');
    const levels = new Set<number>();
    for (let at = data.indexOf(key); at >= 0; at = data.indexOf(key, at + 1)) {
      const v = data[at + key.length];
      if (v !== undefined) levels.add(v);
    }
    // 0xff: annobin could not see the level (it records -1)
    const known = [...levels].filter((l) => l !== 0xff).sort((a, b) => a - b);
    if (known.length > 0) {
      return { kind: 'note', index: sec.index, name: 'GA*FORTIFY', value: known.join(','), text: `${name} (annobin) records _FORTIFY_SOURCE level ${known.join(', ')}${known.length > 1 ? ' (different levels in different objects)' : ''}` };
    }
    if (levels.size > 0) return { kind: 'note', index: sec.index, name: 'GA*FORTIFY', value: 'unknown', text: `${name} (annobin) has GA*FORTIFY notes, but annobin could not see the level` };
    return { kind: 'section', index: sec.index, name, text: `${name} (annobin) has no GA*FORTIFY note: the level cannot be known` };
  }
  return { kind: 'absence', name: 'GA*FORTIFY', text: 'the FORTIFY level (1, 2 or 3) cannot be known: no annobin notes (.gnu.build.attributes), and levels 1-3 import the same __*_chk functions' };
}
