/**
 * A small ELF image builder for tests: lays out a header, a program header
 * table, a section table and a section-name string table, in either class
 * and byte order, with every field settable (including corrupt values).
 * Independent of src/elf on purpose: it writes bytes, it never reads them.
 */

export interface PhdrSpec {
  type: number;
  flags?: number;
  offset?: bigint;
  vaddr?: bigint;
  paddr?: bigint;
  filesz?: bigint;
  memsz?: bigint;
  align?: bigint;
}

export interface ShdrSpec {
  name: string;
  type: number;
  flags?: bigint;
  addr?: bigint;
  offset?: bigint;
  size?: bigint;
  link?: number;
  info?: number;
  addralign?: bigint;
  entsize?: bigint;
  /** Contents placed in the file; offset/size default to where they land. */
  data?: Buffer;
}

export interface ElfSpec {
  bits: 32 | 64;
  bigEndian?: boolean;
  osabi?: number;
  type?: number;
  machine?: number;
  entry?: bigint;
  phdrs?: PhdrSpec[];
  sections?: ShdrSpec[];
  /** Override header fields after layout (to corrupt them). */
  patch?: Partial<Record<'phoff' | 'shoff' | 'phentsize' | 'phnum' | 'shentsize' | 'shnum' | 'shstrndx', number | bigint>>;
  /** Fields of section 0 (extended numbering lives there). */
  section0?: Partial<Pick<ShdrSpec, 'size' | 'link' | 'info'>>;
  /** Minimum file size (zero-padded). */
  minSize?: number;
}

class Writer {
  constructor(
    readonly buf: Buffer,
    readonly be: boolean,
  ) {}
  u8(o: number, v: number) {
    this.buf[o] = v;
  }
  u16(o: number, v: number) {
    this.be ? this.buf.writeUInt16BE(v, o) : this.buf.writeUInt16LE(v, o);
  }
  u32(o: number, v: number) {
    this.be ? this.buf.writeUInt32BE(v >>> 0, o) : this.buf.writeUInt32LE(v >>> 0, o);
  }
  u64(o: number, v: bigint) {
    this.be ? this.buf.writeBigUInt64BE(BigInt.asUintN(64, v), o) : this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), o);
  }
}

