/**
 * Everything elfaudit's modules export, for tools built on its internals
 * (`import … from 'elfaudit/internal'`). Nothing here is promised to stay:
 * the supported library is the package root (src/index.ts).
 */
export * from './elf/index.js';
export * from './readelf/index.js';
export * from './checksec/index.js';
export * from './audit/index.js';
export * from './memory/index.js';
export * as diff from './diff/index.js';
export { probeElf, fileModeName, type ElfProbe } from './elf/probe.js';
export { loaderDynamicSymbols, type DynamicSymbolTable } from './elf/dynsym.js';
export { decodeSymbolColumns, type SymbolColumns } from './elf/symbol-columns.js';
export * as procfs from './proc/index.js';
export * from './live/index.js';
export * as gate from './gate/index.js';
export * as hardening from './hardening/index.js';
export * from './io/output.js';
