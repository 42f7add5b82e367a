import { ET, openElf } from '../elf/index.js';
import { layoutFacts, type LayoutFacts } from './facts.js';
import { DEFAULT_PAGE_SIZES, defaultLoader, estimateMemory, type Loader, type MemoryEstimate } from './model.js';

export interface MemoryOptions {
  /** Runtime page sizes in bytes (powers of two); default 4096, 16384, 65536. */
  readonly pageSizes?: readonly number[];
  /** The loader to model; default: the kernel for executables, glibc otherwise. */
  readonly loader?: Loader;
}

export interface MemoryReport {
  readonly file: string;
  readonly facts: LayoutFacts;
  readonly loader: Loader;
  /** Why this loader: 'requested' or the default's reason in words. */
  readonly loaderReason: string;
  readonly estimates: readonly MemoryEstimate[];
}

/** Describes the default loader choice in words. */
function loaderReason(f: LayoutFacts, requested: Loader | undefined): string {
  if (requested !== undefined) return 'requested';
  if (f.type === ET.EXEC) return 'default: the kernel maps an executable itself';
  if (f.type === ET.DYN && f.isPie && !f.hasInterp) return 'default: the kernel maps a static PIE itself';
  if (f.type === ET.DYN && (f.isPie || f.hasInterp)) return 'default: glibc maps a PIE it loads; run directly, the kernel maps it (--loader kernel)';
  return 'default: glibc maps a shared object';
}

/** The page-cost report for facts already read. */
export function memoryReportFromFacts(facts: LayoutFacts, opts: MemoryOptions = {}): MemoryReport {
  const loader = opts.loader ?? defaultLoader(facts);
  const sizes = opts.pageSizes ?? DEFAULT_PAGE_SIZES;
  return {
    file: facts.file,
    facts,
    loader,
    loaderReason: loaderReason(facts, opts.loader),
    estimates: sizes.map((p) => estimateMemory(facts, p, loader)),
  };
}

/** Opens FILE, reads its layout and estimates its cost. ElfFormatError and I/O errors propagate. */
export function memoryReport(file: string, opts: MemoryOptions = {}): MemoryReport {
  return memoryReportFromFacts(readFacts(file), opts);
}

/** Reads a file's layout facts and closes it. */
export function readFacts(file: string): LayoutFacts {
  const elf = openElf(file);
  try {
    return layoutFacts(elf, file);
  } finally {
    elf.close();
  }
}
