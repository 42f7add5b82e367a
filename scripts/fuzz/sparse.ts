// scripts/fuzz/sparse.ts - a 3 GiB "debug build" that takes almost no disk:
// samples/x86_64/hello-pie's loaded part at the start, three debug sections
// spanning a 3 GiB hole, and the symbol tables, section names and section
// header table at the end, where linkers put them. Shared by
// test/huge-sparse.test.ts and scripts/fuzz/record-goldens.ts.
//
// Built truncate-style: the start is written, the tail is written at
// ~3 GiB, and the file is ftruncate()d to its size; the hole in between is
// never written, so it costs no disk blocks on a file system with sparse
// files. Reading any of it returns zeros.

import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const SPARSE_SAMPLE: string = 'samples/x86_64/hello-pie';
/** Where the tail (.symtab, .strtab, .shstrtab, section headers) starts: 3 GiB. */
export const TAIL: bigint = 3n * 2n ** 30n;

const SHDR = 64;

/** A section header (a copy, rewritten in place) and its name. */
interface Section {
  readonly name: string;
  readonly hdr: Buffer;
}

/** The debug sections in the hole: name, offset, size, flags, entsize. */
const DEBUG: readonly (readonly [name: string, offset: bigint, size: bigint, flags: bigint, entsize: bigint])[] = [
  ['.debug_info', 0x10000n, 2n * 2n ** 30n, 0n, 0n],
  ['.debug_line', 0x10000n + 2n * 2n ** 30n, 768n * 2n ** 20n, 0n, 0n],
  ['.debug_str', 0x10000n + 2n * 2n ** 30n + 768n * 2n ** 20n, 255n * 2n ** 20n, 0x30n, 1n],
];

/**
 * Writes the sparse file to `path` (from the repository root `root`);
 * returns its size in bytes (a bigint).
 */
export function makeSparseElf(path: string, root: string): bigint {
  const src = readFileSync(join(root, SPARSE_SAMPLE));
  if (src.readUInt32BE(0) !== 0x7f454c46 || src[4] !== 2 || src[5] !== 1) throw new Error(`${SPARSE_SAMPLE}: not ELF64 LE`);
  const shoff = Number(src.readBigUInt64LE(0x28));
  const shnum = src.readUInt16LE(0x3c);
  const shstrndx = src.readUInt16LE(0x3e);
  const shdr = (i: number): Buffer => src.subarray(shoff + i * SHDR, shoff + (i + 1) * SHDR);
  const nameOf = (strtab: Buffer, off: number): string => {
    const end = strtab.indexOf(0, off);
    return strtab.toString('latin1', off, end < 0 ? strtab.length : end);
  };
  const shstr = shdr(shstrndx);
  const names = src.subarray(Number(shstr.readBigUInt64LE(24)), Number(shstr.readBigUInt64LE(24) + shstr.readBigUInt64LE(32)));
  const secs: Section[] = Array.from({ length: shnum }, (_, i) => ({ hdr: Buffer.from(shdr(i)), name: nameOf(names, shdr(i).readUInt32LE(0)) }));

  // Sections that move to the tail (in this order), and those that stay.
  const tailNames = ['.symtab', '.strtab', '.shstrtab'];
  const stay = secs.filter((s) => !tailNames.includes(s.name));
  const moved = tailNames.map((n) => {
    const s = secs.find((x) => x.name === n);
    if (s === undefined) throw new Error(`${SPARSE_SAMPLE}: no ${n}`);
    return s;
  });
  // The head: everything up to the end of the last section that stays.
  let headEnd = 0;
  for (const s of stay) {
    if (s.hdr.readUInt32LE(4) === 8) continue; // NOBITS
    headEnd = Math.max(headEnd, Number(s.hdr.readBigUInt64LE(24) + s.hdr.readBigUInt64LE(32)));
  }
  if (headEnd > Number(DEBUG[0]![1])) throw new Error(`${SPARSE_SAMPLE}: too big for the layout`);

  // New section list: the ones that stay, the debug sections, then the tail ones.
  const list: Section[] = [...stay.map((s) => ({ ...s })), ...DEBUG.map(([name]) => ({ name, hdr: Buffer.alloc(SHDR) })), ...moved.map((s) => ({ ...s }))];
  const index = new Map(list.map((s, i) => [s.name, i]));
  const indexOf = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`${SPARSE_SAMPLE}: no ${name}`);
    return i;
  };
  const hdrOf = (name: string): Buffer => list[indexOf(name)]!.hdr;
  // A new .shstrtab with every name.
  const nameOffsets = new Map<string, number>();
  const parts = [Buffer.from([0])];
  let at = 1;
  for (const s of list) {
    if (s.name === '' || nameOffsets.has(s.name)) continue;
    nameOffsets.set(s.name, at);
    const b = Buffer.from(s.name + '\0', 'latin1');
    parts.push(b);
    at += b.length;
  }
  const newNames = Buffer.concat(parts);

  // The debug sections' headers.
  DEBUG.forEach(([name, offset, size, flags, entsize]) => {
    const h = hdrOf(name);
    h.writeUInt32LE(1, 4); // SHT_PROGBITS
    h.writeBigUInt64LE(flags, 8);
    h.writeBigUInt64LE(offset, 24);
    h.writeBigUInt64LE(size, 32);
    h.writeBigUInt64LE(1n, 48);
    h.writeBigUInt64LE(entsize, 56);
  });
  // The tail: .symtab, .strtab, .shstrtab contents, then the section headers.
  const [symtab, strtab] = moved as [Section, Section, Section];
  const contents: Record<string, Buffer> = {
    '.symtab': src.subarray(Number(symtab.hdr.readBigUInt64LE(24)), Number(symtab.hdr.readBigUInt64LE(24) + symtab.hdr.readBigUInt64LE(32))),
    '.strtab': src.subarray(Number(strtab.hdr.readBigUInt64LE(24)), Number(strtab.hdr.readBigUInt64LE(24) + strtab.hdr.readBigUInt64LE(32))),
    '.shstrtab': newNames,
  };
  const tail: Buffer[] = [];
  let off = TAIL;
  for (const n of tailNames) {
    const h = hdrOf(n);
    const data = contents[n]!;
    const align = h.readBigUInt64LE(48) || 1n;
    const pad = (align - (off % align)) % align;
    if (pad > 0n) tail.push(Buffer.alloc(Number(pad)));
    off += pad;
    h.writeBigUInt64LE(off, 24);
    h.writeBigUInt64LE(BigInt(data.length), 32);
    tail.push(data);
    off += BigInt(data.length);
  }
  hdrOf('.symtab').writeUInt32LE(indexOf('.strtab'), 40); // sh_link
  const pad = (8n - (off % 8n)) % 8n;
  if (pad > 0n) tail.push(Buffer.alloc(Number(pad)));
  off += pad;
  const newShoff = off;
  for (const s of list) {
    s.hdr.writeUInt32LE(s.name === '' ? 0 : (nameOffsets.get(s.name) ?? 0), 0);
    tail.push(s.hdr);
  }
  const size = newShoff + BigInt(list.length * SHDR);

  // The head, with the ELF header pointing at the new table.
  const head = Buffer.from(src.subarray(0, headEnd));
  head.writeBigUInt64LE(newShoff, 0x28);
  head.writeUInt16LE(list.length, 0x3c);
  head.writeUInt16LE(indexOf('.shstrtab'), 0x3e);

  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    const t = Buffer.concat(tail);
    writeSync(fd, t, 0, t.length, Number(TAIL));
    ftruncateSync(fd, Number(size));
  } finally {
    closeSync(fd);
  }
  return size;
}
