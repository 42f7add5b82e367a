// Types for sparse.mjs (used by the TypeScript tests).
export const SPARSE_SAMPLE: string;
/** Where the tail of the sparse file starts (3 GiB). */
export const TAIL: bigint;
/** Writes the sparse file; returns its size in bytes. */
export function makeSparseElf(path: string, root: string): bigint;
