/**
 * The gate's parts: the glob matcher, policy validation, the baseline's
 * round trip and its compact relocation pages (exact for the page-cost
 * model at every page size it accepts), GitHub's escaping, Markdown
 * escaping, URI encoding.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openElf } from '../src/elf/index.js';
import { analyzeElf } from '../src/gate/analyze.js';
import { compareFile } from '../src/gate/compare.js';
import { relocationPagesOf } from '../src/memory/relocation-pages.js';
import { factsFromRecord, formatBaseline, makeBaseline, parseBaseline } from '../src/gate/baseline.js';
import { escapeData, escapeProperty } from '../src/gate/github.js';
import { compileGlob, GlobError } from '../src/gate/glob.js';
import { InputError } from '../src/gate/json-input.js';
import { mdEscape, messageMarkdown, messageVisible, name } from '../src/gate/message.js';
import { DEFAULT_POLICY, ignoredBy, parsePolicy } from '../src/gate/policy.js';
import { RULE_IDS, RULES } from '../src/gate/rules.js';
import { encodeUriPath } from '../src/gate/sarif.js';
import { estimateMemory, defaultLoader } from '../src/memory/model.js';
import { DEFAULT_PAGE_SIZES } from '../src/memory/model.js';

describe('glob', () => {
  const cases: [string, string[], string[]][] = [
    ['*.so', ['a.so', '.hidden.so', 'lib.so'], ['lib/a.so', 'a.so.1', 'a.sox']],
    ['lib/*.so*', ['lib/a.so', 'lib/a.so.1.2'], ['lib/x/a.so', 'a.so']],
    ['lib/**', ['lib', 'lib/a', 'lib/x/y/z.so'], ['libx', 'other/lib/a']],
    ['**/test/*.so', ['test/a.so', 'x/y/test/a.so'], ['test/x/a.so', 'xtest/a.so']],
    ['**', ['a', 'a/b/c'], []],
    ['a/**/b', ['a/b', 'a/x/b', 'a/x/y/b'], ['a/xb', 'ab']],
    ['?.so', ['a.so'], ['ab.so', '/.so']],
    ['./bin/*', ['bin/x'], ['x']],
    ['lib\\*.so', ['lib*.so'], ['libx.so']],
    ['[ab].so', ['[ab].so'], ['a.so']],
    ['{a,b}.so', ['{a,b}.so'], ['a.so']],
    ['a**b', ['ab', 'axxb'], ['a/b']],
    ['evil<img>.so', ['evil<img>.so'], []],
  ];
  for (const [pattern, yes, no] of cases) {
    it(`${pattern}`, () => {
      const g = compileGlob(pattern);
      for (const p of yes) expect(g.matches(p), `${pattern} should match ${p}`).toBe(true);
      for (const p of no) expect(g.matches(p), `${pattern} should not match ${p}`).toBe(false);
    });
  }
  it('refuses patterns that name nothing', () => {
    expect(() => compileGlob('')).toThrow(GlobError);
    expect(() => compileGlob('./')).toThrow(GlobError);
  });
});

