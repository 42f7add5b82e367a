/**
 * The printers of GNU readelf 2.40's -n, one per note family (readelf.c
 * l.19599-21650): print_core_note, print_gnu_note with
 * print_gnu_property_note, process_netbsd_elf_note, print_stapsdt_note,
 * print_fdo_note, print_ia64_vms_note, the GNU build attribute name and
 * description printers, print_note_contents_hex, and the V850 note printer.
 * Each writes what GNU's writes, in the same order relative to its
 * diagnostics, and returns GNU's success value (a false one makes the run's
 * exit status 1).
 */
import { EM, GNU_PROPERTY, NT_FDO_PACKAGING_METADATA, NT_FILE, NT_GNU } from '../elf/constants.js';
import { type Decoder, u32At } from '../elf/decode.js';
import type { RawNote } from '../elf/notes.js';
import { cText } from '../elf/reader.js';
import type { Filedata } from './filedata.js';
import { vmsTimeText } from './dynamic-tags.js';
import { altHex, hex, int32 } from './printf.js';
import {
  decode1Needed,
  decodeAarch64Feature1And,
  decodeX86Compat2Isa,
  decodeX86CompatIsa,
  decodeX86Feature1,
  decodeX86Feature2,
  decodeX86Isa,
} from './note-names.js';

/** One note as process_notes_at hands it to process_note (Elf_Internal_Note): walkNotes' step and its area. */
export interface Note extends Omit<RawNote, 'kind' | 'at' | 'next'> {
  /** The whole note area as get_data read it. */
  readonly buf: Buffer;
  /** namedata as a C string (byte string): the owner name up to its NUL. */
  readonly name: string;
}

/** pnote->type == t, on the full width of the type. */
export function typeIs(note: Note, t: number): boolean {
  return note.typeHigh === 0 && note.type === t;
}

/** n_type as `%lx` prints it. */
export function typeHex(note: Note, width = 0): string {
  const t = note.typeHigh === 0 ? note.type : (BigInt(note.typeHigh) << 32n) | BigInt(note.type);
  return hex(t, width);
}

/** byte_get for 4 or 8 bytes at `o`, as a bigint. */
function wordAt(d: Decoder, buf: Buffer, o: number, size: number): bigint {
  if (size === 4) return BigInt(u32At(d, buf, o));
  if (o + 8 <= buf.length) return d.u64(buf, o);
  const lo = BigInt(u32At(d, buf, d.bigEndian ? o + 4 : o));
  const hi = BigInt(u32At(d, buf, d.bigEndian ? o : o + 4));
  return (hi << 32n) | lo;
}

/** "%02x " for every byte value. */
const HEX_SPACE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0') + ' ');

/** `%02x ` (or, not `spaced`, `%02x`) for each byte of [from, to). */
function hexBytes(buf: Buffer, from: number, to: number, spaced: boolean): string {
  if (!spaced) return buf.toString('hex', from, to);
  let s = '';
  for (let i = from; i < to; i++) s += HEX_SPACE[buf[i]!];
  return s;
}

/** print_vma (v, FULL_HEX): `0x` and 8 or 16 digits by class. */
function fullHex(fd: Filedata, v: bigint | number): string {
  return '0x' + hex(v, fd.is32 ? 8 : 16);
}

/** `%.*s`: at most `n` bytes from `o`, stopping at a NUL. */
function boundedString(buf: Buffer, o: number, n: number): string {
  return cText(buf, o, Math.max(n, 0));
}

/** print_note_contents_hex. */
export function noteContentsHex(note: Note, wide: boolean): string {
  let s = '';
  if (note.descsz !== 0) {
    s = '   description data: ' + hexBytes(note.buf, note.descAt, note.descAt + note.descsz, true);
    if (!wide) s += '\n';
  }
  if (wide) s += '\n';
  return s;
}

