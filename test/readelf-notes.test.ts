/**
 * readelf -n building blocks: the reader's walkNotes (GNU's walk over a note
 * area, with where and why it stops), the note type and property names, and
 * print_symbol. Whole-output parity is the golden test's job (-n, -l -n).
 */
import { describe, expect, it } from 'vitest';
import { makeDecoder } from '../src/elf/decode.js';
import { decodeNotes, walkNotes } from '../src/elf/notes.js';
import {
  decodeAarch64Feature1And,
  decodeX86Compat2Isa,
  decodeX86Feature1,
  decodeX86Isa,
  gnuNoteTypeName,
  netbsdCoreNoteTypeName,
  noteTypeName,
} from '../src/readelf/note-names.js';
import { printSymbol } from '../src/readelf/print-symbol.js';

const le64 = makeDecoder(64, false);
const be32 = makeDecoder(32, true);

/** One standard note, little-endian unless `be`: header, name padded to `align`, descriptor padded. */
function note(name: string, type: number, desc: number[], align = 4, be = false, namesz?: number): Buffer {
  const n = Buffer.from(name + '\0', 'latin1');
  const nameLen = namesz ?? n.length;
  const pad = (x: number) => Math.ceil(x / align) * align;
  const descOff = pad(12 + nameLen);
  const b = Buffer.alloc(pad(descOff + desc.length));
  const w = (o: number, v: number) => (be ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o));
  w(0, nameLen);
  w(4, desc.length);
  w(8, type);
  n.copy(b, 12, 0, Math.min(n.length, nameLen));
  Buffer.from(desc).copy(b, descOff);
  return b;
}

describe('walkNotes', () => {
  it('walks well-formed notes to the exact end, 4- and 8-aligned', () => {
    const area = Buffer.concat([note('GNU', 3, [1, 2, 3, 4, 5]), note('GNU', 1, [0, 0, 0, 0])]);
    const steps = walkNotes(le64, area, 4);
    expect(steps.map((s) => s.kind)).toEqual(['note', 'note']);
    const [a, b] = steps;
    expect(a).toMatchObject({ at: 0, namesz: 4, descsz: 5, type: 3, nameAt: 12, descAt: 16, next: 24 });
    expect(b).toMatchObject({ at: 24, type: 1, descAt: 40, next: 44 });
    // 8-aligned: the descriptor starts at 16 whatever the name length up to 4.
    const p = note('GNU', 5, [1, 0, 0, 0xc0, 4, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0], 8);
    expect(walkNotes(le64, p, 8)).toMatchObject([{ kind: 'note', descAt: 16, next: 32 }]);
  });

  it('reads big-endian headers', () => {
    expect(walkNotes(be32, note('GNU', 3, [9, 9, 9, 9], 4, true), 4)).toMatchObject([
      { kind: 'note', namesz: 4, descsz: 4, type: 3 },
    ]);
  });

  it('ends with the bytes left when fewer than a header remain', () => {
    const area = Buffer.concat([note('GNU', 3, [1, 2, 3, 4]), Buffer.alloc(8)]);
    expect(walkNotes(le64, area, 4).at(-1)).toEqual({ kind: 'short', at: 20, remaining: 8 });
    expect(walkNotes(le64, Buffer.alloc(1), 4)).toEqual([{ kind: 'short', at: 0, remaining: 1 }]);
  });

  it('ends at a note whose name or padded descriptor runs past the end', () => {
    const big = note('GNU', 3, [1, 2, 3, 4]);
    big.writeUInt32LE(0x100, 4); // descsz
    expect(walkNotes(le64, big, 4)).toEqual([{ kind: 'invalid', at: 0, type: 3n, namesz: 4n, descsz: 0x100n }]);
    // The padding counts: a 5-byte descriptor needs 8 bytes.
    const cut = note('GNU', 3, [1, 2, 3, 4, 5]).subarray(0, 21);
    expect(walkNotes(le64, cut, 4)[0]!.kind).toBe('invalid');
    // decodeNotes (checksec's) still accepts it: its callers only look for a note.
    expect(decodeNotes(le64, cut, 0n, 4)).toHaveLength(1);
  });

  it('reads the 64-bit OpenVMS layout, padding name and descriptor to 8', () => {
    const b = Buffer.alloc(24 + 8 + 8);
    b.writeBigUInt64LE(3n, 0);
    b.writeBigUInt64LE(5n, 8);
    b.writeBigUInt64LE((1n << 32n) | 2n, 16);
    b.write('IPF', 24, 'latin1');
    expect(walkNotes(le64, b, 8, true)).toEqual([
      { kind: 'note', at: 0, namesz: 3, descsz: 5, type: 2, typeHigh: 1, nameAt: 24, descAt: 32, next: 40 },
    ]);
    b.writeBigUInt64LE(0xfffffffffffffff9n, 0); // wraps to 0 when padded
    expect(walkNotes(le64, b, 8, true)[0]).toMatchObject({ kind: 'invalid', namesz: 0xfffffffffffffff9n });
  });
});

describe('note names', () => {
  it('names core and non-core types differently', () => {
    expect(noteTypeName(true, 1)).toBe('NT_PRSTATUS (prstatus structure)');
    expect(noteTypeName(false, 1)).toBe('NT_VERSION (version)');
    expect(noteTypeName(false, 0xcafe1a7e)).toBe('FDO_PACKAGING_METADATA');
    expect(noteTypeName(true, 0x205)).toBe('Unknown note type: (0x00000205)');
    expect(gnuNoteTypeName(0x101)).toBe('NT_GNU_BUILD_ATTRIBUTE_FUNC');
  });
  it('numbers NetBSD machine-dependent core notes per machine', () => {
    expect(netbsdCoreNoteTypeName(62, 33)).toBe('PT_GETREGS (reg structure)');
    expect(netbsdCoreNoteTypeName(42, 33)).toBe('PT___GETREGS40 (old reg structure)');
    expect(netbsdCoreNoteTypeName(2, 32)).toBe('PT_GETREGS (reg structure)');
    expect(netbsdCoreNoteTypeName(62, 40)).toBe('PT_FIRSTMACH+8');
    expect(netbsdCoreNoteTypeName(62, 31)).toBe('Unknown note type: (0x0000001f)');
  });
  it('decodes property bit masks lowest bit first', () => {
    expect(decodeX86Feature1(3)).toBe('IBT, SHSTK');
    expect(decodeX86Feature1(0)).toBe('<None>');
    expect(decodeX86Isa(0)).toBe('');
    expect(decodeX86Isa(0x80000001)).toBe('x86-64-baseline, <unknown: 80000000>');
    expect(decodeX86Compat2Isa(1 << 24)).toBe('AVX512_BF16');
    expect(decodeAarch64Feature1And(7)).toBe('BTI, PAC, <unknown: 4>');
  });
});

describe('printSymbol (print_symbol) as the note printers use it: what GNU counts is the length printed', () => {
  it('pads to a negative width and cuts long names with [...]', () => {
    expect(printSymbol(-20, 'GNU', false)).toBe('GNU' + ' '.repeat(17));
    expect(printSymbol(-20, 'A'.repeat(21), false)).toBe('A'.repeat(15) + '[...]');
    expect(printSymbol(-20, 'A'.repeat(21), true)).toBe('A'.repeat(21));
    expect(printSymbol(0, 'x', false)).toBe('');
  });
  it('escapes control bytes, keeps high bytes, stops at NUL', () => {
    expect(printSymbol(10, 'a\x01\x7f\xe9\0zz', false)).toBe('a^A^\xbf\xe9');
  });
});
