/**
 * A running process's VMAs, measured (/proc/PID/smaps, smaps_rollup) and
 * explained: each file-backed VMA of an ELF object tied to the PT_LOAD it
 * maps and the sections it holds, and per object the page-cost model's
 * prediction (src/memory) next to what the kernel reports.
 *
 * Tying VMAs to segments (docs/memory-model.md describes the mapping it undoes):
 * the object's base is the start of its VMA at file offset
 * alignDown(first LOAD p_offset) (0 in practice) minus alignDown(first LOAD
 * p_vaddr); a VMA belongs to the LOAD whose [alignDown(vaddr),
 * alignUp(vaddr + memsz)) holds start − base (the last such LOAD, as a later
 * mmap replaces an earlier one on a shared page); a file VMA inside no LOAD
 * is a hole; an anonymous VMA that starts where the object's last VMA ends,
 * inside a LOAD, is its bss.
 */
import { onSystemError } from '../io/errno.js';
import { statSync } from 'node:fs';
import { endianness } from 'node:os';
import { isElfFormatError, PT, SHF, SHT, type ElfFile } from '../elf/index.js';
import { probeElf } from '../elf/probe.js';
import { layoutFacts, type LayoutFacts } from '../memory/facts.js';
import { estimateMemory, type Loader, type MemoryEstimate, type Vma } from '../memory/model.js';
import { alignDown, alignUp } from '../memory/pages.js';
import { AT, parseAuxv } from '../proc/auxv.js';
import { parseCmdline } from '../proc/cmdline.js';
import { isProcError } from '../proc/errors.js';
import { isPathName, mapFilesName, unescapeName, type MapsEntry } from '../proc/maps.js';
import { procPath, readProcessFile, readProcessLink, requireProcess } from '../proc/read.js';
import { field, parseSmaps, type SmapsEntry } from '../proc/smaps.js';
import { parseSmapsRollup } from '../proc/smaps-rollup.js';
import { readVmaPrice, type VmaPrice } from './vma-price.js';

/** The eight smaps sizes the report carries, in kB. */
export interface MemorySizes {
  readonly rss: number;
  readonly pss: number;
  readonly sharedClean: number;
  readonly sharedDirty: number;
  readonly privateClean: number;
  readonly privateDirty: number;
  readonly anonymous: number;
  readonly swap: number;
}

export const SIZE_KEYS: readonly [keyof MemorySizes, string][] = [
  ['rss', 'Rss'],
  ['pss', 'Pss'],
  ['sharedClean', 'Shared_Clean'],
  ['sharedDirty', 'Shared_Dirty'],
  ['privateClean', 'Private_Clean'],
  ['privateDirty', 'Private_Dirty'],
  ['anonymous', 'Anonymous'],
  ['swap', 'Swap'],
];

export function sizesOf(fields: ReadonlyMap<string, number>): MemorySizes {
  const get = (k: string) => fields.get(k) ?? 0;
  return {
    rss: get('Rss'),
    pss: get('Pss'),
    sharedClean: get('Shared_Clean'),
    sharedDirty: get('Shared_Dirty'),
    privateClean: get('Private_Clean'),
    privateDirty: get('Private_Dirty'),
    anonymous: get('Anonymous'),
    swap: get('Swap'),
  };
}

export function addSizes(list: readonly MemorySizes[]): MemorySizes {
  const out = { rss: 0, pss: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, anonymous: 0, swap: 0 };
  for (const s of list) for (const [k] of SIZE_KEYS) out[k] += s[k];
  return out;
}

/**
 * PSS = USS + shared pages / sharers. The kernel does not report the number
 * of sharers; their average over the shared pages follows from the three
 * sizes it does report: shared / (Pss − private).
 */
export interface PssExplained {
  readonly pss: number;
  /** Private_Clean + Private_Dirty: the unique set size (USS). */
  readonly private: number;
  /** Shared_Clean + Shared_Dirty. */
  readonly shared: number;
  /** Pss − private: this process's share of the shared pages. */
  readonly sharedPart: number;
  /** shared / sharedPart, when both are positive. */
  readonly averageSharers: number | undefined;
}

export function explainPss(s: MemorySizes): PssExplained {
  const priv = s.privateClean + s.privateDirty;
  const shared = s.sharedClean + s.sharedDirty;
  const sharedPart = Math.max(0, s.pss - priv);
  return {
    pss: s.pss,
    private: priv,
    shared,
    sharedPart,
    averageSharers: shared > 0 && sharedPart > 0 ? shared / sharedPart : undefined,
  };
}

