import type { Decoder } from './decode.js';

export interface ElfNote {
  /** Owner name without its terminating NUL (e.g. "GNU"). */
  readonly name: string;
  readonly type: number;
  readonly desc: Buffer;
  /** File offset of the note header. */
  readonly offset: bigint;
}

/** Note types elfaudit reads. */
export const NT_GNU = { ABI_TAG: 1, HWCAP: 2, BUILD_ID: 3, GOLD_VERSION: 4, PROPERTY_TYPE_0: 5 } as const;
export const GNU_PROPERTY = {
  X86_FEATURE_1_AND: 0xc0000002,
  AARCH64_FEATURE_1_AND: 0xc0000000,
  STACK_SIZE: 1,
  NO_COPY_ON_PROTECTED: 2,
} as const;
export const GNU_PROPERTY_X86_FEATURE_1 = { IBT: 1, SHSTK: 2 } as const;
export const GNU_PROPERTY_AARCH64_FEATURE_1 = { BTI: 1, PAC: 2 } as const;

/**
 * Walks the notes in one PT_NOTE segment or SHT_NOTE section. Fields are
 * padded to `align` (4, or 8 for notes in 8-aligned segments such as GNU
 * properties). Stops quietly at a note that would run past the end — a
 * corrupt tail is not an error for callers that only look for a note.
 */
export function decodeNotes(d: Decoder, buf: Buffer, baseOffset: bigint, align: number): ElfNote[] {
  const a = align === 8 ? 8 : 4;
  const pad = (n: number) => (n + a - 1) & ~(a - 1);
  const out: ElfNote[] = [];
  let o = 0;
  while (o + 12 <= buf.length) {
    const namesz = d.u32(buf, o);
    const descsz = d.u32(buf, o + 4);
    const type = d.u32(buf, o + 8);
    const nameStart = o + 12;
    // ELF_NOTE_DESC_OFFSET: the name is padded so the descriptor starts
    // aligned relative to the note, and so is the next note.
    const descStart = o + pad(12 + namesz);
    const end = o + pad(descStart - o + descsz);
    if (descStart > buf.length || descStart + descsz > buf.length) break;
    const nameBytes = buf.subarray(nameStart, nameStart + namesz);
    const nul = nameBytes.indexOf(0);
    out.push({
      name: (nul < 0 ? nameBytes : nameBytes.subarray(0, nul)).toString('latin1'),
      type,
      desc: buf.subarray(descStart, descStart + descsz),
      offset: baseOffset + BigInt(o),
    });
    if (end <= o) break;
    o = end;
  }
  return out;
}

export interface GnuProperty {
  readonly type: number;
  readonly data: Buffer;
}

/** The properties inside one NT_GNU_PROPERTY_TYPE_0 descriptor. */
export function decodeGnuProperties(d: Decoder, desc: Buffer): GnuProperty[] {
  const a = d.bits === 64 ? 8 : 4;
  const out: GnuProperty[] = [];
  let o = 0;
  while (o + 8 <= desc.length) {
    const type = d.u32(desc, o);
    const size = d.u32(desc, o + 4);
    if (o + 8 + size > desc.length) break;
    out.push({ type, data: desc.subarray(o + 8, o + 8 + size) });
    o += 8 + ((size + a - 1) & ~(a - 1));
  }
  return out;
}
