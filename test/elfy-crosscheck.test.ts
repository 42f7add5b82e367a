/**
 * An independent cross-check: elfy (a small third-party ELF parser) reads
 * every well-formed sample too, and the header and program-header fields it
 * gets right must agree with ours. Where elfy is wrong, the test says so
 * instead of comparing:
 *  - it reads EI_OSABI from byte 7 and the "osabi" it reports is EI_VERSION;
 *  - for ELF64 it reads sh_addralign and sh_entsize at offsets 46 and 54
 *    (they are at 48 and 56);
 *  - it turns 64-bit values into JS numbers, exact only below 2^53;
 *  - it throws on files whose e_shstrndx is not a string table (e.g. no sections).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseElf } from '../src/index.js';

const require = createRequire(import.meta.url);
const elfy = require('elfy') as { parse(buf: Buffer): ElfyFile };

interface ElfyFile {
  class: string;
  endian: string;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
  body: {
    programs: { offset: number; vaddr: number; paddr: number; filesz: number; memsz: number; align: number; flags: Record<string, boolean> }[];
    sections: { name: string; addr: number; off: number; size: number; link: number; info: number; addralign: number; entsize: number }[];
  };
}

const samples = readFileSync('samples/MANIFEST', 'utf8')
  .split('\n')
  .filter((p) => p !== '' && !p.startsWith('samples/crafted/'));

/** elfy's numbers are exact below 2^53; compare there only. */
const num = (v: bigint) => (v < 2n ** 53n ? Number(v) : undefined);

describe('elfy agrees with our reader on the well-formed samples', () => {
  it('has samples to compare', () => expect(samples.length).toBeGreaterThan(30));
  for (const path of samples) {
    it(path, () => {
      const bytes = readFileSync(path);
      const ours = parseElf(bytes, path);
      let theirs: ElfyFile;
      try {
        theirs = elfy.parse(bytes);
      } catch {
        // elfy cannot read files without a section-name table; ours can.
        expect(ours.counts.shstrndx).toBe(0);
        return;
      }
      const h = ours.header;
      expect(theirs.class).toBe(String(h.bits));
      expect(theirs.endian).toBe(h.bigEndian ? 'msb' : 'lsb');
      expect(theirs.entry).toBe(num(h.entry));
      expect(theirs.phoff).toBe(num(h.phoff));
      expect(theirs.shoff).toBe(num(h.shoff));
      expect(theirs.flags).toBe(h.flags);
      expect([theirs.ehsize, theirs.phentsize, theirs.phnum, theirs.shentsize, theirs.shnum, theirs.shstrndx]).toEqual([
        h.ehsize,
        h.phentsize,
        h.phnum,
        h.shentsize,
        h.shnum,
        h.shstrndx,
      ]);
      expect(theirs.body.programs).toHaveLength(ours.programHeaders.length);
      ours.programHeaders.forEach((p, i) => {
        const t = theirs.body.programs[i]!;
        expect([t.offset, t.vaddr, t.paddr, t.filesz, t.memsz, t.align]).toEqual(
          [p.offset, p.vaddr, p.paddr, p.filesz, p.memsz, p.align].map(num),
        );
        expect(Boolean(t.flags.r)).toBe((p.flags & 4) !== 0);
        expect(Boolean(t.flags.w)).toBe((p.flags & 2) !== 0);
        expect(Boolean(t.flags.x)).toBe((p.flags & 1) !== 0);
      });
      expect(theirs.body.sections).toHaveLength(ours.sectionHeaders.length);
      ours.sectionHeaders.forEach((s, i) => {
        const t = theirs.body.sections[i]!;
        expect(t.name).toBe(ours.sectionName(s));
        expect([t.addr, t.off, t.size, t.link, t.info]).toEqual([num(s.addr), num(s.offset), num(s.size), s.link, s.info]);
        if (h.bits === 32) expect([t.addralign, t.entsize]).toEqual([num(s.addralign), num(s.entsize)]);
      });
    });
  }
});
