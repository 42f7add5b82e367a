#!/usr/bin/env node
// scripts/bench/lean-bound.ts - a lower bound for `readelf -lW` in Node, a
// column of `npm run bench` (scripts/bench/table.ts): what the leanest
// per-file path costs, so that the batch targets of docs/speed.md can be
// judged against what any Node program could reach, not only elfaudit.
//
// It makes elfaudit's system calls and one more (stat, open, a read of
// the first 4 KiB, of the section headers and of the section names, close),
// decodes the headers of all four ELF layouts as plain numbers from a
// DataView, and prints -lW's text for an ordinary file, with the names of
// src/readelf/names.ts: the header lines, one row per program header, the
// interpreter, the section-to-segment mapping. It checks nothing: no
// diagnostics, no extended numbering, no bigint, no PIE test, no special
// section rules, no escaping; 77% of its lines on the corpus are GNU's.
// Each of those would cost more, so from a few hundred files on (where the
// per-file cost outweighs elfaudit's code cache and CommonJS bundle, which
// this ES module does not have) the real port cannot be cheaper than this.
// Not product code: src/readelf/ is the port.
//
//   node dist-scripts/scripts/bench/lean-bound.js PATH...

import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { fileTypeName, segmentTypeName } from '../../src/readelf/names.js';

const MAX_SECTIONS = 1 << 16;

const hex = (v: number, width: number): string => {
  const s = v.toString(16);
  return `0x${s.length < width ? '0'.repeat(width - s.length) + s : s}`;
};

const head = Buffer.allocUnsafe(4096);
const hv = new DataView(head.buffer, head.byteOffset, head.length);
let table = Buffer.allocUnsafe(1 << 16);
let tv = new DataView(table.buffer, table.byteOffset, table.length);
const secName = new Uint32Array(MAX_SECTIONS);
const secType = new Uint32Array(MAX_SECTIONS);
const secFlags = new Float64Array(MAX_SECTIONS);
const secAddr = new Float64Array(MAX_SECTIONS);
const secOff = new Float64Array(MAX_SECTIONS);
const secSize = new Float64Array(MAX_SECTIONS);
let out = '';

for (const path of process.argv.slice(2)) {
  try {
    if (!statSync(path).isFile()) continue;
  } catch (e) {
    out += `readelf: Error: '${path}': ${(e as NodeJS.ErrnoException).code}\n`;
    continue;
  }
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, head, 0, 4096, 0) < 64 || head[0] !== 0x7f) continue;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (v: DataView, o: number): number => v.getUint16(o, le);
    const u32 = (v: DataView, o: number): number => v.getUint32(o, le);
    const word = is64 ? (v: DataView, o: number): number => v.getUint32(o + (le ? 0 : 4), le) + v.getUint32(o + (le ? 4 : 0), le) * 4294967296 : u32;
    const type = u16(hv, 16);
    const machine = u16(hv, 18);
    const osabi = head[7]!;
    const entry = word(hv, 24);
    const phoff = word(hv, is64 ? 32 : 28);
    const shoff = word(hv, is64 ? 40 : 32);
    const phnum = u16(hv, is64 ? 56 : 44);
    const shent = u16(hv, is64 ? 58 : 46);
    const shnum = u16(hv, is64 ? 60 : 48);
    const shstrndx = u16(hv, is64 ? 62 : 50);
    const phent = is64 ? 56 : 32;
    if (phoff + phnum * phent > 4096) continue;
    const size = shnum * shent;
    if (table.length < size) {
      table = Buffer.allocUnsafe(size);
      tv = new DataView(table.buffer, table.byteOffset, table.length);
    }
    const got = readSync(fd, table, 0, size, shoff);
    const sections = got === size ? shnum : 0;
    for (let i = 0; i < sections; i++) {
      const o = i * shent;
      secName[i] = u32(tv, o);
      secType[i] = u32(tv, o + 4);
      secFlags[i] = is64 ? word(tv, o + 8) : u32(tv, o + 8);
      secAddr[i] = is64 ? word(tv, o + 16) : u32(tv, o + 12);
      secOff[i] = is64 ? word(tv, o + 24) : u32(tv, o + 16);
      secSize[i] = is64 ? word(tv, o + 32) : u32(tv, o + 20);
    }
    let names: Buffer | null = null;
    if (shstrndx < sections && secSize[shstrndx]! < 1 << 20) {
      names = Buffer.allocUnsafe(secSize[shstrndx]!);
      readSync(fd, names, 0, names.length, secOff[shstrndx]!);
    }
    out += `\nElf file type is ${fileTypeName(type, false)}\nEntry point ${hex(entry, 0)}\nThere are ${phnum} program headers, starting at offset ${phoff}\n\nProgram Headers:\n  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align\n`;
    let mapping = '';
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phent;
      const t = u32(hv, o);
      const flags = u32(hv, is64 ? o + 4 : o + 24);
      const off = is64 ? word(hv, o + 8) : u32(hv, o + 4);
      const vaddr = is64 ? word(hv, o + 16) : u32(hv, o + 8);
      const paddr = is64 ? word(hv, o + 24) : u32(hv, o + 12);
      const filesz = is64 ? word(hv, o + 32) : u32(hv, o + 16);
      const memsz = is64 ? word(hv, o + 40) : u32(hv, o + 20);
      const align = is64 ? word(hv, o + 48) : u32(hv, o + 28);
      out += `  ${segmentTypeName(t, machine, osabi).padEnd(14)} ${hex(off, 6)} ${hex(vaddr, is64 ? 16 : 8)} ${hex(paddr, is64 ? 16 : 8)} ${hex(filesz, 6)} ${hex(memsz, 6)} ${flags & 4 ? 'R' : ' '}${flags & 2 ? 'W' : ' '}${flags & 1 ? 'E' : ' '} ${hex(align, 0)}\n`;
      if (t === 3 && off + filesz <= 4096 && filesz > 0) out += `      [Requesting program interpreter: ${head.toString('latin1', off, off + filesz - 1)}]\n`;
      mapping += `   ${i < 10 ? `0${i}` : i}     `;
      for (let j = 1; names !== null && j < sections; j++) {
        const a = secAddr[j]!;
        const inMemory = (secFlags[j]! & 2) !== 0 && a >= vaddr && a + secSize[j]! <= vaddr + memsz;
        if (inMemory && (secType[j] === 8 || (secOff[j]! >= off && secOff[j]! + secSize[j]! <= off + filesz))) {
          let end = secName[j]!;
          while (end < names.length && names[end] !== 0) end++;
          mapping += `${names.toString('latin1', secName[j]!, end)} `;
        }
      }
      mapping += '\n';
    }
    out += `\n Section to Segment mapping:\n  Segment Sections...\n${mapping}`;
  } finally {
    closeSync(fd);
  }
  if (out.length > 16384) {
    writeSync(1, out);
    out = '';
  }
}
writeSync(1, out);
