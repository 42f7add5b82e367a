import { pushAll } from '../util/arrays.js';
import { eachLine, parseMapsLine, type MapsEntry } from './maps.js';

/**
 * /proc/PID/smaps: each VMA's maps line followed by `Key: value [kB]` lines
 * (Size, KernelPageSize, MMUPageSize, Rss, Pss, Pss_Dirty, Shared_Clean,
 * Shared_Dirty, Private_Clean, Private_Dirty, Referenced, Anonymous, …,
 * Swap, SwapPss, Locked, THPeligible) and `VmFlags: rd wr mr …`. Which keys
 * appear depends on the kernel, so every key is kept by name.
 */

export interface SmapsEntry extends MapsEntry {
  /** Every `Key: N [kB]` line: sizes in kB, others (THPeligible, ProtectionKey) as given. */
  readonly fields: ReadonlyMap<string, number>;
  readonly vmFlags: readonly string[];
}

const FIELD = /^([A-Za-z_()0-9]+):\s+(\d+)(?: kB)?\s*$/;

/** A field's value (0 when this kernel does not report it). */
export function field(e: { readonly fields: ReadonlyMap<string, number> }, key: string): number {
  return e.fields.get(key) ?? 0;
}

/** Parses the key lines that follow a header line (shared with smaps_rollup). */
export function parseFieldLine(line: Buffer, fields: Map<string, number>, flags: string[] | undefined): boolean {
  const text = line.toString('latin1');
  if (text.startsWith('VmFlags:')) {
    if (flags !== undefined) pushAll(flags, text.slice(8).trim().split(/\s+/).filter((s) => s.length > 0));
    return true;
  }
  const m = FIELD.exec(text);
  if (m === null) return false;
  fields.set(m[1]!, Number(m[2]));
  return true;
}

/**
 * Parses smaps. KEEP, when given, names the only keys kept (`VmFlags`
 * included or not): pmap needs three of some 25 per VMA, and 60,000 VMAs'
 * maps of every key were most of its memory.
 */
export function parseSmaps(buf: Buffer, keep?: ReadonlySet<string>): SmapsEntry[] {
  return Array.from(eachSmapsEntry(eachLine(buf), keep));
}

/**
 * parseSmaps over lines as they are read (src/proc/read.ts
 * processFileLines): each VMA's entry once its block has ended, so a
 * caller that prints it and lets it go holds one block at a time.
 */
export function* eachSmapsEntry(lines: Iterable<Buffer>, keep?: ReadonlySet<string>): Generator<SmapsEntry> {
  let entry: SmapsEntry | undefined;
  let fields = new Map<string, number>();
  let flags: string[] = [];
  const wanted = (line: Buffer) => {
    if (keep === undefined) return true;
    const colon = line.indexOf(0x3a);
    return colon > 0 && keep.has(line.toString('latin1', 0, colon));
  };
  for (const line of lines) {
    // Keys start with an upper-case letter, VMA lines with a lower-case hex digit.
    const c = line[0];
    if (c !== undefined && c >= 0x41 && c <= 0x5a) {
      if (entry !== undefined && wanted(line)) parseFieldLine(line, fields, flags);
      continue;
    }
    const head = parseMapsLine(line);
    if (head === undefined) continue;
    if (entry !== undefined) yield entry;
    fields = new Map();
    flags = [];
    entry = { ...head, fields, vmFlags: flags };
  }
  if (entry !== undefined) yield entry;
}
