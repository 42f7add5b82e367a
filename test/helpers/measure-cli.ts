/**
 * Runs the installed command (bin/elfaudit.js over dist/) as a whole
 * process and measures its peak RSS: GNU time's %M when /usr/bin/time
 * exists, else the child's own process.resourceUsage().maxRSS (the kernel's
 * VmHWM) through a preloaded hook. HEAP_MB, when given, caps V8's old space
 * (--max-old-space-size): a command that holds what it should stream dies of
 * heap exhaustion there instead of passing slowly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Measured {
  readonly stdout: Buffer;
  /** Without the measurement's own line. */
  readonly stderr: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Peak RSS in bytes. */
  readonly rss: number;
  readonly seconds: number;
}

export function measureCli(args: readonly string[], opts: { heapMb?: number; env?: NodeJS.ProcessEnv } = {}): Measured {
  const haveTime = existsSync('/usr/bin/time');
  const marker = '\nelfaudit-peak-rss-kb=';
  const node = [process.execPath, ...(opts.heapMb === undefined ? [] : [`--max-old-space-size=${opts.heapMb}`])];
  const argv = haveTime
    ? ['/usr/bin/time', '-f', `${marker.slice(1)}%M`, ...node, 'bin/elfaudit.js', ...args]
    : [
        ...node,
        '--import',
        `data:text/javascript,process.on('exit',()=>process.stderr.write(${JSON.stringify(marker)}+process.resourceUsage().maxRSS+'\\n'))`,
        'bin/elfaudit.js',
        ...args,
      ];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { env: opts.env ?? process.env, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const err = r.stderr.toString('latin1');
  const at = err.lastIndexOf(marker.slice(1));
  const kb = at < 0 ? 0 : Number(err.slice(at + marker.length - 1).trim());
  return { stdout: r.stdout, stderr: at < 0 ? err : err.slice(0, at), status: r.status, signal: r.signal, rss: kb * 1024, seconds };
}
