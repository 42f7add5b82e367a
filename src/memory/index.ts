export * from './pages.js';
export * from './facts.js';
export * from './model.js';
export { AddressSpace, PROT, perms, protOf, type Region } from './vmas.js';
export * from './report.js';
export { formatMemoryText, memoryJson, estimateJson, MEMORY_JSON_SCHEMA } from './format.js';
