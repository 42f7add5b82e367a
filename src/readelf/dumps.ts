import { inflateSync } from 'node:zlib';
import { constants as bufferConstants } from 'node:buffer';
import { ET, SHF, SHT } from '../elf/constants.js';
import { U64_MAX } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import type { DumpRequest } from './options.js';
import { argBytes } from './process.js';
import { applyRelocations } from './reloc-apply.js';

/** GNU's dump_type bits (readelf.c): the order of the dumps of one section is HEX, RELOC, STRING. */
const HEX_DUMP = 1;
const STRING_DUMP = 8;
const RELOC_DUMP = 16;
const KIND_BITS: Readonly<Record<DumpRequest['kind'], number>> = { hex: HEX_DUMP, reloc: RELOC_DUMP, string: STRING_DUMP };

/** Bytes read at a time from a section that is dumped as it is read (a multiple of 16). */
const CHUNK = 1 << 16;
const ELFCOMPRESS_ZLIB = 1;
const ELFCOMPRESS_ZSTD = 2;
const ULONG_MAX = U64_MAX;

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The hex dump's character column: printable ASCII as itself, anything else '.'. */
const SHOWN: readonly string[] = Array.from({ length: 256 }, (_, i) => (i >= 0x20 && i < 0x7f ? String.fromCharCode(i) : '.'));

/**
 * request_dump's reading of a -x/-p/-R argument: `strtoul (arg, &end, 0)`
 * stored in an int; a number when the whole argument was read and the int is
 * not negative, else a section name. (An empty argument is section 0.)
 */
export function dumpSectionNumber(arg: string): number | null {
  if (arg === '') return 0;
  const m = /^[\t\n\v\f\r ]*([+-]?)(0[xX](?=[0-9a-fA-F])|0?)([0-9a-fA-F]*)$/.exec(arg);
  if (m === null) return null;
  const [, sign, prefix, digits] = m as unknown as [string, string, string, string];
  let value: bigint;
  if (prefix === '0x' || prefix === '0X') {
    value = BigInt(`0x${digits}`);
  } else {
    const octal = prefix === '0';
    const valid = octal ? /^[0-7]*$/ : /^[0-9]+$/;
    if (!valid.test(digits)) return null;
    value = digits === '' ? 0n : octal ? BigInt(`0o${digits}`) : BigInt(digits);
  }
  if (value > ULONG_MAX) value = ULONG_MAX;
  else if (sign === '-') value = (-value) & U64_MAX;
  const section = Number(BigInt.asIntN(32, value));
  return section >= 0 ? section : null;
}

/**
 * process_section_contents (readelf.c, binutils 2.40) for -x, -R and -p:
 * the command line's numbered requests, then its named ones (GNU keeps them
 * newest first, and warns of a name no section has as it goes), then each
 * requested section in index order, and a warning for each requested number
 * past the last section. Returns false where GNU's does.
 */
export function processSectionContents(fd: Filedata): boolean {
  const requests = fd.opts.dumps;
  if (requests.length === 0) return true;
  const flags = new Map<number, number>();
  let numDumpSects = 0;
  const byName: DumpRequest[] = [];
  for (const r of requests) {
    const n = dumpSectionNumber(r.section);
    if (n === null) {
      byName.push(r);
      continue;
    }
    flags.set(n, (flags.get(n) ?? 0) | KIND_BITS[r.kind]);
    numDumpSects = Math.max(numDumpSects, n + 1);
  }
  const shnum = fd.shnum;
  for (let k = byName.length - 1; k >= 0; k--) {
    const r = byName[k]!;
    const name = argBytes(r.section);
    let any = false;
    for (let i = 0; i < shnum; i++) {
      if (!fd.sectionNamed(i, name)) continue;
      flags.set(i, (flags.get(i) ?? 0) | KIND_BITS[r.kind]);
      numDumpSects = Math.max(numDumpSects, i + 1);
      any = true;
    }
    if (!any) fd.diag.warn(`Section '${name}' was not dumped because it does not exist`);
  }
  const indices = [...flags.keys()].sort((a, b) => a - b);
  const limit = Math.min(shnum, numDumpSects);
  let res = true;
  for (const i of indices) {
    const dump = flags.get(i)!;
    if (i < limit) {
      if ((dump & HEX_DUMP) !== 0 && !dumpSectionAsBytes(fd, i, false)) res = false;
      if ((dump & RELOC_DUMP) !== 0 && !dumpSectionAsBytes(fd, i, true)) res = false;
      if ((dump & STRING_DUMP) !== 0 && !dumpSectionAsStrings(fd, i)) res = false;
    } else if (dump !== 0) {
      fd.diag.warn(`Section ${i} was not dumped because it does not exist!`);
      res = false;
    }
  }
  return res;
}

