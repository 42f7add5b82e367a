import { shortMachineName } from '../names/machines.js';
import { pushAll } from '../util/arrays.js';
import { DF, DF_1, DT, EM, ET, PF, PT, SHT } from '../elf/constants.js';
import { isStaticallyLinked, relroApplication, type StartupFacts } from '../hardening/relro-applied.js';
import { loaderDynamicSymbols } from '../elf/dynsym.js';
import { isElfFormatError } from '../elf/errors.js';
import type { ElfFile } from '../elf/file.js';
import { decodeGnuProperties, GNU_PROPERTY, NT_GNU } from '../elf/notes.js';
import type { ElfSymbol } from '../elf/symbols.js';
import type { DynamicEntry, ProgramHeader } from '../elf/types.js';
import { GLIBC_CHK_FUNCTIONS } from '../checksec/fortify-functions.js';
import { decodeLossy } from '../io/escape.js';
import { csvBody } from '../checksec/format.js';
import { checksecFile, type ChecksecResult } from '../checksec/rules.js';
import type { Check, CheckId, ChecksecComparison, ElfIdentity, Evidence } from './types.js';

/**
 * The accurate checks. Each reads the file as the kernel and glibc's
 * ld.so do (not as checksec.sh's greps over readelf text do), records the
 * facts that decided it, and says where checksec.sh 2.6.0 answers
 * differently and why. A check that meets a damaged table reports verdict
 * `error` with the reader's message; the others still run.
 */

const hex = (v: bigint | number) => '0x' + v.toString(16);
/** A string read from the binary (latin1: one char per byte) as text: UTF-8, undecodable bytes as \\xHH. */
const text = (latin1: string) => decodeLossy(Buffer.from(latin1, 'latin1'));
const flagsText = (f: number) => `${f & PF.R ? 'R' : '-'}${f & PF.W ? 'W' : '-'}${f & PF.X ? 'X' : '-'}`;

const SEGMENT_NAMES: Record<number, string> = {
  [PT.LOAD]: 'PT_LOAD',
  [PT.DYNAMIC]: 'PT_DYNAMIC',
  [PT.INTERP]: 'PT_INTERP',
  [PT.GNU_STACK]: 'PT_GNU_STACK',
  [PT.GNU_RELRO]: 'PT_GNU_RELRO',
};

function segmentEvidence(p: ProgramHeader, extra = ''): Evidence {
  const name = SEGMENT_NAMES[p.type] ?? hex(p.type);
  return {
    kind: 'segment',
    index: p.index,
    name,
    value: flagsText(p.flags),
    text: `program header ${p.index} is ${name} (flags ${flagsText(p.flags)}, vaddr ${hex(p.vaddr)}, memsz ${hex(p.memsz)})${extra}`,
  };
}

const TAG_NAMES = new Map<bigint, string>([
  [DT.BIND_NOW, 'DT_BIND_NOW'],
  [DT.FLAGS, 'DT_FLAGS'],
  [DT.FLAGS_1, 'DT_FLAGS_1'],
  [DT.DEBUG, 'DT_DEBUG'],
  [DT.TEXTREL, 'DT_TEXTREL'],
  [DT.RPATH, 'DT_RPATH'],
  [DT.RUNPATH, 'DT_RUNPATH'],
  [DT.SONAME, 'DT_SONAME'],
  [DT.NEEDED, 'DT_NEEDED'],
]);

function dynEvidence(index: number, e: DynamicEntry, text: string, flag?: string): Evidence {
  const name = TAG_NAMES.get(e.tag) ?? hex(e.tag);
  return { kind: 'dynamic', index, name, value: flag ?? hex(e.value), text: `dynamic entry ${index} ${name} = ${hex(e.value)}${text}` };
}

function symEvidence(table: string, s: ElfSymbol, what: string): Evidence {
  const name = text(s.name);
  return { kind: 'symbol', table, index: s.index, name, value: s.shndx === 0 ? 'UND' : hex(s.value), text: `${table}[${s.index}] ${name} ${what}` };
}

/** A yes/no fact that is "no" when the tables it needs are damaged. */
function guardedBool(f: () => boolean): boolean {
  try {
    return f();
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return false;
  }
}

/** Runs `f`, turning a reader error into an `error` verdict for that check only. */
function guarded(id: CheckId, f: () => Check): Check {
  try {
    return f();
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return { id, verdict: 'error', ok: null, summary: `cannot decide: ${e.message}`, evidence: [{ kind: 'rule', text: e.describe() }] };
  }
}

const TYPES: Record<number, string> = { [ET.NONE]: 'NONE', [ET.REL]: 'REL', [ET.EXEC]: 'EXEC', [ET.DYN]: 'DYN', [ET.CORE]: 'CORE' };

export function identity(file: ElfFile): ElfIdentity {
  const h = file.header;
  return {
    class: h.bits === 64 ? 'ELF64' : 'ELF32',
    data: h.bigEndian ? 'MSB' : 'LSB',
    machine: shortMachineName(h.machine),
    machineNumber: h.machine,
    type: TYPES[h.type] ?? hex(h.type),
    osabi: h.ident.osabi,
  };
}

