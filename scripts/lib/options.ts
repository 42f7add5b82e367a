// scripts/lib/options.ts - the `--name VALUE` / `--name=VALUE` options the
// scripts take, typed by their defaults: a number option takes digits only,
// a boolean one is a switch, anything else is a string.

/** Prints `NAME: MSG` (when there is one) and `usage: SYNOPSIS` to stderr, and exits 2. */
export function usageError(name: string, synopsis: string, msg?: string): never {
  if (msg) process.stderr.write(`${name}: ${msg}\n`);
  process.stderr.write(`usage: ${synopsis}\n`);
  process.exit(2);
}

type Values = Record<string, number | string | boolean>;

/**
 * `argv` read against `defaults` (returned as a new object of the same
 * shape). `-h`, `--help`, an unknown option, a missing value or a number
 * that is not digits call `usage`, which does not return.
 */
export function parseOptions<T extends Values>(argv: readonly string[], defaults: T, usage: (msg?: string) => never): T {
  const opts: Values = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i] ?? '';
    let v: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const key = a.replace(/^--/, '');
    if (a === '-h' || a === '--help') usage();
    if (!Object.hasOwn(opts, key) || !a.startsWith('--')) usage(`unknown option ${a}`);
    const dflt = opts[key];
    if (typeof dflt === 'boolean') {
      opts[key] = true;
      continue;
    }
    if (v === undefined) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      v = argv[++i] ?? '';
    }
    if (typeof dflt === 'number') {
      if (!/^\d+$/.test(v)) usage(`${a} needs a number, not ${JSON.stringify(v)}`);
      opts[key] = Number(v);
    } else opts[key] = v;
  }
  return opts as T;
}
