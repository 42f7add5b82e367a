/** What a readelf run displays; names follow readelf.c's do_* flags. */
export interface ReadelfOptions {
  /** -h / --file-header */
  header: boolean;
  /** -l / --program-headers / --segments */
  segments: boolean;
  /** -S / --section-headers / --sections */
  sections: boolean;
  /** -d / --dynamic */
  dynamic: boolean;
  /** -n / --notes */
  notes: boolean;
  /** --dyn-syms */
  dynSyms: boolean;
  /** -s / --syms / --symbols */
  syms: boolean;
  /** --sym-base: 0 (mixed, the default), 8, 10 or 16 for st_size */
  symBase: 0 | 8 | 10 | 16;
  /** -g / --section-groups */
  sectionGroups: boolean;
  /** -r / --relocs */
  relocs: boolean;
  /** -V / --version-info */
  versionInfo: boolean;
  /** -u / --unwind */
  unwind: boolean;
  /** -W / --wide */
  wide: boolean;
  /** -I / --histogram */
  histogram: boolean;
  /** -A / --arch-specific */
  arch: boolean;
}

export function defaultOptions(overrides: Partial<ReadelfOptions> = {}): ReadelfOptions {
  return {
    header: false,
    segments: false,
    sections: false,
    dynamic: false,
    notes: false,
    dynSyms: false,
    syms: false,
    symBase: 0,
    sectionGroups: false,
    relocs: false,
    versionInfo: false,
    unwind: false,
    wide: false,
    histogram: false,
    arch: false,
    ...overrides,
  };
}
