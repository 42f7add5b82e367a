/**
 * print_symbol (readelf.c l.624) as GNU readelf 2.40 runs it in the C
 * locale with the default --unicode mode and no demangling: returns the
 * text instead of printing it. Input and output are byte strings (one char
 * per byte); `symbol` ends at its first NUL, as a C string does. GNU's
 * return value (the characters it counted) is the length of the text: every
 * byte printed counts one.
 *
 * - `width` > 0: at most `width` columns unless `wide`; a name longer than
 *   `width` bytes keeps `width - 5` columns and gets `[...]`.
 * - `width` < 0: the same with -width, then padded with spaces to -width.
 * - `width` == 0: nothing at all.
 * - Printable ASCII is copied; control bytes and DEL (libiberty's ISCNTRL)
 *   become `^` + (byte + 0x40) (DEL gives `^` and the byte 0xbf), two
 *   columns, and end the name when fewer than two columns remain; any other
 *   byte is copied as is, one column (the C locale's mbrtowc never joins
 *   bytes into one character).
 */
export function printSymbol(width: number, symbol: string, wide: boolean): string {
  let padding = false;
  if (width < 0) {
    width = -width;
    padding = true;
  } else if (width === 0) {
    return '';
  }
  const nul = symbol.indexOf('\0');
  const s = nul < 0 ? symbol : symbol.slice(0, nul);
  let remaining: number;
  let dots = false;
  if (wide) {
    remaining = INT_MAX;
  } else {
    remaining = width;
    if (s.length > width) {
      remaining = Math.max(0, remaining - 5);
      dots = true;
    }
  }
  let out: string;
  if (s.length <= remaining && PLAIN.test(s)) {
    // Nearly every name: printable and short enough to print whole.
    out = s;
  } else {
    out = '';
    for (let i = 0; i < s.length && remaining > 0; i++) {
      const c = s.charCodeAt(i) & 0xff;
      if (c >= 0x20 && c < 0x7f) {
        out += s[i];
        remaining--;
      } else if (c < 0x20 || c === 0x7f) {
        if (remaining < 2) break;
        out += '^' + String.fromCharCode((c + 0x40) & 0xff);
        remaining -= 2;
      } else {
        out += String.fromCharCode(c);
        remaining--;
      }
    }
  }
  if (dots) out += '[...]';
  if (padding && out.length < width) out += ' '.repeat(width - out.length);
  return out;
}

/** print_symbol's budget under -W. */
const INT_MAX = 0x7fffffff;
const PLAIN = /^[\x20-\x7e]*$/;
