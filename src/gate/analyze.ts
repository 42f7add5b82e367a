import { readelfFlags } from '../names/segment-flags.js';
import { createSha256 } from '../util/sha256.js';
import { constants, lstatSync } from 'node:fs';
import { auditChecks, checksecOrNull, identity } from '../audit/checks.js';
import type { Check, CheckId } from '../audit/types.js';
import { checksecFields } from '../checksec/format.js';
import { bindNowEvidence, type SectionFacts } from '../hardening/index.js';
import { isElfFormatError } from '../elf/errors.js';
import type { ElfFile } from '../elf/file.js';
import { fileModeName, probeElf } from '../elf/probe.js';
import { forEachBlock } from '../elf/source.js';
import { layoutFacts, type LayoutFacts } from '../memory/facts.js';
import { segmentName } from '../memory/format.js';
import { DEFAULT_PAGE_SIZES, defaultLoader, estimateMemory } from '../memory/model.js';
import { abiRecord, type CheckRecord, type FileRecord, type LayoutRecord, type MemoryRecord, type SectionsRecord, type SegmentRecord } from './baseline.js';
import { errnoCode } from '../io/errno.js';

/**
 * One file of a build tree, read once through the ELF reader: its hash,
 * identity, program headers, checksec 2.6.0's and the accurate audit's
 * verdicts, and the page-cost model's facts and estimates. What a baseline
 * records and what the check compares.
 */

export type Analysis =
  | { readonly kind: 'elf'; readonly record: FileRecord; readonly facts: LayoutFacts }
  /** An ELF file whose hash the caller already knows (the baseline has it): not analysed again. */
  | { readonly kind: 'same'; readonly sha256: string }
  /** A regular file without the ELF magic: not part of the gate. */
  | { readonly kind: 'not-elf' }
  /** Not a regular file when opened (a FIFO or device swapped in after the walk): never read. */
  | { readonly kind: 'not-regular'; readonly fileType: string }
  /** Could not be read (permissions, I/O), or carries the ELF magic but its headers cannot be read. */
  | { readonly kind: 'unreadable'; readonly message: string };

/** SHA-256 of the whole file, read through the reader's own descriptor (no second open) into one reused block. */
function sha256(file: ElfFile): string {
  const h = createSha256();
  const src = file.reader.source;
  forEachBlock(src, 0n, src.size, (block) => h.update(block));
  return h.digest('hex');
}

const PATH_CLASSES = new Set(['absolute', 'origin', 'relative', 'empty', 'token']);

function checkRecord(c: Check): CheckRecord {
  const base = { verdict: c.verdict, ok: c.ok, summary: c.summary };
  if (c.id === 'rpath' || c.id === 'runpath') {
    const entries = c.evidence.filter((e) => e.kind === 'rule' && e.name !== undefined && PATH_CLASSES.has(e.name) && e.value !== undefined).map((e) => e.value!);
    return { ...base, entries };
  }
  return base;
}



/** The program headers as a record keeps them: with readelf's type name and flags column. */
export function segmentRecords(facts: LayoutFacts): SegmentRecord[] {
  const sections = facts.segmentSections;
  return facts.programHeaders.map((p, i) => ({
    ...p,
    name: segmentName(facts, p.type),
    flagsText: readelfFlags(p.flags),
    ...(sections === undefined ? {} : { sections: sections[i] ?? [] }),
  }));
}

/** What the page-cost model needs beyond the program headers, compacted (see baseline.ts). */
export function layoutRecord(facts: LayoutFacts): LayoutRecord {
  return {
    isPie: facts.isPie,
    hasInterp: facts.hasInterp,
    bindNow: bindNowEvidence(facts).length > 0,
    wordSize: facts.wordSize,
    dynamicWritable: facts.dynamicWritable,
    dynamic: facts.dynamicEntries.map((e) => [e.tag, e.value, e.addr] as const),
    relocations: facts.relocations.entries,
    ifuncResolvers: facts.relocations.ifuncResolvers,
    interpreter: facts.interpreter ?? null,
    gnuAbiTag: facts.gnuAbiTag,
    needed: facts.needed,
    versionNeeds: facts.versionNeeds,
    soname: facts.soname ?? null,
    sections: sectionsRecord(facts.sections),
    problems: facts.problems,
    linker: facts.linker ?? null,
    ...(facts.abi !== undefined && { abi: abiRecord(facts.abi) }),
  };
}

