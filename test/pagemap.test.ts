/**
 * The page map in text (memory, diff, the gate's Markdown) and the HTML
 * reports' markup, on the seed's two ARM builds (test/helpers/seed-builds.ts):
 * the RW data that fitted in the page at 0x2d000 straddles 0x2d000 and
 * 0x2e000 once RELRO is on. The browser test is html-reports-browser.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { diffMain } from '../src/cli/diff.js';
import { memoryMain } from '../src/cli/memory.js';
import { diffLayouts } from '../src/diff/diff.js';
import { CaptureOutput } from '../src/io/output.js';
import { readFacts } from '../src/memory/report.js';
import { diffMaps } from '../src/pagemap/index.js';
import { pageMapLines } from '../src/pagemap/text.js';
import { buildElf } from './helpers/elf-builder.js';
import { buildSeed, SEED_NEW, SEED_OLD, seedGateCheck } from './helpers/seed-builds.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-pagemap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const oldSo = join(dir, 'libfoo.so.old');
const newSo = join(dir, 'libfoo.so.new');
writeFileSync(oldSo, buildSeed(SEED_OLD));
writeFileSync(newSo, buildSeed(SEED_NEW));

function run(main: typeof diffMain, args: string[]): { status: number; stdout: string; stderr: string } {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdout, stderr: io.stderr };
}

/** The map lines of a text output: from the address row above `label` through the change row. */
function mapBlock(lines: string[], from: number): { addresses: string; rows: Record<string, string> } {
  const addresses = lines[from]!;
  const rows: Record<string, string> = {};
  for (let i = from + 1; i < lines.length && /^\s*(old|new|change|)\s/.test(lines[i]!) && !/pages/.test(lines[i]!.replace(/… \d+ pages …/g, '')); i++) {
    const l = lines[i]!;
    const label = l.trim().split(' ')[0]!;
    if (label === 'old' || label === 'new' || label === 'change') rows[label] = l;
    else if (l.trim().startsWith('|')) rows[`${Object.keys(rows).at(-1)} pages`] = l;
  }
  return { addresses, rows };
}

