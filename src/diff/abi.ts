import { DT, SHF, SHN, SHT, STB, STT, symbolVersions, type ElfFile } from '../elf/index.js';
import { loaderDynamicSymbols } from '../elf/dynsym.js';
import { DF_1_NAMES, DF_NAMES, type BitNames } from '../readelf/dynamic-tags.js';
import type { KeyedChange, ListDiff, OldNew } from '../util/changes.js';

/**
 * What a reviewer of a toolchain or library upgrade wants to see besides
 * pages: the file's dynamic identity (SONAME, NEEDED, search paths,
 * interpreter, DT_FLAGS bits), its exported interface (defined dynamic
 * symbols with their versions), what it needs from the system (the highest
 * GLIBC_/GLIBCXX_/CXXABI_/GCC_ version and the imports that ask for it) and
 * its sizes by section. `abiFacts` reads them through src/elf; `diffAbi`
 * compares two builds' facts; src/diff/format.ts presents the result.
 * Names are latin1 strings as read; presentation escapes them.
 */

export interface ExportedSymbol {
  readonly name: string;
  /** Its version (`LIBT_1.0`), undefined when unversioned. */
  readonly version: string | undefined;
  /** `foo@@V` (default) rather than `foo@V`. */
  readonly isDefault: boolean;
  readonly bind: number;
  readonly type: number;
}

export interface ImportedSymbol {
  readonly name: string;
  readonly version: string;
}

export interface SectionSize {
  readonly name: string;
  /** Bytes in memory (SHF_ALLOC sections), 0 for the rest. */
  readonly vmSize: bigint;
  /** Bytes in the file (all but SHT_NOBITS), 0 for .bss and the like. */
  readonly fileSize: bigint;
}

export interface AbiFacts {
  readonly soname: string | undefined;
  readonly needed: readonly string[];
  readonly rpath: string | undefined;
  readonly runpath: string | undefined;
  readonly interpreter: string | undefined;
  readonly flags: bigint;
  readonly flags1: bigint;
  /** Defined global, weak and unique dynamic symbols, by name then version. */
  readonly exports: readonly ExportedSymbol[];
  /** Undefined dynamic symbols that ask for a version (`strlcpy@GLIBC_2.38`). */
  readonly imports: readonly ImportedSymbol[];
  /** Every version name DT_VERNEED asks for, symbols or not. */
  readonly versionNeeds: readonly string[];
  /** By name in header order; sections sharing a name are added up. */
  readonly sections: readonly SectionSize[];
}

const EXPORT_BINDS: ReadonlySet<number> = new Set([STB.GLOBAL, STB.WEAK, STB.GNU_UNIQUE]);
const NOT_INTERFACE: ReadonlySet<number> = new Set([STT.SECTION, STT.FILE]);

