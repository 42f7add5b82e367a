// Types for mutate.mjs (used by the TypeScript tests).
export interface Seed {
  readonly name: string;
  readonly path: string;
  readonly bytes: Buffer;
}
export interface Mutant {
  /** Safe as a file name: `m00042-x86_64.hello-pie`. */
  readonly name: string;
  readonly bytes: Buffer;
  /** The recipe: the seed file and each mutation, e.g. `samples/x86_64/hello-pie: shdr[5].sh_size=0xffffffff`. */
  readonly what: string;
  readonly seed: string;
}
export interface Field {
  readonly label: string;
  readonly off: number;
  readonly width: number;
  readonly kind: 'count' | 'offset' | 'size' | 'name' | 'value';
}
export function rng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T; u32(): number };
export function loadSeeds(opts?: { maxSize?: number; manifests?: readonly string[] }): Seed[];
export function layout(bytes: Buffer): { fields: Field[]; cuts: number[] };
export function mutant(seeds: readonly Seed[], seed: number, index: number): Mutant;
export function mutants(seeds: readonly Seed[], seed: number, count: number, from?: number): Generator<Mutant>;
