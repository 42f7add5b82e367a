import { DT, VERSION_STRUCT_SIZE } from './constants.js';
import { ElfFormatError } from './errors.js';
import type { ElfFile } from './file.js';

/** No real file needs more versions than this; a longer walk is a loop in a damaged table. */
const MAX_ENTRIES = 1 << 16;

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
  const read = (vaddr: bigint, what: string): Buffer => {
    const off = file.vaddrToOffset(vaddr, BigInt(VERSION_STRUCT_SIZE.verneed));
    if (off === undefined) throw new ElfFormatError(`${what} at 0x${vaddr.toString(16)} is not inside a PT_LOAD's file part`, 0, `a ${what} inside a PT_LOAD`, file.path);
    return file.reader.readRange(off, BigInt(VERSION_STRUCT_SIZE.verneed), what);
  };
  const out: LibraryVersionNeeds[] = [];
  let at = addr;
  let walked = 0;
  for (let i = 0; i < count && i < MAX_ENTRIES; i++) {
    const vn = read(at, 'version need entry');
    const cnt = d.u16(vn, 2);
    const fileName = file.dynamicString(BigInt(d.u32(vn, 4))) ?? '';
    const versions: VersionNeed[] = [];
    let aux = at + BigInt(d.u32(vn, 8));
    for (let j = 0; j < cnt; j++) {
      if (++walked > MAX_ENTRIES) throw new ElfFormatError('version need chain loops', 0, `at most ${MAX_ENTRIES} entries`, file.path);
      const a = read(aux, 'version need auxiliary entry');
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