export interface SegmentTie {
  /** Program header index. */
  readonly index: number;
  readonly type: number;
  readonly flags: number;
}

export type MappingRole = 'segment' | 'hole' | 'bss';

export interface MappingRecord {
  readonly entry: SmapsEntry;
  readonly sizeKb: number;
  readonly kernelPageSizeKb: number;
  readonly sizes: MemorySizes;
  /** Index in ProcessReport.objects of the ELF object this VMA belongs to. */
  object: number | undefined;
  role: MappingRole | undefined;
  segment: SegmentTie | undefined;
  /** Allocated sections whose address range meets this VMA's (link-time addresses). */
  sections: string[];
}

export type ObjectRole = 'executable' | 'interpreter' | 'library';

/** What the report keeps of an ELF file read once per (device, inode, name). */
export interface ObjectLayout {
  readonly facts: LayoutFacts;
  readonly entry: bigint;
  readonly sections: readonly { readonly name: string; readonly addr: bigint; readonly size: bigint }[];
  /** NT_GNU_BUILD_ID as hex, when the file has one. */
  readonly buildId: string | undefined;
}

export interface Prediction {
  readonly estimate: MemoryEstimate;
  readonly vmas: number;
  readonly dirtyPages: number;
  /** Dirty pages the model puts in file-backed VMAs and in anonymous (bss) VMAs. */
  readonly fileDirtyPages: number;
  readonly bssDirtyPages: number;
}

export interface Measurement {
  readonly vmas: number;
  readonly dirtyPages: number;
  readonly fileDirtyPages: number;
  readonly bssDirtyPages: number;
  readonly sizes: MemorySizes;
}

export interface ObjectRecord {
  /** The name field from /proc (raw bytes). */
  readonly name: Buffer;
  readonly role: ObjectRole;
  readonly base: bigint;
  readonly pageSize: number;
  readonly loader: Loader;
  readonly layout: ObjectLayout;
  readonly mappings: number[];
  measured: Measurement;
  /** Undefined when the model cannot load the object at this page size (problems say why). */
  prediction: Prediction | undefined;
  problems: string[];
  /** Predicted VMAs (relative addresses) without a measured counterpart, and measured ones without a predicted one. */
  unmatchedPredicted: Vma[];
  unmatchedMeasured: number[];
  notes: string[];
}

export interface ProcessReport {
  readonly pid: number;
  readonly command: readonly Buffer[];
  readonly exe: Buffer | undefined;
  readonly pageSize: number;
  readonly totals: MemorySizes;
  readonly totalsFrom: 'smaps_rollup' | 'smaps';
  readonly mappings: readonly MappingRecord[];
  readonly objects: readonly ObjectRecord[];
  /** ELF files that could not be read (name → reason); their VMAs are left untied. */
  readonly unreadable: readonly { readonly name: Buffer; readonly reason: string }[];
  readonly vmaPrice: VmaPrice | undefined;
}

export interface ProcessOptions {
  /** Price VMAs from /proc/slabinfo when readable (default true). */
  readonly vmaPrice?: boolean;
  /**
   * The layout of the ELF file a file-backed VMA maps, or null to leave
   * the VMA untied. By default every mapped file is read (readObjectLayout,
   * once per device, inode and name); system-wide commands pass their own
   * cache, or tie only the files they ask about.
   */
  readonly layoutFor?: (e: SmapsEntry) => ObjectLayout | null;
  /** Run the page-cost model for each object (default true); without it only the measurement is made. */
  readonly predict?: boolean;
}

function optional<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (isProcError(e) && e.problem !== 'no-such-process') return undefined;
    throw e;
  }
}

/**
 * Opens the file a VMA maps — through /proc/PID/map_files (exact, needs
 * CAP_SYS_ADMIN), then the process's root, then the path, checking that a
 * file reached by name still has the mapped inode — and reads it with USE:
 * `{ value: null }` when it is not an ELF file, an error when it cannot be
 * read.
 */
