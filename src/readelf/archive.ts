import { statSync } from 'node:fs';
import { U64_MAX } from '../elf/types.js';
import { AR_HDR_SIZE, I64_MAX, adjustRelativePath, ArchiveInfo, NestedArchive, WindowSource, type ArchiveProblem, type ArchiveReport } from '../elf/archive.js';
import { isElfFormatError } from '../elf/errors.js';
import { ElfReader } from '../elf/reader.js';
import { FileSource, type ByteSource } from '../elf/source.js';
import { onSystemError } from '../io/errno.js';
import type { Diagnostics } from './diagnostics.js';
import { Filedata, type MemberSizes } from './filedata.js';
import { displaysObjects, type ReadelfOptions } from './options.js';
import type { RunState } from './run-state.js';
import type { ReadelfSink } from './sink.js';


/** One archive member handed to process_object: its name, where its bytes are, and GNU's sizes of it. */
export type ProcessObject = (name: string, source: ByteSource, sizes?: MemberSizes) => boolean;

/** elfcomm.c's and process_archive's messages for what the archive walk reports. */
function problemText(p: ArchiveProblem, file: string): string {
  switch (p.kind) {
    case 'header-short':
      return `${file}: failed to read archive header`;
    case 'index-size-negative':
      return `${file}: invalid archive header size: ${p.size}`;
    case 'index-empty':
      return `${file}: the archive index is empty`;
    case 'index-read-failed':
      return `${file}: failed to read archive index`;
    case 'index-too-small':
      return `${file}: the archive index is supposed to have 0x${p.entries.toString(16)} entries of ${p.width} bytes, but the size is only 0x${p.size.toString(16)}`;
    case 'index-no-symbols':
      return `${file}: the archive has an index but no symbols`;
    case 'index-symbols-read-failed':
      return `${file}: failed to read archive index symbol table`;
    case 'header-after-index-short':
      return `${file}: failed to read archive header following archive index`;
    case 'longnames-too-small':
      return `${file}: long name table is too small, (size = ${p.size})`;
    case 'longnames-too-big':
      return `${file}: long name table is too big, (size = 0x${p.size.toString(16)})`;
    case 'longnames-read-failed':
      return `${file}: failed to read long symbol name string table`;
    case 'no-longnames':
      return 'Archive member uses long names, but no longname table found';
    case 'longname-beyond-table':
      return `Found long name index (${p.index > I64_MAX ? p.index - U64_MAX - 1n : p.index}) beyond end of long name table`;
    case 'thin-name-invalid':
      return 'Invalid Thin archive member name';
    case 'seek-name-failed':
      return `${file}: failed to seek to next file name`;
    case 'header-invalid':
      return `${file}: did not find a valid archive header`;
    case 'no-index':
      return `${file} has no archive index`;
  }
}

/** make_qualified_name: `lib.a(m.o)`, a thin archive's `lib.a[m.o]`, a nested member's `lib.a[inner.a(m.o)]`. */
function qualifiedName(arch: ArchiveInfo, nested: NestedArchive, member: string): string {
  if (arch.thin && arch.nestedMemberOrigin !== 0n) return `${arch.fileName}[${nested.fileName ?? '<corrupt>'}(${member})]`;
  if (arch.thin) return `${arch.fileName}[${member}]`;
  return `${arch.fileName}(${member})`;
}

/**
 * process_archive: the index with -c, then every member through
 * process_object (`processObject`) under its qualified name, read in
 * place through a window of the archive (or, for a thin archive, from its
 * own file). Returns false when GNU's does.
 */
