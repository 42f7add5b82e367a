/**
 * Walking every process of the system, one at a time: the system-wide
 * commands (who-maps, pss, snapshot, diff --live) read a process, fold what
 * they need into their own totals and drop it before reading the next, so a
 * machine with 100,000 processes costs what its largest process costs.
 *
 * What cannot be read is counted, never thrown: a process that exits while
 * it is read, another user's process the kernel will not show (reading
 * /proc/PID/maps or smaps needs ptrace access: the same user, or root), a
 * kernel thread or a zombie (no address space). The commands print one line
 * per kind, with the first few process ids.
 */
import { isProcError } from '../proc/errors.js';
import { processIds } from '../proc/read.js';

/** How many process ids each kind of problem lists (the count is always exact). */
export const LISTED_PIDS = 10;

export interface ScanSummary {
  /** Process ids found in /proc (elfaudit's own process excluded). */
  seen: number;
  /** Processes read through. */
  read: number;
  /** Kernel threads and zombies: no address space, nothing mapped. */
  noAddressSpace: number;
  /** Processes that exited between being listed and being read. */
  vanished: number;
  /** Processes the kernel did not let this user read (pids: the first LISTED_PIDS). */
  denied: number;
  deniedPids: number[];
  /** Any other failure (EIO, a malformed file): count and the first few with their reason. */
  failed: number;
  failures: { readonly pid: number; readonly reason: string }[];
}

export function emptyScanSummary(): ScanSummary {
  return { seen: 0, read: 0, noAddressSpace: 0, vanished: 0, denied: 0, deniedPids: [], failed: 0, failures: [] };
}

/** What VISIT says of a process it read: 'read', or that it has no address space. */
export type VisitResult = 'read' | 'no-address-space';

/**
 * Calls VISIT for every process in /proc except this one. VISIT reads what
 * it needs and throws ProcError when it cannot; the error is counted in the
 * summary and the walk goes on. Any other exception is a bug and propagates.
 */
export function scanProcesses(visit: (pid: number) => VisitResult, summary: ScanSummary = emptyScanSummary()): ScanSummary {
  for (const pid of processIds()) {
    if (pid === process.pid) continue;
    summary.seen++;
    try {
      if (visit(pid) === 'no-address-space') summary.noAddressSpace++;
      else summary.read++;
    } catch (e) {
      if (!isProcError(e)) throw e;
      countProblem(summary, pid, e.problem, e.message);
    }
  }
  return summary;
}

function countProblem(s: ScanSummary, pid: number, problem: string, reason: string): void {
  switch (problem) {
    case 'no-such-process':
      s.vanished++;
      return;
    case 'no-address-space':
      s.noAddressSpace++;
      return;
    case 'permission-denied':
      if (s.deniedPids.length < LISTED_PIDS) s.deniedPids.push(pid);
      s.denied++;
      return;
    default:
      if (s.failures.length < LISTED_PIDS) s.failures.push({ pid, reason });
      s.failed++;
  }
}

function pidList(pids: readonly number[], count: number): string {
  return `${pids.join(', ')}${count > pids.length ? ', …' : ''}`;
}

const processes = (n: number) => `${n} ${n === 1 ? 'process' : 'processes'}`;

/**
 * The lines that say what the walk could not read (none when it read
 * everything): for stderr, or a report's notes.
 */
export function scanProblemLines(s: ScanSummary): string[] {
  const out: string[] = [];
  if (s.denied > 0) {
    out.push(
      `${processes(s.denied)} not readable by this user (permission denied: pids ${pidList(s.deniedPids, s.denied)}): ` +
        'left out; run as root, or as their owner, to include them',
    );
  }
  if (s.vanished > 0) out.push(`${processes(s.vanished)} exited while being read: left out`);
  for (const f of s.failures) out.push(`pid ${f.pid}: ${f.reason.replace(/[\r\n]/g, ' ')}`);
  if (s.failed > s.failures.length) out.push(`${processes(s.failed - s.failures.length)} more could not be read`);
  return out;
}

/** One line of what was read: `71 processes: 62 read, 9 kernel threads or zombies (nothing mapped)`. */
export function scanCountLine(s: ScanSummary): string {
  const parts = [`${s.read} read`];
  if (s.noAddressSpace > 0) parts.push(`${s.noAddressSpace} kernel ${s.noAddressSpace === 1 ? 'thread or zombie' : 'threads or zombies'} (nothing mapped)`);
  const left = s.denied + s.vanished + s.failed;
  if (left > 0) parts.push(`${left} left out`);
  return `${processes(s.seen)} (elfaudit's own not counted): ${parts.join(', ')}`;
}

/** The summary as JSON (`skipped` in every system-wide report). */
export function scanJson(s: ScanSummary): Record<string, unknown> {
  return {
    seen: s.seen,
    read: s.read,
    noAddressSpace: s.noAddressSpace,
    vanished: s.vanished,
    permissionDenied: { count: s.denied, pids: s.deniedPids },
    failed: { count: s.failed, failures: s.failures },
  };
}
