/**
 * Seeded mutants of the samples (scripts/fuzz/mutate.ts: truncations at
 * header boundaries, byte flips in the first 4 KiB, counts, offsets, sizes
 * and name indices set to edge values) through every subcommand that reads
 * files, in-process (scripts/fuzz/harness.ts): only ElfFormatError may
 * escape the reader, no command may throw or print a stack trace, and every
 * error line names its file. The CI-sized run is here; `npm run fuzz`
 * (scripts/fuzz/fuzz.ts) runs tens of thousands in child processes that
 * are timed and measured. Mutants are made at test time, never committed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layout, loadSeeds, mutant } from '../scripts/fuzz/mutate.js';
import { baselineExtra, exerciseLibrary, runBatch, type HarnessApi } from '../scripts/fuzz/harness.js';
import { auditMain } from '../src/cli/audit.js';
import { CaptureOutput } from '../src/io/output.js';
import { checksecMain } from '../src/cli/checksec.js';
import { diffMain } from '../src/cli/diff.js';
import { memoryMain } from '../src/cli/memory.js';
import { readelfMain } from '../src/cli/readelf.js';
import { loaderDynamicSymbols } from '../src/elf/dynsym.js';
import { isElfFormatError, parseElf } from '../src/elf/index.js';
import { probeElf } from '../src/elf/probe.js';
import { CaptureSink } from '../src/readelf/sink.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const api: { -readonly [K in keyof HarnessApi]: HarnessApi[K] } = {
  readelfMain,
  CaptureSink,
  checksecMain,
  CaptureOutput,
  auditMain,
  memoryMain,
  diffMain,
  parseElf,
  isElfFormatError,
  probeElf,
  loaderDynamicSymbols,
};

/** Mutants in the CI run (FUZZ_MUTANTS overrides), in batches of BATCH. */
const COUNT = Number(process.env.FUZZ_MUTANTS ?? 500);
const BATCH = 250;
const SEED = 1;
/** The CI run's readelf flag sets: every view, wide and not (npm run fuzz runs each view alone too). */
const FLAG_SETS = [['-lW'], ['-h', '-l', '-S', '-d', '-n', '--dyn-syms', '-u'], ['-S', '--dyn-syms', '-W']];

const seeds = loadSeeds();
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-fuzz-test-'));
const baselineFile = `${dir}.baseline.json`;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(baselineFile, { force: true });
});

// baseline (the CI gate) joins the run when the tree has it.
const baselineModule = './../src/cli/baseline.js';
const baseline = (await import(/* @vite-ignore */ baselineModule).catch(() => undefined)) as
  | { baselineMain?: Parameters<typeof baselineExtra>[0] }
  | undefined;
if (baseline?.baselineMain !== undefined) api.extra = baselineExtra(baseline.baselineMain, dir, baselineFile);

describe('the mutator', () => {
  it('has seeds from every sample family', () => {
    expect(seeds.length).toBeGreaterThan(100);
    for (const family of ['x86_64.', 'arm.', 'mips.', 'ppc64.', 'crafted.', 'checksec.']) {
      expect(seeds.some((s) => s.name.startsWith(family))).toBe(true);
    }
  });

  it('is deterministic: mutant N of run S is the same every time, and depends on S', () => {
    const a = mutant(seeds, SEED, 42);
    const b = mutant(seeds, SEED, 42);
    expect(b.what).toBe(a.what);
    expect(b.bytes.equals(a.bytes)).toBe(true);
    const others = [0, 1, 2, 3, 4].map((i) => (mutant(seeds, SEED + 1, i)).what);
    const ours = [0, 1, 2, 3, 4].map((i) => (mutant(seeds, SEED, i)).what);
    expect(others).not.toEqual(ours);
  });

  it('finds the header fields and boundaries of a sample on its own', () => {
    const bytes = readFileSync('samples/x86_64/hello-pie');
    const { fields, cuts } = layout(bytes);
    const labels = fields.map((f) => f.label);
    for (const l of ['e_phnum', 'e_shnum', 'e_shstrndx', 'phdr[0].p_filesz', 'shdr[1].sh_name', 'shdr[30].sh_size']) {
      expect(labels).toContain(l);
    }
    expect(labels.some((l) => l.endsWith('.d_val'))).toBe(true);
    expect(labels.some((l) => l.endsWith('.namesz'))).toBe(true);
    expect(labels.some((l) => l.endsWith('.gnu_nbuckets'))).toBe(true);
    // e_ident, the ELF header, the program header table and the section header table
    for (const c of [16, 64, 64 + 56, bytes.readUInt32LE(0x28)]) expect(cuts).toContain(c);
  });

  it('makes every kind of mutant, with edge values', () => {
    const whats = Array.from({ length: COUNT }, (_, i) => (mutant(seeds, SEED, i)).what).join('\n');
    for (const kind of ['trunc@', 'flip ', 'e_phnum=', 'e_shoff=', '.sh_size=', '.sh_name=', '.p_offset=']) expect(whats).toContain(kind);
    for (const value of ['=0x0', '=0x1', '=0xffff', '=0x7fffffff', '=0xffffffff']) expect(whats).toContain(value);
  });
});

describe(`${COUNT} seeded mutants through every command (run seed ${SEED})`, () => {
  for (let from = 0; from < COUNT; from += BATCH) {
    const count = Math.min(BATCH, COUNT - from);
    // Heavy: hundreds of mutants through every command, each in-process.
    it(`mutants ${from}..${from + count - 1}: no crash, no stack trace, every error names its file`, () => {
      const recipes = new Map<string, string>();
      const paths: string[] = [];
      for (let i = from; i < from + count; i++) {
        const m = mutant(seeds, SEED, i);
        const p = join(dir, m.name);
        writeFileSync(p, m.bytes);
        paths.push(p);
        recipes.set(p, `mutant ${i} (${m.what})`);
      }
      const problems = runBatch(api, paths, {
        list: join(dir, `list-${from}.txt`),
        writeList: (f: string, text: string) => writeFileSync(f, text),
        readBytes: (p: string) => readFileSync(p),
        flagSets: FLAG_SETS,
      });
      const explain = (p: (typeof problems)[number]) => {
        const who = [...recipes.keys()].filter((f) => `${p.file} ${p.error}`.includes(f)).map((f) => recipes.get(f));
        return `${p.target}: ${p.error}${who.length ? ` [${who.join('; ')}]` : ''}`;
      };
      expect(problems.map(explain)).toEqual([]);
    }, HEAVY_TIMEOUT);
  }

  it('the library check itself reports a non-ElfFormatError (the harness is not blind)', () => {
    const broken: HarnessApi = {
      ...api,
      parseElf: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    };
    expect(exerciseLibrary(broken, Buffer.alloc(64), 'x')).toMatch(/TypeError/);
  });
});
