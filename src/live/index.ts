/** Live evidence from /proc: pmap's view, a process's VMAs tied to ELF segments, vmstat's and slabtop's views. */
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