describe('the text page map', () => {
  it("diff draws the seed's extra page at 4 KiB over 0x2d000 and 0x2e000, with RELRO marked, and says 16 and 64 KiB did not change", () => {
    const r = run(diffMain, ['--page-size', '4k,16k,64k', oldSo, newSo]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('  4 KiB pages (one column per page; old above new):');
    expect(at).toBeGreaterThan(0);
    const { addresses, rows } = mapBlock(lines, at + 1);
    const x2d = addresses.indexOf('0x2d000');
    const x2e = addresses.indexOf('0x2e000');
    expect(x2d).toBeGreaterThan(0);
    expect(x2e).toBeGreaterThan(x2d);
    // the page rows: each address sits over the `|` that starts its page
    expect(rows['old pages']!.slice(x2d, x2e + 1)).toBe('|rw-*b  |');
    expect(rows['new pages']!.slice(x2d, x2e + 9)).toBe('|r--R*  |rw-*b  |');
    // the new RW LOAD starts inside 0x2d000 with its RELRO part and ends inside 0x2e000
    const bar = rows.new!.slice(x2d, x2e + 8);
    expect(bar).toMatch(/^\s+\[#+=*\]?/);
    expect(rows.new!.indexOf(']', x2d)).toBeGreaterThan(x2e);
    expect(rows.change!.slice(x2e + 1, x2e + 6)).toBe('+page');
    expect(r.stdout).toContain('  16 KiB, 64 KiB pages: no change in pages, VMAs or dirty pages\n');
    // long runs are elided with their page count
    expect(rows['new pages']).toContain('… 28 pages …');
    for (const l of lines.slice(lines.indexOf('page map:'))) expect(l.length, l).toBeLessThanOrEqual(100);
  });

  it('a map wider than the width is drawn in bands that each fit, every page address kept', () => {
    const d = diffLayouts(readFacts(oldSo), readFacts(newSo), { pageSizes: [4096] });
    const m = diffMaps(d)[0]!.map;
    const wide = pageMapLines(m).join('\n');
    const narrow = pageMapLines(m, { width: 50 });
    for (const l of narrow) expect(l.length, l).toBeLessThanOrEqual(50);
    expect(narrow.filter((l) => l.startsWith('old')).length).toBeGreaterThan(1);
    for (const a of ['0x0', '0x1000', '0x1d000', '0x1e000', '0x2c000', '0x2d000', '0x2e000', '0x2f000']) {
      expect(wide).toMatch(new RegExp(`(^| )${a}( |$)`, 'm'));
      expect(narrow.join('\n')).toMatch(new RegExp(`(^| )${a}( |$)`, 'm'));
    }
  });

  it('memory draws one build per page size, RELRO read-only at 4 KiB and left writable at 64 KiB', () => {
    const r = run(memoryMain, ['--page-size', '4k,64k', newSo]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('|r--R*  |rw-*b  |');
    expect(r.stdout).toContain('|rw-r*b |');
    // the map's lines: from each heading to the next line indented less than the map
    const lines = r.stdout.split('\n');
    let maps = 0;
    lines.forEach((l, i) => {
      if (l !== '    page map (one column per page):') return;
      maps++;
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith('      '); j++) expect(lines[j]!.length, lines[j]).toBeLessThanOrEqual(100);
    });
    expect(maps).toBe(2);
  });

  it("the gate's Markdown carries the changed file's map in a fenced code block", () => {
    const check = seedGateCheck(mkdtempSync(join(dir, 'md-')), (a) => run(baselineMain, a).status);
    const r = run(baselineMain, [...check, '--format', 'markdown']);
    expect(r.status).toBe(1);
    const fence = r.stdout.indexOf('```text\n');
    expect(fence).toBeGreaterThan(0);
    const block = r.stdout.slice(fence, r.stdout.indexOf('\n```\n', fence));
    expect(block).toContain('4 KiB pages (one column per page; old above new):');
    expect(block).toMatch(/ 0x2d000 0x2e000 /);
    expect(block).toContain('|r--R*  |rw-*b  |');
    expect(block).toContain('+page');
    expect(block).toContain('16 KiB, 64 KiB pages: no change');
  });
});

describe('the HTML reports', () => {
  // a shared object with a section named like markup, in a file whose name is markup too
  const hostile = join(dir, 'lib<b>x&.so');
  writeFileSync(
    hostile,
    buildElf({
      bits: 64,
      machine: 62,
      type: 3,
      phdrs: [
        { type: 1, flags: 4, offset: 0n, vaddr: 0n, filesz: 0x800n, memsz: 0x800n, align: 0x1000n },
        { type: 1, flags: 6, offset: 0x1000n, vaddr: 0x1000n, filesz: 0x100n, memsz: 0x200n, align: 0x1000n },
      ],
      sections: [{ name: '<script>alert(1)</script>', type: 1, flags: 3n, addr: 0x1000n, offset: 0x1000n, size: 0x100n, addralign: 8n }],
      minSize: 0x1100,
    }),
  );

  it('a section named <script> and a file named lib<b>x&.so are text in the memory report, which loads nothing from anywhere', () => {
    const r = run(memoryMain, ['--format', 'html', hostile]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const html = r.stdout;
    expect(html).toContain('sections &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('lib&lt;b&gt;x&amp;.so');
    // the hardening table has the engine's three header verdicts
    expect(html).toMatch(/<td>RELRO<\/td><td>none<\/td>.*<td>NX<\/td><td>kernel-dependent<\/td>.*<td>PIE<\/td><td>shared-object<\/td>/s);
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toContain('<b>');
    // self-contained: the only URL is the SVG namespace, which is a name, never fetched
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:|src=|href=|url\(|@import/);
  });

  it('memory --format html over several files is one document with a section each, written as each report is made', () => {
    const r = run(memoryMain, ['--format', 'html', '--page-size', '4k', oldSo, join(dir, 'missing.so'), newSo]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing.so');
    expect(r.stdout.match(/<!DOCTYPE html>/g)?.length).toBe(1);
    expect(r.stdout.match(/<section class="file">/g)?.length).toBe(2);
    expect(r.stdout.endsWith('</body></html>\n')).toBe(true);
  });

  it('diff --format html has one SVG group per segment and page size, the extra page marked only at 4 KiB', () => {
    const r = run(diffMain, ['--format', 'html', '--page-size', '4k,16k,64k', oldSo, newSo]);
    expect(r.status).toBe(0);
    const svgs = r.stdout.split('<svg ').slice(1);
    expect(svgs.map((s) => s.match(/^class="pagemap" data-page-size="(\d+)"/)?.[1])).toEqual(['4096', '16384', '65536']);
    for (const s of svgs) expect(s.match(/<g class="segment"/g)?.length).toBe(4);
    expect(svgs[0]).toMatch(/<g class="page[^"]* extra" data-page="0x2e000">/);
    expect(svgs[1]).not.toContain('extra');
    expect(svgs[2]).not.toContain('extra');
    expect(r.stdout).toContain('<td>RELRO</td><td>no RELRO</td><td>partial RELRO</td>');
  });

  it('baseline check --report html=FILE writes the findings and the changed file\'s maps', () => {
    const check = seedGateCheck(mkdtempSync(join(dir, 'html-')), (a) => run(baselineMain, a).status);
    const out = join(dir, 'gate.html');
    const r = run(baselineMain, [...check, '--report', `html=${out}`]);
    expect(r.status).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<td>memory-growth</td>');
    expect(html).toMatch(/<g class="page[^"]* extra" data-page="0x2e000">/);
  });
});
