/** Parsers for Linux /proc files, one module per format, and the reads that feed them. */
export * from './errors.js';
export * from './read.js';
export * from './maps.js';
export * from './smaps.js';
export * from './smaps-rollup.js';
export * from './meminfo.js';
export * from './vmstat.js';
export * from './slabinfo.js';
export * from './stat.js';
export * from './pid-stat.js';
export * from './status.js';
export * from './cmdline.js';
export * from './auxv.js';
export * from './passwd.js';