/** Lazily read facts shared by several checks. */
class Facts {
  constructor(readonly file: ElfFile) {}
  private cache = new Map<string, unknown>();
  private memo<T>(key: string, f: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, f());
    return this.cache.get(key) as T;
  }
  get phdrs(): readonly ProgramHeader[] {
    return this.memo('phdrs', () => this.file.programHeaders);
  }
  get dynamic(): readonly DynamicEntry[] {
    return this.memo('dyn', () => this.file.dynamic ?? []);
  }
  dynFind(tag: bigint): { index: number; entry: DynamicEntry } | undefined {
    const i = this.dynamic.findIndex((e) => e.tag === tag);
    return i < 0 ? undefined : { index: i, entry: this.dynamic[i]! };
  }
  get interp(): ProgramHeader | undefined {
    return this.phdrs.find((p) => p.type === PT.INTERP);
  }
  /**
   * Statically linked: an executable without a dynamic table, or a static
   * PIE (DF_1_PIE and no program interpreter). A shared object without
   * DT_NEEDED (ld.so, preload libraries) is not: its symbols are still
   * bound by a loader.
   */
  get isStatic(): boolean {
    return isStaticallyLinked(this.startup);
  }
  /** What decides who applies RELRO (src/hardening/relro-applied.ts, shared with the page-cost model). */
  get startup(): StartupFacts {
    return this.memo('startup', () => ({
      type: this.file.header.type,
      hasInterp: this.interp !== undefined,
      hasDynamic: this.dynamic.length > 0,
      flags1: this.dynFind(DT.FLAGS_1)?.entry.value ?? 0n,
      gnuAbiTag: guardedBool(() => this.file.notes().some((n) => n.name === 'GNU' && n.type === NT_GNU.ABI_TAG)),
    }));
  }
  /**
   * A separate debug-information file (`objcopy --only-keep-debug`, the
   * files under /usr/lib/debug): every allocated section but the notes is
   * SHT_NOBITS, so the program headers point at bytes that are not there.
   */
  get isDebugOnly(): boolean {
    return this.memo('debugOnly', () => {
      const alloc = this.file.sectionHeaders.filter((s) => (s.flags & 0x2n) !== 0n && s.size > 0n && s.type !== SHT.NOTE);
      return alloc.length > 0 && alloc.every((s) => s.type === SHT.NOBITS);
    });
  }
  get dynsyms(): { table: string; symbols: ElfSymbol[] } | null {
    return this.memo('dynsym', () => {
      const t = loaderDynamicSymbols(this.file);
      return t === null ? null : { table: t.source, symbols: t.symbols };
    });
  }
  get symtab(): ElfSymbol[] | null {
    return this.memo('symtab', () => this.file.staticSymbols());
  }
}

