/**
 * What a command says when elfaudit itself fails (a bug, not bad input):
 * one line naming the command and the error, never a stack trace on a
 * user's terminal or in a CI log unless ELFAUDIT_DEBUG asks for it. The
 * status is the command's "could not look" (2 for the gate and the audit's
 * floor), never the status that means "findings".
 */
export function internalErrorLine(prefix: string, e: unknown): string {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const line = `${prefix}: internal error: ${what.replace(/[\r\n]+/g, ' ')} (a bug in elfaudit; ELFAUDIT_DEBUG=1 shows the stack)\n`;
  const debug = process.env.ELFAUDIT_DEBUG;
  return debug !== undefined && debug !== '' && debug !== '0' && e instanceof Error && e.stack !== undefined ? line + e.stack + '\n' : line;
}
