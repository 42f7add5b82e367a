import { PN_XNUM, SHN } from './constants.js';

/** Table counts after extended numbering (PN_XNUM, e_shnum 0, SHN_XINDEX). */
export interface TableCounts {
  readonly phnum: number;
  readonly shnum: number;
  readonly shstrndx: number;
}

/** The fields of section header 0 that carry the extended counts. */
export interface SectionZero {
  readonly info: number;
  readonly link: number;
  /** sh_size's low 32 bits. */
  readonly sizeLow32: number;
}

/**
 * Extended numbering, as gABI defines it and GNU readelf's
 * process_file_header applies it: with section header 0 readable, e_phnum
 * PN_XNUM takes sh_info (when non-zero), e_shnum 0 takes sh_size, e_shstrndx
 * SHN_XINDEX takes sh_link, and an e_shstrndx out of range then becomes 0.
 * Without section 0 the header's counts stand.
 */
export function extendedCounts(header: TableCounts, s0: SectionZero | undefined): TableCounts {
  let { phnum, shnum, shstrndx } = header;
  if (s0 !== undefined) {
    if (phnum === PN_XNUM && s0.info !== 0) phnum = s0.info;
    if (shnum === 0) shnum = s0.sizeLow32;
    if (shstrndx === SHN.XINDEX) shstrndx = s0.link;
    if (shstrndx >= shnum) shstrndx = 0;
  }
  return { phnum, shnum, shstrndx };
}
