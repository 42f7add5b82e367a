/** elfaudit's library: the ELF reader and the views built on it. */
export * from './elf/index.js';
export { runReadelf, type ReadelfOptions } from './readelf/index.js';
export * from './checksec/index.js';
export * from './audit/index.js';
export { probeElf, fileTypeName, type ElfProbe } from './elf/probe.js';
export { loaderDynamicSymbols, type DynamicSymbolTable } from './elf/dynsym.js';
export { decodeSymbolColumns, type SymbolColumns } from './elf/symbol-columns.js';
export * as procfs from './proc/index.js';
export * from './live/index.js';
export * as gate from './gate/index.js';
/** The hardening engine: one verdict per property with its evidence (what audit, diff, memory and the gate read). */
export * as hardening from './hardening/index.js';
