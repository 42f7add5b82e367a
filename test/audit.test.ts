/**
 * The accurate audit on the samples built for it (samples/checksec/build.sh)
 * and the general ones: each rule's verdict, the evidence that decided it,
 * and checksec.sh 2.6.0's answer where it differs.
 */
import { describe, expect, it } from 'vitest';
import { auditPath, formatAuditJson, formatAuditText, type Check, type CheckId } from '../src/audit/index.js';
import { auditChecks } from '../src/audit/checks.js';
import { classifyPathEntry } from '../src/hardening/index.js';
import { buildDynImage } from './helpers/checksec-images.js';
import { auditMain } from '../src/cli/audit.js';
import { loaderDynamicSymbols } from '../src/elf/dynsym.js';
import { openElf, parseElf } from '../src/elf/index.js';
import { readFileSync } from 'node:fs';

const C = 'samples/checksec';
function check(path: string, id: CheckId): Check {
  const a = auditPath(Buffer.from(path));
  expect(a.error).toBeUndefined();
  return a.checks![id]!;
}
const texts = (c: Check) => c.evidence.map((e) => e.text).join('\n');

describe('RELRO', () => {
  it('full with PT_GNU_RELRO and DT_FLAGS BIND_NOW; partial without; none without PT_GNU_RELRO', () => {
    const full = check('samples/x86_64/hello-now', 'relro');
    expect(full.verdict).toBe('full');
    expect(full.evidence.find((e) => e.kind === 'segment')?.name).toBe('PT_GNU_RELRO');
    expect(full.checksec).toEqual({ value: 'Full RELRO', agrees: true });
    expect(check('samples/x86_64/hello-pie', 'relro').verdict).toBe('partial');
    expect(check('samples/x86_64/hello-norelro', 'relro').verdict).toBe('none');
  });
  it('DF_1_NOW alone is bind-now; checksec.sh says Partial', () => {
    for (const p of ['samples/x86_64/hello-dfnow', `${C}/aarch64/dfnow`]) {
      const c = check(p, 'relro');
      expect(c.verdict).toBe('full');
      expect(c.evidence.some((e) => e.name === 'DT_FLAGS_1' && e.value === 'DF_1_NOW')).toBe(true);
      expect(c.checksec).toMatchObject({ value: 'Partial RELRO', agrees: false });
      expect(c.checksec!.why).toContain('DF_1_NOW');
    }
  });
  it("a static executable: .got.plt outside PT_GNU_RELRO keeps it partial", () => {
    const c = check(`${C}/x86_64/static-nossp`, 'relro');
    expect(c.verdict).toBe('partial');
    expect(texts(c)).toContain('.got.plt');
  });
  it('a static executable without glibc startup code: nothing applies PT_GNU_RELRO', () => {
    const c = check(`${C}/x86_64/static-relro-nolibc`, 'relro');
    expect(c.verdict).toBe('unknown');
    expect(c.evidence.some((e) => e.kind === 'absence' && e.name === 'NT_GNU_ABI_TAG')).toBe(true);
    expect(c.checksec).toMatchObject({ value: 'Partial RELRO', agrees: false });
  });
  it('n/a for relocatable objects', () => {
    expect(check('samples/x86_64/hello.o', 'relro').verdict).toBe('n/a');
  });
});

describe('stack canary', () => {
  it('an undefined __stack_chk_fail import, on every architecture', () => {
    for (const a of ['x86_64', 'i686', 'aarch64', 'arm', 'mips', 'ppc64', 'riscv64']) {
      const c = check(`${C}/${a}/hardened`, 'canary');
      expect(c.verdict, a).toBe('yes');
      expect(c.evidence.some((e) => e.kind === 'symbol' && e.name === '__stack_chk_fail' && e.value === 'UND' && e.table === '.dynsym'), a).toBe(true);
    }
    expect(check('samples/x86_64/hello-pie', 'canary').verdict).toBe('no');
  });
  it('static binaries are undecidable by symbols, not "found"', () => {
    const c = check(`${C}/x86_64/static-nossp`, 'canary');
    expect(c.verdict).toBe('unknown');
    expect(c.ok).toBeNull();
    expect(c.checksec).toMatchObject({ value: 'Canary found', agrees: false });
    expect(check(`${C}/x86_64/static-stripped`, 'canary').verdict).toBe('unknown');
    expect(check(`${C}/x86_64/static-nolibc`, 'canary').verdict).toBe('no');
  });
  it('a shared object without DT_NEEDED (ld.so, preload libraries) is not static: its imports count', () => {
    const img = buildDynImage({ bits: 64, dynsym: [{ name: '__stack_chk_fail' }] });
    expect(auditChecks(parseElf(img)).canary!.verdict).toBe('yes');
    const guard = buildDynImage({ bits: 64, dynsym: [{ name: '__stack_chk_guard', type: 1, shndx: 7 }] });
    expect(auditChecks(parseElf(guard)).canary!.verdict).toBe('unknown');
  });
  it('the C library itself defines __stack_chk_fail: undecidable by symbols', () => {
    const img = buildDynImage({ bits: 64, dynamic: [[1n, { str: 'ld-linux-x86-64.so.2' }]], dynsym: [{ name: '__stack_chk_fail', shndx: 5 }] });
    const c = auditChecks(parseElf(img)).canary!;
    expect(c.verdict).toBe('unknown');
    expect(c.evidence[0]).toMatchObject({ kind: 'symbol', name: '__stack_chk_fail', table: '.dynsym' });
  });
  it('without section headers the import is found through DT_SYMTAB (checksec.sh sees nothing)', () => {
    const c = check(`${C}/x86_64/hardened-noshdrs`, 'canary');
    expect(c.verdict).toBe('yes');
    expect(c.evidence[0]!.table).toBe('DT_SYMTAB');
    expect(c.checksec).toMatchObject({ value: 'No Canary found', agrees: false });
  });
});