describe('policy', () => {
  const bad: [unknown, string][] = [
    [{}, 'schema: missing'],
    [{ schema: 2 }, 'schema: unsupported policy schema 2 (this elfaudit reads schema 1)'],
    [{ schema: 1, rule: {} }, 'rule: unknown key (allowed: schema, rules, ignore, require, description)'],
    [{ schema: 1, rules: { 'nx-lost': 'fatal' } }, 'rules.nx-lost: expected one of error, warning, note, off, found "fatal"'],
    [{ schema: 1, rules: { 'nx-lost': { level: 'off', pages: 1 } } }, 'rules.nx-lost.pages: unknown key (allowed: level)'],
    [{ schema: 1, rules: { 'memory-growth': { pages: -1 } } }, 'rules.memory-growth.pages: expected an integer of at least 0, found -1'],
    [{ schema: 1, rules: { 'memory-growth': { pageSize: 3000 } } }, 'rules.memory-growth.pageSize: 3000 is not a page size: expected a power of two from 4096 to 1073741824'],
    [{ schema: 1, rules: { 'memory-growth': { pageSize: 1024 } } }, 'rules.memory-growth.pageSize: 1024 is not a page size: expected a power of two from 4096 to 1073741824'],
    [{ schema: 1, rules: { 'memory-growth': { metrics: [] } } }, 'rules.memory-growth.metrics: list at least one of mappedPages, dirtyPages (or set the level to "off")'],
    [{ schema: 1, rules: { 'memory-growth': { metrics: ['vmas'] } } }, 'rules.memory-growth.metrics[0]: expected one of mappedPages, dirtyPages, found "vmas"'],
    [{ schema: 1, ignore: {} }, 'ignore: expected an array, found an object'],
    [{ schema: 1, ignore: [{ path: 'a', reason: '  ' }] }, 'ignore[0].reason: must not be empty'],
    [{ schema: 1, ignore: [{ path: '', reason: 'r' }] }, 'ignore[0].path: must not be empty'],
    [{ schema: 1, ignore: [{ path: 'a', reason: 'r', rules: ['nope'] }] }, `ignore[0].rules[0]: expected one of ${RULE_IDS.join(', ')}, found "nope"`],
    [{ schema: 1, ignore: [{ path: 'a', reason: 'r', rules: [] }] }, 'ignore[0].rules: list at least one rule, or leave `rules` out to ignore the path entirely'],
  ];
  for (const [doc, message] of bad) {
    it(`rejects: ${message}`, () => {
      expect(() => parsePolicy(doc as never, 'p.json')).toThrow(new InputError('', message).message);
    });
  }

  it('defaults: hardening, segments, memory, SONAME and removed symbols fail; a new NEEDED or glibc need warns; files added/removed, symbols added, NEEDED removed and section growth are notes', () => {
    const notes = ['file-added', 'file-removed', 'symbol-added', 'needed-removed', 'section-grew'];
    const warnings = ['needed-added', 'glibc-version-raised'];
    for (const r of RULES) expect(DEFAULT_POLICY.levels[r.id], r.id).toBe(notes.includes(r.id) ? 'note' : warnings.includes(r.id) ? 'warning' : 'error');
    expect(DEFAULT_POLICY.memoryGrowth).toEqual({ pages: 0, pageSize: 4096, metrics: ['mappedPages', 'dirtyPages'] });
  });

  it('levels, thresholds and ignores', () => {
    const p = parsePolicy(
      {
        schema: 1,
        description: 'release gate',
        rules: { 'memory-growth': { level: 'warning', pages: 2, pageSize: 16384, metrics: ['dirtyPages'] }, 'file-removed': 'error', 'segment-flags-changed': { level: 'off' } },
        ignore: [
          { path: 'vendor/**', reason: 'prebuilt' },
          { path: 'lib/libold.so*', rules: ['relro-downgrade'], reason: 'OPS-1' },
        ],
      },
      'p.json',
    );
    expect(p.levels['memory-growth']).toBe('warning');
    expect(p.levels['file-removed']).toBe('error');
    expect(p.levels['segment-flags-changed']).toBe('off');
    expect(p.levels['nx-lost']).toBe('error');
    expect(p.memoryGrowth).toEqual({ pages: 2, pageSize: 16384, metrics: ['dirtyPages'] });
    expect(ignoredBy(p, 'vendor/x/y.so', 'nx-lost')?.reason).toBe('prebuilt');
    expect(ignoredBy(p, 'lib/libold.so.1', 'relro-downgrade')?.reason).toBe('OPS-1');
    expect(ignoredBy(p, 'lib/libold.so.1', 'nx-lost')).toBeUndefined();
  });
});

describe('GitHub workflow command escaping', () => {
  it('escapes %, CR and LF in data; also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir:a,b%\n')).toBe('dir%3Aa%2Cb%25%0A');
  });
});

