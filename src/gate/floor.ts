import type { CheckId } from '../hardening/types.js';
import type { Glob } from './glob.js';
import { array, at, boolean, globField, InputError, object, oneOf, string, type Json } from './json-input.js';

/**
 * The hardening floor: what every file must have, whatever it had before.
 * The gate's `hardening-floor` rule (policy `require`) and `elfaudit audit
 * --require` both judge the hardening engine's verdicts (src/hardening, as
 * the audit and the baseline record them) here, one property at a time.
 *
 * A requirement the verdict meets, or one that does not apply to the file
 * (`n/a`: a relocatable object has no RELRO), says nothing. A verdict below
 * it is a finding. A verdict that cannot be decided (`unknown`, `error`:
 * the canary of libc itself, the RELRO of a static musl program) is never a
 * silent pass: it comes back as `unknown` with the engine's reason.
 */

/** The floor's property names, as a policy and `--require` spell them. */
export const FLOOR_PROPERTIES = ['relro', 'canary', 'nx', 'pie', 'fortify', 'textrel', 'execstack', 'wx', 'rpath', 'runpath'] as const;
export type FloorProperty = (typeof FLOOR_PROPERTIES)[number];

/** The hardening engine's property each floor property reads. */
export const FLOOR_CHECK: Readonly<Record<FloorProperty, CheckId>> = {
  relro: 'relro',
  canary: 'canary',
  nx: 'nx',
  pie: 'pie',
  fortify: 'fortify',
  textrel: 'textrel',
  execstack: 'execstack',
  wx: 'wx-segments',
  rpath: 'rpath',
  runpath: 'runpath',
};

/**
 * What a floor requires of each property it names: relro `full` or
 * `partial`; canary, nx, pie, fortify `true` (fortify: at least one call
 * fortified, as Debian's hardening-check asks); textrel, execstack, wx
 * `false` (none of it); rpath, runpath `false` (no entry) or `safe` (no
 * relative or empty entry).
 */
export interface FloorRequirements {
  readonly relro?: 'full' | 'partial';
  readonly canary?: true;
  readonly nx?: true;
  readonly pie?: true;
  readonly fortify?: true;
  readonly textrel?: false;
  readonly execstack?: false;
  readonly wx?: false;
  readonly rpath?: false | 'safe';
  readonly runpath?: false | 'safe';
}

/** A per-path exception to the floor: the properties it sets aside (all when undefined), and why. */
export interface FloorException {
  readonly glob: Glob;
  readonly properties: readonly FloorProperty[] | undefined;
  readonly reason: string;
}

export interface Floor {
  readonly requirements: FloorRequirements;
  readonly exceptions: readonly FloorException[];
}

export const EMPTY_FLOOR: Floor = Object.freeze({ requirements: {}, exceptions: [] });

/** The properties a floor names, in FLOOR_PROPERTIES order. */
export function floorProperties(f: Floor): FloorProperty[] {
  return FLOOR_PROPERTIES.filter((p) => f.requirements[p] !== undefined);
}

/** What the floor requires of P, in words: `relro=full`, `canary`, `no textrel`, `rpath=safe`. */
export function requirementText(p: FloorProperty, v: FloorRequirements[FloorProperty]): string {
  if (v === true) return p;
  if (v === false) return `no ${p}`;
  return `${p}=${String(v)}`;
}

/** The floor as `--require` spells it (also how reports name the policy's floor). */
export function floorText(f: Floor): string {
  return floorProperties(f)
    .map((p) => requirementText(p, f.requirements[p]))
    .join(', ');
}

/** One verdict as the floor reads it: the audit's Check and the baseline's CheckRecord both fit. */
export interface FloorVerdict {
  readonly verdict: string;
  readonly ok: boolean | null;
  readonly summary: string;
}

export type FloorStatus = 'met' | 'below' | 'unknown' | 'n/a';

export interface FloorOutcome {
  readonly property: FloorProperty;
  readonly status: FloorStatus;
  /** What the floor asks, in words (`relro=full`). */
  readonly required: string;
  /** The engine's verdict (`partial`), or `missing` when the file has no verdict for it. */
  readonly actual: string;
  /** One sentence: the requirement, the verdict and the engine's summary. */
  readonly message: string;
}

const UNDECIDED = new Set(['unknown', 'error']);

function judge(p: FloorProperty, want: NonNullable<FloorRequirements[FloorProperty]>, v: FloorVerdict): FloorStatus {
  const w = v.verdict;
  if (w === 'n/a') return 'n/a';
  if (UNDECIDED.has(w)) return 'unknown';
  switch (p) {
    case 'relro':
      return w === 'full' || (want === 'partial' && w === 'partial') ? 'met' : 'below';
    case 'canary':
      return w === 'yes' ? 'met' : 'below';
    case 'nx':
      // kernel-dependent: no PT_GNU_STACK on x86-64, where kernels before 5.8 map data executable
      return w === 'yes' ? 'met' : 'below';
    case 'pie':
      if (w === 'relocatable') return 'n/a';
      return w === 'pie' || w === 'static-pie' || w === 'shared-object' ? 'met' : 'below';
    case 'fortify':
      return w === 'yes' || w === 'partial' ? 'met' : 'below';
    case 'textrel':
      return w === 'no' ? 'met' : 'below';
    case 'execstack':
      // default: no PT_GNU_STACK, and the architecture decides (ok null where that depends on the kernel)
      if (w === 'default') return v.ok === true ? 'met' : v.ok === false ? 'below' : 'unknown';
      return w === 'no' ? 'met' : 'below';
    case 'wx':
      return w === 'none' ? 'met' : 'below';
    case 'rpath':
    case 'runpath':
      return w === 'none' || (want === 'safe' && w === 'safe') ? 'met' : 'below';
  }
}

