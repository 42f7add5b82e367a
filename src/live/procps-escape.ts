/**
 * How procps-ng 4.0.2 makes text from /proc printable, byte for byte, so
 * `elfaudit pmap` prints what pmap prints. Checked against pmap 4.0.2 on
 * crafted command lines (every byte value, broken UTF-8, long arguments)
 * and file names (control characters, UTF-8, invalid bytes, `\012`).
 */

/** readproc.c MAX_BUFSZ: a command line is cut to this many bytes minus one. */
export const PROCPS_MAX_BUFSZ = 1024 * 64 * 2;

/**
 * Whether procps runs in a UTF-8 locale: it calls setlocale(LC_ALL, "") and
 * asks nl_langinfo(CODESET). Approximated from the environment (LC_ALL, then
 * LC_CTYPE, then LANG): a name that says UTF-8. A UTF-8 locale that is not
 * installed makes setlocale fail and procps fall back to C; that case is
 * not detected here.
 */
export function procpsUtf8Locale(env: NodeJS.ProcessEnv = process.env): boolean {
  const name = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /utf-?8/i.test(name);
}

/** escape.c UTF_tab: the length of the sequence a byte starts, or -1 when it cannot start one. */
function utfLength(b: number): number {
  if (b < 0x80) return 1;
  if (b < 0xc2) return -1;
  if (b < 0xe0) return 2;
  if (b < 0xf0) return 3;
  if (b < 0xf5) return 4;
  return -1;
}

/** escape.c esc_all (via ESC_tab): controls become '.', bytes >= 0x80 become '?'. */
function escAll(s: Buffer, from: number): void {
  for (let i = from; i < s.length; i++) {
    const b = s[i]!;
    if (b < 0x20 || b === 0x7f) s[i] = 0x2e;
    else if (b >= 0x80) s[i] = 0x3f;
  }
}

/**
 * escape.c esc_ctl: in a UTF-8 locale, control characters become '?' and
 * multi-byte sequences pass through unexamined (a control byte inside one
 * passes too); at the first byte that cannot start a sequence, or a
 * sequence cut short by the end, the rest of the string goes through
 * esc_all.
 */
function escCtl(s: Buffer): void {
  for (let i = 0; i < s.length; ) {
    const n = utfLength(s[i]!);
    if (n < 0 || i + n > s.length) {
      escAll(s, i);
      return;
    }
    if (s[i]! < 0x20 || s[i] === 0x7f) s[i] = 0x3f;
    i += n;
  }
}

/** escape.c escape_str: a copy cut to the buffer size, then made printable for the locale. */
export function escapeStr(src: Buffer, utf8: boolean, bufsize = PROCPS_MAX_BUFSZ): Buffer {
  const nul = src.indexOf(0);
  const text = nul < 0 ? src : src.subarray(0, nul);
  const out = Buffer.from(text.subarray(0, Math.min(text.length, bufsize - 1)));
  if (utf8) escCtl(out);
  else escAll(out, 0);
  return out;
}

/**
 * readproc.c read_unvectored: trailing NULs dropped, every other NUL and
 * newline made a space, and a space in the last byte read removed.
 */
function unvectored(raw: Buffer): Buffer {
  const n = Math.min(raw.length, PROCPS_MAX_BUFSZ - 1);
  const dst = Buffer.from(raw.subarray(0, n));
  let i = n;
  while (i > 0 && dst[i - 1] === 0) i--;
  for (let k = 0; k < i; k++) if (dst[k] === 0x0a || dst[k] === 0) dst[k] = 0x20;
  if (n > 0 && dst[n - 1] === 0x20) dst[n - 1] = 0;
  return dst;
}

/**
 * The command line procps shows (readproc.c fill_cmdline_cvt): the
 * arguments joined by spaces and escaped; without arguments (kernel
 * threads, zombies) `[comm]`, plus ` <defunct>` for a zombie; "?" if that
 * leaves nothing.
 */
export function procpsCommandLine(cmdline: Buffer, comm: Buffer, state: string, utf8: boolean): Buffer {
  let out: Buffer;
  if (Math.min(cmdline.length, PROCPS_MAX_BUFSZ - 1) > 0) {
    out = escapeStr(unvectored(cmdline), utf8);
  } else {
    // stat2proc escapes comm once; escape_command escapes it again (a no-op on escaped text).
    const name = escapeStr(escapeStr(comm, utf8), utf8);
    out = Buffer.concat([Buffer.from('['), name, Buffer.from(state === 'Z' ? '] <defunct>' : ']')]);
  }
  return out.length === 0 ? Buffer.from('?') : out;
}

/** pmap.c: every byte of a maps line that isprint() rejects becomes '?' (one per byte, in any locale). */
export function printableLine(line: Buffer): Buffer {
  const out = Buffer.from(line);
  for (let i = 0; i < out.length; i++) if (out[i]! < 0x20 || out[i]! > 0x7e) out[i] = 0x3f;
  return out;
}
