import { describe, expect, it } from 'vitest';
import { decodeGnuProperties, decodeNotes, decodeRelr, decodeRelocations, makeDecoder } from '../src/internal.js';

const le64 = makeDecoder(64, false);

describe('RELR tables expand to the addresses they relocate', () => {
  it('reads an address then a bitmap of the following words', () => {
    const b = Buffer.alloc(16);
    b.writeBigUInt64LE(0x10000n, 0);
    // bitmap 0b101 after the marker bit: words 1 and 3 after 0x10008
    b.writeBigUInt64LE((0b101n << 1n) | 1n, 8);
    expect(decodeRelr(le64, b)).toEqual([0x10000n, 0x10008n, 0x10018n]);
  });
});

describe('REL/RELA entries', () => {
  it('splits r_info into symbol and type per class', () => {
    const b = Buffer.alloc(24);
    b.writeBigUInt64LE(0x3fd8n, 0);
    b.writeBigUInt64LE((5n << 32n) | 7n, 8);
    b.writeBigInt64LE(-8n, 16);
    expect(decodeRelocations(le64, b, true, 24)).toEqual([{ offset: 0x3fd8n, type: 7, symbol: 5, addend: -8n }]);
    const b32 = Buffer.alloc(8);
    b32.writeUInt32BE(0x1000, 0);
    b32.writeUInt32BE((3 << 8) | 22, 4);
    expect(decodeRelocations(makeDecoder(32, true), b32, false, 8)).toEqual([{ offset: 0x1000n, type: 22, symbol: 3, addend: undefined }]);
  });
});

describe('notes', () => {
  it('aligns 8-byte notes from the note start, not the name start', () => {
    // An x86 GNU property note as GNU ld writes it: namesz 4, descsz 16, type 5.
    const n = Buffer.alloc(32);
    n.writeUInt32LE(4, 0);
    n.writeUInt32LE(16, 4);
    n.writeUInt32LE(5, 8);
    n.write('GNU\0', 12, 'latin1');
    n.writeUInt32LE(0xc0000002, 16);
    n.writeUInt32LE(4, 20);
    n.writeUInt32LE(3, 24); // IBT | SHSTK
    const notes = decodeNotes(le64, n, 0x338n, 8);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.name).toBe('GNU');
    const props = decodeGnuProperties(le64, notes[0]!.desc);
    expect(props[0]!.type).toBe(0xc0000002);
    expect(props[0]!.data.readUInt32LE(0)).toBe(3);
  });
  it('stops quietly at a truncated note', () => {
    const n = Buffer.alloc(16);
    n.writeUInt32LE(4, 0);
    n.writeUInt32LE(400, 4);
    expect(decodeNotes(le64, n, 0n, 4)).toEqual([]);
  });
});

describe('the decoder reads fields and columns in the file byte order', () => {
  // bytes with the high bit set in every position, so a sign or shift slip shows
  const b = Buffer.from([0x81, 0xf2, 0xe3, 0xd4, 0xc5, 0xb6, 0xa7, 0x98, 0x89, 0xfa, 0xeb, 0xdc, 0xcd]);
  for (const bigEndian of [false, true]) {
    const d = makeDecoder(64, bigEndian);
    const u32 = (o: number) => (bigEndian ? b.readUInt32BE(o) : b.readUInt32LE(o));
    const u16 = (o: number) => (bigEndian ? b.readUInt16BE(o) : b.readUInt16LE(o));
    it(`${bigEndian ? 'big' : 'little'}-endian: u16/u32 as Buffer reads them, columns as the fields one by one`, () => {
      for (let o = 0; o + 4 <= b.length; o++) expect(d.u32(b, o)).toBe(u32(o));
      for (let o = 0; o + 2 <= b.length; o++) expect(d.u16(b, o)).toBe(u16(o));
      const c32 = new Uint32Array(3);
      d.u32Column(b, 1, 4, c32);
      expect([...c32]).toEqual([u32(1), u32(5), u32(9)]);
      const c16 = new Uint16Array(4);
      d.u16Column(b, 2, 3, c16);
      expect([...c16]).toEqual([u16(2), u16(5), u16(8), u16(11)]);
    });
    it(`${bigEndian ? 'big' : 'little'}-endian: a column reads the same at every alignment of the buffer and the field (whole-word loads on aligned ones)`, () => {
      const backing = Buffer.alloc(8 + 24 * 5);
      for (let i = 0; i < backing.length; i++) backing[i] = (i * 0x9d + 0x81) & 0xff;
      for (let shift = 0; shift < 4; shift++) {
        const view = backing.subarray(shift);
        for (const [at, stride] of [[0, 24], [4, 24], [1, 24], [8, 16], [2, 16], [0, 4]] as const) {
          const n = Math.floor((view.length - at - 4) / stride) + 1;
          const col = new Uint32Array(n);
          d.u32Column(view, at, stride, col);
          const one = Array.from({ length: n }, (_, i) => (bigEndian ? view.readUInt32BE(at + i * stride) : view.readUInt32LE(at + i * stride)));
          expect([...col]).toEqual(one);
        }
      }
    });
    it(`${bigEndian ? 'big' : 'little'}-endian: a field or column past the end is a RangeError`, () => {
      expect(() => d.u32(b, 10)).toThrow(RangeError);
      expect(() => d.u16(b, 12)).toThrow(RangeError);
      expect(() => d.u32Column(b, 2, 4, new Uint32Array(3))).toThrow(RangeError);
      expect(() => d.u16Column(b, 0, 6, new Uint16Array(3))).toThrow(RangeError);
      expect(() => d.u32Column(b, 100, 4, new Uint32Array(0))).not.toThrow();
    });
  }
});
