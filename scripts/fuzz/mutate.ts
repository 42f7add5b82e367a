// scripts/fuzz/mutate.ts - a seeded, deterministic mutator of ELF files.
//
// Independent of src/elf on purpose (like test/helpers/elf-builder.ts): it
// finds the fields it corrupts with its own few lines of header parsing, so a
// bug in the reader cannot hide the fields that would expose it.
//
//   import { mutant, loadSeeds } from './mutate.js';
//   const seeds = loadSeeds();              // the samples, as { name, bytes }
//   const m = mutant(seeds, 1, 42);         // run seed 1, mutant number 42
//   // m.name: "m00042-x86_64.hello-pie", m.bytes: Buffer, m.what: "shdr[5].sh_size=0xffffffff"
//
// Mutant N of run seed S depends only on (S, N, the seed files): any one can
// be rebuilt alone from the `what` line a report prints. Kinds of mutation:
//   trunc   the file cut at a header boundary (end of e_ident, of the ELF
//           header, of each program and section header, each section's and
//           segment's start and end) or one byte either side of it
//   flip    1 to 8 bytes of the first 4 KiB xor-ed with a random bit or byte
//   field   1 to 3 counts, offsets, sizes, name indices (ELF, program and
//           section headers, dynamic entries, note headers, symbols, hash
//           table headers) set to 0, 1, 0xffff, 0x7fffffff, 0xffffffff, the
//           file size, the old value +-1, or a random value
//   mixed   a field and a truncation, or flips and a field

import { readFileSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { errnoCode } from '../../src/io/errno.js';
import { root } from '../lib/root.js';

/** A seed file: `name` is its path below samples/ with `/` as `.`. */
export interface Seed {
  readonly name: string;
  readonly path: string;
  readonly bytes: Buffer;
}

/** A mutant of a seed file. */
export interface Mutant {
  /** Safe as a file name: `m00042-x86_64.hello-pie`. */
  readonly name: string;
  readonly bytes: Buffer;
  /** The recipe: the seed file and each mutation, e.g. `samples/x86_64/hello-pie: shdr[5].sh_size=0xffffffff`. */
  readonly what: string;
  readonly seed: string;
}

/** What a field holds, which decides the values it is set to. */
export type FieldKind = 'count' | 'offset' | 'size' | 'name' | 'value';

/** A field of an ELF image: where it is and how wide (in bytes). */
export interface Field {
  readonly label: string;
  readonly off: number;
  readonly width: number;
  readonly kind: FieldKind;
}

/** The fields of an image and the offsets where it is worth cutting it. */
export interface Layout {
  readonly fields: Field[];
  readonly cuts: number[];
}

/** A deterministic PRNG (mulberry32). */
export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  u32(): number;
}

// ------------------------------------------------------------------ PRNG --

/** splitmix32 of one 32-bit word: the seed of mutant N of run S. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** mulberry32: a small, fast, deterministic PRNG; `int(n)` is in [0, n). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!, u32: () => Math.floor(next() * 4294967296) };
}

// ---------------------------------------------------------------- seeds --

/**
 * The seed files: every path in samples/MANIFEST and
 * samples/checksec/MANIFEST up to `maxSize` bytes, sorted, as
 * `{ name, path, bytes }` (name: the path below samples/ with `/` as `.`).
 */
