/**
 * What fuzzing found, kept as tests: readelf batches over committed samples
 * (scripts/fuzz/findings.mjs) against GNU readelf 2.40's output, recorded
 * by scripts/fuzz/record-goldens.mjs in test/golden/findings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDINGS } from '../scripts/fuzz/findings.mjs';
import { readelfMain } from '../src/cli/readelf.js';
import { CaptureSink } from '../src/readelf/sink.js';

const G = 'test/golden/findings';

describe('readelf: batches that fuzzing found differing from GNU readelf 2.40', () => {
  for (const [name, args, why] of FINDINGS) {
    it(`${name}: ${why}`, () => {
      const sink = new CaptureSink();
      const status = readelfMain(args, sink);
      expect({ stdout: sink.stdout.toString('latin1'), stderr: sink.stderr.toString('latin1'), status }).toEqual({
        stdout: readFileSync(`${G}/${name}.out`).toString('latin1'),
        stderr: readFileSync(`${G}/${name}.err`).toString('latin1'),
        status: Number(readFileSync(`${G}/${name}.rc`, 'utf8').trim()),
      });
    });
  }
});
