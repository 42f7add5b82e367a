/**
 * The shapes every comparison in elfaudit reports in (`diff`, `snapshot
 * diff`, the gate): a value on each side, said `old` and `new` (never
 * before/after), and what comparing two lists finds. Types only: each
 * comparison keeps its own rule for what makes two items the same.
 */

/** One value in the old build (baseline, snapshot) and in the new one. */
export interface OldNew<T> {
  readonly old: T;
  readonly new: T;
}

/** Whether a keyed value appeared, went away, or is in both and differs. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** A keyed value that changed: the side it is missing from is undefined. */
export interface KeyedChange<T> extends OldNew<T | undefined> {
  readonly change: ChangeKind;
}

/** The items of two lists found in only one of them. */
export interface AddedRemoved<T> {
  /** In the new list only. */
  readonly added: readonly T[];
  /** In the old list only. */
  readonly removed: readonly T[];
}

/** Two lists compared: the items in one only, and the pairs in both that differ (C, by default the two items). */
export interface ListDiff<T, C = OldNew<T>> extends AddedRemoved<T> {
  readonly changed: readonly C[];
}
