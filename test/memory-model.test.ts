import { describe, expect, it } from 'vitest';
import { parseElf, PT } from '../src/index.js';
import { AddressSpace, estimateMemory, layoutFacts, PROT, type LayoutFacts, type Loader } from '../src/memory/index.js';
import { diffLayouts } from '../src/diff/index.js';
import { symbolKey } from '../src/diff/abi.js';
import { readFacts } from '../src/memory/report.js';
import { headerVerdicts } from '../src/hardening/index.js';
import { buildElf, gnuAbiTagSection, type PhdrSpec } from './helpers/elf-builder.js';
import { buildSeed, SEED_NEW, SEED_OLD } from './helpers/seed-builds.js';

const R = 4;
const W = 2;
const X = 1;

function facts(bytes: Buffer, name = 'x.so'): LayoutFacts {
  return layoutFacts(parseElf(bytes, name), name);
}

function so(phdrs: PhdrSpec[], type = 3): LayoutFacts {
  return facts(buildElf({ bits: 64, type, phdrs }));
}

function counts(f: LayoutFacts, p: number, loader: Loader = 'glibc') {
  const e = estimateMemory(f, p, loader);
  return { mapped: e.mappedPages, vmas: e.vmas, dirty: e.dirtyPages, relro: e.relro.protectedPages };
}

describe('the seed: RELRO added to an ARM shared object', () => {
  const oldF = facts(buildSeed(SEED_OLD), 'old.so');
  const newF = facts(buildSeed(SEED_NEW), 'new.so');

  it('reads the crafted builds as the seed has them', () => {
    expect(oldF.machine).toBe(40);
    expect(oldF.bits).toBe(32);
    expect(newF.programHeaders.map((p) => p.type)).toEqual([0x70000001, 1, 1, 2, 4, 0x6474e551, 0x6474e552]);
    // The six R_ARM_RELATIVE targets all lie in the page at 0x2d000.
    expect(SEED_OLD.relocations.every((t) => t >= 0x2d000n && t < 0x2e000n)).toBe(true);
    expect(oldF.relocations).toMatchObject({ entries: [[0x2d000n, 6]], total: 6, ifuncResolvers: 0, problems: [] });
  });

  it('at 4 KiB the RW LOAD spans one page before and two after: +1 page, +1 VMA, +1 dirty page', () => {
    expect(counts(oldF, 4096)).toEqual({ mapped: 31, vmas: 3, dirty: 1, relro: 0 });
    expect(counts(newF, 4096)).toEqual({ mapped: 32, vmas: 4, dirty: 2, relro: 1 });
    const e = estimateMemory(newF, 4096, 'glibc');
    expect(e.vmaList.map((v) => `${v.start.toString(16)}-${v.end.toString(16)} ${v.perms} ${v.backing}`)).toEqual([
      '0-1e000 r-xp file',
      '1e000-2d000 ---p hole',
      '2d000-2e000 r--p file',
      '2e000-2f000 rw-p file',
    ]);
    expect(e.relro.unprotectedTailBytes).toBe(0);
  });

  it('at 16 and 64 KiB there is no delta, and RELRO protects nothing', () => {
    for (const p of [16384, 65536]) {
      expect(counts(newF, p)).toEqual(counts(oldF, p));
      const e = estimateMemory(newF, p, 'glibc');
      expect(e.relro.protectedPages).toBe(0);
      expect(e.relro.unprotectedTailBytes).toBe(0x3b4);
    }
    expect(counts(oldF, 16384)).toEqual({ mapped: 9, vmas: 3, dirty: 1, relro: 0 });
    expect(counts(oldF, 65536)).toEqual({ mapped: 3, vmas: 2, dirty: 1, relro: 0 });
  });

  it('the diff says why', () => {
    // 32-bit ARM code meets 16 and 64 KiB pages on arm64 kernels (AArch32 compat).
    const d = diffLayouts(oldF, newF, { pageSizes: [4096, 16384, 65536] });
    expect(d.memory.map((m) => m.delta)).toEqual([
      { mappedPages: 1, vmas: 1, dirtyPages: 1 },
      { mappedPages: 0, vmas: 0, dirtyPages: 0 },
      { mappedPages: 0, vmas: 0, dirtyPages: 0 },
    ]);
    expect(d.memory[0]!.causes).toContain('GNU_RELRO added: the RW LOAD now spans 2 pages instead of 1');
    expect(d.memory[1]!.summary).toBe('no change');
    expect(d.memory[1]!.causes.join('\n')).toMatch(/RELRO protects nothing at 16 KiB pages/);
    expect(d.segments.added.map((p) => p.type)).toEqual([PT.GNU_RELRO]);
    expect(d.hardening.relro).toEqual({ old: 'none', new: 'partial', changed: true });
    expect(d.new.padding - d.old.padding).toBe(0x92cn - 4n);
  });
});