/** print_core_note: only NT_FILE has a decoded body. */
export function printCoreNote(fd: Filedata, note: Note): boolean {
  const out = fd.sink;
  if (!typeIs(note, NT_FILE)) {
    if (fd.opts.wide) out.out('\n');
    return true;
  }
  // GNU 2.40 lost the #ifndef BFD64 around this test: 64-bit files always get it.
  if (!fd.is32) {
    out.out('    Cannot decode 64-bit note in 32-bit build\n');
    return true;
  }
  const d = fd.reader.decoder;
  const { buf, descAt, descsz } = note;
  if (descsz < 8) {
    fd.diag.error('    Malformed note - too short for header');
    return false;
  }
  if (buf[descAt + descsz - 1] !== 0) {
    fd.diag.error('    Malformed note - does not end with \\0');
    return false;
  }
  const count = d.u32(buf, descAt);
  const pageSize = d.u32(buf, descAt + 4);
  if (descsz < 8 + count * 12) {
    fd.diag.error('    Malformed note - too short for supplied file count');
    return false;
  }
  out.out(`    Page size: ${pageSize}\n`);
  out.out('         Start         End Page Offset\n');
  const descEnd = descAt + descsz;
  let p = descAt + 8;
  let names = descAt + 8 + count * 12;
  for (let i = 0; i < count; i++) {
    if (names === descEnd) {
      fd.diag.error('    Malformed note - filenames end too early');
      return false;
    }
    const start = d.u32(buf, p);
    const end = d.u32(buf, p + 4);
    const ofs = d.u32(buf, p + 8);
    p += 12;
    const name = cText(buf, names);
    out.out(`    0x${hex(start, 8)}  0x${hex(end, 8)}  0x${hex(ofs, 8)}\n        ${name}\n`);
    names += name.length + 1;
  }
  return true;
}

/** The x86 processor-specific properties: label and decoder. */
const X86_PROPERTIES: ReadonlyMap<number, readonly [string, (mask: number) => string]> = new Map([
  [0xc0010002, ['x86 ISA used: ', decodeX86Isa]], // GNU_PROPERTY_X86_ISA_1_USED
  [0xc0008002, ['x86 ISA needed: ', decodeX86Isa]], // GNU_PROPERTY_X86_ISA_1_NEEDED
  [0xc0000002, ['x86 feature: ', decodeX86Feature1]], // GNU_PROPERTY_X86_FEATURE_1_AND
  [0xc0010001, ['x86 feature used: ', decodeX86Feature2]], // GNU_PROPERTY_X86_FEATURE_2_USED
  [0xc0008001, ['x86 feature needed: ', decodeX86Feature2]], // GNU_PROPERTY_X86_FEATURE_2_NEEDED
  [0xc0000000, ['x86 ISA used: ', decodeX86CompatIsa]], // GNU_PROPERTY_X86_COMPAT_ISA_1_USED
  [0xc0000001, ['x86 ISA needed: ', decodeX86CompatIsa]], // GNU_PROPERTY_X86_COMPAT_ISA_1_NEEDED
  [0xc0010000, ['x86 ISA used: ', decodeX86Compat2Isa]], // GNU_PROPERTY_X86_COMPAT_2_ISA_1_USED
  [0xc0008000, ['x86 ISA needed: ', decodeX86Compat2Isa]], // GNU_PROPERTY_X86_COMPAT_2_ISA_1_NEEDED
]);

/** `<corrupt length: %#x> `. */
const corruptLength = (n: number) => `<corrupt length: ${altHex(n)}> `;

/**
 * One property of print_gnu_property_note when GNU decodes it, or null
 * for the generic `<... type %#x data: ...>` form.
 */
function gnuProperty(fd: Filedata, type: number, datasz: number, buf: Buffer, p: number, size: number): string | null {
  const d = fd.reader.decoder;
  if (type >= GNU_PROPERTY.LOPROC && type <= GNU_PROPERTY.HIPROC) {
    const machine = fd.header.machine;
    if (machine === EM.X86_64 || machine === EM.IAMCU || machine === EM.I386) {
      const x86 = X86_PROPERTIES.get(type);
      if (x86 === undefined) return null;
      return datasz !== 4 ? x86[0] + corruptLength(datasz) : x86[0] + x86[1](d.u32(buf, p));
    }
    if (machine === EM.AARCH64 && type === GNU_PROPERTY.AARCH64_FEATURE_1_AND) {
      return 'AArch64 feature: ' + (datasz !== 4 ? corruptLength(datasz) : decodeAarch64Feature1And(d.u32(buf, p)));
    }
    return null;
  }
  switch (type) {
    case GNU_PROPERTY.STACK_SIZE:
      return 'stack size: ' + (datasz !== size ? corruptLength(datasz) : altHex(wordAt(d, buf, p, size)));
    case GNU_PROPERTY.NO_COPY_ON_PROTECTED:
      return 'no copy on protected ' + (datasz !== 0 ? corruptLength(datasz) : '');
  }
  const and = type >= GNU_PROPERTY.UINT32_AND_LO && type <= GNU_PROPERTY.UINT32_AND_HI;
  if (!and && !(type >= GNU_PROPERTY.UINT32_OR_LO && type <= GNU_PROPERTY.UINT32_OR_HI)) return null;
  if (type === GNU_PROPERTY['1_NEEDED']) {
    return datasz !== 4 ? `1_needed: ${corruptLength(datasz)}` : '1_needed: ' + decode1Needed(d.u32(buf, p));
  }
  const label = and ? `UINT32_AND (${altHex(type)}): ` : `UINT32_OR (${altHex(type)}): `;
  return label + (datasz !== 4 ? corruptLength(datasz) : altHex(d.u32(buf, p)));
}

