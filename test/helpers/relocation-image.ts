import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/**
 * Writes an x86-64 shared object whose only content is a dynamic table
 * pointing at one relocation table, for tests of relocation tables at scale:
 * a million ordinary relocations, or bombs (a RELA table over a sparse
 * gigabyte, a RELR table whose bitmaps name millions of words in one page).
 *
 * Layout: LOAD[0] R (headers, .dynamic, the table) at 0, LOAD[1] RW (the
 * relocated data, `dataSize` bytes, of which `dataFileSize` are in the
 * file) right after, PT_DYNAMIC inside LOAD[0]. The file is written with
 * positional writes and sized with ftruncate, so a gigabyte of zeros costs
 * nothing on disk. Independent of src/elf: it writes bytes, never reads them.
 */
export interface RelocationImage {
  readonly format: 'rela' | 'relr';
  /** Bytes of the table. */
  readonly tableSize: number;
  /** Fills the table (called with chunks: the chunk's buffer and its byte offset in the table). Unfilled bytes are zero. */
  readonly fill?: (chunk: Buffer, at: number) => void;
  /** Size of the RW data the relocations point into. */
  readonly dataSize: number;
  /** How much of it is in the file (default all). */
  readonly dataFileSize?: number;
  /**
   * Put the table inside the RW data's file part instead of LOAD[0]
   * (a table stretched over a sparse tail: dataFileSize must hold it).
   */
  readonly tableInData?: boolean;
}

const PAGE = 4096;
const EHDR = 64;
const PHDR = 56;
const DYN_AT = 512;
const R_X86_64_RELATIVE = 8;
const DT = { NULL: 0, RELA: 7, RELASZ: 8, RELAENT: 9, RELRSZ: 35, RELR: 36, RELRENT: 37 } as const;

/** The RW data's address, for building relocation targets. */
export function dataAddress(img: Pick<RelocationImage, 'tableSize' | 'tableInData'>): number {
  const tableEnd = img.tableInData === true ? PAGE : PAGE + img.tableSize;
  return Math.ceil(tableEnd / PAGE) * PAGE;
}

export function writeRelocationImage(path: string, img: RelocationImage): void {
  const dataAt = dataAddress(img);
  const dataFile = img.dataFileSize ?? img.dataSize;
  const tableAt = img.tableInData === true ? dataAt : PAGE;
  const head = Buffer.alloc(PAGE);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  head.writeUInt16LE(3, 16); // ET_DYN
  head.writeUInt16LE(62, 18); // EM_X86_64
  head.writeUInt32LE(1, 20);
  head.writeBigUInt64LE(BigInt(EHDR), 32); // e_phoff
  head.writeUInt16LE(EHDR, 52);
  head.writeUInt16LE(PHDR, 54);
  head.writeUInt16LE(3, 56); // e_phnum
  head.writeUInt16LE(64, 58); // e_shentsize
  const phdr = (i: number, type: number, flags: number, off: number, size: number, memsz: number, align: number) => {
    const o = EHDR + i * PHDR;
    head.writeUInt32LE(type, o);
    head.writeUInt32LE(flags, o + 4);
    head.writeBigUInt64LE(BigInt(off), o + 8);
    head.writeBigUInt64LE(BigInt(off), o + 16);
    head.writeBigUInt64LE(BigInt(off), o + 24);
    head.writeBigUInt64LE(BigInt(size), o + 32);
    head.writeBigUInt64LE(BigInt(memsz), o + 40);
    head.writeBigUInt64LE(BigInt(align), o + 48);
  };
  const firstEnd = img.tableInData === true ? PAGE : PAGE + img.tableSize;
  phdr(0, 1, 4, 0, firstEnd, firstEnd, PAGE);
  phdr(1, 1, 6, dataAt, dataFile, img.dataSize, PAGE);
  const dyn: [number, number][] =
    img.format === 'rela'
      ? [[DT.RELA, tableAt], [DT.RELASZ, img.tableSize], [DT.RELAENT, 24], [DT.NULL, 0]]
      : [[DT.RELR, tableAt], [DT.RELRSZ, img.tableSize], [DT.RELRENT, 8], [DT.NULL, 0]];
  dyn.forEach(([tag, val], i) => {
    head.writeBigUInt64LE(BigInt(tag), DYN_AT + 16 * i);
    head.writeBigUInt64LE(BigInt(val), DYN_AT + 16 * i + 8);
  });
  phdr(2, 2, 4, DYN_AT, dyn.length * 16, dyn.length * 16, 8); // read-only, as its LOAD is: ld.so leaves it alone

  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    if (img.fill !== undefined) {
      const CHUNK = 48 << 15; // whole Elf64_Rela (24) and RELR pairs (16) in every chunk
      for (let at = 0; at < img.tableSize; at += CHUNK) {
        const chunk = Buffer.alloc(Math.min(CHUNK, img.tableSize - at));
        img.fill(chunk, at);
        writeSync(fd, chunk, 0, chunk.length, tableAt + at);
      }
    }
    ftruncateSync(fd, Math.max(dataAt + dataFile, tableAt + img.tableSize));
  } finally {
    closeSync(fd);
  }
}

/** A RELA table of `count` R_X86_64_RELATIVE relocations over the data, one word after another (wrapping). */
export function relativeRelocations(count: number, dataSize: number): Pick<RelocationImage, 'format' | 'tableSize' | 'fill' | 'dataSize'> {
  const tableSize = count * 24;
  const base = dataAddress({ tableSize });
  return {
    format: 'rela',
    tableSize,
    dataSize,
    fill: (chunk, at) => {
      for (let o = 0; o < chunk.length; o += 24) {
        const i = (at + o) / 24;
        const target = base + ((i * 8) % dataSize);
        chunk.writeBigUInt64LE(BigInt(target), o);
        chunk.writeBigUInt64LE(BigInt(R_X86_64_RELATIVE), o + 8);
        chunk.writeBigUInt64LE(BigInt(target), o + 16);
      }
    },
  };
}
