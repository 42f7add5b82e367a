/**
 * A program header's p_flags as text. Each style is an output contract of
 * some command, so they stay several; they live here once.
 */

/** readelf's column: `R E`, `RW `, three characters. */
export function readelfFlags(flags: number): string {
  return `${flags & 4 ? 'R' : ' '}${flags & 2 ? 'W' : ' '}${flags & 1 ? 'E' : ' '}`;
}

/** readelf's letters as a word in a sentence: `R E`, `RW`, or `no access`. */
export function flagsWord(flags: number): string {
  return readelfFlags(flags).trim() || 'no access';
}

/** Compact letters (memory's JSON and tables): `RX`, `RW`, or `none`. */
export function flagString(flags: number): string {
  return `${flags & 4 ? 'R' : ''}${flags & 2 ? 'W' : ''}${flags & 1 ? 'X' : ''}` || 'none';
}

/** Fixed-width permissions as the audit's evidence quotes them: `R-X`, `RW-`. */
export function permissionsText(flags: number): string {
  return `${flags & 4 ? 'R' : '-'}${flags & 2 ? 'W' : '-'}${flags & 1 ? 'X' : '-'}`;
}
