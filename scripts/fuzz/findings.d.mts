// Types for findings.mjs (used by the TypeScript tests).
export const DERIVED: Readonly<Record<string, { from: string; patch: readonly (readonly [offset: number, width: number, value: number])[] }>>;
export const FINDINGS: readonly (readonly [name: string, args: readonly string[], why: string])[];
export function makeDerived(dir: string, root: string): void;
export function resolveArgs(args: readonly string[], dir: string): string[];
export function normalize(text: string, dir: string): string;