describe('NX and the executable stack', () => {
  it('PF_X on PT_GNU_STACK: an `R E` stack is executable, checksec.sh calls it NX', () => {
    const c = check(`${C}/x86_64/stack-rx`, 'nx');
    expect(c.verdict).toBe('no');
    expect(c.evidence[0]).toMatchObject({ kind: 'segment', name: 'PT_GNU_STACK', value: 'R-X' });
    expect(c.checksec).toMatchObject({ value: 'NX enabled', agrees: false });
    expect(check(`${C}/x86_64/stack-rx`, 'execstack').verdict).toBe('yes');
    expect(check('samples/x86_64/hello-execstack', 'nx').verdict).toBe('no');
  });
  it('the kernel uses the last PT_GNU_STACK', () => {
    expect(check(`${C}/x86_64/stack-last-exec`, 'nx').verdict).toBe('no');
    const first = check(`${C}/x86_64/stack-first-exec`, 'nx');
    expect(first.verdict).toBe('yes');
    expect(texts(first)).toContain('ignored: the kernel uses the last PT_GNU_STACK');
    expect(first.checksec).toMatchObject({ value: 'NX disabled', agrees: false });
  });
  it('a missing PT_GNU_STACK is explained per architecture', () => {
    expect(check(`${C}/aarch64/stack-missing`, 'nx')).toMatchObject({ verdict: 'yes', checksec: { value: 'NX disabled', agrees: false } });
    expect(check(`${C}/riscv64/stack-missing`, 'nx').verdict).toBe('yes');
    expect(check(`${C}/i686/stack-missing`, 'nx')).toMatchObject({ verdict: 'no', checksec: { agrees: true } });
    expect(check(`${C}/arm/stack-missing`, 'nx').verdict).toBe('no');
    const x = check(`${C}/x86_64/stack-missing`, 'nx');
    expect(x.verdict).toBe('kernel-dependent');
    expect(texts(x)).toContain('5.8');
    expect(check(`${C}/aarch64/stack-missing`, 'execstack').verdict).toBe('default');
  });
});

describe('PIE', () => {
  it('DF_1_PIE decides, not DT_DEBUG', () => {
    const c = check(`${C}/x86_64/pie-nodebug`, 'pie');
    expect(c.verdict).toBe('pie');
    expect(c.evidence.some((e) => e.value === 'DF_1_PIE')).toBe(true);
    expect(c.checksec).toMatchObject({ value: 'DSO', agrees: false });
  });
  it('static-pie, no PIE, shared objects (also a runnable one), relocatable', () => {
    expect(check('samples/x86_64/hello-static-pie', 'pie').verdict).toBe('static-pie');
    expect(check('samples/x86_64/hello-nopie', 'pie').verdict).toBe('no');
    expect(check('samples/x86_64/libdemo.so', 'pie').verdict).toBe('shared-object');
    const r = check(`${C}/x86_64/librunnable.so`, 'pie');
    expect(r.verdict).toBe('shared-object');
    expect(r.summary).toContain('can also be run');
    expect(check('samples/arm/hello.o', 'pie').verdict).toBe('relocatable');
  });
});

