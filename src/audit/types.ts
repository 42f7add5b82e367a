/**
 * The accurate audit's model: for each property the hardening engine's
 * verdict and evidence (src/hardening), and checksec.sh 2.6.0's answer for
 * comparison. Serialised as JSON schema 1 (docs/checksec-and-audit.md).
 */
import type { CheckId, Verdict } from '../hardening/types.js';

export type { CheckId, Evidence } from '../hardening/types.js';

export interface ChecksecComparison {
  /** 2.6.0's CSV field for this check, e.g. `Partial RELRO`. */
  readonly value: string;
  readonly agrees: boolean;
  /** Why 2.6.0 answers differently (only when it does). */
  readonly why?: string;
}

export interface Check extends Verdict {
  readonly checksec?: ChecksecComparison;
}

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
  /** Something to know about where the file came from (`audit --pid`: the mapped file was replaced). */
  readonly note?: string;
  /** Set when the file could not be audited at all. */
  readonly error?: string;
}

export interface AuditReport {
  readonly schema: 1;
  readonly files: readonly FileAudit[];
}
