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
  /** -u / --unwind */
  unwind: boolean;
  /** -W / --wide */
  wide: boolean;
}

export function defaultOptions(overrides: Partial<ReadelfOptions> = {}): ReadelfOptions {
  return {
    header: false,
    segments: false,
    sections: false,
    dynamic: false,
    notes: false,
    dynSyms: false,
    unwind: false,
    wide: false,
    ...overrides,
  };
}
