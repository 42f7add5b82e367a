import type { Decoder } from './decode.js';
import { U64_MAX } from './types.js';

export interface ElfNote {
  /** Owner name without its terminating NUL (e.g. "GNU"). */
  readonly name: string;
  readonly type: number;
  readonly desc: Buffer;
  /** File offset of the note header. */
  readonly offset: bigint;
}

/**
 * The notes in one PT_NOTE segment or SHT_NOTE section, through walkNotes
 * (the one note walker). Fields are padded to `align` (8 for notes in
 * 8-aligned segments such as GNU properties, else 4). Stops quietly at a
 * note that would run past the end — a corrupt tail is not an error for
 * callers that only look for a note.
 */
export function decodeNotes(d: Decoder, buf: Buffer, baseOffset: bigint, align: number): ElfNote[] {
  const out: ElfNote[] = [];
  for (const step of walkNotes(d, buf, align === 8 ? 8 : 4, false, true)) {
    if (step.kind !== 'note') break;
    const nameBytes = buf.subarray(step.nameAt, step.nameAt + step.namesz);
    const nul = nameBytes.indexOf(0);
    out.push({
      name: (nul < 0 ? nameBytes : nameBytes.subarray(0, nul)).toString('latin1'),
      type: step.type,
      desc: buf.subarray(step.descAt, step.descAt + step.descsz),
      offset: baseOffset + BigInt(step.at),
    });
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

/** One entry of a note area, as walkNotes finds it. */
export interface RawNote {
  readonly kind: 'note';
  /** Offset of the note header in the buffer. */
  readonly at: number;
  readonly namesz: number;
  readonly descsz: number;
  /** n_type (for the 64-bit VMS layout: its low 32 bits). */
  readonly type: number;
  /** The high 32 bits of n_type (non-zero only in the 64-bit VMS layout). */
  readonly typeHigh: number;
  /** Where the name and the descriptor start in the buffer. */
  readonly nameAt: number;
  readonly descAt: number;
  /** Where the next note starts. */
  readonly next: number;
}

/** The walk ended because fewer bytes than a note header remain. */
export interface ShortNote {
  readonly kind: 'short';
  readonly at: number;
  readonly remaining: number;
}

/** The walk ended at a note whose name or descriptor runs past the end. */
export interface InvalidNote {
  readonly kind: 'invalid';
  readonly at: number;
  readonly type: bigint;
  readonly namesz: bigint;
  readonly descsz: bigint;
}

export type NoteStep = RawNote | ShortNote | InvalidNote;

/**
 * Walks a note area exactly as GNU readelf's process_notes_at does, and
 * says where and why it stopped (decodeNotes stops quietly).
 * Standard notes have a 12-byte header and their name and descriptor are
 * padded relative to the note to `align` (4 or 8). `vms` selects the
 * IA-64 OpenVMS layout: 64-bit header fields (24 bytes), name and
 * descriptor each padded to 8 bytes. The last step is a ShortNote or an
 * InvalidNote when the area does not end exactly after a note.
 * `unpaddedEnd` accepts a last standard note whose descriptor fits but
 * whose padding does not (GNU calls it invalid; a note seeker need not).
 */
export function walkNotes(d: Decoder, buf: Buffer, align: number, vms = false, unpaddedEnd = false): NoteStep[] {
  const out: NoteStep[] = [];
  const end = buf.length;
  // ELF_ALIGN_UP for the two alignments GNU accepts (and anything else a power of two).
  const mask = align - 1;
  let at = 0;
  while (at < end) {
    const headerSize = vms ? 24 : 12;
    let remaining = end - at;
    if (remaining < headerSize) {
      out.push({ kind: 'short', at, remaining });
      break;
    }
    remaining -= headerSize;
    const nameAt = at + headerSize;
    if (!vms) {
      const namesz = d.u32(buf, at);
      const descsz = d.u32(buf, at + 4);
      const type = d.u32(buf, at + 8);
      // ELF_NOTE_DESC_OFFSET and ELF_NOTE_NEXT_OFFSET (exact: sizes are 32-bit).
      // (Below 2^33: plain arithmetic, not 32-bit bit operations.)
      const descOff = 12 + namesz + ((align - ((12 + namesz) % align)) & mask);
      const nextOff = descOff + descsz + ((align - ((descOff + descsz) % align)) & mask);
      const nameToDesc = descOff - 12;
      const descToNext = unpaddedEnd ? descsz : nextOff - descOff;
      if (nameToDesc > remaining || descToNext > remaining - nameToDesc) {
        out.push({ kind: 'invalid', at, type: BigInt(type), namesz: BigInt(namesz), descsz: BigInt(descsz) });
        break;
      }
      const next = Math.min(at + nextOff, end);
      out.push({ kind: 'note', at, namesz, descsz, type, typeHigh: 0, nameAt, descAt: at + descOff, next });
      at = next;
    } else {
      const namesz = d.u64(buf, at);
      const descsz = d.u64(buf, at + 8);
      const type = d.u64(buf, at + 16);
      // align_power (x, 3) in 64-bit arithmetic, which may wrap.
      const nameToDesc = (namesz + 7n) & ~7n & U64_MAX;
      const descToNext = (descsz + 7n) & ~7n & U64_MAX;
      const rem = BigInt(remaining);
      if (nameToDesc < namesz || nameToDesc > rem || descToNext < descsz || descToNext > rem - nameToDesc) {
        out.push({ kind: 'invalid', at, type, namesz, descsz });
        break;
      }
      const descAt = nameAt + Number(nameToDesc);
      const next = descAt + Number(descToNext);
      out.push({
        kind: 'note',
        at,
        namesz: Number(namesz),
        descsz: Number(descsz),
        type: Number(type & 0xffffffffn),
        typeHigh: Number(type >> 32n),
        nameAt,
        descAt,
        next,
      });
      at = next;
    }
  }
  return out;
}
