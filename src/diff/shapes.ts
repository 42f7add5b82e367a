import { flagsWord } from '../names/segment-flags.js';
import { PF, PT, type LinkerMark } from '../elf/index.js';
import type { LayoutFacts } from '../memory/facts.js';
import { partName, relroRangeOf, type RelroRange } from './contents.js';
import type { SegmentGroup } from './pairing.js';

/**
 * A merge, split or regrouping of LOADs in words, with the linker or the
 * linker option that makes that shape: "R, R E and R merged into one R E
 * LOAD (-z noseparate-code)", "lld split RW into a RELRO LOAD and a data
 * LOAD (-z relro)". The option is named only where the shape says it: code
 * taking in read-only data is -z noseparate-code (GNU ld), read-only data
 * leaving the code is -z separate-code, a RELRO part appearing where there
 * was no GNU_RELRO is -z relro, and disappearing with it -z norelro.
 */

export interface ShapeContext {
  readonly oldRelro: RelroRange | undefined;
  readonly newRelro: RelroRange | undefined;
  readonly oldLinker: LinkerMark | undefined;
  readonly newLinker: LinkerMark | undefined;
}

export function shapeContext(oldF: Pick<LayoutFacts, 'programHeaders' | 'linker'>, newF: Pick<LayoutFacts, 'programHeaders' | 'linker'>): ShapeContext {
  return {
    oldRelro: relroRangeOf(oldF.programHeaders),
    newRelro: relroRangeOf(newF.programHeaders),
    oldLinker: oldF.linker,
    newLinker: newF.linker,
  };
}

/** "lld 14.0.6", or what no mark means. */
export function linkerText(m: LinkerMark | undefined): string {
  if (m === undefined) return 'no linker mark (GNU ld leaves none)';
  return m.version === '' ? m.name : `${m.name} ${m.version}`;
}

function list(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const ROLE_WORDS = new Set(['RELRO', 'data', 'bss']);

/** "a RELRO LOAD and a data LOAD" / "the RELRO LOAD and the data LOAD", or "R, R E and R" (+ " LOADs"). */
function parts(names: readonly string[], article: 'a' | 'the', plural: boolean): string {
  if (names.every((n) => ROLE_WORDS.has(n))) return list(names.map((n) => `${article} ${n} LOAD`));
  return plural ? `${list(names)} LOADs` : list(names);
}

const readOnly = (p: { flags: number }) => (p.flags & (PF.X | PF.W)) === 0;
const exec = (p: { flags: number }) => (p.flags & PF.X) !== 0;

function optionCause(g: SegmentGroup, ctx: ShapeContext): string | undefined {
  const roOld = g.old.filter(readOnly).length;
  const roNew = g.new.filter(readOnly).length;
  const gnuLd = ctx.newLinker === undefined;
  if (roNew < roOld && g.new.some(exec) && gnuLd) return '-z noseparate-code';
  if (roNew > roOld && gnuLd) return '-z separate-code';
  if (g.new.some((p) => (p.flags & PF.W) !== 0) || g.old.some((p) => (p.flags & PF.W) !== 0)) {
    if (ctx.oldRelro === undefined && ctx.newRelro !== undefined && g.new.length > g.old.length) return '-z relro';
    if (ctx.oldRelro !== undefined && ctx.newRelro === undefined && g.new.length < g.old.length) return '-z norelro';
  }
  return undefined;
}

/** The sentence for a merged, split or regrouped set of LOADs (undefined for other groups). */
export function shapeSentence(g: SegmentGroup, ctx: ShapeContext): string | undefined {
  if (g.type !== PT.LOAD || (g.shape !== 'merged' && g.shape !== 'split' && g.shape !== 'reshaped')) return undefined;
  const oldParts = g.old.map((p) => partName(p, ctx.oldRelro));
  const newParts = g.new.map((p) => partName(p, ctx.newRelro));
  const who = ctx.newLinker?.name;
  const opt = optionCause(g, ctx);
  const cause = opt === undefined ? '' : ` (${opt})`;
  if (g.shape === 'merged') {
    const into = `one ${flagsWord(g.new[0]!.flags)} LOAD`;
    return who === undefined ? `${parts(oldParts, 'the', false)} merged into ${into}${cause}` : `${who} merged ${parts(oldParts, 'the', false)} into ${into}${cause}`;
  }
  if (g.shape === 'split') {
    const whole = flagsWord(g.old[0]!.flags);
    return who === undefined ? `${whole} split into ${parts(newParts, 'a', true)}${cause}` : `${who} split ${whole} into ${parts(newParts, 'a', true)}${cause}`;
  }
  const regrouped = `${parts(oldParts, 'the', true)} regrouped into ${parts(newParts, 'a', true)}`;
  return who === undefined ? `${regrouped}${cause}` : `${who}: ${regrouped}${cause}`;
}
