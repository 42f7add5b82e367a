// Types for hostile.mjs (used by the TypeScript tests).
export const GOOD_SAMPLE: string;
export const HOSTILE: readonly (readonly [name: string, what: string])[];
export function makeHostile(dir: string, root: string): string[];