/** print_gnu_property_note. */
function gnuPropertyNote(fd: Filedata, note: Note): string {
  const d = fd.reader.decoder;
  const { buf, descsz } = note;
  const size = fd.is32 ? 4 : 8;
  let s = '      Properties: ';
  if (descsz < 8 || descsz % size !== 0) return s + `<corrupt GNU_PROPERTY_TYPE, size = ${altHex(descsz)}>\n`;
  const end = note.descAt + descsz;
  let p = note.descAt;
  while (p < end) {
    if (end - p < 8) {
      s += `<corrupt descsz: ${altHex(descsz)}>\n`;
      break;
    }
    const type = d.u32(buf, p);
    const datasz = d.u32(buf, p + 4);
    p += 8;
    if (datasz > end - p) {
      s += `<corrupt type (${altHex(type)}) datasz: ${altHex(datasz)}>\n`;
      break;
    }
    const known = gnuProperty(fd, type, datasz, buf, p, size);
    if (known !== null) s += known;
    else {
      if (type < GNU_PROPERTY.LOPROC) s += `<unknown type ${altHex(type)} data: `;
      else if (type < GNU_PROPERTY.LOUSER) s += `<processor-specific type ${altHex(type)} data: `;
      else s += `<application-specific type ${altHex(type)} data: `;
      s += hexBytes(buf, p, p + datasz, true) + '>';
    }
    p += Math.ceil(datasz / size) * size;
    if (p === end) break;
    s += fd.opts.wide ? ', ' : '\n\t';
  }
  return s + '\n';
}

const ABI_OS_NAMES = ['Linux', 'Hurd', 'Solaris', 'FreeBSD', 'NetBSD', 'Syllable', 'NaCl'];

/** print_gnu_note. */
export function printGnuNote(fd: Filedata, note: Note): boolean {
  const d = fd.reader.decoder;
  const { buf, descAt, descsz } = note;
  const out = fd.sink;
  const type = note.typeHigh === 0 ? note.type : -1;
  switch (type) {
    case NT_GNU.BUILD_ID:
      out.out('    Build ID: ' + hexBytes(buf, descAt, descAt + descsz, false) + '\n');
      break;
    case NT_GNU.ABI_TAG: {
      if (descsz < 16) {
        out.out('    <corrupt GNU_ABI_TAG>\n');
        break;
      }
      const os = d.u32(buf, descAt);
      const major = d.u32(buf, descAt + 4);
      const minor = d.u32(buf, descAt + 8);
      const subminor = d.u32(buf, descAt + 12);
      const osname = ABI_OS_NAMES[os] ?? 'Unknown';
      out.out(`    OS: ${osname}, ABI: ${int32(major)}.${int32(minor)}.${int32(subminor)}\n`);
      break;
    }
    case NT_GNU.GOLD_VERSION:
      out.out('    Version: ' + boundedString(buf, descAt, descsz) + '\n');
      break;
    case NT_GNU.HWCAP: {
      out.out('      Hardware Capabilities: ');
      if (descsz < 8) {
        fd.diag.error('<corrupt GNU_HWCAP>');
        return false;
      }
      const entries = d.u32(buf, descAt);
      const mask = d.u32(buf, descAt + 4);
      out.out(`num entries: ${int32(entries)}, enabled mask: ${hex(mask)}\n`);
      break;
    }
    case NT_GNU.PROPERTY_TYPE_0:
      out.out(gnuPropertyNote(fd, note));
      break;
    default:
      out.out('    Description data: ' + hexBytes(buf, descAt, descAt + descsz, true) + '\n');
  }
  return true;
}

