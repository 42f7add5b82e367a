import { partitionPoint } from '../util/arrays.js';
import { DT, ET, PF, PT, type ProgramHeader } from '../elf/index.js';
import { isStatic, relroDecision, type RelroWord } from '../hardening/index.js';
import { dynamicValueOf, kernelMapped, type LayoutFacts } from './facts.js';
import { alignDown, alignUp, pageCount } from './pages.js';
import { AddressSpace, PROT, perms, protOf, type Region } from './vmas.js';
import { hexAddress } from '../io/text.js';

/**
 * The page-cost model: what mapping one ELF object costs a process at a
 * given runtime page size, under a given loader. Loader behaviour is read
 * from glibc (elf/dl-load.c, dl-map-segments.h, dl-reloc.c), musl
 * (ldso/dynlink.c map_library), bionic (linker_phdr.cpp) and Linux
 * (fs/binfmt_elf.c); docs/memory-model.md explains each step.
 */

export const LOADERS = ['glibc', 'musl', 'bionic', 'kernel'] as const;
export type Loader = (typeof LOADERS)[number];

/** The sizes a baseline records (src/gate/baseline.ts); the commands default to each machine's own (page-sizes.ts). */
export const DEFAULT_PAGE_SIZES = [4096, 16384, 65536] as const;

export interface SegmentEstimate {
  /** Index in the program header table. */
  readonly index: number;
  readonly flags: number;
  readonly offset: bigint;
  readonly vaddr: bigint;
  readonly filesz: bigint;
  readonly memsz: bigint;
  readonly align: bigint;
  /** Why the loader refuses this segment at this page size, if it does. */
  readonly problem: string | undefined;
  /** [firstPage, endPage): every page the segment occupies. */
  readonly firstPage: bigint;
  readonly endPage: bigint;
  readonly fileBackedPages: number;
  readonly anonPages: number;
  /** The page the loader zeroes from the end of the file data (and so dirties), if any. */
  readonly bssTailPage: bigint | undefined;
  readonly dirtyPages: number;
}

export interface Vma {
  readonly start: bigint;
  readonly end: bigint;
  readonly perms: string;
  readonly backing: 'file' | 'anon' | 'hole';
  /** Program header index of the LOAD this VMA belongs to (undefined for holes). */
  readonly segment: number | undefined;
  /** True for the part RELRO made read-only. */
  readonly relro: boolean;
  readonly dirtyPages: number;
}

export interface RelroEstimate {
  /** The GNU_RELRO byte range, when the file has one. */
  readonly start: bigint | undefined;
  readonly end: bigint | undefined;
  /** What the loader's mprotect covers (empty when it rounds to nothing). */
  readonly protectedStart: bigint;
  readonly protectedEnd: bigint;
  readonly protectedPages: number;
  /** RELRO bytes left writable because the loader rounds the end down. */
  readonly unprotectedTailBytes: number;
  /** Non-RELRO bytes made read-only because the loader (bionic) rounds the end up. */
  readonly overProtectedBytes: number;
  /**
   * Whether anything applies PT_GNU_RELRO (the hardening engine's
   * relroDecision): false when the file has one but nothing mprotects it (a
   * static executable without glibc's startup code); `why` says so.
   */
  readonly applied: boolean;
  readonly why: string | undefined;
  /** The hardening engine's RELRO verdict for the file (the one `audit` and `diff` give). */
  readonly verdict: RelroWord;
}

export interface DirtyPage {
  readonly page: bigint;
  /** Dynamic relocations that write into this page. */
  readonly relocations: number;
  readonly bssTail: boolean;
  /** The loader writes `.dynamic` entries here (DT_DEBUG, glibc's in-place pointer adjustment). */
  readonly dynamic: boolean;
}

/** The three costs a memory estimate is summed up by: what `diff` gives deltas of and a tree diff adds up. */
export interface MemoryCounts {
  readonly mappedPages: number;
  readonly vmas: number;
  readonly dirtyPages: number;
}

