import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readelfMain } from '../src/cli/readelf.js';
import { CaptureSink } from '../src/readelf/sink.js';

function run(args: string[]): { status: number; out: string; err: string } {
  const sink = new CaptureSink();
  const status = readelfMain(args, sink);
  return { status, out: sink.stdout.toString('latin1'), err: sink.stderr.toString('latin1') };
}

describe('readelf options GNU has and elfaudit does not port', () => {
  it.each([
    [['-t', 'samples/x86_64/hello-pie'], '-t, --section-details'],
    [['--lto-syms', 'samples/x86_64/hello-pie'], '--lto-syms'],
    [['--debug-dump=info', 'samples/x86_64/hello-pie'], '-w, --debug-dump'],
    [['-L', 'samples/x86_64/hello-pie'], '-L, --lint'],
    [['-U', 'hex', '-W', 'samples/x86_64/hello-pie'], '-U, --unicode'],
  ])('%j is refused with one line naming the option, before any output', (args, named) => {
    const r = run(args);
    expect(r).toEqual({ status: 1, out: '', err: `elfaudit readelf: ${named} is not supported\n` });
  });

  it('-N, undocumented in GNU, is refused as what it is there: -t', () => {
    expect(run(['-N', 'samples/x86_64/hello-pie'])).toEqual({ status: 1, out: '', err: 'elfaudit readelf: -N is not supported (GNU: -t, --section-details)\n' });
  });

  it('-C says demangling is not supported rather than printing mangled names', () => {
    const r = run(['-s', '-C', 'samples/x86_64/hello-pie']);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^elfaudit readelf: -C, --demangle is not supported \(.*dependency\)\n$/);
  });
});

describe('readelf --syms', () => {
  it('--symbols is --syms', () => {
    expect(run(['--symbols', 'samples/x86_64/hello-pie'])).toEqual(run(['-s', 'samples/x86_64/hello-pie']));
  });

  it('a --sym-base other than 0, 8, 10 or 16 is the mixed default, as strtoul and GNU switch leave it', () => {
    const mixed = run(['-s', 'samples/x86_64/hello-pie']);
    expect(run(['-s', '--sym-base=7', 'samples/x86_64/hello-pie'])).toEqual(mixed);
    expect(run(['-s', '--sym-base=0x10', 'samples/x86_64/hello-pie'])).toEqual(run(['-s', '--sym-base=16', 'samples/x86_64/hello-pie']));
    expect(run(['-s', '--sym-base=16', 'samples/x86_64/hello-pie']).out).not.toEqual(mixed.out);
  });
});

describe('readelf with nothing to show', () => {
  // GNU's usage text as recorded from GNU readelf (test/golden/BATCHES, no-view-W).
  const usage = (): string => readFileSync('test/golden/batch/no-view-W.err', 'latin1');

  it('no file: "Nothing to do." and the usage on stderr, status 1, as GNU main does', () => {
    expect(usage()).toMatch(/^Usage: readelf <option\(s\)> elf-file\(s\)\n/);
    expect(run(['-l'])).toEqual({ status: 1, out: '', err: `readelf: Warning: Nothing to do.\n${usage()}` });
  });

  it('no arguments at all: the usage alone, as parse_args prints it before looking for files', () => {
    expect(run([])).toEqual({ status: 1, out: '', err: usage() });
  });

  it('-c alone is a view (GNU counts do_archive_index), -W and --sym-base are not', () => {
    expect(run(['-c', 'samples/archives/thin.a']).err).not.toContain('Usage:');
    expect(run(['-W', '--sym-base=8', 'samples/x86_64/hello-pie'])).toEqual({ status: 1, out: '', err: usage() });
  });
});
