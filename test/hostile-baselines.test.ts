/**
 * A baseline is a file in the repository, so a merge request can edit it,
 * and a build tree can hold any bytes as names. The gate validates the
 * baseline before it uses any of it (every refusal one line: the file, the
 * JSON pointer, why; exit 2), and keeps names lossless: two files whose
 * names differ only in how a byte that is not UTF-8 would be written stay
 * two entries, and an unchanged tree checks clean.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { decodeName, encodeName } from '../src/io/escape.js';
import { jsonPointer } from '../src/gate/json-input.js';
import { CaptureOutput } from '../src/io/output.js';
import { buildSeed, SEED_OLD } from './helpers/seed-builds.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed baseline that each case edits freely
type Doc = any;
const work = mkdtempSync(join(tmpdir(), 'elfaudit-hostile-baseline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]) {
  const io = new CaptureOutput();
  const status = baselineMain(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

describe('hostile baselines are refused before use, one line with the JSON pointer', () => {
  const dir = join(work, 'refuse');
  const root = join(dir, 'out');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'lib.so'), buildSeed(SEED_OLD));
  // the file the edited baseline points at, outside the tree
  writeFileSync(join(dir, 'outside.so'), buildSeed(SEED_OLD));
  const base = join(dir, 'baseline.json');
  const created = run(['create', root, '--output', base]);

  const edited = (name: string, edit: (doc: Doc) => void): string => {
    const doc = JSON.parse(readFileSync(base, 'utf8'));
    edit(doc);
    const f = join(dir, `${name}.json`);
    writeFileSync(f, JSON.stringify(doc));
    return f;
  };

  const cases: [string, (doc: Doc) => void, string][] = [
    ['a path with ..', (d) => { d.files[0].path = '../outside.so'; }, `/files/0/path: refused path "../outside.so": a '..' segment leaves the tree`],
    ['a path with .. inside it', (d) => { d.files[0].path = 'a/../../outside.so'; }, `/files/0/path: refused path "a/../../outside.so": a '..' segment leaves the tree`],
    ['an absolute path', (d) => { d.files[0].path = '/etc/shadow'; }, '/files/0/path: refused path "/etc/shadow": an absolute path; recorded paths are relative to their root'],
    ['a path that is not normal', (d) => { d.files[0].path = './lib.so'; }, `/files/0/path: refused path "./lib.so": an empty or '.' segment: recorded paths are normalised`],
    ['a lone backslash', (d) => { d.files[0].path = 'a\\q.so'; }, '/files/0/path: refused path "a\\\\q.so": not a name the walk writes'],
    ['a NUL in a name', (d) => { d.files[0].path = 'a\u0000.so'; }, '/files/0/path: refused path "a\\u0000.so": a NUL byte cannot be in a file name'],
    ['a negative size', (d) => { d.files[0].size = -1; }, '/files/0/size: expected an integer of at least 0, found -1'],
    ['a size beyond safe integers', (d) => { d.files[0].size = 2 ** 60; }, '/files/0/size: expected an integer'],
    ['more program headers than the file can hold', (d) => {
      d.files[0].size = 64;
    }, '/files/0/programHeaders: '],
    ['more relocations than the file can hold', (d) => { d.files[0].layout.relocations = [['0x1000', 1e12]]; }, '/files/0/layout/relocations: 1000000000000 relocations cannot come from a file of'],
    ['a page size that is none', (d) => { d.pageSizes = [4095]; }, '/pageSizes/0: 4095 is not a page size'],
    ['a hostile key', (d) => { d.files[0]['a.b/~c'] = 1; }, '/files/0/a.b~1~0c: unknown key'],
  ];
  it.each(cases)('%s: exit 2, one line naming the file and the pointer', (name, edit, why) => {
    expect(created.status, created.stderr).toBe(0);
    const f = edited(name.replace(/\W+/g, '-'), edit);
    const r = run(['check', root, '--baseline', f]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr.startsWith(`elfaudit baseline check: baseline ${f}: not an elfaudit baseline: ${why}`), r.stderr).toBe(true);
  });

  it('the unedited baseline still checks clean (the refusals are not of every baseline)', () => {
    expect(run(['check', root, '--baseline', base]).status).toBe(0);
  });
});

describe('names that are not UTF-8 stay lossless and distinct', () => {
  it('encodeName reads back to the same bytes, and distinct bytes give distinct texts', () => {
    const names = [
      Buffer.from([0xff, 0x2e, 0x73, 0x6f]),
      Buffer.from('\\xff.so'),
      Buffer.from('\\\\xff.so'),
      Buffer.from([0x5c, 0xff]),
      Buffer.from('plain/ü.so'),
      Buffer.from([0xc3]),
      Buffer.from('\x1b[2J'),
    ];
    const texts = names.map(encodeName);
    expect(new Set(texts).size).toBe(names.length);
    texts.forEach((t, i) => expect(decodeName(t)).toEqual(names[i]));
    expect(texts[0]).toBe('\\xff.so');
    expect(texts[1]).toBe('\\\\xff.so');
    // a text encodeName never writes is not read as a name
    expect(decodeName('\\x41')).toBeNull();
    expect(decodeName('a\\')).toBeNull();
  });

  it('a tree with 0xff.so and a file literally named \\xff.so: two entries, and the unchanged tree checks clean', () => {
    const dir = join(work, 'names');
    const root = Buffer.from(join(dir, 'out'));
    mkdirSync(root, { recursive: true });
    const lib = buildSeed(SEED_OLD);
    writeFileSync(Buffer.concat([root, Buffer.from([0x2f, 0xff, 0x2e, 0x73, 0x6f])]), lib);
    writeFileSync(join(root.toString(), '\\xff.so'), lib);
    const base = join(dir, 'baseline.json');
    const c = run(['create', root.toString(), '--output', base]);
    expect(c.status, c.stderr).toBe(0);
    const paths = JSON.parse(readFileSync(base, 'utf8')).files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(['\\\\xff.so', '\\xff.so']); // byte order: 0x5c before 0xff
    const r = run(['check', root.toString(), '--baseline', base]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('jsonPointer escapes ~ and / and keeps a key with a dot whole', () => {
    expect(jsonPointer('files[3].sha256')).toBe('/files/3/sha256');
    expect(jsonPointer('files[0].a\\.b/~c')).toBe('/files/0/a.b~1~0c');
    expect(jsonPointer('')).toBe('');
  });
});