describe('RPATH and RUNPATH entries are classified', () => {
  it('absolute, $ORIGIN, relative, empty (current directory), tokens', () => {
    expect(classifyPathEntry('/usr/lib').cls).toBe('absolute');
    expect(classifyPathEntry('$ORIGIN/../lib').cls).toBe('origin');
    expect(classifyPathEntry('${ORIGIN}').cls).toBe('origin');
    expect(classifyPathEntry('$ORIGINAL').cls).toBe('relative');
    expect(classifyPathEntry('lib').cls).toBe('relative');
    expect(classifyPathEntry('').cls).toBe('empty');
    expect(classifyPathEntry('$LIB/x').cls).toBe('token');
  });
  it('$ORIGIN and an empty entry in DT_RPATH', () => {
    const c = check(`${C}/x86_64/rpath-origin-empty`, 'rpath');
    expect(c.verdict).toBe('unsafe');
    expect(c.evidence.filter((e) => e.kind === 'rule').map((e) => [e.name, e.value])).toEqual([
      ['origin', '$ORIGIN/../lib'],
      ['empty', ''],
      ['absolute', '/usr/local/lib'],
    ]);
    expect(c.checksec).toEqual({ value: 'RPATH', agrees: true });
  });
  it('a relative DT_RUNPATH entry is unsafe; absolute and $ORIGIN are safe', () => {
    expect(check(`${C}/x86_64/runpath-relative`, 'runpath').verdict).toBe('unsafe');
    expect(check(`${C}/x86_64/runpath-origin`, 'runpath').verdict).toBe('safe');
    expect(check(`${C}/x86_64/runpath-origin`, 'rpath').verdict).toBe('none');
  });
  it('an empty DT_RPATH string means the current directory; checksec.sh sees no RPATH', () => {
    const c = check(`${C}/x86_64/rpath-empty-string`, 'rpath');
    expect(c.verdict).toBe('unsafe');
    expect(c.checksec).toMatchObject({ value: 'No RPATH', agrees: false });
  });
});

describe('TEXTREL, W+X segments, CET, BTI/PAC', () => {
  it('DT_TEXTREL and DF_TEXTREL', () => {
    const c = check(`${C}/i686/libtextrel.so`, 'textrel');
    expect(c.verdict).toBe('yes');
    expect(c.evidence.map((e) => e.name)).toEqual(['DT_TEXTREL', 'DT_FLAGS']);
    expect(check('samples/x86_64/hello-pie', 'textrel').verdict).toBe('no');
  });
  it('a writable and executable PT_LOAD', () => {
    const c = check(`${C}/x86_64/load-wx`, 'wx-segments');
    expect(c.verdict).toBe('1');
    expect(c.evidence[0]).toMatchObject({ kind: 'segment', index: 3, value: 'RWX' });
  });
  it('x86 IBT and SHSTK from NT_GNU_PROPERTY_TYPE_0', () => {
    expect(check('samples/x86_64/hello-cet', 'x86-cet').verdict).toBe('ibt+shstk');
    expect(check(`${C}/x86_64/cet-nolibc`, 'x86-cet').verdict).toBe('ibt+shstk');
    const ibt = check(`${C}/x86_64/cet-ibt`, 'x86-cet');
    expect(ibt.verdict).toBe('ibt');
    expect(ibt.evidence[0]).toMatchObject({ kind: 'note', name: 'GNU_PROPERTY_X86_FEATURE_1_AND', value: '0x1' });
    expect(check('samples/x86_64/hello-pie', 'x86-cet').verdict).toBe('none');
    expect(check('samples/aarch64/hello-pie', 'x86-cet').verdict).toBe('n/a');
  });
  it('AArch64 BTI and PAC', () => {
    expect(check('samples/aarch64/hello-bti', 'aarch64-bti-pac').verdict).toBe('bti');
    expect(check(`${C}/aarch64/bti-pac-nolibc`, 'aarch64-bti-pac').verdict).toBe('bti+pac');
    expect(check('samples/aarch64/hello-pie', 'aarch64-bti-pac').verdict).toBe('none');
  });
});

describe('FORTIFY', () => {
  it('which calls are fortified and which fortifiable ones are not', () => {
    const c = check(`${C}/x86_64/hardened`, 'fortify');
    expect(c.verdict).toBe('partial');
    expect(c.summary).toMatch(/fortified: .*memcpy.*; not fortified: .*strcpy/);
    expect(c.evidence.some((e) => e.name === '__memcpy_chk' && e.value === 'UND')).toBe(true);
    expect(c.evidence.some((e) => e.name === 'printf')).toBe(true);
  });
  it('a library whose calls are all fortified', () => {
    expect(check(`${C}/x86_64/libhardened.so`, 'fortify').verdict).toBe('yes');
  });
  it('libc itself defines the functions: n/a, where checksec.sh counts them', () => {
    expect(check('samples/x86_64/hello-pie', 'fortify').verdict).toBe('n/a');
  });
});

