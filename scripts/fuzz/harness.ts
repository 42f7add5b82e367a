// scripts/fuzz/harness.ts - runs every elfaudit subcommand that reads files
// over a batch of paths, in-process, and reports what went wrong.
//
// The commands come in as an `api` object (test/fuzz.test.ts passes the
// TypeScript sources, scripts/fuzz/fuzz.ts the built dist/), so the same
// checks run in `npm test` and `npm run fuzz`:
//
//   { readelfMain, CaptureSink, checksecMain, CaptureOutput, auditMain,
//     memoryMain, diffMain, parseElf, isElfFormatError,
//     probeElf, loaderDynamicSymbols, extra? }
//
// `extra` is a list of further commands `{ name, run(paths, io), statuses?,
// lines? }` (a command added later joins with one entry there; `lines:
// false` skips the check that each stderr line names a file of the batch,
// for commands that also print summaries). `baselineExtra` makes the entry
// for `baseline create` over the batch's directory.
//
// What counts as a problem:
//   library  anything but ElfFormatError thrown by the reader's accessors
//   throw    a command's in-process entry point threw (the CLI would have
//            printed a stack trace and died)
//   trace    a stack trace or a JavaScript error name in a command's output
//   line     a command's error line that names no file of the batch
//   status   an exit status outside the command's documented set

import { errnoCode } from '../../src/io/errno.js';

/** What the harness calls: the in-process entry points of src/cli (or dist/cli) and the reader. */
export interface HarnessApi {
  readelfMain(args: readonly string[], sink: ReadelfCapture): number;
  CaptureSink: new () => ReadelfCapture;
  checksecMain(args: readonly string[], io: Capture): number;
  CaptureOutput: new () => Capture;
  auditMain(args: readonly string[], io: Capture): number;
  memoryMain(args: readonly string[], io: Capture): number;
  diffMain(args: readonly string[], io: Capture): number;
  parseElf(bytes: Buffer, name?: string): ElfFileApi;
  isElfFormatError(e: unknown): boolean;
  probeElf?(path: string, name: string): { kind: string; file?: { close(): void } };
  loaderDynamicSymbols?(file: ElfFileApi): unknown;
  /** Further commands, run like audit and memory (baselineExtra makes one). */
  extra?: readonly Extra[];
}