/**
 * Judges one file's verdicts against FLOOR: an outcome per required
 * property, in FLOOR_PROPERTIES order. VERDICT returns the engine's
 * verdict for a property, or undefined when the file has none (judged
 * unknown: it is not a pass).
 */
export function judgeFloor(floor: Floor, verdict: (id: CheckId) => FloorVerdict | undefined): FloorOutcome[] {
  const out: FloorOutcome[] = [];
  for (const p of floorProperties(floor)) {
    const want = floor.requirements[p]!;
    const required = requirementText(p, want);
    const v = verdict(FLOOR_CHECK[p]);
    if (v === undefined) {
      out.push({ property: p, status: 'unknown', required, actual: 'missing', message: `${p}: the floor requires ${required}, and the file has no ${p} verdict to judge` });
      continue;
    }
    const status = judge(p, want, v);
    const summary = v.summary === '' ? '' : `: ${v.summary}`;
    const message =
      status === 'below'
        ? `${p}: ${v.verdict}, below the floor (${required})${summary}`
        : status === 'unknown'
          ? `${p}: ${v.verdict}, so the floor (${required}) is not known to hold${summary}`
          : `${p}: ${v.verdict}, meets the floor (${required})${summary}`;
    out.push({ property: p, status, required, actual: v.verdict, message });
  }
  return out;
}

/** The exception that sets P aside for PATH, if any. */
export function floorExceptionFor(floor: Floor, path: string, p: FloorProperty): FloorException | undefined {
  return floor.exceptions.find((e) => (e.properties === undefined || e.properties.includes(p)) && e.glob.matches(path));
}

function requirement(p: FloorProperty, v: Json, where: string): FloorRequirements[FloorProperty] | undefined {
  switch (p) {
    case 'relro':
      return oneOf(v, where, ['full', 'partial'] as const);
    case 'canary':
    case 'nx':
    case 'pie':
    case 'fortify':
      // false asks for nothing: the property is not part of the floor
      return boolean(v, where) ? true : undefined;
    case 'textrel':
    case 'execstack':
    case 'wx':
      return boolean(v, where) ? undefined : false;
    case 'rpath':
    case 'runpath':
      if (v === 'safe') return 'safe';
      if (typeof v === 'string') throw new InputError(where, `expected false (no entries) or "safe" (no relative or empty entries), got ${JSON.stringify(v)}`);
      return boolean(v, where) ? undefined : false;
  }
}

/**
 * A policy's `require` object: `{"relro":"full","canary":true,…,"exceptions":[{"path":GLOB,"properties":[…],"reason":…}]}`.
 * Throws InputError naming the first problem.
 */
export function parseFloor(v: Json, where: string): Floor {
  const o = object(v, where, [...FLOOR_PROPERTIES, 'exceptions']);
  const req: Record<string, unknown> = {};
  for (const p of FLOOR_PROPERTIES) {
    if (o[p] === undefined) continue;
    const r = requirement(p, o[p], at(where, p));
    if (r !== undefined) req[p] = r;
  }
  const exceptions: FloorException[] = [];
  if (o.exceptions !== undefined) {
    array(o.exceptions, at(where, 'exceptions')).forEach((item, i) => {
      const w = at(at(where, 'exceptions'), i);
      const e = object(item, w, ['path', 'properties', 'reason'], ['path', 'reason']);
      const glob = globField(e.path, at(w, 'path'));
      let properties: FloorProperty[] | undefined;
      if (e.properties !== undefined) {
        properties = array(e.properties, at(w, 'properties')).map((x, j) => oneOf(x, at(at(w, 'properties'), j), FLOOR_PROPERTIES));
        if (properties.length === 0) throw new InputError(at(w, 'properties'), 'list at least one property, or leave `properties` out to set the whole floor aside for these paths');
      }
      exceptions.push({ glob, properties, reason: string(e.reason, at(w, 'reason'), true) });
    });
  }
  return { requirements: req as FloorRequirements, exceptions };
}

/**
 * `--require relro=full,canary,nx,pie,fortify,textrel,execstack,wx,rpath=safe`:
 * naming a property requires its hardening (for textrel, execstack, wx,
 * rpath and runpath: none of it); `relro` alone means full. Throws Error
 * with a one-line message for anything else.
 */
export function parseRequireSpec(spec: string): Floor {
  const req: Record<string, unknown> = {};
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? undefined : item.slice(eq + 1);
    if (!(FLOOR_PROPERTIES as readonly string[]).includes(name)) {
      throw new Error(`--require: unknown property '${name}' (expected ${FLOOR_PROPERTIES.join(', ')})`);
    }
    const p = name as FloorProperty;
    const allowed: Record<FloorProperty, readonly string[]> = {
      relro: ['full', 'partial'],
      canary: [],
      nx: [],
      pie: [],
      fortify: [],
      textrel: [],
      execstack: [],
      wx: [],
      rpath: ['safe'],
      runpath: ['safe'],
    };
    if (value !== undefined && !allowed[p].includes(value)) {
      const choices = allowed[p].length === 0 ? 'no value' : allowed[p].join(' or ');
      throw new Error(`--require: ${p}=${value}: expected ${choices}`);
    }
    if (p === 'relro') req[p] = value ?? 'full';
    else if (p === 'rpath' || p === 'runpath') req[p] = value === 'safe' ? 'safe' : false;
    else if (p === 'textrel' || p === 'execstack' || p === 'wx') req[p] = false;
    else req[p] = true;
  }
  if (Object.keys(req).length === 0) throw new Error('--require: name at least one property');
  return { requirements: req as FloorRequirements, exceptions: [] };
}
