/**
 * What GNU readelf keeps in function-level statics: values that outlive one
 * file and carry over to the next file of the same run (so a message
 * suppressed after ten repeats stays suppressed). runReadelf makes one per
 * run and hands it to every file's Filedata.
 */
export class RunState {
  /** process_section_groups' counters of repeated complaints. */
  readonly groups = { overlarge: 0, alreadyGrouped: 0, sectionZeroWarned: false };
  /** print_gnu_build_attribute_description's last global and function regions. */
  readonly regions = { globalOffset: 0n, globalEnd: 0n, funcOffset: 0n, funcEnd: 0n };
}