export function readMappedElf<T>(pid: number, e: MapsEntry, display: string, use: (elf: ElfFile) => T): { value: T | null } | { error: string } {
  const candidates: (string | Buffer)[] = [procPath(pid, `map_files/${mapFilesName(e)}`)];
  const path = unescapeName(e.name);
  candidates.push(Buffer.concat([Buffer.from(procPath(pid, 'root')), path]), path);
  let lastError = '';
  for (const [i, c] of candidates.entries()) {
    try {
      if (i > 0 && statSync(c, { bigint: true }).ino !== e.inode) {
        lastError = `${display} is no longer the mapped file (its inode differs)`;
        continue;
      }
      const probe = probeElf(c, display);
      if (probe.kind !== 'elf') return { value: null };
      try {
        return { value: use(probe.file) };
      } finally {
        probe.file.close();
      }
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
  }
  return { error: lastError };
}

/** What the report needs of an opened ELF file: the model's facts, the entry point, the allocated sections, the build-id. */
export function objectLayout(elf: ElfFile, display: string): ObjectLayout {
  const facts = layoutFacts(elf, display);
  const sections = elf.sectionHeaders
    .filter((s) => (s.flags & SHF.ALLOC) !== 0n && s.size > 0n && !(s.type === SHT.NOBITS && (s.flags & SHF.TLS) !== 0n))
    .map((s) => ({ name: elf.sectionName(s), addr: s.addr, size: s.size }));
  return { facts, entry: elf.header.entry, sections, buildId: elf.buildId() };
}

/** The layout of the file a VMA maps (null when it is not an ELF file). */
export function readObjectLayout(pid: number, e: MapsEntry, display: string): { value: ObjectLayout | null } | { error: string } {
  return readMappedElf(pid, e, display, (elf) => objectLayout(elf, display));
}

/** The executable's ELF class from its header alone (when its layout is not otherwise read). */
function exeClass(pid: number): 32 | 64 | undefined {
  try {
    const probe = probeElf(procPath(pid, 'exe'), 'exe');
    if (probe.kind !== 'elf') return undefined;
    const bits = probe.file.bits;
    probe.file.close();
    return bits;
  } catch (e) {
    if (isElfFormatError(e)) return undefined;
    return onSystemError(e, undefined);
  }
}

function firstLoad(f: LayoutFacts) {
  return f.programHeaders.find((p) => p.type === PT.LOAD && p.memsz > 0n);
}

/** The LOAD whose page range holds a link-time address (the last one, when pages are shared). */
function loadAt(f: LayoutFacts, rel: bigint, P: bigint): SegmentTie | undefined {
  let tie: SegmentTie | undefined;
  for (const p of f.programHeaders) {
    if (p.type !== PT.LOAD || p.memsz === 0n) continue;
    if (rel >= alignDown(p.vaddr, P) && rel < alignUp(p.vaddr + p.memsz, P)) tie = { index: p.index, type: p.type, flags: p.flags };
  }
  return tie;
}

function spanOf(f: LayoutFacts, P: bigint): { lo: bigint; hi: bigint } {
  let lo: bigint | undefined;
  let hi = 0n;
  for (const p of f.programHeaders) {
    if (p.type !== PT.LOAD || p.memsz === 0n) continue;
    const a = alignDown(p.vaddr, P);
    const b = alignUp(p.vaddr + p.memsz, P);
    if (lo === undefined || a < lo) lo = a;
    if (b > hi) hi = b;
  }
  return { lo: lo ?? 0n, hi };
}

const mappingIdentity = (e: SmapsEntry) => `${e.devMajor}:${e.devMinor}:${e.inode}:${e.name.toString('latin1')}`;

/** Which loader maps a library, from the interpreter's name. */
function libraryLoader(interpName: Buffer | undefined): Loader {
  const n = interpName?.toString('latin1') ?? '';
  if (/ld-musl-/.test(n)) return 'musl';
  if (/\/linker(64)?$/.test(n)) return 'bionic';
  return 'glibc';
}

/**
 * Reads PID's smaps and smaps_rollup (one right after the other), its
 * auxiliary vector and command line, every mapped ELF file, and builds the
 * report. Throws ProcError when the process does not exist, its smaps
 * cannot be read, or it has no address space (a kernel thread, a zombie).
 */
export function processReport(pid: number, opts: ProcessOptions = {}): ProcessReport {
  requireProcess(pid);
  const smapsBytes = readProcessFile(pid, 'smaps');
  const entries = parseSmaps(smapsBytes);
  let rollupBytes: Buffer | undefined;
  try {
    rollupBytes = readProcessFile(pid, 'smaps_rollup');
  } catch (e) {
    // A kernel thread or a zombie: smaps is empty and smaps_rollup fails with ESRCH.
    if (isProcError(e) && e.problem === 'no-address-space' && entries.length === 0) throw e;
    if (!isProcError(e) || e.problem === 'no-such-process') throw e;
  }
  const rollup = rollupBytes === undefined ? undefined : parseSmapsRollup(rollupBytes);
  const command = optional(() => parseCmdline(readProcessFile(pid, 'cmdline'))) ?? [];
  const exe = optional(() => readProcessLink(pid, 'exe'));

  const mappings: MappingRecord[] = entries.map((e) => ({
    entry: e,
    sizeKb: field(e, 'Size'),
    kernelPageSizeKb: field(e, 'KernelPageSize') || 4,
    sizes: sizesOf(e.fields),
    object: undefined,
    role: undefined,
    segment: undefined,
    sections: [],
  }));

  // The auxiliary vector: the executable's entry point, the interpreter's base, the page size.
  const auxvBytes = optional(() => readProcessFile(pid, 'auxv'));
  let auxv = new Map<number, bigint>();
  const layouts = new Map<string, ObjectLayout | null>();
  const unreadable: { name: Buffer; reason: string }[] = [];
  const display = (e: SmapsEntry) => e.name.toString('utf8');
  const layoutOf = (e: SmapsEntry): ObjectLayout | null => {
    if (opts.layoutFor !== undefined) return opts.layoutFor(e);
    const key = mappingIdentity(e);
    let l = layouts.get(key);
    if (l === undefined) {
      const r = readObjectLayout(pid, e, display(e));
      if ('error' in r) {
        unreadable.push({ name: e.name, reason: r.error });
        l = null;
      } else l = r.value;
      layouts.set(key, l);
    }
    return l;
  };
  if (auxvBytes !== undefined) {
    // The executable's class decides the auxv word size.
    const exeEntry = exe === undefined ? undefined : entries.find((e) => isPathName(e) && unescapeName(e.name).equals(exe));
    const exeLayout = exeEntry === undefined ? null : layoutOf(exeEntry);
    const bits = exeLayout?.facts.bits ?? exeClass(pid) ?? 64;
    auxv = parseAuxv(auxvBytes, bits === 64 ? 8 : 4, endianness() === 'LE');
  }
  const atPage = auxv.get(AT.PAGESZ);
  const pageSize = atPage !== undefined && atPage > 0n ? Number(atPage) : (mappings[0]?.kernelPageSizeKb ?? 4) * 1024;
  const atEntry = auxv.get(AT.ENTRY);
  const atBase = auxv.get(AT.BASE);

  // Find the objects: a file VMA at the first LOAD's file page starts one.
  const objects: ObjectRecord[] = [];
  mappings.forEach((m, i) => {
    const e = m.entry;
    if (m.object !== undefined || !isPathName(e)) return;
    const layout = layoutOf(e);
    if (layout === null) return;
    const f = layout.facts;
    const first = firstLoad(f);
    if (first === undefined) return;
    const P = BigInt(m.kernelPageSizeKb * 1024);
    if (e.offset !== alignDown(first.offset, P)) return;
    const base = e.start - alignDown(first.vaddr, P);
    const span = spanOf(f, P);
    const key = mappingIdentity(e);
    const index = objects.length;
    const own: number[] = [];
    let lastEnd = e.start;
    for (let j = i; j < mappings.length; j++) {
      const n = mappings[j]!;
      if (n.entry.start >= base + span.hi) break;
      if (n.object !== undefined || mappingIdentity(n.entry) !== key || n.entry.start < base + span.lo) continue;
      own.push(j);
      lastEnd = n.entry.end;
    }
    for (const j of own) {
      const n = mappings[j]!;
      n.object = index;
      n.segment = loadAt(f, n.entry.start - base, P);
      n.role = n.segment === undefined ? 'hole' : 'segment';
    }
    // bss: the anonymous VMA right after the object's last VMA, inside a LOAD.
    const next = mappings.findIndex((n) => n.entry.start === lastEnd);
    const notes: string[] = [];
    if (next >= 0) {
      const n = mappings[next]!;
      const tie = loadAt(f, n.entry.start - base, P);
      if (n.object === undefined && n.entry.name.length === 0 && n.entry.inode === 0n && tie !== undefined) {
        n.object = index;
        n.role = 'bss';
        n.segment = tie;
        own.push(next);
        const beyond = n.entry.end - (base + span.hi);
        if (beyond > 0n) {
          notes.push(
            `its bss VMA reaches ${beyond / 1024n} kB past the object's last page: merged with a neighbouring anonymous mapping, whose pages are counted with it`,
          );
        }
      }
    }
    for (const j of own) {
      const n = mappings[j]!;
      const lo = n.entry.start - base;
      const hi = n.entry.end - base;
      n.sections = layout.sections.filter((s) => s.addr < hi && s.addr + s.size > lo).map((s) => s.name);
    }
    let role: ObjectRole = 'library';
    if (atEntry !== undefined ? base + layout.entry === atEntry && layout.entry !== 0n : exe !== undefined && unescapeName(e.name).equals(exe)) {
      role = 'executable';
    } else if (atBase !== undefined && atBase !== 0n && base === atBase) role = 'interpreter';
    objects.push({
      name: e.name,
      role,
      base,
      pageSize: m.kernelPageSizeKb * 1024,
      loader: 'glibc',
      layout,
      mappings: own.sort((a, b) => a - b),
      measured: { vmas: 0, dirtyPages: 0, fileDirtyPages: 0, bssDirtyPages: 0, sizes: addSizes([]) },
      prediction: undefined,
      problems: [],
      unmatchedPredicted: [],
      unmatchedMeasured: [],
      notes,
    });
  });

  const interp = objects.find((o) => o.role === 'interpreter');
  const libLoader = libraryLoader(interp?.name);
  for (const o of objects) {
    const loader: Loader = o.role === 'library' ? libLoader : 'kernel';
    Object.assign(o, { loader });
    compareWithMeasured(o, mappings, opts.predict !== false);
  }

  const totals = rollup !== undefined ? sizesOf(rollup.fields) : addSizes(mappings.map((m) => m.sizes));
  const price = opts.vmaPrice === false ? undefined : readVmaPrice();
  return {
    pid,
    command,
    exe,
    pageSize,
    totals,
    totalsFrom: rollup !== undefined ? 'smaps_rollup' : 'smaps',
    mappings,
    objects,
    unreadable,
    vmaPrice: price,
  };
}

function dirtyPagesOf(m: MappingRecord): number {
  return Math.round((m.sizes.privateDirty + m.sizes.sharedDirty) / m.kernelPageSizeKb);
}

/** Fills an object's measurement, the model's prediction and the VMAs that do not match. */
function compareWithMeasured(o: ObjectRecord, mappings: readonly MappingRecord[], predict: boolean): void {
  const own = o.mappings.map((i) => mappings[i]!);
  const fileDirty = own.filter((m) => m.role !== 'bss').reduce((n, m) => n + dirtyPagesOf(m), 0);
  const bssDirty = own.filter((m) => m.role === 'bss').reduce((n, m) => n + dirtyPagesOf(m), 0);
  o.measured = {
    vmas: own.length,
    dirtyPages: fileDirty + bssDirty,
    fileDirtyPages: fileDirty,
    bssDirtyPages: bssDirty,
    sizes: addSizes(own.map((m) => m.sizes)),
  };
  if (!predict) return;
  const est = estimateMemory(o.layout.facts, o.pageSize, o.loader);
  if (!est.loadable) {
    o.problems = [...est.problems];
    return;
  }
  const fileP = est.vmaList.filter((v) => v.backing !== 'anon').reduce((n, v) => n + v.dirtyPages, 0);
  const bssP = est.vmaList.filter((v) => v.backing === 'anon').reduce((n, v) => n + v.dirtyPages, 0);
  o.prediction = { estimate: est, vmas: est.vmas, dirtyPages: est.dirtyPages, fileDirtyPages: fileP, bssDirtyPages: bssP };
  const used = new Set<number>();
  for (const v of est.vmaList) {
    const hit = o.mappings.find((i) => {
      if (used.has(i)) return false;
      const m = mappings[i]!;
      const start = m.entry.start - o.base;
      const end = m.entry.end - o.base;
      if (start !== v.start || m.entry.perms !== v.perms) return false;
      return end === v.end || (v.backing === 'anon' && m.role === 'bss' && end > v.end);
    });
    if (hit === undefined) o.unmatchedPredicted.push(v);
    else used.add(hit);
  }
  o.unmatchedMeasured = o.mappings.filter((i) => !used.has(i));
}
