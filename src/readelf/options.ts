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
  /** -c / --archive-index */
  archiveIndex: boolean;
  /** -x, -R and -p requests in command-line order (request_dump; dumps.ts reads them as GNU does). */
  dumps: DumpRequest[];
  /** -z / --decompress */
  decompress: boolean;
  /** -D / --use-dynamic */
  useDynamic: boolean;
  /** -I / --histogram */
  histogram: boolean;
  /** -A / --arch-specific */
  arch: boolean;
}

/** -x (hex), -R (reloc) or -p (string) with its argument, a section number or name. */
export interface DumpRequest {
  readonly kind: 'hex' | 'reloc' | 'string';
  readonly section: string;
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
    archiveIndex: false,
    dumps: [],
    decompress: false,
    useDynamic: false,
    histogram: false,
    arch: false,
    ...overrides,
  };
}

/**
 * Options that show nothing of an object by themselves (named as
 * src/cli/readelf.ts names them, the unported ones too). Every other option
 * set (true, or a non-empty list) is one of GNU's do_* views, which
 * process_archive checks before it walks the members after an index.
 */
const NOT_VIEWS: ReadonlySet<string> = new Set([
  'wide',
  'symBase',
  'archiveIndex',
  'useDynamic',
  'decompress',
  'demangle',
  'unicode',
  'silentTruncation',
  'processLinks',
  'lint',
  'enableChecks',
]);

/** Whether some view of the objects was asked for (process_archive's test after -c). */
export function displaysObjects(opts: ReadelfOptions): boolean {
  for (const [key, value] of Object.entries(opts)) {
    if (NOT_VIEWS.has(key)) continue;
    if (value === true || (Array.isArray(value) && value.length > 0)) return true;
  }
  return false;
}
