/**
 * What fuzzing found, kept as tests: readelf runs over committed samples and
 * files derived from them by the mutation that exposed the difference
 * (scripts/fuzz/findings.ts), against GNU readelf 2.40's output recorded by
 * scripts/fuzz/record-goldens.ts in test/golden/findings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINDINGS, makeDerived, normalize, resolveArgs } from '../scripts/fuzz/findings.js';
import { readelfMain } from '../src/cli/readelf.js';
import { CaptureSink } from '../src/readelf/sink.js';

const G = 'test/golden/findings';
const dir = mkdtempSync(join(tmpdir(), 'elfaudit-findings-'));
makeDerived(dir, process.cwd());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readelf: runs that fuzzing found differing from GNU readelf 2.40', () => {
  for (const [name, args, why] of FINDINGS) {
    it(`${name}: ${why}`, () => {
      const sink = new CaptureSink();
      const status = readelfMain(resolveArgs(args, dir), sink);
      expect({
        stdout: normalize(sink.stdout.toString('latin1'), dir),
        stderr: normalize(sink.stderr.toString('latin1'), dir),
        status,
      }).toEqual({
        stdout: readFileSync(`${G}/${name}.out`).toString('latin1'),
        stderr: readFileSync(`${G}/${name}.err`).toString('latin1'),
        status: Number(readFileSync(`${G}/${name}.rc`, 'utf8').trim()),
      });
    });
  }
});
