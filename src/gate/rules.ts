/**
 * The gate's rules: stable IDs (SARIF ruleIds, policy keys, JSON `rule`),
 * what each means, and its default level. The hardening rules compare the
 * accurate audit's verdicts (src/audit), not checksec 2.6.0's; the segment
 * rules compare program headers as `elfaudit diff` pairs them
 * (src/diff/pairing.ts: by the sections they hold, else by flags and
 * order), so a merge or split is one finding, not a removal and a flags
 * change; memory-growth compares the page-cost
 * model's estimate at the policy's page size.
 */

export const RULE_IDS = [
  'relro-downgrade',
  'nx-lost',
  'pie-lost',
  'canary-lost',
  'fortify-lost',
  'rpath-added',
  'runpath-added',
  'textrel-added',
  'wx-segment-added',
  'execstack-added',
  'segment-added',
  'segment-removed',
  'segment-flags-changed',
  'memory-growth',
  'soname-changed',
  'needed-added',
  'needed-removed',
  'symbol-removed',
  'symbol-added',
  'glibc-version-raised',
  'section-grew',
  'file-added',
  'file-removed',
  'hardening-floor',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** error: a violation (the gate fails); warning and note: reported, allowed; off: not checked. */
export const LEVELS = ['error', 'warning', 'note', 'off'] as const;
export type Level = (typeof LEVELS)[number];
export type ReportLevel = Exclude<Level, 'off'>;

export interface RuleDescriptor {
  readonly id: RuleId;
  /** PascalCase, for SARIF's `name`. */
  readonly name: string;
  readonly short: string;
  readonly full: string;
  readonly defaultLevel: Level;
  /** GitHub code scanning's `security-severity` (0.0–10.0), for hardening rules. */
  readonly severity: string | undefined;
  readonly tags: readonly string[];
}

function rule(id: RuleId, short: string, full: string, defaultLevel: Level, severity: string | undefined, tags: string[]): RuleDescriptor {
  const name = id
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return { id, name, short, full, defaultLevel, severity, tags };
}

const HARDENING = ['security', 'hardening', 'elf'];
const LAYOUT = ['elf', 'layout'];
const ABI = ['elf', 'abi'];

export const RULES: readonly RuleDescriptor[] = [
  rule('relro-downgrade', 'RELRO weakened', 'RELRO went down (full → partial or none, partial → none; a PT_GNU_RELRO that nothing applies, such as in a static executable without glibc\'s startup code, counts as none): relocated data such as the GOT stays writable after startup, where an attacker who can write memory redirects calls.', 'error', '7.0', HARDENING),
  rule('nx-lost', 'NX lost', 'The stack and data were not executable and now are, or depend on the kernel (PT_GNU_STACK gained PF_X, or went missing on an architecture whose default is an executable stack).', 'error', '8.0', HARDENING),
  rule('pie-lost', 'PIE lost', 'A position-independent executable became a fixed-address one (ET_EXEC): ASLR no longer moves its code.', 'error', '6.0', HARDENING),
  rule('canary-lost', 'Stack protector lost', 'The binary imported __stack_chk_fail (stack-protector instrumentation) and no longer does.', 'error', '6.0', HARDENING),
  rule('fortify-lost', 'FORTIFY_SOURCE weakened', 'Fewer libc calls are fortified than before (all → some → none of the fortifiable calls use the __*_chk variants).', 'error', '5.0', HARDENING),
  rule('rpath-added', 'RPATH entry added', 'DT_RPATH has an entry it did not have: libraries are searched there before the system paths, and DT_RPATH also applies to the libraries this one loads.', 'error', '5.0', HARDENING),
  rule('runpath-added', 'RUNPATH entry added', 'DT_RUNPATH has an entry it did not have: libraries are searched there.', 'error', '4.0', HARDENING),
  rule('textrel-added', 'Text relocations added', 'DT_TEXTREL or DF_TEXTREL appeared: the loader makes code pages writable to relocate them, and they stay private dirty pages in every process.', 'error', '6.0', HARDENING),
  rule('wx-segment-added', 'Writable and executable segment added', 'More PT_LOAD segments are both writable and executable than before.', 'error', '8.0', HARDENING),
  rule('execstack-added', 'Executable stack requested', "The last PT_GNU_STACK now has PF_X: the kernel maps the process's stack executable.", 'error', '8.0', HARDENING),
  rule('segment-added', 'Segment added', 'A program header was added: one with no counterpart in the old build, or one segment split into several (lld giving the RELRO part of RW data a LOAD of its own); the finding says what it costs each process at the policy page size.', 'error', undefined, LAYOUT),
  rule('segment-removed', 'Segment removed', 'A program header was removed: one with no counterpart in the new build, or several segments merged into one (-z noseparate-code puts headers, code and read-only data in one R E LOAD).', 'error', undefined, LAYOUT),
  rule('segment-flags-changed', 'Segment permissions changed', "A segment's R/W/X flags changed, or a merge or split moved sections into a segment with other flags (.rodata into the executable LOAD).", 'error', undefined, LAYOUT),
  rule('memory-growth', 'More pages per process', 'At the policy page size, the page-cost model says every process mapping the file pays more pages (mapped or private dirty, by policy) than the threshold allows; the finding says why.', 'error', undefined, ['elf', 'memory']),
  rule('soname-changed', 'SONAME changed', 'DT_SONAME changed, appeared or went: programs linked against the old name no longer find this library under it.', 'error', undefined, ABI),
  rule('needed-added', 'Library dependency added', 'A DT_NEEDED library was added: every process that loads this file now loads it too, and the target system must have it.', 'warning', undefined, ABI),
  rule('needed-removed', 'Library dependency removed', 'A DT_NEEDED library was removed.', 'note', undefined, ABI),
  rule('symbol-removed', 'Exported symbol removed', 'A defined dynamic symbol (name and version) is no longer exported: an ABI break for every program or library that uses it. Suppress known-private names with an ignore entry\'s `symbol` glob.', 'error', undefined, ABI),
  rule('symbol-added', 'Exported symbol added', 'A defined dynamic symbol (name and version) is newly exported.', 'note', undefined, ABI),
  rule('glibc-version-raised', 'Newer glibc needed', 'The highest GLIBC_ version the file needs went up (the finding names the symbols that ask for it): it no longer loads on systems with an older glibc. With the policy\'s `maxGlibc`, a need past that version is an error whatever the level.', 'warning', undefined, ABI),
  rule('section-grew', 'Section grew', 'A section grew by more than the policy\'s percentage (`percent`, default 10) of its old size, in memory or in the file.', 'note', undefined, ['elf', 'size']),
  rule('file-added', 'ELF file added', 'An ELF file is in the tree that the baseline does not have.', 'note', undefined, ['elf']),
  rule('file-removed', 'ELF file removed', 'An ELF file in the baseline is no longer in the tree (or is no longer ELF).', 'note', undefined, ['elf']),
  // last, so the older rules keep their SARIF ruleIndex
  rule('hardening-floor', 'Below the hardening floor', "A file in the tree (new, changed or unchanged) falls below the policy's `require` floor for one property (RELRO, stack protector, NX, PIE, FORTIFY, TEXTREL, executable stack, W+X segments, RPATH, RUNPATH); a verdict the engine cannot decide is a warning saying why.", 'error', '7.0', HARDENING),
];

export const RULE_BY_ID: ReadonlyMap<RuleId, RuleDescriptor> = new Map(RULES.map((r) => [r.id, r]));

export function isRuleId(s: string): s is RuleId {
  return (RULE_IDS as readonly string[]).includes(s);
}
