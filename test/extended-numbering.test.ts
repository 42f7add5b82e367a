/**
 * Extended numbering has one rule (elf/counts.ts), read by ElfFile.counts
 * and by readelf's process_file_header step alike.
 */
import { describe, expect, it } from 'vitest';
import { extendedCounts } from '../src/elf/counts.js';

const s0 = { info: 70000, link: 65600, sizeLow32: 66000 };

describe('extended numbering', () => {
  it('takes e_phnum, e_shnum and e_shstrndx from section 0 when they say to', () => {
    expect(extendedCounts({ phnum: 0xffff, shnum: 0, shstrndx: 0xffff }, s0)).toEqual({ phnum: 70000, shnum: 66000, shstrndx: 65600 });
  });
  it('keeps PN_XNUM when section 0 has no sh_info', () => {
    expect(extendedCounts({ phnum: 0xffff, shnum: 3, shstrndx: 2 }, { ...s0, info: 0 }).phnum).toBe(0xffff);
  });
  it('turns an e_shstrndx out of range into 0, only when section 0 was read (as GNU readelf does)', () => {
    expect(extendedCounts({ phnum: 1, shnum: 3, shstrndx: 7 }, s0).shstrndx).toBe(0);
    expect(extendedCounts({ phnum: 1, shnum: 3, shstrndx: 7 }, undefined).shstrndx).toBe(7);
  });
});
