/**
 * The ARM unwind decoder (values, corrupt entries included) and its GNU
 * formatter, apart from the files: words come from small in-memory sources.
 * Whole-file parity with GNU readelf -u is in golden.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeIndexEntry,
  decodeUnwind,
  expandPrel31,
  NO_ADDR,
  NO_WORDS,
  type DecodeContext,
  type OpItem,
  type RelocNote,
  type UnwindItem,
  type WordSource,
} from '../src/readelf/unwind/arm-decode.js';
import { ArmUnwindFormatter, armText, c6xText } from '../src/readelf/unwind/arm-format.js';
import { SinkDiagnostics } from '../src/readelf/diagnostics.js';
import type { ReadelfSink } from '../src/readelf/sink.js';
import { CaptureSink, runReadelf } from '../src/readelf/index.js';

/** Words at offsets 0, 4, 8, ...; `notes[i]` are raised when word i is read. */
function words(ws: number[], notes: Record<number, RelocNote[]> = {}): WordSource {
  return {
    read(offset) {
      const i = Number(offset) / 4;
      if (i >= ws.length) return { ok: false, word: 0, addr: NO_ADDR, symName: -1n, notes: notes[i] ?? [] };
      return { ok: true, word: ws[i]! >>> 0, addr: NO_ADDR, symName: -1n, notes: notes[i] ?? [] };
    },
  };
}

const arm: DecodeContext = {
  machine: 'arm',
  symbolFor: (a) => (a.offset >= 0x1000n && a.offset < 0x1100n ? { name: 'fn', offset: a.offset - 0x1000n } : null),
  symbolName: () => null,
};
const gxx: DecodeContext = { ...arm, symbolFor: (a) => (a.offset === 0x2000n ? { name: '__gxx_personality_v0', offset: 0n } : null) };

/** One stream with both outputs, as a terminal shows them. */
class Both implements ReadelfSink {
  text = '';
  out(t: string): void {
    this.text += t;
  }
  err(t: string): void {
    this.text += t;
  }
}

const ops = (items: UnwindItem[]) => items.filter((i): i is OpItem => i.kind === 'op');

describe('ARM unwind decoder', () => {
  it('expands prel31 offsets with the sign of bit 30 (and halfwords on C6000)', () => {
    expect(expandPrel31('arm', 0x10, 0x100n)).toBe(0x110n);
    expect(expandPrel31('arm', 0x7ffffff0, 0x100n)).toBe(0xf0n);
    expect(expandPrel31('arm', 0x80000010, 0x100n)).toBe(0x110n); // bit 31 ignored
    expect(expandPrel31('c6x', 0x10, 0x100n)).toBe(0x120n);
  });

  it('classifies index entries and keeps a corrupt first word as a value', () => {
    const e0 = decodeIndexEntry(arm, words([0x10, 1]), 0x1000n, 0);
    expect(e0).toMatchObject({ ok: true, corrupt: false, kind: 'cantunwind', fn: 0x1010n, fnSymbol: { name: 'fn', offset: 0x10n } });
    const e1 = decodeIndexEntry(arm, words([0, 0, 0x80000000, 0x80b0b0b0]), 0x1000n, 1);
    expect(e1).toMatchObject({ ok: true, corrupt: true, kind: 'inline', entryWord: 0x80b0b0b0 });
    const e2 = decodeIndexEntry(arm, words([0, 0, 0, 0x20]), 0x1000n, 1);
    expect(e2).toMatchObject({ kind: 'table', table: 0x102cn });
    expect(decodeIndexEntry(arm, words([0]), 0n, 0).ok).toBe(false);
  });

  it('decodes an inline compact model 0 entry', () => {
    const u = decodeUnwind(arm, NO_WORDS, 0x80a8b0b0, 4, 0n, 0n);
    expect(u.ok).toBe(true);
    expect(u.items[0]).toEqual({ kind: 'compact', index: 0, corrupt: false, word: 0x80a8b0b0 });
    expect(ops(u.items).map((o) => o.value)).toEqual([{ op: 'pop-r4-run', last: 4, lr: true }, { op: 'finish' }, { op: 'finish' }]);
  });

  it('ends a cut instruction as a value, not an exception', () => {
    const u = decodeUnwind(arm, NO_WORDS, 0x803f40b1, 4, 0n, 0n);
    const last = ops(u.items).at(-1)!;
    expect(last).toMatchObject({ bytes: [0xb1], value: null, end: 'truncated' });
    expect(u.ok).toBe(false);
  });

  it('reports reserved and corrupt compact models', () => {
    const u = decodeUnwind(arm, NO_WORDS, 0xf0b0b0b0, 4, 0n, 0n);
    expect(u.items).toEqual([{ kind: 'compact', index: 0x70, corrupt: true, word: 0xf0b0b0b0 }, { kind: 'reserved-index' }]);
    expect(u.ok).toBe(false);
  });

  it('follows a GCC personality routine into its bytecode, and flags a corrupt vsp change', () => {
    // personality word (prel31 to 0x2000 from 0x1000), then count 2 and b2 with nine continuation bytes
    const src = words([0x1000, 0x02b28080, 0x80808080, 0x808080b0]);
    const u = decodeUnwind(gxx, src, 0, 0, 0n, 0x1000n);
    expect(u.items[0]).toMatchObject({ kind: 'personality', fn: 0x2000n, direct: false, symbol: { name: '__gxx_personality_v0' } });
    const o = ops(u.items);
    expect(o[0]).toMatchObject({ value: { op: 'corrupt-vsp' } });
    expect(o[0]!.bytes).toHaveLength(10);
    expect(o[1]).toMatchObject({ value: { op: 'finish' } });
    expect(u.ok).toBe(false);
  });

  it('stops other personality routines after their name', () => {
    const u = decodeUnwind(arm, words([0x80, 0x12345678]), 0, 0, 0n, 0x1000n);
    expect(u.items).toEqual([{ kind: 'personality', fn: 0x1080n, direct: false, symbol: { name: 'fn', offset: 0x80n } }]);
    expect(u.ok).toBe(true);
  });

  it('stops mid-instruction when a word cannot be read, keeping the notes of that read in place', () => {
    const note: RelocNote = { kind: 'misaligned', offset: 6n };
    const u = decodeUnwind(arm, words([0x8201b2ff], { 1: [note] }), 0, 0, 0n, 0n);
    const last = ops(u.items).at(-1)!;
    expect(last).toMatchObject({ bytes: [0xb2, 0xff], end: 'failed', notes: [{ at: 2, notes: [note] }] });
  });

  it('decodes uleb128 vsp changes as signed 64-bit values', () => {
    const u = decodeUnwind(arm, NO_WORDS, 0x80b28101, 4, 0n, 0n);
    expect(ops(u.items)[0]!.value).toEqual({ op: 'vsp-add-uleb', value: 0x204n + 4n * 0x81n });
  });

  it('decodes C6000 frame pops with pads', () => {
    const c6x: DecodeContext = { ...arm, machine: 'c6x' };
    const u = decodeUnwind(c6x, NO_WORDS, 0x80c21ff3, 4, 0n, 0n);
    expect(ops(u.items)[0]!.value).toEqual({ op: 'pop-frame', slots: [3, null, null, 1] });
  });
});