function sectionsRecord(s: SectionFacts): SectionsRecord {
  return {
    count: s.count,
    gotPlt: s.gotPlt === null ? null : [s.gotPlt.index, s.gotPlt.addr, s.gotPlt.size],
    debugOnly: s.debugOnly,
    ...(s.problem !== undefined && { problem: s.problem }),
  };
}

/** Reads an opened ELF file into a record (ElfFormatError propagates from the headers and the layout). */
export function analyzeElf(file: ElfFile, root: number, path: string, display: string, hash = sha256(file)): { record: FileRecord; facts: LayoutFacts } {
  const id = identity(file);
  const facts = layoutFacts(file, display, { abi: true });
  // checksec 2.6.0's answer, once: the record keeps its fields and the audit compares with it
  const cs = checksecOrNull(file);
  const checks = auditChecks(file, cs);
  const checksec = cs === null ? null : checksecFields(cs, false);
  const audit: Partial<Record<CheckId, CheckRecord>> = {};
  for (const [k, c] of Object.entries(checks) as [CheckId, Check][]) audit[k] = checkRecord(c);
  const loader = defaultLoader(facts);
  const memory: MemoryRecord[] = DEFAULT_PAGE_SIZES.map((p) => {
    const e = estimateMemory(facts, p, loader);
    return {
      pageSize: p,
      loader,
      loadable: e.loadable,
      mappedPages: e.mappedPages,
      fileBackedPages: e.fileBackedPages,
      anonPages: e.anonPages,
      vmas: e.vmas,
      dirtyPages: e.dirtyPages,
      relroProtectedPages: e.relro.protectedPages,
    };
  });
  const record: FileRecord = {
    root,
    path,
    size: file.size,
    sha256: hash,
    class: id.class,
    data: id.data,
    machine: id.machine,
    machineNumber: id.machineNumber,
    type: id.type,
    typeNumber: file.header.type,
    osabi: id.osabi,
    programHeaders: segmentRecords(facts),
    checksec,
    audit,
    layout: layoutRecord(facts),
    memory,
  };
  return { record, facts };
}

function ioMessage(e: unknown): string {
  const code = errnoCode(e);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'vanished while the tree was read';
  return code ?? String(e);
}

const CHANGED_TO_LINK = 'changed while the tree was read: now a symbolic link, not followed';

/**
 * Analyses one path found by the walk. Stats first and opens non-blocking
 * (probeElf), so a FIFO or device that replaced a file is never read. When
 * `known` says the file's hash is already on record, it is not analysed.
 */
export function analyzePath(fsPath: Buffer, root: number, path: string, display: string, known?: (sha256: string) => boolean): Analysis {
  // lstat and O_NOFOLLOW: a file swapped for a symbolic link (to /etc/shadow, out of the tree)
  // after the walk listed it is reported as changed, never followed
  try {
    const st = lstatSync(fsPath);
    if (st.isSymbolicLink()) return { kind: 'unreadable', message: CHANGED_TO_LINK };
    if (!st.isFile()) return { kind: 'not-regular', fileType: fileModeName(st.mode) };
  } catch (e) {
    return { kind: 'unreadable', message: ioMessage(e) };
  }
  let probe;
  try {
    probe = probeElf(fsPath, display, constants.O_NOFOLLOW);
  } catch (e) {
    if (errnoCode(e) === 'ELOOP') return { kind: 'unreadable', message: CHANGED_TO_LINK };
    return { kind: 'unreadable', message: ioMessage(e) };
  }
  switch (probe.kind) {
    case 'not-regular':
      return { kind: 'not-regular', fileType: probe.fileType };
    case 'not-elf':
      return { kind: 'not-elf' };
    case 'truncated':
      return { kind: 'unreadable', message: `ELF magic, but the header cannot be read: ${probe.error.message}` };
    case 'elf':
      try {
        const hash = sha256(probe.file);
        if (known?.(hash) === true) return { kind: 'same', sha256: hash };
        return { kind: 'elf', ...analyzeElf(probe.file, root, path, display, hash) };
      } catch (e) {
        if (isElfFormatError(e)) return { kind: 'unreadable', message: `ELF file whose headers cannot be read: ${e.message} (at offset 0x${e.offset.toString(16)})` };
        const code = errnoCode(e);
        if (code !== undefined) return { kind: 'unreadable', message: ioMessage(e) };
        throw e;
      } finally {
        probe.file.close();
      }
  }
}
