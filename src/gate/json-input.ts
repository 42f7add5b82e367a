import { compileGlob, GlobError, type Glob } from './glob.js';

/**
 * Reading JSON documents that people write (policies) or that elfaudit
 * wrote earlier and a repository keeps (baselines): every problem is one
 * InputError naming where in the document it is (`rules.memory-growth.pages`,
 * `files[3].sha256`), so the CLI prints one clear line.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** Where in the document: `files[3].sha256`; empty for the document itself. */
    readonly where: string,
    readonly problem: string,
  ) {
    super(where === '' ? problem : `${where}: ${problem}`);
  }

  /** The same place as an RFC 6901 JSON pointer (`/files/3/sha256`; empty for the document itself). */
  get pointer(): string {
    return jsonPointer(this.where);
  }
}

/**
 * `files[3].sha256` as `/files/3/sha256`. Keys holding `.`, `[` or `\\` are
 * written by `at` with a backslash before those characters, so a hostile key
 * such as `a.b` stays one token.
 */
export function jsonPointer(where: string): string {
  const tokens: string[] = [];
  let cur = '';
  let open = false;
  const flush = () => {
    if (open) tokens.push(cur);
    cur = '';
    open = false;
  };
  for (let i = 0; i < where.length; i++) {
    const c = where[i]!;
    if (c === '\\' && i + 1 < where.length) {
      cur += where[++i];
      open = true;
    } else if (c === '.') {
      flush();
      open = true; // a key follows, possibly an empty one
    }
    else if (c === '[') {
      flush();
      const close = where.indexOf(']', i);
      tokens.push(where.slice(i + 1, close));
      i = close;
    } else {
      cur += c;
      open = true;
    }
  }
  flush();
  return tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };
export type JsonObject = { readonly [k: string]: Json };

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export function at(where: string, key: string | number): string {
  if (typeof key === 'number') return `${where}[${key}]`;
  const k = key.replace(/[\\.[]/g, '\\$&');
  return where === '' ? k : `${where}.${k}`;
}

/** An object whose keys are all among ALLOWED and that has every one of REQUIRED. */
export function object(v: unknown, where: string, allowed: readonly string[], required: readonly string[] = []): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(where, `expected an object, found ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new InputError(at(where, k), `unknown key (allowed: ${allowed.join(', ')})`);
  }
  for (const k of required) {
    if (!(k in v)) throw new InputError(at(where, k), 'missing');
  }
  return v as JsonObject;
}

export function array(v: unknown, where: string): readonly Json[] {
  if (!Array.isArray(v)) throw new InputError(where, `expected an array, found ${describe(v)}`);
  return v as Json[];
}

export function string(v: unknown, where: string, nonEmpty = false): string {
  if (typeof v !== 'string') throw new InputError(where, `expected a string, found ${describe(v)}`);
  if (nonEmpty && v.trim() === '') throw new InputError(where, 'must not be empty');
  return v;
}

export function boolean(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') throw new InputError(where, `expected true or false, found ${describe(v)}`);
  return v;
}

export function integer(v: unknown, where: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InputError(where, `expected an integer, found ${describe(v)}`);
  if (v < min) throw new InputError(where, `expected an integer of at least ${min}, found ${v}`);
  return v;
}

/** A `0x…` hex string (how JSON carries 64-bit values) as a bigint. */
export function hexBig(v: unknown, where: string): bigint {
  if (typeof v !== 'string' || !/^0x[0-9a-f]{1,16}$/.test(v)) throw new InputError(where, `expected a hex string such as "0x1000", found ${describe(v)}`);
  return BigInt(v);
}

export function oneOf<T extends string>(v: unknown, where: string, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new InputError(where, `expected one of ${choices.join(', ')}, found ${describe(v)}`);
  }
  return v as T;
}

/** A path glob (src/gate/glob.ts) written in a document, compiled; a bad pattern is an InputError at WHERE. */
export function globField(v: unknown, where: string): Glob {
  const pattern = string(v, where, true);
  try {
    return compileGlob(pattern);
  } catch (e) {
    if (e instanceof GlobError) throw new InputError(where, e.message);
    throw e;
  }
}