/** process_netbsd_elf_note (owners "NetBSD" and "PaX"): prints the whole line itself. */
export function printNetbsdNote(fd: Filedata, note: Note): boolean {
  const d = fd.reader.decoder;
  const { buf, descAt, descsz } = note;
  const size = hex(descsz, 8);
  const type = note.typeHigh === 0 ? note.type : -1;
  switch (type) {
    case 1: {
      // NT_NETBSD_IDENT
      if (descsz < 1) break;
      const v = u32At(d, buf, descAt);
      const major = Math.floor(v / 100000000);
      const minor = Math.floor(v / 1000000) % 100;
      const rel = Math.floor(v / 10000) % 100;
      if (rel !== 0) {
        const letter = String.fromCharCode(0x41 + (Math.floor(v / 10000) % 26));
        fd.sink.out(`  NetBSD\t\t0x${size}\tIDENT ${v} (${major}.${minor}${rel > 26 ? 'Z' : ''}${letter})\n`);
      } else {
        fd.sink.out(`  NetBSD\t\t0x${size}\tIDENT ${v} (${major}.${minor}.${Math.floor(v / 100) % 100})\n`);
      }
      return true;
    }
    case 5: // NT_NETBSD_MARCH
      fd.sink.out(`  NetBSD\t\t0x${size}\tMARCH <${cText(buf, descAt)}>\n`);
      return true;
    case 3: {
      // NT_NETBSD_PAX
      if (descsz < 1) break;
      const v = u32At(d, buf, descAt);
      fd.sink.out(
        `  NetBSD\t\t0x${size}\tPaX <${v & 0x01 ? '+mprotect' : ''}${v & 0x02 ? '-mprotect' : ''}` +
          `${v & 0x04 ? '+guard' : ''}${v & 0x08 ? '-guard' : ''}${v & 0x10 ? '+ASLR' : ''}${v & 0x20 ? '-ASLR' : ''}>\n`,
      );
      return true;
    }
  }
  fd.sink.out(`  NetBSD\t0x${size}\tUnknown note type: (0x${typeHex(note, 8)})\n`);
  return false;
}

/** print_stapsdt_note. */
export function printStapsdtNote(fd: Filedata, note: Note): boolean {
  const d = fd.reader.decoder;
  const { buf, descAt, descsz } = note;
  const addrSize = fd.is32 ? 4 : 8;
  const end = descAt + descsz;
  const tooSmall = () => {
    fd.sink.out('  <corrupt - note is too small>\n');
    fd.diag.error('corrupt stapdt note - the data size is too small');
    return false;
  };
  if (descsz < addrSize * 3) return tooSmall();
  let p = descAt;
  const pc = wordAt(d, buf, p, addrSize);
  const base = wordAt(d, buf, p + addrSize, addrSize);
  const semaphore = wordAt(d, buf, p + 2 * addrSize, addrSize);
  p += 3 * addrSize;
  const strings: string[] = [];
  for (let i = 0; i < 3; i++) {
    if (p >= end) return tooSmall();
    const nul = buf.indexOf(0, p);
    if (nul < 0 || nul >= end) return tooSmall();
    strings.push(buf.toString('latin1', p, nul));
    p = nul + 1;
  }
  fd.sink.out(
    `    Provider: ${strings[0]}\n    Name: ${strings[1]}\n    Location: ${fullHex(fd, pc)}, Base: ${fullHex(fd, base)}, ` +
      `Semaphore: ${fullHex(fd, semaphore)}\n    Arguments: ${strings[2]}\n`,
  );
  return p === end;
}

/** print_fdo_note. */
export function printFdoNote(fd: Filedata, note: Note): boolean {
  if (note.descsz > 0 && typeIs(note, NT_FDO_PACKAGING_METADATA)) {
    fd.sink.out(`    Packaging Metadata: ${boundedString(note.buf, note.descAt, note.descsz)}\n`);
    return true;
  }
  return false;
}