export interface MemoryEstimate extends MemoryCounts {
  readonly pageSize: number;
  readonly loader: Loader;
  /** False when some PT_LOAD cannot be loaded at this page size: then every count is 0. */
  readonly loadable: boolean;
  readonly problems: readonly string[];
  readonly fileBackedPages: number;
  readonly anonPages: number;
  readonly relro: RelroEstimate;
  readonly segments: readonly SegmentEstimate[];
  readonly vmaList: readonly Vma[];
  readonly dirty: readonly DirtyPage[];
  /** What the numbers leave out, in plain words (IFUNC resolvers, unread relocation tables, RELRO not applied). */
  readonly notes: readonly string[];
}

/** The loader that maps this file by default: the kernel for executables, glibc for shared objects and PIEs. */
export function defaultLoader(f: Pick<LayoutFacts, 'type' | 'isPie' | 'hasInterp'>): Loader {
  return kernelMapped(f) ? 'kernel' : 'glibc';
}

/** glibc's elf_get_dynamic_info adjusts these entries by the load bias, in place, when .dynamic is writable. */
const GLIBC_ADJUSTED_TAGS = new Set<bigint>([DT.HASH, DT.PLTGOT, DT.STRTAB, DT.SYMTAB, DT.RELA, DT.REL, DT.JMPREL, DT.RELR, DT.VERSYM, DT.GNU_HASH]);

/** Why a loader refuses a PT_LOAD at page size P (undefined when it maps it). */
export function loadProblem(p: ProgramHeader, P: bigint): string | undefined {
  if (p.align % P !== 0n) {
    return `LOAD[${p.index}] p_align ${hexAddress(p.align)} is not a multiple of the ${P}-byte page: it cannot load`;
  }
  if ((p.vaddr - p.offset) % P !== 0n) {
    return `LOAD[${p.index}] p_vaddr ${hexAddress(p.vaddr)} and p_offset ${hexAddress(p.offset)} differ by a non-multiple of the ${P}-byte page: it cannot load`;
  }
  return undefined;
}

interface LoadCmd {
  readonly ph: ProgramHeader;
  readonly mapstart: bigint;
  readonly mapend: bigint;
  readonly dataend: bigint;
  readonly allocend: bigint;
  readonly allocendPage: bigint;
  readonly mapoff: bigint;
  readonly prot: number;
}

function loadCmds(loads: readonly ProgramHeader[], P: bigint): LoadCmd[] {
  return loads.map((ph) => ({
    ph,
    mapstart: alignDown(ph.vaddr, P),
    mapend: alignUp(ph.vaddr + ph.filesz, P),
    dataend: ph.vaddr + ph.filesz,
    allocend: ph.vaddr + ph.memsz,
    allocendPage: alignUp(ph.vaddr + ph.memsz, P),
    mapoff: alignDown(ph.offset, P),
    prot: protOf(ph.flags),
  }));
}

interface Mapped {
  readonly space: AddressSpace;
  /** Pages the loader zeroes with memset (dirtied at load). */
  readonly zeroedPages: Map<number, bigint>;
}

/** glibc _dl_map_segments + _dl_postprocess_loadcmd. */
function mapGlibc(cmds: LoadCmd[], P: bigint): Mapped {
  const space = new AddressSpace();
  const zeroed = new Map<number, bigint>();
  const first = cmds[0]!;
  const last = cmds[cmds.length - 1]!;
  // One mapping over the whole span, from the file, with the first segment's protection.
  space.map(first.mapstart, alignUp(last.allocend, P), first.prot, false, first.mapoff);
  const hasHoles = cmds.some((c, i) => i > 0 && cmds[i - 1]!.mapend !== c.mapstart);
  if (hasHoles) space.protect(first.mapend, last.mapstart, PROT.NONE);
  cmds.forEach((c, i) => {
    if (i > 0 && c.mapend > c.mapstart) space.map(c.mapstart, c.mapend, c.prot, false, c.mapoff);
    if (c.allocend > c.dataend) {
      let zeropage = alignUp(c.dataend, P);
      if (c.allocend < zeropage) zeropage = c.allocend;
      if (zeropage > c.dataend) zeroed.set(c.ph.index, alignDown(c.dataend, P));
      if (c.allocend > zeropage) space.map(zeropage, alignUp(c.allocend, P), c.prot, true, 0n);
    }
  });
  return { space, zeroedPages: zeroed };
}

