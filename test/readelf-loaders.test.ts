/**
 * checksec reads its tables through readelf/load.ts, which runs readelf's
 * loading phases without a view. That must be exactly what a readelf run
 * loads: for `readelf -d` (whose display adds no diagnostics of its own)
 * the diagnostics the loaders raise, replayed to a sink, are the run's
 * stderr, line for line and in order, on every crafted sample.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isElfFormatError } from '../src/elf/errors.js';
import { openElf } from '../src/elf/file.js';
import { DiagnosticLog, SinkDiagnostics } from '../src/readelf/diagnostics.js';
import { CaptureSink, runReadelf } from '../src/readelf/index.js';
import { loadFiledata } from '../src/readelf/load.js';

const DIR = 'samples/crafted';

/** The loaders' diagnostics for `path`, replayed as readelf writes them; null when readelf would not load it. */
function loaderStderr(path: string): string | null {
  let file;
  try {
    file = openElf(path);
  } catch (e) {
    if (isElfFormatError(e)) return null; // no ELF header: readelf stops before any loader
    throw e;
  }
  try {
    if (!file.reader.hasMagic) return null;
    const log = new DiagnosticLog();
    loadFiledata(file.reader, log);
    const sink = new CaptureSink();
    log.replay(new SinkDiagnostics(sink));
    return sink.stderr.toString('latin1');
  } finally {
    file.close();
  }
}

describe('loadFiledata loads what a readelf run loads', () => {
  const paths = readdirSync(DIR).map((f) => `${DIR}/${f}`);
  it('raises the diagnostics of `readelf -d`, in order, for every crafted sample', () => {
    let compared = 0;
    for (const path of paths) {
      const expected = loaderStderr(path);
      if (expected === null) continue;
      const sink = new CaptureSink();
      runReadelf([path], { dynamic: true }, sink);
      expect(expected, path).toBe(sink.stderr.toString('latin1'));
      compared++;
    }
    // Most crafted samples are ELF files with the magic: they are all compared.
    expect(compared).toBeGreaterThan(paths.length / 2);
  });
});
