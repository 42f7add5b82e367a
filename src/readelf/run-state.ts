import { SectionFacts } from './mapping.js';

/**
 * What outlives one file of a readelf run: GNU's function-level statics,
 * which carry over to the next file (so a message suppressed after ten
 * repeats stays suppressed), and elfaudit's scratch space and name caches,
 * reused file after file. runReadelf makes one per run and hands it to
 * every file's Filedata.
 */
export class RunState {
  /** process_section_groups' counters of repeated complaints. */
  readonly groups = { overlarge: 0, alreadyGrouped: 0, sectionZeroWarned: false };
  /** print_gnu_build_attribute_description's last global and function regions. */
  readonly regions = { globalOffset: 0n, globalEnd: 0n, funcOffset: 0n, funcEnd: 0n };
  /**
   * apply_relocations' prev_reloc, is_32bit_abs_reloc's prev_warn (a machine),
   * and target_specific_reloc_handling's symbol-difference state (MSP430 and
   * MN10300's saved symbol value, RL78's two symbols and value).
   */
  readonly relocs = {
    prevUnsupported: 0,
    prevMissingMachine: 0,
    savedSym: null as bigint | null,
    rl78Sym1: 0n,
    rl78Sym2: 0n,
    rl78Value: 0n,
  };
  /** Scratch facts for the section to segment mapping. */
  readonly sectionFacts = new SectionFacts();
  /** Padded segment type names by e_machine * 256 + EI_OSABI, then p_type. */
  readonly segmentNames = new Map<number, Map<number, string>>();
}