/** print_ia64_vms_note. */
export function printVmsNote(fd: Filedata, note: Note): boolean {
  const d = fd.reader.decoder;
  const { buf, descAt } = note;
  const maxlen = note.descsz;
  const out = (s: string) => fd.sink.out(s);
  const fail = () => {
    out('  <corrupt - data size is too small>\n');
    fd.diag.error('corrupt IA64 note: data size is too small');
    return false;
  };
  if (maxlen < 2) return fail();
  const signed64 = (o: number) => BigInt.asIntN(64, wordAt(d, buf, o, 8));
  switch (note.typeHigh === 0 ? note.type : -1) {
    case 1: {
      // NT_VMS_MHD
      if (maxlen <= 36) return fail();
      const l = cText(buf, descAt + 34, maxlen - 34).length;
      out(`    Creation date  : ${boundedString(buf, descAt, 17)}\n`);
      out(`    Last patch date: ${boundedString(buf, descAt + 17, 17)}\n`);
      if (l + 34 < maxlen) {
        out(`    Module name    : ${cText(buf, descAt + 34)}\n`);
        if (l + 35 < maxlen) out(`    Module version : ${cText(buf, descAt + 34 + l + 1)}\n`);
        else out('    Module version : <missing>\n');
      } else {
        out('    Module name    : <missing>\n');
        out('    Module version : <missing>\n');
      }
      break;
    }
    case 2: // NT_VMS_LNM
      out(`   Language: ${boundedString(buf, descAt, maxlen)}\n`);
      break;
    case 6: // NT_VMS_FPMODE
      out('   Floating Point mode: ');
      if (maxlen < 8) return fail();
      out(`0x${hex(wordAt(d, buf, descAt, 8), 16)}\n`);
      break;
    case 101: // NT_VMS_LINKTIME
      out('   Link time: ');
      if (maxlen < 8) return fail();
      out(vmsTimeText(signed64(descAt)) + '\n');
      break;
    case 108: // NT_VMS_PATCHTIME
      out('   Patch time: ');
      if (maxlen < 8) return fail();
      out(vmsTimeText(signed64(descAt)) + '\n');
      break;
    case 107: // NT_VMS_ORIG_DYN
      if (maxlen < 34) return fail();
      out(`   Major id: ${u32At(d, buf, descAt)},  minor id: ${u32At(d, buf, descAt + 4)}\n`);
      out('   Last modified  : ' + vmsTimeText(signed64(descAt + 8)));
      out(`\n   Link flags  : 0x${hex(wordAt(d, buf, descAt + 16, 8), 16)}\n`);
      out(`   Header flags: 0x${hex(u32At(d, buf, descAt + 24), 8)}\n`);
      out(`   Image id    : ${boundedString(buf, descAt + 32, maxlen - 32)}\n`);
      break;
    case 102: // NT_VMS_IMGNAM
      out(`    Image name: ${boundedString(buf, descAt, maxlen)}\n`);
      break;
    case 106: // NT_VMS_GSTNAM
      out(`    Global symbol table name: ${boundedString(buf, descAt, maxlen)}\n`);
      break;
    case 103: // NT_VMS_IMGID
      out(`    Image id: ${boundedString(buf, descAt, maxlen)}\n`);
      break;
    case 104: // NT_VMS_LINKID
      out(`    Linker id: ${boundedString(buf, descAt, maxlen)}\n`);
      break;
    default:
      return false;
  }
  return true;
}

/** print_v850_note: the value after the `  NAME: ` GNU printed; false when it is not understood. */
export function printV850Note(fd: Filedata, note: Note): boolean {
  if (note.descsz !== 4) return false;
  const val = fd.reader.decoder.u32(note.buf, note.descAt);
  const out = (s: string) => {
    fd.sink.out(s);
    return true;
  };
  if (val === 0) return out('not set\n');
  switch (note.type) {
    case 1: // V850_NOTE_ALIGNMENT
      if (val === 1) return out('4-byte\n');
      if (val === 2) return out('8-byte\n');
      break;
    case 2: // V850_NOTE_DATA_SIZE
      if (val === 1) return out('4-bytes\n');
      if (val === 2) return out('8-bytes\n');
      break;
    case 3: // V850_NOTE_FPU_INFO
      if (val === 1) return out('FPU-2.0\n');
      if (val === 2) return out('FPU-3.0\n');
      break;
    case 4: // V850_NOTE_SIMD_INFO
    case 5: // V850_NOTE_CACHE_INFO
    case 6: // V850_NOTE_MMU_INFO
      if (val === 1) return out('yes\n');
      break;
  }
  out(`unknown value: ${hex(val)}\n`);
  return false;
}

