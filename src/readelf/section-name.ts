/** readelf prints at most this many characters of a section name. */
const MAX_PRINT_SEC_NAME_LEN = 256;
const HEX = '0123456789ABCDEF';
/** Names the loop below would copy unchanged: printable ASCII, at most 256 characters. */
const PLAIN = /^[\x20-\x7e]{0,256}$/;

/**
 * printable_section_name: control bytes become `^` + (byte + 0x40) (so DEL
 * becomes `^` followed by the raw byte 0xbf, as C's char arithmetic does),
 * printable ASCII stays, anything else becomes `<XX>`; the result is cut at
 * 256 characters without splitting an escape. Input and output are byte
 * strings (one char per byte).
 */
export function printableSectionName(name: Buffer | string): string {
  // Nearly every name is plain printable ASCII within the limit: it prints as is.
  if (typeof name === 'string' && PLAIN.test(name)) return name;
  let out = '';
  let remaining = MAX_PRINT_SEC_NAME_LEN;
  const n = name.length;
  for (let i = 0; i < n; i++) {
    const c = typeof name === 'string' ? name.charCodeAt(i) & 0xff : name[i]!;
    if (c === 0) break;
    if (c < 0x20 || c === 0x7f) {
      if (remaining < 2) break;
      out += '^' + String.fromCharCode((c + 0x40) & 0xff);
      remaining -= 2;
    } else if (c < 0x7f) {
      out += String.fromCharCode(c);
      remaining -= 1;
    } else {
      if (remaining < 4) break;
      out += '<' + HEX[c >> 4] + HEX[c & 0xf] + '>';
      remaining -= 4;
    }
    if (remaining === 0) break;
  }
  return out;
}
