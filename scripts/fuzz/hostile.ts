// scripts/fuzz/hostile.ts - the paths a CI gate is fed that are not ELF
// files, or hardly: built in a directory by makeHostile(), shared by
// test/hostile-paths.test.ts and scripts/fuzz/record-goldens.ts (which
// records GNU readelf 2.40's answers to them).

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real ELF file that ends the batch: the batch must go on to it. */
export const GOOD_SAMPLE = 'samples/x86_64/hello-pie';

/**
 * The hostile paths, in batch order, as names inside the directory
 * (`/dev/zero` is absolute): what each is.
 */
export const HOSTILE: readonly (readonly [name: string, what: string])[] = [
  ['empty', 'an empty file'],
  ['dir', 'a directory'],
  ['fifo', 'a FIFO nobody writes to (opening it for reading would block)'],
  ['/dev/zero', 'a character device that never ends'],
  ['missing', 'a path that does not exist'],
  ['short.txt', 'a text file shorter than the 8-byte magic readelf reads'],
  ['text.txt', 'a text file'],
  ['loop', 'a symbolic link loop (loop -> loop2 -> loop)'],
  ['elf4', 'the 4 bytes \\x7fELF and nothing else'],
  ['elf20', 'the first 20 bytes of an ELF file'],
  ['dangling', 'a symbolic link to nothing'],
];

/**
 * Creates the hostile paths and a copy of GOOD_SAMPLE named `good` in
 * `dir` (from the repository root `root`); returns the batch: the hostile
 * names, then `good`. Needs mkfifo(1) for the FIFO.
 */
export function makeHostile(dir: string, root: string): string[] {
  mkdirSync(dir, { recursive: true });
  const at = (n: string): string => join(dir, n);
  const good = readFileSync(join(root, GOOD_SAMPLE));
  writeFileSync(at('empty'), '');
  mkdirSync(at('dir'), { recursive: true });
  if (!existsSync(at('fifo'))) {
    const r = spawnSync('mkfifo', [at('fifo')]);
    if (r.status !== 0) throw new Error(`mkfifo ${at('fifo')} failed: ${r.stderr}`);
  }
  writeFileSync(at('short.txt'), 'hello\n');
  writeFileSync(at('text.txt'), 'This is not an ELF file, but a line of text long enough to be read.\n');
  if (!existsSync(at('loop'))) {
    symlinkSync('loop2', at('loop'));
    symlinkSync('loop', at('loop2'));
  }
  writeFileSync(at('elf4'), Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  writeFileSync(at('elf20'), good.subarray(0, 20));
  if (!existsSync(at('dangling'))) symlinkSync('no-such-target', at('dangling'));
  copyFileSync(join(root, GOOD_SAMPLE), at('good'));
  return [...HOSTILE.map(([n]) => n), 'good'];
}