/** Reads the facts; ElfFormatError from a damaged table propagates (the caller decides to go on without them). */
export function abiFacts(elf: ElfFile, interpreter: string | undefined, versionNeeds: readonly string[]): AbiFacts {
  const str = (tag: bigint): string | undefined => {
    const v = elf.dynamicValue(tag);
    return v === undefined ? undefined : (elf.dynamicString(v) ?? '');
  };
  const dyn = elf.dynamic ?? [];
  const table = loaderDynamicSymbols(elf);
  const symbols = table?.symbols ?? [];
  const versions = symbolVersions(elf, symbols.length);
  const exports: ExportedSymbol[] = [];
  const imports: ImportedSymbol[] = [];
  for (const s of symbols) {
    if (s.index === 0 || !EXPORT_BINDS.has(s.bind) || NOT_INTERFACE.has(s.type)) continue;
    const v = versions[s.index];
    // GNU ld gives each defined version an absolute symbol of its own name (`LIBT_2.0`): a version, not an interface
    if (s.shndx === SHN.ABS && s.value === 0n && s.name === v?.name) continue;
    if (s.shndx === 0) {
      if (v !== undefined) imports.push({ name: s.name, version: v.name });
    } else exports.push({ name: s.name, version: v?.name, isDefault: v?.isDefault ?? true, bind: s.bind, type: s.type });
  }
  // Sorted as strings, without a comparator: `KEY\0INDEX` (names hold no NUL,
  // so a key's end sorts before any longer key; the padded index keeps equal
  // keys in table order, as a stable sort would). libc's 3,000 exports took
  // ~35,000 calls of a comparator, most of them in V8's interpreter.
  const order = exports.map((e, i) => `${symbolKey(e)}\0${String(i).padStart(INDEX_DIGITS, '0')}`);
  order.sort();
  const unsorted = exports.slice();
  for (let i = 0; i < order.length; i++) exports[i] = unsorted[Number(order[i]!.slice(-INDEX_DIGITS))]!;
  const sizes = new Map<string, { vmSize: bigint; fileSize: bigint }>();
  for (const s of elf.sectionHeaders) {
    if (s.index === 0 || s.type === SHT.NULL) continue;
    const name = elf.sectionName(s);
    const e = sizes.get(name) ?? { vmSize: 0n, fileSize: 0n };
    if ((s.flags & SHF.ALLOC) !== 0n) e.vmSize += s.size;
    if (s.type !== SHT.NOBITS) e.fileSize += s.size;
    sizes.set(name, e);
  }
  return {
    soname: str(DT.SONAME),
    needed: dyn.filter((e) => e.tag === DT.NEEDED).map((e) => elf.dynamicString(e.value) ?? ''),
    rpath: str(DT.RPATH),
    runpath: str(DT.RUNPATH),
    interpreter,
    flags: elf.dynamicValue(DT.FLAGS) ?? 0n,
    flags1: elf.dynamicValue(DT.FLAGS_1) ?? 0n,
    exports,
    imports,
    versionNeeds,
    sections: Array.from(sizes, ([name, s]) => ({ name, ...s })),
  };
}

/** Digits of an export's index in its sort key: more than any symbol table has (src/elf/dynsym.ts allows 2^24). */
const INDEX_DIGITS = 8;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `foo@@LIBT_1.0`, `foo@LIBT_0.9`, or `foo`. */
export function symbolKey(s: Pick<ExportedSymbol, 'name' | 'version' | 'isDefault'>): string {
  return s.version === undefined ? s.name : `${s.name}${s.isDefault ? '@@' : '@'}${s.version}`;
}

// ---- the diff ----------------------------------------------------------------

export type IdentityField = 'soname' | 'needed' | 'rpath' | 'runpath' | 'interpreter' | 'flags' | 'flags1';

/** One change of identity: a value that changed, or one NEEDED / flag bit that appeared or went. */
export interface IdentityChange extends KeyedChange<string> {
  readonly field: IdentityField;
}

/** Exports by name and version; `changed`: the same name and version, other binding or type. */
export type ExportDiff = ListDiff<ExportedSymbol>;

/** The GNU version families a build needs from the system. */
export const VERSION_FAMILIES = ['GLIBC', 'GLIBCXX', 'CXXABI', 'GCC'] as const;
export type VersionFamily = (typeof VERSION_FAMILIES)[number];

/** The highest version of one family each build needs (`2.34`; undefined when that build needs none of that family). */
export interface VersionNeedChange extends OldNew<string | undefined> {
  readonly family: VersionFamily;
  readonly raised: boolean;
  /** When raised: the imports that ask for the new highest version (`strlcpy@GLIBC_2.38`). */
  readonly because: readonly ImportedSymbol[];
}

export interface SectionChange extends KeyedChange<SectionSize> {
  readonly name: string;
  readonly vmDelta: bigint;
  readonly fileDelta: bigint;
}

export interface SizeDiff {
  /** Sorted by the larger absolute change (VM or file), then by name. */
  readonly sections: readonly SectionChange[];
  readonly total: { readonly oldVm: bigint; readonly newVm: bigint; readonly oldFile: bigint; readonly newFile: bigint };
}

export interface AbiDiff {
  readonly identity: readonly IdentityChange[];
  readonly exports: ExportDiff;
  readonly needs: readonly VersionNeedChange[];
  /** Undefined when no section changed size (or neither file has section headers). */
  readonly sizes: SizeDiff | undefined;
}