export function buildElf(spec: ElfSpec): Buffer {
  const is64 = spec.bits === 64;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const phdrs = spec.phdrs ?? [];
  const userSections = spec.sections ?? [];
  // Section 0 is the null section; the name table goes last.
  const names = ['', ...userSections.map((s) => s.name), '.shstrtab'];
  const nameOffsets: number[] = [];
  let strtab = Buffer.alloc(0);
  for (const n of names) {
    nameOffsets.push(strtab.length);
    strtab = Buffer.concat([strtab, Buffer.from(n, 'latin1'), Buffer.from([0])]);
  }
  let cursor = ehsize;
  const phoff = phdrs.length > 0 ? cursor : 0;
  cursor += phdrs.length * phentsize;
  const dataOffsets: number[] = [];
  const blobs: { off: number; data: Buffer }[] = [];
  for (const s of userSections) {
    dataOffsets.push(cursor);
    if (s.data) {
      blobs.push({ off: cursor, data: s.data });
      cursor += s.data.length;
    }
  }
  const strOff = cursor;
  blobs.push({ off: strOff, data: strtab });
  cursor += strtab.length;
  cursor = (cursor + 7) & ~7;
  const withSections = userSections.length > 0;
  const shoff = withSections ? cursor : 0;
  const shnum = withSections ? names.length : 0;
  cursor += shnum * shentsize;
  const size = Math.max(cursor, spec.minSize ?? 0);
  const buf = Buffer.alloc(size);
  const w = new Writer(buf, spec.bigEndian === true);

  buf.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, spec.bigEndian ? 2 : 1, 1, spec.osabi ?? 0], 0);
  w.u16(16, spec.type ?? 2);
  w.u16(18, spec.machine ?? (is64 ? 62 : 3));
  w.u32(20, 1);
  const word = (o: number, v: bigint) => (is64 ? w.u64(o, v) : w.u32(o, Number(v)));
  const wsz = is64 ? 8 : 4;
  const p = spec.patch ?? {};
  word(24, spec.entry ?? 0n);
  word(24 + wsz, BigInt(p.phoff ?? phoff));
  word(24 + 2 * wsz, BigInt(p.shoff ?? shoff));
  const at = 24 + 3 * wsz;
  w.u32(at, 0);
  w.u16(at + 4, ehsize);
  w.u16(at + 6, Number(p.phentsize ?? phentsize));
  w.u16(at + 8, Number(p.phnum ?? phdrs.length));
  w.u16(at + 10, Number(p.shentsize ?? shentsize));
  w.u16(at + 12, Number(p.shnum ?? shnum));
  w.u16(at + 14, Number(p.shstrndx ?? (withSections ? names.length - 1 : 0)));

  phdrs.forEach((ph, i) => {
    const o = phoff + i * phentsize;
    if (is64) {
      w.u32(o, ph.type);
      w.u32(o + 4, ph.flags ?? 0);
      w.u64(o + 8, ph.offset ?? 0n);
      w.u64(o + 16, ph.vaddr ?? 0n);
      w.u64(o + 24, ph.paddr ?? ph.vaddr ?? 0n);
      w.u64(o + 32, ph.filesz ?? 0n);
      w.u64(o + 40, ph.memsz ?? ph.filesz ?? 0n);
      w.u64(o + 48, ph.align ?? 0n);
    } else {
      w.u32(o, ph.type);
      w.u32(o + 4, Number(ph.offset ?? 0n));
      w.u32(o + 8, Number(ph.vaddr ?? 0n));
      w.u32(o + 12, Number(ph.paddr ?? ph.vaddr ?? 0n));
      w.u32(o + 16, Number(ph.filesz ?? 0n));
      w.u32(o + 20, Number(ph.memsz ?? ph.filesz ?? 0n));
      w.u32(o + 24, ph.flags ?? 0);
      w.u32(o + 28, Number(ph.align ?? 0n));
    }
  });
  for (const b of blobs) b.data.copy(buf, b.off);

  if (withSections) {
    const all: ShdrSpec[] = [
      { name: '', type: 0, ...spec.section0 },
      ...userSections,
      { name: '.shstrtab', type: 3, offset: BigInt(strOff), size: BigInt(strtab.length), addralign: 1n },
    ];
    all.forEach((s, i) => {
      const o = shoff + i * shentsize;
      const userIdx = i - 1;
      const defOff = userIdx >= 0 && userIdx < userSections.length ? BigInt(dataOffsets[userIdx]!) : 0n;
      const defSize = s.data ? BigInt(s.data.length) : 0n;
      const vals = {
        name: nameOffsets[i]!,
        type: s.type,
        flags: s.flags ?? 0n,
        addr: s.addr ?? 0n,
        offset: s.offset ?? defOff,
        size: s.size ?? defSize,
        link: s.link ?? 0,
        info: s.info ?? 0,
        addralign: s.addralign ?? 0n,
        entsize: s.entsize ?? 0n,
      };
      if (is64) {
        w.u32(o, vals.name);
        w.u32(o + 4, vals.type);
        w.u64(o + 8, vals.flags);
        w.u64(o + 16, vals.addr);
        w.u64(o + 24, vals.offset);
        w.u64(o + 32, vals.size);
        w.u32(o + 40, vals.link);
        w.u32(o + 44, vals.info);
        w.u64(o + 48, vals.addralign);
        w.u64(o + 56, vals.entsize);
      } else {
        w.u32(o, vals.name);
        w.u32(o + 4, vals.type);
        w.u32(o + 8, Number(vals.flags));
        w.u32(o + 12, Number(vals.addr));
        w.u32(o + 16, Number(vals.offset));
        w.u32(o + 20, Number(vals.size));
        w.u32(o + 24, vals.link);
        w.u32(o + 28, vals.info);
        w.u32(o + 32, Number(vals.addralign));
        w.u32(o + 36, Number(vals.entsize));
      }
    });
  }
  return buf;
}

/**
 * A `.note.ABI-tag` section as glibc's crt1.o brings it (NT_GNU_ABI_TAG:
 * Linux 3.2.0), little-endian: what marks glibc's startup code.
 */
export function gnuAbiTagSection(): ShdrSpec {
  const note = Buffer.alloc(32);
  note.writeUInt32LE(4, 0); // namesz
  note.writeUInt32LE(16, 4); // descsz
  note.writeUInt32LE(1, 8); // NT_GNU_ABI_TAG
  note.write('GNU\0', 12, 'latin1');
  [0, 3, 2, 0].forEach((v, i) => note.writeUInt32LE(v, 16 + 4 * i));
  return { name: '.note.ABI-tag', type: 7, flags: 2n, addralign: 4n, data: note };
}
