import { DT, VER_FLG, VERSION_STRUCT_SIZE, VERSYM } from './constants.js';
import { ElfFormatError } from './errors.js';
import type { ElfFile } from './file.js';
import { MAX_VERSION_ENTRIES, versionEntryReader, versionNeeds, type VersionWindow } from './versions.js';

/** One version a file defines (an Elf_Verdef and its auxiliary names). */
export interface VersionDefinition {
  /** vd_ndx: the index the file's versym entries use for it. */
  readonly index: number;
  readonly flags: number;
  /** The first Verdaux name: the version's name, e.g. `LIBT_1.0`. */
  readonly name: string;
  /** Later Verdaux names: the versions it inherits from. */
  readonly parents: readonly string[];
}

/**
 * The versions a file defines (DT_VERDEF, read through the PT_LOADs,
 * names from the dynamic string table). Empty without DT_VERDEF. Raises
 * ElfFormatError, with the entry's file offset, for a chain that leaves the
 * file or loops.
 */
export function versionDefinitions(file: ElfFile): VersionDefinition[] {
  const addr = file.dynamicValue(DT.VERDEF);
  if (addr === undefined) return [];
  const count = file.dynamicValue(DT.VERDEFNUM) ?? 0n;
  const d = file.reader.decoder;
  const window: VersionWindow = {};
  const readDef = versionEntryReader(file, 'version definition entry', VERSION_STRUCT_SIZE.verdef, window);
  const readAux = versionEntryReader(file, 'version definition auxiliary entry', VERSION_STRUCT_SIZE.verdaux, window);
  const out: VersionDefinition[] = [];
  let at = addr;
  let walked = 0;
  for (let i = 0n; i < count; i++) {
    if (out.length >= MAX_VERSION_ENTRIES) throw new ElfFormatError(`more than ${MAX_VERSION_ENTRIES} version definitions`, 0, `at most ${MAX_VERSION_ENTRIES} entries`, file.path);
    const { bytes: vd, offset } = readDef(at);
    const version = d.u16(vd, 0);
    if (version !== 1) throw new ElfFormatError(`version definition has vd_version ${version}`, offset, 'vd_version 1', file.path);
    const cnt = d.u16(vd, 6);
    const names: string[] = [];
    let aux = at + BigInt(d.u32(vd, 12));
    for (let j = 0; j < cnt; j++) {
      if (++walked > MAX_VERSION_ENTRIES) throw new ElfFormatError('version definition chain loops', offset, `at most ${MAX_VERSION_ENTRIES} entries`, file.path);
      const { bytes: a } = readAux(aux);
      names.push(file.dynamicString(BigInt(d.u32(a, 0))) ?? '');
      const next = d.u32(a, 4);
      if (next === 0) break;
      aux += BigInt(next);
    }
    out.push({ index: d.u16(vd, 4), flags: d.u16(vd, 2), name: names[0] ?? '', parents: names.slice(1) });
    const next = d.u32(vd, 16);
    if (next === 0) break;
    at += BigInt(next);
  }
  return out;
}

/**
 * The DT_VERSYM entries (one 16-bit version index per dynamic symbol) for
 * `count` symbols; undefined without DT_VERSYM. Raises ElfFormatError when
 * the table is not inside the file.
 */
export function versionSymbols(file: ElfFile, count: number): Uint16Array | undefined {
  const addr = file.dynamicValue(DT.VERSYM);
  if (addr === undefined || count === 0) return undefined;
  const size = BigInt(count) * 2n;
  const off = file.vaddrToOffset(addr, size);
  if (off === undefined) {
    throw new ElfFormatError(`DT_VERSYM table of ${count} entries at address 0x${addr.toString(16)} is not inside a PT_LOAD's file part`, 0, 'a versym table inside a PT_LOAD', file.path);
  }
  const bytes = file.reader.readRange(off, size, 'versym table');
  const d = file.reader.decoder;
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = d.u16(bytes, i * 2);
  return out;
}

/** A dynamic symbol's version, as `foo@@V` (default) or `foo@V` (hidden) says it. */
export interface SymbolVersion {
  readonly name: string;
  /** False for a hidden (non-default) version: `foo@V`. */
  readonly isDefault: boolean;
}

/**
 * Each dynamic symbol's version by its index in the table: DT_VERSYM read
 * through DT_VERDEF (defined symbols) and DT_VERNEED (undefined ones).
 * Index 0 (local) and 1 (global, unversioned) and the base definition
 * (the file's own name) give undefined.
 */
export function symbolVersions(file: ElfFile, count: number): (SymbolVersion | undefined)[] {
  const versym = versionSymbols(file, count);
  if (versym === undefined) return new Array<undefined>(count).fill(undefined);
  const names = new Map<number, string>();
  for (const def of versionDefinitions(file)) if ((def.flags & VER_FLG.BASE) === 0) names.set(def.index, def.name);
  for (const lib of versionNeeds(file)) for (const v of lib.versions) names.set(v.index & 0x7fff, v.name);
  // One object per distinct versym value (a library has a few dozen, and thousands of symbols)
  const made = new Map<number, SymbolVersion | undefined>();
  return Array.from(versym, (v) => {
    if (made.has(v)) return made.get(v);
    const name = names.get(v & 0x7fff);
    const version = name === undefined ? undefined : { name, isDefault: (v & VERSYM.HIDDEN) === 0 };
    made.set(v, version);
    return version;
  });
}
