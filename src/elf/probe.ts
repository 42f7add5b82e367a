import { closeSync, fstatSync, openSync, readSync, type PathLike } from 'node:fs';
import { ELFMAG } from './constants.js';
import { ElfFormatError } from './errors.js';
import { ElfFile } from './file.js';
import { ElfReader } from './reader.js';
import { FileSource, fileModeName, OPEN_FLAGS } from './source.js';

export { fileModeName };

const magic = Buffer.alloc(4);

/** What opening a path as an ELF file found. */
export type ElfProbe =
  /** A readable ELF header; the caller closes `file`. */
  | { readonly kind: 'elf'; readonly file: ElfFile }
  /** The ELF magic bytes, but the identification or header is cut short. */
  | { readonly kind: 'truncated'; readonly error: ElfFormatError }
  /** A regular file without the ELF magic (empty files included). */
  | { readonly kind: 'not-elf' }
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
    if (readSync(fd, magic, 0, 4, 0) < 4 || !magic.equals(ELFMAG)) return { kind: 'not-elf' };
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
