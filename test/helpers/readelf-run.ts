/**
 * Runs elfaudit's readelf in-process on an image built by a test: the
 * image goes to a temporary file (runReadelf reads paths), removed after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureSink, runReadelf, type ReadelfOptions } from '../../src/readelf/index.js';

export function runReadelfOn(image: Buffer, options: Partial<ReadelfOptions>): { stdout: string; stderr: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'elfaudit-readelf-'));
  try {
    const path = join(dir, 'image.elf');
    writeFileSync(path, image);
    const sink = new CaptureSink();
    const status = runReadelf([path], options, sink);
    return { stdout: sink.stdout.toString('latin1'), stderr: sink.stderr.toString('latin1'), status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
