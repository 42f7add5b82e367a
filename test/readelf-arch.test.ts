import { describe, expect, it } from 'vitest';
import { readUleb128 } from '../src/elf/leb128.js';
import { readelfMain } from '../src/cli/readelf.js';
import { fixed1 } from '../src/readelf/printf.js';
import { CaptureSink } from '../src/readelf/sink.js';

function run(args: string[]): { status: number; out: string; err: string } {
  const sink = new CaptureSink();
  const status = readelfMain(args, sink);
  return { status, out: sink.stdout.toString('latin1'), err: sink.stderr.toString('latin1') };
}

describe('readelf -a', () => {
  it.each([['samples/arm/libdemo.so'], ['samples/mips/hello-pie'], ['samples/crafted/dyntags-mips32.elf']])(
    'is -h -l -S -s -r -d -V -A -I -n -u -g (parse_args): %s',
    (file) => {
      const all = run(['-a', file]);
      expect(all).toEqual(run(['-h', '-l', '-S', '-s', '-r', '-d', '-V', '-A', '-I', '-n', '-u', '-g', file]));
      expect(all).toEqual(run(['--all', file]));
      expect(all.out).toContain('ELF Header:');
    },
  );

  it('--arch-specific is -A and --histogram is -I', () => {
    expect(run(['--arch-specific', 'samples/arm/libdemo.so'])).toEqual(run(['-A', 'samples/arm/libdemo.so']));
    expect(run(['--histogram', 'samples/arm/libdemo.so'])).toEqual(run(['-I', 'samples/arm/libdemo.so']));
    expect(run(['-A', 'samples/arm/libdemo.so']).out).toContain('Attribute Section: aeabi\n');
    expect(run(['-I', 'samples/arm/libdemo.so']).out).toContain(' Length  Number     % of total  Coverage\n');
  });
});

describe("the histogram's %5.1f", () => {
  it('rounds a tie to even as glibc does, where toFixed would round it up', () => {
    // 1/400 of 100 is 0.25 exactly: glibc prints 0.2, (0.25).toFixed(1) is 0.3.
    expect(fixed1((1 * 100) / 400)).toBe('0.2');
    expect(fixed1(12.25)).toBe('12.2');
    expect(fixed1(0.75)).toBe('0.8');
    expect(fixed1(100)).toBe('100.0');
    expect(fixed1((1 * 100) / 3)).toBe('33.3');
    // 0.15 is not a tie in binary (it is below 0.15): both print 0.1.
    expect(fixed1(0.15)).toBe('0.1');
  });
});

describe('readUleb128', () => {
  const leb = (bytes: number[], end = bytes.length) => readUleb128(Uint8Array.from(bytes), 0, end);
  it('reads a number and says how many bytes it took', () => {
    expect(leb([0xe5, 0x8e, 0x26, 0xff])).toEqual({ value: 624485n, length: 3, status: 0 });
  });
  it('flags the end of the data before the last byte (status 1)', () => {
    expect(leb([0x80, 0x80])).toEqual({ value: 0n, length: 2, status: 1 });
    expect(leb([0x81], 0)).toEqual({ value: 0n, length: 0, status: 1 });
  });
  it('flags bits past 64 (status 2) and keeps the low 64', () => {
    const big = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expect(leb(big)).toEqual({ value: (1n << 64n) - 1n, length: 10, status: 0 });
    expect(leb([...big.slice(0, 9), 0x03])).toEqual({ value: (1n << 64n) - 1n, length: 10, status: 2 });
    expect(leb([...big.slice(0, 9), 0x81, 0x01]).status).toBe(2);
  });
});