/** What a dump prints from: the whole (decompressed or relocated) contents, or the section read in chunks. */
type Contents = { readonly whole: Buffer } | { readonly offset: bigint; readonly size: bigint };

/**
 * get_section_contents' checks (nothing to dump, or the section past the end
 * of the file), the dump's title, then -z's decompression. Null when the
 * dump stops there; `ok` is what the dump then returns.
 */
function openContents(fd: Filedata, index: number, title: string): { contents: Contents } | { ok: boolean } {
  const sec = fd.sections!.at(index);
  const name = fd.printableSectionNameAt(sec.name);
  if (sec.size === 0n || sec.type === SHT.NOBITS) {
    fd.sink.out(`Section '${name}' has no data to dump.\n`);
    return { ok: true };
  }
  if (!fd.canRead(sec.offset, 1n, sec.size, 'section contents')) return { ok: false };
  fd.sink.out(`\n${title} of section '${name}':\n`);
  const raw: Contents = { offset: sec.offset, size: sec.size };
  if (!fd.opts.decompress) return { contents: raw };
  let headerSize = 0;
  let uncompressedSize = 0n;
  let zstd = false;
  if ((sec.flags & SHF.COMPRESSED) !== 0n) {
    const chdrSize = fd.is32 ? 12 : 24;
    if (sec.size < BigInt(chdrSize)) {
      fd.diag.error('Compressed section is too small even for a compression header');
      return { ok: false };
    }
    const chdr = fd.reader.readRange(sec.offset, BigInt(chdrSize), 'compression header');
    const d = fd.reader.decoder;
    const chType = d.u32(chdr, 0);
    if (chType === ELFCOMPRESS_ZSTD) zstd = true;
    else if (chType !== ELFCOMPRESS_ZLIB) {
      fd.diag.warn(`section '${name}' has unsupported compress type: ${chType}`);
      return { ok: false };
    }
    uncompressedSize = fd.is32 ? BigInt(d.u32(chdr, 4)) : d.u64(chdr, 8);
    headerSize = chdrSize;
  } else if (sec.size > 12n) {
    const head = fd.reader.readRange(sec.offset, 12n, 'section contents');
    // streq (start, "ZLIB"): the fifth byte (the size's top byte) must be NUL.
    if (head.toString('latin1', 0, 5) === 'ZLIB\0') {
      uncompressedSize = head.readBigUInt64BE(4);
      headerSize = 12;
    }
  }
  if (uncompressedSize === 0n) return { contents: raw };
  if (zstd) {
    // GNU 2.40 (Debian's, built with libzstd) decompresses these; Node 20 has no zstd.
    fd.diag.error(`Unable to decompress section ${name} (zstd is not supported by elfaudit)`);
    return { ok: false };
  }
  const compressed = fd.reader.readRange(sec.offset + BigInt(headerSize), sec.size - BigInt(headerSize), 'section contents');
  const whole = inflateAll(compressed, uncompressedSize);
  if (whole === null) {
    fd.diag.error(`Unable to decompress section ${name}`);
    return { ok: false };
  }
  return { contents: { whole } };
}

/**
 * uncompress_section_contents for zlib: one or more zlib streams one after
 * the other, which must fill exactly `size` bytes; null when they do not.
 */
function inflateAll(input: Buffer, size: bigint): Buffer | null {
  if (size > BigInt(bufferConstants.MAX_LENGTH)) return null;
  const want = Number(size);
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  while (pos < input.length) {
    let result: { buffer: Buffer; engine: { bytesWritten: number } };
    try {
      result = inflateSync(input.subarray(pos), { info: true, maxOutputLength: Math.max(1, want - total) }) as unknown as {
        buffer: Buffer;
        engine: { bytesWritten: number };
      };
    } catch (e) {
      if (e instanceof Error && (e as NodeJS.ErrnoException).code !== undefined) return null;
      throw e;
    }
    const used = result.engine.bytesWritten;
    if (used <= 0) return null;
    pos += used;
    total += result.buffer.length;
    if (total > want) return null;
    parts.push(result.buffer);
  }
  return total === want ? Buffer.concat(parts, total) : null;
}

/** Whether a REL or RELA section with entries applies to section `index` (the dumps' NOTE). */
function hasRelocations(fd: Filedata, index: number): boolean {
  const sections = fd.sections!;
  const shnum = fd.shnum;
  for (let r = 0; r < shnum; r++) {
    const type = sections.type(r);
    if (type !== SHT.RELA && type !== SHT.REL) continue;
    const rel = sections.at(r);
    if (rel.info < shnum && rel.info === index && rel.size !== 0n && rel.link < shnum) return true;
  }
  return false;
}

