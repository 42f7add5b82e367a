import { ELFOSABI, EM, PT, SHT } from '../elf/constants.js';
import { PH, SH, type ProgramTable, type SectionTable } from '../elf/tables.js';
import type { ProgramHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import type { RunState } from './run-state.js';
import { mapSectionsToSegments } from './mapping.js';
import { fileTypeName, segmentTypeName } from './names.js';
import { altHex, dec2, hex, int32, padTrunc, u64 } from './printf.js';

/** One table row (both lines of it for ELF64 without -W), newline included. */
export function formatSegmentRow(fd: Filedata, p: ProgramHeader, wide: boolean): string {
  const { machine, ident } = fd.header;
  const name = paddedSegmentName(fd.run.segmentNames, p.type, machine, ident.osabi);
  return segmentRow(name, p.flags, p.offset, p.vaddr, p.paddr, p.filesz, p.memsz, p.align, fd.is32, wide);
}

/**
 * The ProgramTable field indices as module constants: until V8 optimizes
 * the per-file code, every `PH.offset` would be a property lookup.
 */
const { type: P_TYPE, flags: P_FLAGS, offset: P_OFFSET, vaddr: P_VADDR, paddr: P_PADDR } = PH;
const { filesz: P_FILESZ, memsz: P_MEMSZ, align: P_ALIGN, fields: P_FIELDS } = PH;
const { name: S_NAME, fields: S_FIELDS } = SH;

/** The `RWE` column for every combination of PF_R (4), PF_W (2) and PF_X (1); other bits are ignored. */
const FLAG_LETTERS = ['   ', '  E', ' W ', ' WE', 'R  ', 'R E', 'RW ', 'RWE'] as const;

/**
 * formatSegmentRow for the program header whose fields start at `num[b]`
 * (a `small` ProgramTable's numbers, PH order), with the file's class,
 * e_machine and EI_OSABI passed in.
 */
function formatSegmentRowNum(fd: Filedata, num: Float64Array, b: number, wide: boolean): string {
  const name = paddedSegmentName(fd.run.segmentNames, num[b + P_TYPE]!, fd.header.machine, fd.header.ident.osabi);
  return segmentRow(
    name, num[b + P_FLAGS]!, num[b + P_OFFSET]!, num[b + P_VADDR]!, num[b + P_PADDR]!,
    num[b + P_FILESZ]!, num[b + P_MEMSZ]!, num[b + P_ALIGN]!, fd.is32, wide,
  );
}

/**
 * A row from the padded type name and the field values: exact numbers (a
 * `small` table) or bigints, all of one kind.
 */
function segmentRow(
  name: string, flagBits: number, offset: bigint | number, vaddr: bigint | number, paddr: bigint | number,
  filesz: bigint | number, memsz: bigint | number, align: bigint | number, is32: boolean, wide: boolean,
): string {
  const flags = FLAG_LETTERS[flagBits & 7]!;
  // The column widths; p_paddr usually equals p_vaddr and p_memsz p_filesz,
  // and each pair shares a width, so equal values share their text.
  const addrWidth = is32 ? 8 : 16;
  const sizeWidth = is32 ? 5 : wide ? 6 : 16;
  const vaddrText = hex(vaddr, addrWidth);
  const paddrText = paddr === vaddr ? vaddrText : hex(paddr, addrWidth);
  const fileszText = hex(filesz, sizeWidth);
  const memszText = memsz === filesz ? fileszText : hex(memsz, sizeWidth);
  if (is32 || wide) {
    return (
      `  ${name} 0x${hex(offset, 6)} 0x${vaddrText} 0x${paddrText} ` +
      `0x${fileszText} 0x${memszText} ${flags} ${altHex(align)}\n`
    );
  }
  return (
    `  ${name} 0x${hex(offset, 16)} 0x${vaddrText} 0x${paddrText}\n` +
    `                 0x${fileszText} 0x${memszText}  ${flags}    0x${hex(align)}\n`
  );
}

/**
 * The type column, padded. Names depend on the type, e_machine and
 * EI_OSABI; a batch has few machine/ABI pairs, so the run keeps the padded
 * names per pair in `paddedNames` (a bounded number of pairs and of types
 * per pair: corrupt files can have any values).
 */
function paddedSegmentName(paddedNames: RunState['segmentNames'], type: number, machine: number, osabi: number): string {
  const pair = machine * 256 + osabi;
  let names = paddedNames.get(pair);
  if (names === undefined) {
    if (paddedNames.size >= 64) paddedNames.clear();
    names = new Map();
    paddedNames.set(pair, names);
  }
  let name = names.get(type);
  if (name === undefined) {
    name = padTrunc(segmentTypeName(type, machine, osabi), 14, 14);
    if (names.size < 64) names.set(type, name);
  }
  return name;
}

function tableHeading(fd: Filedata, wide: boolean): string {
  if (fd.is32) return '  Type           Offset   VirtAddr   PhysAddr   FileSiz MemSiz  Flg Align\n';
  if (wide) return '  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align\n';
  return (
    '  Type           Offset             VirtAddr           PhysAddr\n' +
    '                 FileSiz            MemSiz              Flags  Align\n'
  );
}

/**
 * process_program_headers: the `-l` display when `show` (-l was given), and
 * in every case the checks and the location of the dynamic section that
 * later phases use (without `show` it only loads and reports).
 */
export function processProgramHeaders(fd: Filedata, show = fd.opts.segments): void {
  const sink = fd.sink;
  if (fd.phnum === 0) {
    if (fd.header.phoff !== 0n) {
      fd.diag.warn('possibly corrupt ELF header - it has a non-zero program header offset, but no program headers');
    } else if (show) {
      sink.out('\nThere are no program headers in this file.\n');
    }
    fd.dynamicAddr = 0n;
    fd.dynamicSize = 1n;
    return;
  }
  if (show && !fd.opts.header) {
    // get_file_type runs first: for ET_DYN it loads the program headers and
    // the dynamic section, so their diagnostics come before this preamble.
    const type = fileTypeName(fd.header.type, fd.header.type === 3 && fd.isPie());
    const plural = fd.phnum === 1 ? 'There is 1 program header' : `There are ${int32(fd.phnum)} program headers`;
    sink.out(`\nElf file type is ${type}\nEntry point 0x${hex(fd.header.entry)}\n${plural}, starting at offset ${fd.header.phoff}\n`);
  }
  if (!fd.getProgramHeaders()) {
    fd.dynamicAddr = 0n;
    fd.dynamicSize = 1n;
    return;
  }
  const wide = fd.opts.wide;
  if (show) sink.out('\nProgram Headers:\n' + tableHeading(fd, wide));

  // Numbers are exact when every value in both tables and the file size is
  // below 2^52 (nearly every real file); otherwise the bigint objects.
  const phdrs = fd.phdrs!;
  const sections = fd.sections;
  const numeric = phdrs.small && fd.small && (sections === null || sections.small);
  if (numeric) walkSegmentsNum(fd, phdrs, show, wide);
  else walkSegments(fd, phdrs.all(), show, wide);

  if (show && sections !== null && fd.stringTable !== null) {
    sink.out('\n Section to Segment mapping:\n  Segment Sections...\n');
    if (numeric) printMappingNum(fd, sections, phdrs);
    else printMapping(fd, mapSectionsToSegments(sections.all(), phdrs.all().slice(0, fd.phnum), fd.shnum));
  }
}

/** The table rows and GNU's per-segment checks, over bigint header objects. */
function walkSegments(fd: Filedata, phdrs: readonly ProgramHeader[], show: boolean, wide: boolean): void {
  let dynamicAddr = 0n;
  let dynamicSize = 0n;
  let previousLoad = false;
  for (let i = 0; i < fd.phnum; i++) {
    const seg = phdrs[i]!;
    if (show) fd.sink.out(formatSegmentRow(fd, seg, wide));
    switch (seg.type) {
      case PT.LOAD:
        if (seg.memsz < seg.filesz) fd.diag.error("the segment's file size is larger than its memory size");
        previousLoad = true;
        break;
      case PT.PHDR:
        if (i > 0 && previousLoad) fd.diag.error('the PHDR segment must occur before any LOAD segment');
        if (fd.header.machine !== EM.PARISC && !phdrCovered(fd, phdrs, seg)) {
          fd.diag.error('the PHDR segment is not covered by a LOAD segment');
        }
        break;
      case PT.DYNAMIC: {
        if (dynamicAddr !== 0n) fd.diag.error('more than one dynamic segment');
        dynamicAddr = seg.offset;
        dynamicSize = seg.filesz;
        if (fd.sections !== null) {
          const j = fd.dynamicSectionIndexOf();
          const sec = j < 0 ? undefined : fd.sections.at(j);
          if (sec === undefined || sec.size === 0n) {
            if (!isIa64Vms(fd)) fd.diag.error('no .dynamic section in the dynamic segment');
            break;
          }
          if (sec.type === SHT.NOBITS) {
            dynamicAddr = 0n;
            dynamicSize = 0n;
            break;
          }
          dynamicAddr = sec.offset;
          dynamicSize = sec.size;
        }
        if (dynamicAddr > fd.wholeFileSize || dynamicSize > fd.wholeFileSize - dynamicAddr) {
          fd.diag.error('the dynamic segment offset + size exceeds the size of the file');
          dynamicAddr = 0n;
          dynamicSize = 0n;
        }
        break;
      }
      case PT.INTERP:
        if (
          seg.offset >= fd.wholeFileSize ||
          seg.filesz > fd.wholeFileSize - seg.offset ||
          u64(seg.filesz - 1n) >= u64(-2n)
        ) {
          fd.diag.error('Unable to find program interpreter name');
        } else {
          showInterpreter(fd, seg.offset, seg.filesz, show);
        }
        break;
    }
  }
  fd.dynamicAddr = dynamicAddr;
  fd.dynamicSize = dynamicSize !== 0n ? dynamicSize : 1n;
}

/**
 * walkSegments over plain numbers (all values below 2^52, so every sum
 * below is exact and no unsigned wrap-around can happen except the one
 * spelled out for PT_INTERP), read straight from the table's `num`.
 */
function walkSegmentsNum(fd: Filedata, phdrs: ProgramTable, show: boolean, wide: boolean): void {
  const num = phdrs.num;
  const fileSize = Number(fd.wholeFileSize);
  const { phnum, sink } = fd;
  const { machine } = fd.header;
  let dynamicAddr = 0;
  let dynamicSize = 0;
  let previousLoad = false;
  for (let i = 0, b = 0; i < phnum; i++, b += P_FIELDS) {
    if (show) sink.out(formatSegmentRowNum(fd, num, b, wide));
    switch (num[b + P_TYPE]) {
      case PT.LOAD:
        if (num[b + P_MEMSZ]! < num[b + P_FILESZ]!) fd.diag.error("the segment's file size is larger than its memory size");
        previousLoad = true;
        break;
      case PT.PHDR:
        if (i > 0 && previousLoad) fd.diag.error('the PHDR segment must occur before any LOAD segment');
        if (machine !== EM.PARISC && !phdrCoveredNum(fd, num, b)) {
          fd.diag.error('the PHDR segment is not covered by a LOAD segment');
        }
        break;
      case PT.DYNAMIC: {
        if (dynamicAddr !== 0) fd.diag.error('more than one dynamic segment');
        dynamicAddr = num[b + P_OFFSET]!;
        dynamicSize = num[b + P_FILESZ]!;
        const sections = fd.sections;
        if (sections !== null) {
          const j = fd.dynamicSectionIndexOf();
          if (j < 0 || sections.size(j) === 0) {
            if (!isIa64Vms(fd)) fd.diag.error('no .dynamic section in the dynamic segment');
            break;
          }
          if (sections.type(j) === SHT.NOBITS) {
            dynamicAddr = 0;
            dynamicSize = 0;
            break;
          }
          dynamicAddr = sections.offset(j);
          dynamicSize = sections.size(j);
        }
        if (dynamicAddr > fileSize || dynamicSize > fileSize - dynamicAddr) {
          fd.diag.error('the dynamic segment offset + size exceeds the size of the file');
          dynamicAddr = 0;
          dynamicSize = 0;
        }
        break;
      }
      case PT.INTERP: {
        const offset = num[b + P_OFFSET]!;
        const filesz = num[b + P_FILESZ]!;
        // GNU's `p_filesz - 1 >= (size_t) -2` in 64-bit unsigned arithmetic:
        // below 2^52 only p_filesz == 0 wraps around to pass it.
        if (offset >= fileSize || filesz > fileSize - offset || filesz === 0) {
          fd.diag.error('Unable to find program interpreter name');
        } else {
          showInterpreter(fd, BigInt(offset), BigInt(filesz), show);
        }
        break;
      }
    }
  }
  fd.dynamicAddr = BigInt(dynamicAddr);
  fd.dynamicSize = dynamicSize !== 0 ? BigInt(dynamicSize) : 1n;
}

/**
 * is_ia64_vms: GNU expects a .dynamic section in the dynamic segment, but
 * on IA-64/OpenVMS it is OK for it to be missing (no error).
 */
function isIa64Vms(fd: Filedata): boolean {
  return fd.header.machine === EM.IA_64 && fd.header.ident.osabi === ELFOSABI.OPENVMS;
}

/** Reads the PT_INTERP name (up to its first NUL) and shows it under the row. */
function showInterpreter(fd: Filedata, offset: bigint, filesz: bigint, show: boolean): void {
  // An archive member's checks are against the whole archive; GNU's fread then comes up short.
  if (!fd.reader.inFile(offset, filesz)) {
    fd.diag.error('Unable to read program interpreter name');
    return;
  }
  const bytes = fd.reader.readRange(offset, filesz, 'program interpreter');
  const nul = bytes.indexOf(0);
  fd.programInterpreter = nul < 0 ? bytes : bytes.subarray(0, nul);
  if (show) fd.sink.out(`      [Requesting program interpreter: ${fd.programInterpreter.toString('latin1')}]\n`);
}

/** The mapping lines, from rows of section indices. */
function printMapping(fd: Filedata, rows: readonly (readonly number[])[]): void {
  const names = new SectionNames(fd);
  for (let i = 0; i < rows.length; i++) {
    let line = `   ${dec2(i)}     `;
    for (const j of rows[i]!) line += names.get(j) + ' ';
    fd.sink.out(line + '\n');
  }
}


/** The mapping lines straight from the raw tables (both `small`). */
function printMappingNum(fd: Filedata, sections: SectionTable, phdrs: ProgramTable): void {
  const last = Math.min(fd.shnum, sections.count);
  const facts = fd.run.sectionFacts;
  facts.loadTable(sections, last);
  const hits = facts.hitList();
  const names: (string | undefined)[] = [];
  const num = phdrs.num;
  const snum = sections.num;
  const sink = fd.sink;
  for (let i = 0, b = 0; i < fd.phnum; i++, b += P_FIELDS) {
    const n = facts.match(num[b + P_TYPE]!, num[b + P_OFFSET]!, num[b + P_VADDR]!, num[b + P_FILESZ]!, num[b + P_MEMSZ]!);
    let line = `   ${dec2(i)}     `;
    for (let k = 0; k < n; k++) {
      const j = hits[k]!;
      // Each name is made once per file.
      line += (names[j] ??= fd.printableSectionNameAt(snum[j * S_FIELDS + S_NAME]!)) + ' ';
    }
    sink.out(line + '\n');
  }
}

/** Printable section names, each made once per file. */
class SectionNames {
  private readonly names: (string | undefined)[] = [];
  constructor(private readonly fd: Filedata) {}
  get(j: number): string {
    return (this.names[j] ??= this.fd.printableSectionNameAt(this.fd.sections!.name(j)));
  }
}

/** PR 20815: some PT_LOAD (searched from index 1, as GNU does) holds the PHDR segment. */
function phdrCovered(fd: Filedata, phdrs: readonly ProgramHeader[], seg: ProgramHeader): boolean {
  for (let j = 1; j < fd.phnum; j++) {
    const load = phdrs[j]!;
    if (
      load.type === PT.LOAD &&
      load.offset <= seg.offset &&
      u64(load.offset + load.filesz) >= u64(seg.offset + seg.filesz) &&
      load.vaddr <= seg.vaddr &&
      u64(load.vaddr + load.filesz) >= u64(seg.vaddr + seg.filesz)
    ) {
      return true;
    }
  }
  return false;
}

/** phdrCovered over a `small` table's numbers, the PHDR entry's starting at `num[b]` (sums below 2^53 are exact and never wrap). */
function phdrCoveredNum(fd: Filedata, num: Float64Array, b: number): boolean {
  const offset = num[b + P_OFFSET]!;
  const vaddr = num[b + P_VADDR]!;
  const end = offset + num[b + P_FILESZ]!;
  const vend = vaddr + num[b + P_FILESZ]!;
  for (let j = 1, l = P_FIELDS; j < fd.phnum; j++, l += P_FIELDS) {
    if (num[l + P_TYPE] !== PT.LOAD) continue;
    const lOffset = num[l + P_OFFSET]!;
    const lVaddr = num[l + P_VADDR]!;
    const lFilesz = num[l + P_FILESZ]!;
    if (lOffset <= offset && lOffset + lFilesz >= end && lVaddr <= vaddr && lVaddr + lFilesz >= vend) return true;
  }
  return false;
}
