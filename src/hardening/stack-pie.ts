import { permissionsText } from '../names/segment-flags.js';
import { hexAddress } from '../io/text.js';
import { DF, DF_1, DT, EM, ET, PF, PT } from '../elf/constants.js';
import type { ProgramHeader } from '../elf/types.js';
import { dynEvidence, segmentEvidence, text, TYPES } from './evidence.js';
import { dynFind, interpOf, type HeaderFacts } from './facts.js';
import type { Evidence, NxWord, PieWord, Verdict } from './types.js';

/** The rules decided by program headers and the dynamic table: NX, the executable stack, PIE, TEXTREL, W+X segments. */

// --- NX / executable stack ----------------------------------------------------------

interface StackDefault {
  readonly exec: boolean | null;
  readonly why: string;
}

/** What Linux does with a program that has no PT_GNU_STACK (elf_read_implies_exec and the stack's default flags). */
export function missingStackDefault(machine: number, bits: 32 | 64): StackDefault {
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

/** Every PT_GNU_STACK and the one the kernel uses (the last). */
export function stackFacts(f: Pick<HeaderFacts, 'programHeaders'>): { stacks: ProgramHeader[]; last: ProgramHeader | undefined; ev: Evidence[] } {
  const stacks = f.programHeaders.filter((p) => p.type === PT.GNU_STACK);
  const last = stacks[stacks.length - 1];
  const ev: Evidence[] = stacks.map((p) =>
    segmentEvidence(p, stacks.length > 1 ? (p === last ? ' — the last one, which the kernel uses' : ' — ignored: the kernel uses the last PT_GNU_STACK') : ''),
  );
  return { stacks, last, ev };
}

export function nx(f: HeaderFacts): Verdict & { readonly verdict: NxWord } {
  const { last, ev } = stackFacts(f);
  if (f.type === ET.REL || f.type === ET.CORE) {
    return { id: 'nx', verdict: 'n/a', ok: null, summary: 'not a loadable program: the linker decides PT_GNU_STACK', evidence: ev };
  }
  let verdict: 'yes' | 'no' | 'kernel-dependent';
  let summary: string;
  if (last !== undefined) {
    const x = (last.flags & PF.X) !== 0;
    verdict = x ? 'no' : 'yes';
    summary = x ? `PT_GNU_STACK has PF_X (${permissionsText(last.flags)}): the stack is executable` : `PT_GNU_STACK without PF_X (${permissionsText(last.flags)}): data and stack are not executable`;
  } else {
    const d = missingStackDefault(f.machine, f.bits);
    ev.push({ kind: 'absence', name: 'PT_GNU_STACK', text: 'no PT_GNU_STACK program header' }, { kind: 'rule', text: d.why });
    verdict = d.exec === null ? 'kernel-dependent' : d.exec ? 'no' : 'yes';
    summary = `no PT_GNU_STACK: ${d.why}`;
  }
  return { id: 'nx', verdict, ok: verdict === 'yes' ? true : verdict === 'no' ? false : null, summary, evidence: ev };
}

export function execstack(f: HeaderFacts): Verdict {
  const { last, ev } = stackFacts(f);
  if (f.type === ET.REL || f.type === ET.CORE) {
    return { id: 'execstack', verdict: 'n/a', ok: null, summary: 'not a loadable program', evidence: ev };
  }
  if (last === undefined) {
    const d = missingStackDefault(f.machine, f.bits);
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
    summary: x ? `the stack is mapped ${permissionsText(last.flags | PF.R)}: executable` : 'the stack is not executable',
    evidence: ev,
  };
}

// --- PIE -------------------------------------------------------------------------------

export function pie(f: HeaderFacts): Verdict & { readonly verdict: PieWord } {
  const ev: Evidence[] = [{ kind: 'header', name: 'e_type', value: TYPES[f.type] ?? hexAddress(f.type), text: `e_type is ${TYPES[f.type] ? 'ET_' + TYPES[f.type] : hexAddress(f.type)}` }];
  let verdict: Exclude<PieWord, 'error'>;
  let summary: string;
  const debug = dynFind(f, DT.DEBUG);
  if (f.type === ET.EXEC) {
    verdict = 'no';
    summary = 'ET_EXEC: loaded at the fixed address it was linked for';
    const load = f.programHeaders.find((p) => p.type === PT.LOAD);
    if (load) ev.push(segmentEvidence(load, ` — fixed base ${hexAddress(load.vaddr)}`));
  } else if (f.type === ET.DYN) {
    const f1 = dynFind(f, DT.FLAGS_1);
    const pieFlag = f1 !== undefined && (f1.entry.value & DF_1.PIE) !== 0n;
    const interp = interpOf(f);
    const soname = dynFind(f, DT.SONAME);
    if (pieFlag) ev.push(dynEvidence(f1!.index, f1!.entry, ' has DF_1_PIE', 'DF_1_PIE'));
    if (interp) ev.push(segmentEvidence(interp, ' — a program interpreter: runnable'));
    if (soname) ev.push(dynEvidence(soname.index, soname.entry, ` (${text(f.soname ?? '?')}): a library name`));
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
  } else if (f.type === ET.REL) {
    verdict = 'relocatable';
    summary = 'relocatable object: PIE is decided when it is linked';
  } else {
    verdict = 'n/a';
    summary = 'neither an executable nor a shared object';
  }
  return { id: 'pie', verdict, ok: verdict === 'pie' || verdict === 'static-pie' ? true : verdict === 'no' ? false : null, summary, evidence: ev };
}

// --- TEXTREL, W+X ------------------------------------------------------------------------------

export function textrel(f: HeaderFacts): Verdict {
  const ev: Evidence[] = [];
  const t = dynFind(f, DT.TEXTREL);
  if (t) ev.push(dynEvidence(t.index, t.entry, ' (present)'));
  const fl = dynFind(f, DT.FLAGS);
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

export function wxSegments(f: HeaderFacts): Verdict {
  if (f.type === ET.REL || f.type === ET.CORE) {
    return { id: 'wx-segments', verdict: 'n/a', ok: null, summary: 'not a loadable program', evidence: [] };
  }
  const wx = f.programHeaders.filter((p) => p.type === PT.LOAD && (p.flags & PF.W) !== 0 && (p.flags & PF.X) !== 0);
  const loads = f.programHeaders.filter((p) => p.type === PT.LOAD).length;
  return {
    id: 'wx-segments',
    verdict: wx.length === 0 ? 'none' : String(wx.length),
    ok: wx.length === 0,
    summary: wx.length === 0 ? `none of the ${loads} PT_LOAD segments is both writable and executable` : `${wx.length} PT_LOAD segment(s) writable and executable`,
    evidence: wx.length === 0 ? [{ kind: 'absence', name: 'PT_LOAD', text: `${loads} PT_LOAD segments, none with both PF_W and PF_X` }] : wx.map((p) => segmentEvidence(p, ' — writable and executable')),
  };
}
