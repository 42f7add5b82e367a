/**
 * The hardening engine's model: for each property one verdict and the
 * facts that decided it. src/audit adds checksec.sh 2.6.0's answer to each
 * and serialises it as JSON schema 1 (README "checksec and audit"); `diff`,
 * the page-cost model and the gate read the same verdicts.
 */

/** One fact read from the file, with a sentence saying what it is. */
export interface Evidence {
  /** Where the fact lives. */
  readonly kind: 'header' | 'segment' | 'dynamic' | 'symbol' | 'note' | 'section' | 'absence' | 'rule';
  /** One human-readable sentence. */
  readonly text: string;
  /** Program header or section index, symbol index. */
  readonly index?: number;
  /** Segment type, dynamic tag, note type, property (spec names: PT_GNU_STACK, DT_FLAGS_1…). */
  readonly name?: string;
  /** The raw value, as hex or text (flags, tag values, symbol names). */
  readonly value?: string;
  /** The symbol table or section the fact is in (`.dynsym`, `.symtab`). */
  readonly table?: string;
}

export type CheckId =
  | 'relro'
  | 'canary'
  | 'nx'
  | 'execstack'
  | 'pie'
  | 'rpath'
  | 'runpath'
  | 'textrel'
  | 'wx-segments'
  | 'x86-cet'
  | 'aarch64-bti-pac'
  | 'fortify'
  | 'stripped'
  | 'debuginfo'
  | 'toolchain'
  | 'sanitizer'
  | 'stack-clash'
  | 'safestack'
  | 'clang-cfi';

/** Every property, in the order reports list them. */
export const CHECK_IDS: readonly CheckId[] = [
  'relro',
  'canary',
  'nx',
  'execstack',
  'pie',
  'rpath',
  'runpath',
  'textrel',
  'wx-segments',
  'x86-cet',
  'aarch64-bti-pac',
  'fortify',
  'stripped',
  'debuginfo',
  'toolchain',
  'sanitizer',
  'stack-clash',
  'safestack',
  'clang-cfi',
];

/** One property's answer. */
export interface Verdict {
  readonly id: CheckId;
  /** The answer; each property documents its own vocabulary (README "audit"). */
  readonly verdict: string;
  /** true: the hardening is in place; false: it is missing or weakened; null: not applicable or undecidable. */
  readonly ok: boolean | null;
  /** One sentence. */
  readonly summary: string;
  readonly evidence: readonly Evidence[];
}

export type RelroWord = 'full' | 'partial' | 'none' | 'unknown' | 'n/a' | 'error';
export type NxWord = 'yes' | 'no' | 'kernel-dependent' | 'n/a' | 'error';
export type PieWord = 'pie' | 'static-pie' | 'shared-object' | 'no' | 'relocatable' | 'n/a' | 'error';
