import { compileGlob, type Glob } from './glob.js';
import { array, at, globField, InputError, integer, object, oneOf, string, type Json } from './json-input.js';
import { EMPTY_FLOOR, parseFloor, type Floor } from './floor.js';
import { LEVELS, RULE_IDS, RULES, type Level, type RuleId } from './rules.js';

/**
 * What the gate enforces. A policy file (JSON, schema 1) overrides the
 * defaults rule by rule and lists paths to ignore:
 *
 * ```json
 * {
 *   "schema": 1,
 *   "rules": {
 *     "memory-growth": { "level": "error", "pages": 1, "pageSize": 16384, "metrics": ["dirtyPages"] },
 *     "segment-flags-changed": "warning",
 *     "file-removed": "error"
 *   },
 *   "require": {
 *     "relro": "full", "canary": true, "nx": true, "pie": true,
 *     "exceptions": [{ "path": "lib/libc.so*", "properties": ["canary"], "reason": "libc defines __stack_chk_fail" }]
 *   },
 *   "ignore": [
 *     { "path": "test/fixtures/**", "reason": "crafted inputs for the parser tests; never shipped" },
 *     { "path": "lib/libvendor.so*", "rules": ["relro-downgrade"], "reason": "vendor blob, ticket OPS-12" }
 *   ]
 * }
 * ```
 *
 * A rule's value is a level (`error` fails the gate; `warning` and `note`
 * are reported and allowed; `off` is not checked) or an object with
 * `level` and, for memory-growth, its thresholds. An ignore entry without
 * `rules` takes the path out of the gate altogether (never read, never in
 * a baseline made with this policy); with `rules`, only those rules'
 * findings for it are set aside. Either way the reason is printed next to
 * what was ignored. `require` is the hardening floor every file must meet
 * (rule hardening-floor; src/gate/floor.ts), with per-path exceptions.
 */

export const POLICY_SCHEMA = 1;

export type GrowthMetric = 'mappedPages' | 'dirtyPages';
export const GROWTH_METRICS: readonly GrowthMetric[] = ['mappedPages', 'dirtyPages'];

export interface MemoryGrowthPolicy {
  /** Growth above this many pages (per metric) is a finding. */
  readonly pages: number;
  /** The runtime page size the model is evaluated at. */
  readonly pageSize: number;
  readonly metrics: readonly GrowthMetric[];
}

export interface IgnoreEntry {
  readonly glob: Glob;
  readonly reason: string;
  /** Set: only findings about exported symbols whose name matches (symbol-removed, symbol-added), as abidiff's suppressions. */
  readonly symbol?: Glob | undefined;
  /** Undefined: every rule, and the path is not read at all. */
  readonly rules: readonly RuleId[] | undefined;
}

export interface Policy {
  /** Where it came from: a file name, or undefined for the defaults. */
  readonly source: string | undefined;
  readonly levels: Readonly<Record<RuleId, Level>>;
  readonly memoryGrowth: MemoryGrowthPolicy;
  readonly ignore: readonly IgnoreEntry[];
  /** The hardening floor (`require`): empty when the policy names none. */
  readonly floor: Floor;
  /** The ABI rules' settings; undefined: the defaults (DEFAULT_ABI_POLICY). */
  readonly abi?: AbiPolicy;
}

export interface AbiPolicy {
  /** `2.31`: a need past this glibc version is an error, whatever glibc-version-raised's level. */
  readonly maxGlibc: string | undefined;
  /** section-grew reports a section that grew by more than this percentage of its old size. */
  readonly sectionPercent: number;
}

export const DEFAULT_ABI_POLICY: AbiPolicy = { maxGlibc: undefined, sectionPercent: 10 };

export const DEFAULT_MEMORY_GROWTH: MemoryGrowthPolicy = { pages: 0, pageSize: 4096, metrics: GROWTH_METRICS };

export function defaultLevels(): Record<RuleId, Level> {
  return Object.fromEntries(RULES.map((r) => [r.id, r.defaultLevel])) as Record<RuleId, Level>;
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  source: undefined,
  levels: Object.freeze(defaultLevels()),
  memoryGrowth: DEFAULT_MEMORY_GROWTH,
  ignore: [],
  floor: EMPTY_FLOOR,
});

/** Page sizes the gate accepts: powers of two from 4 KiB (the smallest Linux page; baselines keep relocation pages at that grain) to 1 GiB. */
export function checkPageSize(n: number, where: string): number {
  if (!Number.isSafeInteger(n) || n < 4096 || n > 1 << 30 || (n & (n - 1)) !== 0) {
    throw new InputError(where, `${n} is not a page size: expected a power of two from 4096 to 1073741824`);
  }
  return n;
}