export function loadSeeds({
  maxSize = 512 * 1024,
  manifests = ['samples/MANIFEST', 'samples/checksec/MANIFEST'],
}: { maxSize?: number; manifests?: readonly string[] } = {}): Seed[] {
  const paths = new Set<string>();
  for (const m of manifests) {
    let text: string;
    try {
      text = readFileSync(resolve(root, m), 'utf8');
    } catch (e) {
      if (errnoCode(e) === undefined) throw e;
      continue; // a manifest that is not there
    }
    const base = m.startsWith('samples/checksec/') ? 'samples/checksec/' : '';
    for (const line of text.split('\n')) {
      const l = line.trim();
      if (l === '' || l.startsWith('#')) continue;
      paths.add(l.startsWith('samples/') ? l : base + l);
    }
  }
  const seeds: Seed[] = [];
  for (const p of [...paths].sort()) {
    const abs = resolve(root, p);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (e) {
      if (errnoCode(e) === undefined) throw e;
      continue; // listed but not built
    }
    if (!st.isFile() || st.size > maxSize || st.size < 4) continue;
    seeds.push({ name: p.replace(/^samples\//, '').replace(/\//g, '.'), path: p, bytes: readFileSync(abs) });
  }
  return seeds;
}

// ------------------------------------------------------- ELF structure --

/**
 * The fields and boundaries of an ELF image, found by plain header parsing
 * with every table clipped to the file: `fields` are { label, off, width,
 * kind } (width in bytes; kind 'count' | 'offset' | 'size' | 'name' |
 * 'value'), `cuts` the file offsets where a header or section starts or ends.
 */
export function layout(b: Buffer): Layout {
  const fields: Field[] = [];
  const cuts = new Set([4, 5, 6, 7, 8, 15, 16]);
  const size = b.length;
  if (size < 16 || b.readUInt32BE(0) !== 0x7f454c46) return { fields, cuts: [...cuts].filter((c) => c < size) };
  const is64 = b[4] === 2;
  const le = b[5] !== 2;
  const w = is64 ? 8 : 4;
  const ehsize = is64 ? 64 : 52;
  const u16 = (o: number): number => (o + 2 <= size ? (le ? b.readUInt16LE(o) : b.readUInt16BE(o)) : 0);
  const u32 = (o: number): number => (o + 4 <= size ? (le ? b.readUInt32LE(o) : b.readUInt32BE(o)) : 0);
  const word = (o: number): number => {
    if (o + w > size) return 0;
    if (!is64) return u32(o);
    const v = le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
  };
  const add = (label: string, off: number, width: number, kind: FieldKind): void => {
    if (off >= 0 && off + width <= size) fields.push({ label, off, width, kind });
  };
  const cut = (o: number): void => {
    if (Number.isFinite(o) && o > 0 && o < size) cuts.add(o);
  };
  cut(ehsize);
  cut(ehsize - 1);
  cut(ehsize / 2);
  add('e_ident[EI_CLASS]', 4, 1, 'value');
  add('e_ident[EI_DATA]', 5, 1, 'value');
  add('e_type', 16, 2, 'value');
  add('e_machine', 18, 2, 'value');
  const at = 24 + 3 * w; // e_flags
  add('e_phoff', 24 + w, w, 'offset');
  add('e_shoff', 24 + 2 * w, w, 'offset');
  add('e_ehsize', at + 4, 2, 'size');
  add('e_phentsize', at + 6, 2, 'size');
  add('e_phnum', at + 8, 2, 'count');
  add('e_shentsize', at + 10, 2, 'size');
  add('e_shnum', at + 12, 2, 'count');
  add('e_shstrndx', at + 14, 2, 'name');
  const phoff = word(24 + w);
  const shoff = word(24 + 2 * w);
  const phentsize = u16(at + 6);
  const phnum = u16(at + 8);
  const shentsize = u16(at + 10);
  const shnum = u16(at + 12);

  // Program headers (at most 64).
  const phsz = is64 ? 56 : 32;
  const segs: { type: number; offset: number; filesz: number }[] = [];
  if (phentsize >= phsz && phoff > 0 && phoff < size) {
    cut(phoff);
    for (let i = 0; i < Math.min(phnum, 64); i++) {
      const p = phoff + i * phentsize;
      if (p + phsz > size) {
        cut(p);
        break;
      }
      cut(p + phsz);
      cut(p + phsz / 2);
      const type = u32(p);
      const offset = is64 ? word(p + 8) : u32(p + 4);
      const filesz = is64 ? word(p + 32) : u32(p + 16);
      segs.push({ type, offset, filesz });
      cut(offset);
      cut(offset + filesz);
      const f: [string, number, number, FieldKind][] = is64
        ? [['p_type', 0, 4, 'value'], ['p_flags', 4, 4, 'value'], ['p_offset', 8, 8, 'offset'], ['p_vaddr', 16, 8, 'offset'], ['p_paddr', 24, 8, 'offset'], ['p_filesz', 32, 8, 'size'], ['p_memsz', 40, 8, 'size'], ['p_align', 48, 8, 'size']]
        : [['p_type', 0, 4, 'value'], ['p_offset', 4, 4, 'offset'], ['p_vaddr', 8, 4, 'offset'], ['p_paddr', 12, 4, 'offset'], ['p_filesz', 16, 4, 'size'], ['p_memsz', 20, 4, 'size'], ['p_flags', 24, 4, 'value'], ['p_align', 28, 4, 'size']];
      for (const [name, o, width, kind] of f) add(`phdr[${i}].${name}`, p + o, width, kind);
    }
  }

  // Section headers (at most 256).
  const shsz = is64 ? 64 : 40;
  const secs: { type: number; offset: number; size: number; entsize: number }[] = [];
  if (shentsize >= shsz && shoff > 0 && shoff < size) {
    cut(shoff);
    for (let i = 0; i < Math.min(shnum === 0 ? 1 : shnum, 256); i++) {
      const s = shoff + i * shentsize;
      if (s + shsz > size) {
        cut(s);
        break;
      }
      cut(s + shsz);
      const type = u32(s + 4);
      const offset = is64 ? word(s + 24) : u32(s + 16);
      const ssize = is64 ? word(s + 32) : u32(s + 20);
      const entsize = is64 ? word(s + 56) : u32(s + 36);
      secs.push({ type, offset, size: ssize, entsize });
      if (type !== 8 /* SHT_NOBITS */) {
        cut(offset);
        cut(offset + ssize);
      }
      const f: [string, number, number, FieldKind][] = [['sh_name', 0, 4, 'name'], ['sh_type', 4, 4, 'value'], ['sh_link', is64 ? 40 : 24, 4, 'name'], ['sh_info', is64 ? 44 : 28, 4, 'name']];
      const wide: [string, number, number, FieldKind][] = is64
        ? [['sh_flags', 8, 8, 'value'], ['sh_addr', 16, 8, 'offset'], ['sh_offset', 24, 8, 'offset'], ['sh_size', 32, 8, 'size'], ['sh_addralign', 48, 8, 'size'], ['sh_entsize', 56, 8, 'size']]
        : [['sh_flags', 8, 4, 'value'], ['sh_addr', 12, 4, 'offset'], ['sh_offset', 16, 4, 'offset'], ['sh_size', 20, 4, 'size'], ['sh_addralign', 32, 4, 'size'], ['sh_entsize', 36, 4, 'size']];
      f.push(...wide);
      for (const [name, o, width, kind] of f) add(`shdr[${i}].${name}`, s + o, width, kind);
    }
  }

  // Inside sections and segments: dynamic entries, note headers, symbols, hash tables, version records.
  const within = (offset: number, len: number): boolean => Number.isFinite(offset) && Number.isFinite(len) && offset > 0 && offset < size;
  const dynAreas: [number, number][] = [];
  const noteAreas: [number, number][] = [];
  secs.forEach((s, i) => {
    if (!within(s.offset, s.size) || s.type === 8) return;
    const end = Math.min(size, s.offset + s.size);
    switch (s.type) {
      case 6: // SHT_DYNAMIC
        dynAreas.push([s.offset, end]);
        break;
      case 7: // SHT_NOTE
        noteAreas.push([s.offset, end]);
        break;
      case 2: // SHT_SYMTAB
      case 11: {
        // SHT_DYNSYM: st_name, st_shndx and st_size of the first 32 symbols
        const ent = is64 ? 24 : 16;
        for (let k = 1; k < 32 && s.offset + (k + 1) * ent <= end; k++) {
          const e = s.offset + k * ent;
          add(`sec[${i}].sym[${k}].st_name`, e, 4, 'name');
          add(`sec[${i}].sym[${k}].st_shndx`, e + (is64 ? 6 : 14), 2, 'name');
          add(`sec[${i}].sym[${k}].st_size`, e + (is64 ? 16 : 8), w, 'size');
        }
        break;
      }
      case 5: // SHT_HASH: nbucket, nchain
        add(`sec[${i}].nbucket`, s.offset, 4, 'count');
        add(`sec[${i}].nchain`, s.offset + 4, 4, 'count');
        break;
      case 0x6ffffff6: // SHT_GNU_HASH: nbuckets, symoffset, bloom_size, bloom_shift
        add(`sec[${i}].gnu_nbuckets`, s.offset, 4, 'count');
        add(`sec[${i}].gnu_symoffset`, s.offset + 4, 4, 'count');
        add(`sec[${i}].gnu_bloom_size`, s.offset + 8, 4, 'count');
        add(`sec[${i}].gnu_bloom_shift`, s.offset + 12, 4, 'count');
        break;
      case 0x6ffffffd: // SHT_GNU_verdef: vd_cnt, vd_aux, vd_next
        add(`sec[${i}].vd_cnt`, s.offset + 6, 2, 'count');
        add(`sec[${i}].vd_aux`, s.offset + 12, 4, 'offset');
        add(`sec[${i}].vd_next`, s.offset + 16, 4, 'offset');
        break;
      case 0x6ffffffe: // SHT_GNU_verneed: vn_cnt, vn_file, vn_aux, vn_next
        add(`sec[${i}].vn_cnt`, s.offset + 2, 2, 'count');
        add(`sec[${i}].vn_file`, s.offset + 4, 4, 'name');
        add(`sec[${i}].vn_aux`, s.offset + 8, 4, 'offset');
        add(`sec[${i}].vn_next`, s.offset + 12, 4, 'offset');
        break;
      case 0x70000001: // SHT_ARM_EXIDX (x86_64 unwind shares the number): the first entries' words
        for (let k = 0; k < 8 && s.offset + 4 * (k + 1) <= end; k++) add(`sec[${i}].exidx[${k}]`, s.offset + 4 * k, 4, 'value');
        break;
    }
  });
  for (const p of segs) {
    if (!within(p.offset, p.filesz)) continue;
    const end = Math.min(size, p.offset + p.filesz);
    if (p.type === 2) dynAreas.push([p.offset, end]);
    if (p.type === 4) noteAreas.push([p.offset, end]);
    if (p.type === 3) add(`interp`, p.offset, 1, 'value');
  }
  for (const [start, end] of dynAreas) {
    for (let k = 0, e = start; k < 48 && e + 2 * w <= end; k++, e += 2 * w) add(`dyn@0x${start.toString(16)}[${k}].d_val`, e + w, w, 'value');
  }
  for (const [start, end] of noteAreas) {
    // The first note's namesz, descsz and type; the second note's, when the first is sane.
    let o = start;
    for (let k = 0; k < 2 && o + 12 <= end; k++) {
      add(`note@0x${o.toString(16)}.namesz`, o, 4, 'size');
      add(`note@0x${o.toString(16)}.descsz`, o + 4, 4, 'size');
      add(`note@0x${o.toString(16)}.type`, o + 8, 4, 'value');
      const namesz = u32(o);
      const descsz = u32(o + 4);
      if (namesz > 4096 || descsz > 65536) break;
      o += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3);
    }
  }
  for (const c of [...cuts]) {
    cut(c - 1);
    cut(c + 1);
  }
  return { fields, cuts: [...cuts].filter((c) => c > 0 && c < size).sort((x, y) => x - y) };
}

// -------------------------------------------------------------- mutants --

/** The values a field is set to (`random` and `near` are made per field). */
const SPECIAL = [0n, 1n, 0xffffn, 0x7fffffffn, 0xffffffffn];

function writeField(b: Buffer, f: Field, le: boolean, value: bigint): bigint {
  const mask = (1n << BigInt(8 * f.width)) - 1n;
  const v = value & mask;
  if (f.width === 1) b[f.off] = Number(v);
  else if (f.width === 2) void (le ? b.writeUInt16LE(Number(v), f.off) : b.writeUInt16BE(Number(v), f.off));
  else if (f.width === 4) void (le ? b.writeUInt32LE(Number(v), f.off) : b.writeUInt32BE(Number(v), f.off));
  else void (le ? b.writeBigUInt64LE(v, f.off) : b.writeBigUInt64BE(v, f.off));
  return v;
}

function readField(b: Buffer, f: Field, le: boolean): bigint {
  if (f.width === 1) return BigInt(b[f.off]!);
  if (f.width === 2) return BigInt(le ? b.readUInt16LE(f.off) : b.readUInt16BE(f.off));
  if (f.width === 4) return BigInt(le ? b.readUInt32LE(f.off) : b.readUInt32BE(f.off));
  return le ? b.readBigUInt64LE(f.off) : b.readBigUInt64BE(f.off);
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** One field of `b` set to a value chosen by `r`; returns the description. */
function mutateField(b: Buffer, lay: Layout, r: Rng): string {
  if (lay.fields.length === 0) return flip(b, r);
  // Header fields (the first dozen) are picked as often as all the rest together.
  const header = lay.fields.filter((f) => f.label.startsWith('e_'));
  const f = r.int(2) === 0 && header.length > 0 ? r.pick(header) : r.pick(lay.fields);
  const le = b[5] !== 2;
  const old = readField(b, f, le);
  const choice = r.int(10);
  let v: bigint;
  if (choice < 5) v = SPECIAL[choice]!;
  else if (choice === 5) v = BigInt(b.length);
  else if (choice === 6) v = BigInt(b.length) - BigInt(1 + r.int(64));
  else if (choice === 7) v = old + (r.int(2) === 0 ? 1n : -1n);
  else if (choice === 8) v = BigInt(r.u32()) | (f.width === 8 && r.int(2) === 0 ? BigInt(r.u32()) << 32n : 0n);
  else v = BigInt(r.int(256));
  const set = writeField(b, f, le, v < 0n ? (1n << 64n) + v : v);
  return `${f.label}=${hex(set)}`;
}

/** 1 to 8 bytes in the first 4 KiB xor-ed with a random bit or byte. */
function flip(b: Buffer, r: Rng): string {
  const span = Math.min(b.length, 4096);
  const n = 1 + r.int(8);
  const done: string[] = [];
  for (let i = 0; i < n && span > 0; i++) {
    const at = r.int(span);
    const x = r.int(2) === 0 ? 1 << r.int(8) : 1 + r.int(255);
    b[at] = b[at]! ^ x;
    done.push(`${hex(BigInt(at))}^${hex(BigInt(x))}`);
  }
  return `flip ${done.join(',')}`;
}

/** The file cut at a boundary (or, rarely, anywhere). */
function truncate(b: Buffer, lay: Layout, r: Rng): { bytes: Buffer; what: string } {
  const at = lay.cuts.length > 0 && r.int(8) !== 0 ? r.pick(lay.cuts) : r.int(b.length);
  return { bytes: b.subarray(0, at), what: `trunc@${hex(BigInt(at))}` };
}

/**
 * Mutant `index` of run `seed` over `seeds` (from loadSeeds): `{ name,
 * bytes, what, seed }` with `name` safe as a file name.
 */
export function mutant(seeds: readonly Seed[], seed: number, index: number): Mutant {
  const r = rng(mix32(mix32(seed) ^ index));
  const s = seeds[r.int(seeds.length)]!;
  let b: Buffer = Buffer.from(s.bytes);
  const lay = layout(b);
  const kind = r.int(20);
  const what: string[] = [];
  if (kind < 5) {
    const t = truncate(b, lay, r);
    b = t.bytes;
    what.push(t.what);
  } else if (kind < 8) {
    what.push(flip(b, r));
  } else if (kind < 17) {
    const n = 1 + (r.int(4) === 0 ? 1 + r.int(2) : 0);
    for (let i = 0; i < n; i++) what.push(mutateField(b, lay, r));
  } else if (kind < 19) {
    what.push(mutateField(b, lay, r));
    const t = truncate(b, lay, r);
    b = t.bytes;
    what.push(t.what);
  } else {
    what.push(flip(b, r), mutateField(b, lay, r));
  }
  const name = `m${String(index).padStart(5, '0')}-${s.name}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return { name, bytes: b, what: `${s.path}: ${what.join('; ')}`, seed: s.path };
}

/** Mutants [from, from + count) of run `seed`. */
export function* mutants(seeds: readonly Seed[], seed: number, count: number, from = 0): Generator<Mutant> {
  for (let i = from; i < from + count; i++) yield mutant(seeds, seed, i);
}
