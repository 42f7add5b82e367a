import { DT, PT, SHF, SHT } from '../elf/constants.js';
import { NT_GNU } from '../elf/constants.js';
import { loaderDynamicSymbols } from '../elf/dynsym.js';
import { isElfFormatError } from '../elf/errors.js';
import type { ElfFile } from '../elf/file.js';
import type { ElfSymbol } from '../elf/symbols.js';
import type { ProgramHeader } from '../elf/types.js';
import { isStaticallyLinked, type StartupFacts } from './relro-applied.js';
import { readToolchain, type Toolchain } from './toolchain.js';

/**
 * What the hardening rules read, in two layers.
 *
 * `HeaderFacts` are the values RELRO, NX, PIE, the executable stack,
 * TEXTREL and W+X segments are decided from: the ELF header's type and
 * machine, the program headers, the dynamic table, whether glibc's startup
 * code is linked in, and three facts from the section headers. They are
 * plain values, so the page-cost model's `LayoutFacts` (and a baseline's
 * record of them) carries them and `diff`, `memory` and the gate ask the
 * same rules as `audit`.
 *
 * `FileFacts` reads them lazily from an opened file, together with what
 * only `audit` needs (symbols, notes, strings). A reader error in a lazy
 * read surfaces in the one rule that needed it.
 */
export interface HeaderFacts {
  readonly type: number;
  readonly machine: number;
  readonly bits: 32 | 64;
  readonly programHeaders: readonly ProgramHeader[];
  /** The dynamic table's entries, in order (empty without one). */
  readonly dynamicEntries: readonly { readonly tag: bigint; readonly value: bigint }[];
  /** An NT_GNU_ABI_TAG note: glibc's startup code is linked in. */
  readonly gnuAbiTag: boolean;
  /** DT_SONAME's string (latin1 bytes), when there is one and it can be read. */
  readonly soname: string | undefined;
  readonly sections: SectionFacts;
}

/** What the rules need from the section headers. */
export interface SectionFacts {
  /** How many section headers the file has (0 when they could not be read). */
  readonly count: number;
  /** The allocated, non-empty `.got.plt` (where lazy binding writes), or null. */
  readonly gotPlt: { readonly index: number; readonly addr: bigint; readonly size: bigint } | null;
  /**
   * A separate debug-information file (`objcopy --only-keep-debug`, the
   * files under /usr/lib/debug): every allocated section but the notes is
   * SHT_NOBITS, so the program headers point at bytes that are not there.
   */
  readonly debugOnly: boolean;
  /** Why the section headers (or their names) could not be read, when they could not. */
  readonly problem?: string;
}

/** Reads the section facts; a damaged section table becomes `problem`, never an exception. */
export function readSectionFacts(elf: ElfFile): SectionFacts {
  let shdrs;
  try {
    shdrs = elf.sectionHeaders;
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return { count: 0, gotPlt: null, debugOnly: false, problem: e.message };
  }
  const alloc = shdrs.filter((s) => (s.flags & SHF.ALLOC) !== 0n && s.size > 0n && s.type !== SHT.NOTE);
  const debugOnly = alloc.length > 0 && alloc.every((s) => s.type === SHT.NOBITS);
  try {
    const g = elf.sectionByName('.got.plt');
    const gotPlt = g !== undefined && g.size > 0n && (g.flags & SHF.ALLOC) !== 0n ? { index: g.index, addr: g.addr, size: g.size } : null;
    return { count: shdrs.length, gotPlt, debugOnly };
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return { count: shdrs.length, gotPlt: null, debugOnly, problem: e.message };
  }
}

/** DT_SONAME's string, or undefined (also when the string table cannot be read). */
export function readSoname(elf: ElfFile): string | undefined {
  const v = elf.dynamicValue(DT.SONAME);
  if (v === undefined) return undefined;
  try {
    return elf.dynamicString(v);
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return undefined;
  }
}

/** Whether glibc's startup code (its NT_GNU_ABI_TAG note) is linked in; false when the notes cannot be read (`unread` hears why). */
export function readGnuAbiTag(elf: ElfFile, unread?: (message: string) => void): boolean {
  try {
    return elf.notes().some((n) => n.name === 'GNU' && n.type === NT_GNU.ABI_TAG);
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    unread?.(e.message);
    return false;
  }
}

/** The first dynamic entry with `tag` and its index. */
export function dynFind(f: Pick<HeaderFacts, 'dynamicEntries'>, tag: bigint): { index: number; entry: { readonly tag: bigint; readonly value: bigint } } | undefined {
  const i = f.dynamicEntries.findIndex((e) => e.tag === tag);
  return i < 0 ? undefined : { index: i, entry: f.dynamicEntries[i]! };
}

export function interpOf(f: Pick<HeaderFacts, 'programHeaders'>): ProgramHeader | undefined {
  return f.programHeaders.find((p) => p.type === PT.INTERP);
}

/** What decides who applies RELRO (relro-applied.ts). */
export function startupOf(f: HeaderFacts): StartupFacts {
  return {
    type: f.type,
    hasInterp: interpOf(f) !== undefined,
    hasDynamic: f.dynamicEntries.length > 0,
    flags1: dynFind(f, DT.FLAGS_1)?.entry.value ?? 0n,
    gnuAbiTag: f.gnuAbiTag,
  };
}

/** Statically linked (relro-applied.ts's rule). */
export function isStatic(f: HeaderFacts): boolean {
  return isStaticallyLinked(startupOf(f));
}

/** The header facts of an opened file, read on first use, and what only the audit reads. */
export class FileFacts implements HeaderFacts {
  constructor(readonly file: ElfFile) {}
  private cache = new Map<string, unknown>();
  private memo<T>(key: string, f: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, f());
    return this.cache.get(key) as T;
  }
  get type(): number {
    return this.file.header.type;
  }
  get machine(): number {
    return this.file.header.machine;
  }
  get bits(): 32 | 64 {
    return this.file.bits;
  }
  get programHeaders(): readonly ProgramHeader[] {
    return this.file.programHeaders;
  }
  get dynamicEntries(): readonly { readonly tag: bigint; readonly value: bigint }[] {
    return this.file.dynamic ?? [];
  }
  get gnuAbiTag(): boolean {
    return this.memo('abiTag', () => readGnuAbiTag(this.file));
  }
  get soname(): string | undefined {
    return this.memo('soname', () => readSoname(this.file));
  }
  get sections(): SectionFacts {
    return this.memo('sections', () => readSectionFacts(this.file));
  }
  /** The dynamic symbols as the loader finds them (.dynsym, or DT_SYMTAB without section headers). */
  get dynsyms(): { table: string; symbols: readonly ElfSymbol[] } | null {
    return this.memo('dynsym', () => {
      const t = loaderDynamicSymbols(this.file);
      return t === null ? null : { table: t.source, symbols: t.symbols };
    });
  }
  get symtab(): ElfSymbol[] | null {
    return this.memo('symtab', () => this.file.staticSymbols());
  }
  /** Which toolchain built the file (toolchain.ts). */
  get toolchain(): Toolchain {
    return this.memo('toolchain', () => readToolchain(this));
  }
}
