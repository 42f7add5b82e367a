import { DF_1, ET } from '../elf/constants.js';

/**
 * Who applies PT_GNU_RELRO — the one rule the audit's RELRO verdict and the
 * page-cost model's mprotect both follow.
 *
 * In a dynamically linked program or library the dynamic loader applies it
 * (glibc's _dl_protect_relro, musl's reloc_all, bionic's
 * phdr_table_protect_gnu_relro). In a statically linked executable (or a
 * static PIE) nothing is loaded by a loader: only glibc's startup code
 * (csu/libc-start.c through _dl_relocate_static_pie / _dl_protect_relro)
 * applies it, and glibc's crt1.o brings the NT_GNU_ABI_TAG note. Without that
 * note nothing shows that anyone does: musl's static startup, Go, klibc,
 * valgrind's tools and nolibc programs never call mprotect on it.
 */
export interface RelroApplication {
  /** true: applied at startup; false: the file is not a loadable program; null: nothing shows that it is applied. */
  readonly applied: boolean | null;
  /** Who applies it, in words (when applied). */
  readonly by: string | undefined;
  /** Why, in one sentence. */
  readonly why: string;
  /** The file links statically: no loader binds its symbols. */
  readonly isStatic: boolean;
}

/** The facts the rule reads, as every reader of the file has them. */
export interface StartupFacts {
  readonly type: number;
  readonly hasInterp: boolean;
  /** The dynamic table has entries. */
  readonly hasDynamic: boolean;
  /** DT_FLAGS_1 (0 without). */
  readonly flags1: bigint;
  /** An NT_GNU_ABI_TAG note (glibc's crt1.o) is present. */
  readonly gnuAbiTag: boolean;
}

/**
 * Statically linked: an executable without a dynamic table, or a static PIE
 * (DF_1_PIE and no program interpreter). A shared object without DT_NEEDED
 * (ld.so, preload libraries) is not: its symbols are still bound by a loader.
 */
export function isStaticallyLinked(f: StartupFacts): boolean {
  if (f.type === ET.EXEC) return !f.hasDynamic;
  return f.type === ET.DYN && !f.hasInterp && (f.flags1 & DF_1.PIE) !== 0n;
}

export function relroApplication(f: StartupFacts): RelroApplication {
  const isStatic = isStaticallyLinked(f);
  if (f.type !== ET.EXEC && f.type !== ET.DYN) {
    return { applied: false, by: undefined, why: 'not a loadable program or library', isStatic };
  }
  if (!isStatic) return { applied: true, by: 'the dynamic loader', why: 'the dynamic loader makes PT_GNU_RELRO read-only after relocating', isStatic };
  if (f.gnuAbiTag) {
    return { applied: true, by: "glibc's startup code", why: "glibc's startup code (brought by crt1.o with its NT_GNU_ABI_TAG note) makes PT_GNU_RELRO read-only", isStatic };
  }
  return {
    applied: null,
    by: undefined,
    why: "statically linked without glibc's startup code (no NT_GNU_ABI_TAG note): musl, Go, klibc, valgrind tools and bare programs never apply PT_GNU_RELRO",
    isStatic,
  };
}
