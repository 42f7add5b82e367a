/**
 * Byte-for-byte parity with GNU readelf 2.40: every sample in
 * samples/MANIFEST under every flag set in test/golden/FLAGS, and the mixed
 * batches in test/golden/BATCHES, against outputs recorded by
 * test/golden/record.sh. No binutils needed here: the goldens are committed.
 * Paths are relative to the repository root, where vitest runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readelfMain } from '../src/cli/readelf.js';
import { CaptureSink } from '../src/readelf/sink.js';

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    : [];

const manifest = lines('samples/MANIFEST');
const flagSets = lines('test/golden/FLAGS');
/** record.sh's file name for a flag set: each word without its dashes, joined by `_` (`-l -W` → `l_W`). */
const slug = (flags: string) => flags.split(' ').map((w) => w.replace(/^-+/, '')).join('_');

interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

function run(args: string[]): Run {
  const sink = new CaptureSink();
  const status = readelfMain(args, sink);
  return { stdout: sink.stdout.toString('latin1'), stderr: sink.stderr.toString('latin1'), status };
}

function golden(base: string): Run {
  return {
    stdout: readFileSync(`${base}.out`).toString('latin1'),
    stderr: readFileSync(`${base}.err`).toString('latin1'),
    status: Number(readFileSync(`${base}.rc`, 'utf8').trim()),
  };
}

describe('readelf matches GNU readelf 2.40 on every sample', () => {
  it('has samples and flag sets to compare', () => {
    expect(manifest.length).toBeGreaterThan(50);
    expect(flagSets).toContain('-l');
    expect(flagSets).toContain('-lW');
  });
  for (const flags of flagSets) {
    describe(`readelf ${flags}`, () => {
      for (const path of manifest) {
        const base = `test/golden/readelf/${path}/${slug(flags)}`;
        it(path, () => {
          expect(run([...flags.split(' '), path])).toEqual(golden(base));
        });
      }
    });
  }
});

describe('readelf matches GNU readelf 2.40 on every sample archive', () => {
  const archives = lines('samples/archives/MANIFEST');
  const archiveFlags = [...flagSets, ...lines('test/golden/ARCHIVE_FLAGS')];
  it('has archives and the -c flag sets to compare', () => {
    expect(archives.length).toBeGreaterThan(15);
    expect(archiveFlags).toContain('-c');
  });
  for (const flags of archiveFlags) {
    describe(`readelf ${flags}`, () => {
      for (const path of archives) {
        it(path, () => {
          expect(run([...flags.split(' '), path])).toEqual(golden(`test/golden/readelf/${path}/${slug(flags)}`));
        });
      }
    });
  }
});

/** Both streams in one, in the order they were written (GNU flushes stdout before each diagnostic). */
class InterleavedSink extends CaptureSink {
  all = '';
  override out(text: string): void {
    super.out(text);
    this.all += text;
  }
  override err(text: string): void {
    super.err(text);
    this.all += text;
  }
}

describe('readelf batches: bad files get their error, good ones are all printed', () => {
  for (const line of lines('test/golden/BATCHES')) {
    const [name, flags, paths] = line.split('\t') as [string, string, string];
    const args = [...flags.split(' '), ...paths.split(' ')];
    it(name, () => {
      expect(run(args)).toEqual(golden(`test/golden/batch/${name}`));
    });
    it(`${name}: diagnostics interleave with output as GNU's do`, () => {
      const sink = new InterleavedSink();
      readelfMain(args, sink);
      expect(sink.all).toBe(readFileSync(`test/golden/batch/${name}.all`).toString('latin1'));
    });
  }
});