describe('ARM unwind formatter (GNU text)', () => {
  it('prints each instruction with GNU spacing', () => {
    expect(armText({ op: 'vsp-add', n: 16 })).toBe('     vsp = vsp + 16');
    expect(armText({ op: 'pop-r4', mask: 0x801 })).toBe('pop {r4, r15}');
    expect(armText({ op: 'pop-r4-run', last: 6, lr: true })).toBe('     pop {r4, r5, r6, r14}');
    expect(armText({ op: 'pop-d8', count: 0 })).toBe('pop {D8}');
    expect(armText({ op: 'pop-d', first: 16, count: 15 })).toBe('pop {D16-D31}');
    expect(armText({ op: 'pop-wr10', count: 5 })).toBe('     pop {wR10-wR15}');
    expect(armText({ op: 'pop-wcgr', mask: 5 })).toBe('pop {wCGR0, wCGR2}');
    expect(armText({ op: 'vsp-add-uleb', value: -4n })).toBe('vsp = vsp + -4');
    expect(c6xText({ op: 'pop', compact: true, mask: 0x1001 })).toBe('pop compact {A10, A15}');
    expect(c6xText({ op: 'pop-frame', slots: [] })).toBe('pop frame {*corrupt* - no registers specified}');
  });

  it('interleaves diagnostics where GNU prints them', () => {
    const sink = new Both();
    const fmt = new ArmUnwindFormatter(sink, new SinkDiagnostics(sink), 'arm');
    fmt.unwind({
      ok: false,
      items: [
        { kind: 'compact', index: 0x70, corrupt: true, word: 0xf0000000 },
        { kind: 'reserved-index' },
        { kind: 'op', bytes: [0xb1, 0x01], notes: [{ at: 1, notes: [{ kind: 'unknown-type', machine: 'arm', type: 141 }] }], value: { op: 'pop-r0', mask: 1 } },
        { kind: 'op', bytes: [0xb2], notes: [], value: null, end: 'failed' },
      ],
    });
    expect(sink.text).toBe(
      'readelf: Warning: Corrupt ARM compact model table entry: f0000000 \n' +
        '  Compact model index: 112\n' +
        'readelf: Warning: Unknown ARM compact model index encountered\n' +
        '  [reserved]\n' +
        '  0xb1 readelf: Warning: Skipping unknown ARM relocation type: 141\n' +
        '0x01 pop {r0}\n' +
        '  0xb2 ',
    );
  });
});

