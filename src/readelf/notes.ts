/**
 * `readelf -n`: process_notes and what it calls (readelf.c l.21652-22096):
 * process_note_sections, process_corefile_note_segments, process_notes_at,
 * process_note and process_v850_notes. The printers of each note family
 * live in note-printers.ts and note-build-attributes.ts, the names in
 * note-names.ts; the walk over a note area is the reader's walkNotes.
 */
import { ELFOSABI, EM, ET, PT, SHT } from '../elf/constants.js';
import { walkNotes } from '../elf/notes.js';
import { cText } from '../elf/reader.js';
import { printSymbol } from './print-symbol.js';
import type { Filedata } from './filedata.js';
import { altHex, hex } from './printf.js';
import {
  amdgpuNoteTypeName,
  freebsdNoteTypeName,
  gnuNoteTypeName,
  netbsdCoreNoteTypeName,
  noteTypeName,
  openbsdNoteTypeName,
  stapsdtNoteTypeName,
  v850NoteTypeName,
  vmsNoteTypeName,
} from './note-names.js';
import {
  noteContentsHex,
  printCoreNote,
  printFdoNote,
  printGnuNote,
  printNetbsdNote,
  printStapsdtNote,
  printV850Note,
  printVmsNote,
  type Note,
} from './note-printers.js';
import { isBuildAttributeNote, printBuildAttributeDescription, printBuildAttributeName } from './note-build-attributes.js';

const _NT_AMDGPU_METADATA = 32;

/** process_notes: false when GNU's is (the run then exits 1). */
export function processNotes(fd: Filedata): boolean {
  if (!fd.opts.notes) return true;
  if (fd.header.type !== ET.CORE) return processNoteSections(fd);
  // No program headers means no NOTE segment.
  if (fd.phnum > 0) return processCorefileNoteSegments(fd);
  fd.sink.out('No notes found file.\n');
  return true;
}

/** process_note_sections: SHT_NOTE sections (and V850 notes), or else the PT_NOTE segments. */
function processNoteSections(fd: Filedata): boolean {
  const sections = fd.sections;
  let res = true;
  let n = 0;
  if (sections !== null) {
    const machine = fd.header.machine;
    const v850 = machine === EM.V800 || machine === EM.V850 || machine === EM.CYGNUS_V850;
    const count = Math.min(fd.shnum, sections.count);
    for (let i = 0; i < count; i++) {
      const type = sections.type(i);
      if (type === SHT.NOTE) {
        const sec = sections.at(i);
        if (!processNotesAt(fd, i, sec.offset, sec.size, sec.addralign)) res = false;
        n++;
      }
      if (v850 && type === SHT.RENESAS_INFO) {
        const sec = sections.at(i);
        if (!processV850Notes(fd, sec.offset, sec.size)) res = false;
        n++;
      }
    }
  }
  // No note sections: try the NOTE segments instead.
  if (n === 0) return processCorefileNoteSegments(fd);
  return res;
}

/** process_corefile_note_segments. */
function processCorefileNoteSegments(fd: Filedata): boolean {
  if (!fd.getProgramHeaders()) return true;
  const phdrs = fd.phdrs!;
  let res = true;
  for (let i = 0; i < fd.phnum; i++) {
    if (phdrs.type(i) !== PT.NOTE) continue;
    const p = phdrs.at(i);
    if (!processNotesAt(fd, -1, p.offset, p.filesz, p.align)) res = false;
  }
  return res;
}

/**
 * What apply_relocations would do to a note section of a relocatable
 * file: nothing ('none'), fail silently ('fail': its relocations name a
 * section that is not a symbol table), or relocate the contents
 * ('unported': elfaudit does not apply relocations).
 */
