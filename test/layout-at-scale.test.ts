/**
 * The layout step at the most program headers a file can have: 65,534
 * PT_LOADs (e_phnum's largest value short of PN_XNUM), and 70,000 through
 * PN_XNUM (the count in section 0's sh_info, as readelf reads it). The
 * loaders' mmaps, the page owners and the VMA classification find their
 * place by binary search, so this is n log n; before, a sort and a scan per
 * segment made `memory` run for minutes.
 *
 * No timing: the CLI runs in a child under a CPU-time limit (prlimit
 * --cpu=60, RLIMIT_CPU, which counts CPU seconds and not wall-clock ones,
 * so a busy machine does not fail it) that is about 50× what the 65,534-LOAD
 * run costs now (about a second) and far below what the quadratic layout
 * took (2,000 LOADs already cost 35 CPU seconds). The kernel kills the
 * child with SIGXCPU past the limit, and the test sees that as a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildElf, type PhdrSpec } from './helpers/elf-builder.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const haveTools = existsSync('dist/cli/main.js') && spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;

/** N LOADs, alternately R E and RW, one page each with a page-sized hole after it. */
function loads(n: number): PhdrSpec[] {
  const out: PhdrSpec[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ type: 1, flags: i % 2 ? 6 : 5, offset: 0n, vaddr: BigInt(i) * 0x2000n, filesz: 0x100n, memsz: 0x1000n, align: 0x1000n });
  }
  return out;
}

function memory(file: string) {
  return spawnSync('prlimit', ['--cpu=60', process.execPath, 'bin/elfaudit.js', 'memory', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
}

describe.skipIf(!haveTools)('memory on the most program headers a file can hold (needs dist/ and prlimit)', () => {
  // Heavy: spawns the CLI on a file of 65,534 program headers.
  it('65,534 PT_LOADs: every segment and hole estimated, within the CPU limit', () => {
    const f = join(dir, 'loads65534.so');
    writeFileSync(f, buildElf({ bits: 64, type: 3, machine: 62, phdrs: loads(65_534) }));
    const r = memory(f);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('rw-p  file LOAD[65533]  1 dirty');
    // 65,534 segments and the 65,533 holes between them
    expect(r.stdout.match(/hole between segments/g)).toHaveLength(65_533);
  }, HEAVY_TIMEOUT);

  // Heavy: spawns the CLI on a file of 70,000 program headers.
  it('70,000 PT_LOADs through PN_XNUM (e_phnum 0xffff, the count in section 0 sh_info) read as 70,000', () => {
    const f = join(dir, 'loads-xnum.so');
    writeFileSync(f, buildElf({ bits: 64, type: 3, machine: 62, phdrs: loads(70_000), sections: [{ name: '.note', type: 7, data: Buffer.alloc(4) }], patch: { phnum: 0xffff }, section0: { info: 70_000 } }));
    const r = memory(f);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('rw-p  file LOAD[69999]  1 dirty');
  }, HEAVY_TIMEOUT);
});
