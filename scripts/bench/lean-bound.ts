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
// section rules, no escaping; 84% of its lines (-d: 96%) on 5,000 corpus
// paths are GNU's.
// Each of those would cost more, so from a few hundred files on (where the
// per-file cost outweighs elfaudit's code cache and CommonJS bundle, which
// this ES module does not have) the real port cannot be cheaper than this.
// Not product code: src/readelf/ is the port.
//
//   node dist-scripts/scripts/bench/lean-bound.js [-d] PATH...
//
// -d: the same for `readelf -d`: the dynamic section (SHT_DYNAMIC) and its
// string table read whole, as GNU does, one row per entry up to DT_NULL,
// strings, sizes and flags shown the common way and every other value in hex.

import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { DF_1_NAMES, dynamicFlagsText, dynamicTypeName, flagsLine } from '../../src/readelf/dynamic-tags.js';
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
const secLink = new Uint32Array(MAX_SECTIONS);
const secFlags = new Float64Array(MAX_SECTIONS);
const secAddr = new Float64Array(MAX_SECTIONS);
const secOff = new Float64Array(MAX_SECTIONS);
const secSize = new Float64Array(MAX_SECTIONS);
let out = '';
/** Two reused buffers (a fresh one per read would make garbage the port does not make). */
const scratches = [Buffer.allocUnsafe(1 << 16), Buffer.allocUnsafe(1 << 16)];
function scratch(i: 0 | 1, size: number): Buffer {
  if (scratches[i]!.length < size) scratches[i] = Buffer.allocUnsafe(size);
  return scratches[i]!.subarray(0, size);
}

const args = process.argv.slice(2);
const dynamic = args[0] === '-d';
/** Tags whose value is a string in .dynstr, or a byte count (the common ones). */
const STRINGS: Record<number, string> = { 1: 'Shared library', 14: 'Library soname', 15: 'Library rpath', 29: 'Library runpath' };
const BYTES = new Set([2, 8, 9, 10, 11, 18, 19, 27, 28, 33]);
const COUNTS = new Set([0x6ffffff9, 0x6ffffffa, 0x6ffffffd, 0x6fffffff]);

function dynamicText(fd: number, is64: boolean, le: boolean, machine: number, osabi: number, sections: number): string {
  let at = -1;
  for (let j = 1; j < sections; j++) if (secType[j] === 6) at = j;
  if (at < 0 || secSize[at]! > 1 << 20) return '\nThere is no dynamic section in this file.\n';
  const dyn = scratch(0, secSize[at]!);
  readSync(fd, dyn, 0, dyn.length, secOff[at]!);
  const dv = new DataView(dyn.buffer, dyn.byteOffset, dyn.length);
  const link = secLink[at]!;
  let strings: Buffer | null = null;
  if (link < sections && secSize[link]! < 1 << 24) {
    strings = scratch(1, secSize[link]!);
    readSync(fd, strings, 0, strings.length, secOff[link]!);
  }
  const ent = is64 ? 16 : 8;
  let n = 0;
  while ((n + 1) * ent <= dyn.length) {
    n++;
    if (dv.getUint32((n - 1) * ent + (is64 && !le ? 4 : 0), le) === 0 && (!is64 || dv.getUint32((n - 1) * ent + (le ? 4 : 0), le) === 0)) break;
  }
  let text = `\nDynamic section at offset ${hex(secOff[at]!, 0)} contains ${n} entries:\n  Tag        Type                         Name/Value\n`;
  for (let i = 0; i < n; i++) {
    const o = i * ent;
    const tag = is64 ? dv.getUint32(o + (le ? 0 : 4), le) + dv.getUint32(o + (le ? 4 : 0), le) * 4294967296 : dv.getUint32(o, le);
    const value = is64 ? dv.getUint32(o + 8 + (le ? 0 : 4), le) + dv.getUint32(o + 8 + (le ? 4 : 0), le) * 4294967296 : dv.getUint32(o + 4, le);
    text += ` ${hex(tag, is64 ? 16 : 8)} ${`(${dynamicTypeName(tag, machine, osabi)})`.padEnd(is64 ? 20 : 28)} `;
    const label = STRINGS[tag];
    if (label !== undefined && strings !== null) {
      let end = value;
      while (end < strings.length && strings[end] !== 0) end++;
      text += `${label}: [${strings.toString('latin1', value, end)}]\n`;
    } else if (BYTES.has(tag)) text += `${value} (bytes)\n`;
    else if (COUNTS.has(tag)) text += `${value}\n`;
    else if (tag === 30) text += `${dynamicFlagsText(BigInt(value))}\n`;
    else if (tag === 0x6ffffffb) text += flagsLine(BigInt(value), DF_1_NAMES);
    else if (tag === 20) text += value === 7 ? 'RELA\n' : 'REL\n';
    else text += `${hex(value, 0)}\n`;
  }
  return text;
}

const paths = args.slice(dynamic ? 1 : 0);
const showName = paths.length > 1;
for (const path of paths) {
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
      secLink[i] = u32(tv, is64 ? o + 40 : o + 24);
    }
    if (showName) out += `\nFile: ${path}\n`;
    if (dynamic) {
      out += dynamicText(fd, is64, le, machine, osabi, sections);
      continue;
    }
    let names: Buffer | null = null;
    if (shstrndx < sections && secSize[shstrndx]! < 1 << 20) {
      names = scratch(1, secSize[shstrndx]!);
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
    if (out.length > 16384) {
      writeSync(1, out);
      out = '';
    }
  }
}
writeSync(1, out);
