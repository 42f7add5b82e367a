// scripts/fuzz/findings.ts - readelf runs that reproduce what fuzzing
// found, for test/fuzz-findings.test.ts; scripts/fuzz/record-goldens.ts
// records GNU readelf 2.40 on them in test/golden/findings/<name>.out|.err|.rc
// (from the repository root). Each finding is [name, readelf args, why].
// An argument `@FILE` names a file derived from a committed sample by
// DERIVED (a few bytes patched: the mutation that exposed the difference),
// made by makeDerived() in a directory that both sides then write as `@`.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A little-endian patch: [offset, width in bytes, value]. */
export type Patch = readonly [offset: number, width: number, value: number];

/** Derived files: the sample, and [offset, width, value] little-endian patches. */
export const DERIVED: Readonly<Record<string, { readonly from: string; readonly patch: readonly Patch[] }>> = {
  'ia64-vms-shstrndx-1.elf': { from: 'samples/crafted/dynsym-names-ia64-vms.elf', patch: [[0x3e, 2, 1]] }, // e_shstrndx = 1
};

/** A finding: [name, readelf args, why]. */
export type Finding = readonly [name: string, args: readonly string[], why: string];

export const FINDINGS: readonly Finding[] = [
  [
    'dyn-syms-off-after-bad-shdrs',
    ['--dyn-syms', 'samples/crafted/shdrs-past-eof.elf', 'samples/x86_64/hello-pie', 'samples/arm/libdemo.so'],
    "process_object: a file whose section headers cannot be read turns --dyn-syms off for the files after it (GNU's do_dyn_syms is global)",
  ],
  [
    'dyn-syms-off-after-bad-shdrs-l-W',
    ['-l', '--dyn-syms', '-W', 'samples/x86_64/hello-pie', 'samples/crafted/shdrs-past-eof.elf', 'samples/x86_64/hello-pie'],
    'the same in the middle of a batch, with -l still shown for every file',
  ],
  [
    'ia64-vms-dynamic-without-section',
    ['-lW', '@ia64-vms-shstrndx-1.elf', 'samples/crafted/dynsym-names-ia64-vms.elf'],
    'process_program_headers: on IA-64/OpenVMS a dynamic segment without a .dynamic section is no error (is_ia64_vms)',
  ],
];

/** Writes every DERIVED file into `dir` (from the repository root `root`). */
export function makeDerived(dir: string, root: string): void {
  for (const [name, { from, patch }] of Object.entries(DERIVED)) {
    const b = Buffer.from(readFileSync(join(root, from)));
    for (const [off, width, value] of patch) b.writeUIntLE(value, off, width);
    writeFileSync(join(dir, name), b);
  }
}

/** The arguments with `@FILE` made a path in `dir`. */
export const resolveArgs = (args: readonly string[], dir: string): string[] => args.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a));

/** Output with `dir/` written as `@`, as the goldens have it. */
export const normalize = (text: string, dir: string): string => text.split(`${dir}/`).join('@');
