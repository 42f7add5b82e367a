/**
 * A small JSON Schema validator for the keywords the SARIF 2.1.0 schema
 * uses (type, properties, additionalProperties, required, items, minItems,
 * uniqueItems, enum, $ref into #/definitions, minimum, maximum, pattern,
 * format uri/uri-reference/date-time/uuid, anyOf, oneOf). It refuses a
 * schema that uses any other keyword rather than ignore it, so "valid"
 * never means "checked less than the schema says". Test-only; no dependency.
 */

type Schema = { readonly [k: string]: unknown };

const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'definitions', 'id', '$id']);
const KEYWORDS = new Set([
  'type', 'properties', 'additionalProperties', 'required', 'items', 'minItems', 'uniqueItems', 'enum', '$ref',
  'minimum', 'maximum', 'pattern', 'format', 'anyOf', 'oneOf',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const FORMATS: Record<string, (s: string) => boolean> = {
  // RFC 3986 absolute URI: a scheme, then anything without spaces
  uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s),
  'uri-reference': (s) => !/[\s]/.test(s),
  'date-time': (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s),
  uuid: (s) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s),
};

export class SchemaValidator {
  constructor(private readonly root: Schema) {
    this.checkKeywords(root, '#');
  }

  /** Every keyword of every subschema must be one this validator implements. */
  private checkKeywords(s: unknown, where: string): void {
    if (typeof s !== 'object' || s === null) return;
    for (const [k, v] of Object.entries(s)) {
      if (!ANNOTATIONS.has(k) && !KEYWORDS.has(k)) throw new Error(`${where}: keyword '${k}' is not implemented by this validator`);
      if (k === 'format' && !(String(v) in FORMATS)) throw new Error(`${where}: format '${String(v)}' is not implemented`);
      if (k === 'properties' || k === 'definitions') for (const [n, sub] of Object.entries(v as object)) this.checkKeywords(sub, `${where}/${k}/${n}`);
      else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) this.checkKeywords(v, `${where}/${k}`);
      else if (k === 'anyOf' || k === 'oneOf') (v as unknown[]).forEach((sub, i) => this.checkKeywords(sub, `${where}/${k}/${i}`));
    }
  }

  private resolve(ref: string): Schema {
    const m = /^#\/definitions\/([^/]+)$/.exec(ref);
    const def = m === null ? undefined : (this.root.definitions as Record<string, Schema> | undefined)?.[m[1]!];
    if (def === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return def;
  }

  /** The problems found, each `path: what` (empty when valid). */
  validate(value: unknown): string[] {
    const errors: string[] = [];
    this.check(this.root, value, '$', errors);
    return errors;
  }

  private check(s: Schema, v: unknown, path: string, errors: string[]): void {
    if (typeof s.$ref === 'string') {
      this.check(this.resolve(s.$ref), v, path, errors);
      return;
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(v, t))) {
        errors.push(`${path}: expected ${types.join(' or ')}, found ${typeOf(v)}`);
        return;
      }
    }
    if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${path}: ${v} < minimum ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${path}: ${v} > maximum ${s.maximum}`);
    }
    if (typeof v === 'string') {
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errors.push(`${path}: ${JSON.stringify(v)} does not match ${s.pattern}`);
      if (typeof s.format === 'string' && !FORMATS[s.format]!(v)) errors.push(`${path}: ${JSON.stringify(v)} is not a ${s.format}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) errors.push(`${path}: ${v.length} items < minItems ${s.minItems}`);
      if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) errors.push(`${path}: items are not unique`);
      if (s.items !== undefined) v.forEach((x, i) => this.check(s.items as Schema, x, `${path}[${i}]`, errors));
    }
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) if (!(r in o)) errors.push(`${path}: missing required property '${r}'`);
      for (const [k, x] of Object.entries(o)) {
        if (k in props) this.check(props[k]!, x, `${path}.${k}`, errors);
        else if (s.additionalProperties === false) errors.push(`${path}: property '${k}' is not allowed`);
        else if (typeof s.additionalProperties === 'object') this.check(s.additionalProperties as Schema, x, `${path}.${k}`, errors);
      }
    }
    for (const [kw, need] of [
      ['anyOf', (n: number) => n >= 1],
      ['oneOf', (n: number) => n === 1],
    ] as const) {
      const list = s[kw] as Schema[] | undefined;
      if (list === undefined) continue;
      const passing = list.filter((sub) => {
        const e: string[] = [];
        this.check(sub, v, path, e);
        return e.length === 0;
      }).length;
      if (!need(passing)) errors.push(`${path}: ${passing} of the ${kw} alternatives match`);
    }
  }
}
