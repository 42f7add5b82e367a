/**
 * `elfaudit diff` and the gate pair segments by what they hold
 * (src/diff/pairing.ts), so a layout that changes shape is explained as a
 * merge or a split, never as a removal plus a flags change.
 *
 * The samples are one library linked 48 ways (samples/linkers/build.sh):
 * x86-64 and AArch64 × ld.bfd, gold, lld × -z separate-code / noseparate-code
 * × -z relro / norelro × max-page-size 4 KiB / 64 KiB. Every pair that
 * differs in exactly one of those (120 pairs, each diffed both ways) is
 * checked against what the linkers are known to do, taken from the option
 * that differs, not from the files:
 *
 * - GNU ld: -z separate-code gives R (headers), R E (code), R (read-only
 *   data), RW; -z noseparate-code one R E for the first three. RELRO and
 *   data share one RW LOAD.
 * - gold has no -z separate-code: always one R E and one RW.
 * - lld: always R and R E apart (-z separate-code only pads them to pages);
 *   -z relro gives the RELRO part a LOAD of its own.
 *
 * and against invariants: every header in exactly one group, each reason's
 * numbers adding up to the model's delta, the numbers a sentence states
 * being the ones it carries.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureOutput } from '../src/io/output.js';
import { diffMain } from '../src/cli/diff.js';
import { diffJson, diffLayouts, type DiffResult } from '../src/diff/index.js';
import { PT } from '../src/elf/index.js';
import { analyzeElf } from '../src/gate/analyze.js';
import { factsFromRecord, fileRecordJson, formatBaseline, makeBaseline, parseBaseline } from '../src/gate/baseline.js';
import { compareFile } from '../src/gate/compare.js';
import { DEFAULT_POLICY } from '../src/gate/policy.js';
import { openElf, parseElf } from '../src/elf/index.js';
import { messageMarkdown, messageText, messageVisible } from '../src/gate/message.js';
import { layoutFacts, type LayoutFacts } from '../src/memory/facts.js';
import { readFacts } from '../src/memory/report.js';

type Linker = 'bfd' | 'gold' | 'lld';
interface Variant {
  readonly arch: 'x86_64' | 'aarch64';
  readonly linker: Linker;
  readonly code: 'sep' | 'nosep';
  readonly relro: 'relro' | 'norelro';
  readonly page: '4k' | '64k';
}

const path = (v: Variant) => `samples/linkers/${v.arch}/lib-${v.linker}-${v.code}-${v.relro}-${v.page}.so`;

const VARIANTS: Variant[] = [];
for (const arch of ['x86_64', 'aarch64'] as const)
  for (const linker of ['bfd', 'gold', 'lld'] as const)
    for (const code of ['sep', 'nosep'] as const)
      for (const relro of ['relro', 'norelro'] as const) for (const page of ['4k', '64k'] as const) VARIANTS.push({ arch, linker, code, relro, page });

type Dimension = 'linker' | 'code' | 'relro' | 'page';
const DIMENSIONS: Dimension[] = ['linker', 'code', 'relro', 'page'];

/** Every unordered pair of variants that differ in exactly one option. */
function oneOptionPairs(): { a: Variant; b: Variant; dim: Dimension }[] {
  const out: { a: Variant; b: Variant; dim: Dimension }[] = [];
  VARIANTS.forEach((a, i) => {
    for (const b of VARIANTS.slice(i + 1)) {
      if (a.arch !== b.arch) continue;
      const diff = DIMENSIONS.filter((d) => a[d] !== b[d]);
      if (diff.length === 1) out.push({ a, b, dim: diff[0]! });
    }
  });
  return out;
}

