/**
 * The package root is the supported library (src/index.ts): a short,
 * deliberate list. Anything else is under `elfaudit/internal`. This test
 * pins the list, so an export is added or removed on purpose, and checks
 * that the headline features work through the root alone.
 */
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as internal from '../src/internal.js';

const ROOT_API = [
  'CaptureOutput', 'CaptureSink', 'DF', 'DF_1', 'DT', 'EM', 'ET', 'ElfFile', 'ElfFormatError', 'FdSink', 'LOADERS', 'PF', 'PT', 'SHF', 'SHT',
  'auditPath', 'auditPaths', 'checksecFile', 'diffJson', 'diffLayouts', 'estimateMemory', 'formatAuditJson', 'formatAuditText', 'formatDiffMarkdown',
  'formatDiffText', 'formatMemoryText', 'gate', 'hardening', 'isElfFormatError', 'layoutFacts', 'live', 'memoryJson', 'memoryReport', 'memoryReportFromFacts',
  'openElf', 'pageSizesFor', 'parseElf', 'probeElf', 'procfs', 'readFacts', 'readelfDefaults', 'runChecksec', 'runReadelf',
];

const SAMPLE = 'samples/x86_64/libdemo.so';

describe('the package root', () => {
  it('exports the curated list and nothing else', () => {
    expect(Object.keys(root).sort()).toEqual([...ROOT_API].sort());
  });

  it('keeps internals (decoders, column tables, CSV writers) out of the root but in elfaudit/internal', () => {
    for (const name of ['makeDecoder', 'ProgramTable', 'csvBody', 'CLI_HEADER', 'ElfReader']) {
      expect(name in root).toBe(false);
      expect(name in internal).toBe(true);
    }
  });

  it('reads a file, prices it and diffs it with itself through the root alone', () => {
    const report = root.memoryReport(SAMPLE);
    expect(report.estimates.length).toBeGreaterThan(0);
    const facts = root.readFacts(SAMPLE);
    const d = root.diffLayouts(facts, facts);
    expect(root.formatDiffText(d)).toContain(SAMPLE);
    const out = new root.CaptureOutput();
    out.out(root.formatMemoryText(report));
    expect(out.stdout).toContain('VMA');
  });

  it('runs readelf -l into a capture sink', () => {
    const sink = new root.CaptureSink();
    expect(root.runReadelf([SAMPLE], { segments: true }, sink)).toBe(0);
    expect(sink.stdout.toString('latin1')).toContain('Program Headers:');
  });
});
