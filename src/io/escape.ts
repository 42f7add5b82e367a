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

/** Control characters in a decoded string made visible (`\n`, `\x1b`, `\u202e`). */
export function visibleControls(s: string): string {
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
