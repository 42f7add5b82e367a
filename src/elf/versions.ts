import { DT, VERSION_STRUCT_SIZE } from './constants.js';
import { ElfFormatError } from './errors.js';
import type { ElfFile } from './file.js';

/** No real file needs or defines more versions than this; a longer walk is a loop in a damaged table. */
export const MAX_VERSION_ENTRIES = 1 << 16;

/** The bytes a version chain's reads share: a chain's entries lie together, and each is 16 or 20 bytes. */
export interface VersionWindow {
  bytes?: Buffer;
  offset?: bigint;
}

/** How many bytes a version entry's read brings in with it (for the entries after it). */
const VERSION_WINDOW = 4096n;

/**
 * Reads SIZE-byte version entries (Verneed, Verdef and their auxiliary
 * entries) at a virtual address, through the PT_LOADs; ElfFormatError where
 * no PT_LOAD's file part holds one, or where the entry runs past the end of
 * the file. An entry is served from `window` (shared by the readers of one
 * walk) when it holds it; otherwise the entry and up to 4 KiB after it are
 * read into it, so a walk costs a system call or two rather than one per
 * entry.
 */
export function versionEntryReader(file: ElfFile, what: string, size: number, window: VersionWindow = {}): (vaddr: bigint) => { bytes: Buffer; offset: bigint } {
  const n = BigInt(size);
  return (vaddr) => {
    const off = file.vaddrToOffset(vaddr, n);
    if (off === undefined) {
      throw new ElfFormatError(`${what} at address 0x${vaddr.toString(16)} is not inside a PT_LOAD's file part`, 0, `a ${what} inside a PT_LOAD`, file.path);
    }
    let w = window.bytes;
    let at = window.offset ?? 0n;
    if (w === undefined || off < at || off + n > at + BigInt(w.length)) {
      const rest = file.size - off;
      // an entry past the end of the file is read alone, for readRange's error
      w = file.reader.readRange(off, rest > VERSION_WINDOW ? VERSION_WINDOW : rest >= n ? rest : n, what);
      at = off;
      window.bytes = w;
      window.offset = off;
    }
    const from = Number(off - at);
    return { bytes: w.subarray(from, from + size), offset: off };
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
  const window: VersionWindow = {};
  const readNeed = versionEntryReader(file, 'version need entry', VERSION_STRUCT_SIZE.verneed, window);
  const readAux = versionEntryReader(file, 'version need auxiliary entry', VERSION_STRUCT_SIZE.vernaux, window);
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
