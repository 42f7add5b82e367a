import { EM, PF, PT, SHT } from '../elf/constants.js';
import type { ProgramHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { mapSectionsToSegments } from './mapping.js';
import { fileTypeName, segmentTypeName } from './names.js';
import { altHex, dec2, hex, int32, padTrunc, u64 } from './printf.js';
import { printableSectionName } from './section-name.js';

/** The `RWE` column: only PF_R, PF_W and PF_X count; other bits are ignored. */
export function flagLetters(flags: number): string {
  return (flags & PF.R ? 'R' : ' ') + (flags & PF.W ? 'W' : ' ') + (flags & PF.X ? 'E' : ' ');
}

/** One table row (both lines of it for ELF64 without -W), newline included. */
export function formatSegmentRow(fd: Filedata, p: ProgramHeader, wide: boolean): string {
  const name = padTrunc(segmentTypeName(p.type, fd.header.machine, fd.header.ident.osabi), 14, 14);
  let row = `  ${name} `;
  if (fd.is32) {
    row +=
      `0x${hex(p.offset, 6)} 0x${hex(p.vaddr, 8)} 0x${hex(p.paddr, 8)} ` +
      `0x${hex(p.filesz, 5)} 0x${hex(p.memsz, 5)} ${flagLetters(p.flags)} ${altHex(p.align)}`;
  } else if (wide) {
    row +=
      `0x${hex(p.offset, 6)} 0x${hex(p.vaddr, 16)} 0x${hex(p.paddr, 16)} ` +
      `0x${hex(p.filesz, 6)} 0x${hex(p.memsz, 6)} ${flagLetters(p.flags)} ${altHex(p.align)}`;
  } else {
    row +=
      `0x${hex(p.offset, 16)} 0x${hex(p.vaddr, 16)} 0x${hex(p.paddr, 16)}\n` +
      `                 0x${hex(p.filesz, 16)} 0x${hex(p.memsz, 16)}  ${flagLetters(p.flags)}    0x${hex(p.align)}`;
  }
  return row + '\n';
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
 * process_program_headers: the `-l` display when asked for, and in every
 * case the checks and the location of the dynamic section that later
 * phases use.
 */
export function processProgramHeaders(fd: Filedata): void {
  const show = fd.opts.segments;
  const out = (s: string) => fd.sink.out(s);
  if (fd.phnum === 0) {
    if (fd.header.phoff !== 0n) {
      fd.diag.warn('possibly corrupt ELF header - it has a non-zero program header offset, but no program headers');
    } else if (show) {
      out('\nThere are no program headers in this file.\n');
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
    out(`\nElf file type is ${type}\nEntry point 0x${hex(fd.header.entry)}\n${plural}, starting at offset ${fd.header.phoff}\n`);
  }
  if (!fd.getProgramHeaders()) {
    fd.dynamicAddr = 0n;
    fd.dynamicSize = 1n;
    return;
  }
  const wide = fd.opts.wide;
  if (show) out('\nProgram Headers:\n' + tableHeading(fd, wide));

  let dynamicAddr = 0n;
  let dynamicSize = 0n;
  let previousLoad = false;
  const phdrs = fd.phdrs!;
  for (let i = 0; i < fd.phnum; i++) {
    const seg = phdrs[i]!;
    if (show) out(formatSegmentRow(fd, seg, wide));
    switch (seg.type) {
      case PT.LOAD:
        if (seg.memsz < seg.filesz) fd.diag.error("the segment's file size is larger than its memory size");
        previousLoad = true;
        break;
      case PT.PHDR:
        if (i > 0 && previousLoad) fd.diag.error('the PHDR segment must occur before any LOAD segment');
        if (fd.header.machine !== EM.PARISC && !phdrCovered(fd, seg)) {
          fd.diag.error('the PHDR segment is not covered by a LOAD segment');
        }
        break;
      case PT.DYNAMIC: {
        if (dynamicAddr !== 0n) fd.diag.error('more than one dynamic segment');
        dynamicAddr = seg.offset;
        dynamicSize = seg.filesz;
        if (fd.sections !== null) {
          const sec = fd.findSection('.dynamic');
          if (sec === undefined || sec.size === 0n) {
            fd.diag.error('no .dynamic section in the dynamic segment');
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
        if (dynamicAddr > fd.fileSize || dynamicSize > fd.fileSize - dynamicAddr) {
          fd.diag.error('the dynamic segment offset + size exceeds the size of the file');
          dynamicAddr = 0n;
          dynamicSize = 0n;
        }
        break;
      }
      case PT.INTERP:
        if (
          seg.offset >= fd.fileSize ||
          seg.filesz > fd.fileSize - seg.offset ||
          u64(seg.filesz - 1n) >= u64(-2n)
        ) {
          fd.diag.error('Unable to find program interpreter name');
        } else {
          const bytes = fd.reader.readRange(seg.offset, seg.filesz, 'program interpreter');
          const nul = bytes.indexOf(0);
          fd.programInterpreter = nul < 0 ? bytes : bytes.subarray(0, nul);
          if (show) out(`      [Requesting program interpreter: ${fd.programInterpreter.toString('latin1')}]\n`);
        }
        break;
    }
  }

  if (show && fd.sections !== null && fd.stringTable !== null) {
    out('\n Section to Segment mapping:\n  Segment Sections...\n');
    const rows = mapSectionsToSegments(fd.sections, phdrs.slice(0, fd.phnum), fd.shnum);
    const names = new Map<number, string>();
    for (let i = 0; i < rows.length; i++) {
      let line = `   ${dec2(i)}     `;
      for (const j of rows[i]!) {
        let n = names.get(j);
        if (n === undefined) {
          n = printableSectionName(fd.sectionNamePrint(fd.sections[j]));
          names.set(j, n);
        }
        line += n + ' ';
      }
      out(line + '\n');
    }
  }
  fd.dynamicAddr = dynamicAddr;
  fd.dynamicSize = dynamicSize !== 0n ? dynamicSize : 1n;
}

/** PR 20815: some PT_LOAD (searched from index 1, as GNU does) holds the PHDR segment. */
function phdrCovered(fd: Filedata, seg: ProgramHeader): boolean {
  const phdrs = fd.phdrs!;
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
