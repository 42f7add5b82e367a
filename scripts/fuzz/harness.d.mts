// Types for harness.mjs (used by the TypeScript tests). The api's commands
// are the in-process entry points of src/cli (or dist/cli).
export interface Problem {
  readonly target: string;
  readonly file: string;
  readonly error: string;
}
export interface Io {
  stdout: string;
  stderr: string;
  out(text: string): void;
  err(text: string): void;
}
export interface HarnessApi {
  readelfMain(args: readonly string[], sink: never): number;
  CaptureSink: new () => { out(t: string): void; err(t: string): void; readonly stdout: Buffer; readonly stderr: Buffer };
  checksecMain(args: readonly string[], io: never): number;
  CaptureIO: new () => Io;
  auditMain(args: readonly string[], io: never): number;
  memoryMain(args: readonly string[], io: never): number;
  diffMain(args: readonly string[], io: never): number;
  CaptureIo: new () => Io;
  parseElf(bytes: Buffer, name?: string): unknown;
  isElfFormatError(e: unknown): boolean;
  probeElf?(path: string, name: string): unknown;
  loaderDynamicSymbols?(file: never): unknown;
  extra?: readonly Extra[];
}
export interface Extra {
  readonly name: string;
  run(paths: readonly string[], io: Io): number;
  readonly statuses?: readonly number[];
  readonly lines?: boolean;
}
export function baselineExtra(baselineMain: (args: readonly string[], io: never) => number, dir: string, baselineFile: string): Extra[];
export const READELF_FLAG_SETS: readonly (readonly string[])[];
export function exerciseLibrary(api: HarnessApi, bytes: Buffer, name: string): string | null;
export function runBatch(
  api: HarnessApi,
  paths: readonly string[],
  opts?: {
    list?: string;
    writeList?(file: string, text: string): void;
    readBytes?(path: string): Buffer;
    library?: boolean;
    flagSets?: readonly (readonly string[])[];
  },
): Problem[];