/** Validates a parsed policy document. Throws InputError naming the first problem. */
export function parsePolicy(doc: Json, source: string | undefined): Policy {
  const root = object(doc, '', ['schema', 'rules', 'ignore', 'require', 'description'], ['schema']);
  if (root.schema !== POLICY_SCHEMA) {
    throw new InputError('schema', `unsupported policy schema ${JSON.stringify(root.schema)} (this elfaudit reads schema ${POLICY_SCHEMA})`);
  }
  if (root.description !== undefined) string(root.description, 'description');
  const levels = defaultLevels();
  let memoryGrowth = DEFAULT_MEMORY_GROWTH;
  let abi = DEFAULT_ABI_POLICY;
  if (root.rules !== undefined) {
    const rules = object(root.rules, 'rules', RULE_IDS);
    for (const [id, value] of Object.entries(rules) as [RuleId, Json][]) {
      const where = at('rules', id);
      if (typeof value === 'string') {
        levels[id] = oneOf(value, where, LEVELS);
        continue;
      }
      const allowed = id === 'memory-growth' ? ['level', 'pages', 'pageSize', 'metrics'] : id === 'glibc-version-raised' ? ['level', 'maxGlibc'] : id === 'section-grew' ? ['level', 'percent'] : ['level'];
      const o = object(value, where, allowed);
      if (o.level !== undefined) levels[id] = oneOf(o.level, at(where, 'level'), LEVELS);
      if (o.maxGlibc !== undefined) {
        const v = string(o.maxGlibc, at(where, 'maxGlibc'), true);
        if (!/^\d+(\.\d+)*$/.test(v)) throw new InputError(at(where, 'maxGlibc'), `expected a glibc version such as "2.31", found ${JSON.stringify(v)}`);
        abi = { ...abi, maxGlibc: v };
      }
      if (o.percent !== undefined) abi = { ...abi, sectionPercent: integer(o.percent, at(where, 'percent')) };
      if (id === 'memory-growth') {
        const metrics =
          o.metrics === undefined
            ? DEFAULT_MEMORY_GROWTH.metrics
            : array(o.metrics, at(where, 'metrics')).map((m, i) => oneOf(m, at(at(where, 'metrics'), i), GROWTH_METRICS));
        if (metrics.length === 0) throw new InputError(at(where, 'metrics'), `list at least one of ${GROWTH_METRICS.join(', ')} (or set the level to "off")`);
        memoryGrowth = {
          pages: o.pages === undefined ? DEFAULT_MEMORY_GROWTH.pages : integer(o.pages, at(where, 'pages')),
          pageSize: o.pageSize === undefined ? DEFAULT_MEMORY_GROWTH.pageSize : checkPageSize(integer(o.pageSize, at(where, 'pageSize'), 1), at(where, 'pageSize')),
          metrics: [...new Set(metrics)],
        };
      }
    }
  }
  const ignore: IgnoreEntry[] = [];
  if (root.ignore !== undefined) {
    array(root.ignore, 'ignore').forEach((item, i) => {
      const where = at('ignore', i);
      const o = object(item, where, ['path', 'symbol', 'reason', 'rules'], ['reason']);
      if (o.path === undefined && o.symbol === undefined) throw new InputError(where, 'give a `path` glob, a `symbol` glob, or both');
      const glob = o.path === undefined ? compileGlob('**') : globField(o.path, at(where, 'path'));
      const symbol = o.symbol === undefined ? undefined : globField(o.symbol, at(where, 'symbol'));
      const reason = string(o.reason, at(where, 'reason'), true);
      let rules: RuleId[] | undefined;
      if (o.rules !== undefined) {
        rules = array(o.rules, at(where, 'rules')).map((r, j) => oneOf(r, at(at(where, 'rules'), j), RULE_IDS));
        if (rules.length === 0) throw new InputError(at(where, 'rules'), 'list at least one rule, or leave `rules` out to ignore the path entirely');
      }
      ignore.push({ glob, reason, rules, ...(symbol !== undefined && { symbol }) });
    });
  }
  const floor = root.require === undefined ? EMPTY_FLOOR : parseFloor(root.require, 'require');
  return { source, levels, memoryGrowth, ignore, floor, abi };
}

/** The entry that takes PATH out of the gate entirely, if any. */
export function excludedBy(policy: Policy, path: string): IgnoreEntry | undefined {
  return policy.ignore.find((e) => e.rules === undefined && e.symbol === undefined && e.glob.matches(path));
}

/** The entry that sets aside RULE's findings for PATH (about exported SYMBOL, when the finding is about one), if any. */
export function ignoredBy(policy: Policy, path: string, rule: RuleId, symbol?: string): IgnoreEntry | undefined {
  return policy.ignore.find(
    (e) => (e.rules === undefined || e.rules.includes(rule)) && e.glob.matches(path) && (e.symbol === undefined || (symbol !== undefined && e.symbol.matches(symbol))),
  );
}