describe('loaders', () => {
  // A RW LOAD whose RELRO part ends mid-page, with bss past a page.
  const rw: PhdrSpec[] = [
    { type: PT.LOAD, flags: R | X, offset: 0n, vaddr: 0n, filesz: 0x1800n, memsz: 0x1800n, align: 0x1000n },
    { type: PT.LOAD, flags: R | W, offset: 0x1e00n, vaddr: 0x3e00n, filesz: 0x400n, memsz: 0x2400n, align: 0x1000n },
    { type: PT.GNU_RELRO, flags: R, offset: 0x1e00n, vaddr: 0x3e00n, filesz: 0x300n, memsz: 0x300n, align: 1n },
  ];
  const f = so(rw);

  it('glibc: hole as ---p, bss tail zeroed, bss past it anonymous, RELRO rounded down', () => {
    const e = estimateMemory(f, 4096, 'glibc');
    expect(e.vmaList.map((v) => `${v.perms} ${v.backing}`)).toEqual(['r-xp file', '---p hole', 'r--p file', 'rw-p file', 'rw-p anon']);
    expect(e.relro).toMatchObject({ protectedPages: 1, unprotectedTailBytes: 0x100, overProtectedBytes: 0 });
    const seg = e.segments[1]!;
    expect(seg).toMatchObject({ fileBackedPages: 2, anonPages: 2, bssTailPage: 0x4000n });
    expect(e.mappedPages).toBe(6);
  });

  it('bionic rounds the RELRO end up and protects bytes past it', () => {
    const e = estimateMemory(f, 4096, 'bionic');
    expect(e.relro).toMatchObject({ protectedPages: 2, unprotectedTailBytes: 0, overProtectedBytes: 0xf00 });
    expect(e.vmaList.find((v) => v.backing === 'hole')?.perms).toBe('---p');
  });

  it('musl keeps the hole in the first mapping: no extra VMA', () => {
    const e = estimateMemory(f, 4096, 'musl');
    expect(e.vmaList.map((v) => `${v.perms} ${v.backing}`)).toEqual(['r-xp file', 'r--p file', 'rw-p file', 'rw-p anon']);
    expect(e.vmaList[0]!.end).toBe(0x3000n);
  });

  it('the kernel leaves holes unmapped and maps bss with brk (a static glibc executable: its startup applies RELRO)', () => {
    const exe = facts(buildElf({ bits: 64, type: 2, phdrs: rw, sections: [gnuAbiTagSection()] }));
    expect(exe.gnuAbiTag).toBe(true);
    const e = estimateMemory(exe, 4096, 'kernel');
    expect(e.vmaList.map((v) => `${v.perms} ${v.backing}`)).toEqual(['r-xp file', 'r--p file', 'rw-p file', 'rw-p anon']);
    expect(e.loader).toBe('kernel');
    expect(e.notes).toEqual([expect.stringMatching(/^statically linked: the C library's startup code writes its own variables before main/)]);
  });

  it('a static executable without glibc startup code (musl, Go, nolibc): RELRO is not applied, and the estimate says why', () => {
    const exe = so(rw, 2);
    expect(exe.gnuAbiTag).toBe(false);
    const e = estimateMemory(exe, 4096, 'kernel');
    expect(e.vmaList.map((v) => `${v.perms} ${v.backing}`)).toEqual(['r-xp file', 'rw-p file', 'rw-p anon']);
    expect(e.relro).toMatchObject({ applied: false, protectedPages: 0, unprotectedTailBytes: 0x300 });
    expect(e.notes.join('\n')).toMatch(/PT_GNU_RELRO is not applied: statically linked without glibc's startup code/);
  });

  it('refuses a page size that p_align is not a multiple of', () => {
    const e = estimateMemory(f, 16384, 'glibc');
    expect(e.loadable).toBe(false);
    expect(e.problems[0]).toMatch(/p_align 0x1000 is not a multiple of the 16384-byte page: it cannot load/);
    expect(e.mappedPages).toBe(0);
  });

  it('does not map relocatable objects or core dumps', () => {
    for (const [type, what] of [
      [1, 'a relocatable object'],
      [4, 'a core dump'],
    ] as const) {
      const e = estimateMemory(so(rw, type), 4096, 'glibc');
      expect(e.loadable).toBe(false);
      expect(e.problems).toEqual([`${what} is not mapped by a loader: only executables and shared objects are`]);
    }
  });

  it('counts pages of huge segments without enumerating them', () => {
    const big = so([{ type: PT.LOAD, flags: R | W, offset: 0n, vaddr: 0n, filesz: 0x100n, memsz: 1n << 44n, align: 0x1000n }]);
    const e = estimateMemory(big, 4096, 'glibc');
    expect(e.anonPages).toBe(2 ** 32 - 1);
    expect(e.vmas).toBe(2);
  });

  it('dirties the .dynamic page holding DT_DEBUG', () => {
    const b = buildElf({
      bits: 64,
      type: 3,
      minSize: 0x3000,
      phdrs: [
        { type: PT.LOAD, flags: R | W, offset: 0n, vaddr: 0n, filesz: 0x3000n, memsz: 0x3000n, align: 0x1000n },
        { type: PT.DYNAMIC, flags: R, offset: 0x2000n, vaddr: 0x2000n, filesz: 0x40n, memsz: 0x40n, align: 8n },
      ],
    });
    b.writeBigUInt64LE(21n, 0x2000); // DT_DEBUG
    b.writeBigUInt64LE(0n, 0x2010); // DT_NULL
    const e = estimateMemory(facts(b), 4096, 'glibc');
    expect(e.dirty).toEqual([{ page: 0x2000n, relocations: 0, bssTail: false, dynamic: true }]);
  });
});

describe('AddressSpace', () => {
  it('splits on mprotect and merges equal neighbours of one mapping', () => {
    const s = new AddressSpace();
    s.map(0n, 0x4000n, PROT.R, false, 0n);
    s.protect(0x1000n, 0x2000n, PROT.NONE);
    expect(s.vmas()).toHaveLength(3);
    s.protect(0x1000n, 0x2000n, PROT.R);
    expect(s.vmas()).toHaveLength(1);
  });

  it('does not merge a RELRO part that was writable with a read-only neighbour', () => {
    const s = new AddressSpace();
    s.map(0n, 0x1000n, PROT.R, false, 0n);
    s.map(0x1000n, 0x3000n, PROT.R | PROT.W, false, 0x1000n);
    s.protect(0x1000n, 0x2000n, PROT.R);
    expect(s.vmas().map((v) => v.end)).toEqual([0x1000n, 0x2000n, 0x3000n]);
  });
});

describe('header verdicts', () => {
  it("the diff's RELRO, NX and PIE come from the facts it has, in the audit's words", () => {
    const v = headerVerdicts(so([{ type: PT.GNU_STACK, flags: R | W | X }, { type: PT.GNU_RELRO, memsz: 0x10n }]));
    expect([v.relro.verdict, v.nx.verdict, v.pie.verdict]).toEqual(['partial', 'no', 'shared-object']);
    const exe = headerVerdicts(so([], 2));
    expect([exe.relro.verdict, exe.nx.verdict, exe.pie.verdict]).toEqual(['none', 'kernel-dependent', 'no']);
  });
});

describe('what the facts read', () => {
  it('leaves the ABI facts unread unless asked: memory never shows them, diff and the gate ask', () => {
    expect(readFacts('samples/x86_64/libdemo.so').abi).toBeUndefined();
    const abi = readFacts('samples/x86_64/libdemo.so', { abi: true }).abi;
    expect(abi?.exports.length).toBeGreaterThan(0);
    const keys = abi!.exports.map(symbolKey);
    expect(keys).toEqual([...keys].sort());
  });
});