function valueChange(field: IdentityField, o: string | undefined, n: string | undefined): IdentityChange[] {
  if (o === n) return [];
  return [{ field, change: o === undefined ? 'added' : n === undefined ? 'removed' : 'changed', old: o, new: n }];
}

function bitNames(v: bigint, names: BitNames | ReadonlyMap<bigint, string>, prefix: string): Map<bigint, string> {
  const table = names instanceof Map ? names : new Map(names as BitNames);
  const out = new Map<bigint, string>();
  for (let bit = 1n, i = 0; i < 64; bit <<= 1n, i++) if ((v & bit) !== 0n) out.set(bit, `${prefix}${table.get(bit) ?? `0x${bit.toString(16)}`}`);
  return out;
}

function bitChanges(field: IdentityField, o: bigint, n: bigint, names: BitNames | ReadonlyMap<bigint, string>, prefix: string): IdentityChange[] {
  const on = bitNames(o, names, prefix);
  const nn = bitNames(n, names, prefix);
  const out: IdentityChange[] = [];
  for (const [bit, name] of on) if (!nn.has(bit)) out.push({ field, change: 'removed', old: name, new: undefined });
  for (const [bit, name] of nn) if (!on.has(bit)) out.push({ field, change: 'added', old: undefined, new: name });
  return out;
}

function listChanges(field: IdentityField, o: readonly string[], n: readonly string[]): IdentityChange[] {
  const os = new Set(o);
  const ns = new Set(n);
  return [
    ...[...os].filter((x) => !ns.has(x)).map((x): IdentityChange => ({ field, change: 'removed', old: x, new: undefined })),
    ...[...ns].filter((x) => !os.has(x)).map((x): IdentityChange => ({ field, change: 'added', old: undefined, new: x })),
  ];
}

function diffExports(o: readonly ExportedSymbol[], n: readonly ExportedSymbol[]): ExportDiff {
  // Two builds of a library mostly export the same table; both are sorted
  // the same way (abiFacts), so equal tables are equal element by element.
  if (sameExports(o, n)) return { added: [], removed: [], changed: [] };
  const key = (s: ExportedSymbol) => `${s.name}\0${s.version ?? ''}\0${s.isDefault ? 1 : 0}`;
  // Each symbol's key made once: a diff of two libc builds compares 3,000 exports on each side.
  const ok = o.map(key);
  const nk = n.map(key);
  const om = new Map<string, ExportedSymbol>();
  for (let i = 0; i < o.length; i++) om.set(ok[i]!, o[i]!);
  const nm = new Map<string, ExportedSymbol>();
  for (let i = 0; i < n.length; i++) nm.set(nk[i]!, n[i]!);
  const changed: OldNew<ExportedSymbol>[] = [];
  for (const [k, s] of nm) {
    const was = om.get(k);
    if (was !== undefined && (was.bind !== s.bind || was.type !== s.type)) changed.push({ old: was, new: s });
  }
  return { added: n.filter((_, i) => !om.has(nk[i]!)), removed: o.filter((_, i) => !nm.has(ok[i]!)), changed };
}

function sameExports(o: readonly ExportedSymbol[], n: readonly ExportedSymbol[]): boolean {
  if (o.length !== n.length) return false;
  for (let i = 0; i < o.length; i++) {
    const a = o[i]!;
    const b = n[i]!;
    if (a.name !== b.name || a.version !== b.version || a.isDefault !== b.isDefault || a.bind !== b.bind || a.type !== b.type) return false;
  }
  return true;
}

