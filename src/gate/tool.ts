import { onSystemError } from '../io/errno.js';
import { readFileSync } from 'node:fs';

/** Who wrote a baseline or a report: `{"name":"elfaudit","version":…}` from package.json. */
export interface ToolInfo {
  readonly name: 'elfaudit';
  readonly version: string;
}

function packageVersion(): string {
  try {
    // src/gate/tool.ts and dist/gate/tool.js are both two levels below the package root
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch (e) {
    // an unreadable or unparsable package.json (a broken install) is not worth stopping the gate for
    if (e instanceof SyntaxError) return '0.0.0';
    return onSystemError(e, '0.0.0');
  }
}

export const TOOL: ToolInfo = Object.freeze({ name: 'elfaudit', version: packageVersion() });
