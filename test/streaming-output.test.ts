/**
 * `elfaudit audit` and `elfaudit memory --format json` write each file's
 * report as soon as they have it: a CI job over a tree of 100,000 files does
 * not hold one report for all of them (audit on 6,000 paths took 320 MB of
 * RSS that way, now under 100 MB; memory --format json on the 10,254-file
 * corpus 451 -> 154 MB). The text and JSON are byte for byte what formatting
 * the whole report gives.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditPaths, formatAuditJson, formatAuditText } from '../src/audit/index.js';
import { auditMain } from '../src/cli/audit.js';
import { CaptureOutput } from '../src/io/output.js';
import { memoryMain } from '../src/cli/memory.js';
import { memoryJson } from '../src/memory/format.js';
import { memoryReport } from '../src/memory/report.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const manifest = readFileSync('samples/MANIFEST', 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));
// a directory would be walked for its ELF files; /dev/null stands for a path that is not a regular file
const batch = [...manifest.slice(0, 40), 'samples/does-not-exist', '/dev/null', 'samples/crafted/ehdr-trunc-4.elf', ...manifest.slice(-10)];

// Heavy: one case starts the CLI over 6,000 paths to measure its peak RSS.
describe('audit streams its report', { timeout: HEAVY_TIMEOUT }, () => {
  for (const format of ['json', 'text'] as const) {
    it(`--format ${format}: the same bytes as formatting the whole report, errors after it`, () => {
      const io = new CaptureOutput();
      const status = auditMain([...batch, '--format', format], io);
      const report = auditPaths(batch.map((p) => Buffer.from(p)));
      expect(io.stdout).toBe(format === 'json' ? formatAuditJson(report) : formatAuditText(report));
      const failed = report.files.filter((f) => f.error !== undefined);
      expect(failed.length).toBeGreaterThanOrEqual(3);
      expect(io.stderr).toBe(failed.map((f) => `elfaudit audit: ${f.path}: ${f.error}\n`).join(''));
      expect(status).toBe(1);
    });
  }

  it('one file: the same document as before', () => {
    const io = new CaptureOutput();
    expect(auditMain(['samples/x86_64/hello-pie', '--format', 'json'], io)).toBe(0);
    expect(io.stdout).toBe(formatAuditJson(auditPaths([Buffer.from('samples/x86_64/hello-pie')])));
  });

  it.skipIf(!existsSync('dist/cli/main.js') || !existsSync('/usr/bin/time'))('6,000 paths in one run stay under 150 MB of RSS', () => {
    const paths = Array.from({ length: 6000 }, (_, i) => manifest[i % manifest.length]!).filter((p) => !/static|core/.test(p));
    const r = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb=%M', process.execPath, 'bin/elfaudit.js', 'audit', '--format', 'json', ...paths], {
      maxBuffer: 1 << 30,
    });
    const kb = Number(/peak-rss-kb=(\d+)/.exec(r.stderr.toString())?.[1]);
    console.log(`audit --format json on ${paths.length} paths: peak RSS ${(kb / 1024).toFixed(0)} MiB`);
    expect(kb).toBeGreaterThan(0);
    expect(kb * 1024).toBeLessThan(150e6);
  });
});

describe('memory --format json streams its document', () => {
  const sets = [
    ['samples/x86_64/hello-pie', 'samples/arm/libdemo.so', 'samples/does-not-exist', 'samples/x86_64/hello.o', 'samples/mips/hello-nopie'],
    ['samples/does-not-exist', '/dev/null'],
    ['samples/x86_64/hello-pie'],
    ['samples/does-not-exist'],
  ];
  for (const files of sets) {
    it(`${files.length} path(s), ${files.filter((f) => f.includes('does-not') || f === '/dev/null').length} failing: JSON.stringify of the whole document`, () => {
      const io = new CaptureOutput();
      memoryMain([...files, '--format', 'json'], io);
      const docs: unknown[] = [];
      for (const f of files) {
        try {
          docs.push(memoryJson(memoryReport(f)));
        } catch {
          // a failing file has no element
        }
      }
      expect(io.stdout).toBe(JSON.stringify({ schema: 2, files: docs }, null, 2) + '\n');
    });
  }
});
