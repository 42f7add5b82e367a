import { visibleLines } from '../io/escape.js';
import { visibleControls } from '../io/escape.js';
import { errnoMessage } from '../io/errno.js';
import { readFileSync } from 'node:fs';
import { openOutputFile, writeOutputFile, type OutputFile } from '../io/output-file.js';
import { Command, CommanderError, Option } from 'commander';
import { checkTrees, GateError, recordTrees, type GateResult } from '../gate/check.js';
import { BaselineWriter, type Baseline } from '../gate/baseline.js';
import { BaselineFile, BaselineFileError } from '../gate/baseline-file.js';
import { DEFAULT_PAGE_SIZES } from '../memory/model.js';
import { formatCodeQuality, formatJunit, gateFindings } from '../gate/ci-reports.js';
import { formatGateGithub } from '../gate/github.js';
import { MergeError, mergeShards, parseShard } from '../gate/shard.js';
import { InputError, type Json } from '../gate/json-input.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../gate/policy.js';
import { formatGateJson, formatGateMarkdown, formatGateText } from '../gate/report.js';
import { formatGateSarif } from '../gate/sarif.js';
import { formatGateHtml } from '../gate/html.js';
import { processOutput, type Output } from '../io/output.js';
import { processProgress, withProgress } from '../io/progress.js';
import { internalErrorLine } from './internal-error.js';

/**
 * `elfaudit baseline create|check`: the CI gate's commander wiring.
 *
 * Exit status: create 0 when the baseline was written; check 0 when no
 * finding violates the policy, 1 when one does (0 with --report-only);
 * both 2 on an error — bad arguments, a missing or corrupt baseline or
 * policy, a directory that is not one, anything under the trees that
 * cannot be read — each with one line on stderr naming what is wrong.
 */

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github', 'junit', 'codequality', 'html'] as const;
export type GateFormat = (typeof FORMATS)[number];

const PREFIX = 'elfaudit baseline';

export class UsageError extends Error {}

