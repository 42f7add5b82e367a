/**
 * Names that come from file systems (paths are bytes) or from binaries
 * (RPATH strings, symbol names) reach every output format through these
 * functions, so a hostile name can neither break a format nor drive a
 * terminal.
 */

const HEX = (b: number) => b.toString(16).padStart(2, '0');

/** Characters that move the cursor, recolour a terminal or reorder text. */
function isControl(cp: number): boolean {
  return (
    cp < 0x20 ||
    cp === 0x7f ||
    (cp >= 0x80 && cp < 0xa0) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x200e ||
    cp === 0x200f ||
    cp === 0x061c
  );
}

function controlEscape(cp: number): string {
  switch (cp) {
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    default:
      return cp < 0x100 ? `\\x${HEX(cp)}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  }
}

/**
 * Decodes bytes as UTF-8; each byte that is not part of a valid sequence
 * becomes the four characters `\xHH`. Control characters are kept (for
 * JSON, whose own escaping handles them).
 */
export function decodeLossy(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      // fast path for ASCII runs
      let j = i + 1;
      while (j < bytes.length && bytes[j]! < 0x80) j++;
      out += bytes.toString('latin1', i, j);
      i = j;
      continue;
    }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len > 0 && i + len <= bytes.length && validSequence(bytes, i, len)) {
      out += bytes.toString('utf8', i, i + len);
      i += len;
    } else {
      out += `\\x${HEX(b)}`;
      i += 1;
    }
  }
  return out;
}

function validSequence(b: Buffer, i: number, len: number): boolean {
  for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return false;
  const b0 = b[i]!;
  const b1 = b[i + 1]!;
  if (len === 3) {
    if (b0 === 0xe0 && b1 < 0xa0) return false; // overlong
    if (b0 === 0xed && b1 >= 0xa0) return false; // surrogates
  }
  if (len === 4) {
    if (b0 === 0xf0 && b1 < 0x90) return false; // overlong
    if (b0 === 0xf4 && b1 >= 0x90) return false; // above U+10FFFF
  }
  return true;
}

/** The characters isControl() names, as one class. */
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Control characters in a decoded string made visible (`\n`, `\x1b`, `\u202e`). */
export function visibleControls(s: string): string {
  // most text has none: one regex test instead of a walk per character (memory and diff pass every line)
  if (!ANY_CONTROL.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += isControl(cp) ? controlEscape(cp) : ch;
  }
  return out;
}

/** A byte string for a terminal, CSV or XML: lossy UTF-8, controls visible. */
export function visibleBytes(bytes: Buffer): string {
  return visibleControls(decodeLossy(bytes));
}

/** A latin1 string (one char per byte, as names read from ELF files are) for display. */
export function visibleLatin1(s: string): string {
  return visibleBytes(Buffer.from(s, 'latin1'));
}

/** An XML attribute value (for either quote style); controls are already visible. */
export function xmlAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * A file name's bytes as text that reads back to the same bytes: UTF-8
 * sequences stay as they are, a backslash becomes `\\`, and every other
 * byte `\xHH`. Distinct names give distinct texts (decodeName is its
 * inverse), so a name made of the byte 0xff and one spelled `\xff` stay two
 * names in a baseline and on screen (visibleControls on top of it).
 */
export function encodeName(bytes: Buffer): string {
  const lossy = decodeLossy(bytes);
  if (!bytes.includes(0x5c)) return lossy;
  // decodeLossy leaves a literal backslash alone: double it, then the \xHH it wrote are the only single ones
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const j = bytes.indexOf(0x5c, i);
    const end = j < 0 ? bytes.length : j;
    out += decodeLossy(bytes.subarray(i, end));
    if (j < 0) break;
    out += '\\\\';
    i = j + 1;
  }
  return out;
}

/**
 * The bytes encodeName made TEXT from, or null when TEXT is not one of its
 * results (a lone backslash, `\x` before a byte that would have been kept
 * as UTF-8, a backslash spelled `\x5c`).
 */
export function decodeName(text: string): Buffer | null {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < text.length) {
    const j = text.indexOf('\\', i);
    const end = j < 0 ? text.length : j;
    if (end > i) parts.push(Buffer.from(text.slice(i, end), 'utf8'));
    if (j < 0) break;
    if (text[j + 1] === '\\') {
      parts.push(Buffer.from([0x5c]));
      i = j + 2;
      continue;
    }
    const m = /^x([0-9a-f]{2})/.exec(text.slice(j + 1, j + 4));
    if (m === null) return null;
    parts.push(Buffer.from([Number.parseInt(m[1]!, 16)]));
    i = j + 4;
  }
  const bytes = Buffer.concat(parts);
  return encodeName(bytes) === text ? bytes : null;
}

/** Text of several lines (help, usage errors) with each line's controls made visible and its newlines kept. */
export function visibleLines(s: string): string {
  return s.split('\n').map(visibleControls).join('\n');
}

/** Any text for XML, HTML or SVG, as content or an attribute: controls made visible, then the five entities (a name `<script>` stays text). */
export function markupText(s: string): string {
  return xmlAttr(visibleControls(s));
}
