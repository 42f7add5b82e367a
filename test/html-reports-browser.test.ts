/**
 * The three HTML reports (`diff --format html`, `memory --format html`,
 * `baseline check --report html=FILE`) rendered by a real browser: Debian's
 * chromium, headless, driven by its own command line (--dump-dom for the
 * DOM after parsing, --screenshot for pixels), so no browser is downloaded
 * and no package added. Without chromium on PATH the tests skip, saying so
 * (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMain } from '../src/cli/baseline.js';
import { diffMain } from '../src/cli/diff.js';
import { memoryMain } from '../src/cli/memory.js';
import { CaptureOutput } from '../src/io/output.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';
import { countColour, decodePng, distinctColours } from './helpers/png.js';
import { buildSeed, SEED_NEW, SEED_OLD, seedGateCheck } from './helpers/seed-builds.js';

const CHROMIUM = 'chromium';
const hasChromium = spawnSync(CHROMIUM, ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasChromium) console.warn('html-reports-browser: chromium not found on PATH, the browser tests skip (.ci/run installs it)');

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const oldSo = join(dir, 'libfoo.so.old');
const newSo = join(dir, 'libfoo.so.new');
writeFileSync(oldSo, buildSeed(SEED_OLD));
writeFileSync(newSo, buildSeed(SEED_NEW));

function run(main: typeof diffMain, args: string[]): { status: number; stdout: string } {
  const io = new CaptureOutput();
  const status = main(args, io);
  return { status, stdout: io.stdout };
}

/** The three reports on the seed's builds, as files. */
function reports(): Record<'diff' | 'memory' | 'gate', string> {
  const diff = join(dir, 'diff.html');
  writeFileSync(diff, run(diffMain, ['--format', 'html', '--page-size', '4k,16k,64k', oldSo, newSo]).stdout);
  const memory = join(dir, 'memory.html');
  writeFileSync(memory, run(memoryMain, ['--format', 'html', '--page-size', '4k,16k,64k', newSo]).stdout);
  const check = seedGateCheck(mkdtempSync(join(dir, 'gate-')), (a) => run(baselineMain, a).status);
  const gate = join(dir, 'gate.html');
  expect(run(baselineMain, [...check, '--report', `html=${gate}`]).status).toBe(1);
  return { diff, memory, gate };
}

/** Headless chromium over a local file, offline, with a profile of its own. */
function chromium(file: string, args: string[]): string {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const r = spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, '--proxy-server=127.0.0.1:9', ...args, pathToFileURL(file).href],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Each <svg class="pagemap"> of the DOM: its page size and the markup inside it. */
function svgs(dom: string): { pageSize: string; body: string }[] {
  return dom
    .split('<svg ')
    .slice(1)
    .map((s) => ({ pageSize: s.match(/data-page-size="(\d+)"/)?.[1] ?? '', body: s.slice(0, s.indexOf('</svg>')) }));
}

const EXTRA_PAGE = /<g class="page[^"]* extra" data-page="0x2e000">/;

describe.skipIf(!hasChromium)('the HTML reports in headless chromium', () => {
  it(
    'the DOM has one SVG group per segment and page size, the seed\'s extra page at 0x2e000 marked at 4 KiB only, and no script',
    () => {
      const files = reports();
      const expected = { diff: ['4096', '16384', '65536'], memory: ['4096', '16384', '65536'], gate: ['4096', '16384', '65536'] };
      // LOADs per map: old and new in a diff (2 + 2), one build in memory (2)
      const segments = { diff: 4, memory: 2, gate: 4 };
      for (const k of ['diff', 'memory', 'gate'] as const) {
        const dom = chromium(files[k], ['--dump-dom']);
        expect(dom, k).toContain('<svg');
        expect(dom.toLowerCase(), k).not.toContain('<script');
        const maps = svgs(dom);
        expect(maps.map((m) => m.pageSize), k).toEqual(expected[k]);
        for (const m of maps) {
          const groups = m.body.match(/<g class="segment" data-side="(old|new|one)" data-segment="\d+" data-page-size="(\d+)"/g) ?? [];
          expect(groups.length, `${k} ${m.pageSize}`).toBe(segments[k]);
          for (const g of groups) expect(g).toContain(`data-page-size="${m.pageSize}"`);
          expect(m.body.match(/<title>/g)?.length ?? 0, `${k} ${m.pageSize} hover titles`).toBeGreaterThan(segments[k]);
        }
        if (k !== 'memory') {
          expect(maps[0]!.body, k).toMatch(EXTRA_PAGE);
          expect(maps[1]!.body, k).not.toMatch(/class="page[^"]* extra"/);
          expect(maps[2]!.body, k).not.toMatch(/class="page[^"]* extra"/);
        }
      }
    },
    HEAVY_TIMEOUT, // Heavy: starts chromium three times.
  );

  it(
    'each report renders non-blank, and the diff shows the extra page in its green',
    () => {
      const files = reports();
      for (const k of ['diff', 'memory', 'gate'] as const) {
        const png = join(dir, `${k}.png`);
        chromium(files[k], [`--screenshot=${png}`, '--window-size=1100,1400']);
        const p = decodePng(readFileSync(png));
        expect([p.width, p.height], k).toEqual([1100, 1400]);
        expect(distinctColours(p), k).toBeGreaterThan(10);
        const white = countColour(p, [255, 255, 255]);
        expect(white / (p.width * p.height), k).toBeLessThan(0.97);
        // the extra page's edge (#1a8a2a in src/pagemap/svg.ts) is on screen in the reports that diff
        if (k !== 'memory') expect(countColour(p, [0x1a, 0x8a, 0x2a], 24), k).toBeGreaterThan(20);
        else expect(countColour(p, [0x1a, 0x8a, 0x2a], 24), k).toBe(0);
      }
    },
    HEAVY_TIMEOUT, // Heavy: starts chromium three times.
  );
});