/** musl map_library: the whole span from the file with the lowest LOAD's protection; holes keep it. */
function mapMusl(cmds: LoadCmd[], P: bigint): Mapped {
  const space = new AddressSpace();
  const zeroed = new Map<number, bigint>();
  const lowest = cmds.reduce((a, b) => (b.ph.vaddr < a.ph.vaddr ? b : a));
  const addrMin = lowest.mapstart;
  const addrMax = cmds.reduce((m, c) => (c.allocendPage > m ? c.allocendPage : m), 0n);
  space.map(addrMin, addrMax, lowest.prot, false, lowest.mapoff);
  for (const c of cmds) {
    const thisMax = c.allocendPage;
    if (c.mapstart !== addrMin) space.map(c.mapstart, thisMax, c.prot, false, c.mapoff);
    if (c.allocend > c.dataend && (c.ph.flags & PF.W) !== 0) {
      const pgbrk = alignUp(c.dataend, P);
      if (c.dataend % P !== 0n) zeroed.set(c.ph.index, alignDown(c.dataend, P));
      if (pgbrk < thisMax) space.map(pgbrk, thisMax, c.prot, true, 0n);
    }
  }
  return { space, zeroedPages: zeroed };
}

/** bionic: an anonymous PROT_NONE reservation, then each segment; writable segments zero their file tail. */
function mapBionic(cmds: LoadCmd[], P: bigint): Mapped {
  const space = new AddressSpace();
  const zeroed = new Map<number, bigint>();
  const lo = cmds.reduce((m, c) => (c.mapstart < m ? c.mapstart : m), cmds[0]!.mapstart);
  const hi = cmds.reduce((m, c) => (c.allocendPage > m ? c.allocendPage : m), 0n);
  space.map(lo, hi, PROT.NONE, true, 0n);
  for (const c of cmds) {
    if (c.ph.filesz > 0n) space.map(c.mapstart, c.mapend, c.prot, false, c.mapoff);
    if ((c.ph.flags & PF.W) !== 0 && c.dataend % P !== 0n) zeroed.set(c.ph.index, alignDown(c.dataend, P));
    const fileEnd = alignUp(c.dataend, P);
    if (c.allocendPage > fileEnd) space.map(fileEnd, c.allocendPage, c.prot, true, 0n);
  }
  return { space, zeroedPages: zeroed };
}

/** Linux binfmt_elf: each segment's file part, padzero of a writable bss tail, bss from vm_brk; holes unmapped. */
function mapKernel(cmds: LoadCmd[], P: bigint): Mapped {
  const space = new AddressSpace();
  const zeroed = new Map<number, bigint>();
  for (const c of cmds) {
    if (c.ph.filesz > 0n) space.map(c.mapstart, c.mapend, c.prot, false, c.mapoff);
    if (c.allocend > c.dataend) {
      if ((c.ph.flags & PF.W) !== 0 && c.ph.filesz > 0n && c.dataend % P !== 0n) {
        zeroed.set(c.ph.index, alignDown(c.dataend, P));
      }
      const zs = c.ph.filesz > 0n ? alignUp(c.dataend, P) : c.mapstart;
      if (c.allocendPage > zs) space.map(zs, c.allocendPage, PROT.R | PROT.W | (c.prot & PROT.X), true, 0n);
    }
  }
  return { space, zeroedPages: zeroed };
}

