import { closeSync, fstatSync, openSync, readSync, type PathLike } from 'node:fs';
import { ELFMAG } from './constants.js';
import { ElfFormatError } from './errors.js';
import { archiveMagic, type ArchiveMagic } from './archive.js';
import { ElfFile } from './file.js';
import { ElfReader } from './reader.js';
import { FileSource, fileModeName, OPEN_FLAGS } from './source.js';

export { fileModeName };

/** The first 8 bytes of each probed file (ELF's 4-byte magic, an archive's 8): memory shared by every probe. */
const magic = Buffer.alloc(8);

/** What opening a path as an ELF file found. */
export type ElfProbe =
  /** A readable ELF header; the caller closes `file`. */
  | { readonly kind: 'elf'; readonly file: ElfFile }
  /** The ELF magic bytes, but the identification or header is cut short. */
  | { readonly kind: 'truncated'; readonly error: ElfFormatError }
  /**
   * A regular file without the ELF magic (empty files included); `archive`
   * when it is an ar archive, with the big-endian word at offset 68 (the
   * entry count of a leading symbol index, as file(1) reads it) when the
   * file is that long.
   */
  | { readonly kind: 'not-elf'; readonly archive?: { readonly magic: ArchiveMagic; readonly word68: number | null } }
  /** Not a regular file (directory, FIFO, device, socket): never read. */
  | { readonly kind: 'not-regular'; readonly fileType: string };

/**
 * Opens `path` for reading without ever blocking on it: O_NONBLOCK so a
 * FIFO swapped in after the caller's stat cannot hang the open, O_NOCTTY so
 * a terminal never becomes the controlling one, then fstat on the open
 * descriptor and anything but a regular file is closed unread. A regular
 * file is then identified by its first four bytes. File-system errors
 * (ENOENT, EACCES, ...) propagate as Node's errors; `name` is the path as
 * callers print it (paths may be raw bytes).
 */
export function probeElf(path: PathLike, name: string, extraFlags = 0): ElfProbe {
  const fd = openSync(path, OPEN_FLAGS | extraFlags);
  // Who closes the descriptor: this function, the FileSource, or the ElfFile returned.
  let owner: 'fd' | 'source' | 'file' = 'fd';
  let source: FileSource | undefined;
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) return { kind: 'not-regular', fileType: fileModeName(Number(st.mode)) };
    // the magic first, into memory shared by every probe: most files of a tree are not ELF, and
    // a first page read for each would be 4 KiB of garbage per file
    const got = readSync(fd, magic, 0, 8, 0);
    if (got < 4 || ELFMAG.compare(magic, 0, 4) !== 0) {
      const kind = archiveMagic(magic.subarray(0, got));
      if (kind === null) return { kind: 'not-elf' };
      const word = readSync(fd, magic, 0, 4, 68) === 4 ? magic.readInt32BE(0) : null;
      return { kind: 'not-elf', archive: { magic: kind, word68: word } };
    }
    source = new FileSource(fd, st.size);
    owner = 'source';
    try {
      const file = new ElfFile(ElfReader.fromSource(source, { name }));
      owner = 'file';
      return { kind: 'elf', file };
    } catch (e) {
      if (e instanceof ElfFormatError) return { kind: 'truncated', error: e };
      throw e;
    }
  } finally {
    if (owner === 'fd') closeSync(fd);
    else if (owner === 'source') source?.close();
  }
}
