import { EM, ET, PF, PT, SHF, SHT } from '../elf/constants.js';
import { BLOCK } from '../elf/source.js';
import { shortMachineName } from '../names/machines.js';
import { symEvidence, text } from './evidence.js';
import { isStatic, type FileFacts } from './facts.js';
import type { Evidence, Verdict } from './types.js';

/**
 * The rules about how the code was compiled rather than linked: a
 * sanitizer runtime (a debugging build), stack-clash probes in the machine
 * code, SafeStack and Clang CFI.
 */

// --- sanitizers ---------------------------------------------------------------------------------

/** Symbols each sanitizer's instrumentation calls, and the name audit reports. */
const SANITIZERS: readonly [string, RegExp][] = [
  ['asan', /^__asan_(init|version_mismatch_check|report_|register_globals|option_detect_stack_use_after_return|stack_malloc_)/],
  ['hwasan', /^__hwasan_(init|tag_memory|load|store)/],
  ['ubsan', /^__ubsan_handle_/],
  ['tsan', /^__tsan_(init|read|write|func_entry)/],
  ['msan', /^__msan_(init|warning|param_tls|retval_tls)/],
  ['sanitizer', /^__sanitizer_(cov_|annotate_|print_stack_trace|set_death_callback)/],
];

export function sanitizer(f: FileFacts): Verdict {
  const ev: Evidence[] = [];
  const found = new Set<string>();
  const statics = f.type === ET.REL || isStatic(f);
  const t = statics ? (f.symtab === null ? null : { table: '.symtab', symbols: f.symtab }) : f.dynsyms;
  const syms = t?.symbols ?? [];
  // a dynamic program imports the runtime; the runtime library itself defines it
  const calls = syms.filter((s) => (statics || s.shndx === 0) && s.name !== '');
  const defines = statics ? [] : syms.filter((s) => s.shndx !== 0 && /^__(asan|hwasan|tsan|msan)_init$/.test(s.name));
  // every pattern starts with `__`: the regular expressions only run on those names
  const underscored = calls.filter((s) => s.name.charCodeAt(0) === 0x5f && s.name.charCodeAt(1) === 0x5f);
  for (const [name, re] of SANITIZERS) {
    const hits = underscored.filter((s) => re.test(s.name));
    if (hits.length === 0) continue;
    found.add(name);
    ev.push(symEvidence(t!.table, hits[0]!, `${statics ? 'is present' : 'is imported'}${hits.length > 1 ? ` (and ${hits.length - 1} more ${name} symbol(s))` : ''}: ${name} instrumentation`));
  }
  if (found.size > 1) found.delete('sanitizer');
  if (found.size === 0 && defines.length > 0) {
    ev.push(symEvidence(t!.table, defines[0]!, 'is defined here: this is a sanitizer runtime library'));
    return { id: 'sanitizer', verdict: 'runtime', ok: null, summary: "a sanitizer's runtime library, not an instrumented program", evidence: ev };
  }
  if (found.size > 0) {
    const verdict = [...found].join('+');
    return { id: 'sanitizer', verdict, ok: false, summary: `built with ${verdict}: a debugging build; not for release (it ships the sanitizer runtime's allocator, reports and attack surface)`, evidence: ev };
  }
  if (t === null || (statics && syms.length === 0)) {
    ev.push({ kind: 'absence', name: '.symtab', text: statics ? 'statically linked and no .symtab: the runtime would be linked in, and its names are gone' : 'no dynamic symbol table' });
    return { id: 'sanitizer', verdict: 'unknown', ok: null, summary: 'no symbols to look for a sanitizer runtime in', evidence: ev };
  }
  ev.push({ kind: 'absence', text: `${t.table} (${syms.length} entries): no __asan_*, __hwasan_*, __ubsan_handle_*, __tsan_*, __msan_* or __sanitizer_* ${statics ? 'symbols' : 'imports'}` });
  return { id: 'sanitizer', verdict: 'none', ok: true, summary: 'no sanitizer runtime', evidence: ev };
}

