/**
 * The walker lists, then the gate opens: a file swapped for a symbolic link
 * between the two (to /etc/shadow, or to anything outside the tree) must be
 * reported as changed, never followed. The swap is made by hand between
 * walkTrees and analyzePath, which is exactly the window a racing attacker
 * uses.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../src/gate/analyze.js';
import { DEFAULT_POLICY } from '../src/gate/policy.js';
import { walkTrees } from '../src/gate/tree.js';
import { buildSeed, SEED_OLD } from './helpers/seed-builds.js';

const dir = mkdtempSync(join(tmpdir(), 'elfaudit-swap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a file swapped for a symbolic link after the walk listed it', () => {
  it('is reported as changed and not read through the link', () => {
    const root = join(dir, 'out');
    mkdirSync(root);
    writeFileSync(join(root, 'lib.so'), buildSeed(SEED_OLD));
    const outside = join(dir, 'secret.so');
    writeFileSync(outside, buildSeed(SEED_OLD));
    const tree = walkTrees([root], DEFAULT_POLICY);
    expect(tree.files.map((f) => f.path)).toEqual(['lib.so']);
    // the swap, between listing and opening
    rmSync(join(root, 'lib.so'));
    symlinkSync(outside, join(root, 'lib.so'));
    const t = tree.files[0]!;
    const a = analyzePath(t.fsPath, t.root, t.path, 'out/lib.so');
    expect(a).toEqual({ kind: 'unreadable', message: 'changed while the tree was read: now a symbolic link, not followed' });
  });
});
