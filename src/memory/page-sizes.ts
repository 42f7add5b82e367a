import { EM } from '../elf/constants.js';

/**
 * The base page sizes a Linux kernel can be built with, per architecture
 * (each architecture's Kconfig: the PAGE_SIZE / *_PAGES choices), in bytes.
 * The model prices a file at these by default, so an x86-64 library is not
 * shown at 16 or 64 KiB pages its machine cannot have.
 */
const PAGE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [EM.I386, [4096]],
  [EM.X86_64, [4096]],
  [EM.ARM, [4096]],
  [EM.S390, [4096]],
  [EM.RISCV, [4096]],
  [EM.SPARC, [4096]],
  [EM.AARCH64, [4096, 16384, 65536]],
  [EM.PPC64, [4096, 65536]],
  [EM.PPC, [4096, 16384, 65536]],
  [EM.MIPS, [4096, 16384, 65536]],
  [EM.MIPS_RS3_LE, [4096, 16384, 65536]],
  [EM.LOONGARCH, [4096, 16384, 65536]],
  [EM.PARISC, [4096, 16384, 65536]],
  [EM.IA_64, [4096, 8192, 16384, 65536]],
  [EM.SPARCV9, [8192]],
  [EM.ALPHA, [8192]],
  [EM.SH, [4096, 8192, 16384, 65536]],
]);

/** For a machine the table does not know: the sizes the model priced before it knew machines. */
export const UNKNOWN_MACHINE_PAGE_SIZES: readonly number[] = [4096, 16384, 65536];

/** Every size in the table, ascending: `--page-size all`. */
export const ALL_PAGE_SIZES: readonly number[] = [...new Set([...PAGE_SIZES.values()].flat())].sort((a, b) => a - b);

/** The page sizes `machine`'s kernels can have, ascending. */
export function machinePageSizes(machine: number): readonly number[] {
  return PAGE_SIZES.get(machine) ?? UNKNOWN_MACHINE_PAGE_SIZES;
}

/** Whether the table knows the machine (otherwise machinePageSizes guesses). */
export function knowsMachinePageSizes(machine: number): boolean {
  return PAGE_SIZES.has(machine);
}

/**
 * Which page sizes to price: an explicit list, `all` (ALL_PAGE_SIZES), or
 * undefined for each file's own machine.
 */
export type PageSizeChoice = readonly number[] | 'all' | undefined;

/** The sizes a choice means for files of these machines (their union, ascending). */
export function pageSizesFor(choice: PageSizeChoice, machines: readonly number[]): readonly number[] {
  if (choice === 'all') return ALL_PAGE_SIZES;
  if (choice !== undefined) return choice;
  const set = new Set<number>();
  for (const m of machines) for (const p of machinePageSizes(m)) set.add(p);
  return [...set].sort((a, b) => a - b);
}
