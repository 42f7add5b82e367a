/**
 * Crafted images through the real checksec.sh 2.6.0, when it is installed
 * (skipped otherwise): the rule emulation must agree with the script on
 * the quirks test/checksec-rules.test.ts pins down.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseElf } from '../src/elf/index.js';
import { checksecFile } from '../src/checksec/rules.js';
import { csvBody } from '../src/checksec/format.js';
import { buildDynImage, type DynImageSpec } from './helpers/checksec-images.js';
const hasChecksec = spawnSync('checksec', ['--version'], { encoding: 'utf8' }).stdout?.includes('v2.6.0') === true;
const specs: DynImageSpec[] = [
  { bits: 64, dynamic: [[15n, { str: '/opt/lib' }]] },
  { bits: 64, dynamic: [[15n, 0x7fffn]] },
  { bits: 64, dynamic: [[1n, { str: 'libRPATH.so' }]] },
  { bits: 64, dynamic: [[1n, { str: 'libDEBUG.so.1' }]] },
  { bits: 32, dynamic: [[20n, 21n]] },
  { bits: 64, segments: [{ type: 0x6474e552, flags: 4 }], dynamic: [[20n, 24n]] },
  { bits: 64, segments: [{ type: 0x6474e552, flags: 4 }], dynamic: [[0x6ffffffbn, 1n]] },
  { bits: 64, dynsym: [{ name: '__printf_chk', other: 0x60 }, { name: 'printf' }], machine: 21 },
  { bits: 64, dynsym: [{ name: '__printf_chk', other: 0x60 }, { name: 'printf' }], machine: 62 },
  { bits: 64, machine: 183, dynsym: [{ name: '__memcpy_chk', other: 0x80 }] },
  { bits: 64, osabi: 3, dynsym: [{ name: '__memcpy_chk', type: 10, shndx: 1 }] },
  { bits: 64, osabi: 0, dynsym: [{ name: '__memcpy_chk', type: 10, shndx: 1 }] },
  { bits: 64, dynsym: [{ name: 'x.symtab' }] },
  { bits: 64, symtab: [{ name: 'a' }], symtabName: '.mysyms' },
  { bits: 64, dynsym: [{ name: '__printf_chk' }, { name: '__memcpy_chk' }, { name: 'memcpy' }, { name: 'strcpy', shndx: 1 }, { name: 'puts' }] },
  { bits: 32, bigEndian: true, machine: 8, dynsym: [{ name: '__printf_chk', other: 0x08 }, { name: '__memcpy_chk', other: 0x04 }, {name: 'memcpy', shndx: 0xff22}, {name: 'strcpy', shndx: 60}] },
];
it.skipIf(!hasChecksec)('crafted images agree with real checksec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checksec-cross-'));
  specs.forEach((s, i) => {
    const b = buildDynImage(s);
    const p = join(dir, `craft-${i}.elf`);
    writeFileSync(p, b);
    const ref = execFileSync('checksec', ['--output=csv', `--file=${p}`], { env: { LC_ALL: 'C', PATH: process.env.PATH } }).toString().trim();
    const ours = csvBody(checksecFile(parseElf(b)), false) + ',' + p;
    expect(ours, JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(ref);
    });
}, 30000);