describe('readelf -u across files', () => {
  const capture = () => {
    const s = { out: '', err: '' };
    const sink: ReadelfSink = { out: (t) => void (s.out += t), err: (t) => void (s.err += t) };
    return { s, sink };
  };

  it('turns -u off for the rest of the run after a file without section headers, as GNU does', () => {
    const { s, sink } = capture();
    runReadelf(['samples/crafted/shentsize-small.elf', 'samples/arm/libcxx-exidx.so'], { unwind: true }, sink);
    expect(s.out).not.toContain('Unwind section');
    const alone = capture();
    runReadelf(['samples/arm/libcxx-exidx.so'], { unwind: true }, alone.sink);
    expect(alone.s.out).toContain("Unwind section '.ARM.exidx'");
  });

  it('says so rather than guess when an IA-64 file has unwind sections', () => {
    const none = capture();
    expect(runReadelf(['samples/crafted/segtypes-proc-ia64.elf'], { unwind: true }, none.sink)).toBe(0);
    expect(none.s.out).toBe('\nThere are no unwind sections in this file.\n');
    // The ARM sample relabelled IA-64: its SHT_ARM_EXIDX is SHT_IA_64_UNWIND, which needs GNU's
    // IA-64 unwind decoder (not ported).
    const bytes = readFileSync('samples/arm/libcxx-exidx.so');
    bytes.writeUInt16LE(50, 18);
    const path = join(mkdtempSync(join(tmpdir(), 'elfaudit-')), 'ia64.so');
    writeFileSync(path, bytes);
    const { s, sink } = capture();
    expect(runReadelf([path], { unwind: true }, sink)).toBe(1);
    expect(s.out).toBe('');
    expect(s.err).toBe(`readelf: Error: ${path}: decoding IA-64 unwind sections is not supported by elfaudit yet\n`);
  });
});

describe('damaged unwind tables never throw', () => {
  /** xorshift32: the same cases on every run. */
  function rng(seed: number) {
    let x = seed >>> 0 || 1;
    return (n: number) => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x % n;
    };
  }
  const seeds = [
    'samples/crafted/arm-unwind-exec.elf',
    'samples/crafted/arm-unwind-rel.o',
    'samples/crafted/arm-unwind-rela.o',
    'samples/crafted/c6x-unwind.elf',
    'samples/crafted/hppa-unwind.o',
    'samples/crafted/arm-groups.o',
    'samples/arm/libcxx-exidx.so',
  ];
  for (const seed of seeds) {
    it(seed, () => {
      const orig = readFileSync(seed);
      const r = rng(seed.length * 7919 + orig.length);
      const dir = mkdtempSync(join(tmpdir(), 'elfaudit-unwind-'));
      const paths: string[] = [];
      for (let n = 0; n < 150; n++) {
        const b = Buffer.from(orig);
        // words and bytes in the tables (0x100-0xa00 in the crafted files) and anywhere
        for (let i = 0, hits = 1 + r(6); i < hits; i++) {
          const at = r(2) === 0 ? 0x100 + r(Math.min(b.length, 0xa00) - 0x100) : r(b.length);
          if (r(2) === 0) b[at] = r(256);
          else if (at + 4 <= b.length) b.writeUInt32LE([0, 1, 0x80000000, 0x7fffffff, r(0x7fffffff)][r(5)]! >>> 0, at & ~3);
        }
        const path = join(dir, `f${n}.elf`);
        writeFileSync(path, b);
        paths.push(path);
      }
      const sink: ReadelfSink = { out: () => {}, err: () => {} };
      expect([0, 1]).toContain(runReadelf(paths, { unwind: true, segments: true }, sink));
    });
  }
});

describe('unwind symbols are get_elf_symbols\' (reserved section indices widened)', () => {
  it('an absolute personality routine is not named: GNU compares its 16-bit section with the widened SHN_ABS', () => {
    // find_symbol_for_address compares absaddr.section (an unsigned short)
    // with st_shndx as get_elf_symbols holds it (0xfffffff1 for SHN_ABS),
    // so GNU readelf 2.40 prints the bare address here.
    const sink = new CaptureSink();
    expect(runReadelf([join(import.meta.dirname, 'fixtures', 'unwind', 'abs-personality.o')], { unwind: true }, sink)).toBe(0);
    expect(sink.stdout.toString('latin1')).toBe(
      "\nUnwind section '.ARM.exidx' at offset 0x44 contains 1 entry:\n\n0x0: @0x0\n  Personality routine: 0x1234\n\n",
    );
    expect(sink.stderr.length).toBe(0);
  });
});
