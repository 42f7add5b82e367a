/**
 * /proc/PID/cmdline: the arguments, each followed by a NUL (a process may
 * rewrite its argument area, so neither the NULs nor the encoding are
 * promised). Empty for kernel threads and zombies.
 */

/** The raw argument strings (a missing final NUL still ends the last one). */
export function parseCmdline(buf: Buffer): Buffer[] {
  const args: Buffer[] = [];
  let from = 0;
  while (from < buf.length) {
    let nul = buf.indexOf(0, from);
    if (nul < 0) nul = buf.length;
    args.push(buf.subarray(from, nul));
    from = nul + 1;
  }
  return args;
}
