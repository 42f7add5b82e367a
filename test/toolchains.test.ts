/**
 * Toolchain-aware verdicts on the binaries samples/toolchains/build.sh
 * builds (its VERSIONS file names the compilers): Rust and Go code get
 * canary and FORTIFY `n/a` with the reason, musl without `__*_chk` imports
 * gets FORTIFY `unknown` (never `no`), sanitizer builds are BAD, and
 * stack-clash probes are counted from the machine code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditPath, type Check, type CheckId } from '../src/audit/index.js';
import { compilerOf, goBuildInfoVersion } from '../src/hardening/index.js';
import { openElf, parseElf } from '../src/elf/index.js';
import { WindowSource } from '../src/elf/archive.js';
import { type ElfFormatError, isElfFormatError } from '../src/elf/errors.js';
import { ElfFile } from '../src/elf/file.js';
import { ElfReader } from '../src/elf/reader.js';
import { BufferSource, FileSource, forEachBlock } from '../src/elf/source.js';
import { auditChecks } from '../src/audit/checks.js';
import { firstRustLibraryPath, RUST_LIBRARY_PATH } from '../src/hardening/toolchain.js';
import { maxOf } from '../src/util/arrays.js';
import { buildDynImage } from './helpers/checksec-images.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const T = 'samples/toolchains';
function check(name: string, id: CheckId): Check {
  const a = auditPath(Buffer.from(`${T}/${name}`));
  expect(a.error).toBeUndefined();
  return a.checks![id]!;
}
const texts = (c: Check) => c.evidence.map((e) => e.text).join('\n');

describe('the toolchain is named with its evidence', () => {
  it('Rust: rustc from .comment, glibc from the interpreter and GLIBC_* needs', () => {
    const c = check('rust', 'toolchain');
    expect(c.verdict).toBe('rust+glibc');
    expect(c.summary).toMatch(/^rustc \d+\.\d+\.\d+/);
    expect(texts(c)).toMatch(/\.comment names rustc/);
    expect(texts(c)).toContain("ld-linux-x86-64.so.2: glibc's dynamic linker");
    expect(texts(c)).toMatch(/needs \d+ GLIBC_\* version\(s\), the newest GLIBC_2\.\d+/);
  });
  it('Go: .go.buildinfo with its version and the Go build-ID note; no C library', () => {
    const c = check('go', 'toolchain');
    expect(c.verdict).toBe('go');
    expect(c.summary).toMatch(/^go1\.\d+/);
    expect(c.summary).toContain('no C library (Go runtime)');
    expect(texts(c)).toMatch(/\.go\.buildinfo: Go's build information \(go1\.\d+/);
    expect(texts(c)).toContain('Go build-ID note');
  });
  it("musl: ld-musl-* for a dynamic PIE, crt1's _start for a stripped static one", () => {
    expect(check('musl-pie', 'toolchain').verdict).toBe('c+musl');
    expect(texts(check('musl-pie', 'toolchain'))).toContain("ld-musl-x86_64.so.1: musl's dynamic linker");
    const s = check('musl-static', 'toolchain');
    expect(s.verdict).toBe('c+musl');
    expect(texts(s)).toContain("is musl's crt1 _start");
  });
  it('gcc and clang with their versions', () => {
    expect(check('gcc-clash', 'toolchain').summary).toMatch(/^gcc \d+\.\d+\.\d+; glibc$/);
    expect(check('clang-pie', 'toolchain').summary).toMatch(/clang \d+\.\d+\.\d+/);
    expect(compilerOf('GCC: (Debian 12.2.0-14+deb12u1) 12.2.0')).toMatchObject({ name: 'gcc', version: '12.2.0' });
    expect(compilerOf('Debian clang version 14.0.6')).toMatchObject({ name: 'clang', version: '14.0.6' });
    expect(compilerOf('rustc version 1.63.0')).toMatchObject({ name: 'rustc', version: '1.63.0' });
    expect(compilerOf('Linker: LLD 16.0.6')).toMatchObject({ name: 'lld', version: '16.0.6' });
    expect(compilerOf('GNU assembler 2.40')).toBeUndefined();
  });
  it(".go.buildinfo's inline version string (Go 1.18+) is read; an older layout gives none", () => {
    const head = Buffer.alloc(32);
    head.write('\xff Go buildinf:', 0, 'latin1');
    head[14] = 8;
    head[15] = 2;
    expect(goBuildInfoVersion(Buffer.concat([head, Buffer.from([8]), Buffer.from('go1.21.0')]))).toBe('go1.21.0');
    head[15] = 0;
    expect(goBuildInfoVersion(Buffer.concat([head, Buffer.from([8]), Buffer.from('go1.21.0')]))).toBeUndefined();
  });
});

describe('canary and FORTIFY follow the toolchain', () => {
  it('Rust: canary and fortify are n/a with the reason, not BAD', () => {
    const c = check('rust', 'canary');
    expect(c).toMatchObject({ verdict: 'n/a', ok: null });
    expect(c.summary).toContain('Rust code: rustc has no stable stack protector');
    expect(c.checksec).toMatchObject({ value: 'No Canary found', agrees: false });
    const f = check('rust', 'fortify');
    expect(f).toMatchObject({ verdict: 'n/a', ok: null });
    expect(f.summary).toContain('FORTIFY_SOURCE does not apply');
    // the libc functions Rust's std imports are still listed
    expect(texts(f)).toMatch(/has a fortified variant/);
  });
  it('Go: canary and fortify are n/a', () => {
    expect(check('go', 'canary')).toMatchObject({ verdict: 'n/a', ok: null });
    expect(check('go', 'canary').summary).toContain('Go code');
    expect(check('go', 'fortify').verdict).toBe('n/a');
  });
  it('musl without __*_chk imports: fortify unknown, never no (dynamic and static)', () => {
    for (const s of ['musl-pie', 'musl-static']) {
      const f = check(s, 'fortify');
      expect(f).toMatchObject({ verdict: 'unknown', ok: null });
      expect(f.summary).toContain('musl');
    }
  });
  it('glibc C code keeps the C rules: gcc without -D_FORTIFY_SOURCE is no, clang -fstack-protector-strong is yes', () => {
    expect(check('gcc-noclash', 'fortify')).toMatchObject({ verdict: 'no', ok: false });
    expect(check('clang-pie', 'canary')).toMatchObject({ verdict: 'yes', ok: true });
  });
  it('FORTIFY levels: 1 leaves snprintf unfortified, 2 and 3 fortify both; the level itself cannot be known without annobin notes', () => {
    expect(check('gcc-fortify1', 'fortify').verdict).toBe('partial');
    for (const n of [2, 3]) {
      const f = check(`gcc-fortify${n}`, 'fortify');
      expect(f.verdict).toBe('yes');
      expect(texts(f)).toContain('the FORTIFY level (1, 2 or 3) cannot be known: no annobin notes');
    }
  });
});

describe('C objects linked into Rust code', () => {
  it('their stack protector and fortified calls are reported, and said to be theirs', () => {
    const img = buildDynImage({
      bits: 64,
      dynsym: [{ name: 'rust_begin_unwind', type: 2, shndx: 7 }, { name: '__stack_chk_fail' }, { name: '__memcpy_chk' }, { name: 'memcpy' }],
    });
    const c = auditChecks(parseElf(img));
    expect(c.canary).toMatchObject({ verdict: 'yes', ok: true });
    expect(c.canary!.summary).toContain('C objects linked into this Rust program use the stack protector');
    expect(c.fortify!.verdict).toBe('partial');
    expect(c.fortify!.summary).toBe('C objects linked into this Rust program: fortified: memcpy; not fortified: memcpy');
    expect(c.toolchain!.verdict).toBe('rust');
  });
});

describe('sanitizers', () => {
  it('ASan and UBSan builds are BAD: a debugging build, not for release', () => {
    const a = check('gcc-asan', 'sanitizer');
    expect(a).toMatchObject({ verdict: 'asan', ok: false });
    expect(a.summary).toContain('a debugging build; not for release');
    expect(texts(a)).toMatch(/__asan_\w+ is imported/);
    expect(check('gcc-ubsan', 'sanitizer')).toMatchObject({ verdict: 'ubsan', ok: false });
    expect(texts(check('gcc-ubsan', 'sanitizer'))).toMatch(/__ubsan_handle_\w+ is imported/);
  });
  it('a release build has none; a stripped static one cannot be told', () => {
    expect(check('gcc-clash', 'sanitizer')).toMatchObject({ verdict: 'none', ok: true });
    expect(check('musl-static', 'sanitizer')).toMatchObject({ verdict: 'unknown', ok: null });
  });
});

describe('stack-clash probes', () => {
  it('x86-64 gcc: probes counted with -fstack-clash-protection, an unprobed 64 KiB frame without', () => {
    const y = check('gcc-clash', 'stack-clash');
    expect(y).toMatchObject({ verdict: 'yes', ok: true });
    expect(texts(y)).toContain('1 probe site(s): sub rsp, 0x1000 followed by or qword [rsp], 0');
    const n = check('gcc-noclash', 'stack-clash');
    expect(n).toMatchObject({ verdict: 'no', ok: false });
    expect(n.summary).toContain('without probing it');
  });
  it('AArch64 gcc: sub sp, sp, #N, lsl #12 then str xzr, [sp, #1024]', () => {
    expect(check('aarch64-clash', 'stack-clash')).toMatchObject({ verdict: 'yes', ok: true });
    expect(check('aarch64-noclash', 'stack-clash')).toMatchObject({ verdict: 'no', ok: false });
  });
  it('i386 gcc: sub esp, 0x1000 then or dword [esp], 0; clang on x86-64 probes with mov qword [rsp], 0', () => {
    expect(check('i686-clash', 'stack-clash')).toMatchObject({ verdict: 'yes', ok: true });
    expect(check('i686-noclash', 'stack-clash')).toMatchObject({ verdict: 'no', ok: false });
    expect(check('clang-clash', 'stack-clash')).toMatchObject({ verdict: 'yes', ok: true });
  });
  it('Rust probes its stack inline on x86-64; Go has no guard page to jump (n/a)', () => {
    expect(check('rust', 'stack-clash').verdict).toBe('yes');
    expect(check('go', 'stack-clash')).toMatchObject({ verdict: 'n/a', ok: null });
  });
  it('no large frame at all is unknown, and an architecture without a known pattern is unknown', () => {
    expect(auditPath(Buffer.from('samples/x86_64/hello-pie')).checks!['stack-clash']).toMatchObject({ verdict: 'unknown', ok: null });
    const mips = auditPath(Buffer.from('samples/mips/hello-pie')).checks!['stack-clash']!;
    expect(mips).toMatchObject({ verdict: 'unknown', ok: null });
    expect(mips.summary).toContain('no known stack-clash probe pattern');
  });
  it('code is read in bounded pieces that overlap, so a pattern across a piece boundary is seen whole', () => {
    const f = openElf('samples/toolchains/gcc-clash');
    try {
      const text = f.sectionByName('.text')!;
      const pieces: [number, bigint][] = [];
      f.forEachChunk(text.offset, text.size, '.text', (b, start) => pieces.push([b.length, start]), 64, 16);
      expect(maxOf(pieces.map((p) => p[0]))).toBe(64);
      expect(pieces[1]![1] - pieces[0]![1]).toBe(48n);
      const last = pieces[pieces.length - 1]!;
      expect(last[1] + BigInt(last[0])).toBe(text.offset + text.size);
    } finally {
      f.close();
    }
  });
});

describe('SafeStack and Clang CFI', () => {
  it('stripped: unknown (their marks are local symbols); with .symtab and none of them: no, and not a defect', () => {
    expect(check('clang-pie', 'safestack')).toMatchObject({ verdict: 'unknown', ok: null });
    expect(auditPath(Buffer.from('samples/x86_64/hello-pie')).checks!.safestack).toMatchObject({ verdict: 'no', ok: null });
    expect(auditPath(Buffer.from('samples/x86_64/hello-pie')).checks!['clang-cfi']).toMatchObject({ verdict: 'no', ok: null });
  });
  it("SafeStack's runtime and cross-DSO CFI's slow path are found among the dynamic symbols", () => {
    const ss = auditChecks(parseElf(buildDynImage({ bits: 64, dynsym: [{ name: '__safestack_init', type: 2, shndx: 7 }] })));
    expect(ss.safestack).toMatchObject({ verdict: 'yes', ok: true });
    const cfi = auditChecks(parseElf(buildDynImage({ bits: 64, dynsym: [{ name: '__cfi_slowpath' }] })));
    expect(cfi['clang-cfi']).toMatchObject({ verdict: 'yes', ok: true });
    expect(cfi['clang-cfi']!.evidence[0]!.text).toContain("__cfi_slowpath is CFI's runtime");
  });
});

describe('a stripped Rust program without .comment', () => {
  it("is still Rust: std's source paths in .rodata (as in Debian's ripgrep, whose .comment is gone)", () => {
    const bytes = readFileSync(`${T}/rust`);
    const f = openElf(`${T}/rust`);
    let comment;
    try {
      comment = f.sectionByName('.comment')!;
    } finally {
      f.close();
    }
    bytes.fill(0, Number(comment.offset), Number(comment.offset + comment.size));
    const dir = mkdtempSync(join(tmpdir(), 'elfaudit-rust-'));
    const path = join(dir, 'rust-nocomment');
    writeFileSync(path, bytes);
    const a = auditPath(Buffer.from(path));
    expect(a.checks!.toolchain!.verdict).toBe('rust+glibc');
    expect(texts(a.checks!.toolchain!)).toMatch(/\.rodata at offset 0x[0-9a-f]+ holds Rust's std source path "\/rustc\/[0-9a-f]{40}\/library\/\w+\/src\/…" \(rustc commit [0-9a-f]{12}\)/);
    expect(a.checks!.canary).toMatchObject({ verdict: 'n/a', ok: null });
    expect(a.checks!.fortify).toMatchObject({ verdict: 'n/a', ok: null });
  });
});

describe("std's source paths are found as the regular expression finds them", () => {
  const pieces = ['/rustc-', '/rustc/', '/usr/src', '1.63.0', '1.70', '.', '0', 'a', 'f', 'g', '/', '-', '/library/', 'core/src/', 'std/src/', 'alloc/src/', 'x', '\0', 'e'.repeat(40), '0123456789abcdef'.repeat(3).slice(0, 40)];
  it('on texts made of the pieces of such paths: the same first match, at the same offset', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const piece = Buffer.from(parts.join(''), 'latin1');
        const want = RUST_LIBRARY_PATH.exec(piece.toString('latin1'));
        const got = firstRustLibraryPath(piece);
        expect(got === null ? null : [got[0], got[1], got.index]).toEqual(want === null ? null : [want[0], want[1], want.index]);
      }),
      { numRuns: 3000 },
    );
  });
  it('on the two forms rustc writes', () => {
    const hash = '90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf';
    const text = `panicked at /rustc/${hash}/library/core/src/fmt/mod.rs and /usr/src/rustc-1.63.0/library/std/src/io.rs`;
    expect(firstRustLibraryPath(Buffer.from(text, 'latin1'))).toEqual({ 0: `/rustc/${hash}/library/core/src/`, 1: hash, index: 12 });
    expect(firstRustLibraryPath(Buffer.from(text.slice(40), 'latin1'))).toMatchObject({ 1: '1.63.0' });
    expect(firstRustLibraryPath(Buffer.from('/rustc-1.63/library/std/src/', 'latin1'))).toBeNull();
  });
});

describe('pieces read into one reused buffer', () => {
  it('hold the file bytes, share one memory, and a visit inside a visit gets fresh pieces of its own', () => {
    const f = openElf('samples/toolchains/gcc-clash');
    try {
      const text = f.sectionByName('.text')!;
      const reused: Buffer[] = [];
      const fresh: Buffer[] = [];
      const memory = new Set<ArrayBufferLike>();
      let inner = 0;
      f.forEachChunk(text.offset, text.size, '.text', (b, start) => {
        reused.push(Buffer.from(b));
        fresh.push(Buffer.from(f.reader.readRange(start, BigInt(b.length), '.text')));
        memory.add(b.buffer);
        f.forEachChunk(start, 8n, '.text', (c) => {
          expect(c.buffer === b.buffer && c.byteOffset === b.byteOffset).toBe(false);
          expect(c).toEqual(b.subarray(0, 8));
          inner++;
        }, 64, 16);
      }, 64, 16);
      expect(reused.length).toBeGreaterThan(2);
      expect(reused).toEqual(fresh);
      expect(memory.size).toBe(1);
      expect(inner).toBe(fresh.length);
    } finally {
      f.close();
    }
  });
  it('a file that ends while it is read raises ElfFormatError at the offset where its bytes ran out', () => {
    const bytes = readFileSync('samples/toolchains/gcc-clash');
    const whole = parseElf(bytes);
    const text = whole.sectionByName('.text')!;
    // a source that says the file is whole but whose bytes stop 100 bytes into .text
    const cut = Number(text.offset) + 100;
    const src = new BufferSource(bytes);
    const short = { size: src.size, read: (o: bigint, n: number) => src.read(o, Math.max(0, Math.min(n, cut - Number(o)))),
      readInto: (o: bigint, n: number, into: Buffer) => src.readInto(o, Math.max(0, Math.min(n, cut - Number(o))), into), close: () => {} };
    const f = new ElfFile(ElfReader.fromSource(short));
    let err: unknown;
    try {
      f.forEachChunk(text.offset, text.size, '.text', () => {}, 64, 16);
    } catch (e) {
      err = e;
    }
    expect(isElfFormatError(err)).toBe(true);
    expect((err as ElfFormatError).offset).toBe(BigInt(cut));
  });
  it('an archive member (a window of its archive) is read into the same block, its offsets from its start', () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff));
    const member = new WindowSource(new BufferSource(bytes), 1000n, 1500n);
    const seen: Buffer[] = [];
    const memory = new Set<ArrayBufferLike>();
    const done = forEachBlock(member, 100n, 2000n, (b, start) => {
      expect(b).toEqual(bytes.subarray(1000 + Number(start), 1000 + Number(start) + b.length));
      seen.push(Buffer.from(b));
      memory.add(b.buffer);
    }, 10, 256);
    expect(done).toBe(1400n);
    expect(Buffer.concat(seen.map((b, i) => (i === 0 ? b : b.subarray(10))))).toEqual(bytes.subarray(1100, 2500));
    expect(memory.size).toBe(1);
  });
  it('a file said to be 2^60 bytes (offsets not exact as numbers) is read into the block at bigint offsets', () => {
    const bytes = readFileSync('samples/toolchains/gcc-clash');
    const src = new FileSource(openSync('samples/toolchains/gcc-clash', 'r'), 2n ** 60n);
    try {
      const seen: Buffer[] = [];
      expect(forEachBlock(src, 0n, 5000n, (b) => seen.push(Buffer.from(b)))).toBe(5000n);
      expect(Buffer.concat(seen)).toEqual(bytes.subarray(0, 5000));
      // past the bytes really there, the reads come back short: the end of the source
      const far = 2n ** 55n + 3n;
      expect(forEachBlock(src, far, 100n, () => {})).toBe(0n);
      expect(src.readInto(far, 8, Buffer.alloc(8))).toBe(0);
    } finally {
      src.close();
    }
  });
});

describe('the FORTIFY level from annobin notes', () => {
  // Heavy: runs objcopy (binutils) to add a .gnu.build.attributes section as annobin writes it (Fedora, RHEL)
  it(
    'GA*FORTIFY with value 3 in .gnu.build.attributes is reported as level 3',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'elfaudit-annobin-'));
      // an NT_GNU_BUILD_ATTRIBUTE_OPEN note: namesz 13 ("GA*FORTIFY\0" + level + "\0"), descsz 0, type 0x100
      const name = Buffer.concat([Buffer.from('GA*FORTIFY\0', 'latin1'), Buffer.from([3, 0])]);
      const head = Buffer.alloc(12);
      head.writeUInt32LE(name.length, 0);
      head.writeUInt32LE(0, 4);
      head.writeUInt32LE(0x100, 8);
      writeFileSync(join(dir, 'note'), Buffer.concat([head, name, Buffer.alloc(3)]));
      const out = join(dir, 'fortify-annobin');
      const r = spawnSync('objcopy', ['--add-section', `.gnu.build.attributes=${join(dir, 'note')}`, '--set-section-flags', '.gnu.build.attributes=readonly', `${T}/gcc-fortify3`, out]);
      if (r.error !== undefined) {
        console.warn(`skipped: objcopy not runnable (${r.error.message})`);
        return;
      }
      expect(r.status).toBe(0);
      const f = auditPath(Buffer.from(out)).checks!.fortify!;
      expect(f.verdict).toBe('yes');
      expect(f.evidence.find((e) => e.name === 'GA*FORTIFY')).toMatchObject({ value: '3', text: '.gnu.build.attributes (annobin) records _FORTIFY_SOURCE level 3' });
    },
    HEAVY_TIMEOUT,
  );
});
