/**
 * Processes for the live tests: started, waited for until idle, and
 * registered in CHILDREN so the test file kills them in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until two reads of /proc/PID/smaps 100 ms apart are identical: the process is idle. */
export async function waitIdle(pid: number): Promise<void> {
  let last = '';
  for (let i = 0; i < 100; i++) {
    const now = readFileSync(`/proc/${pid}/smaps`, 'latin1');
    if (now === last && now.length > 0) return;
    last = now;
    await sleep(100);
  }
  throw new Error(`pid ${pid} did not become idle`);
}

/**
 * Starts CMD, waits until it prints READY (or has started, without one)
 * and is idle. UID runs it as another user (the caller must be root).
 */
export async function startProcess(children: ChildProcess[], cmd: string, args: string[], opts: { ready?: string; uid?: number } = {}): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }) });
  children.push(child);
  const ready = opts.ready;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    if (ready === undefined) child.once('spawn', () => resolve());
    else {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes(ready)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
    }
  });
  await waitIdle(child.pid!);
  return child;
}

/** A zombie: a child its parent never waits for. Returns its pid once the kernel shows it as Z. */
export async function startZombie(children: ChildProcess[]): Promise<number> {
  // The child outlives the shell's exec by a second, so the shell cannot reap it first
  // (a `sleep 0 &` child was sometimes reaped by dash before its exec on a loaded CI runner);
  // once it exits, its parent is `sleep 60`, which never waits.
  const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(parent);
  const zombie = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  for (let i = 0; i < 500; i++) {
    if (/\) Z /.test(readFileSync(`/proc/${zombie}/stat`, 'latin1'))) return zombie;
    await sleep(20);
  }
  throw new Error(`pid ${zombie} did not become a zombie in 10 s`);
}
