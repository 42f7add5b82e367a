// Types for findings.mjs (used by the TypeScript tests).
export const FINDINGS: readonly (readonly [name: string, args: readonly string[], why: string])[];