// --- stack-clash probes ------------------------------------------------------------------------------

/**
 * What gcc and clang emit when a function allocates a page or more of stack
 * with -fstack-clash-protection, and what a large unprobed allocation looks
 * like, per architecture. Byte patterns in code are a heuristic: a match
 * can start inside another instruction, so the count is of probe sites,
 * not an exact number of functions.
 */
interface ClashPatterns {
  /** Counts the probes and the unprobed page-sized allocations in one piece of code that starts at `start`. */
  scan(b: Buffer, from: number, to: number, count: { probes: number; unprobed: number }): void;
  readonly probeText: string;
}

/** The opcode bytes of `sub rsp, imm32` and `sub esp, imm32`. */
const SUB_RSP = Buffer.from([0x48, 0x81, 0xec]);
const SUB_ESP = Buffer.from([0x81, 0xec]);

const X86_64: ClashPatterns = {
  probeText: 'sub rsp, 0x1000 followed by or qword [rsp], 0 (gcc) or mov qword [rsp], 0 (clang)',
  scan(b, from, to, n) {
    // 48 81 ec imm32: sub rsp, imm32; found by Buffer.indexOf (native, all
    // of a library's code in a batch) rather than a byte-by-byte loop.
    for (let i = b.indexOf(SUB_RSP, from); i >= 0 && i < to; i = b.indexOf(SUB_RSP, i + 1)) {
      if (i + 7 > b.length) continue;
      const imm = b.readUInt32LE(i + 3);
      if (imm < 0x1000 || imm >= 0x80000000) continue;
      const j = i + 7;
      const gcc = b[j] === 0x48 && b[j + 1] === 0x83 && b[j + 2] === 0x0c && b[j + 3] === 0x24 && b[j + 4] === 0x00;
      const clang = b[j] === 0x48 && b[j + 1] === 0xc7 && b[j + 2] === 0x04 && b[j + 3] === 0x24 && b.readUInt32LE(j + 4) === 0;
      if (imm === 0x1000 && (gcc || clang)) n.probes++;
      else if (!gcc && !clang) n.unprobed++;
    }
  },
};

const I386: ClashPatterns = {
  probeText: 'sub esp, 0x1000 followed by or dword [esp], 0',
  scan(b, from, to, n) {
    // 81 ec imm32: sub esp, imm32
    for (let i = b.indexOf(SUB_ESP, from); i >= 0 && i < to; i = b.indexOf(SUB_ESP, i + 1)) {
      if (i + 6 > b.length) continue;
      const imm = b.readUInt32LE(i + 2);
      if (imm < 0x1000 || imm >= 0x80000000) continue;
      const j = i + 6;
      const probe = b[j] === 0x83 && b[j + 1] === 0x0c && b[j + 2] === 0x24 && b[j + 3] === 0x00;
      if (probe && imm === 0x1000) n.probes++;
      else if (!probe) n.unprobed++;
    }
  },
};

/** gcc's AArch64 guard is 64 KiB; it probes at sp + 1024 (STACK_CLASH_CALLER_GUARD) after each `sub sp, sp, #N, lsl #12`. */
const AARCH64: ClashPatterns = {
  probeText: 'sub sp, sp, #N, lsl #12 followed by str xzr, [sp, #1024]',
  scan(b, from, to, n) {
    for (let i = from - (from % 4); i + 8 <= to + 4 && i + 8 <= b.length; i += 4) {
      // the instruction's top byte first: the mask below needs it to be 0xd1,
      // which few words have, and a byte load costs a fraction of readUInt32LE
      if (b[i + 3] !== 0xd1) continue;
      const w = b.readUInt32LE(i);
      // SUB (immediate), 64-bit, shift 12, Rn = Rd = sp (>>> 0: JavaScript's & is signed)
      if (((w & 0xffc003ff) >>> 0) !== 0xd14003ff) continue;
      const pages = (w >>> 10) & 0xfff;
      const probed = b.readUInt32LE(i + 4) === 0xf90203ff;
      if (probed) n.probes++;
      else if (pages >= 16) n.unprobed++;
    }
  },
};

