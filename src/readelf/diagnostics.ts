import type { ReadelfSink } from './sink.js';

/**
 * Where readelf.c's loaders and printers report GNU's error() and warn()
 * (binutils/elfcomm.c), in the order GNU calls them. The loaders never
 * print: a readelf run hands them SinkDiagnostics, which writes each line
 * to its sink at once, so the lines interleave with stdout as GNU's do;
 * checksec, which only needs the tables GNU would have loaded, hands them
 * SILENT; DiagnosticLog keeps them, in order, to look at or replay later.
 */
export interface Diagnostics {
  error(message: string): void;
  warn(message: string): void;
}

/** GNU's messages with readelf's program name, written to a sink as they come. */
export class SinkDiagnostics implements Diagnostics {
  constructor(private readonly sink: ReadelfSink) {}
  error(message: string): void {
    this.sink.err(`readelf: Error: ${message}\n`);
  }
  warn(message: string): void {
    this.sink.err(`readelf: Warning: ${message}\n`);
  }
}

/** Drops every message: for loading a file the way readelf does without showing anything. */
export const SILENT: Diagnostics = Object.freeze({
  error(): void {},
  warn(): void {},
});

/** One diagnostic as the loaders raised it. */
export interface DiagnosticEvent {
  readonly level: 'error' | 'warn';
  readonly message: string;
}

/** Records the diagnostics in order; replay() hands them on, in the same order. */
export class DiagnosticLog implements Diagnostics {
  readonly events: DiagnosticEvent[] = [];
  error(message: string): void {
    this.events.push({ level: 'error', message });
  }
  warn(message: string): void {
    this.events.push({ level: 'warn', message });
  }
  replay(to: Diagnostics): void {
    for (const e of this.events) to[e.level](e.message);
  }
}
