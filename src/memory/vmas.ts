import { partitionPoint } from '../util/arrays.js';
/**
 * A small model of a process's address space over one object's span: the
 * mmap / mprotect calls a loader makes, replayed on a sorted list of
 * regions, then merged the way the kernel merges neighbouring VMAs.
 */

export const PROT = { R: 4, W: 2, X: 1, NONE: 0 } as const;

export interface Region {
  start: bigint;
  end: bigint;
  prot: number;
  /** File-backed (MAP_PRIVATE of the object) or anonymous. */
  anon: boolean;
  /** File offset mapped at `start` (file-backed regions only). */
  offset: bigint;
  /**
   * VM_ACCOUNT: set when a private mapping is or becomes writable and never
   * cleared, so a RELRO part made read-only does not merge with a read-only
   * neighbour that was never writable.
   */
  accounted: boolean;
}

export class AddressSpace {
  private regions: Region[] = [];

  /** mmap(MAP_FIXED): replaces whatever was in [start, end). */
  map(start: bigint, end: bigint, prot: number, anon: boolean, offset: bigint): void {
    if (end <= start) return;
    const i = this.cut(start, end);
    this.regions.splice(i, 0, { start, end, prot, anon, offset, accounted: (prot & PROT.W) !== 0 });
  }

  /** munmap. */
  unmap(start: bigint, end: bigint): void {
    if (end > start) this.cut(start, end);
  }

  /** mprotect over the mapped parts of [start, end). */
  protect(start: bigint, end: bigint, prot: number): void {
    if (end <= start) return;
    this.split(start);
    this.split(end);
    for (let i = this.firstEndingAfter(start); i < this.regions.length && this.regions[i]!.start < end; i++) {
      const r = this.regions[i]!;
      r.prot = prot;
      if ((prot & PROT.W) !== 0) r.accounted = true;
    }
  }

  /** The final VMAs, neighbours merged where the kernel would merge them. */
  vmas(): Region[] {
    const out: Region[] = [];
    for (const r of this.regions) {
      const last = out[out.length - 1];
      if (last !== undefined && mergeable(last, r)) {
        last.end = r.end;
      } else {
        out.push({ ...r });
      }
    }
    return out;
  }

  /**
   * The regions stay sorted and disjoint, so every call finds its place by
   * binary search: a loader's 65,534 mmaps cost n log n, not n² (a sort or a
   * scan per call did).
   */
  private firstEndingAfter(at: bigint): number {
    return partitionPoint(this.regions.length, (i) => this.regions[i]!.end <= at);
  }

  private split(at: bigint): void {
    const i = this.firstEndingAfter(at);
    const r = this.regions[i];
    if (r === undefined || r.start >= at) return;
    const right: Region = { ...r, start: at, offset: r.anon ? r.offset : r.offset + (at - r.start) };
    r.end = at;
    this.regions.splice(i + 1, 0, right);
  }

  /** Removes [start, end); returns where a region starting at `start` belongs. */
  private cut(start: bigint, end: bigint): number {
    this.split(start);
    this.split(end);
    const i = this.firstEndingAfter(start);
    let j = i;
    while (j < this.regions.length && this.regions[j]!.start < end) j++;
    this.regions.splice(i, j - i);
    return i;
  }
}

function mergeable(a: Region, b: Region): boolean {
  if (a.end !== b.start || a.prot !== b.prot || a.anon !== b.anon || a.accounted !== b.accounted) return false;
  return a.anon || b.offset === a.offset + (a.end - a.start);
}

export function perms(prot: number): string {
  return `${prot & PROT.R ? 'r' : '-'}${prot & PROT.W ? 'w' : '-'}${prot & PROT.X ? 'x' : '-'}p`;
}

/** PF_R/PF_W/PF_X (4/2/1) to PROT_READ/WRITE/EXEC bits as used here (same values). */
export function protOf(pflags: number): number {
  return (pflags & 4 ? PROT.R : 0) | (pflags & 2 ? PROT.W : 0) | (pflags & 1 ? PROT.X : 0);
}