/** src/readelf/sink.ts's CaptureSink: byte strings in, buffers out. */
export interface ReadelfCapture {
  out(text: string): void;
  err(text: string): void;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** src/io/output.ts's CaptureOutput. */
export interface Capture {
  out(data: string | Buffer): void;
  err(text: string): void;
  readonly stdout: string;
  readonly stderr: string;
}

/** The accessors of the reader's ElfFile that exerciseLibrary calls. */
export interface ElfFileApi {
  readonly header: { readonly entry: bigint };
  readonly counts: unknown;
  readonly programHeaders: unknown;
  readonly sectionHeaders: readonly unknown[];
  sectionName(s: never): unknown;
  sectionData(s: never): unknown;
  readonly dynamic: unknown;
  interpreterBytes(): unknown;
  readonly isPie: unknown;
  staticSymbols(): unknown;
  dynamicSymbols(): unknown;
  dynamicString(offset: bigint): unknown;
  notes(): unknown;
  gnuProperties(): unknown;
  dynamicRelocations(): unknown;
  vaddrToOffset(vaddr: bigint): unknown;
}

/** A command for runBatch's `extra`: `lines: false` skips the check that each stderr line names a file. */
export interface Extra {
  readonly name: string;
  run(paths: readonly string[], io: Capture): number;
  readonly statuses?: readonly number[];
  readonly lines?: boolean;
}

/** A problem found: which command, which file (or '' for the batch), what went wrong. */
export interface Problem {
  readonly target: string;
  readonly file: string;
  readonly error: string;
}

/** runBatch's options (see there). */
export interface BatchOptions {
  readonly list?: string;
  writeList?(file: string, text: string): void;
  readBytes?(path: string): Buffer;
  readonly library?: boolean;
  readonly flagSets?: readonly (readonly string[])[];
}

/** readelf flag sets run over each batch: every view, alone and together. */
export const READELF_FLAG_SETS: readonly (readonly string[])[] = [
  ['-l'],
  ['-lW'],
  ['-h'],
  ['-S'],
  ['-SW'],
  ['-d'],
  ['-n'],
  ['--dyn-syms'],
  ['--dyn-syms', '-W'],
  ['-u'],
  ['-h', '-l', '-S', '-d', '-n', '--dyn-syms', '-u', '-W'],
];

const TRACE = /(?:^|\n)\s+at .*(?:\(|\s)[^\s()]+:\d+:\d+\)?|\b(?:TypeError|RangeError|ReferenceError|SyntaxError|InternalError|AssertionError)\b|Maximum call stack|Cannot read propert|is not a function|undefined is not|Invalid array length|Array buffer allocation failed/;

/** The messages of the reader's ElfFormatError (src/elf), which readelf prints after the file's name. */
const READER_ERROR = /extends past the end of the file|short read of|refusing to read|entry size \d+ is too small|truncated ELF|not an ELF file: wrong magic bytes/;

/** The first lines of an error's stack, for a report. */
function brief(e: unknown): string {
  const s = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return s.split('\n').slice(0, 4).join(' | ');
}

/**
 * Every accessor of the reader's ElfFile on `bytes`: each may fail only
 * with ElfFormatError. Returns a problem string or null.
 */
export function exerciseLibrary(api: HarnessApi, bytes: Buffer, name: string): string | null {
  let f: ElfFileApi;
  try {
    f = api.parseElf(bytes, name);
  } catch (e) {
    return api.isElfFormatError(e) ? null : brief(e);
  }
  const steps = [
    () => f.counts,
    () => f.programHeaders,
    () => f.sectionHeaders,
    () => {
      for (const s of f.sectionHeaders) {
        f.sectionName(s as never);
        try {
          f.sectionData(s as never);
        } catch (e) {
          if (!api.isElfFormatError(e)) throw e;
        }
      }
    },
    () => f.dynamic,
    () => f.interpreterBytes(),
    () => f.isPie,
    () => f.staticSymbols(),
    () => f.dynamicSymbols(),
    () => f.dynamicString(1n),
    () => f.notes(),
    () => f.gnuProperties(),
    () => f.dynamicRelocations(),
    () => f.vaddrToOffset(f.header.entry),
    () => api.loaderDynamicSymbols?.(f),
  ];
  for (const step of steps) {
    try {
      step();
    } catch (e) {
      if (!api.isElfFormatError(e)) return brief(e);
    }
  }
  return null;
}

/** Runs `fn(paths)` over the batch; when it throws, finds the files that make it throw. */
type Blamed<T> = { ok: true; value: T } | { ok: false; culprits: { file: string; error: string }[] };

function blame<T>(paths: readonly string[], fn: (paths: readonly string[]) => T): Blamed<T> {
  try {
    return { ok: true, value: fn(paths) };
  } catch (e) {
    const culprits: { file: string; error: string }[] = [];
    if (paths.length > 1) {
      for (const p of paths) {
        try {
          fn([p]);
        } catch (e1) {
          culprits.push({ file: p, error: brief(e1) });
        }
      }
    }
    if (culprits.length === 0) culprits.push({ file: paths.join(' '), error: brief(e) });
    return { ok: false, culprits };
  }
}

/** The lines of a stream that are not empty. */
const linesOf = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/**
 * Runs everything over `paths` (files written by the caller). Options:
 * `list` (a file to write checksec's list into), `library` (also run
 * exerciseLibrary on each file's bytes, read by `readBytes(path)`),
 * `flagSets` (default READELF_FLAG_SETS). Returns the problems found:
 * `{ target, file, error }`.
 */
export function runBatch(
  api: HarnessApi,
  paths: readonly string[],
  { list, readBytes, library = true, flagSets = READELF_FLAG_SETS, writeList }: BatchOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const names = new Set(paths);
  const namesAny = (line: string): boolean => [...names].some((p) => line.includes(p));
  const push = (target: string, file: string, error: string): number => problems.push({ target, file, error });

  if (library && readBytes !== undefined) {
    for (const p of paths) {
      const err = exerciseLibrary(api, readBytes(p), p);
      if (err !== null) push('library', p, err);
      try {
        const probe = api.probeElf?.(p, p);
        if (probe?.kind === 'elf') probe.file?.close();
      } catch (e) {
        if (!api.isElfFormatError(e) && errnoCode(e) === undefined) push('probeElf', p, brief(e));
      }
    }
  }

  // readelf: one batch per flag set, as a CI job would run it.
  for (const flags of flagSets) {
    const label = `readelf ${flags.join(' ')}`;
    const r = blame(paths, (ps) => {
      const sink = new api.CaptureSink();
      const status = api.readelfMain([...flags, ...ps], sink);
      return { status, out: sink.stdout.toString('latin1'), err: sink.stderr.toString('latin1') };
    });
    if (!r.ok) {
      for (const c of r.culprits) push(label, c.file, `threw: ${c.error}`);
      continue;
    }
    const { status, out, err } = r.value;
    if (status !== 0 && status !== 1) push(label, '', `exit status ${status}`);
    if (TRACE.test(out) || TRACE.test(err)) push(label, '', `stack trace or JS error in output: ${(err.match(TRACE) ?? out.match(TRACE))?.[0]}`);
    for (const l of linesOf(err)) {
      if (!/^readelf: (Error|Warning): /.test(l)) push(label, '', `stderr line not in GNU's form: ${l}`);
      // an error the reader raised (processFile's catch) must name its file
      else if (READER_ERROR.test(l) && !namesAny(l)) push(label, '', `error names no file: ${l}`);
    }
  }

  // checksec: a --listfile run, the way a CI job feeds it a tree.
  if (list !== undefined && writeList !== undefined) {
    writeList(list, paths.join('\n') + '\n');
    for (const args of [['--listfile', list, '--output', 'csv', '--extended'], ['--listfile', list, '--output', 'json']]) {
      const label = `checksec ${args.slice(2).join(' ')}`;
      const r = blame([list], () => {
        const io = new api.CaptureOutput();
        return { status: api.checksecMain(args, io), out: io.stdout, err: io.stderr };
      });
      if (!r.ok) {
        // find the file: one --file run each
        for (const p of paths) {
          try {
            api.checksecMain(['--file', p, '--output', 'csv'], new api.CaptureOutput());
          } catch (e) {
            push(label, p, `threw: ${brief(e)}`);
          }
        }
        if (!problems.some((x) => x.target === label)) push(label, list, `threw: ${r.culprits[0]?.error}`);
        continue;
      }
      const { status, out, err } = r.value;
      if (status !== 0 && status !== 1) push(label, '', `exit status ${status}`);
      if (TRACE.test(out) || TRACE.test(err)) push(label, '', `stack trace or JS error in output: ${(err.match(TRACE) ?? out.match(TRACE))?.[0]}`);
      for (const l of linesOf(err)) if (!namesAny(l)) push(label, '', `error names no file: ${l}`);
    }
  }

  // audit, memory: all paths in one run; diff: consecutive pairs.
  const simple: Extra[] = [
    { name: 'audit', run: (ps, io) => api.auditMain([...ps, '--format', 'json'], io), statuses: [0, 1] },
    { name: 'audit text', run: (ps, io) => api.auditMain(ps, io), statuses: [0, 1] },
    { name: 'memory', run: (ps, io) => api.memoryMain(ps, io), statuses: [0, 1] },
    { name: 'memory json', run: (ps, io) => api.memoryMain([...ps, '--format', 'json', '--page-size', '4k,64k'], io), statuses: [0, 1] },
    ...(api.extra ?? []).map((x) => ({ statuses: [0, 1], ...x })),
  ];
  for (const cmd of simple) {
    const r = blame(paths, (ps) => {
      const io = new api.CaptureOutput();
      return { status: cmd.run(ps, io), out: io.stdout, err: io.stderr };
    });
    if (!r.ok) {
      for (const c of r.culprits) push(cmd.name, c.file, `threw: ${c.error}`);
      continue;
    }
    const { status, out, err } = r.value;
    if (!(cmd.statuses ?? [0, 1]).includes(status)) push(cmd.name, '', `exit status ${status}`);
    if (TRACE.test(out) || TRACE.test(err)) push(cmd.name, '', `stack trace or JS error in output: ${(err.match(TRACE) ?? out.match(TRACE))?.[0]}`);
    if (cmd.lines !== false) for (const l of linesOf(err)) if (!namesAny(l)) push(cmd.name, '', `error names no file: ${l}`);
  }
  for (let i = 0; i + 1 < paths.length; i += 2) {
    const pair = [paths[i]!, paths[i + 1]!];
    for (const format of ['text', 'json']) {
      const io = new api.CaptureOutput();
      let status: number;
      try {
        status = api.diffMain([...pair, '--format', format], io);
      } catch (e) {
        push(`diff ${format}`, pair.join(' '), `threw: ${brief(e)}`);
        continue;
      }
      if (status !== 0 && status !== 1) push(`diff ${format}`, pair.join(' '), `exit status ${status}`);
      if (TRACE.test(io.stdout) || TRACE.test(io.stderr)) push(`diff ${format}`, pair.join(' '), 'stack trace or JS error in output');
      for (const l of linesOf(io.stderr)) if (!pair.some((p) => l.includes(p))) push(`diff ${format}`, pair.join(' '), `error names no file: ${l}`);
    }
  }
  return problems;
}

/**
 * `baseline create DIR` over the directory that holds the batch, for
 * runBatch's `extra`: it analyses every file there (exit 2, its status when
 * some file cannot be read, is expected with mutants; `baseline check`
 * needs a baseline, which create refuses to write then). `baselineMain`
 * is src/cli/baseline's.
 */
export function baselineExtra(baselineMain: (args: readonly string[], io: Capture) => number, dir: string, baselineFile: string): Extra[] {
  return [{ name: 'baseline create', run: (_ps, io) => baselineMain(['create', dir, '-o', baselineFile], io), statuses: [0, 2], lines: false }];
}