const MAPPERS: Record<Loader, (cmds: LoadCmd[], P: bigint) => Mapped> = {
  glibc: mapGlibc,
  musl: mapMusl,
  bionic: mapBionic,
  kernel: mapKernel,
};

function relroEstimate(
  verdict: RelroWord,
  range: { start: bigint; end: bigint } | undefined,
  loader: Loader,
  P: bigint,
  notApplied?: string,
): RelroEstimate {
  if (range === undefined) {
    return {
      start: undefined,
      end: undefined,
      protectedStart: 0n,
      protectedEnd: 0n,
      protectedPages: 0,
      unprotectedTailBytes: 0,
      overProtectedBytes: 0,
      applied: false,
      why: undefined,
      verdict,
    };
  }
  if (notApplied !== undefined) {
    return {
      start: range.start,
      end: range.end,
      protectedStart: 0n,
      protectedEnd: 0n,
      protectedPages: 0,
      unprotectedTailBytes: Number(range.end - range.start),
      overProtectedBytes: 0,
      applied: false,
      why: notApplied,
      verdict,
    };
  }
  const pStart = alignDown(range.start, P);
  // glibc and musl round the end down; bionic rounds it up.
  const rawEnd = loader === 'bionic' ? alignUp(range.end, P) : alignDown(range.end, P);
  const pEnd = rawEnd > pStart ? rawEnd : pStart;
  const covered = pEnd > range.start ? (pEnd < range.end ? pEnd : range.end) : range.start;
  return {
    start: range.start,
    end: range.end,
    protectedStart: pStart,
    protectedEnd: pEnd,
    protectedPages: pageCount(pStart, pEnd, P),
    unprotectedTailBytes: Number(range.end - covered),
    overProtectedBytes: pEnd > range.end ? Number(pEnd - range.end) : 0,
    applied: true,
    why: undefined,
    verdict,
  };
}

function unloadable(facts: LayoutFacts, loader: Loader, pageSize: number, problems: string[]): MemoryEstimate {
  const P = BigInt(pageSize);
  const loads = facts.programHeaders.filter((p) => p.type === PT.LOAD && p.memsz > 0n);
  return {
    pageSize,
    loader,
    loadable: false,
    problems,
    mappedPages: 0,
    fileBackedPages: 0,
    anonPages: 0,
    vmas: 0,
    dirtyPages: 0,
    relro: relroEstimate(relroDecision(facts).check.verdict, undefined, loader, P),
    segments: loads.map((ph) => ({
      index: ph.index,
      flags: ph.flags,
      offset: ph.offset,
      vaddr: ph.vaddr,
      filesz: ph.filesz,
      memsz: ph.memsz,
      align: ph.align,
      problem: loadProblem(ph, P),
      firstPage: alignDown(ph.vaddr, P),
      endPage: alignUp(ph.vaddr + ph.memsz, P),
      fileBackedPages: 0,
      anonPages: 0,
      bssTailPage: undefined,
      dirtyPages: 0,
    })),
    vmaList: [],
    dirty: [],
    notes: [],
  };
}