/** All checks for one file, and checksec 2.6.0's answers to compare with (null: could not be computed). */
export function auditChecks(file: ElfFile): Partial<Record<CheckId, Check>> {
  const f = new Facts(file);
  let cs: ChecksecResult | null = null;
  try {
    cs = checksecFile(file);
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
  }
  if (guardedBool(() => f.isDebugOnly)) {
    const na = (id: CheckId): Check => ({
      id,
      verdict: 'n/a',
      ok: null,
      summary: 'a separate debug-information file: its loadable sections are empty (SHT_NOBITS); audit the binary it belongs to',
      evidence: [{ kind: 'rule', text: 'every allocated section except the notes is SHT_NOBITS, as objcopy --only-keep-debug leaves them' }],
    });
    const ids: CheckId[] = ['relro', 'canary', 'nx', 'execstack', 'pie', 'rpath', 'runpath', 'textrel', 'wx-segments', 'x86-cet', 'aarch64-bti-pac', 'fortify'];
    const checks = [...ids.map(na), guarded('stripped', () => stripped(f, null)), guarded('debuginfo', () => debuginfo(f))];
    return Object.fromEntries(checks.map((c) => [c.id, c]));
  }
  const checks: Check[] = [
    guarded('relro', () => relro(f, cs)),
    guarded('canary', () => canary(f, cs)),
    guarded('nx', () => nx(f, cs)),
    guarded('execstack', () => execstack(f)),
    guarded('pie', () => pie(f, cs)),
    guarded('rpath', () => searchPath(f, DT.RPATH, cs)),
    guarded('runpath', () => searchPath(f, DT.RUNPATH, cs)),
    guarded('textrel', () => textrel(f)),
    guarded('wx-segments', () => wxSegments(f)),
    guarded('x86-cet', () => x86Cet(f)),
    guarded('aarch64-bti-pac', () => aarch64BtiPac(f)),
    guarded('fortify', () => fortify(f, cs)),
    guarded('stripped', () => stripped(f, cs)),
    guarded('debuginfo', () => debuginfo(f)),
  ];
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

function compare(cs: ChecksecResult | null, field: number, agrees: (v: string) => boolean, why: string): ChecksecComparison | undefined {
  if (cs === null) return undefined;
  const value = csvBody(cs, false).split(',')[field]!;
  const ok = agrees(value);
  return ok ? { value, agrees: true } : { value, agrees: false, why };
}

// --- RELRO ---------------------------------------------------------------------

function relro(f: Facts, cs: ChecksecResult | null): Check {
  const ev: Evidence[] = [];
  const type = f.file.header.type;
  if (type === ET.REL || type === ET.CORE) {
    return {
      id: 'relro',
      verdict: 'n/a',
      ok: null,
      summary: type === ET.REL ? 'a relocatable object: RELRO is decided when it is linked' : 'a core dump is not loaded',
      evidence: [{ kind: 'header', name: 'e_type', value: TYPES[type]!, text: `e_type is ET_${TYPES[type]}` }],
    };
  }
  const seg = f.phdrs.find((p) => p.type === PT.GNU_RELRO);
  const now: Evidence[] = [];
  const bn = f.dynFind(DT.BIND_NOW);
  if (bn) now.push(dynEvidence(bn.index, bn.entry, ' (present: bind now)'));
  const fl = f.dynFind(DT.FLAGS);
  if (fl && (fl.entry.value & DF.BIND_NOW) !== 0n) now.push(dynEvidence(fl.index, fl.entry, ' has DF_BIND_NOW', 'DF_BIND_NOW'));
  const f1 = f.dynFind(DT.FLAGS_1);
  if (f1 && (f1.entry.value & DF_1.NOW) !== 0n) now.push(dynEvidence(f1.index, f1.entry, ' has DF_1_NOW', 'DF_1_NOW'));

  let verdict: 'full' | 'partial' | 'none' | 'unknown';
  let summary: string;
  if (seg === undefined) {
    verdict = 'none';
    summary = 'no PT_GNU_RELRO segment: nothing is made read-only after relocation';
    ev.push({ kind: 'absence', name: 'PT_GNU_RELRO', text: `none of the ${f.phdrs.length} program headers is PT_GNU_RELRO` });
  } else {
    ev.push(segmentEvidence(seg));
    const staticExe = f.isStatic;
    if (staticExe) {
      ev.push(
        f.dynamic.length === 0
          ? { kind: 'absence', name: 'PT_DYNAMIC', text: 'no dynamic table: statically linked, nothing is bound lazily' }
          : { kind: 'rule', name: 'DF_1_PIE', text: 'a static PIE relocates itself at startup: nothing is bound lazily' },
      );
    } else if (now.length > 0) {
      pushAll(ev, now);
    } else {
      ev.push({ kind: 'absence', name: 'DT_BIND_NOW', text: 'no DT_BIND_NOW, no DF_BIND_NOW in DT_FLAGS, no DF_1_NOW in DT_FLAGS_1: lazy binding' });
    }
    const immediate = staticExe || now.length > 0;
    // Is the PLT's GOT inside the RELRO range? (a bind-now flag alone does not move it there)
    const gotplt = f.file.sectionByName('.got.plt');
    let gotOutside = false;
    if (gotplt !== undefined && gotplt.size > 0n && (gotplt.flags & 0x2n) !== 0n) {
      const inside = gotplt.addr >= seg.vaddr && gotplt.addr + gotplt.size <= seg.vaddr + seg.memsz;
      gotOutside = !inside;
      ev.push({
        kind: 'section',
        index: gotplt.index,
        name: '.got.plt',
        value: hex(gotplt.addr),
        text: `section [${gotplt.index}] .got.plt (${hex(gotplt.addr)}, ${gotplt.size} bytes) is ${inside ? 'inside' : 'outside'} the PT_GNU_RELRO range`,
      });
    }
    // Who applies the segment: one rule with the page-cost model's.
    const application = relroApplication(f.startup);
    const glibcStartup = application.applied === true;
    if (!glibcStartup) {
      ev.push({ kind: 'absence', name: 'NT_GNU_ABI_TAG', text: "no NT_GNU_ABI_TAG note: not linked with glibc's startup code, which is what applies PT_GNU_RELRO in a static executable" });
    }
    const unproven = staticExe && f.file.sectionHeaders.length === 0;
    if (unproven && glibcStartup) {
      ev.push({ kind: 'absence', name: '.got.plt', text: 'no section headers: where the IFUNC GOT slots lie cannot be shown' });
    }
    if (!glibcStartup) {
      verdict = 'unknown';
      summary = `nothing shows that PT_GNU_RELRO is ever applied: ${application.why}`;
    } else if (immediate && !gotOutside && !unproven) {
      verdict = 'full';
      summary = staticExe
        ? 'PT_GNU_RELRO in a static executable: the startup code protects it, and nothing is bound lazily'
        : 'PT_GNU_RELRO and immediate binding: the GOT is read-only after startup';
    } else {
      verdict = 'partial';
      summary = unproven
        ? 'static executable: PT_GNU_RELRO is applied at startup, but without section headers its GOT slots cannot be shown to lie inside it'
        : staticExe
          ? 'static executable: .got.plt (its IFUNC slots) lies outside PT_GNU_RELRO and stays writable'
          : immediate
            ? 'immediate binding is requested but .got.plt lies outside PT_GNU_RELRO, so it stays writable'
            : 'PT_GNU_RELRO without immediate binding: .got.plt stays writable for lazy binding';
    }
  }
  const checksec = compare(
    cs,
    0,
    (v) => v === { full: 'Full RELRO', partial: 'Partial RELRO', none: 'No RELRO', unknown: '' }[verdict],
    verdict === 'unknown'
      ? '2.6.0 only looks for the segment, not for code that applies it'
      : f.dynamic.length === 0
      ? '2.6.0 needs the word BIND_NOW in `readelf -d`, and a static executable has no dynamic table'
      : now.length > 0 && now.every((e) => e.value === 'DF_1_NOW')
        ? '2.6.0 greps `readelf -d` for BIND_NOW and does not count DF_1_NOW (`FLAGS_1 ... NOW`), which ld.so honours'
        : '2.6.0 only greps for BIND_NOW and does not look at where .got.plt lies',
  );
  return { id: 'relro', verdict, ok: verdict === 'unknown' ? null : verdict === 'full', summary, evidence: ev, ...(checksec && { checksec }) };
}

// --- stack canary ----------------------------------------------------------------

const CANARY_IMPORTS = ['__stack_chk_fail', '__stack_chk_fail_local', '__stack_chk_guard', '__intel_security_cookie'];

function canary(f: Facts, cs: ChecksecResult | null): Check {
  const ev: Evidence[] = [];
  const type = f.file.header.type;
  const csCompare = (verdict: string, why: string) =>
    compare(cs, 1, (v) => (verdict === 'yes' ? v === 'Canary found' : verdict === 'no' ? v === 'No Canary found' : false), why);
  let verdict: 'yes' | 'no' | 'unknown';
  let summary: string;
  let why = '';
  if (type === ET.REL) {
    const syms = f.symtab ?? [];
    const und = syms.filter((s) => s.shndx === 0 && CANARY_IMPORTS.includes(s.name));
    pushAll(ev, und.map((s) => symEvidence('.symtab', s, 'is undefined: the object calls it')));
    if (und.length === 0) ev.push({ kind: 'absence', name: '__stack_chk_fail', text: f.symtab === null ? 'no .symtab' : `.symtab (${syms.length} entries) has no undefined __stack_chk_fail, __stack_chk_fail_local or __stack_chk_guard` });
    verdict = und.length > 0 ? 'yes' : 'no';
    summary = und.length > 0 ? 'the object refers to the stack protector' : 'the object does not refer to __stack_chk_fail';
    why = '2.6.0 counts any symbol name containing __stack_chk_fail, __stack_chk_guard or __intel_security_cookie';
  } else if (f.isStatic) {
    const syms = f.symtab;
    const def = (syms ?? []).filter((s) => s.shndx !== 0 && (s.name === '__stack_chk_fail' || s.name === '__stack_chk_fail_local'));
    if (syms === null) {
      verdict = 'unknown';
      summary =
        f.interp !== undefined
          ? 'no dynamic table (a program interpreter but no PT_DYNAMIC, as klibc links) and no .symtab: undecidable by symbols'
          : 'statically linked and stripped: undecidable by symbols';
      ev.push({ kind: 'absence', name: '.symtab', text: 'no .symtab and no dynamic symbols to look at' });
    } else if (def.length === 0) {
      verdict = 'no';
      summary = 'statically linked and __stack_chk_fail is not linked in: nothing can call it';
      ev.push({ kind: 'absence', name: '__stack_chk_fail', text: `.symtab (${syms.length} entries) has no __stack_chk_fail` });
    } else {
      verdict = 'unknown';
      summary = "statically linked: libc's own __stack_chk_fail is linked in, so symbols cannot tell whether the program's code uses a canary";
      pushAll(ev, def.map((s) => symEvidence('.symtab', s, 'is defined (linked in from libc)')));
    }
    why =
      cs?.canary === true
        ? "2.6.0 finds libc's __stack_chk_fail in every static glibc binary and reports it as found"
        : '2.6.0 sees no symbols in a stripped static binary and reports no canary, which symbols cannot show';
  } else {
    const t = f.dynsyms;
    const und = (t?.symbols ?? []).filter((s) => s.shndx === 0 && CANARY_IMPORTS.includes(s.name));
    // the C library or the dynamic linker: it provides the protector's runtime
    const provides = (t?.symbols ?? []).filter((s) => s.shndx !== 0 && (s.name === '__stack_chk_fail' || s.name === '__stack_chk_guard'));
    if (und.length === 0 && provides.length > 0) {
      verdict = 'unknown';
      summary = `this object defines ${provides.map((s) => s.name).join(' and ')} (it is the C library or the dynamic linker): its own code needs no import, so symbols cannot tell`;
      pushAll(ev, provides.map((s) => symEvidence(t!.table, s, 'is defined and exported here')));
    } else if (und.length > 0) {
      verdict = 'yes';
      summary = `imports ${und.map((s) => s.name).join(', ')}: compiled with a stack protector`;
      pushAll(ev, und.map((s) => symEvidence(t!.table, s, 'is an undefined import')));
    } else {
      verdict = 'no';
      summary = 'no undefined __stack_chk_fail or __stack_chk_fail_local among the dynamic symbols';
      ev.push({ kind: 'absence', name: '__stack_chk_fail', text: `${t?.table ?? 'no dynamic symbol table'}: no undefined __stack_chk_fail, __stack_chk_fail_local, __stack_chk_guard or __intel_security_cookie` });
    }
    why = '2.6.0 counts any symbol (defined or not, in .dynsym or .symtab) whose name contains __stack_chk_fail, __stack_chk_guard or __intel_security_cookie';
  }
  const checksec = csCompare(verdict, why);
  return { id: 'canary', verdict, ok: verdict === 'yes' ? true : verdict === 'no' ? false : null, summary, evidence: ev, ...(checksec && { checksec }) };
}

// --- NX / executable stack ----------------------------------------------------------

interface StackDefault {
  readonly exec: boolean | null;
  readonly why: string;
}

/** What Linux does with a program that has no PT_GNU_STACK (elf_read_implies_exec and the stack's default flags). */
function missingStackDefault(machine: number, bits: 32 | 64): StackDefault {
  switch (machine) {
    case EM.X86_64:
      return bits === 64
        ? { exec: null, why: 'x86-64: before Linux 5.8 READ_IMPLIES_EXEC made all readable memory executable; since 5.8 a 64-bit program without PT_GNU_STACK gets a non-executable stack' }
        : { exec: true, why: 'x32/compat on x86-64: READ_IMPLIES_EXEC, all readable memory is executable' };
    case EM.I386:
      return { exec: true, why: 'i386: READ_IMPLIES_EXEC, all readable memory (the stack too) is executable' };
    case EM.ARM:
      return { exec: true, why: 'ARM (32-bit): arm_elf_read_implies_exec sets READ_IMPLIES_EXEC without PT_GNU_STACK' };
    case EM.MIPS:
      return { exec: true, why: 'MIPS: mips_elf_read_implies_exec sets READ_IMPLIES_EXEC without PT_GNU_STACK' };
    case EM.PPC:
      return { exec: true, why: 'PowerPC (32-bit): READ_IMPLIES_EXEC without PT_GNU_STACK' };
    case EM.PPC64:
      return bits === 64
        ? { exec: false, why: 'PowerPC64: a 64-bit program never gets READ_IMPLIES_EXEC; the stack is not executable' }
        : { exec: true, why: 'PowerPC (32-bit): READ_IMPLIES_EXEC without PT_GNU_STACK' };
    case EM.AARCH64:
      return bits === 64
        ? { exec: false, why: 'AArch64: native programs never get READ_IMPLIES_EXEC; the stack is not executable' }
        : { exec: true, why: 'AArch32 on arm64: READ_IMPLIES_EXEC without PT_GNU_STACK' };
    case EM.RISCV:
      return { exec: false, why: 'RISC-V: no READ_IMPLIES_EXEC; the stack is not executable' };
    case EM.LOONGARCH:
      return { exec: false, why: 'LoongArch: no READ_IMPLIES_EXEC; the stack is not executable' };
    case EM.S390:
      return { exec: false, why: 's390: no READ_IMPLIES_EXEC; the stack is not executable' };
    default:
      return { exec: null, why: 'no per-architecture rule known for this machine' };
  }
}

function stackFacts(f: Facts): { stacks: ProgramHeader[]; last: ProgramHeader | undefined; ev: Evidence[] } {
  const stacks = f.phdrs.filter((p) => p.type === PT.GNU_STACK);
  const last = stacks[stacks.length - 1];
  const ev: Evidence[] = stacks.map((p) =>
    segmentEvidence(p, stacks.length > 1 ? (p === last ? ' — the last one, which the kernel uses' : ' — ignored: the kernel uses the last PT_GNU_STACK') : ''),
  );
  return { stacks, last, ev };
}

function nx(f: Facts, cs: ChecksecResult | null): Check {
  const { stacks, last, ev } = stackFacts(f);
  const type = f.file.header.type;
  if (type === ET.REL || type === ET.CORE) {
    return { id: 'nx', verdict: 'n/a', ok: null, summary: 'not a loadable program: the linker decides PT_GNU_STACK', evidence: ev };
  }
  let verdict: 'yes' | 'no' | 'kernel-dependent';
  let summary: string;
  if (last !== undefined) {
    const x = (last.flags & PF.X) !== 0;
    verdict = x ? 'no' : 'yes';
    summary = x ? `PT_GNU_STACK has PF_X (${flagsText(last.flags)}): the stack is executable` : `PT_GNU_STACK without PF_X (${flagsText(last.flags)}): data and stack are not executable`;
  } else {
    const d = missingStackDefault(f.file.header.machine, f.file.bits);
    ev.push({ kind: 'absence', name: 'PT_GNU_STACK', text: 'no PT_GNU_STACK program header' }, { kind: 'rule', text: d.why });
    verdict = d.exec === null ? 'kernel-dependent' : d.exec ? 'no' : 'yes';
    summary = `no PT_GNU_STACK: ${d.why}`;
  }
  const why =
    last !== undefined && (last.flags & PF.X) !== 0 && (last.flags & PF.W) === 0
      ? "2.6.0 only reports NX disabled for the flags RWE, so an `R E` stack counts as NX"
      : stacks.length > 1
        ? '2.6.0 looks at every PT_GNU_STACK; the kernel uses the last'
        : last === undefined
          ? '2.6.0 reports NX disabled whenever PT_GNU_STACK is missing, on every architecture'
          : '2.6.0 only reports NX disabled for the flags RWE';
  const checksec = compare(cs, 2, (v) => (verdict === 'yes' ? v === 'NX enabled' : verdict === 'no' ? v === 'NX disabled' : false), why);
  return { id: 'nx', verdict, ok: verdict === 'yes' ? true : verdict === 'no' ? false : null, summary, evidence: ev, ...(checksec && { checksec }) };
}

function execstack(f: Facts): Check {
  const { last, ev } = stackFacts(f);
  const type = f.file.header.type;
  if (type === ET.REL || type === ET.CORE) {
    return { id: 'execstack', verdict: 'n/a', ok: null, summary: 'not a loadable program', evidence: ev };
  }
  if (last === undefined) {
    const d = missingStackDefault(f.file.header.machine, f.file.bits);
    ev.push({ kind: 'absence', name: 'PT_GNU_STACK', text: 'no PT_GNU_STACK program header' }, { kind: 'rule', text: d.why });
    return {
      id: 'execstack',
      verdict: 'default',
      ok: d.exec === null ? null : !d.exec,
      summary: `no PT_GNU_STACK: the architecture default applies (${d.exec === null ? 'kernel-dependent' : d.exec ? 'executable' : 'not executable'})`,
      evidence: ev,
    };
  }
  const x = (last.flags & PF.X) !== 0;
  return {
    id: 'execstack',
    verdict: x ? 'yes' : 'no',
    ok: !x,
    summary: x ? `the stack is mapped ${flagsText(last.flags | PF.R)}: executable` : 'the stack is not executable',
    evidence: ev,
  };
}

// --- PIE -------------------------------------------------------------------------------

function pie(f: Facts, cs: ChecksecResult | null): Check {
  const h = f.file.header;
  const ev: Evidence[] = [{ kind: 'header', name: 'e_type', value: TYPES[h.type] ?? hex(h.type), text: `e_type is ${TYPES[h.type] ? 'ET_' + TYPES[h.type] : hex(h.type)}` }];
  let verdict: 'pie' | 'static-pie' | 'shared-object' | 'no' | 'relocatable' | 'n/a';
  let summary: string;
  const debug = f.dynFind(DT.DEBUG);
  if (h.type === ET.EXEC) {
    verdict = 'no';
    summary = 'ET_EXEC: loaded at the fixed address it was linked for';
    const load = f.phdrs.find((p) => p.type === PT.LOAD);
    if (load) ev.push(segmentEvidence(load, ` — fixed base ${hex(load.vaddr)}`));
  } else if (h.type === ET.DYN) {
    const f1 = f.dynFind(DT.FLAGS_1);
    const pieFlag = f1 !== undefined && (f1.entry.value & DF_1.PIE) !== 0n;
    const interp = f.interp;
    const soname = f.dynFind(DT.SONAME);
    if (pieFlag) ev.push(dynEvidence(f1!.index, f1!.entry, ' has DF_1_PIE', 'DF_1_PIE'));
    if (interp) ev.push(segmentEvidence(interp, ' — a program interpreter: runnable'));
    if (soname) ev.push(dynEvidence(soname.index, soname.entry, ` (${text(f.file.dynamicString(soname.entry.value) ?? '?')}): a library name`));
    if (debug) ev.push(dynEvidence(debug.index, debug.entry, ' (DT_DEBUG, which checksec.sh looks for)'));
    if (pieFlag && interp === undefined) {
      verdict = 'static-pie';
      summary = 'static PIE: DF_1_PIE and no program interpreter; it relocates itself';
    } else if (pieFlag) {
      verdict = 'pie';
      summary = 'position-independent executable (DF_1_PIE)';
    } else if (interp !== undefined && soname === undefined) {
      verdict = 'pie';
      summary = 'position-independent executable (ET_DYN with PT_INTERP; linked before DF_1_PIE existed)';
    } else {
      verdict = 'shared-object';
      summary =
        interp !== undefined ? 'shared object that can also be run (PT_INTERP and DT_SONAME, no DF_1_PIE)' : 'shared object (no DF_1_PIE, no PT_INTERP)';
      if (!pieFlag) ev.push({ kind: 'absence', name: 'DF_1_PIE', text: 'no DF_1_PIE in DT_FLAGS_1' });
    }
  } else if (h.type === ET.REL) {
    verdict = 'relocatable';
    summary = 'relocatable object: PIE is decided when it is linked';
  } else {
    verdict = 'n/a';
    summary = 'neither an executable nor a shared object';
  }
  const expected = { no: 'No PIE', pie: 'PIE enabled', 'static-pie': 'PIE enabled', 'shared-object': 'DSO', relocatable: 'REL', 'n/a': 'Not an ELF file' }[verdict];
  const checksec = compare(
    cs,
    3,
    (v) => v === expected,
    debug === undefined
      ? '2.6.0 calls an ET_DYN a PIE only when `readelf -d` mentions DEBUG (a DT_DEBUG tag), and this file has none'
      : '2.6.0 calls every ET_DYN with a DT_DEBUG tag a PIE, libraries included',
  );
  return { id: 'pie', verdict, ok: verdict === 'pie' || verdict === 'static-pie' ? true : verdict === 'no' ? false : null, summary, evidence: ev, ...(checksec && { checksec }) };
}

// --- RPATH / RUNPATH -----------------------------------------------------------------------

export type PathClass = 'absolute' | 'origin' | 'relative' | 'empty' | 'token';

/** How ld.so resolves one search-path entry. */
export function classifyPathEntry(entry: string): { cls: PathClass; text: string } {
  if (entry === '') return { cls: 'empty', text: 'empty: searches the current working directory' };
  if (/^\$(ORIGIN\b|\{ORIGIN\})/.test(entry)) return { cls: 'origin', text: "relative to the binary's own directory ($ORIGIN; ignored for set-user-ID programs)" };
  if (entry.startsWith('/')) return { cls: 'absolute', text: 'absolute' };
  if (/^\$(LIB|PLATFORM|\{LIB\}|\{PLATFORM\})/.test(entry)) return { cls: 'token', text: 'starts with a dynamic string token ($LIB/$PLATFORM): relative to the current working directory' };
  return { cls: 'relative', text: 'relative: resolved against the current working directory' };
}

function searchPath(f: Facts, tag: bigint, cs: ChecksecResult | null): Check {
  const id: CheckId = tag === DT.RPATH ? 'rpath' : 'runpath';
  const label = tag === DT.RPATH ? 'DT_RPATH' : 'DT_RUNPATH';
  const ev: Evidence[] = [];
  let risky = false;
  let count = 0;
  f.dynamic.forEach((e, i) => {
    if (e.tag !== tag) return;
    count++;
    const raw = f.file.dynamicString(e.value);
    const s = raw === undefined ? undefined : text(raw);
    if (s === undefined) {
      ev.push(dynEvidence(i, e, ': the string is outside the dynamic string table'));
      return;
    }
    ev.push({ ...dynEvidence(i, e, ` "${s}"`), value: s });
    for (const entry of s.split(':')) {
      const c = classifyPathEntry(entry);
      if (c.cls === 'empty' || c.cls === 'relative' || c.cls === 'token') risky = true;
      ev.push({ kind: 'rule', name: c.cls, value: entry, text: `entry "${entry}": ${c.text}` });
    }
  });
  if (tag === DT.RPATH && count > 0 && f.dynFind(DT.RUNPATH) !== undefined) {
    ev.push({ kind: 'rule', text: 'DT_RUNPATH is present too, so ld.so ignores DT_RPATH' });
  }
  const verdict = count === 0 ? 'none' : risky ? 'unsafe' : 'safe';
  const summary =
    count === 0
      ? `no ${label}`
      : risky
        ? `${label} has entries resolved against the current working directory: a library planted there is loaded`
        : `${label} entries are absolute or $ORIGIN-relative`;
  const word = tag === DT.RPATH ? 'RPATH' : 'RUNPATH';
  const checksec = compare(
    cs,
    tag === DT.RPATH ? 4 : 5,
    (v) => (count === 0 ? v === `No ${word}` : v === word),
    `2.6.0 reads only the first ${word} line of \`readelf -d\` and says No ${word} when its value is empty`,
  );
  return { id, verdict, ok: count === 0 ? null : !risky, summary, evidence: ev, ...(checksec && { checksec }) };
}

// --- TEXTREL, W+X ------------------------------------------------------------------------------

function textrel(f: Facts): Check {
  const ev: Evidence[] = [];
  const t = f.dynFind(DT.TEXTREL);
  if (t) ev.push(dynEvidence(t.index, t.entry, ' (present)'));
  const fl = f.dynFind(DT.FLAGS);
  if (fl && (fl.entry.value & DF.TEXTREL) !== 0n) ev.push(dynEvidence(fl.index, fl.entry, ' has DF_TEXTREL', 'DF_TEXTREL'));
  const yes = ev.length > 0;
  if (!yes) ev.push({ kind: 'absence', name: 'DT_TEXTREL', text: 'no DT_TEXTREL and no DF_TEXTREL in DT_FLAGS' });
  return {
    id: 'textrel',
    verdict: yes ? 'yes' : 'no',
    ok: !yes,
    summary: yes ? 'text relocations: the loader makes code pages writable to patch them' : 'no text relocations',
    evidence: ev,
  };
}

function wxSegments(f: Facts): Check {
  if (f.file.header.type === ET.REL || f.file.header.type === ET.CORE) {
    return { id: 'wx-segments', verdict: 'n/a', ok: null, summary: 'not a loadable program', evidence: [] };
  }
  const wx = f.phdrs.filter((p) => p.type === PT.LOAD && (p.flags & PF.W) !== 0 && (p.flags & PF.X) !== 0);
  const loads = f.phdrs.filter((p) => p.type === PT.LOAD).length;
  return {
    id: 'wx-segments',
    verdict: wx.length === 0 ? 'none' : String(wx.length),
    ok: wx.length === 0,
    summary: wx.length === 0 ? `none of the ${loads} PT_LOAD segments is both writable and executable` : `${wx.length} PT_LOAD segment(s) writable and executable`,
    evidence: wx.length === 0 ? [{ kind: 'absence', name: 'PT_LOAD', text: `${loads} PT_LOAD segments, none with both PF_W and PF_X` }] : wx.map((p) => segmentEvidence(p, ' — writable and executable')),
  };
}

// --- GNU properties ------------------------------------------------------------------------------

function featureProperty(f: Facts, type: number): { value: number; ev: Evidence } | { value: undefined; notes: number } {
  const d = f.file.reader.decoder;
  let notes = 0;
  for (const n of f.file.notes()) {
    if (n.name !== 'GNU' || n.type !== NT_GNU.PROPERTY_TYPE_0) continue;
    notes++;
    for (const p of decodeGnuProperties(d, n.desc)) {
      if (p.type !== type || p.data.length < 4) continue;
      const value = d.u32(p.data, 0);
      const name = type === GNU_PROPERTY.X86_FEATURE_1_AND ? 'GNU_PROPERTY_X86_FEATURE_1_AND' : 'GNU_PROPERTY_AARCH64_FEATURE_1_AND';
      return {
        value,
        ev: { kind: 'note', name, value: hex(value), text: `NT_GNU_PROPERTY_TYPE_0 note at offset ${hex(n.offset)}: ${name} = ${hex(value)}` },
      };
    }
  }
  return { value: undefined, notes };
}

function x86Cet(f: Facts): Check {
  const m = f.file.header.machine;
  if (m !== EM.X86_64 && m !== EM.I386) {
    return { id: 'x86-cet', verdict: 'n/a', ok: null, summary: 'not an x86 file', evidence: [] };
  }
  const p = featureProperty(f, GNU_PROPERTY.X86_FEATURE_1_AND);
  if (p.value === undefined) {
    return {
      id: 'x86-cet',
      verdict: 'none',
      ok: false,
      summary: 'no GNU_PROPERTY_X86_FEATURE_1_AND property: neither IBT nor SHSTK',
      evidence: [{ kind: 'absence', name: 'GNU_PROPERTY_X86_FEATURE_1_AND', text: `${p.notes} NT_GNU_PROPERTY_TYPE_0 note(s), none with GNU_PROPERTY_X86_FEATURE_1_AND` }],
    };
  }
  const ibt = (p.value & 1) !== 0;
  const shstk = (p.value & 2) !== 0;
  const verdict = ibt && shstk ? 'ibt+shstk' : ibt ? 'ibt' : shstk ? 'shstk' : 'none';
  return {
    id: 'x86-cet',
    verdict,
    ok: ibt && shstk,
    summary: `${ibt ? 'IBT (indirect branch tracking)' : 'no IBT'}, ${shstk ? 'SHSTK (shadow stack)' : 'no SHSTK'}`,
    evidence: [p.ev],
  };
}

function aarch64BtiPac(f: Facts): Check {
  if (f.file.header.machine !== EM.AARCH64) {
    return { id: 'aarch64-bti-pac', verdict: 'n/a', ok: null, summary: 'not an AArch64 file', evidence: [] };
  }
  const p = featureProperty(f, GNU_PROPERTY.AARCH64_FEATURE_1_AND);
  if (p.value === undefined) {
    return {
      id: 'aarch64-bti-pac',
      verdict: 'none',
      ok: false,
      summary: 'no GNU_PROPERTY_AARCH64_FEATURE_1_AND property: neither BTI nor PAC',
      evidence: [{ kind: 'absence', name: 'GNU_PROPERTY_AARCH64_FEATURE_1_AND', text: `${p.notes} NT_GNU_PROPERTY_TYPE_0 note(s), none with GNU_PROPERTY_AARCH64_FEATURE_1_AND` }],
    };
  }
  const bti = (p.value & 1) !== 0;
  const pac = (p.value & 2) !== 0;
  return {
    id: 'aarch64-bti-pac',
    verdict: bti && pac ? 'bti+pac' : bti ? 'bti' : pac ? 'pac' : 'none',
    ok: bti,
    summary: `${bti ? 'BTI (branch target identification; the loader maps code with PROT_BTI)' : 'no BTI'}, ${pac ? 'PAC marked' : 'no PAC marking'}`,
    evidence: [p.ev],
  };
}

// --- FORTIFY --------------------------------------------------------------------------------------

const CHK_BASES = GLIBC_CHK_FUNCTIONS.map((n) => n.replace(/_chk$/, ''));

function fortify(f: Facts, cs: ChecksecResult | null): Check {
  const ev: Evidence[] = [];
  const csv = (v: string) => v;
  const finish = (verdict: string, ok: boolean | null, summary: string, why: string): Check => {
    const checksec =
      cs === null
        ? undefined
        : (() => {
            const value = `${cs.fortify.source ? 'Yes' : 'No'} (${cs.fortify.fortified} fortified, ${cs.fortify.fortifiable} fortifiable)`;
            const ours = verdict === 'yes' || verdict === 'partial';
            const agrees = ours === cs.fortify.source;
            if (agrees) return { value: csv(value), agrees };
            // 2.6.0 missed fortified imports: readelf's annotations moved the names out of awk's $8
            const missed =
              ours && !cs.fortify.source
                ? "2.6.0 takes the eighth word of each `readelf --dyn-syms` line, and the words readelf adds for st_other bits ([<localentry>: N] on PPC64, [VARIANT_PCS] on AArch64, ...) push these names out of it"
                : why;
            return { value, agrees, why: missed };
          })();
    return { id: 'fortify', verdict, ok, summary, evidence: ev, ...(checksec && { checksec }) };
  };
  const isRel = f.file.header.type === ET.REL;
  if (!isRel && f.isStatic) {
    const syms = f.symtab;
    const chk = (syms ?? []).filter((s) => s.name.startsWith('__') && s.name.endsWith('_chk') && GLIBC_CHK_FUNCTIONS.includes(s.name.slice(2)));
    pushAll(ev, chk.map((s) => symEvidence('.symtab', s, s.shndx === 0 ? 'is undefined: a fortified call' : 'is linked in: some code calls the fortified variant')));
    if (chk.length > 0) {
      return finish('yes', true, `fortified calls: ${[...new Set(chk.map((s) => s.name))].join(', ')}; unfortified calls cannot be told apart in a static link`, '2.6.0 reads only the dynamic symbols, which a static executable lacks');
    }
    ev.push({ kind: 'absence', name: '.symtab', text: syms === null ? 'no .symtab' : 'no __*_chk symbols in .symtab' });
    return finish('unknown', null, 'statically linked: the libc functions are linked in, so imports cannot show which calls are fortified', '2.6.0 reads only the dynamic symbols');
  }
  const t = isRel ? (f.symtab === null ? null : { table: '.symtab', symbols: f.symtab }) : f.dynsyms;
  const und = (t?.symbols ?? []).filter((s) => s.shndx === 0);
  const names = new Map(und.map((s) => [s.name, s]));
  const fortified: string[] = [];
  const unfortified: string[] = [];
  for (const base of CHK_BASES) {
    const chk = names.get(`__${base}_chk`);
    const plain = names.get(base);
    if (chk) {
      fortified.push(base);
      ev.push(symEvidence(t!.table, chk, `is imported: calls to ${base} are fortified`));
    }
    if (plain) {
      unfortified.push(base);
      ev.push(symEvidence(t!.table, plain, `is imported: ${base} has a fortified variant, unused for these calls`));
    }
  }
  const defined = (t?.symbols ?? []).filter((s) => s.shndx !== 0 && s.name.startsWith('__') && s.name.endsWith('_chk')).length;
  const why = '2.6.0 says Yes for any dynamic symbol ending in _chk, defined or not, and counts definitions too';
  if (fortified.length === 0 && unfortified.length === 0) {
    if (defined > 0) ev.push({ kind: 'rule', text: `${defined} __*_chk functions are defined here: this is (part of) the C library` });
    else ev.push({ kind: 'absence', text: `no imports of the ${CHK_BASES.length} functions glibc 2.36 fortifies` });
    return finish('n/a', null, defined > 0 ? 'defines the fortified functions rather than calling them' : 'calls none of the functions glibc can fortify', why);
  }
  const verdict = fortified.length === 0 ? 'no' : unfortified.length === 0 ? 'yes' : 'partial';
  const summary =
    verdict === 'no'
      ? `calls ${unfortified.join(', ')} without fortification`
      : verdict === 'yes'
        ? `all fortifiable calls are fortified: ${fortified.join(', ')}`
        : `fortified: ${fortified.join(', ')}; not fortified: ${unfortified.join(', ')}`;
  return finish(verdict, verdict === 'yes' ? true : verdict === 'no' ? false : null, summary, why);
}

// --- symbols and debug info -------------------------------------------------------------------

function stripped(f: Facts, cs: ChecksecResult | null): Check {
  const sec = f.file.sectionHeaders.find((s) => s.type === SHT.SYMTAB);
  const ev: Evidence[] = [];
  let verdict: 'yes' | 'no';
  let summary: string;
  if (sec === undefined) {
    verdict = 'yes';
    summary = f.file.sectionHeaders.length === 0 ? 'no section headers at all (and so no .symtab)' : 'no .symtab: stripped';
    ev.push({ kind: 'absence', name: '.symtab', text: `${f.file.sectionHeaders.length} section headers, none of type SHT_SYMTAB` });
  } else {
    const n = sec.entsize > 0n ? sec.size / sec.entsize : 0n;
    verdict = 'no';
    summary = `.symtab with ${n > 0n ? n - 1n : 0n} symbols (plus the null entry)`;
    ev.push({ kind: 'section', index: sec.index, name: f.file.sectionName(sec), value: String(n), text: `section [${sec.index}] ${f.file.sectionName(sec)} is SHT_SYMTAB with ${n} entries` });
  }
  const checksec = compare(
    cs,
    6,
    (v) => v === (verdict === 'no' ? 'Symbols' : 'No Symbols'),
    "2.6.0 greps `readelf -s` for '.symtab', so it depends on the section's name, not its type",
  );
  return { id: 'stripped', verdict, ok: null, summary, evidence: ev, ...(checksec && { checksec }) };
}

function debuginfo(f: Facts): Check {
  const ev: Evidence[] = [];
  const dbg = f.file.sectionHeaders.filter((s) => {
    const n = f.file.sectionName(s);
    return (n.startsWith('.debug_') || n.startsWith('.zdebug_')) && s.size > 0n && s.type !== SHT.NOBITS;
  });
  for (const s of dbg) ev.push({ kind: 'section', index: s.index, name: f.file.sectionName(s), value: String(s.size), text: `section [${s.index}] ${f.file.sectionName(s)}, ${s.size} bytes` });
  const link = f.file.sectionByName('.gnu_debuglink');
  let linkName: string | undefined;
  if (link !== undefined && link.type !== SHT.NOBITS && link.size > 0n) {
    const data = f.file.sectionData(link);
    const nul = data.indexOf(0);
    linkName = decodeLossy(data.subarray(0, nul < 0 ? data.length : nul));
    ev.push({ kind: 'section', index: link.index, name: '.gnu_debuglink', value: linkName, text: `section [${link.index}] .gnu_debuglink names a separate debug file "${linkName}"` });
  }
  const id = f.file.buildId();
  if (id !== undefined) ev.push({ kind: 'note', name: 'NT_GNU_BUILD_ID', value: id, text: `build-id ${id} (how debuginfod and /usr/lib/debug/.build-id find separate debug info)` });
  const verdict = dbg.length > 0 ? 'yes' : linkName !== undefined ? 'separate' : 'no';
  const summary =
    verdict === 'yes'
      ? `${dbg.length} DWARF section(s) in the file`
      : verdict === 'separate'
        ? `no DWARF sections here; debug info is in "${linkName}"`
        : 'no DWARF sections and no .gnu_debuglink';
  if (dbg.length === 0) ev.unshift({ kind: 'absence', name: '.debug_info', text: 'no non-empty .debug_* or .zdebug_* sections' });
  return { id: 'debuginfo', verdict, ok: null, summary, evidence: ev };
}
