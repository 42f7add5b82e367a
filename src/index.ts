/** elfaudit's library: the ELF reader and the views built on it. */
export * from './elf/index.js';
export { runReadelf, type ReadelfOptions } from './readelf/index.js';