describe('symbols and debug info', () => {
  it('stripped or not', () => {
    expect(check(`${C}/x86_64/hardened`, 'stripped').verdict).toBe('no');
    expect(check(`${C}/x86_64/hardened-stripped`, 'stripped')).toMatchObject({ verdict: 'yes', checksec: { value: 'No Symbols', agrees: true } });
  });
  it('DWARF sections, or a .gnu_debuglink', () => {
    const d = check(`${C}/x86_64/debug`, 'debuginfo');
    expect(d.verdict).toBe('yes');
    expect(d.evidence.some((e) => e.name === '.debug_info')).toBe(true);
    const l = check(`${C}/x86_64/debuglink`, 'debuginfo');
    expect(l.verdict).toBe('separate');
    expect(l.evidence.some((e) => e.name === '.gnu_debuglink' && e.value === 'debug.debug')).toBe(true);
    expect(check('samples/x86_64/hello-pie', 'debuginfo').verdict).toBe('no');
  });
});

describe('separate debug-information files', () => {
  it('are recognised: every check but stripped and debuginfo is n/a', () => {
    const a = auditPath(Buffer.from(`${C}/x86_64/debug.debug`));
    const checks = Object.values(a.checks!) as Check[];
    expect(checks.filter((c) => c.verdict !== 'n/a').map((c) => c.id)).toEqual(['stripped', 'debuginfo']);
    expect(a.checks!.debuginfo!.verdict).toBe('yes');
    expect(a.checks!.relro!.summary).toContain('debug-information file');
  });
});

describe('the reader finds dynamic symbols without section headers', () => {
  it('DT_SYMTAB + DT_GNU_HASH give the same names as .dynsym', () => {
    const withSections = openElf(`${C}/x86_64/hardened-stripped`);
    const without = parseElf(readFileSync(`${C}/x86_64/hardened-noshdrs`));
    const a = loaderDynamicSymbols(withSections)!;
    const b = loaderDynamicSymbols(without)!;
    expect(a.source).toBe('.dynsym');
    expect(b.source).toBe('DT_SYMTAB');
    expect(b.symbols.map((s) => s.name)).toEqual(a.symbols.map((s) => s.name));
    withSections.close();
  });
});

describe('output', () => {
  it('JSON schema 1 parses and carries every check', () => {
    const r = { schema: 1 as const, files: [auditPath(Buffer.from(`${C}/x86_64/hardened`)), auditPath(Buffer.from('samples/crafted/not-elf.txt'))] };
    const doc = JSON.parse(formatAuditJson(r)) as typeof r;
    expect(doc.schema).toBe(1);
    expect(Object.keys(doc.files[0]!.checks!)).toEqual([
      'relro', 'canary', 'nx', 'execstack', 'pie', 'rpath', 'runpath', 'textrel', 'wx-segments', 'x86-cet', 'aarch64-bti-pac', 'fortify', 'stripped', 'debuginfo', 'toolchain', 'sanitizer', 'stack-clash', 'safestack', 'clang-cfi',
    ]);
    expect(doc.files[0]!.elf).toMatchObject({ class: 'ELF64', data: 'LSB', machine: 'x86-64', type: 'DYN' });
    expect(doc.files[1]).toEqual({ path: 'samples/crafted/not-elf.txt', error: 'not an ELF file' });
  });
  it('text: control characters from the binary are made visible', () => {
    const out = formatAuditText({ schema: 1, files: [auditPath(Buffer.from(`${C}/x86_64/rpath-ctrl`))] });
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(out).toContain('\\x1b[31mred\\x1b[m');
  });
  it('the command: every file a report or an error, status 1 when any failed', () => {
    let out = '';
    let err = '';
    const io = { out: (s: string) => (out += s), err: (s: string) => (err += s) };
    expect(auditMain(['--format', 'json', `${C}/x86_64/hardened`, 'samples/x86_64/hello-pie'], io)).toBe(0);
    expect((JSON.parse(out) as { files: unknown[] }).files).toHaveLength(2);
    out = '';
    expect(auditMain([`${C}/x86_64/hardened`, 'samples/crafted/empty.elf', '/nonexistent'], io)).toBe(1);
    expect(err.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(out).toContain('x86-cet');
  });
  it('damaged files: every crafted sample gives a report or an error, never an exception', () => {
    for (const p of readFileSync('samples/MANIFEST', 'utf8').split('\n').filter((l) => l.startsWith('samples/crafted/'))) {
      const a = auditPath(Buffer.from(p));
      expect(a.error !== undefined || a.checks !== undefined, p).toBe(true);
    }
  });
});
