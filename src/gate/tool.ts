import { onSystemError } from '../io/errno.js';
import { readFileSync } from 'node:fs';

/** Who wrote a baseline or a report: `{"name":"elfaudit","version":…}` from package.json. */
export interface ToolInfo {
  readonly name: 'elfaudit';
  readonly version: string;
}

function packageJson(): { version?: unknown; homepage?: unknown } {
  try {
    // src/gate/tool.ts and dist/gate/tool.js are both two levels below the package root
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown; homepage?: unknown };
  } catch (e) {
    // an unreadable or unparsable package.json (a broken install) is not worth stopping the gate for
    if (e instanceof SyntaxError) return {};
    return onSystemError(e, {});
  }
}

const PKG = packageJson();

export const TOOL: ToolInfo = Object.freeze({ name: 'elfaudit', version: typeof PKG.version === 'string' ? PKG.version : '0.0.0' });

/** Where people read about the tool (package.json `homepage`): SARIF's `informationUri`. */
export const TOOL_HOMEPAGE: string | undefined = typeof PKG.homepage === 'string' ? PKG.homepage : undefined;
