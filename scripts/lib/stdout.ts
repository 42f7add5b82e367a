// scripts/lib/stdout.ts - a reader that stops early (`| head`) is no error.

import { errnoCode } from '../../src/io/errno.js';

/** On EPIPE, exits with the status so far instead of dying with a stack trace. */
export function quietWhenStdoutCloses(): void {
  process.stdout.on('error', (e) => {
    if (errnoCode(e) === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}
