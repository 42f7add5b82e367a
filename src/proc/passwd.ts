import { splitLines } from './maps.js';

/**
 * /etc/passwd (not /proc, but read beside it to name the uids /proc/PID/status
 * gives): `name:password:uid:gid:gecos:home:shell`. Names are kept as bytes'
 * latin1 text; a uid listed twice keeps its first name, as getpwuid() does.
 */
export function parsePasswd(buf: Buffer): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const line of splitLines(buf)) {
    const f = line.toString('latin1').split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2]!) || f[0] === '') continue;
    const uid = Number(f[2]);
    if (!out.has(uid)) out.set(uid, f[0]!);
  }
  return out;
}
