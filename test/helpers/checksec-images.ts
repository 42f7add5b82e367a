/**
 * Dynamic ELF images for checksec/audit rule tests, on top of buildElf:
 * one PT_LOAD maps the whole file at address 0 (so an address is its file
 * offset), PT_DYNAMIC points at a `.dynamic` section, and `.dynsym`,
 * `.dynstr`, `.symtab`, `.strtab` are filled from symbol lists. Writes
 * bytes only; never reads them.
 */
import { buildElf, type PhdrSpec, type ShdrSpec } from './elf-builder.js';

export interface SymSpec {
  name: string;
  /** STT_* (default FUNC). */
  type?: number;
  /** STB_* (default GLOBAL). */
  bind?: number;
  other?: number;
  /** 0 = undefined (default). */
  shndx?: number;
  value?: bigint;
}

export type DynValue = bigint | { str: string };

export interface DynImageSpec {
  bits: 32 | 64;
  bigEndian?: boolean;
  machine?: number;
  osabi?: number;
  /** e_type (default ET_DYN). */
  type?: number;
  dynsym?: SymSpec[];
  symtab?: SymSpec[];
  /** Dynamic entries in order; DT_STRTAB, DT_STRSZ, DT_SYMTAB, DT_SYMENT and DT_NULL are added. */
  dynamic?: [bigint, DynValue][];
  /** Segments added after PT_LOAD and PT_DYNAMIC (GNU_STACK, GNU_RELRO, INTERP...). */
  segments?: PhdrSpec[];
  /** Extra sections appended after the symbol tables. */
  sections?: ShdrSpec[];
  /** Name of the dynamic section (default `.dynamic`). */
  dynamicName?: string;
  /** Name of the static symbol table section (default `.symtab`). */
  symtabName?: string;
}

const SIZE = 0x4000;

class Strtab {
  buf: Buffer = Buffer.from([0]);
  add(s: string): number {
    if (s === '') return 0;
    const at = this.buf.length;
    this.buf = Buffer.concat([this.buf, Buffer.from(s, 'latin1'), Buffer.from([0])]);
    return at;
  }
}

function symbols(bits: 32 | 64, be: boolean, syms: SymSpec[], strtab: Strtab): Buffer {
  const ent = bits === 64 ? 24 : 16;
  const b = Buffer.alloc(ent * (syms.length + 1));
  const u16 = (o: number, v: number) => (be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o));
  const u32 = (o: number, v: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
  const u64 = (o: number, v: bigint) => (be ? b.writeBigUInt64BE(v, o) : b.writeBigUInt64LE(v, o));
  syms.forEach((s, i) => {
    const o = (i + 1) * ent;
    const info = ((s.bind ?? 1) << 4) | (s.type ?? 2);
    const name = strtab.add(s.name);
    if (bits === 64) {
      u32(o, name);
      b[o + 4] = info;
      b[o + 5] = s.other ?? 0;
      u16(o + 6, s.shndx ?? 0);
      u64(o + 8, s.value ?? 0n);
    } else {
      u32(o, name);
      u32(o + 4, Number(s.value ?? 0n));
      b[o + 12] = info;
      b[o + 13] = s.other ?? 0;
      u16(o + 14, s.shndx ?? 0);
    }
  });
  return b;
}

/** Builds the image; returns its bytes. */
export function buildDynImage(spec: DynImageSpec): Buffer {
  const { bits } = spec;
  const be = spec.bigEndian === true;
  const ehsize = bits === 64 ? 64 : 52;
  const phentsize = bits === 64 ? 56 : 32;
  const segs: PhdrSpec[] = spec.segments ?? [];
  const phnum = 2 + segs.length;

  const dynstr = new Strtab();
  const dynsymBytes = symbols(bits, be, spec.dynsym ?? [], dynstr);
  const entries: [bigint, bigint][] = (spec.dynamic ?? []).map(([t, v]) => [t, typeof v === 'bigint' ? v : BigInt(dynstr.add(v.str))]);
  const strtab = new Strtab();
  const symtabBytes = spec.symtab === undefined ? undefined : symbols(bits, be, spec.symtab, strtab);

  // Layout as buildElf does it: section data in order right after the program headers.
  const start = ehsize + phnum * phentsize;
  const dynstrAt = start;
  const dynsymAt = dynstrAt + dynstr.buf.length;
  const dynamicAt = dynsymAt + dynsymBytes.length;
  const all: [bigint, bigint][] = [...entries, [5n, BigInt(dynstrAt)], [10n, BigInt(dynstr.buf.length)], [6n, BigInt(dynsymAt)], [11n, BigInt(bits === 64 ? 24 : 16)], [0n, 0n]];
  const w = bits / 8;
  const dyn = Buffer.alloc(all.length * 2 * w);
  all.forEach(([t, v], i) => {
    const o = i * 2 * w;
    if (bits === 64) {
      if (be) {
        dyn.writeBigUInt64BE(BigInt.asUintN(64, t), o);
        dyn.writeBigUInt64BE(BigInt.asUintN(64, v), o + 8);
      } else {
        dyn.writeBigUInt64LE(BigInt.asUintN(64, t), o);
        dyn.writeBigUInt64LE(BigInt.asUintN(64, v), o + 8);
      }
    } else if (be) {
      dyn.writeUInt32BE(Number(BigInt.asUintN(32, t)), o);
      dyn.writeUInt32BE(Number(BigInt.asUintN(32, v)), o + 4);
    } else {
      dyn.writeUInt32LE(Number(BigInt.asUintN(32, t)), o);
      dyn.writeUInt32LE(Number(BigInt.asUintN(32, v)), o + 4);
    }
  });

  const sections: ShdrSpec[] = [
    { name: '.dynstr', type: 3, flags: 2n, addr: BigInt(dynstrAt), data: dynstr.buf, addralign: 1n },
    { name: '.dynsym', type: 11, flags: 2n, addr: BigInt(dynsymAt), data: dynsymBytes, link: 1, info: 1, entsize: BigInt(bits === 64 ? 24 : 16) },
    { name: spec.dynamicName ?? '.dynamic', type: 6, flags: 3n, addr: BigInt(dynamicAt), data: dyn, link: 1, entsize: BigInt(2 * w) },
  ];
  if (symtabBytes !== undefined) {
    sections.push({ name: '.strtab', type: 3, data: strtab.buf });
    sections.push({ name: spec.symtabName ?? '.symtab', type: 2, data: symtabBytes, link: 4, info: 1, entsize: BigInt(bits === 64 ? 24 : 16) });
  }
  sections.push(...(spec.sections ?? []));
  return buildElf({
    bits,
    bigEndian: be,
    ...(spec.machine === undefined ? {} : { machine: spec.machine }),
    ...(spec.osabi === undefined ? {} : { osabi: spec.osabi }),
    type: spec.type ?? 3,
    phdrs: [
      { type: 1, flags: 5, offset: 0n, vaddr: 0n, filesz: BigInt(SIZE), memsz: BigInt(SIZE), align: 0x1000n },
      { type: 2, flags: 6, offset: BigInt(dynamicAt), vaddr: BigInt(dynamicAt), filesz: BigInt(dyn.length) },
      ...segs,
    ],
    sections,
    minSize: SIZE,
  });
}
