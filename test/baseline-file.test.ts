/**
 * BaselineFile (src/gate/baseline-file.ts) reads a baseline a record at a
 * time: it must read every JSON layout of a baseline as parseBaseline reads
 * the whole document (whatever the block size, so values that straddle
 * blocks are tested), refuse what parseBaseline refuses with the same
 * pointers, refuse records out of create's order, and name the byte where a
 * document stops being JSON. The check that reads it keeps the reports'
 * lists in the order of a walk by names although it walks in path order.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { formatBaseline, parseBaseline } from '../src/gate/baseline.js';
import { BaselineFile, BaselineFileError } from '../src/gate/baseline-file.js';
import { createBaseline } from '../src/gate/check.js';
import { DEFAULT_POLICY } from '../src/gate/policy.js';
import { compareWalkOrder, walkTrees } from '../src/gate/tree.js';
import { CaptureOutput } from '../src/io/output.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';
import { buildSeed, SEED_NEW, SEED_OLD } from './helpers/seed-builds.js';

const work = mkdtempSync(join(tmpdir(), 'elfaudit-baseline-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// the sample trees of two architectures: 2 roots, records of every shape the samples have
const whole = formatBaseline(createBaseline(['samples/x86_64', 'samples/aarch64']).baseline);
const doc = JSON.parse(whole);

let n = 0;
function file(text: string): string {
  const f = join(work, `b${n++}.json`);
  writeFileSync(f, text);
  return f;
}

function read(f: string, block?: number) {
  const b = BaselineFile.open(f, block);
  try {
    return { header: b.header, files: Array.from(b.records()) };
  } finally {
    b.close();
  }
}

function refusal(f: string, block?: number): string {
  try {
    read(f, block);
  } catch (e) {
    if (e instanceof BaselineFileError) return e.message;
    throw e;
  }
  throw new Error('read without a refusal');
}

/** The document with every object's keys sorted, as `jq -S` writes it: the header comes after `files`. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]));
  return v;
}

describe('BaselineFile reads what parseBaseline reads', () => {
  const expected = parseBaseline(doc);
  const layouts: [string, string][] = [
    ['as create writes it', whole],
    ['on one line', JSON.stringify(doc)],
    ['with other white space', JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n \n')],
    ['with its keys sorted (the header after the records)', JSON.stringify(sortedKeys(doc), null, 1)],
  ];
  it.each(layouts)('%s, in blocks of 1, 7, 4096 bytes and the default', (_, text) => {
    const f = file(text);
    for (const block of [1, 7, 4096, undefined]) {
      const got = read(f, block);
      expect(got.files.length).toBe(expected.files.length);
      expect(got).toEqual({ header: { schema: 1, tool: expected.tool, roots: expected.roots, pageSizes: expected.pageSizes }, files: expected.files });
    }
  });

  it('an empty files array, and page sizes after the records', () => {
    const { files: _, pageSizes, ...head } = doc;
    expect(read(file(JSON.stringify({ ...head, files: [] }))).files).toEqual([]);
    const later = read(file(JSON.stringify({ ...head, files: doc.files, pageSizes })), 5);
    expect(later.header.pageSizes).toEqual(pageSizes);
    expect(later.files).toEqual(expected.files);
  });
});

describe('BaselineFile refuses, one line naming the file and the place', () => {
  it('a document cut short: the byte where the file ends', () => {
    for (const cut of [1, 100, 5000, whole.length - 3]) {
      const f = file(whole.slice(0, cut));
      expect(refusal(f, 512)).toMatch(new RegExp(`^baseline ${f}: not valid JSON: (the file ends at byte ${cut}, inside the value that begins at byte \\d+|expected .* at byte ${cut}, found the end of the file)$`));
    }
    const f = file(whole.slice(0, whole.lastIndexOf(']')));
    expect(refusal(f)).toBe(`baseline ${f}: not valid JSON: expected ',' or ']' after a record at byte ${Buffer.byteLength(whole.slice(0, whole.lastIndexOf(']')))}, found the end of the file`);
  });

  it('a record that is not JSON: the byte of the mistake, after names that are not ASCII', () => {
    // a name of two-byte characters before the mistake: the offset is in bytes, not characters
    const edited = structuredClone(doc);
    edited.files[1].layout.needed = ['ééééé'];
    const text = formatBaseline(parseBaseline(edited));
    const at = text.indexOf('"sha256":', text.indexOf('ééééé'));
    const broken = `${text.slice(0, at + 8)}${text.slice(at + 9)}`; // the colon after "sha256" taken out
    const f = file(broken);
    const byte = Buffer.byteLength(broken.slice(0, at + 9));
    expect(Buffer.from(broken).subarray(byte - 1, byte + 1).toString()).toBe(' "'); // where V8 stops: the value where ':' should be
    expect(refusal(f, 64)).toBe(`baseline ${f}: not valid JSON: Unexpected string at byte ${byte}`);
  });

  it('bytes after the document, and no document', () => {
    const f = file(`${whole} x`);
    expect(refusal(f)).toBe(`baseline ${f}: not valid JSON: 'x' at byte ${Buffer.byteLength(whole) + 1} after the end of the document`);
    const e = file(' \n');
    expect(refusal(e)).toBe(`baseline ${e}: empty file, not JSON`);
    const a = file('[1, 2, 3]');
    expect(refusal(a)).toBe(`baseline ${a}: not an elfaudit baseline: expected an object, found an array`);
  });

  it('records out of the order create writes, twice the same path, two files arrays', () => {
    const swapped = structuredClone(doc);
    [swapped.files[0], swapped.files[1]] = [swapped.files[1], swapped.files[0]];
    const f = file(JSON.stringify(swapped));
    expect(refusal(f)).toBe(
      `baseline ${f}: not an elfaudit baseline: /files/1/path: ${JSON.stringify(doc.files[0].path)} comes after ${JSON.stringify(doc.files[1].path)}: baseline create writes records in path order (root, then path bytes); create the baseline again`,
    );
    const roots = structuredClone(doc);
    roots.files = [...roots.files.filter((x: { root: number }) => x.root === 1), ...roots.files.filter((x: { root: number }) => x.root === 0)];
    const r = file(JSON.stringify(roots));
    expect(refusal(r)).toMatch(/: not an elfaudit baseline: \/files\/\d+\/root: root 0 comes after root 1: baseline create writes records in path order/);
    const twice = structuredClone(doc);
    twice.files.splice(1, 0, twice.files[0]);
    const t = file(JSON.stringify(twice));
    expect(refusal(t)).toBe(`baseline ${t}: not an elfaudit baseline: /files/1/path: ${JSON.stringify(doc.files[0].path)} appears twice under root 0`);
    const two = file(`${whole.slice(0, whole.lastIndexOf('}'))}, "files": []}`);
    expect(refusal(two)).toBe(`baseline ${two}: not an elfaudit baseline: /files: appears twice in the document`);
  });

  it('a file that cannot be read', () => {
    expect(refusal(work)).toBe(`baseline ${work}: cannot read: Is a directory`);
    expect(refusal(join(work, 'none.json'))).toBe(`baseline ${join(work, 'none.json')}: cannot read: No such file or directory`);
  });
});

describe('the check walks in path order and reports in walk order', () => {
  const root = join(work, 'order');
  // path order: lib-x.so, lib.so, lib/a.so, lib/b.so; a walk by names: lib/a.so, lib/b.so, lib-x.so, lib.so
  const names = ['lib/a.so', 'lib/b.so', 'lib-x.so', 'lib.so'];
  mkdirSync(join(root, 'lib'), { recursive: true });
  for (const nm of names) writeFileSync(join(root, nm), buildSeed(SEED_OLD));
  const base = join(work, 'order.json');

  it('compareWalkOrder is the order of a walk by names', () => {
    const walked = walkTrees([root], DEFAULT_POLICY).files;
    expect(walked.map((t) => t.path)).toEqual(names);
    const sorted = [...walked].reverse().sort((a, b) => compareWalkOrder(a.root, a.pathBytes, b.root, b.pathBytes));
    expect(sorted.map((t) => t.path)).toEqual(names);
    expect(compareWalkOrder(0, Buffer.from('a/x'), 0, Buffer.from('a-b'))).toBeLessThan(0);
    expect(compareWalkOrder(0, Buffer.from('a'), 0, Buffer.from('a/x'))).toBeLessThan(0);
    expect(compareWalkOrder(1, Buffer.from('a'), 0, Buffer.from('b'))).toBeGreaterThan(0);
  });

  it('JUnit test cases and changed files in walk order, findings in path order', () => {
    const io = new CaptureOutput();
    expect(baselineMain(['create', root, '-o', base], io)).toBe(0);
    expect(JSON.parse(readFileSync(base, 'utf8')).files.map((f: { path: string }) => f.path)).toEqual(['lib-x.so', 'lib.so', 'lib/a.so', 'lib/b.so']);
    for (const nm of names) writeFileSync(join(root, nm), buildSeed(SEED_NEW));
    const junit = new CaptureOutput();
    baselineMain(['check', root, '-b', base, '--format', 'junit'], junit);
    expect(Array.from(junit.stdout.matchAll(/<testcase classname="[^"]*" name="([^"]*)"/g), (m) => m[1]!.slice(root.length + 1))).toEqual(names);
    const json = new CaptureOutput();
    baselineMain(['check', root, '-b', base, '--format', 'json'], json);
    const r = JSON.parse(json.stdout);
    expect(r.changed.map((c: { path: string }) => c.path)).toEqual(names);
    const order = r.violations.map((v: { path: string }) => v.path).filter((p: string, i: number, a: string[]) => a.indexOf(p) === i);
    expect(order).toEqual(['lib-x.so', 'lib.so', 'lib/a.so', 'lib/b.so']);
  });
});

// Heavy: runs the CLI in children that read the baseline from a pipe.
describe.skipIf(!existsSync('dist/cli/main.js'))('a baseline from a pipe (needs dist/)', { timeout: HEAVY_TIMEOUT }, () => {
  it('reads as from a file when the header comes first, and says why not when it comes after the records', () => {
    const root = join(work, 'pipe');
    mkdirSync(root);
    writeFileSync(join(root, 'lib.so'), buildSeed(SEED_OLD));
    const base = join(work, 'pipe.json');
    expect(baselineMain(['create', root, '-o', base], new CaptureOutput())).toBe(0);
    const text = readFileSync(base, 'utf8');
    // a pipe (spawnSync's input is a socket, which /dev/stdin cannot be opened on)
    const run = (doc: string) => {
      const f = join(work, 'piped.json');
      writeFileSync(f, doc);
      return spawnSync('sh', ['-c', 'cat "$2" | "$0" bin/elfaudit.js baseline check -b /dev/stdin "$1"', process.execPath, root, f], { encoding: 'utf8' });
    };
    const first = run(text);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const sorted = run(JSON.stringify(sortedKeys(JSON.parse(text))));
    expect(sorted.stderr).toBe(
      'elfaudit baseline check: baseline /dev/stdin: not an elfaudit baseline: no schema, tool, roots before the records: read from a pipe, a baseline must give them first, as baseline create writes it (or be given as a file)\n',
    );
    expect(sorted.status).toBe(2);
  });
});
