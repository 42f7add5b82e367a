/**
 * The policy's path globs, matched against a file's path relative to its
 * build root (`/`-separated, no leading `./`). A small matcher, no
 * dependency:
 *
 * - `*` matches any run of characters within one path segment (not `/`);
 * - `?` matches one character other than `/`;
 * - `**` as a whole segment matches any number of segments, none included:
 *   `**` alone matches every path, `lib/**` everything under lib/ (and lib
 *   itself), `**` + `/test/*.so` a `test` directory at any depth;
 *   elsewhere (`a**b`) it is two `*`;
 * - `\` takes the next character literally (`\*` is a star; a trailing
 *   backslash is itself);
 * - everything else, `[`, `{` and `.` included, is literal: there are no
 *   character classes and no braces; `*` and `?` match dot files too.
 *
 * The whole path must match. A leading `./` or `/` in the pattern is
 * ignored, so `./bin/*` and `bin/*` mean the same.
 */

export class GlobError extends Error {
  override readonly name = 'GlobError';
}

export interface Glob {
  readonly pattern: string;
  matches(path: string): boolean;
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** Compiles PATTERN; throws GlobError for a pattern that cannot match anything sensible. */
export function compileGlob(pattern: string): Glob {
  if (pattern === '') throw new GlobError('an empty pattern matches no path');
  let p = pattern;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.startsWith('/')) p = p.slice(1);
  if (p === '') throw new GlobError(`'${pattern}' names the root itself, not a file under it`);
  const segments = splitSegments(p);
  let re = '';
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '**') {
      // zero or more whole segments, each followed by '/' unless it ends the path
      re += last ? '.*' : '(?:[^/]*/)*';
      return;
    }
    re += segmentRegex(seg) + (last ? '' : '/');
  });
  // 'lib/**' also matches 'lib' itself
  const compiled = segments.length > 1 && segments[segments.length - 1] === '**'
    ? new RegExp(`^(?:${re}|${re.slice(0, -('/.*'.length))})$`, 's')
    : new RegExp(`^${re}$`, 's');
  return { pattern, matches: (path: string) => compiled.test(path) };
}

/** Splits on unescaped '/', keeping escapes in the segments. */
function splitSegments(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && i + 1 < p.length) {
      cur += c + p[i + 1];
      i++;
    } else if (c === '/') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function segmentRegex(seg: string): string {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) {
      re += seg[i + 1]!.replace(SPECIAL, '\\$&');
      i++;
    } else if (c === '*') {
      re += '[^/]*';
      while (seg[i + 1] === '*') i++; // '**' inside a segment is one '*'
    } else if (c === '?') re += '[^/]';
    else re += c.replace(SPECIAL, '\\$&');
  }
  return re;
}