function clashPatterns(machine: number, bits: 32 | 64): ClashPatterns | undefined {
  if (machine === EM.X86_64 && bits === 64) return X86_64;
  if (machine === EM.I386) return I386;
  if (machine === EM.AARCH64) return AARCH64;
  return undefined;
}

export function stackClash(f: FileFacts): Verdict {
  const ev: Evidence[] = [];
  const p = clashPatterns(f.machine, f.bits);
  const go = f.toolchain.go;
  if (go.length > 0) {
    // goroutine stacks are heap-allocated without guard pages; every Go function's prologue compares sp with the stack bound
    return { id: 'stack-clash', verdict: 'n/a', ok: null, summary: "Go code: each function's prologue checks the stack bound and grows the stack, so there is no guard page to jump", evidence: [...go] };
  }
  if (p === undefined) {
    ev.push({ kind: 'rule', text: `no probe pattern is known for ${shortMachineName(f.machine)}` });
    return { id: 'stack-clash', verdict: 'unknown', ok: null, summary: 'no known stack-clash probe pattern for this architecture', evidence: ev };
  }
  // the code: executable PROGBITS sections, or the executable PT_LOADs without section headers
  const ranges: { offset: bigint; size: bigint; what: string; ev: Evidence }[] = [];
  const shdrs = f.file.sectionHeaders;
  for (const s of shdrs) {
    if (s.type !== SHT.PROGBITS || (s.flags & SHF.EXECINSTR) === 0n || s.size === 0n) continue;
    const name = f.file.sectionName(s);
    ranges.push({ offset: s.offset, size: s.size, what: `section [${s.index}] contents`, ev: { kind: 'section', index: s.index, name, value: String(s.size), text: `section [${s.index}] ${name}, ${s.size} bytes of code scanned` } });
  }
  if (shdrs.length === 0) {
    for (const ph of f.programHeaders) {
      if (ph.type !== PT.LOAD || (ph.flags & PF.X) === 0 || ph.filesz === 0n) continue;
      ranges.push({ offset: ph.offset, size: ph.filesz, what: `program header ${ph.index}'s bytes`, ev: { kind: 'segment', index: ph.index, name: 'PT_LOAD', text: `program header ${ph.index} (executable PT_LOAD), ${ph.filesz} bytes scanned` } });
    }
  }
  const n = { probes: 0, unprobed: 0 };
  const OVERLAP = 16;
  for (const r of ranges) {
    ev.push(r.ev);
    f.file.forEachChunk(r.offset, r.size, r.what, (piece, _start, last) => {
      // a pattern starting in the overlap is counted in the next piece
      p.scan(piece, 0, last ? piece.length : piece.length - OVERLAP, n);
    }, BLOCK, OVERLAP);
  }
  const machine = shortMachineName(f.machine);
  if (n.probes > 0) {
    ev.push({ kind: 'rule', name: 'probes', value: String(n.probes), text: `${n.probes} probe site(s): ${p.probeText}` });
    if (n.unprobed > 0) ev.push({ kind: 'rule', name: 'unprobed', value: String(n.unprobed), text: `${n.unprobed} page-sized stack allocation(s) without a probe (code compiled without the option, e.g. from a static library)` });
    return { id: 'stack-clash', verdict: n.unprobed > 0 ? 'partial' : 'yes', ok: n.unprobed > 0 ? null : true, summary: `${n.probes} stack-clash probe site(s) (${machine})${n.unprobed > 0 ? `, ${n.unprobed} unprobed large allocation(s)` : ''}`, evidence: ev };
  }
  if (n.unprobed > 0) {
    ev.push({ kind: 'rule', name: 'unprobed', value: String(n.unprobed), text: `${n.unprobed} page-sized stack allocation(s) without a probe; -fstack-clash-protection would probe each page (${p.probeText})` });
    return { id: 'stack-clash', verdict: 'no', ok: false, summary: `${n.unprobed} function(s) allocate a page or more of stack without probing it: a stack clash can jump the guard page`, evidence: ev };
  }
  ev.push({ kind: 'absence', text: `no probes and no page-sized stack allocations (${p.probeText})` });
  return { id: 'stack-clash', verdict: 'unknown', ok: null, summary: 'no function allocates a page of stack at once, so the option leaves no trace', evidence: ev };
}