/** Estimates one file's cost at one page size under one loader. */
export function estimateMemory(facts: LayoutFacts, pageSize: number, loader: Loader): MemoryEstimate {
  const P = BigInt(pageSize);
  const loads = facts.programHeaders.filter((p) => p.type === PT.LOAD && p.memsz > 0n);
  if (facts.type !== ET.EXEC && facts.type !== ET.DYN) {
    const what = facts.type === ET.REL ? 'a relocatable object' : facts.type === ET.CORE ? 'a core dump' : `an ELF file of type ${facts.type}`;
    return unloadable(facts, loader, pageSize, [`${what} is not mapped by a loader: only executables and shared objects are`]);
  }
  if (loads.length === 0) return unloadable(facts, loader, pageSize, ['no PT_LOAD segment: nothing is mapped']);
  const problems = loads.map((p) => loadProblem(p, P)).filter((s): s is string => s !== undefined);
  const refusal = loaderRefusal(facts, loader);
  if (refusal !== undefined) problems.push(refusal);
  if (problems.length > 0) return unloadable(facts, loader, pageSize, problems);

  const cmds = loadCmds(loads, P);
  const { space, zeroedPages } = MAPPERS[loader](cmds, P);

  // RELRO as the hardening engine decides it: the segment the loaders use, and whether anything applies it
  const decision = relroDecision(facts);
  const seg = decision.segment;
  const range = seg === undefined ? undefined : { start: seg.vaddr, end: seg.vaddr + seg.memsz };
  const relro = relroEstimate(decision.check.verdict, range, loader, P, decision.applied ? undefined : decision.notApplied);
  if (relro.protectedPages > 0) space.protect(relro.protectedStart, relro.protectedEnd, PROT.R);

  // Pages each segment occupies: file-backed up to the end of what the loader maps
  // from the file, anonymous past that. Later segments win where pages overlap,
  // as later mmaps do.
  const owners = new PageOwners();
  for (const c of cmds) {
    const fileHi = fileMapEnd(loader, c);
    owners.assign(c.mapstart, fileHi, c.ph.index, false);
    owners.assign(fileHi > c.mapstart ? fileHi : c.mapstart, c.allocendPage, c.ph.index, true);
  }
  const owner = { get: (page: bigint) => owners.at(page), has: (page: bigint) => owners.at(page) !== undefined };

  // Dirty pages: relocation targets, bss-tail memsets, .dynamic writes.
  const dirtyMap = new Map<bigint, { relocations: number; bssTail: boolean; dynamic: boolean }>();
  const touch = (page: bigint) => {
    let d = dirtyMap.get(page);
    if (d === undefined) {
      d = { relocations: 0, bssTail: false, dynamic: false };
      dirtyMap.set(page, d);
    }
    return d;
  };
  const w = BigInt(facts.wordSize);
  // Entries are 4 KiB pages, or the exact address of a word straddling two
  // (relocation-pages.ts): at any P >= 4 KiB the word's first and last byte
  // say which P-pages it writes.
  for (const [t, n] of facts.relocations.entries) {
    const first = alignDown(t, P);
    const lastPage = alignDown(t + w - 1n, P);
    if (owner.has(first)) touch(first).relocations += n;
    if (lastPage !== first && owner.has(lastPage)) touch(lastPage).relocations += n;
  }
  for (const page of zeroedPages.values()) if (owner.has(page)) touch(page).bssTail = true;
  const adjusts = (loader === 'glibc' || loader === 'kernel') && facts.type === ET.DYN && facts.dynamicWritable;
  const lastOfTag = new Map<bigint, bigint>();
  for (const e of facts.dynamicEntries) lastOfTag.set(e.tag, e.addr + w);
  for (const [tag, valueAddr] of lastOfTag) {
    if (tag === DT.DEBUG || (adjusts && GLIBC_ADJUSTED_TAGS.has(tag))) {
      const page = alignDown(valueAddr, P);
      if (owner.has(page)) touch(page).dynamic = true;
    }
  }
  const dirty: DirtyPage[] = [...dirtyMap.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([page, d]) => ({ page, ...d }));

  // VMAs within the span, classified.
  const regions = space.vmas();
  const vmaList: Vma[] = regions.map((r: Region) => {
    // the owners cover every segment's [mapstart, allocendPage): a VMA no segment owns is a hole
    const seg = owner.get(r.start)?.seg;
    const hole = seg === undefined;
    const nd = countIn(dirty, r.start, r.end);
    return {
      start: r.start,
      end: r.end,
      perms: perms(r.prot),
      backing: hole ? 'hole' : r.anon ? 'anon' : 'file',
      segment: seg,
      relro: relro.protectedPages > 0 && r.start >= relro.protectedStart && r.end <= relro.protectedEnd,
      dirtyPages: nd,
    };
  });

  const dirtyBySeg = new Map<number, number>();
  for (const d of dirty) {
    const s = owners.at(d.page)?.seg;
    if (s !== undefined) dirtyBySeg.set(s, (dirtyBySeg.get(s) ?? 0) + 1);
  }
  const segments: SegmentEstimate[] = cmds.map((c) => {
    const fb = owners.pages(c.ph.index, false, P);
    const an = owners.pages(c.ph.index, true, P);
    const nd = dirtyBySeg.get(c.ph.index) ?? 0;
    return {
      index: c.ph.index,
      flags: c.ph.flags,
      offset: c.ph.offset,
      vaddr: c.ph.vaddr,
      filesz: c.ph.filesz,
      memsz: c.ph.memsz,
      align: c.ph.align,
      problem: undefined,
      firstPage: c.mapstart,
      endPage: c.allocendPage,
      fileBackedPages: fb,
      anonPages: an,
      bssTailPage: zeroedPages.get(c.ph.index),
      dirtyPages: nd,
    };
  });

  return {
    pageSize,
    loader,
    loadable: true,
    problems: [],
    mappedPages: owners.total(false, P) + owners.total(true, P),
    fileBackedPages: owners.total(false, P),
    anonPages: owners.total(true, P),
    vmas: vmaList.length,
    dirtyPages: dirty.length,
    relro,
    segments,
    vmaList,
    dirty,
    notes: estimateNotes(facts, relro, isStatic(facts)),
  };
}

