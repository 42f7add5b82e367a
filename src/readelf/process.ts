import { onSystemError } from '../io/errno.js';
import { strerror } from '../io/errno.js';
import { statSync } from 'node:fs';
import { ElfReader } from '../elf/reader.js';
import { FileSource, type ByteSource } from '../elf/source.js';
import { ARMAG, ARMAGT } from '../elf/archive.js';
import { processArchive } from './archive.js';
import { isElfFormatError } from '../elf/errors.js';
import { SinkDiagnostics, type Diagnostics } from './diagnostics.js';
import { Filedata, type MemberSizes } from './filedata.js';
import { RunState } from './run-state.js';
import type { ReadelfOptions } from './options.js';
import type { ReadelfSink } from './sink.js';
import { processSectionHeaders } from './section-display.js';
import { showFileHeader } from './file-header.js';
import { processProgramHeaders } from './program-headers.js';
import { processNotes } from './notes.js';
import { processSymbolTable } from './symbol-table.js';
import { processVersionSections } from './version-sections.js';
import { processRelocs } from './relocs.js';
import { processDynamicSection } from './dynamic.js';
import { processSectionGroups } from './section-groups.js';
import { processUnwind } from './unwind/process-unwind.js';
import { processSectionContents } from './dumps.js';
import { processArchSpecific, processGnuLiblist } from './arch-specific.js';


/** Pure ASCII reads the same in UTF-8 and latin1. */
const ASCII = /^[\x00-\x7f]*$/;

/** A file name from argv as the bytes readelf would print. */
export function argBytes(name: string): string {
  return ASCII.test(name) ? name : Buffer.from(name, 'utf8').toString('latin1');
}

/** 2^53: file sizes from here on are not exact as numbers. */
const EXACT = 2 ** 53;

/**
 * process_file: one path from the command line. Returns false when GNU's
 * does (the run then exits 1). Never throws for bad input: an unexpected
 * reader error becomes one `readelf: Error:` line naming the file.
 */
export function processFile(
  path: string,
  opts: ReadelfOptions,
  sink: ReadelfSink,
  showName: boolean,
  diag: Diagnostics = new SinkDiagnostics(sink),
  run: RunState = new RunState(),
): boolean {
  const name = argBytes(path);
  // stat before open, as GNU does: a FIFO or device is never opened.
  const size = regularFileSize(path, name, diag);
  if (size === null) return false;
  let source: FileSource;
  try {
    // The size GNU uses is its stat's; scratch memory is safe because nothing
    // read from this file outlives this call.
    source = FileSource.open(path, { size, scratch: true });
  } catch (e) {
    onSystemError(e, false);
    diag.error(`Input file '${name}' is not readable.`);
    return false;
  }
  try {
    const magic = source.read(0n, 8);
    if (magic.length < 8) {
      diag.error(`${name}: Failed to read file's magic number`);
      return false;
    }
    // Both archive magics start with '!': other files need no comparison.
    if (magic[0] === ARMAG[0] && (magic.equals(ARMAG) || magic.equals(ARMAGT))) {
      // GNU names every member from here on, for the later files too.
      return processArchive(name, source, magic.equals(ARMAGT), opts, diag, sink, run, (member, src, sizes) =>
        processObject(member, src, opts, diag, sink, true, run, sizes),
      );
    }
    if (opts.archiveIndex) diag.error(`File ${name} is not an archive so its index cannot be displayed.`);
    return processObject(name, source, opts, diag, sink, showName, run);
  } catch (e) {
    if (isElfFormatError(e)) {
      diag.error(`${name}: ${e.message} at offset 0x${e.offset.toString(16)}`);
      return false;
    }
    throw e;
  } finally {
    source.close();
  }
}

/**
 * The stat(2) step of process_file: the size of a regular file, or null
 * after GNU's message. A plain stat is cheaper than a bigint one; only a
 * size of 2^53 bytes or more (not exact as a number) is asked for again.
 */
function regularFileSize(path: string, name: string, diag: Diagnostics): bigint | null {
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      diag.error(`'${name}' is not an ordinary file`);
      return null;
    }
    return st.size < EXACT ? BigInt(st.size) : statSync(path, { bigint: true }).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') diag.error(`'${name}': No such file`);
    else diag.error(`Could not locate '${name}'.  System error message: ${strerror(code) ?? code}`);
    return null;
  }
}

const KNOWN_MAGIC: readonly { magic: Buffer; message: string }[] = [
  { magic: Buffer.from([0x67, 0x6f, 0x20, 0x6f]), message: "This is a GO binary file - try using 'go tool objdump' or 'go tool nm'" },
  { magic: Buffer.from([0x42, 0x43, 0xc0, 0xde]), message: 'This is a LLVM bitcode file - try using llvm-bcanalyzer' },
];

/** process_object, for the phases that have output or diagnostics with the supported views. */
function processObject(
  name: string,
  source: ByteSource,
  opts: ReadelfOptions,
  diag: Diagnostics,
  sink: ReadelfSink,
  showName: boolean,
  run: RunState,
  sizes?: MemberSizes,
): boolean {
  let reader: ElfReader;
  try {
    reader = ElfReader.fromSource(source, { checkMagic: false, name });
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    diag.error(`${name}: Failed to read file header`);
    return false;
  }
  if (showName) sink.out(`\nFile: ${name}\n`);
  const fd = new Filedata(name, reader, opts, diag, sink, run, sizes);

  // There may be extensions in the first section header; a failed probe is silent.
  fd.getSectionHeaders(true);
  if (!processFileHeader(fd)) return false;
  fd.sections = null;

  // Without section headers GNU turns -u, -V, -A and the dumps off, and
  // without -D --dyn-syms, --syms and -r too, for the later files as well;
  // without groups, -u.
  if (!processSectionHeaders(fd)) {
    opts.unwind = opts.versionInfo = opts.arch = false;
    opts.dumps = [];
    if (!opts.useDynamic) opts.relocs = opts.dynSyms = opts.syms = false;
  }
  if (!processSectionGroups(fd)) opts.unwind = false;
  processProgramHeaders(fd);
  let res = processDynamicSection(fd);
  if (!processRelocs(fd)) res = false;
  if (!processUnwind(fd)) res = false;
  if (!processSymbolTable(fd)) res = false;
  if (!processVersionSections(fd)) res = false;
  if (!processSectionContents(fd)) res = false;
  if (!processNotes(fd)) res = false;
  if (!processGnuLiblist(fd)) res = false;
  if (!processArchSpecific(fd)) res = false;
  return res;
}

/** process_file_header without -h: the magic check and extended numbering. */
function processFileHeader(fd: Filedata): boolean {
  const ident = fd.header.ident.bytes;
  if (!fd.reader.hasMagic) {
    const known = KNOWN_MAGIC.find((k) => ident.subarray(0, 4).equals(k.magic));
    fd.diag.error(known?.message ?? 'Not an ELF file - it has the wrong magic bytes at the start');
    return false;
  }
  if (fd.opts.header) showFileHeader(fd);
  fd.applyExtendedNumbering();
  return true;
}