/** The sentences a diff from `o` to `n` must give for its merges and splits, from what each linker does. */
function expectedRegroups(o: Variant, n: Variant): string[] {
  const shape = (v: Variant) =>
    v.linker === 'gold' ? 'gold' : v.linker === 'lld' ? 'lld' : v.code === 'sep' ? 'bfd-sep' : 'bfd-nosep';
  const from = shape(o);
  const to = shape(n);
  const out: string[] = [];
  const code: Record<string, string | undefined> = {
    'bfd-sep>bfd-nosep': 'R, R E and R merged into one R E LOAD (-z noseparate-code)',
    'bfd-nosep>bfd-sep': 'R E split into R, R E and R LOADs (-z separate-code)',
    'bfd-sep>gold': 'gold merged R, R E and R into one R E LOAD',
    'gold>bfd-sep': 'R E split into R, R E and R LOADs (-z separate-code)',
    'bfd-sep>lld': 'lld merged R and R into one R LOAD',
    'lld>bfd-sep': 'R split into R and R LOADs (-z separate-code)',
    'bfd-nosep>lld': 'lld split R E into R and R E LOADs',
    'lld>bfd-nosep': 'R and R E merged into one R E LOAD (-z noseparate-code)',
    'gold>lld': 'lld split R E into R and R E LOADs',
    'lld>gold': 'gold merged R and R E into one R E LOAD',
  };
  const c = code[`${from}>${to}`];
  if (c !== undefined) out.push(c);
  // lld gives RELRO a LOAD of its own; the others keep it with the data.
  const lldSplit = (v: Variant) => v.linker === 'lld' && v.relro === 'relro';
  if (!lldSplit(o) && lldSplit(n)) {
    out.push(o.linker === 'lld' ? 'lld split RW into a RELRO LOAD and a data LOAD (-z relro)' : 'lld split RW into a RELRO LOAD and a data LOAD');
  }
  if (lldSplit(o) && !lldSplit(n)) {
    const who = n.linker === 'gold' ? 'gold merged the RELRO LOAD and the data LOAD into one RW LOAD' : n.linker === 'lld' ? 'lld merged the RELRO LOAD and the data LOAD into one RW LOAD' : 'the RELRO LOAD and the data LOAD merged into one RW LOAD';
    out.push(n.relro === 'norelro' ? `${who} (-z norelro)` : who);
  }
  return out;
}

const factsCache = new Map<string, LayoutFacts>();
function facts(v: Variant): LayoutFacts {
  const p = path(v);
  let f = factsCache.get(p);
  if (f === undefined) {
    f = readFacts(p);
    factsCache.set(p, f);
  }
  return f;
}

const PAGE_SIZES = [4096, 16384, 65536];

/** The numbers a reason's sentence states after its last ': ' ("-2 pages, -2 VMAs"). */
function statedNumbers(text: string): { pages: number; vmas: number } | undefined {
  const tail = text.slice(text.lastIndexOf(': ') + 2);
  if (!/^(the same pages and VMAs|[+-]\d+ (pages?|VMAs?)(, [+-]\d+ VMAs?)?)$/.test(tail)) return undefined;
  const pages = /([+-]\d+) pages?/.exec(tail);
  const vmas = /([+-]\d+) VMAs?/.exec(tail);
  return { pages: pages === null ? 0 : Number(pages[1]), vmas: vmas === null ? 0 : Number(vmas[1]) };
}

/** What a diff must never say, and what its numbers must add up to; returns the problems found. */
function invariantProblems(d: DiffResult, of: LayoutFacts, nf: LayoutFacts): string[] {
  const problems: string[] = [];
  // every header of each build in exactly one group
  for (const [side, f] of [['old', of], ['new', nf]] as const) {
    const seen = d.segments.groups.flatMap((g) => g[side].map((p) => p.index)).sort((x, y) => x - y);
    if (seen.join() !== f.programHeaders.map((p) => p.index).join()) problems.push(`${side} headers not partitioned: ${seen.join()}`);
  }
  // every LOAD here holds sections, so none is added or removed outright, and no LOAD's flags "change" in a 1-1 pair
  if (d.segments.added.some((p) => p.type === PT.LOAD)) problems.push('a LOAD was said to be added');
  if (d.segments.removed.some((p) => p.type === PT.LOAD)) problems.push('a LOAD was said to be removed');
  if (d.segments.changed.some((c) => c.type === PT.LOAD && c.changes.some((x) => x.field === 'flags'))) problems.push("a LOAD's flags were said to change");
  for (const m of d.memory) {
    if (m.causes.join('\n') !== m.reasons.map((r) => r.text).join('\n')) problems.push('causes are not the reasons');
    if (m.causes.some((c) => / LOAD.* was (added|removed)/.test(c))) problems.push(`a LOAD was added or removed in the reasons at ${m.pageSize}`);
    if (m.delta === undefined) continue;
    const sum = (k: 'pages' | 'vmas' | 'dirty') => m.reasons.reduce((n, r) => n + r[k], 0);
    if (sum('pages') !== m.delta.mappedPages) problems.push(`pages at ${m.pageSize}: reasons add to ${sum('pages')}, the model says ${m.delta.mappedPages}`);
    if (sum('vmas') !== m.delta.vmas) problems.push(`VMAs at ${m.pageSize}: reasons add to ${sum('vmas')}, the model says ${m.delta.vmas}`);
    if (sum('dirty') !== m.delta.dirtyPages) problems.push(`dirty pages at ${m.pageSize}: reasons add to ${sum('dirty')}, the model says ${m.delta.dirtyPages}`);
    for (const r of m.reasons) {
      const stated = statedNumbers(r.text);
      if (stated !== undefined && (stated.pages !== r.pages || stated.vmas !== r.vmas)) problems.push(`"${r.text}" carries ${r.pages} pages, ${r.vmas} VMAs`);
    }
    for (const g of d.segments.regrouped) {
      if (!m.causes.some((c) => c.startsWith(`${g.sentence}: `))) problems.push(`the reasons at ${m.pageSize} do not give "${g.sentence}"`);
    }
  }
  return problems;
}