describe('Markdown and terminal escaping of messages', () => {
  it('names become code spans; our words are escaped', () => {
    const m = ['gained ', name('$ORIGIN/<img src=x>|`x`'), ' (relative * _)'];
    expect(messageMarkdown(m, true)).toBe('gained `` $ORIGIN/<img src=x>\\|`x` `` \\(relative \\* \\_\\)');
    expect(messageVisible(['x ', name('a\nb\x1b[31m')])).toBe('x a\\nb\\x1b[31m');
    expect(mdEscape('a|b\nc<d>')).toBe('a\\|b c\\<d\\>');
  });
});

describe('SARIF URIs', () => {
  it('percent-encodes every byte but unreserved characters and /', () => {
    expect(encodeUriPath(Buffer.from('out/lib a:b%#?.so'))).toBe('out/lib%20a%3Ab%25%23%3F.so');
    expect(encodeUriPath(Buffer.from([0x6c, 0xff, 0x2f, 0xc3, 0xa9]))).toBe('l%FF/%C3%A9');
  });
});

describe('baseline records', () => {
  it('relocation targets kept at a 4 KiB grain: pages with counts, straddling words exactly', () => {
    expect(relocationPagesOf([0x2d008n, 0x2d010n, 0x2e000n, 0x2dffcn, 0x2d008n], 8).entries).toEqual([
      [0x2d000n, 3],
      [0x2dffcn, 1],
      [0x2e000n, 1],
    ]);
  });

  const libs = ['/usr/lib/x86_64-linux-gnu/libz.so.1', '/usr/lib/x86_64-linux-gnu/libcrypto.so.3', '/usr/lib/x86_64-linux-gnu/libstdc++.so.6', '/bin/ls'].filter((p) =>
    existsSync(p),
  );
  it.skipIf(libs.length === 0)(`a record gives the model's exact answer at 4, 8, 16, 64 KiB and 2 MiB, and survives JSON (${libs.length} system files)`, () => {
    for (const lib of libs) {
      const elf = openElf(lib);
      let record;
      let facts;
      try {
        ({ record, facts } = analyzeElf(elf, 0, lib.slice(1), lib));
      } finally {
        elf.close();
      }
      const text = formatBaseline(makeBaseline(['/'], DEFAULT_PAGE_SIZES, [record]));
      const back = parseBaseline(JSON.parse(text));
      expect(formatBaseline(back)).toBe(text);
      const again = factsFromRecord(back.files[0]!, lib);
      expect(again.programHeaders).toEqual(facts.programHeaders);
      for (const p of [4096, 8192, 16384, 65536, 2 << 20]) {
        const a = estimateMemory(facts, p, defaultLoader(facts));
        const b = estimateMemory(again, p, defaultLoader(again));
        expect(b, `${lib} at ${p}`).toEqual(a);
      }
      // the stored estimates are the model's
      expect(back.files[0]!.memory.map((m) => m.dirtyPages)).toEqual(DEFAULT_PAGE_SIZES.map((p) => estimateMemory(facts, p, defaultLoader(facts)).dirtyPages));
    }
  });
});

describe('hardening findings', () => {
  const analyzed = (path: string) => {
    const f = openElf(path);
    try {
      return analyzeElf(f, 0, 'bin/prog', path);
    } finally {
      f.close();
    }
  };
  it('RELRO that nothing applies any more is a downgrade: partial → unknown (static glibc → static without its startup code)', () => {
    const old = analyzed('samples/x86_64/hello-static');
    const cur = analyzed('samples/checksec/x86_64/static-relro-nolibc');
    const c = compareFile(old.record, old.facts, cur.record, cur.facts, DEFAULT_POLICY);
    expect(c.findings.find((x) => x.rule === 'relro-downgrade')).toMatchObject({ old: 'partial', new: 'unknown' });
    expect(c.diff.hardening.relro).toEqual({ old: 'partial', new: 'unknown', changed: true });
    const back = compareFile(cur.record, cur.facts, old.record, old.facts, DEFAULT_POLICY);
    expect(back.findings.some((x) => x.rule === 'relro-downgrade')).toBe(false);
  });
});
