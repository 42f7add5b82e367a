import { hexAddress } from '../io/text.js';
import { decodeLossy } from '../io/escape.js';
import { GLIBC_CHK_FUNCTIONS } from '../checksec/fortify-functions.js';
import { DT, EM, ET, GNU_PROPERTY, NT_GNU, SHT } from '../elf/constants.js';
import { decodeGnuProperties } from '../elf/notes.js';
import { pushAll } from '../util/arrays.js';
import type { ElfSymbol } from '../elf/symbols.js';
import { dynEvidence, symEvidence, text } from './evidence.js';
import { dynFind, interpOf, isStatic, type FileFacts } from './facts.js';
import type { CheckId, Evidence, Verdict } from './types.js';

/** The rules that read symbols, strings, notes and sections: canary, RPATH/RUNPATH, CET, BTI/PAC, FORTIFY, symbols, debug info. */

// --- stack canary ----------------------------------------------------------------

const CANARY_IMPORTS = ['__stack_chk_fail', '__stack_chk_fail_local', '__stack_chk_guard', '__intel_security_cookie'];

export function canary(f: FileFacts): Verdict {
  const ev: Evidence[] = [];
  let verdict: 'yes' | 'no' | 'unknown';
  let summary: string;
  if (f.type === ET.REL) {
    const syms = f.symtab ?? [];
    const und = syms.filter((s) => s.shndx === 0 && CANARY_IMPORTS.includes(s.name));
    pushAll(ev, und.map((s) => symEvidence('.symtab', s, 'is undefined: the object calls it')));
    if (und.length === 0) ev.push({ kind: 'absence', name: '__stack_chk_fail', text: f.symtab === null ? 'no .symtab' : `.symtab (${syms.length} entries) has no undefined __stack_chk_fail, __stack_chk_fail_local or __stack_chk_guard` });
    verdict = und.length > 0 ? 'yes' : 'no';
    summary = und.length > 0 ? 'the object refers to the stack protector' : 'the object does not refer to __stack_chk_fail';
  } else if (isStatic(f)) {
    const syms = f.symtab;
    const def = (syms ?? []).filter((s) => s.shndx !== 0 && (s.name === '__stack_chk_fail' || s.name === '__stack_chk_fail_local'));
    if (syms === null) {
      verdict = 'unknown';
      summary =
        interpOf(f) !== undefined
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
  }
  return { id: 'canary', verdict, ok: verdict === 'yes' ? true : verdict === 'no' ? false : null, summary, evidence: ev };
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

export function searchPath(f: FileFacts, tag: bigint): Verdict {
  const id: CheckId = tag === DT.RPATH ? 'rpath' : 'runpath';
  const label = tag === DT.RPATH ? 'DT_RPATH' : 'DT_RUNPATH';
  const ev: Evidence[] = [];
  let risky = false;
  let count = 0;
  f.dynamicEntries.forEach((e, i) => {
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
  if (tag === DT.RPATH && count > 0 && dynFind(f, DT.RUNPATH) !== undefined) {
    ev.push({ kind: 'rule', text: 'DT_RUNPATH is present too, so ld.so ignores DT_RPATH' });
  }
  const verdict = count === 0 ? 'none' : risky ? 'unsafe' : 'safe';
  const summary =
    count === 0
      ? `no ${label}`
      : risky
        ? `${label} has entries resolved against the current working directory: a library planted there is loaded`
        : `${label} entries are absolute or $ORIGIN-relative`;
  return { id, verdict, ok: count === 0 ? null : !risky, summary, evidence: ev };
}

// --- GNU properties ------------------------------------------------------------------------------

function featureProperty(f: FileFacts, type: number): { value: number; ev: Evidence } | { value: undefined; notes: number } {
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
        ev: { kind: 'note', name, value: hexAddress(value), text: `NT_GNU_PROPERTY_TYPE_0 note at offset ${hexAddress(n.offset)}: ${name} = ${hexAddress(value)}` },
      };
    }
  }
  return { value: undefined, notes };
}

export function x86Cet(f: FileFacts): Verdict {
  if (f.machine !== EM.X86_64 && f.machine !== EM.I386) {
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

export function aarch64BtiPac(f: FileFacts): Verdict {
  if (f.machine !== EM.AARCH64) {
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
/** `__BASE_chk` for each of CHK_BASES: made once, not per file. */
const CHK_IMPORTS = CHK_BASES.map((base) => `__${base}_chk`);
/** Where each name fortify looks for among the imports goes: 2i for CHK_IMPORTS[i], 2i + 1 for CHK_BASES[i]. */
const CHK_SLOTS = new Map<string, number[]>();
CHK_BASES.forEach((base, i) => {
  for (const [name, slot] of [[CHK_IMPORTS[i]!, 2 * i] as const, [base, 2 * i + 1] as const]) {
    const slots = CHK_SLOTS.get(name);
    if (slots === undefined) CHK_SLOTS.set(name, [slot]);
    else slots.push(slot);
  }
});

export function fortify(f: FileFacts): Verdict {
  const ev: Evidence[] = [];
  const done = (verdict: string, ok: boolean | null, summary: string): Verdict => ({ id: 'fortify', verdict, ok, summary, evidence: ev });
  const isRel = f.type === ET.REL;
  if (!isRel && isStatic(f)) {
    const syms = f.symtab;
    const chk = (syms ?? []).filter((s) => s.name.startsWith('__') && s.name.endsWith('_chk') && GLIBC_CHK_FUNCTIONS.includes(s.name.slice(2)));
    pushAll(ev, chk.map((s) => symEvidence('.symtab', s, s.shndx === 0 ? 'is undefined: a fortified call' : 'is linked in: some code calls the fortified variant')));
    if (chk.length > 0) {
      return done('yes', true, `fortified calls: ${[...new Set(chk.map((s) => s.name))].join(', ')}; unfortified calls cannot be told apart in a static link`);
    }
    ev.push({ kind: 'absence', name: '.symtab', text: syms === null ? 'no .symtab' : 'no __*_chk symbols in .symtab' });
    return done('unknown', null, 'statically linked: the libc functions are linked in, so imports cannot show which calls are fortified');
  }
  const t = isRel ? (f.symtab === null ? null : { table: '.symtab', symbols: f.symtab }) : f.dynsyms;
  // one pass: each import of a listed name in its slot (the last of a name wins), and the __*_chk definitions
  const imported: (ElfSymbol | undefined)[] = new Array(2 * CHK_BASES.length);
  let defined = 0;
  for (const s of t?.symbols ?? []) {
    if (s.shndx !== 0) {
      if (s.name.startsWith('__') && s.name.endsWith('_chk')) defined++;
      continue;
    }
    const slots = CHK_SLOTS.get(s.name);
    if (slots !== undefined) for (const k of slots) imported[k] = s;
  }
  const fortified: string[] = [];
  const unfortified: string[] = [];
  for (let i = 0; i < CHK_BASES.length; i++) {
    const base = CHK_BASES[i]!;
    const chk = imported[2 * i];
    const plain = imported[2 * i + 1];
    if (chk) {
      fortified.push(base);
      ev.push(symEvidence(t!.table, chk, `is imported: calls to ${base} are fortified`));
    }
    if (plain) {
      unfortified.push(base);
      ev.push(symEvidence(t!.table, plain, `is imported: ${base} has a fortified variant, unused for these calls`));
    }
  }
  if (fortified.length === 0 && unfortified.length === 0) {
    if (defined > 0) ev.push({ kind: 'rule', text: `${defined} __*_chk functions are defined here: this is (part of) the C library` });
    else ev.push({ kind: 'absence', text: `no imports of the ${CHK_BASES.length} functions glibc 2.36 fortifies` });
    return done('n/a', null, defined > 0 ? 'defines the fortified functions rather than calling them' : 'calls none of the functions glibc can fortify');
  }
  const verdict = fortified.length === 0 ? 'no' : unfortified.length === 0 ? 'yes' : 'partial';
  const summary =
    verdict === 'no'
      ? `calls ${unfortified.join(', ')} without fortification`
      : verdict === 'yes'
        ? `all fortifiable calls are fortified: ${fortified.join(', ')}`
        : `fortified: ${fortified.join(', ')}; not fortified: ${unfortified.join(', ')}`;
  return done(verdict, verdict === 'yes' ? true : verdict === 'no' ? false : null, summary);
}

// --- symbols and debug info -------------------------------------------------------------------

export function stripped(f: FileFacts): Verdict {
  const shdrs = f.file.sectionHeaders;
  const sec = shdrs.find((s) => s.type === SHT.SYMTAB);
  const ev: Evidence[] = [];
  let verdict: 'yes' | 'no';
  let summary: string;
  if (sec === undefined) {
    verdict = 'yes';
    summary = shdrs.length === 0 ? 'no section headers at all (and so no .symtab)' : 'no .symtab: stripped';
    ev.push({ kind: 'absence', name: '.symtab', text: `${shdrs.length} section headers, none of type SHT_SYMTAB` });
  } else {
    const n = sec.entsize > 0n ? sec.size / sec.entsize : 0n;
    verdict = 'no';
    summary = `.symtab with ${n > 0n ? n - 1n : 0n} symbols (plus the null entry)`;
    ev.push({ kind: 'section', index: sec.index, name: f.file.sectionName(sec), value: String(n), text: `section [${sec.index}] ${f.file.sectionName(sec)} is SHT_SYMTAB with ${n} entries` });
  }
  return { id: 'stripped', verdict, ok: null, summary, evidence: ev };
}

export function debuginfo(f: FileFacts): Verdict {
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
