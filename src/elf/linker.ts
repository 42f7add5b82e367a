import { NT_GNU, SHT } from './constants.js';
import type { ElfFile } from './file.js';
import { decodeNotes } from './notes.js';

/**
 * The linker that wrote a file, when it left a mark: lld and mold add a
 * string to `.comment` ("Linker: LLD 14.0.6", "mold 2.4.0 (…)"), gold an
 * NT_GNU_GOLD_VERSION note in `.note.gnu.gold-version` ("gold 1.16"). GNU ld
 * (ld.bfd) leaves none, so no mark means GNU ld or a linker that marks
 * nothing.
 */
export interface LinkerMark {
  readonly name: 'lld' | 'gold' | 'mold';
  /** As the mark spells it ("14.0.6", "1.16"); empty when it has none. */
  readonly version: string;
}

/** Versions are kept only as far as they read as versions, so a hostile mark prints nothing but these. */
const LLD = /(?:^|\s)LLD\s+([0-9A-Za-z._+~-]+)/;
const MOLD = /^mold\s+([0-9A-Za-z._+~-]+)/;
const GOLD = /^gold\s+([0-9A-Za-z._+~-]+)/;

/** The linker's mark, or undefined when there is none (or its section cannot be read). */
export function linkerMark(elf: ElfFile): LinkerMark | undefined {
  const comment = elf.sectionByName('.comment');
  if (comment !== undefined && comment.type !== SHT.NOBITS) {
    for (const s of elf.sectionData(comment).toString('latin1').split('\0')) {
      const lld = LLD.exec(s);
      if (s.startsWith('Linker:') && lld !== null) return { name: 'lld', version: lld[1]! };
      const mold = MOLD.exec(s);
      if (mold !== null) return { name: 'mold', version: mold[1]! };
    }
  }
  for (const s of elf.sectionHeaders) {
    if (s.type !== SHT.NOTE || s.size === 0n) continue;
    for (const n of decodeNotes(elf.reader.decoder, elf.sectionData(s), s.offset, Number(s.addralign))) {
      if (n.name === 'GNU' && n.type === NT_GNU.GOLD_VERSION) {
        const v = GOLD.exec(n.desc.toString('latin1'));
        return { name: 'gold', version: v === null ? '' : v[1]! };
      }
    }
  }
  return undefined;
}
