import { spawnSync } from 'node:child_process';

/** Whether the host has gcc: the scenarios that build real binaries skip, saying so, without it. */
export const hasGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;

/** `gcc -O2 -o OUT ARGS…`; throws with gcc's stderr when it fails. */
export function gcc(out: string, args: readonly string[]): void {
  const r = spawnSync('gcc', ['-O2', '-o', out, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc ${args.join(' ')}: ${r.stderr}`);
}
