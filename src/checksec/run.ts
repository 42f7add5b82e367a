import { errnoCode } from '../io/errno.js';
import type { Output } from '../io/output.js';
import { statSync } from 'node:fs';
import { isElfFormatError } from '../elf/errors.js';
import { probeElf, fileModeName } from '../elf/probe.js';
import { ChecksecFormatter, type Mode, type OutputFormat } from './format.js';
import { anyPathReadWrite, isSetuid, readListFile, resolveDirArgument, target, walkDirectoryLazily, type Target } from './paths.js';
import { checksecFile, EMPTY_RESULT, type ChecksecResult } from './rules.js';

export interface ChecksecOptions {
  readonly mode: Mode;
  /** The `--file`, `--dir` or `--listfile` argument (`-` reads the list from stdin). */
  readonly arg: Buffer | '-';
  readonly format: OutputFormat;
  readonly extended: boolean;
  /** cli only: colour as 2.6.0 does. */
  readonly color: boolean;
}

/** What checking one path gave: a row, or a one-line error. */
export type Outcome = { readonly ok: true; readonly result: ChecksecResult } | { readonly ok: false; readonly message: string };

/**
 * Checks one path as 2.6.0 does after its own tests (`-e`, `-r`, `file`
 * says ELF): stat first, so directories, FIFOs and devices are never
 * opened; then the ELF magic; a file with the magic but a header too short
 * for readelf gets 2.6.0's all-negative row.
 */
export function checkPath(path: Buffer, display: string, extended: boolean): Outcome {
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      return { ok: false, message: `Error: Not an ELF file: ${display}: ${fileModeName(st.mode)}` };
    }
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') {
      return { ok: false, message: `Error: The file '${display}' does not exist.` };
    }
    if (code === 'EACCES') return { ok: false, message: `Error: No read permissions for '${display}'.` };
    return { ok: false, message: `Error: ${display}: ${code ?? String(e)}` };
  }
  let probe;
  try {
    probe = probeElf(path, display);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, message: `Error: No read permissions for '${display}'.` };
    return { ok: false, message: `Error: ${display}: ${code ?? String(e)}` };
  }
  switch (probe.kind) {
    case 'not-regular':
      return { ok: false, message: `Error: Not an ELF file: ${display}: ${probe.fileType}` };
    case 'not-elf':
      // 2.6.0 prints file(1)'s description after the name; only an archive's is reproduced.
      return { ok: false, message: `Error: Not an ELF file: ${display}${probe.archive === undefined ? '' : `: ${fileArchiveText(probe.archive)}`}` };
    case 'truncated':
      return { ok: true, result: EMPTY_RESULT };
    case 'elf':
      try {
        return { ok: true, result: checksecFile(probe.file, { extended }) };
      } catch (e) {
        if (isElfFormatError(e)) return { ok: false, message: `Error: ${e.describe()}` };
        throw e;
      } finally {
        probe.file.close();
      }
  }
}

/**
 * What file(1) (libmagic's archive rules, Debian 12) says of an archive:
 * checksec.sh 2.6.0 prints it after `Not an ELF file: NAME`. A thin
 * archive's count is the signed big-endian word at offset 68.
 */
function fileArchiveText(a: { readonly magic: 'ar' | 'thin'; readonly word68: number | null }): string {
  if (a.magic === 'ar') return 'current ar archive';
  if (a.word68 === null || a.word68 <= 0) return 'thin archive';
  return `thin archive with ${a.word68} symbol ${a.word68 === 1 ? 'entry' : 'entries'}`;
}

/**
 * A whole `checksec` run: every path gets a row or a one-line error on
 * stderr, one bad file never stops the batch, and the status is 1 when any
 * path (or the list or directory itself) failed, else 0.
 */
export function runChecksec(opts: ChecksecOptions, io: Output): number {
  let status = 0;
  const fail = (line: string) => {
    io.progress?.('');
    io.err(line.endsWith('\n') ? line : line + '\n');
    status = 1;
  };

  let targets: Iterable<Target>;
  let total: number | undefined;
  let container: Target | undefined;
  if (opts.mode === 'file') {
    targets = [target(asBuffer(opts.arg))];
    total = 1;
  } else if (opts.mode === 'listfile') {
    container = target(asBuffer(opts.arg));
    try {
      const list = readListFile(opts.arg);
      targets = list;
      total = list.length;
    } catch (e) {
      fail(`Error: cannot read list file '${container.name.visible}': ${errnoCode(e) ?? String(e)}`);
      return 1;
    }
  } else {
    const arg = asBuffer(opts.arg);
    const dir = resolveDirArgument(arg);
    if (dir === null) {
      fail(`Error: The directory '${target(arg).name.visible}' does not exist.`);
      return 1;
    }
    container = target(dir);
    targets = walkDirectoryLazily(dir, (p) => fail(`Error: ${target(p.path).name.visible}: ${p.message}`));
  }

  const fmt = new ChecksecFormatter({
    format: opts.format,
    mode: opts.mode,
    extended: opts.extended,
    color: opts.color,
    ...(container === undefined ? {} : { container: container.name }),
  });
  // One --file that fails prints only its error in cli/csv, as 2.6.0 does
  // (it checks the file before printing the header).
  const only = opts.mode === 'file' ? (targets as Target[])[0]! : undefined;
  const first = only === undefined ? undefined : checkPath(only.path, only.name.visible, opts.extended);
  if (first !== undefined && !first.ok && (opts.format === 'cli' || opts.format === 'csv')) {
    fail(first.message);
    return status;
  }
  io.out(fmt.begin());
  // a --dir walk is not counted ahead: its rows stream as the walk finds them
  let i = -1;
  for (const t of targets) {
    i++;
    io.progress?.(`[${i + 1}${total === undefined ? '' : `/${total}`}] ${t.name.visible}`);
    const r = i === 0 && first !== undefined ? first : checkPath(t.path, t.name.visible, opts.extended);
    if (!r.ok) {
      // in --dir mode 2.6.0 skips files that are not ELF, silently
      if (opts.mode === 'dir' && r.message.startsWith('Error: Not an ELF file')) continue;
      fail(r.message);
      io.out(fmt.error(t.name, r.message.replace(/^Error: /, '')));
      continue;
    }
    const cli = opts.format === 'cli';
    io.out(
      fmt.row(t.name, r.result, {
        rwRpath: cli && r.result.rpath.present && anyPathReadWrite(r.result.rpath.entries),
        rwRunpath: cli && r.result.runpath.present && anyPathReadWrite(r.result.runpath.entries),
        setuid: cli && isSetuid(t.path),
      }),
    );
  }
  io.progress?.('');
  io.out(fmt.end());
  return status;
}

function asBuffer(arg: Buffer | '-'): Buffer {
  return arg === '-' ? Buffer.from('-') : arg;
}
