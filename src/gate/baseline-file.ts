import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { errnoCode, errnoMessage } from '../io/errno.js';
import { BLOCK } from '../elf/source.js';
import { baselineHeader, RecordSequence, type BaselineHeader, type FileRecord } from './baseline.js';
import { array, InputError, type Json } from './json-input.js';

/**
 * A baseline file read a record at a time, so that `baseline check` and
 * `baseline merge` cost what the largest record does, not what the
 * baseline does (a distribution's runs to hundreds of megabytes).
 *
 * The document is read in blocks (positional reads into one buffer that
 * only grows to hold the record being read); a scanner finds where each
 * value of the top-level object and each record of `files` ends (strings,
 * escapes and nesting; nothing else), and JSON.parse reads that value alone.
 * Every record then goes through the one validator of a record
 * (src/gate/baseline.ts RecordSequence: fileFrom, and the order `create`
 * writes). So a baseline reads as it did whole — the same records, the same
 * refusals with the same JSON pointers — with two differences: records must
 * be in the order `create` writes them, and a document that is not JSON is
 * refused naming the byte where it goes wrong (V8's message for the whole
 * document named a character position, and only once the whole file was in
 * memory).
 *
 * The header (schema, tool, roots, page sizes) is read before the first
 * record: `create` writes it first. A document whose header keys come after
 * `files` (`jq -S` sorts them so) is read past `files` first and then again
 * from `files`, when it is a regular file; read from a pipe, a document
 * must give its schema, tool and roots before `files` (page sizes after it
 * are checked when its end is read).
 */

/** Something wrong with a baseline file: one line, naming the file (`baseline F: not valid JSON: …`). */
export class BaselineFileError extends Error {
  override readonly name = 'BaselineFileError';
}

/** A document that is not JSON; the message names the byte of the file where. */
class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

const WS_SPACE = 0x20;
const WS_TAB = 0x09;
const WS_LF = 0x0a;
const WS_CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const EOF = -1;

const isSpace = (c: number) => c === WS_SPACE || c === WS_LF || c === WS_CR || c === WS_TAB;

/** A byte as an error message shows it. */
function shown(c: number): string {
  if (c === EOF) return 'the end of the file';
  return c >= 0x21 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/**
 * The file's bytes through one buffer: [base, base + length) of the file.
 * Bytes before the value being read are dropped as more are read; the
 * buffer grows only while one value does not fit, and goes back to its size
 * after.
 */
class Blocks {
  private buf: Buffer;
  /** The file offset of buf[0]. */
  base = 0;
  /** Bytes of buf that hold the file. */
  length = 0;
  private ended = false;

  constructor(
    private readonly fd: number,
    /** Positional reads (a regular file); else reads at the descriptor's offset (a pipe). */
    readonly seekable: boolean,
    private readonly block = BLOCK,
  ) {
    this.buf = Buffer.allocUnsafe(2 * block);
  }

  /** The loaded bytes (valid until the next fill). */
  get data(): Buffer {
    return this.buf;
  }

  /**
   * Loads the byte at file offset AT, keeping every byte from KEEP on;
   * false when the file ends before it.
   */
  fill(at: number, keep: number): boolean {
    while (at >= this.base + this.length) {
      if (this.ended) return false;
      // the scanner only moves over loaded bytes, so KEEP is never past them
      const drop = Math.min(keep, at) - this.base;
      if (drop > 0) {
        this.buf.copy(this.buf, 0, drop, this.length);
        this.base += drop;
        this.length -= drop;
      }
      // room for a whole block after what is kept; back to the first size once a big value is read
      const want = Math.max(2 * this.block, this.length + this.block);
      if (this.buf.length < want || (this.buf.length > 2 * want && this.buf.length > 2 * this.block)) {
        const next = Buffer.allocUnsafe(this.buf.length < want ? Math.max(want, 2 * this.buf.length) : want);
        this.buf.copy(next, 0, 0, this.length);
        this.buf = next;
      }
      const n = readSync(this.fd, this.buf, this.length, this.buf.length - this.length, this.seekable ? this.base + this.length : null);
      if (n === 0) this.ended = true;
      else this.length += n;
    }
    return true;
  }

  /** Reads from file offset AT on again (a regular file only). */
  seek(at: number): void {
    this.base = at;
    this.length = 0;
    this.ended = false;
  }

  text(start: number, end: number): string {
    return this.buf.toString('utf8', start - this.base, end - this.base);
  }
}

/** The JSON scanner over Blocks: where values begin and end, at file offsets. */
class Scanner {
  /** The file offset of the next byte to look at. */
  pos = 0;

  constructor(private readonly blocks: Blocks) {}

  /** The byte at pos (EOF at the end), keeping bytes from pos on. */
  peek(): number {
    return this.blocks.fill(this.pos, this.pos) ? this.blocks.data[this.pos - this.blocks.base]! : EOF;
  }

  skipSpace(): number {
    for (;;) {
      const c = this.peek();
      if (!isSpace(c)) return c;
      this.pos++;
    }
  }

  /** Skips white space, then expects one of the bytes ONE_OF; returns the one found. */
  expect(what: string, ...oneOf: number[]): number {
    const c = this.skipSpace();
    if (!oneOf.includes(c)) throw new JsonSyntaxError(`expected ${what} at byte ${this.pos}, found ${shown(c)}`);
    this.pos++;
    return c;
  }

  /**
   * The end (a file offset, exclusive) of the value that starts at pos:
   * a string to its closing quote, an object or array to its closing
   * bracket, anything else to the next delimiter. Does not move pos.
   */
  valueEnd(): number {
    const c = this.peek();
    if (c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE) return this.nestedEnd();
    const end = this.scalarEnd();
    if (end === this.pos) throw new JsonSyntaxError(`expected a value at byte ${this.pos}, found ${shown(c)}`);
    return end;
  }

  /** A number or literal: up to the next delimiter or the end of the file. */
  private scalarEnd(): number {
    const b = this.blocks;
    const start = this.pos;
    let at = start;
    for (;;) {
      if (!b.fill(at, start)) return at;
      const d = b.data;
      const base = b.base;
      const n = b.length;
      for (let k = at - base; k < n; k++) {
        const x = d[k]!;
        if (x === COMMA || x === CLOSE_BRACE || x === CLOSE_BRACKET || isSpace(x)) return base + k;
      }
      at = base + n;
    }
  }

  /** A string, object or array: to the quote or bracket that closes it (strings and escapes skipped, nesting counted). */
  private nestedEnd(): number {
    const b = this.blocks;
    const start = this.pos;
    let depth = 0;
    let inString = false;
    let escaped = false;
    let at = start;
    for (;;) {
      if (!b.fill(at, start)) throw new JsonSyntaxError(`the file ends at byte ${at}, inside the value that begins at byte ${start}`);
      const d = b.data;
      const base = b.base;
      const n = b.length;
      let k = at - base;
      while (k < n) {
        const c = d[k++]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            inString = false;
            if (depth === 0) return base + k;
          }
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--depth === 0) return base + k;
        }
      }
      at = base + n;
    }
  }

  /** The value that starts at pos, parsed; pos moves past it. */
  value(): Json {
    const start = this.pos;
    const end = this.valueEnd();
    const text = this.blocks.text(start, end);
    this.pos = end;
    try {
      return JSON.parse(text) as Json;
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      throw new JsonSyntaxError(syntaxAt(e.message, text, start));
    }
  }

  /** Moves pos past the value that starts there, reading it but keeping none of it. */
  skipValue(): void {
    this.pos = this.valueEnd();
  }
}

