/**
 * What a failed system call says, in the words users already know: glibc's
 * strerror texts, as GNU readelf and the shell print them. Every command
 * that reports a node:fs error names it through here.
 */

/** glibc's strerror text for the errno codes a stat, open, read, write or /proc read can give. */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
  EOVERFLOW: 'Value too large for defined data type',
  ENOMEM: 'Cannot allocate memory',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  EMFILE: 'Too many open files',
  ENXIO: 'No such device or address',
  ETXTBSY: 'Text file busy',
};

/** A node:fs error's code (`ENOENT`), if it has one. */
export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** strerror's text for CODE, or undefined for a code it is not known here. */
export function strerror(code: string): string | undefined {
  return Object.hasOwn(STRERROR, code) ? STRERROR[code] : undefined;
}

/** The text for a failure: strerror's for a system error, else the error's own message. */
export function errnoMessage(e: unknown): string {
  const code = errnoCode(e);
  const text = code === undefined ? undefined : strerror(code);
  if (text !== undefined) return text;
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * For a `catch` that expects only a failed system call: returns FALLBACK
 * for one, and rethrows anything else (a TypeError is a bug, and must not
 * be read as "the file could not be read").
 */
export function onSystemError<T>(e: unknown, fallback: T): T {
  if (errnoCode(e) === undefined) throw e;
  return fallback;
}
