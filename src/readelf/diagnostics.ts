import type { ReadelfSink } from './sink.js';

/** GNU's error()/warn() from binutils/elfcomm.c, with readelf's program name. */
export class Diagnostics {
  constructor(private readonly sink: ReadelfSink) {}
  error(message: string): void {
    this.sink.err(`readelf: Error: ${message}\n`);
  }
  warn(message: string): void {
    this.sink.err(`readelf: Warning: ${message}\n`);
  }
}