/** The contents in pieces: the whole buffer once, or the file read CHUNK bytes at a time. */
function* pieces(fd: Filedata, contents: Contents): Generator<Buffer> {
  if ('whole' in contents) {
    yield contents.whole;
    return;
  }
  const end = contents.offset + contents.size;
  for (let at = contents.offset; at < end; ) {
    const n = end - at < BigInt(CHUNK) ? end - at : BigInt(CHUNK);
    yield fd.reader.readRange(at, n, 'section contents');
    at += n;
  }
}

/** dump_section_as_bytes: -x, or -R with `relocate`. */
function dumpSectionAsBytes(fd: Filedata, index: number, relocate: boolean): boolean {
  const opened = openContents(fd, index, 'Hex dump');
  if ('ok' in opened) return opened.ok;
  let contents = opened.contents;
  if (relocate) {
    if (fd.header.type === ET.REL) {
      // Relocations land anywhere in the section: it is read whole, into memory of its own.
      const whole = 'whole' in contents ? contents.whole : Buffer.from(fd.reader.readRange(contents.offset, contents.size, 'section contents'));
      if (!applyRelocations(fd, index, whole)) return false;
      contents = { whole };
    }
  } else if (hasRelocations(fd, index)) {
    fd.sink.out(' NOTE: This section has relocations against it, but these have NOT been applied to this dump.\n');
  }
  const sink = fd.sink;
  let addr = fd.sections!.at(index).addr;
  for (const data of pieces(fd, contents)) {
    let text = '';
    for (let o = 0; o < data.length; o += 16) {
      const lbytes = Math.min(16, data.length - o);
      let line = `  0x${addr.toString(16).padStart(8, '0')} `;
      for (let j = 0; j < 16; j++) {
        line += j < lbytes ? HEX2[data[o + j]!]! : '  ';
        if ((j & 3) === 3) line += ' ';
      }
      for (let j = 0; j < lbytes; j++) line += SHOWN[data[o + j]!]!;
      text += line + '\n';
      addr = (addr + BigInt(lbytes)) & U64_MAX;
    }
    sink.out(text);
  }
  sink.out('\n');
  return true;
}

/** dump_section_as_strings: -p. */
function dumpSectionAsStrings(fd: Filedata, index: number): boolean {
  const opened = openContents(fd, index, 'String dump');
  if ('ok' in opened) return opened.ok;
  if (hasRelocations(fd, index)) {
    fd.sink.out('  Note: This section has relocations against it, but these have NOT been applied to this dump.\n');
  }
  const strings = new StringDump();
  let base = 0;
  for (const data of pieces(fd, opened.contents)) {
    fd.sink.out(strings.feed(data, base));
    base += data.length;
  }
  fd.sink.out(strings.finish());
  return true;
}

const isPrint = (c: number): boolean => c >= 0x20 && c < 0x7f;
const isCntrl = (c: number): boolean => c < 0x20 || c === 0x7f;

/**
 * dump_section_as_strings' scan as a state machine over pieces of the
 * section: a string starts at a printable byte and runs to a NUL (or the
 * end, where GNU's buffer has one); a newline ends it too, and when the byte
 * after it is not NUL the next string is a continuation (indented, no offset).
 * Control characters print as ^X; other bytes as they are (the C locale).
 */
class StringDump {
  private inString = false;
  private continuing = false;
  /** A newline just ended a string: the next byte decides `continuing`. */
  private afterNewline = false;
  private shown = false;

  feed(data: Buffer, base: number): string {
    let out = '';
    for (let o = 0; o < data.length; o++) {
      const c = data[o]!;
      if (this.afterNewline) {
        this.continuing = c !== 0;
        this.afterNewline = false;
      }
      if (!this.inString) {
        if (!isPrint(c)) continue;
        if (this.continuing) {
          out += '            ';
          this.continuing = false;
        } else {
          out += `  [${(base + o).toString(16).padStart(6)}]  `;
        }
        this.inString = true;
        this.shown = true;
      }
      if (c === 0) {
        out += '\n';
        this.inString = false;
      } else if (c === 0x0a) {
        out += '\\n\n';
        this.inString = false;
        this.afterNewline = true;
      } else if (isCntrl(c)) {
        out += '^' + String.fromCharCode((c + 0x40) & 0xff);
      } else {
        out += String.fromCharCode(c);
      }
    }
    return out;
  }

  finish(): string {
    let out = this.inString ? '\n' : '';
    if (!this.shown) out += '  No strings found in this section.';
    return out + '\n';
  }
}
