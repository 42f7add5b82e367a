/**
 * Crafted images through the real checksec.sh 2.6.0, when it is installed
 * (skipped otherwise): the rule emulation must agree with the script on
 * the quirks test/checksec-rules.test.ts pins down.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseElf } from '../src/elf/index.js';
import { checksecFile } from '../src/checksec/rules.js';
import { csvBody } from '../src/checksec/format.js';
import { buildDynImage, type DynImageSpec } from './helpers/checksec-images.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';
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
  // readelf -d shows nothing when the DT_SYMINFO table is outside the file: no BIND_NOW
  { bits: 64, segments: [{ type: 0x6474e552, flags: 4 }], dynamic: [[30n, 8n], [0x6ffffdfen, 0x100n], [0x6ffffeffn, 0x100000n]] },
  // st_other as get_riscv_symbol_other and get_ppc64_symbol_other print it
  { bits: 64, machine: 243, dynsym: [{ name: '__printf_chk', other: 0x84 }, { name: '__memcpy_chk', other: 0x80 }] },
  { bits: 64, machine: 21, dynsym: [{ name: '__printf_chk', other: 0xe0 }, { name: '__memcpy_chk', other: 0xc0 }] },
  { bits: 32, bigEndian: true, machine: 8, dynsym: [{ name: '__printf_chk', other: 0x08 }, { name: '__memcpy_chk', other: 0x04 }, {name: 'memcpy', shndx: 0xff22}, {name: 'strcpy', shndx: 60}] },
];
// Heavy: checksec.sh forks readelf several times for every image.
it.skipIf(!hasChecksec)('crafted images agree with real checksec', { timeout: HEAVY_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'checksec-cross-'));
  specs.forEach((s, i) => {
    const b = buildDynImage(s);
    const p = join(dir, `craft-${i}.elf`);
    writeFileSync(p, b);
    const ref = execFileSync('checksec', ['--output=csv', `--file=${p}`], { env: { LC_ALL: 'C', PATH: process.env.PATH } }).toString().trim();
    const ours = csvBody(checksecFile(parseElf(b)), false) + ',' + p;
    expect(ours, JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(ref);
    });
});

/** xorshift32: the same damaged files on every run. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

// Heavy: checksec.sh forks readelf several times for each of hundreds of damaged samples.
it.skipIf(!hasChecksec)('damaged samples: the same row as checksec.sh (readelf loads what it can)', { timeout: HEAVY_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'checksec-damaged-'));
  const seeds = ['samples/checksec/x86_64/hardened', 'samples/checksec/i686/libhardened.so', 'samples/checksec/mips/hardened', 'samples/x86_64/hello.o'];
  const r = rng(12345);
  let compared = 0;
  for (const path of seeds) {
    const orig = readFileSync(path);
    for (let k = 0; k < 12; k++) {
      const b = Buffer.from(orig);
      for (let i = 1 + r(6); i > 0; i--) {
        const where = r(3);
        b[where === 0 ? r(Math.min(b.length, 512)) : where === 1 ? b.length - 1 - r(Math.min(b.length, 4096)) : r(b.length)] = r(256);
      }
      if (b.readUInt32BE(0) !== 0x7f454c46) continue; // both refuse a file without the magic
      const p = join(dir, `damaged-${compared++}.elf`);
      writeFileSync(p, b);
      const ref = execFileSync('checksec', ['--output=csv', `--file=${p}`], { env: { LC_ALL: 'C', PATH: process.env.PATH } }).toString().trim();
      expect(csvBody(checksecFile(parseElf(b)), false) + ',' + p, `${path} damaged (${p})`).toBe(ref);
    }
  }
  expect(compared).toBeGreaterThan(40);
});