/** What an estimate leaves out, said plainly. */
function estimateNotes(facts: LayoutFacts, relro: RelroEstimate, isStatic: boolean): string[] {
  const notes: string[] = [];
  if (!relro.applied && relro.why !== undefined) notes.push(`PT_GNU_RELRO is not applied: ${relro.why}`);
  if (isStatic) {
    notes.push(
      "statically linked: the C library's startup code writes its own variables before main (glibc also its _rtld_global_ro inside RELRO); those pages are not predicted",
    );
  }
  const n = facts.relocations.ifuncResolvers;
  if (n > 0) {
    notes.push(
      `${n} ${n === 1 ? 'relocation calls an IFUNC resolver' : 'relocations call IFUNC resolvers'} of this object at load time or first call; ` +
        'the pages those resolvers write (their own data, such as a CPU-feature flag in .bss) are not counted',
    );
  }
  for (const p of facts.problems) notes.push(`not read: ${p}`);
  return notes;
}

/** ld.so's DT_RELR check (glibc >= 2.36, elf/dl-version.c _dl_check_map_versions). */
const RELR_VERSION = 'GLIBC_ABI_DT_RELR';

/** The name glibc's dynamic loader has on every architecture (ld-linux*.so.N, ld64.so.N, ld.so.1). */
const GLIBC_INTERPRETER = /(^|\/)(ld-linux[^/]*\.so\.\d+|ld64\.so\.\d+|ld\.so\.1)$/;

/**
 * Why the loader refuses the file outright, if it does. glibc since 2.36
 * refuses an object that has DT_RELR and a DT_VERNEED table and needs
 * libc.so.* but does not need the version GLIBC_ABI_DT_RELR ("DT_RELR
 * without GLIBC_ABI_DT_RELR dependency"): lld's --pack-dyn-relocs=relr
 * without -z pack-relative-relocs makes such files. It checks executables
 * the kernel mapped as well, when glibc's ld.so is their interpreter.
 */
