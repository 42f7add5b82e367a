import { EM, PN_XNUM, SHN } from '../elf/constants.js';
import type { Filedata } from './filedata.js';
import { machineFlags } from './machine-flags.js';
import { fileTypeName } from './names.js';
import { hex } from './printf.js';
import { gnuMachineName } from '../names/machines.js';

/**
 * The `-h` display of GNU readelf 2.40's process_file_header (readelf.c
 * l.5810) and the name functions it calls: get_elf_class,
 * get_data_encoding, get_osabi_name, get_file_type, get_machine_name and
 * get_machine_flags (machine-flags.ts).
 */

/** get_elf_class. */
export function elfClassName(c: number): string {
  switch (c) {
    case 0:
      return 'none';
    case 1:
      return 'ELF32';
    case 2:
      return 'ELF64';
    default:
      return `<unknown: ${c.toString(16)}>`;
  }
}

/** get_data_encoding. */
export function dataEncodingName(d: number): string {
  switch (d) {
    case 0:
      return 'none';
    case 1:
      return "2's complement, little endian";
    case 2:
      return "2's complement, big endian";
    default:
      return `<unknown: ${d.toString(16)}>`;
  }
}

const OSABI_NAMES: readonly string[] = [
  'UNIX - System V',
  'UNIX - HP-UX',
  'UNIX - NetBSD',
  'UNIX - GNU',
  '', // 4: no name
  '', // 5: no name
  'UNIX - Solaris',
  'UNIX - AIX',
  'UNIX - IRIX',
  'UNIX - FreeBSD',
  'UNIX - TRU64',
  'Novell - Modesto',
  'UNIX - OpenBSD',
  'VMS - OpenVMS',
  'HP - Non-Stop Kernel',
  'AROS',
  'FenixOS',
  'Nuxi CloudABI',
  'Stratus Technologies OpenVOS',
];

/** get_osabi_name: values from 64 on are named per machine. */
export function osabiName(osabi: number, machine: number): string {
  const name = OSABI_NAMES[osabi];
  if (name !== undefined && name !== '') return name;
  if (osabi >= 64) {
    switch (machine) {
      case EM.AMDGPU:
        if (osabi === 64) return 'AMD HSA';
        if (osabi === 65) return 'AMD PAL';
        if (osabi === 66) return 'AMD Mesa3D';
        break;
      case EM.ARM:
        if (osabi === 97) return 'ARM';
        if (osabi === 65) return 'ARM FDPIC';
        break;
      case EM.MSP430:
      case EM.MSP430_OLD:
      case EM.VISIUM:
        if (osabi === 255) return 'Standalone App';
        break;
      case EM.TI_C6000:
        if (osabi === 64) return 'Bare-metal C6000';
        if (osabi === 65) return 'Linux C6000';
        break;
    }
  }
  return `<unknown: ${osabi.toString(16)}>`;
}

/** get_machine_name. */
/** `%2.2x`. */
const HEX2 = Array.from({ length: 256 }, (_, i) => hex(i, 2));

/**
 * process_file_header's `-h` display. Like GNU's, it also resolves the
 * extended section count and string table index while printing them, and
 * drops an out-of-range string table index even without section headers
 * (process.ts's processFileHeader does the rest of the resolution).
 * Runs after the magic check, with `fd.sections` holding the probe of
 * section 0 (or null).
 */
export function showFileHeader(fd: Filedata): void {
  const h = fd.header;
  const ident = h.ident.bytes;
  const sink = fd.sink;
  let magic = '';
  for (let i = 0; i < 16; i++) magic += HEX2[ident[i] ?? 0] + ' ';
  const version = h.ident.version;
  sink.out(
    'ELF Header:\n' +
      `  Magic:   ${magic}\n` +
      `  Class:                             ${elfClassName(h.ident.class)}\n` +
      `  Data:                              ${dataEncodingName(h.ident.data)}\n` +
      `  Version:                           ${version}${version === 1 ? ' (current)' : version !== 0 ? ' <unknown>' : ''}\n` +
      `  OS/ABI:                            ${osabiName(h.ident.osabi, h.machine)}\n` +
      `  ABI Version:                       ${h.ident.abiVersion}\n`,
  );
  // get_file_type runs is_pie for ET_DYN, which may load (and complain about)
  // the program headers and the dynamic section before this line prints.
  const type = fileTypeName(h.type, h.type === 3 && fd.isPie());
  sink.out(
    `  Type:                              ${type}\n` +
      `  Machine:                           ${gnuMachineName(h.machine)}\n` +
      `  Version:                           0x${hex(h.version)}\n` +
      `  Entry point address:               0x${hex(h.entry)}\n` +
      // print_vma (…, DEC) prints a signed 64-bit value.
      `  Start of program headers:          ${BigInt.asIntN(64, h.phoff)} (bytes into file)\n` +
      `  Start of section headers:          ${BigInt.asIntN(64, h.shoff)} (bytes into file)\n`,
  );
  const flags = machineFlags(h.flags, h.machine, { osabi: h.ident.osabi, abiVersion: h.ident.abiVersion });
  const s0 = fd.sections !== null && fd.sections.count > 0 ? fd.sections : null;
  let out =
    `  Flags:                             0x${hex(h.flags >>> 0)}${flags}\n` +
    `  Size of this header:               ${h.ehsize} (bytes)\n` +
    `  Size of program headers:           ${h.phentsize} (bytes)\n` +
    `  Number of program headers:         ${h.phnum}`;
  if (s0 !== null && h.phnum === PN_XNUM && s0.info(0) !== 0) out += ` (${s0.info(0)})`;
  out += `\n  Size of section headers:           ${h.shentsize} (bytes)\n` + `  Number of section headers:         ${fd.shnum}`;
  if (s0 !== null && fd.shnum === 0) {
    fd.shnum = s0.sizeLow32(0);
    out += ` (${fd.shnum})`;
  }
  out += `\n  Section header string table index: ${fd.shstrndx}`;
  if (s0 !== null && fd.shstrndx === SHN.XINDEX) {
    fd.shstrndx = s0.link(0);
    out += ` (${fd.shstrndx})`;
  }
  if (fd.shstrndx !== 0 && fd.shstrndx >= fd.shnum) {
    fd.shstrndx = 0;
    out += ' <corrupt: out of range>';
  }
  sink.out(out + '\n');
}
