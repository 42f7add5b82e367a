/**
 * /proc/PID/cmdline: the arguments, each followed by a NUL (a process may
 * rewrite its argument area, so neither the NULs nor the encoding are
 * promised). Empty for kernel threads and zombies.
 */
import { splitOn } from './maps.js';

/** The raw argument strings (a missing final NUL still ends the last one). */
export function parseCmdline(buf: Buffer): Buffer[] {
  return splitOn(buf, 0);
}
