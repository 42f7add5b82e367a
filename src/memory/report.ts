import { ET, openElf } from '../elf/index.js';
import { relroDecision, type RelroDecision } from '../hardening/index.js';
import { layoutFacts, type FactsWanted, type LayoutFacts } from './facts.js';
import { defaultLoader, estimateMemory, type Loader, type MemoryEstimate } from './model.js';
import { pageSizesFor, type PageSizeChoice } from './page-sizes.js';

export interface MemoryOptions {
  /** Runtime page sizes in bytes (powers of two from 4096), or 'all'; default: those the file's machine can have. */
  readonly pageSizes?: PageSizeChoice;
  /** The loader to model; default: the kernel for executables, glibc otherwise. */
  readonly loader?: Loader;
}

export interface MemoryReport {
  readonly file: string;
  readonly facts: LayoutFacts;
  readonly loader: Loader;
  /** Why this loader: 'requested' or the default's reason in words. */
  readonly loaderReason: string;
  /** The hardening engine's RELRO verdict (the one `audit` and `diff` give), which decides whether the model applies PT_GNU_RELRO. */
  readonly relro: RelroDecision['check'];
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
  const sizes = pageSizesFor(opts.pageSizes, [facts.machine]);
  return {
    file: facts.file,
    facts,
    loader,
    loaderReason: loaderReason(facts, opts.loader),
    relro: relroDecision(facts).check,
    estimates: sizes.map((p) => estimateMemory(facts, p, loader)),
  };
}

/** Opens FILE, reads its layout and estimates its cost. ElfFormatError and I/O errors propagate. */
export function memoryReport(file: string, opts: MemoryOptions = {}): MemoryReport {
  return memoryReportFromFacts(readFacts(file), opts);
}

/** Reads a file's layout facts and closes it. */
export function readFacts(file: string, wanted: FactsWanted = {}): LayoutFacts {
  const elf = openElf(file);
  try {
    return layoutFacts(elf, file, wanted);
  } finally {
    elf.close();
  }
}
