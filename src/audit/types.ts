/**
 * The accurate audit's model: for each check a verdict, the evidence that
 * decided it, and checksec.sh 2.6.0's answer for comparison. Serialised
 * as JSON schema 1 (docs/checksec-and-audit.md).
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

export interface ChecksecComparison {
  /** 2.6.0's CSV field for this check, e.g. `Partial RELRO`. */
  readonly value: string;
  readonly agrees: boolean;
  /** Why 2.6.0 answers differently (only when it does). */
  readonly why?: string;
}

export interface Check {
  readonly id: CheckId;
  /** The answer; each check documents its own vocabulary. */
  readonly verdict: string;
  /** true: the hardening is in place; false: it is missing or weakened; null: not applicable or undecidable. */
  readonly ok: boolean | null;
  /** One sentence. */
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly checksec?: ChecksecComparison;
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
  | 'debuginfo';

export interface ElfIdentity {
  readonly class: 'ELF32' | 'ELF64';
  readonly data: 'LSB' | 'MSB';
  readonly machine: string;
  readonly machineNumber: number;
  readonly type: string;
  readonly osabi: number;
}

export interface FileAudit {
  readonly path: string;
  readonly elf?: ElfIdentity;
  readonly checks?: Partial<Record<CheckId, Check>>;
  /** Set when the file could not be audited at all. */
  readonly error?: string;
}

export interface AuditReport {
  readonly schema: 1;
  readonly files: readonly FileAudit[];
}
