/** Live evidence from /proc: pmap's view, a process's VMAs tied to ELF segments, vmstat's and slabtop's views, and the system-wide views (who-maps, pss, snapshots, diff --live). */
export { pmapSnapshot, formatPmap, pmapMappingName, parsePidArgument, type PmapOptions, type PmapSnapshot } from './pmap.js';
export { procpsCommandLine, procpsUtf8Locale, escapeStr, printableLine } from './procps-escape.js';
export {
  processReport,
  explainPss,
  type ProcessReport,
  type ProcessOptions,
  type MappingRecord,
  type ObjectRecord,
  type MemorySizes,
  type PssExplained,
} from './process.js';
export { formatProcessText, processJson, pssSentence, PROC_JSON_SCHEMA } from './process-format.js';
export { sysReport, hostPageSize, type SysReport, type SlabRow, type SlabSummary, type VmstatMemory } from './sys.js';
export { formatSysText, sysJson, SYS_JSON_SCHEMA } from './sys-format.js';
export { readVmaPrice, vmaPriceFrom, vmaPriceLine, vmaCostText, type VmaPrice } from './vma-price.js';
export { scanProcesses, scanProblemLines, scanCountLine, type ScanSummary } from './scan.js';
export { openTarget, forEachMapper, matchTargets, type MapTarget, type MatchKind } from './mappers.js';
export { whoMaps, type WhoMapsReport, type WhoMapsEntry, type MapperRow } from './who-maps.js';
export { formatWhoMapsText, whoMapsJson, WHO_MAPS_JSON_SCHEMA } from './who-maps-format.js';
export { pssReport, PSS_GROUPINGS, type PssReport, type PssGrouping, type ProcessPss, type LibraryPss, type UserPss } from './pss.js';
export { formatPssText, pssJson, PSS_JSON_SCHEMA } from './pss-format.js';
export { liveCost, liveCostJson, liveCostSentence, formatLiveCostText, formatLiveCostMarkdown, type LiveCost, type PageDeltaRow } from './live-cost.js';
export { takeSnapshot, SNAPSHOT_SCHEMA, type SnapshotSummary } from './snapshot.js';
export { parseSnapshot, type Snapshot } from './snapshot-read.js';
export { diffSnapshots, type SnapshotDiff, type LibraryChange, type ProcessGroupChange } from './snapshot-diff.js';
export { formatSnapshotDiffText, formatSnapshotDiffMarkdown, snapshotDiffJson, SNAPSHOT_DIFF_JSON_SCHEMA } from './snapshot-diff-format.js';
