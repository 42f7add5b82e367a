/**
 * The seed's two ARM builds of one shared object, as crafted ELF32 LE files
 * (e_machine 40) whose program headers are the seed's `readelf -l` tables:
 *
 * old (before gcc 9, no RELRO)
 *   EXIDX      0x01c9f4 0x0001c9f4 0x0001c9f4 0x00928 0x00928 R   0x4
 *   LOAD       0x000000 0x00000000 0x00000000 0x1d320 0x1d320 R E 0x10000
 *   LOAD       0x01d324 0x0002d324 0x0002d324 0x0072c 0x0078c RW  0x10000
 *   DYNAMIC    0x01d464 0x0002d464 0x0002d464 0x00110 0x00110 RW  0x4
 *   NOTE       0x000114 0x00000114 0x00000114 0x00024 0x00024 R   0x4
 *   GNU_STACK  0x000000 0x00000000 0x00000000 0x00000 0x00000 RW  0x10
 *
 * new (gcc 9, RELRO on by default)
 *   the same, with
 *   LOAD       0x01dc4c 0x0002dc4c 0x0002dc4c 0x00700 0x00730 RW  0x10000
 *   DYNAMIC    0x01dd8c 0x0002dd8c 0x0002dd8c 0x00110 0x00110 RW  0x4
 *   GNU_RELRO  0x01dc4c 0x0002dc4c 0x0002dc4c 0x003b4 0x003b4 R   0x1   (ends at 0x2e000)
 *
 * The RW LOAD and GNU_RELRO lines are the seed's numbers; the others are
 * what GNU ld's ARM layout gives around them (max-page-size 64 KiB, so the
 * RW LOAD sits 0x10000 above its file offset). Each file is full-sized, with
 * a dynamic table at PT_DYNAMIC pointing (DT_REL) at a table of
 * R_ARM_RELATIVE relocations in the text, whose targets are the init
 * arrays, GOT and data pointers: on one page in the old build, on both sides
 * of the RELRO boundary in the new one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildElf, type PhdrSpec } from './elf-builder.js';

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_NOTE = 4;
const PT_GNU_STACK = 0x6474e551;
const PT_GNU_RELRO = 0x6474e552;
const PT_ARM_EXIDX = 0x70000001;
const R = 4;
const W = 2;
const X = 1;
const R_ARM_RELATIVE = 23;
const REL_TABLE = 0x200;

export interface SeedBuild {
  readonly phdrs: PhdrSpec[];
  readonly relocations: bigint[];
  readonly dynamic: { offset: number };
  readonly fileSize: number;
}

const common = {
  exidx: { type: PT_ARM_EXIDX, flags: R, offset: 0x1c9f4n, vaddr: 0x1c9f4n, filesz: 0x928n, memsz: 0x928n, align: 0x4n },
  text: { type: PT_LOAD, flags: R | X, offset: 0n, vaddr: 0n, filesz: 0x1d320n, memsz: 0x1d320n, align: 0x10000n },
  note: { type: PT_NOTE, flags: R, offset: 0x114n, vaddr: 0x114n, filesz: 0x24n, memsz: 0x24n, align: 0x4n },
  stack: { type: PT_GNU_STACK, flags: R | W, offset: 0n, vaddr: 0n, filesz: 0n, memsz: 0n, align: 0x10n },
};

export const SEED_OLD: SeedBuild = {
  phdrs: [
    common.exidx,
    common.text,
    { type: PT_LOAD, flags: R | W, offset: 0x1d324n, vaddr: 0x2d324n, filesz: 0x72cn, memsz: 0x78cn, align: 0x10000n },
    { type: PT_DYNAMIC, flags: R | W, offset: 0x1d464n, vaddr: 0x2d464n, filesz: 0x110n, memsz: 0x110n, align: 0x4n },
    common.note,
    common.stack,
  ],
  relocations: [0x2d324n, 0x2d328n, 0x2d400n, 0x2d5d0n, 0x2d5d4n, 0x2d900n],
  dynamic: { offset: 0x1d464 },
  fileSize: 0x1d324 + 0x72c,
};

export const SEED_NEW: SeedBuild = {
  phdrs: [
    common.exidx,
    common.text,
    { type: PT_LOAD, flags: R | W, offset: 0x1dc4cn, vaddr: 0x2dc4cn, filesz: 0x700n, memsz: 0x730n, align: 0x10000n },
    { type: PT_DYNAMIC, flags: R | W, offset: 0x1dd8cn, vaddr: 0x2dd8cn, filesz: 0x110n, memsz: 0x110n, align: 0x4n },
    common.note,
    common.stack,
    { type: PT_GNU_RELRO, flags: R, offset: 0x1dc4cn, vaddr: 0x2dc4cn, filesz: 0x3b4n, memsz: 0x3b4n, align: 0x1n },
  ],
  relocations: [0x2dc4cn, 0x2dc50n, 0x2dd00n, 0x2dea0n, 0x2dea4n, 0x2e200n],
  dynamic: { offset: 0x1dd8c },
  fileSize: 0x1dc4c + 0x700,
};

/** The bytes of one seed build. */
export function buildSeed(seed: SeedBuild): Buffer {
  const buf = buildElf({ bits: 32, machine: 40, type: 3, phdrs: seed.phdrs, minSize: seed.fileSize });
  seed.relocations.forEach((target, i) => {
    buf.writeUInt32LE(Number(target), REL_TABLE + i * 8);
    buf.writeUInt32LE(R_ARM_RELATIVE, REL_TABLE + i * 8 + 4);
  });
  const dyn: [number, number][] = [
    [17, REL_TABLE], // DT_REL
    [18, seed.relocations.length * 8], // DT_RELSZ
    [19, 8], // DT_RELENT
    [0, 0], // DT_NULL
  ];
  dyn.forEach(([tag, value], i) => {
    buf.writeUInt32LE(tag, seed.dynamic.offset + i * 8);
    buf.writeUInt32LE(value, seed.dynamic.offset + i * 8 + 4);
  });
  return buf;
}

/**
 * The gate over the seed: a tree under DIR holding the old build as
 * `libfoo.so`, a baseline of it, then the new build in its place. Returns
 * `baseline check` arguments (add a format or a report) for that change.
 */
export function seedGateCheck(dir: string, create: (args: string[]) => number): string[] {
  const root = join(dir, 'tree');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'libfoo.so'), buildSeed(SEED_OLD));
  const base = join(dir, 'baseline.json');
  if (create(['create', root, '--output', base]) !== 0) throw new Error(`baseline create ${root} failed`);
  writeFileSync(join(root, 'libfoo.so'), buildSeed(SEED_NEW));
  return ['check', root, '--baseline', base, '--repo-root', dir];
}
