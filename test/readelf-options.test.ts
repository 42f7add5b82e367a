import { describe, expect, it } from 'vitest';
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
