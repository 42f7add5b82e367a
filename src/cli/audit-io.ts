import { visibleControls } from '../io/escape.js';
import { errnoMessage } from '../io/errno.js';
import type { Output } from '../io/output.js';
import { isElfFormatError } from '../elf/index.js';
import { isPowerOfTwo } from '../memory/pages.js';

/** The one-line reason a file could not be analysed (without the `elfaudit: FILE: ` prefix). */
export function describeFailure(e: unknown): string {
  if (isElfFormatError(e)) {
    return `${e.message} (at offset 0x${e.offset.toString(16)}; expected ${e.expected})`;
  }
  return errnoMessage(e);
}

/** `elfaudit: FILE: reason` on one line (control characters in the name or reason made visible: `\n`, `\x1b`). */
export function failureLine(file: string, e: unknown): string {
  return `elfaudit: ${visibleControls(file)}: ${visibleControls(describeFailure(e))}\n`;
}

/** The largest page size accepted (1 GiB: the largest huge page any architecture has). */
const MAX_PAGE_SIZE = 1 << 30;

/**
 * Parses `--page-size 4096,16384,64k` (a comma-separated list of powers of
 * two in bytes from 4096, with an optional k/K (KiB) suffix) or `all`.
 * 4 KiB is the smallest page any Linux architecture has, and the grain the
 * model keeps relocations at (src/memory/relocation-pages.ts).
 */
export function parsePageSizes(spec: string): number[] | 'all' {
  if (spec.trim() === 'all') return 'all';
  const sizes = spec.split(',').map((raw) => {
    const t = raw.trim();
    const m = /^(\d+)([kK])?$/.exec(t);
    const n = m === null ? NaN : Number(m[1]) * (m[2] === undefined ? 1 : 1024);
    if (!Number.isSafeInteger(n) || !isPowerOfTwo(n) || n < 4096 || n > MAX_PAGE_SIZE) {
      throw new Error(`--page-size: '${t}' is not a page size (a power of two from 4096 to 1 GiB, e.g. 4096 or 16k, or 'all')`);
    }
    return n;
  });
  return [...new Set(sizes)];
}

/**
 * The model options memory and diff share (`--page-size`, `--loader`), or
 * undefined after printing the one-line error for a bad page-size list.
 */
export function modelOptions<L extends string>(
  flags: { pageSize?: string | undefined; loader?: L | undefined },
  io: Output,
): { pageSizes?: number[] | 'all'; loader?: L } | undefined {
  try {
    return {
      ...(flags.pageSize === undefined ? {} : { pageSizes: parsePageSizes(flags.pageSize) }),
      ...(flags.loader === undefined ? {} : { loader: flags.loader }),
    };
  } catch (e) {
    io.err(`elfaudit: ${(e as Error).message}\n`);
    return undefined;
  }
}