function relocationsFor(fd: Filedata, index: number): 'none' | 'fail' | 'unported' {
  if (fd.header.type !== ET.REL) return 'none';
  const sections = fd.sections!;
  const count = Math.min(fd.shnum, sections.count);
  for (let i = 0; i < count; i++) {
    const type = sections.type(i);
    if (type !== SHT.RELA && type !== SHT.REL) continue;
    const rel = sections.at(i);
    if (rel.info >= fd.shnum || rel.info !== index || rel.size === 0n || rel.link >= fd.shnum) continue;
    const symType = sections.type(rel.link);
    if (symType !== SHT.SYMTAB && symType !== SHT.DYNSYM) return 'fail';
    return 'unported';
  }
  return 'none';
}

/**
 * process_notes_at: the notes of one section (`section` is its index) or
 * segment (`section` is -1).
 */
function processNotesAt(fd: Filedata, section: number, offset: bigint, length: bigint, align: bigint): boolean {
  if (length === 0n) return false;
  let buf: Buffer | null;
  if (section >= 0) {
    // get_section_contents (the section has a size and is not SHT_NOBITS).
    buf = fd.getData(offset, 1n, length, 'section contents');
    if (buf !== null) {
      const rel = relocationsFor(fd, section);
      if (rel === 'fail') return false;
      if (rel === 'unported') {
        fd.diag.error(
          `${fd.name}: relocations against the note section ${fd.printableSectionNameAt(fd.sections!.name(section))} are not supported by elfaudit yet`,
        );
        return false;
      }
    }
  } else {
    buf = fd.getData(offset, 1n, length, 'notes');
  }
  if (buf === null) return false;

  const out = fd.sink;
  if (section >= 0) {
    out.out(`\nDisplaying notes found in: ${fd.printableSectionNameAt(fd.sections!.name(section))}\n`);
  } else {
    out.out(`\nDisplaying notes found at file offset 0x${hex(offset, 8)} with length 0x${hex(length, 8)}:\n`);
  }
  // The gABI wants 4 in ELF32 and 8 in ELF64; 4 is accepted in ELF64 too, and less than 4 means 4.
  if (align < 4n) align = 4n;
  else if (align !== 4n && align !== 8n) {
    fd.diag.warn(`Corrupt note: alignment ${BigInt.asIntN(64, align)}, expecting 4 or 8`);
    return false;
  }
  out.out('  Owner                Data size \tDescription\n');

  const vms = fd.header.machine === EM.IA_64 && fd.header.ident.osabi === ELFOSABI.OPENVMS;
  let res = true;
  for (const step of walkNotes(fd.reader.decoder, buf, Number(align), vms)) {
    if (step.kind === 'short') {
      const n = step.remaining;
      fd.diag.warn(
        n === 1
          ? 'Corrupt note: only 1 byte remains, not enough for a full note'
          : `Corrupt note: only ${n} bytes remain, not enough for a full note`,
      );
      break;
    }
    if (step.kind === 'invalid') {
      fd.diag.warn(`note with invalid namesz and/or descsz found at offset ${altHex(step.at)}`);
      fd.diag.warn(
        ` type: ${altHex(step.type)}, namesize: ${altHex(step.namesz)}, descsize: ${altHex(step.descsz)}, alignment: ${align}`,
      );
      break;
    }
    // The name is a C string: NUL-terminated within namesz (GNU adds the NUL
    // when the last byte is not one); with namesz 0, whatever bytes follow.
    const name =
      step.namesz > 0 ? cText(buf, step.nameAt, step.namesz) : cText(buf, step.nameAt);
    const note: Note = { ...step, buf, name };
    if (!processNote(fd, note)) res = false;
  }
  return res;
}

