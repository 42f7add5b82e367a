/**
 * The one error type the reader raises. Every structural problem in an ELF
 * file becomes an ElfFormatError carrying the file offset where the reader
 * looked and what it expected to find there, so callers can print one clear
 * line and go on with the next file.
 */
export class ElfFormatError extends Error {
  override readonly name = 'ElfFormatError';
  /** Byte offset in the file where the problem was found. */
  readonly offset: bigint;
  /** What the reader expected at that offset, in words. */
  readonly expected: string;
  /** The file, when known. */
  readonly file: string | undefined;

  constructor(message: string, offset: bigint | number, expected: string, file?: string) {
    super(message);
    this.offset = BigInt(offset);
    this.expected = expected;
    this.file = file;
  }

  /** One line for a terminal: `FILE: MESSAGE (at offset 0x…; expected …)`. */
  describe(): string {
    const where = `at offset 0x${this.offset.toString(16)}`;
    const prefix = this.file === undefined ? '' : `${this.file}: `;
    return `${prefix}${this.message} (${where}; expected ${this.expected})`;
  }
}

/** True for errors the reader raises on purpose (as opposed to bugs). */
export function isElfFormatError(e: unknown): e is ElfFormatError {
  return e instanceof ElfFormatError;
}
