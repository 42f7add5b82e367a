#!/usr/bin/env node
// strip-bind-now.mjs IN OUT
//
// Copies an ELF file linked with `-z now` and removes every way of saying
// "bind now" from its dynamic section except DF_1_NOW in DT_FLAGS_1:
//   - DT_BIND_NOW entries are deleted;
//   - DF_BIND_NOW is cleared in DT_FLAGS, and a DT_FLAGS that becomes 0 is
//     deleted.
// Deleted entries are squeezed out and the freed slots at the end become
// DT_NULL, so PT_DYNAMIC / .dynamic keep their size. Fails unless DT_FLAGS_1
// has DF_1_NOW afterwards. Used by samples/build.sh for x86_64/hello-dfnow.
// Self-contained on purpose: it must not depend on the project's reader.
import { readFileSync, writeFileSync } from 'node:fs';

const [, , input, output] = process.argv;
if (!input || !output) {
  console.error('usage: strip-bind-now.mjs IN OUT');
  process.exit(2);
}
const buf = Buffer.from(readFileSync(input));
if (buf.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${input}: not ELF`);
const is64 = buf[4] === 2;
const le = buf[5] !== 2;
const u16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
const word = (o) => (is64 ? (le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : BigInt(u32(o)));
const putWord = (o, v) => {
  if (is64) le ? buf.writeBigUInt64LE(v, o) : buf.writeBigUInt64BE(v, o);
  else le ? buf.writeUInt32LE(Number(v), o) : buf.writeUInt32BE(Number(v), o);
};

const DT_NULL = 0n, DT_BIND_NOW = 24n, DT_FLAGS = 30n, DT_FLAGS_1 = 0x6ffffffbn;
const DF_BIND_NOW = 0x8n, DF_1_NOW = 0x1n;
const PT_DYNAMIC = 2;

const phoff = Number(is64 ? word(0x20) : BigInt(u32(0x1c)));
const phentsize = u16(is64 ? 0x36 : 0x2a);
const phnum = u16(is64 ? 0x38 : 0x2c);
let dynOff = -1, dynSize = 0;
for (let i = 0; i < phnum; i++) {
  const p = phoff + i * phentsize;
  if (u32(p) !== PT_DYNAMIC) continue;
  dynOff = Number(is64 ? word(p + 8) : BigInt(u32(p + 4)));
  dynSize = Number(is64 ? word(p + 32) : BigInt(u32(p + 16)));
}
if (dynOff < 0) throw new Error(`${input}: no PT_DYNAMIC`);

const ent = is64 ? 16 : 8;
const half = ent / 2;
const entries = [];
for (let o = dynOff; o + ent <= dynOff + dynSize; o += ent) {
  const tag = word(o);
  entries.push([tag, word(o + half)]);
  if (tag === DT_NULL) break;
}
const total = Math.floor(dynSize / ent);
const kept = [];
let hasNow1 = false;
for (let [tag, val] of entries) {
  if (tag === DT_NULL) break;
  if (tag === DT_BIND_NOW) continue;
  if (tag === DT_FLAGS) {
    val &= ~DF_BIND_NOW;
    if (val === 0n) continue;
  }
  if (tag === DT_FLAGS_1 && (val & DF_1_NOW)) hasNow1 = true;
  kept.push([tag, val]);
}
if (!hasNow1) throw new Error(`${input}: DT_FLAGS_1 lacks DF_1_NOW (link with -z now)`);
for (let i = 0; i < total; i++) {
  const [tag, val] = kept[i] ?? [DT_NULL, 0n];
  putWord(dynOff + i * ent, tag);
  putWord(dynOff + i * ent + half, val);
}
writeFileSync(output, buf, { mode: 0o755 });
