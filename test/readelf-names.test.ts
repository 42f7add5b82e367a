/**
 * The name tables of `readelf -h` and `-S` against GNU readelf 2.40's own
 * texts, recorded by test/fixtures/readelf-names/record.ts (so no readelf
 * is needed here): get_machine_flags for every machine it decodes, with
 * every single bit and sampled mixes; get_osabi_name per machine;
 * get_machine_name; get_section_type_name per machine and OSABI; the flags
 * column per machine and OSABI. Plus the GNU quirks of the -S row pieces.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { osabiName } from '../src/readelf/file-header.js';
import { gnuMachineName } from '../src/names/machines.js';
import { machineFlags } from '../src/readelf/machine-flags.js';
import { nameColumn } from '../src/readelf/section-display.js';
import { flagsKey, sectionFlagLetters, sectionTypeName } from '../src/readelf/section-types.js';

interface Recorded {
  version: string;
  machineFlags: [number, number, number, number, string][];
  osabi: [number, number, string][];
  machines: [number, string][];
  types: number[];
  sectionTypes: Record<string, string[]>;
  flags: string[];
  sectionFlags: Record<string, string[]>;
}
const gnu = JSON.parse(readFileSync('test/fixtures/readelf-names/names.json', 'utf8')) as Recorded;

/** Groups failures so one run shows them all. */
function mismatches<T>(cases: readonly T[], got: (c: T) => string, want: (c: T) => string): string[] {
  const bad: string[] = [];
  for (const c of cases) if (got(c) !== want(c)) bad.push(`${JSON.stringify(c)}: got ${JSON.stringify(got(c))}`);
  return bad;
}

describe('readelf -h name texts match GNU readelf 2.40', () => {
  it('was recorded with 2.40', () => expect(gnu.version).toMatch(/ 2\.40$/));
  it('get_machine_flags', () => {
    expect(gnu.machineFlags.length).toBeGreaterThan(2000);
    const bad = mismatches(
      gnu.machineFlags,
      ([machine, flags, osabi, abiVersion]) => machineFlags(flags, machine, { osabi, abiVersion }),
      (c) => c[4],
    );
    expect(bad).toEqual([]);
  });
  it('get_osabi_name', () => {
    expect(mismatches(gnu.osabi, ([osabi, machine]) => osabiName(osabi, machine), (c) => c[2])).toEqual([]);
  });
  it('get_machine_name', () => {
    expect(mismatches(gnu.machines, ([m]) => gnuMachineName(m), (c) => c[1])).toEqual([]);
  });
});

describe('readelf -S name texts match GNU readelf 2.40', () => {
  it('get_section_type_name per machine and OSABI', () => {
    const bad: string[] = [];
    for (const [key, names] of Object.entries(gnu.sectionTypes)) {
      const [machine, osabi] = key.split('/').map(Number) as [number, number];
      gnu.types.forEach((type, k) => {
        const got = sectionTypeName(type, machine, osabi);
        if (got !== names[k]) bad.push(`${key} 0x${type.toString(16)}: got ${got}, GNU ${names[k]}`);
      });
    }
    expect(bad).toEqual([]);
  });
  it('the flags column per machine and OSABI', () => {
    const bad: string[] = [];
    for (const [key, texts] of Object.entries(gnu.sectionFlags)) {
      const [machine, osabi] = key.split('/').map(Number) as [number, number];
      gnu.flags.forEach((f, k) => {
        const v = BigInt(f);
        const got = sectionFlagLetters(Number(v & 0xffffffffn), Number(v >> 32n), machine, osabi);
        if (got !== texts[k]) bad.push(`${key} 0x${v.toString(16)}: got ${got}, GNU ${texts[k]}`);
      });
    }
    expect(bad).toEqual([]);
  });
  it('a `p` drops every bit above 31 (C complements a 32-bit constant), an `o` does not', () => {
    expect(sectionFlagLetters(0x40000000, 3, 62, 0)).toBe('p');
    expect(sectionFlagLetters(0x08000000, 3, 62, 0)).toBe('oxx');
  });
  it('the Key to Flags legend names the OSABI and machine letters', () => {
    expect(flagsKey(62, 0)).toContain('\n  D (mbind), l (large), p (processor specific)\n');
    expect(flagsKey(40, 3)).toContain('\n  R (retain), D (mbind), y (purecode), p (processor specific)\n');
    expect(flagsKey(20, 6)).toContain('\n  v (VLE), p (processor specific)\n');
    expect(flagsKey(183, 9)).toContain('\n  R (retain), D (mbind), p (processor specific)\n');
  });
});

describe('print_symbol (-17, name) for the -S name column', () => {
  it('pads to 17 and cuts longer names to 12 + [...] unless -W', () => {
    expect(nameColumn('.text', false)).toBe('.text            ');
    expect(nameColumn('.note.gnu.property', false)).toBe('.note.gnu.pr[...]');
    expect(nameColumn('.note.gnu.property', true)).toBe('.note.gnu.property');
    expect(nameColumn('x'.repeat(17), false)).toBe('x'.repeat(17));
  });
  it('shows control bytes as ^X in two columns and other bytes as they are', () => {
    expect(nameColumn('a\x01b', false)).toBe('a^Ab' + ' '.repeat(13));
    expect(nameColumn('\x7f', false)).toBe('^\xbf' + ' '.repeat(15));
    expect(nameColumn('\xe9t\xe9', false)).toBe('\xe9t\xe9' + ' '.repeat(14));
    // a two-column escape that does not fit in what is left stops the name
    expect(nameColumn('abcdefghijk\x01xxxxxxx', false)).toBe('abcdefghijk[...] ');
    expect(nameColumn('abcdefghijklmno\x01\x01', false)).toBe('abcdefghijklmno^A');
  });
});
