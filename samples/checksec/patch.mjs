#!/usr/bin/env node
// samples/checksec/patch.mjs - small, explicit edits of built ELF files, for
// checksec samples no toolchain option produces (an `R E` stack, a missing
// or doubled PT_GNU_STACK, DT_DEBUG removed, bind-now only via DF_1_NOW,
// no section headers...). Every edit rewrites fields in place; the file
// size never changes.
//
//   node samples/checksec/patch.mjs IN OUT EDIT...
//
// EDIT is one of:
//   phdr-flags:TYPE:FLAGS        set p_flags of every segment of TYPE (e.g. GNU_STACK:5)
//   phdr-flags@N:FLAGS           set p_flags of program header N
//   phdr-type@N:TYPE             retype program header N (NULL removes it in effect)
//   phdr-type:FROM:TO            retype every segment of type FROM
//   dyn-tag:FROM:TO              retag every dynamic entry with tag FROM (value kept)
//   dyn-clear:TAG:MASK           clear the bits MASK in the value of dynamic entry TAG
//   dyn-value:TAG:VALUE          set the value of dynamic entry TAG
//   no-shdrs                     zero e_shoff, e_shnum and e_shstrndx
// TYPE/TAG: a number (0x.. or decimal) or one of the names below.

import { readFileSync, writeFileSync, chmodSync, statSync } from 'node:fs';

const PT = { NULL: 0, LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, PHDR: 6, GNU_EH_FRAME: 0x6474e550, GNU_STACK: 0x6474e551, GNU_RELRO: 0x6474e552, GNU_PROPERTY: 0x6474e553 };
const DT = { NULL: 0, RPATH: 15, DEBUG: 21, TEXTREL: 22, BIND_NOW: 24, RUNPATH: 29, FLAGS: 30, FLAGS_1: 0x6ffffffb, CHECKSUM: 0x6ffffdf8 };

const [inPath, outPath, ...edits] = process.argv.slice(2);
if (!inPath || !outPath || edits.length === 0) {
  console.error('usage: patch.mjs IN OUT EDIT...');
  process.exit(2);
}
const b = readFileSync(inPath);
if (b.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${inPath}: not ELF`);
const is64 = b[4] === 2;
const be = b[5] === 2;
const u16 = (o) => (be ? b.readUInt16BE(o) : b.readUInt16LE(o));
const u32 = (o) => (be ? b.readUInt32BE(o) : b.readUInt32LE(o));
const word = (o) => (is64 ? (be ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o)) : BigInt(u32(o)));
const w16 = (o, v) => (be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o));
const w32 = (o, v) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
const wword = (o, v) => (is64 ? (be ? b.writeBigUInt64BE(BigInt.asUintN(64, v), o) : b.writeBigUInt64LE(BigInt.asUintN(64, v), o)) : w32(o, Number(BigInt.asUintN(32, v))));

const W = is64 ? 8 : 4;
const phoff = Number(word(24 + W));
const shoffAt = 24 + 2 * W;
const phentsize = u16(24 + 3 * W + 6);
const phnum = u16(24 + 3 * W + 8);
const phdr = (i) => {
  const o = phoff + i * phentsize;
  return is64
    ? { o, type: u32(o), flagsAt: o + 4, offset: Number(word(o + 8)), filesz: Number(word(o + 32)) }
    : { o, type: u32(o), flagsAt: o + 24, offset: u32(o + 4), filesz: u32(o + 16) };
};
const phdrs = Array.from({ length: phnum }, (_, i) => phdr(i));
const num = (s, table) => (s in table ? table[s] : Number(s));

function dynEntries() {
  const d = phdrs.find((p) => p.type === PT.DYNAMIC);
  if (!d) throw new Error(`${inPath}: no PT_DYNAMIC`);
  const out = [];
  for (let o = d.offset; o + 2 * W <= d.offset + d.filesz; o += 2 * W) {
    const tag = word(o);
    out.push({ o, tag, value: word(o + W) });
    if (tag === 0n) break;
  }
  return out;
}

for (const e of edits) {
  const [head, ...rest] = e.split(':');
  const [op, at] = head.split('@');
  if (at !== undefined && !/^[0-9]+$/.test(at)) throw new Error(`edit ${e}: bad program header index '${at}'`);
  let hits = 0;
  if (op === 'phdr-flags' && at !== undefined) {
    w32(phdrs[Number(at)].flagsAt, num(rest[0], {}));
    hits = 1;
  } else if (op === 'phdr-flags') {
    for (const p of phdrs) if (p.type === num(rest[0], PT)) (w32(p.flagsAt, num(rest[1], {})), hits++);
  } else if (op === 'phdr-type' && at !== undefined) {
    w32(phdrs[Number(at)].o, num(rest[0], PT));
    hits = 1;
  } else if (op === 'phdr-type') {
    for (const p of phdrs) if (p.type === num(rest[0], PT)) (w32(p.o, num(rest[1], PT)), hits++);
  } else if (op === 'dyn-tag') {
    for (const d of dynEntries()) if (d.tag === BigInt(num(rest[0], DT))) (wword(d.o, BigInt(num(rest[1], DT))), hits++);
  } else if (op === 'dyn-clear') {
    for (const d of dynEntries()) if (d.tag === BigInt(num(rest[0], DT))) (wword(d.o + W, d.value & ~BigInt(rest[1])), hits++);
  } else if (op === 'dyn-value') {
    for (const d of dynEntries()) if (d.tag === BigInt(num(rest[0], DT))) (wword(d.o + W, BigInt(rest[1])), hits++);
  } else if (op === 'no-shdrs') {
    wword(shoffAt, 0n);
    w16(24 + 3 * W + 12, 0);
    w16(24 + 3 * W + 14, 0);
    hits = 1;
  } else {
    throw new Error(`unknown edit ${e}`);
  }
  if (hits === 0) throw new Error(`${inPath}: edit ${e} matched nothing`);
}
writeFileSync(outPath, b);
chmodSync(outPath, statSync(inPath).mode & 0o777);