/** process_note: the owner, size and type line, then the family's printer. */
function processNote(fd: Filedata, note: Note): boolean {
  const isCore = fd.header.type === ET.CORE;
  const name = note.name;
  const type = note.type;
  let owner = note.namesz !== 0 ? name : '(NONE)';
  let nt: string;
  if (note.namesz === 0) nt = noteTypeName(isCore, type);
  else if (name.startsWith('GNU')) nt = gnuNoteTypeName(type);
  else if (name.startsWith('AMDGPU')) nt = amdgpuNoteTypeName(type);
  else if (name.startsWith('FreeBSD')) nt = freebsdNoteTypeName(isCore, type);
  else if (name.startsWith('NetBSD-CORE')) nt = netbsdCoreNoteTypeName(fd.header.machine, type);
  else if (name.startsWith('NetBSD') || name.startsWith('PaX')) return printNetbsdNote(fd, note);
  else if (name.startsWith('OpenBSD')) nt = openbsdNoteTypeName(isCore, type);
  else if (name.startsWith('SPU/')) {
    nt = name.slice(4);
    owner = 'SPU';
  } else if (name.startsWith('IPF/VMS')) nt = vmsNoteTypeName(type);
  else if (name.startsWith('stapsdt')) nt = stapsdtNoteTypeName(type);
  else nt = noteTypeName(isCore, type);

  const wide = fd.opts.wide;
  const line = ` 0x${hex(note.descsz, 8)}\t${nt}${wide ? '\t' : '\n'}`;
  const buildAttribute = isBuildAttributeNote(note);
  if (buildAttribute) {
    fd.sink.out('  ');
    printBuildAttributeName(fd, note);
    fd.sink.out(line);
  } else {
    fd.sink.out('  ' + printSymbol(-20, owner, wide) + line);
  }

  if (name.startsWith('IPF/VMS')) return printVmsNote(fd, note);
  if (name.startsWith('GNU')) return printGnuNote(fd, note);
  if (name.startsWith('stapsdt')) return printStapsdtNote(fd, note);
  if (name.startsWith('CORE')) return printCoreNote(fd, note);
  if (name.startsWith('FDO')) return printFdoNote(fd, note);
  if (buildAttribute) return printBuildAttributeDescription(fd, note);
  // AMDGPU metadata is msgpack, which Debian's readelf is built without: it shows it in hex too.
  fd.sink.out(noteContentsHex(note, wide));
  return true;
}

/** process_v850_notes: a Renesas SHT_RENESAS_INFO section. */
function processV850Notes(fd: Filedata, offset: bigint, length: bigint): boolean {
  if (length === 0n) return false;
  const buf = fd.getData(offset, 1n, length, 'v850 notes');
  if (buf === null) return false;
  const d = fd.reader.decoder;
  const end = buf.length;
  fd.sink.out(`\nDisplaying contents of Renesas V850 notes section at offset ${altHex(offset)} with length ${altHex(length)}:\n`);
  let res = true;
  // sizeof (Elf_External_Note) is 13: the header and one byte of name.
  for (let at = 0; at + 13 < end; ) {
    const type = d.u32(buf, at + 8);
    let namesz = d.u32(buf, at);
    const descsz = d.u32(buf, at + 4);
    const nameAt = at + 12;
    let descAt = nameAt + Math.ceil(namesz / 4) * 4;
    if (descAt >= end) {
      fd.diag.warn(`Corrupt note: name size is too big: ${hex(namesz)}`);
      descAt = nameAt;
      namesz = 0;
    }
    const next = descAt + Math.ceil(descsz / 4) * 4;
    const sizes = () => ` type: ${altHex(type)}, namesize: ${altHex(namesz)}, descsize: ${altHex(descsz)}`;
    if (next > end) {
      fd.diag.warn(`corrupt descsz found in note at offset ${altHex(at)}`);
      fd.diag.warn(sizes());
      break;
    }
    at = next;
    if (nameAt + namesz > end) {
      fd.diag.warn(`corrupt namesz found in note at offset ${altHex(at)}`);
      fd.diag.warn(sizes());
      break;
    }
    fd.sink.out(`  ${v850NoteTypeName(type)}: `);
    const note: Note = { buf, namesz, descsz, type, typeHigh: 0, nameAt, descAt, name: '' };
    if (!printV850Note(fd, note)) {
      res = false;
      fd.sink.out(`<corrupt sizes: namesz: ${altHex(namesz)}, descsz: ${altHex(descsz)}>\n`);
    }
  }
  return res;
}
