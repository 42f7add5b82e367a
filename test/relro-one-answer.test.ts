/**
 * One RELRO answer per file: `audit`, `diff` and `memory` all read the
 * hardening engine's verdict (src/hardening/relro.ts), and the page-cost
 * model applies PT_GNU_RELRO exactly when that verdict says something does.
 * Before the engine, `diff` had its own rule (a static musl executable was
 * `partial` there and `unknown` in `audit`; an object file `none` there and
 * `n/a` in `audit`), and the audit read the first PT_GNU_RELRO where the
 * model read the last and skipped an empty one. The same comparison runs
 * over the real-binary corpus: scripts/corpus/relro-answers.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditPath } from '../src/audit/index.js';
import { diffLayouts } from '../src/diff/index.js';
import { isElfFormatError } from '../src/elf/index.js';
import type { RelroWord } from '../src/hardening/index.js';
import { memoryReport } from '../src/memory/index.js';

interface Answers {
  readonly audit: string | undefined;
  readonly diff: string | undefined;
  readonly memory: string | undefined;
  /** What the model does with PT_GNU_RELRO at the page sizes where the file loads. */
  readonly model: readonly ('applied' | 'not-applied' | 'none')[];
}

function answers(path: string): Answers {
  const audit = auditPath(Buffer.from(path)).checks?.relro?.verdict;
  let report;
  try {
    report = memoryReport(path);
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return { audit, diff: undefined, memory: undefined, model: [] };
  }
  const d = diffLayouts(report.facts, report.facts, { pageSizes: [4096] });
  const model = report.estimates
    .filter((e) => e.loadable)
    .map((e) => (e.relro.start === undefined ? 'none' : e.relro.applied ? 'applied' : 'not-applied') as Answers['model'][number]);
  for (const e of report.estimates) expect(e.relro.verdict, path).toBe(report.relro.verdict);
  return { audit, diff: d.hardening.relro.new, memory: report.relro.verdict, model: [...new Set(model)] };
}

const ALLOWED: Readonly<Record<RelroWord, readonly string[]>> = {
  full: ['applied'],
  partial: ['applied'],
  none: ['none'],
  unknown: ['not-applied'],
  'n/a': ['not-applied', 'none'],
  error: ['applied', 'not-applied', 'none'],
};

const samples = ['samples/MANIFEST', 'samples/checksec/MANIFEST'].flatMap((m) =>
  readFileSync(m, 'utf8')
    .split('\n')
    .filter((l) => l !== ''),
);

describe('one RELRO answer', () => {
  it('audit, diff and memory give the same RELRO verdict for every sample, and the model protects exactly when it says so', () => {
    const split: string[] = [];
    const seen = new Map<string, number>();
    for (const p of samples) {
      const a = answers(p);
      const verdicts = [...new Set([a.audit, a.diff, a.memory].filter((v) => v !== undefined))];
      const v = verdicts[0] as RelroWord | undefined;
      if (verdicts.length > 1 || (v !== undefined && a.model.some((m) => !ALLOWED[v].includes(m)))) {
        split.push(`${p}: audit ${a.audit}, diff ${a.diff}, memory ${a.memory}, model ${a.model.join('+')}`);
      }
      if (a.diff !== undefined && v !== undefined) seen.set(v, (seen.get(v) ?? 0) + 1);
    }
    expect(split).toEqual([]);
    // every verdict occurs among the files all three read, so the comparison is not vacuous
    expect([...seen.keys()].sort()).toEqual(['full', 'n/a', 'none', 'partial', 'unknown']);
  });

  it('the cases the three used to split on', () => {
    const cases: [string, RelroWord][] = [
      // static, no glibc startup code: nothing applies PT_GNU_RELRO (diff said partial)
      ['samples/checksec/x86_64/static-relro-nolibc', 'unknown'],
      // a separate debug-information file is never loaded (diff said partial, the model applied it)
      ['samples/checksec/x86_64/debug.debug', 'n/a'],
      // a relocatable object: decided when linked (diff said none)
      ['samples/x86_64/hello.o', 'n/a'],
      // a PT_GNU_RELRO of memsz 0 protects nothing (audit and diff said partial, the model none)
      ['samples/crafted/segtypes-generic.elf', 'none'],
    ];
    for (const [p, want] of cases) {
      const a = answers(p);
      expect([a.audit, a.diff, a.memory], p).toEqual([want, want, want]);
    }
    expect(answers('samples/checksec/x86_64/static-relro-nolibc').model).toEqual(['not-applied']);
    expect(answers('samples/checksec/x86_64/debug.debug').model).toEqual(['not-applied']);
  });

  it("diff's NX and PIE are the audit's for every sample", () => {
    const split: string[] = [];
    for (const p of samples) {
      const checks = auditPath(Buffer.from(p)).checks;
      let report;
      try {
        report = memoryReport(p, { pageSizes: [4096] });
      } catch (e) {
        if (!isElfFormatError(e)) throw e;
        continue;
      }
      const d = diffLayouts(report.facts, report.facts, { pageSizes: [4096] });
      for (const id of ['nx', 'pie'] as const) {
        if (checks?.[id] !== undefined && checks[id].verdict !== d.hardening[id].new) split.push(`${p} ${id}: audit ${checks[id].verdict}, diff ${d.hardening[id].new}`);
      }
    }
    expect(split).toEqual([]);
  });
});