describe('diff pairs segments of the 48 linker-variant samples by what they hold', () => {
  const pairs = oneOptionPairs();

  it('there are 120 one-option pairs: 24 per option but 48 across the three linkers', () => {
    expect(pairs.length).toBe(120);
    expect(DIMENSIONS.map((d) => pairs.filter((p) => p.dim === d).length)).toEqual([48, 24, 24, 24]);
  });

  it('every one-option pair, both ways: the merges and splits each linker makes, said as such, and the numbers add up', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const { a, b } of pairs) {
      for (const [o, n] of [
        [a, b],
        [b, a],
      ] as const) {
        const d = diffLayouts(facts(o), facts(n), { pageSizes: PAGE_SIZES });
        const got = d.segments.regrouped.map((r) => r.sentence).sort();
        const want = expectedRegroups(o, n).sort();
        const problems = invariantProblems(d, facts(o), facts(n));
        if (got.join('|') !== want.join('|')) problems.push(`said ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
        if (problems.length > 0) wrong.push(`${path(o)} → ${path(n)}: ${problems.join('; ')}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(240);
  });

  it('gold ignores -z separate-code: its two builds are one file, and the diff says nothing changed', () => {
    for (const arch of ['x86_64', 'aarch64'] as const) {
      const v: Variant = { arch, linker: 'gold', code: 'sep', relro: 'relro', page: '4k' };
      expect(readFileSync(path(v)).equals(readFileSync(path({ ...v, code: 'nosep' })))).toBe(true);
      const d = diffLayouts(facts(v), facts({ ...v, code: 'nosep' }), { pageSizes: [4096] });
      expect(d.segments.changed.length + d.segments.added.length + d.segments.removed.length + d.segments.regrouped.length).toBe(0);
      expect(d.memory[0]!.causes).toEqual(['same pages']);
    }
  });

  it('max-page-size: the LOADs keep their pairs; the holes it opens at 4 KiB pages say why', () => {
    const v: Variant = { arch: 'x86_64', linker: 'bfd', code: 'sep', relro: 'relro', page: '4k' };
    const d = diffLayouts(facts(v), facts({ ...v, page: '64k' }), { pageSizes: [4096] });
    expect(d.segments.regrouped).toEqual([]);
    expect(d.segments.changed.filter((c) => c.type === PT.LOAD).map((c) => c.changes.find((x) => x.field === 'align'))).toEqual(
      Array(4).fill({ field: 'align', old: 0x1000n, new: 0x10000n }),
    );
    expect(d.memory[0]!.causes).toEqual(['3 PROT_NONE hole VMA(s) between segments instead of 0 (max-page-size 0x1000 → 0x10000 spaces the LOADs apart)']);
  });
});

function diffText(args: string[]): string {
  const io = new CaptureOutput();
  expect(diffMain(args, io)).toBe(0);
  expect(io.stderr).toBe('');
  return io.stdout;
}

describe('diff explains a layout that changed shape, word for word', () => {
  it('-z separate-code → -z noseparate-code (GNU ld, x86-64): R, R E and R merged into one R E LOAD, -2 pages, -2 VMAs', () => {
    const o = 'samples/linkers/x86_64/lib-bfd-sep-relro-4k.so';
    const n = 'samples/linkers/x86_64/lib-bfd-nosep-relro-4k.so';
    expect(diffText([o, n])).toBe(`old: ${o}: ELF64 x86-64 shared object; loader glibc
new: ${n}: ELF64 x86-64 shared object; loader glibc

file size: 15624 → 7432 bytes (-8192)
padding between LOADs: 9691 → 1616 bytes (-8075)

program headers:
  R, R E and R merged into one R E LOAD (-z noseparate-code):
    was LOAD [0] R: offset 0x0, vaddr 0x0, filesz 0x570, memsz 0x570, align 0x1000
    was LOAD [1] R E: offset 0x1000, vaddr 0x1000, filesz 0x18d, memsz 0x18d, align 0x1000
    was LOAD [2] R: offset 0x2000, vaddr 0x2000, filesz 0xe8, memsz 0xe8, align 0x1000
    now LOAD [0] R E: offset 0x0, vaddr 0x0, filesz 0x770, memsz 0x770, align 0x1000
  LOAD #4 → #2 (RW): offset 0x2dc0 → 0xdc0, vaddr 0x3dc0 → 0x1dc0
  DYNAMIC: offset 0x2de8 → 0xde8, vaddr 0x3de8 → 0x1de8
  NOTE: offset 0x238 → 0x1c8, vaddr 0x238 → 0x1c8
  GNU_EH_FRAME: offset 0x2020 → 0x6ac, vaddr 0x2020 → 0x6ac
  GNU_RELRO: offset 0x2dc0 → 0xdc0, vaddr 0x3dc0 → 0x1dc0

hardening:
  RELRO: partial RELRO (unchanged)
  NX: NX enabled (unchanged)
  PIE: DSO (unchanged)

memory per process:
  4 KiB pages: mapped pages 5 → 3 (-2), VMAs 5 → 3 (-2), dirty pages 2 → 2 (0)
    -2 mapped pages, -2 VMAs, 0 dirty pages
      R, R E and R merged into one R E LOAD (-z noseparate-code): -2 pages, -2 VMAs

page map:
  4 KiB pages (one column per page; old above new):
           0x0     0x1000  0x2000  0x3000  0x4000  0x5000
    old    [=]     []      []            [#]
           |r--    |r-x    |r--    |r--R*  |rw-*b  |
    new    [==]          [#]
           |r-x    |r--R*  |rw-*b  |       |       |
    change  changed changed changed -page   -page
  [ ] a LOAD segment: = file data, # RELRO, ~ bss;  pages: r-x/rw-/r-- the VMA, --- hole,
  R made read-only by RELRO, r RELRO bytes left writable, * dirty, b bss tail zeroed
`);
  });

  it('lld -z norelro → -z relro (AArch64, 64 KiB max-page-size): lld split RW into a RELRO LOAD and a data LOAD', () => {
    const o = 'samples/linkers/aarch64/lib-lld-sep-norelro-64k.so';
    const n = 'samples/linkers/aarch64/lib-lld-sep-relro-64k.so';
    const text = diffText([o, n]);
    expect(text).toContain(`program headers:
  added GNU_RELRO [6] R: offset 0x20000, vaddr 0x20000, filesz 0x1e0, memsz 0x1000, align 0x1
  lld split RW into a RELRO LOAD and a data LOAD (-z relro):
    was LOAD [3] RW: offset 0x20000, vaddr 0x20000, filesz 0x228, memsz 0x280, align 0x10000
    now LOAD [3] RW: offset 0x20000, vaddr 0x20000, filesz 0x1e0, memsz 0x1e0, align 0x10000
    now LOAD [4] RW: offset 0x201e0, vaddr 0x301e0, filesz 0x48, memsz 0xa0, align 0x10000
`);
    expect(text).toContain(`memory per process:
  4 KiB pages: mapped pages 3 → 4 (+1), VMAs 5 → 7 (+2), dirty pages 1 → 2 (+1)
    +1 mapped page, +2 VMAs, +1 dirty page
      lld split RW into a RELRO LOAD and a data LOAD (-z relro): +1 page, +1 VMA
      RELRO now protects 1 page [0x20000, 0x21000): its LOAD's own mapping becomes r--p
      3 PROT_NONE hole VMA(s) between segments instead of 2
      relocation targets (GOT, init arrays, data pointers) now lie on 2 pages instead of 1, each copied on write
  16 KiB pages: mapped pages 3 → 4 (+1), VMAs 5 → 7 (+2), dirty pages 1 → 2 (+1)
`);
  });

  it('lld → GNU ld (x86-64, -z noseparate-code): the linker change, both merges, and RELRO splitting a mapping again', () => {
    const o = 'samples/linkers/x86_64/lib-lld-nosep-relro-4k.so';
    const n = 'samples/linkers/x86_64/lib-bfd-nosep-relro-4k.so';
    const text = diffText([o, n]);
    expect(text).toContain(`new: ${n}: ELF64 x86-64 shared object; loader glibc
linker: lld 14.0.6 → no linker mark (GNU ld leaves none)
`);
    expect(text).toContain(`  4 KiB pages: mapped pages 4 → 3 (-1), VMAs 4 → 3 (-1), dirty pages 2 → 2 (0)
    -1 mapped page, -1 VMA, 0 dirty pages
      R and R E merged into one R E LOAD (-z noseparate-code): -1 page, -1 VMA
      the RELRO LOAD and the data LOAD merged into one RW LOAD: -1 VMA
      RELRO's mprotect now splits a RW mapping into r--p and rw-p VMAs (the RELRO part shares a LOAD with data): +1 VMA
`);
  });

  it('JSON gives the regrouping and each reason with its numbers', () => {
    const o = readFacts('samples/linkers/x86_64/lib-bfd-sep-relro-4k.so');
    const n = readFacts('samples/linkers/x86_64/lib-lld-sep-relro-4k.so');
    const doc = JSON.parse(JSON.stringify(diffJson(diffLayouts(o, n, { pageSizes: [4096] }))));
    expect(doc.old.linker).toBeNull();
    expect(doc.new.linker).toEqual({ name: 'lld', version: '14.0.6' });
    expect(doc.segments.regrouped.map((r: { shape: string; sentence: string; old: { index: number }[]; new: { index: number }[] }) => [r.shape, r.sentence, r.old.map((p) => p.index), r.new.map((p) => p.index)])).toEqual([
      ['merged', 'lld merged R and R into one R LOAD', [0, 2], [1]],
      ['split', 'lld split RW into a RELRO LOAD and a data LOAD', [3], [3, 4]],
    ]);
    expect(doc.memory[0].reasons).toEqual([
      { text: 'lld merged R and R into one R LOAD: -1 page, -1 VMA', pages: -1, vmas: -1, dirty: 0 },
      { text: 'lld split RW into a RELRO LOAD and a data LOAD: +1 VMA', pages: 0, vmas: 1, dirty: 0 },
      { text: "RELRO's mprotect no longer splits a mapping (the RELRO part has a LOAD of its own): -1 VMA", pages: 0, vmas: -1, dirty: 0 },
    ]);
  });
});

describe('the gate pairs segments as diff does', () => {
  const analyze = (p: string) => {
    const elf = openElf(p);
    try {
      return analyzeElf(elf, 0, p, p);
    } finally {
      elf.close();
    }
  };

  it('-z noseparate-code is one segment-removed (the merge) and one segment-flags-changed (read-only data now executable), no segment-added', () => {
    const o = analyze('samples/linkers/x86_64/lib-bfd-sep-relro-4k.so');
    const n = analyze('samples/linkers/x86_64/lib-bfd-nosep-relro-4k.so');
    const c = compareFile(o.record, o.facts, n.record, n.facts, DEFAULT_POLICY);
    const seg = c.findings.filter((f) => f.rule.startsWith('segment-'));
    expect(seg.map((f) => f.rule)).toEqual(['segment-removed', 'segment-flags-changed']);
    expect(messageText(seg[0]!.message)).toMatch(
      /^R, R E and R merged into one R E LOAD \(-z noseparate-code\): LOAD \[0\] R, LOAD \[1\] R E, LOAD \[2\] R → LOAD \[0\] R E; at 4 KiB pages: -2 mapped pages, -2 VMAs, 0 dirty pages \(/,
    );
    expect(messageText(seg[1]!.message)).toContain(
      'so the sections it holds changed permissions: dynamic linking tables and read-only data (.note.gnu.build-id, .gnu.hash, .dynsym, .dynstr, .gnu.version, .gnu.version_r, .rela.dyn, .rela.plt, .rodata, .eh_frame_hdr, .eh_frame) R → R E;',
    );
  });

  it('lld -z relro is one segment-added (the split) besides GNU_RELRO, and no flags change', () => {
    const o = analyze('samples/linkers/x86_64/lib-lld-sep-norelro-4k.so');
    const n = analyze('samples/linkers/x86_64/lib-lld-sep-relro-4k.so');
    const c = compareFile(o.record, o.facts, n.record, n.facts, DEFAULT_POLICY);
    const seg = c.findings.filter((f) => f.rule.startsWith('segment-'));
    expect(seg.map((f) => [f.rule, f.discriminator])).toEqual([
      ['segment-added', 'GNU_RELRO#1'],
      ['segment-added', 'LOAD#3→3+4'],
    ]);
    expect(messageText(seg[1]!.message)).toMatch(/^lld split RW into a RELRO LOAD and a data LOAD \(-z relro\): LOAD \[3\] RW → LOAD \[3\] RW, LOAD \[4\] RW; /);
  });

  it("a baseline records each segment's sections and the linker, and pairs from them as from the file", () => {
    const o = analyze('samples/linkers/aarch64/lib-bfd-sep-relro-4k.so');
    const n = analyze('samples/linkers/aarch64/lib-lld-sep-relro-4k.so');
    const text = formatBaseline(makeBaseline(['out'], [4096], [o.record, n.record]));
    expect(text).toContain('"sections": [".text", ".init", ".fini", ".plt"]');
    expect(text).toContain('"linker": { "name": "lld", "version": "14.0.6" }');
    const back = parseBaseline(JSON.parse(text)).files;
    const fromRecord = diffLayouts(factsFromRecord(back[0]!, 'old'), factsFromRecord(back[1]!, 'new'), { pageSizes: [4096] });
    const fromFile = diffLayouts(o.facts, n.facts, { pageSizes: [4096] });
    expect(fromRecord.segments.regrouped.map((r) => r.sentence)).toEqual(fromFile.segments.regrouped.map((r) => r.sentence));
    expect(fromRecord.memory[0]!.causes).toEqual(fromFile.memory[0]!.causes);
  });

  it('section names and linker versions come from the binary: escaped in every report, never printed raw', () => {
    /** The file with `from` replaced by `to` (same length) wherever it occurs. */
    const patched = (p: string, from: string, to: string) => {
      const b = readFileSync(p);
      const f = Buffer.from(from, 'latin1');
      for (let i = b.indexOf(f); i >= 0; i = b.indexOf(f, i + 1)) Buffer.from(to, 'latin1').copy(b, i);
      return b;
    };
    const hostile = '.r\x1b\n|`a';
    expect(hostile.length).toBe('.rodata'.length);
    const read = (bytes: Buffer, p: string) => {
      const elf = parseElf(bytes, p);
      return analyzeElf(elf, 0, p, p);
    };
    const o = read(patched('samples/linkers/x86_64/lib-bfd-sep-relro-4k.so', '.rodata', hostile), 'old.so');
    const n = read(patched('samples/linkers/x86_64/lib-bfd-nosep-relro-4k.so', '.rodata', hostile), 'new.so');
    const f = compareFile(o.record, o.facts, n.record, n.facts, DEFAULT_POLICY).findings.find((x) => x.rule === 'segment-flags-changed')!;
    expect(f.message).toContainEqual({ name: hostile });
    expect(messageVisible(f.message)).toContain('.rela.plt, .r\\x1b\\n|`a, .eh_frame_hdr');
    expect(messageMarkdown(f.message)).toContain('`.rela.plt`, ``.r\\x1b\\n|`a``, `.eh_frame_hdr`');
    const lld = parseElf(patched('samples/linkers/x86_64/lib-lld-sep-relro-4k.so', 'LLD 14.0.6', 'LLD 1\x1b[0.6'), 'lld.so');
    expect(layoutFacts(lld, 'lld.so').linker).toEqual({ name: 'lld', version: '1' });
  });

  it('an older baseline without sections or linker still reads, and its segments pair by flags and order', () => {
    const o = analyze('samples/linkers/x86_64/lib-bfd-sep-relro-4k.so');
    const json = fileRecordJson(o.record) as { programHeaders: Record<string, unknown>[]; layout: Record<string, unknown> };
    for (const p of json.programHeaders) delete p.sections;
    delete json.layout.linker;
    const doc = { schema: 1, tool: { name: 'elfaudit', version: '0.1.0' }, roots: ['out'], pageSizes: [4096], files: [json] };
    const rec = parseBaseline(JSON.parse(JSON.stringify(doc))).files[0]!;
    expect(rec.programHeaders.every((p) => p.sections === undefined)).toBe(true);
    expect(rec.layout.linker).toBeUndefined();
    const f = factsFromRecord(rec, 'old');
    expect(f.segmentSections).toBeUndefined();
    const d = diffLayouts(f, o.facts, { pageSizes: [4096] });
    expect(d.segments.groups.every((g) => g.by === 'order' && g.shape === 'same')).toBe(true);
    expect(d.memory[0]!.causes).toEqual(['same pages']);
  });
});
