import { DT, VERSION_STRUCT_SIZE } from './constants.js';
import { ElfFormatError } from './errors.js';
import type { ElfFile } from './file.js';

/** No real file needs or defines more versions than this; a longer walk is a loop in a damaged table. */
export const MAX_VERSION_ENTRIES = 1 << 16;

/**
 * Reads SIZE-byte version entries (Verneed, Verdef and their auxiliary
 * entries) at a virtual address, through the PT_LOADs; ElfFormatError where
 * no PT_LOAD's file part holds one.
 */
export function versionEntryReader(file: ElfFile, what: string, size: number): (vaddr: bigint) => { bytes: Buffer; offset: bigint } {
  return (vaddr) => {
    const off = file.vaddrToOffset(vaddr, BigInt(size));
    if (off === undefined) {
      throw new ElfFormatError(`${what} at address 0x${vaddr.toString(16)} is not inside a PT_LOAD's file part`, 0, `a ${what} inside a PT_LOAD`, file.path);
    }
    return { bytes: file.reader.readRange(off, BigInt(size), what), offset: off };
  };
}

/** One version a file needs from one of its DT_NEEDED libraries (an Elf_Vernaux). */
export interface VersionNeed {
  /** The version's name, e.g. `GLIBC_2.34`. */
  readonly name: string;
  readonly hash: number;
  readonly flags: number;
  /** vna_other: the index symbols' versym entries use for it. */
  readonly index: number;
}

/** The versions needed from one library (an Elf_Verneed and its auxiliary entries). */
export interface LibraryVersionNeeds {
  /** vn_file: the library's name as DT_NEEDED gives it, e.g. `libc.so.6`. */
  readonly file: string;
  readonly versions: readonly VersionNeed[];
}

/**
 * The version needs the dynamic loader checks (glibc's
 * _dl_check_map_versions): the DT_VERNEED chain read through the PT_LOADs,
 * names from the dynamic string table. Empty without DT_VERNEED. Raises
 * ElfFormatError for a chain that leaves the file or loops.
 */
export function versionNeeds(file: ElfFile): LibraryVersionNeeds[] {
  const addr = file.dynamicValue(DT.VERNEED);
  if (addr === undefined) return [];
  const count = Number(file.dynamicValue(DT.VERNEEDNUM) ?? 0n);
  const d = file.reader.decoder;
  const readNeed = versionEntryReader(file, 'version need entry', VERSION_STRUCT_SIZE.verneed);
  const readAux = versionEntryReader(file, 'version need auxiliary entry', VERSION_STRUCT_SIZE.vernaux);
  const out: LibraryVersionNeeds[] = [];
  let at = addr;
  let walked = 0;
  for (let i = 0; i < count && i < MAX_VERSION_ENTRIES; i++) {
    const { bytes: vn } = readNeed(at);
    const cnt = d.u16(vn, 2);
    const fileName = file.dynamicString(BigInt(d.u32(vn, 4))) ?? '';
    const versions: VersionNeed[] = [];
    let aux = at + BigInt(d.u32(vn, 8));
    for (let j = 0; j < cnt; j++) {
      if (++walked > MAX_VERSION_ENTRIES) throw new ElfFormatError('version need chain loops', 0, `at most ${MAX_VERSION_ENTRIES} entries`, file.path);
      const { bytes: a } = readAux(aux);
      versions.push({ hash: d.u32(a, 0), flags: d.u16(a, 4), index: d.u16(a, 6), name: file.dynamicString(BigInt(d.u32(a, 8))) ?? '' });
      const next = d.u32(a, 12);
      if (next === 0) break;
      aux += BigInt(next);
    }
    out.push({ file: fileName, versions });
    const next = d.u32(vn, 12);
    if (next === 0) break;
    at += BigInt(next);
  }
  return out;
}