/** V8's message for TEXT (which begins at byte START of the file), its character position made the file's byte offset. */
function syntaxAt(message: string, text: string, start: number): string {
  const m = / in JSON at position (\d+)/.exec(message);
  if (m === null) return `${message} (in the value that begins at byte ${start})`;
  const at = start + Buffer.byteLength(text.slice(0, Number(m[1])));
  return `${message.slice(0, m.index)} at byte ${at}`;
}

const HEADER_KEYS = ['schema', 'tool', 'roots', 'pageSizes'] as const;
const REQUIRED_KEYS = ['schema', 'tool', 'roots'] as const;

/** The top-level object's members as read so far, in order (JSON.parse's object: the last value of a repeated key, at its first place). */
type Members = Record<string, Json>;

function setMember(m: Members, key: string, value: Json): void {
  // as JSON.parse does: "__proto__" is a key like any other
  Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * An open baseline file: its header, then its records one at a time
 * (records(), once), then close(). Every problem is a BaselineFileError.
 */
export class BaselineFile {
  readonly header: BaselineHeader;
  private readonly blocks: Blocks;
  private readonly scan: Scanner;
  private readonly members: Members = {};
  /** The file offset of the value of `files`. */
  private filesAt = -1;
  /** The members after `files` are read already (the header came after it). */
  private restRead = false;
  private sequence: RecordSequence | undefined;
  private fd: number | undefined;

  private constructor(
    readonly file: string,
    fd: number,
    seekable: boolean,
    block: number,
  ) {
    this.fd = fd;
    this.blocks = new Blocks(fd, seekable, block);
    this.scan = new Scanner(this.blocks);
    this.header = this.readHeader();
  }

  /** Opens FILE and reads its header. Throws BaselineFileError. BLOCK: bytes per read (tests make it small). */
  static open(file: string, block = BLOCK): BaselineFile {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      throw new BaselineFileError(`baseline ${file}: cannot read: ${errnoMessage(e)}`);
    }
    try {
      return new BaselineFile(file, fd, fstatSync(fd).isFile(), block);
    } catch (e) {
      closeSync(fd);
      throw e instanceof BaselineFileError ? e : failure(file, e);
    }
  }

  /** How many records have been read. */
  get count(): number {
    return this.sequence?.count ?? 0;
  }

  /**
   * Every record, validated, in the order `create` writes (root, then path
   * bytes); then the rest of the document is read and checked. Once only.
   */
  *records(): Generator<FileRecord> {
    if (this.sequence !== undefined) throw new Error('BaselineFile.records: the records are read once');
    const seq = new RecordSequence(this.header.roots.length);
    this.sequence = seq;
    const s = this.scan;
    try {
      if (this.restRead) this.blocks.seek(this.filesAt);
      s.pos = this.filesAt;
      if (s.skipSpace() !== OPEN_BRACKET) array(s.value(), 'files'); // throws: files is not an array
      s.pos++;
      if (s.skipSpace() === CLOSE_BRACKET) s.pos++;
      else {
        for (;;) {
          s.skipSpace();
          const record = seq.next(s.value());
          yield record;
          if (s.expect("',' or ']' after a record", COMMA, CLOSE_BRACKET) === CLOSE_BRACKET) break;
        }
      }
      if (!this.restRead) {
        this.readMembers(true, false);
        // keys after `files`: checked as the header was (a page size, an unknown key)
        baselineHeader(this.members);
      }
    } catch (e) {
      throw failure(this.file, e);
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private readHeader(): BaselineHeader {
    const s = this.scan;
    const first = s.skipSpace();
    if (first === EOF) throw new BaselineFileError(`baseline ${this.file}: empty file, not JSON`);
    if (first !== OPEN_BRACE) {
      // not an object: said as the validator says it (an array is skipped, not kept)
      let v: Json = [];
      if (first === OPEN_BRACKET) s.skipValue();
      else v = s.value();
      this.end();
      return baselineHeader(v);
    }
    s.pos++;
    if (this.readMembers(false, true) === 'files' && !HEADER_KEYS.every((k) => k in this.members)) {
      if (this.blocks.seekable) {
        // header keys after the records (`jq -S` sorts them so): read past the records for them, then come back
        s.skipValue();
        this.readMembers(true, false);
        this.restRead = true;
      } else if (!REQUIRED_KEYS.every((k) => k in this.members)) {
        throw new InputError('', `no ${REQUIRED_KEYS.filter((k) => !(k in this.members)).join(', ')} before the records: read from a pipe, a baseline must give them first, as baseline create writes it (or be given as a file)`);
      }
    }
    // a document without `files` has been read to its end: the validator says what is missing
    return baselineHeader(this.members);
  }

  /**
   * Reads the members of the top-level object: from just after its '{', or
   * (AFTER_VALUE) after a member's value, to its '}' and the end of the
   * document. With STOP_AT_FILES, stops at the value of `files` and says
   * 'files'.
   */
  private readMembers(afterValue: boolean, stopAtFiles: boolean): 'files' | 'end' {
    const s = this.scan;
    if (afterValue && s.expect("',' or '}' after a member", COMMA, CLOSE_BRACE) === CLOSE_BRACE) {
      this.end();
      return 'end';
    }
    let first = !afterValue;
    for (;;) {
      const c = s.skipSpace();
      if (first && c === CLOSE_BRACE) {
        s.pos++;
        this.end();
        return 'end';
      }
      first = false;
      if (c !== QUOTE) throw new JsonSyntaxError(`expected a key at byte ${s.pos}, found ${shown(c)}`);
      const key = s.value() as string;
      s.expect("':' after a key", COLON);
      s.skipSpace();
      if (key === 'files') {
        if (this.filesAt >= 0) throw new InputError('files', 'appears twice in the document');
        this.filesAt = s.pos;
        setMember(this.members, key, null);
        if (stopAtFiles) return 'files';
        s.skipValue();
      } else setMember(this.members, key, s.value());
      if (s.expect("',' or '}' after a member", COMMA, CLOSE_BRACE) === CLOSE_BRACE) {
        this.end();
        return 'end';
      }
    }
  }

  /** Only white space may follow the document. */
  private end(): void {
    const c = this.scan.skipSpace();
    if (c !== EOF) throw new JsonSyntaxError(`${shown(c)} at byte ${this.scan.pos} after the end of the document`);
  }
}

/** A problem while reading FILE as the one line the CLI prints. */
function failure(file: string, e: unknown): Error {
  if (e instanceof BaselineFileError) return e;
  // one line: the file, the JSON pointer (RFC 6901) of what is wrong, and why
  if (e instanceof InputError) return new BaselineFileError(`baseline ${file}: not an elfaudit baseline: ${e.where === '' ? '' : `${e.pointer}: `}${e.problem}`);
  if (e instanceof JsonSyntaxError) return new BaselineFileError(`baseline ${file}: not valid JSON: ${e.message}`);
  if (errnoCode(e) !== undefined) return new BaselineFileError(`baseline ${file}: cannot read: ${errnoMessage(e)}`);
  return e instanceof Error ? e : new Error(String(e));
}
