import { ET, PF, PT } from '../elf/index.js';
import type { LayoutFacts } from '../memory/facts.js';

/**
 * The hardening verdicts that follow from program headers and the dynamic
 * table alone, as the diff needs them. Deliberately small; the full checksec
 * rules (canary, FORTIFY, RPATH…) live elsewhere.
 *
 * - RELRO: none without PT_GNU_RELRO; full with it and immediate binding
 *   (DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW — the loader honours all three);
 *   partial otherwise.
 * - NX: from the last PT_GNU_STACK, as the kernel reads it: PF_X makes the
 *   stack executable; no PT_GNU_STACK at all is reported as 'missing'.
 * - PIE: ET_EXEC is not; ET_DYN is a PIE when DF_1_PIE or PT_INTERP says so,
 *   otherwise a shared object (DSO); ET_REL is a relocatable object.
 */
export type RelroVerdict = 'none' | 'partial' | 'full';
export type NxVerdict = 'enabled' | 'disabled' | 'missing';
export type PieVerdict = 'pie' | 'no' | 'dso' | 'rel' | 'other';

export interface HeaderVerdicts {
  readonly relro: RelroVerdict;
  readonly nx: NxVerdict;
  readonly pie: PieVerdict;
}

export function headerVerdicts(f: Pick<LayoutFacts, 'programHeaders' | 'bindNow' | 'type' | 'isPie' | 'hasInterp'>): HeaderVerdicts {
  const hasRelro = f.programHeaders.some((p) => p.type === PT.GNU_RELRO);
  const stacks = f.programHeaders.filter((p) => p.type === PT.GNU_STACK);
  const stack = stacks[stacks.length - 1];
  let pie: PieVerdict;
  if (f.type === ET.EXEC) pie = 'no';
  else if (f.type === ET.DYN) pie = f.isPie || f.hasInterp ? 'pie' : 'dso';
  else if (f.type === ET.REL) pie = 'rel';
  else pie = 'other';
  return {
    relro: !hasRelro ? 'none' : f.bindNow ? 'full' : 'partial',
    nx: stack === undefined ? 'missing' : (stack.flags & PF.X) !== 0 ? 'disabled' : 'enabled',
    pie,
  };
}
