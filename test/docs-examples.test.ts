/**
 * The examples in docs/ are real output: each `$ elfaudit …` block that
 * runs on a file the tests can build is run, and the doc must show what
 * the command prints today (an elided `…` line stands for the lines before
 * the part shown). A change to the English is a change to the docs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMain } from '../src/cli/diff.js';
import { memoryMain } from '../src/cli/memory.js';
import { CaptureOutput } from '../src/io/output.js';
import { buildSeed, SEED_NEW, SEED_OLD } from './helpers/seed-builds.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-docs-'));
writeFileSync(join(dir, 'libfoo.so.old'), buildSeed(SEED_OLD));
writeFileSync(join(dir, 'libfoo.so.new'), buildSeed(SEED_NEW));

/** The code block that starts with `$ COMMAND` in a doc: its command line and the lines it shows. */
function example(doc: string, command: string): { args: string[]; shown: string[] } {
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(`\n$ ${command}`);
  expect(start, `${doc} has an example of ${command}`).toBeGreaterThan(0);
  const end = text.indexOf('\n```', start);
  const [line, ...shown] = text.slice(start + 3, end).split('\n');
  return { args: line!.split(' ').slice(2), shown };
}

/** Runs a command as the doc's example does, in a folder holding the seed's two builds. */
function run(main: typeof diffMain, args: string[]): string[] {
  const io = new CaptureOutput();
  const status = main(
    args.map((a) => (a.startsWith('libfoo') ? join(dir, a) : a)),
    io,
  );
  expect(io.stderr).toBe('');
  expect(status).toBe(0);
  return io.stdout.split(`${dir}/`).join('').replace(/\n$/, '').split('\n');
}

/** What the doc shows: everything, or (after a `…` line) the tail from the line after it. */
function expectShown(actual: string[], shown: string[]): void {
  if (shown[0] === '…') {
    const tail = shown.slice(1);
    const from = actual.indexOf(tail[0]!);
    expect(from, `the output has the doc's line ${JSON.stringify(tail[0])}`).toBeGreaterThanOrEqual(0);
    expect(actual.slice(from)).toEqual(tail);
  } else expect(actual).toEqual(shown);
}

describe('docs/memory-model.md', () => {
  it("shows what diff prints for the seed's two builds", () => {
    const { args, shown } = example('docs/memory-model.md', 'elfaudit diff');
    expectShown(run(diffMain, args), shown);
  });

  it('shows what memory prints for the new build', () => {
    const { args, shown } = example('docs/memory-model.md', 'elfaudit memory');
    expectShown(run(memoryMain, args), shown);
  });
});

describe('README.md', () => {
  it("shows the page map diff draws for the seed's two builds at 4 KiB", () => {
    const text = readFileSync('README.md', 'utf8');
    const start = text.indexOf('```text\n4 KiB pages (one column per page; old above new):');
    expect(start, 'README.md shows a page map').toBeGreaterThan(0);
    const shown = text.slice(start + '```text\n'.length, text.indexOf('\n```', start)).split('\n');
    const actual = run(diffMain, ['--page-size', '4k,16k,64k', 'libfoo.so.old', 'libfoo.so.new']);
    const from = actual.indexOf(`  ${shown[0]}`);
    expect(from).toBeGreaterThan(0);
    expect(actual.slice(from, from + shown.length).map((l) => l.slice(2))).toEqual(shown);
  });
});