export function processArchive(
  name: string,
  source: ByteSource,
  thin: boolean,
  opts: ReadelfOptions,
  diag: Diagnostics,
  sink: ReadelfSink,
  run: RunState,
  processObject: ProcessObject,
): boolean {
  const arch = new ArchiveInfo(name, source, thin);
  const nested = new NestedArchive();
  const report: ArchiveReport = (p, file) => {
    if (p.kind === 'no-index') sink.out(`${problemText(p, file)}\n`);
    else diag.error(problemText(p, file));
  };
  try {
    if (!arch.setup(source.size, opts.archiveIndex, report)) return false;
    let ret = true;
    if (opts.archiveIndex) {
      if (arch.symTable === null) diag.error(`${name}: unable to dump the index as none was found`);
      else if (!showIndex(arch, nested, name, diag, sink, report)) ret = false;
      if (!displaysObjects(opts)) return true; // archive index only
    }
    while (sink.closed !== true) {
      if (arch.nextHeaderOffset > I64_MAX) {
        diag.error(`${arch.fileName}: failed to seek to next archive header`);
        return false;
      }
      arch.pos = arch.nextHeaderOffset;
      const got = arch.readHeader();
      if (got !== AR_HDR_SIZE) {
        if (got === 0) break;
        diag.error(`${arch.fileName}: failed to read archive header`);
        return false;
      }
      if (!arch.headerValid()) {
        diag.error(`${arch.fileName}: did not find a valid archive header`);
        return false;
      }
      arch.nextHeaderOffset += BigInt(AR_HDR_SIZE);
      // strtoul (ar_size): the valid ar_fmag ends the digits.
      const size = arch.headerSize();
      const member = arch.memberName(nested, report);
      if (member === null) {
        diag.error(`${arch.fileName}: bad archive file name`);
        return false;
      }
      const qualified = qualifiedName(arch, nested, member);
      if (thin && arch.nestedMemberOrigin === 0n) {
        const path = adjustRelativePath(name, member);
        const r = processThinMember(path, qualified, opts, diag, sink, run, processObject);
        if (r === null) return false;
        if (!r) ret = false;
      } else if (thin) {
        const inner = nested.archive;
        if (inner === null) {
          diag.error(`${qualified}: contains corrupt thin archive: ${member}`);
          return false;
        }
        const base = arch.nestedMemberOrigin + BigInt(AR_HDR_SIZE);
        // GNU reads this member's header from the nested archive, and
        // everything else with a file size of 0 (its thin_filedata).
        const nothing = { file: 0n, data: 0n };
        if (!processObject(qualified, new WindowSource(inner.source, base, inner.source.size - base), nothing)) ret = false;
      } else {
        const base = arch.nextHeaderOffset;
        // GNU's file_size stays the archive's; get_data reaches from the member to the archive's end.
        const window = new WindowSource(source, base, source.size - base);
        if (!processObject(qualified, window, { file: source.size, data: window.size })) ret = false;
        arch.nextHeaderOffset = (arch.nextHeaderOffset + ((size + 1n) & ~1n)) & U64_MAX;
        if (arch.nextHeaderOffset < size) arch.nextHeaderOffset = U64_MAX;
      }
    }
    return ret;
  } finally {
    nested.close();
  }
}

/**
 * A thin archive's external member: open_file (stat, open, the file header
 * and all section headers, whose warnings GNU prints here too), then
 * process_object. Null when GNU stops the archive ("is not readable").
 */
function processThinMember(
  path: string,
  qualified: string,
  opts: ReadelfOptions,
  diag: Diagnostics,
  sink: ReadelfSink,
  run: RunState,
  processObject: ProcessObject,
): boolean | null {
  const notReadable = () => {
    diag.error(`Input file '${path}' is not readable.`);
    return null;
  };
  const fsPath = Buffer.from(path, 'latin1');
  let source: FileSource;
  try {
    if (!statSync(fsPath).isFile()) return notReadable();
    // Not scratch-backed: the archive's own source is still being read.
    source = FileSource.open(fsPath);
  } catch (e) {
    onSystemError(e, false);
    return notReadable();
  }
  try {
    let reader: ElfReader;
    try {
      reader = ElfReader.fromSource(source, { checkMagic: false, name: qualified });
    } catch (e) {
      if (!isElfFormatError(e)) throw e;
      return notReadable();
    }
    if (!new Filedata(qualified, reader, opts, diag, sink, run).getSectionHeaders(false)) return notReadable();
    return processObject(qualified, source);
  } finally {
    source.close();
  }
}

/** The -c listing: each member's symbols from the archive index, then what is left over. */
function showIndex(arch: ArchiveInfo, nested: NestedArchive, name: string, diag: Diagnostics, sink: ReadelfSink, report: ArchiveReport): boolean {
  const index = arch.index ?? [];
  const table = arch.symTable!;
  const symSize = arch.symSize;
  sink.out(`Index of archive ${name}: (${arch.indexNum} entries, 0x${symSize.toString(16)} bytes in the symbol table)\n`);
  let ret = true;
  let l = 0n;
  for (let i = 0; i < index.length; i++) {
    if (i === 0 || index[i] !== index[i - 1]) {
      const member = arch.memberNameAt(index[i]!, nested, report);
      if (member !== null) sink.out(`Contents of binary ${qualifiedName(arch, nested, member)} at offset 0x${index[i]!.toString(16)}\n`);
    }
    if (l >= symSize) {
      diag.error(`${name}: end of the symbol table reached before the end of the index`);
      ret = false;
      break;
    }
    const at = Number(l);
    const nul = table.indexOf(0, at);
    const end = nul < 0 ? table.length : nul;
    sink.out(`\t${table.toString('latin1', at, end)}\n`);
    l += BigInt(end - at) + 1n;
  }
  l = arch.uses64BitIndices ? (l + 7n) & ~7n : l + (l & 1n);
  if (l < symSize) {
    const left = symSize - l;
    diag.error(
      left === 1n
        ? `${name}: ${left} byte remains in the symbol table, but without corresponding entries in the index table`
        : `${name}: ${left} bytes remain in the symbol table, but without corresponding entries in the index table`,
    );
    ret = false;
  }
  return ret;
}