// --- SafeStack and Clang CFI -------------------------------------------------------------------

function symbolsFor(f: FileFacts): { table: string; symbols: readonly { name: string; index: number; shndx: number; value: bigint }[] }[] {
  const out: { table: string; symbols: readonly { name: string; index: number; shndx: number; value: bigint }[] }[] = [];
  const d = f.type === ET.REL ? null : f.dynsyms;
  if (d !== null) out.push(d);
  const s = f.symtab;
  if (s !== null) out.push({ table: '.symtab', symbols: s });
  return out;
}

export function safestack(f: FileFacts): Verdict {
  for (const t of symbolsFor(f)) {
    const s = t.symbols.find((x) => x.name === '__safestack_init' || x.name === '__safestack_pointer_address' || x.name === '__safestack_unsafe_stack_ptr');
    if (s !== undefined) {
      return { id: 'safestack', verdict: 'yes', ok: true, summary: 'Clang SafeStack: buffers live on a separate unsafe stack', evidence: [symEvidence(t.table, s as never, "is SafeStack's runtime")] };
    }
  }
  return noMark('safestack', f, '__safestack_init or __safestack_unsafe_stack_ptr', 'no SafeStack runtime (clang -fsanitize=safe-stack)');
}

export function clangCfi(f: FileFacts): Verdict {
  for (const t of symbolsFor(f)) {
    const s = t.symbols.find((x) => x.name === '__cfi_check' || x.name === '__cfi_slowpath' || x.name === '__cfi_slowpath_diag' || x.name === '__ubsan_handle_cfi_check_fail' || x.name.endsWith('.cfi') || x.name.endsWith('.cfi_jt'));
    if (s !== undefined) {
      return { id: 'clang-cfi', verdict: 'yes', ok: true, summary: 'Clang control-flow integrity: indirect calls are checked against their type', evidence: [symEvidence(t.table, s as never, `${text(s.name).endsWith('.cfi') || s.name.endsWith('.cfi_jt') ? 'is a CFI jump-table or checked function' : "is CFI's runtime"}`)] };
    }
  }
  return noMark('clang-cfi', f, '__cfi_check, __cfi_slowpath or a *.cfi / *.cfi_jt function', 'no Clang CFI marks (clang -fsanitize=cfi)');
}

function noMark(id: 'safestack' | 'clang-cfi', f: FileFacts, what: string, summary: string): Verdict {
  const tables = symbolsFor(f);
  if (f.symtab === null) {
    // the runtime and the jump tables are linked into the program: their names are in .symtab
    return { id, verdict: 'unknown', ok: null, summary: 'no .symtab (stripped): the marks are local symbols, so symbols cannot tell', evidence: [{ kind: 'absence', name: '.symtab', text: `no .symtab${tables.length > 0 ? `; ${tables[0]!.table} has no ${what}` : ''}` }] };
  }
  // these are opt-in clang features few builds use: their absence is not a defect
  return { id, verdict: 'no', ok: null, summary, evidence: [{ kind: 'absence', text: `${tables.map((t) => `${t.table} (${t.symbols.length})`).join(', ')}: no ${what}` }] };
}

