import { stderrWriter } from './fd-writer.js';
import type { Output } from './output.js';

/**
 * A progress line on a terminal's stderr, for commands over many files
 * (`checksec --dir`, `audit DIR`, `memory DIR`, `baseline create|check`):
 * replaced in place (`\r`, erase line), at most ten updates a second (a
 * terminal cannot show more, and writing more costs the batch time), cut
 * to the terminal's width, cleared before any other stderr line and at the
 * end. Only when stderr is a terminal and stdout is not (rows on a
 * terminal are progress enough); nothing at all when piped.
 */

export interface ProgressTarget {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export class TerminalProgress {
  private shown = false;
  private last = 0;

  constructor(
    private readonly target: ProgressTarget,
    private readonly now: () => number = Date.now,
  ) {}

  /** Shows TEXT (an empty string clears the line). */
  show(text: string): void {
    if (text === '') {
      this.clear();
      return;
    }
    const t = this.now();
    if (this.shown && t - this.last < 100) return;
    this.last = t;
    const cols = (this.target.columns ?? 0) > 1 ? this.target.columns! : 80;
    const line = text.length >= cols ? text.slice(0, cols - 1) : text;
    this.target.write(`\r\x1b[K${line}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.target.write('\r\x1b[K');
    this.shown = false;
  }
}

/** A progress line for this process, or undefined when stderr is not a terminal or stdout is one. */
export function processProgress(): TerminalProgress | undefined {
  if (process.stderr.isTTY !== true || process.stdout.isTTY === true) return undefined;
  return new TerminalProgress({ isTTY: true, columns: process.stderr.columns, write: (s) => stderrWriter.write(s) });
}

/** OUTPUT with a progress line (when P is given): every stderr line clears it first. */
export function withProgress(output: Output, p: TerminalProgress | undefined): Output {
  if (p === undefined) return output;
  return {
    out: (data) => output.out(data),
    err: (text) => {
      p.clear();
      output.err(text);
    },
    get closed() {
      return output.closed === true;
    },
    progress: (text) => p.show(text),
  };
}
