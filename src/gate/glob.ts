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

/** The longest pattern accepted: a policy names paths, and a longer pattern is a mistake or an attack. */
export const MAX_PATTERN = 1024;

type Token = { readonly kind: 'star' } | { readonly kind: 'one' } | { readonly kind: 'char'; readonly c: string };
type Segment = { readonly kind: 'any-depth' } | { readonly kind: 'name'; readonly tokens: readonly Token[] };

/** Compiles PATTERN; throws GlobError for a pattern that cannot match anything sensible. */
export function compileGlob(pattern: string): Glob {
  if (pattern === '') throw new GlobError('an empty pattern matches no path');
  if (pattern.length > MAX_PATTERN) throw new GlobError(`a pattern of ${pattern.length} characters is longer than the ${MAX_PATTERN} allowed`);
  let p = pattern;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.startsWith('/')) p = p.slice(1);
  if (p === '') throw new GlobError(`'${pattern}' names the root itself, not a file under it`);
  const segments: Segment[] = splitSegments(p).map((seg) => (seg === '**' ? { kind: 'any-depth' } : { kind: 'name', tokens: tokens(seg) }));
  return { pattern, matches: (path: string) => matchSegments(segments, path.split('/')) };
}

/**
 * Wildcard matching without backtracking blow-up: the two-pointer
 * algorithm, which on a mismatch goes back only to the last star and lets
 * it take one more item. It is used twice: on the characters of a segment
 * (`*` the star) and on the segments of the path (`**` the star), so a
 * match costs at most path × pattern steps at each level — the regular
 * expression it replaces took more than 10 s for `*a*a*a*a*a*a*a*a*a*a*a*ab`
 * on a 40-character name.
 */
function wildcard<P, T>(pattern: readonly P[], items: readonly T[], isStar: (p: P) => boolean, one: (p: P, t: T) => boolean): boolean {
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < items.length) {
    const pp = pattern[pi];
    if (pp !== undefined && isStar(pp)) {
      star = pi++;
      mark = ti;
    } else if (pp !== undefined && one(pp, items[ti]!)) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < pattern.length && isStar(pattern[pi]!)) pi++;
  return pi === pattern.length;
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  return wildcard(
    segments,
    parts,
    (s) => s.kind === 'any-depth',
    (s, part) => s.kind === 'name' && matchName(s.tokens, part),
  );
}

function matchName(toks: readonly Token[], name: string): boolean {
  return wildcard(
    toks,
    name.split(''),
    (t) => t.kind === 'star',
    (t, c) => t.kind === 'one' || (t.kind === 'char' && t.c === c),
  );
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

function tokens(seg: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) out.push({ kind: 'char', c: seg[++i]! });
    else if (c === '*') {
      out.push({ kind: 'star' });
      while (seg[i + 1] === '*') i++; // '**' inside a segment is one '*'
    } else if (c === '?') out.push({ kind: 'one' });
    else out.push({ kind: 'char', c });
  }
  return out;
}