export function loaderRefusal(facts: LayoutFacts, loader: Loader): string | undefined {
  const byGlibc = loader === 'glibc' || (loader === 'kernel' && facts.interpreter !== undefined && GLIBC_INTERPRETER.test(facts.interpreter));
  if (!byGlibc) return undefined;
  const relr = dynamicValueOf(facts, DT.RELR) !== undefined;
  const verneed = dynamicValueOf(facts, DT.VERNEED) !== undefined;
  if (!relr || !verneed || facts.versionNeeds.includes(RELR_VERSION)) return undefined;
  const libc = facts.needed.find((n) => n.startsWith('libc.so.'));
  if (libc === undefined) return undefined;
  return `glibc refuses to load this (since 2.36): DT_RELR without a ${RELR_VERSION} version need from ${libc} ("DT_RELR without GLIBC_ABI_DT_RELR dependency"; link with -z pack-relative-relocs)`;
}

/** Where the loader's file-backed mapping of a segment ends. */
function fileMapEnd(loader: Loader, c: LoadCmd): bigint {
  switch (loader) {
    case 'glibc':
      return c.mapend;
    case 'musl':
      // musl maps the file up to the end of memsz and overlays bss only for writable segments.
      return (c.ph.flags & PF.W) !== 0 ? c.mapend : c.allocendPage;
    case 'bionic':
    case 'kernel':
      return c.ph.filesz > 0n ? c.mapend : c.mapstart;
  }
}

/**
 * Which segment owns each page, as sorted, disjoint intervals (a segment's
 * memsz can be huge). Each assignment finds its place by binary search and
 * the per-segment sums are made in one sweep, so 65,534 LOADs cost
 * n log n (a sort per assignment and a scan per segment made it n²).
 */
class PageOwners {
  private list: { lo: bigint; hi: bigint; seg: number; anon: boolean }[] = [];
  private sums: { total: [number, number]; bySeg: Map<number, [number, number]> } | undefined;

  /** The first interval that ends above ADDR. */
  private firstEndingAfter(addr: bigint): number {
    return partitionPoint(this.list.length, (i) => this.list[i]!.hi <= addr);
  }

  assign(lo: bigint, hi: bigint, seg: number, anon: boolean): void {
    if (hi <= lo) return;
    this.sums = undefined;
    const i = this.firstEndingAfter(lo);
    let j = i;
    const first = this.list[i];
    let last: (typeof this.list)[number] | undefined;
    while (j < this.list.length && this.list[j]!.lo < hi) last = this.list[j++];
    const parts: typeof this.list = [];
    if (first !== undefined && j > i && first.lo < lo) parts.push({ ...first, hi: lo });
    parts.push({ lo, hi, seg, anon });
    if (last !== undefined && last.hi > hi) parts.push({ ...last, lo: hi });
    this.list.splice(i, j - i);
    parts.forEach((p, k) => this.list.splice(i + k, 0, p));
  }

  at(page: bigint): { seg: number; anon: boolean } | undefined {
    const r = this.list[this.firstEndingAfter(page)];
    return r !== undefined && r.lo <= page ? r : undefined;
  }

  private summed(P: bigint): NonNullable<typeof this.sums> {
    if (this.sums !== undefined) return this.sums;
    const total: [number, number] = [0, 0];
    const bySeg = new Map<number, [number, number]>();
    for (const r of this.list) {
      const n = pageCount(r.lo, r.hi, P);
      const k = r.anon ? 1 : 0;
      total[k] += n;
      let s = bySeg.get(r.seg);
      if (s === undefined) bySeg.set(r.seg, (s = [0, 0]));
      s[k] += n;
    }
    this.sums = { total, bySeg };
    return this.sums;
  }

  pages(seg: number, anon: boolean, P: bigint): number {
    return this.summed(P).bySeg.get(seg)?.[anon ? 1 : 0] ?? 0;
  }

  total(anon: boolean, P: bigint): number {
    return this.summed(P).total[anon ? 1 : 0];
  }
}

/** How many of the sorted PAGES lie in [start, end). */
function countIn(pages: readonly { page: bigint }[], start: bigint, end: bigint): number {
  const lower = (x: bigint) => partitionPoint(pages.length, (i) => pages[i]!.page < x);
  return lower(end) - lower(start);
}
