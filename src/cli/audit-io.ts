import { stderrWriter, stdoutWriter } from '../io/fd-writer.js';
import { isElfFormatError } from '../elf/index.js';
import { isPowerOfTwo } from '../memory/pages.js';

/** Where the memory and diff commands write: injected so tests run them in-process. */
export interface AuditIo {
  out(text: string): void;
  err(text: string): void;
  /** True once the reader of the output has gone away: commands stop at their next file. */
  readonly closed?: boolean;
}

/** Collects output in memory. */
export class CaptureIo implements AuditIo {
  stdout = '';
  stderr = '';
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}

/** Writes UTF-8 to the process's standard output and error (src/io/fd-writer.ts). */
export const processIo: AuditIo = {
  out: (text) => {
    stdoutWriter.write(text);
  },
  err: (text) => {
    stderrWriter.write(text);
  },
  get closed() {
    return stdoutWriter.closed;
  },
};

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
};

/** The one-line reason a file could not be analysed (without the `elfaudit: FILE: ` prefix). */
export function describeFailure(e: unknown): string {
  if (isElfFormatError(e)) {
    return `${e.message} (at offset 0x${e.offset.toString(16)}; expected ${e.expected})`;
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && ERRNO_TEXT[code] !== undefined) return ERRNO_TEXT[code]!;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** `elfaudit: FILE: reason` on one line (newlines in the name shown as `\n`). */
export function failureLine(file: string, e: unknown): string {
  const oneLine = (s: string) => s.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
  return `elfaudit: ${oneLine(file)}: ${oneLine(describeFailure(e))}\n`;
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
  io: AuditIo,
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
