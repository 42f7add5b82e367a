export * from './constants.js';
export * from './errors.js';
export * from './types.js';
export { ElfReader, cString } from './reader.js';
export { ElfFile, openElf, parseElf, elfFromSource, type TableCounts } from './file.js';
export { BufferSource, FileSource, type ByteSource } from './source.js';
export { makeDecoder, type Decoder } from './decode.js';
