import { errnoCode, errnoMessage } from '../io/errno.js';
/**
 * What can go wrong reading /proc: the process is gone (or never was), the
 * kernel refuses (ptrace access, root-only files), or the file is missing
 * on this kernel. Callers turn these into one line each; only the CLI layer
 * chooses exit codes.
 */

export type ProcProblem =
  /** /proc/PID does not exist: no such process (or it exited while being read). */
  | 'no-such-process'
  /** EACCES / EPERM: another user's process, a non-dumpable one, or a root-only file. */
  | 'permission-denied'
  /** The process exists but has no address space: a kernel thread or a zombie (ESRCH from smaps_rollup, auxv). */
  | 'no-address-space'
  /** The file does not exist on this kernel (e.g. smaps_rollup before Linux 4.14). */
  | 'missing'
  /** Any other failure (EIO, a malformed file). */
  | 'unreadable';

export class ProcError extends Error {
  override readonly name = 'ProcError';

  constructor(
    /** The /proc path that failed. */
    readonly path: string,
    readonly problem: ProcProblem,
    /** The errno code, when the failure was a system call's. */
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export function isProcError(e: unknown): e is ProcError {
  return e instanceof ProcError;
}

/** Wraps a failed read of PATH; `pidGone` says whether /proc/PID itself has disappeared. */
export function procErrorFrom(path: string, e: unknown, pidGone: boolean): ProcError {
  const code = errnoCode(e);
  const text = errnoMessage(e);
  if (pidGone) return new ProcError(path, 'no-such-process', code, 'no such process');
  if (code === 'ESRCH') return new ProcError(path, 'no-address-space', code, 'no address space to inspect: a kernel thread or a zombie');
  if (code === 'EACCES' || code === 'EPERM') return new ProcError(path, 'permission-denied', code, `${path}: ${text}`);
  if (code === 'ENOENT') return new ProcError(path, 'missing', code, `${path}: ${text}`);
  return new ProcError(path, 'unreadable', code, `${path}: ${text}`);
}