/** Reads and parses a JSON document that a user names; every failure is one UsageError line. */
export function readJson(what: string, file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what} ${file}: cannot read: ${errnoMessage(e)}`);
  }
  if (text.trim() === '') throw new UsageError(`${what} ${file}: empty file, not JSON`);
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new UsageError(`${what} ${file}: not valid JSON: ${(e as Error).message}`);
  }
}

/** A whole baseline file in memory (BaselineFile read to its end); every failure is one UsageError line. */
export function loadBaseline(file: string): Baseline {
  const b = openBaseline(file);
  try {
    const files = Array.from(b.records());
    return { ...b.header, files };
  } catch (e) {
    throw e instanceof BaselineFileError ? new UsageError(e.message) : e;
  } finally {
    b.close();
  }
}

/** Opens a baseline file to read a record at a time (src/gate/baseline-file.ts); a failure to open or read its header is one UsageError line. */
function openBaseline(file: string): BaselineFile {
  try {
    return BaselineFile.open(file);
  } catch (e) {
    throw e instanceof BaselineFileError ? new UsageError(e.message) : e;
  }
}

export function loadPolicy(file: string | undefined): Policy {
  if (file === undefined) return DEFAULT_POLICY;
  const doc = readJson('policy', file);
  try {
    return parsePolicy(doc, file);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(`policy ${file}: ${e.message}`);
    throw e;
  }
}

/** One line per unreadable path, and a total when there are several. */
function gateErrorLines(prefix: string, e: GateError): string[] {
  const lines = e.problems.map((p) => `${prefix}: ${visibleControls(p.path)}: ${visibleControls(p.message)}`);
  if (lines.length !== 1) lines.push(`${prefix}: ${visibleControls(e.message)}`);
  return lines;
}

function render(format: GateFormat, r: GateResult, repoRoot: string): string {
  switch (format) {
    case 'json':
      return formatGateJson(r);
    case 'markdown':
      return formatGateMarkdown(r);
    case 'sarif':
      return formatGateSarif(r, repoRoot);
    case 'github':
      return formatGateGithub(r, repoRoot);
    case 'html':
      return formatGateHtml(r);
    case 'junit':
      return formatJunit(gateFindings(r, repoRoot));
    case 'codequality':
      return formatCodeQuality(gateFindings(r, repoRoot));
    case 'text':
      return formatGateText(r);
  }
}

interface CreateFlags {
  output: string;
  policy?: string;
  shard?: string;
}

export function runCreate(dirs: readonly string[], flags: CreateFlags, io: Output): number {
  let out: OutputFile | undefined;
  try {
    const policy = loadPolicy(flags.policy);
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (flags.shard !== undefined && shard === undefined) throw new UsageError(`--shard ${flags.shard}: not I/N with 1 <= I <= N`);
    // streamed: each record is written as the walk reads its file, and none is kept
    const target = openBaselineTarget(flags.output, io);
    out = target;
    const writer = new BaselineWriter((t) => target.write(t), dirs, DEFAULT_PAGE_SIZES);
    const progress = io.progress === undefined ? undefined : (t: string) => io.progress!(visibleControls(t));
    const { files, skipped, excluded } = recordTrees(dirs, { policy, ...(shard && { shard }), ...(progress && { progress }), stop: () => io.closed === true }, (r) => writer.file(r));
    if (io.closed === true) return 0;
    writer.end();
    target.commit();
    out = undefined;
    const where = flags.output === '-' ? 'standard output' : flags.output;
    const extra = excluded > 0 ? `, ${excluded} excluded by the policy` : '';
    io.err(`${PREFIX} create: ${visibleControls(where)}: ${files} ELF file${files === 1 ? '' : 's'} recorded under ${dirs.map((d) => visibleControls(d)).join(', ')} (${skipped} other file${skipped === 1 ? '' : 's'} skipped${extra})\n`);
    return 0;
  } catch (e) {
    out?.abort();
    if (e instanceof UsageError) io.err(`${PREFIX} create: ${visibleControls(e.message)}\n`);
    else if (e instanceof GateError) io.err(gateErrorLines(`${PREFIX} create`, e).join('\n') + '\n');
    else io.err(internalErrorLine(`${PREFIX} create`, e));
    return 2;
  }
}

/**
 * Where a baseline is written as it is made: standard output for `-`, else
 * the shared output writer (src/io/output-file.ts: a regular file appears
 * only when complete, so an error leaves the old one in place).
 */
function openBaselineTarget(file: string, io: Output): OutputFile {
  if (file === '-') return { write: (t) => io.out(t), commit: () => {}, abort: () => {} };
  const cannot = (e: unknown) => new UsageError(`cannot write ${file}: ${errnoMessage(e)}`);
  let f: OutputFile;
  try {
    f = openOutputFile(file);
  } catch (e) {
    throw cannot(e);
  }
  return {
    write: (t) => {
      try {
        f.write(t);
      } catch (e) {
        throw cannot(e);
      }
    },
    commit: () => {
      try {
        f.commit();
      } catch (e) {
        throw cannot(e);
      }
    },
    abort: () => f.abort(),
  };
}

interface MergeFlags {
  output: string;
}

/**
 * `baseline merge`: the shard baselines of one sharded run, as the one
 * baseline an unsharded run writes — merged as sorted lists, a record of
 * each shard at a time, each record written as it comes (as `create` does).
 */
export function runMerge(files: readonly string[], flags: MergeFlags, io: Output): number {
  const shards: BaselineFile[] = [];
  let out: OutputFile | undefined;
  try {
    for (const f of files) shards.push(openBaseline(f));
    const first = shards[0]!;
    const target = openBaselineTarget(flags.output, io);
    out = target;
    const writer = new BaselineWriter((t) => target.write(t), first.header.roots, first.header.pageSizes);
    const merged = mergeShards(shards, (r) => {
      if (io.closed !== true) writer.file(r);
    });
    if (io.closed === true) return 0;
    writer.end();
    target.commit();
    out = undefined;
    const where = flags.output === '-' ? 'standard output' : flags.output;
    io.err(`${PREFIX} merge: ${visibleControls(where)}: ${merged} ELF file${merged === 1 ? '' : 's'} from ${files.length} baseline${files.length === 1 ? '' : 's'}\n`);
    return 0;
  } catch (e) {
    out?.abort();
    if (e instanceof UsageError || e instanceof MergeError || e instanceof BaselineFileError) io.err(`${PREFIX} merge: ${visibleControls(e.message)}\n`);
    else io.err(internalErrorLine(`${PREFIX} merge`, e));
    return 2;
  } finally {
    for (const b of shards) b.close();
  }
}

interface CheckFlags {
  baseline: string;
  policy?: string;
  format: GateFormat;
  reportOnly?: boolean;
  report: string[];
  repoRoot: string;
}

function parseReports(specs: readonly string[]): { format: GateFormat; file: string }[] {
  return specs.map((s) => {
    const eq = s.indexOf('=');
    const format = s.slice(0, eq);
    const file = s.slice(eq + 1);
    if (eq < 0 || !(FORMATS as readonly string[]).includes(format) || file === '') {
      throw new UsageError(`--report ${s}: expected FORMAT=FILE with FORMAT one of ${FORMATS.join(', ')}`);
    }
    return { format: format as GateFormat, file };
  });
}

export function runCheck(dirs: readonly string[], flags: CheckFlags, io: Output): number {
  try {
    const reports = parseReports(flags.report);
    const policy = loadPolicy(flags.policy);
    // read a record at a time beside the walk (src/gate/check.ts): an unchanged tree never holds the baseline
    const baseline = openBaseline(flags.baseline);
    const progress = io.progress === undefined ? {} : { progress: (t: string) => io.progress!(visibleControls(t)) };
    let result: GateResult;
    try {
      result = checkTrees(dirs, { tool: baseline.header.tool, roots: baseline.header.roots, records: () => baseline.records() }, { baselineSource: flags.baseline, policy, ...progress });
    } finally {
      baseline.close();
    }
    io.out(render(flags.format, result, flags.repoRoot));
    for (const r of reports) {
      try {
        writeOutputFile(r.file, render(r.format, result, flags.repoRoot));
      } catch (e) {
        throw new UsageError(`--report ${r.format}=${r.file}: cannot write: ${errnoMessage(e)}`);
      }
    }
    return result.pass || flags.reportOnly === true ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError || e instanceof BaselineFileError) io.err(`${PREFIX} check: ${visibleControls(e.message)}\n`);
    else if (e instanceof GateError) io.err(gateErrorLines(`${PREFIX} check`, e).join('\n') + '\n');
    else io.err(internalErrorLine(`${PREFIX} check`, e));
    return 2;
  }
}

/** The `baseline` command. EXIT is how a usage error ends (commander's own errors map to 2). */
export function baselineCommand(io: () => Output, done: (status: number) => void, exit: (err: CommanderError) => never): Command {
  const create = new Command('create')
    .description('record every ELF file under the directories (hash, identity, program headers, checksec and audit verdicts, page costs) as a versioned JSON baseline')
    .argument('<dirs...>', 'build trees (paths in the baseline are relative to each)')
    .requiredOption('-o, --output <file>', 'where to write the baseline (- for standard output)')
    .option('--policy <file>', "a policy whose path-only ignore entries keep files out of the baseline")
    .option('--shard <I/N>', 'record only the I-th of N deterministic shards of the files (join them with baseline merge)')
    .action((dirs: string[], flags: CreateFlags) => done(runCreate(dirs, flags, io())));
  const merge = new Command('merge')
    .description('join the shard baselines of one sharded baseline create into the baseline one run writes')
    .argument('<baselines...>', 'the shard baselines (from baseline create --shard I/N)')
    .requiredOption('-o, --output <file>', 'where to write the baseline (- for standard output)')
    .action((files: string[], flags: MergeFlags) => done(runMerge(files, flags, io())));
  const check = new Command('check')
    .description('compare the directories with a baseline under a policy: exit 0 when nothing violates it, 1 when something does, 2 on an error')
    .argument('<dirs...>', 'build trees, in the order the baseline recorded them')
    .requiredOption('-b, --baseline <file>', 'the baseline (from baseline create)')
    .option('--policy <file>', 'policy file (JSON schema 1); default: every hardening loss, segment change and any page of growth at 4 KiB fails')
    .addOption(new Option('--format <format>', 'report on standard output').choices(FORMATS).default('text'))
    .option('--report <format=file>', 'also write a report to a file (repeatable), e.g. sarif=elfaudit.sarif', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--report-only', 'report, but exit 0 even when the policy is violated (errors still exit 2)')
    .option('--repo-root <dir>', 'SARIF URIs and annotation paths are relative to this directory', '.')
    .action((dirs: string[], flags: CheckFlags) => done(runCheck(dirs, flags, io())));
  const baseline = new Command('baseline')
    .description('the CI gate: record build trees as a baseline, then check later builds against it under a policy')
    .addCommand(create)
    .addCommand(check)
    .addCommand(merge);
  for (const c of [baseline, create, check, merge]) {
    c.exitOverride(exit).configureOutput({ writeOut: (s) => io().out(s), writeErr: (s) => io().err(visibleLines(s)) });
  }
  return baseline;
}

/** commander's exit code for its own errors: 0 for help and version, 2 for usage errors. */
export function usageExitCode(err: CommanderError): number {
  return err.exitCode === 0 ? 0 : 2;
}

/** Runs `baseline ARGS` in-process (tests); returns the exit status. */
export function baselineMain(args: readonly string[], io: Output): number {
  let status = 0;
  const cmd = baselineCommand(
    () => io,
    (s) => {
      status = s;
    },
    (err) => {
      throw err;
    },
  );
  try {
    cmd.parse(args as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return usageExitCode(e);
    throw e;
  }
  return status;
}

export function baselineCliCommand(): Command {
  // a progress line on a terminal's stderr while the trees are read (src/io/progress.ts)
  const output = withProgress(processOutput, processProgress());
  return baselineCommand(
    () => output,
    (status) => {
      process.exitCode = status;
    },
    (err) => process.exit(usageExitCode(err)),
  );
}
