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
