/**
 * Damaged inputs: samples truncated and with bytes overwritten (a seeded,
 * repeatable generator). checksec must give a row for every file with the
 * ELF magic, and the audit a report — only the reader's ElfFormatError may
 * ever escape, and the audit turns even that into an `error` verdict.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../src/hardening/types.js';
import { auditChecks } from '../src/audit/checks.js';
import { checksecFile } from '../src/checksec/rules.js';
import { isElfFormatError, parseElf } from '../src/elf/index.js';

const seeds = [
  'samples/checksec/x86_64/hardened',
  'samples/checksec/i686/libhardened.so',
  'samples/checksec/mips/hardened',
  'samples/checksec/ppc64/libhardened.so',
  'samples/checksec/aarch64/bti-pac-nolibc',
  'samples/x86_64/hello.o',
  'samples/arm/libcxx-exidx.so',
];

/** xorshift32: the same cases on every run. */
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

function mutate(bytes: Buffer, r: (n: number) => number): Buffer {
  const b = Buffer.from(bytes);
  const kind = r(3);
  if (kind === 0) return b.subarray(0, 16 + r(b.length - 16)); // truncated
  const hits = 1 + r(8);
  for (let i = 0; i < hits; i++) {
    // headers and tables live near both ends: aim there two times in three
    const where = r(3);
    const at = where === 0 ? r(Math.min(b.length, 512)) : where === 1 ? b.length - 1 - r(Math.min(b.length, 4096)) : r(b.length);
    b[at] = kind === 1 ? r(256) : 0xff;
  }
  return b;
}

describe('damaged files never break checksec or the audit', () => {
  for (const path of seeds) {
    it(path, () => {
      const orig = readFileSync(path);
      const r = rng(path.length * 7919 + orig.length);
      for (let n = 0; n < 300; n++) {
        const bytes = mutate(orig, r);
        let file;
        try {
          file = parseElf(bytes, path);
        } catch (e) {
          expect(isElfFormatError(e)).toBe(true);
          continue;
        }
        expect(() => checksecFile(file, { extended: true })).not.toThrow();
        const checks = auditChecks(file);
        expect(Object.keys(checks)).toHaveLength(CHECK_IDS.length);
      }
    });
  }
});
