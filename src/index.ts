/**
 * elfaudit's library: what the CLI does, as typed functions.
 *
 * - the reader: `openElf` (positional reads, bigint for 64-bit fields) and
 *   its typed errors;
 * - `runReadelf`: GNU readelf 2.40's views, byte for byte, into a sink;
 * - `checksecFile` / `runChecksec`: checksec.sh 2.6.0's verdicts;
 * - `auditPath`: the accurate hardening checks with their evidence;
 * - `memoryReport` / `estimateMemory`: the page-cost model;
 * - `diffLayouts`: why two builds' page costs differ;
 * - `gate`: baselines, policy and the CI check; `procfs` and `live`: /proc.
 *
 * Internals are under `elfaudit/internal`, with no promise that they stay.
 */

// The reader
export { openElf, parseElf, ElfFile } from './elf/file.js';
export type { TableCounts } from './elf/counts.js';
export { ElfFormatError, isElfFormatError } from './elf/errors.js';
export type { Elf64Addr, Elf64Off, Elf64Xword, ElfClassBits, ElfHeader, ElfIdent, ProgramHeader, SectionHeader, DynamicEntry } from './elf/types.js';
export { DF, DF_1, DT, EM, ET, PF, PT, SHF, SHT } from './elf/constants.js';
export { probeElf, type ElfProbe } from './elf/probe.js';

// readelf
export { runReadelf, defaultOptions as readelfDefaults, CaptureSink, FdSink, type ReadelfOptions, type ReadelfSink } from './readelf/index.js';

// checksec.sh 2.6.0 and the accurate audit
export { checksecFile, runChecksec, type ChecksecResult, type ChecksecOptions, type OutputFormat as ChecksecFormat } from './checksec/index.js';
export { auditPath, auditPaths, formatAuditJson, formatAuditText, type AuditReport, type FileAudit, type Check, type CheckId, type Evidence } from './audit/index.js';

// The page-cost model
export { memoryReport, memoryReportFromFacts, readFacts, type MemoryOptions, type MemoryReport } from './memory/report.js';
export { estimateMemory, LOADERS, type Loader, type MemoryEstimate, type SegmentEstimate, type Vma, type RelroEstimate } from './memory/model.js';
export { layoutFacts, type FactsWanted, type LayoutFacts } from './memory/facts.js';
export { formatMemoryText, memoryJson } from './memory/format.js';
export { pageSizesFor } from './memory/page-sizes.js';

// diff
export { diffLayouts, type DiffOptions, type DiffResult } from './diff/diff.js';
export { diffJson, formatDiffMarkdown, formatDiffText } from './diff/format.js';

// The gate, /proc and the live views
export * as gate from './gate/index.js';
export * as procfs from './proc/index.js';
export * as live from './live/index.js';

/** The hardening engine: one verdict per property with its evidence (what audit, diff, memory and the gate read). */
export * as hardening from './hardening/index.js';

// Where commands write
export { CaptureOutput, type Output } from './io/output.js';