/** `GLIBC_2.38` → [2, 38] in family GLIBC; undefined for other names (`GLIBC_PRIVATE`, `GLIBC_ABI_DT_RELR`). */
export function parseVersionName(name: string): { family: VersionFamily; version: string; parts: number[] } | undefined {
  const m = /^(GLIBCXX|GLIBC|CXXABI|GCC)_(\d+(?:\.\d+)*)$/.exec(name);
  if (m === null) return undefined;
  return { family: m[1] as VersionFamily, version: m[2]!, parts: m[2]!.split('.').map(Number) };
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The highest version of each family that these names ask for. */
export function highestVersions(names: readonly string[]): Map<VersionFamily, { version: string; parts: number[] }> {
  const out = new Map<VersionFamily, { version: string; parts: number[] }>();
  for (const n of names) {
    const v = parseVersionName(n);
    if (v === undefined) continue;
    const cur = out.get(v.family);
    if (cur === undefined || compareVersions(v.parts, cur.parts) > 0) out.set(v.family, v);
  }
  return out;
}

function diffNeeds(o: AbiFacts, n: AbiFacts): VersionNeedChange[] {
  const oh = highestVersions(o.versionNeeds);
  const nh = highestVersions(n.versionNeeds);
  const out: VersionNeedChange[] = [];
  for (const family of VERSION_FAMILIES) {
    const a = oh.get(family);
    const b = nh.get(family);
    if (a?.version === b?.version) continue;
    const raised = b !== undefined && (a === undefined || compareVersions(b.parts, a.parts) > 0);
    const because = raised ? n.imports.filter((s) => s.version === `${family}_${b.version}`) : [];
    out.push({ family, old: a?.version, new: b?.version, raised, because });
  }
  return out;
}

function diffSizes(o: readonly SectionSize[], n: readonly SectionSize[]): SizeDiff | undefined {
  const om = new Map(o.map((s) => [s.name, s]));
  const nm = new Map(n.map((s) => [s.name, s]));
  const sections: SectionChange[] = [];
  for (const s of o) {
    const t = nm.get(s.name);
    if (t === undefined) sections.push({ name: s.name, change: 'removed', old: s, new: undefined, vmDelta: -s.vmSize, fileDelta: -s.fileSize });
    else if (t.vmSize !== s.vmSize || t.fileSize !== s.fileSize) {
      sections.push({ name: s.name, change: 'changed', old: s, new: t, vmDelta: t.vmSize - s.vmSize, fileDelta: t.fileSize - s.fileSize });
    }
  }
  for (const t of n) if (!om.has(t.name)) sections.push({ name: t.name, change: 'added', old: undefined, new: t, vmDelta: t.vmSize, fileDelta: t.fileSize });
  if (sections.length === 0) return undefined;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const weight = (c: SectionChange) => (abs(c.vmDelta) > abs(c.fileDelta) ? abs(c.vmDelta) : abs(c.fileDelta));
  sections.sort((a, b) => (weight(a) === weight(b) ? compareText(a.name, b.name) : weight(a) > weight(b) ? -1 : 1));
  const sum = (l: readonly SectionSize[], k: 'vmSize' | 'fileSize') => l.reduce((t, s) => t + s[k], 0n);
  return { sections, total: { oldVm: sum(o, 'vmSize'), newVm: sum(n, 'vmSize'), oldFile: sum(o, 'fileSize'), newFile: sum(n, 'fileSize') } };
}

export function diffAbi(o: AbiFacts, n: AbiFacts): AbiDiff {
  return {
    identity: [
      ...valueChange('soname', o.soname, n.soname),
      ...listChanges('needed', o.needed, n.needed),
      ...valueChange('rpath', o.rpath, n.rpath),
      ...valueChange('runpath', o.runpath, n.runpath),
      ...valueChange('interpreter', o.interpreter, n.interpreter),
      ...bitChanges('flags', o.flags, n.flags, DF_NAMES, 'DF_'),
      ...bitChanges('flags1', o.flags1, n.flags1, DF_1_NAMES, 'DF_1_'),
    ],
    exports: diffExports(o.exports, n.exports),
    needs: diffNeeds(o, n),
    sizes: diffSizes(o.sections, n.sections),
  };
}

/** Whether anything in the ABI diff changed (the diff shows its sections only then). */
export function abiChanged(d: AbiDiff): boolean {
  return d.identity.length + d.exports.added.length + d.exports.removed.length + d.exports.changed.length + d.needs.length > 0 || d.sizes !== undefined;
}
