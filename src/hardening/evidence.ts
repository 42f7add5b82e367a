import { permissionsText } from '../names/segment-flags.js';
import { hexAddress } from '../io/text.js';
import { decodeLossy } from '../io/escape.js';
import { DT, ET, PT } from '../elf/constants.js';
import type { ElfSymbol } from '../elf/symbols.js';
import type { ProgramHeader } from '../elf/types.js';
import type { Evidence } from './types.js';

/** How the rules write the facts they cite. */

/** A string read from the binary (latin1: one char per byte) as text: UTF-8, undecodable bytes as \\xHH. */
export const text = (latin1: string) => decodeLossy(Buffer.from(latin1, 'latin1'));

/** e_type without its ET_ prefix. */
export const TYPES: Readonly<Record<number, string>> = { [ET.NONE]: 'NONE', [ET.REL]: 'REL', [ET.EXEC]: 'EXEC', [ET.DYN]: 'DYN', [ET.CORE]: 'CORE' };

const SEGMENT_NAMES: Readonly<Record<number, string>> = {
  [PT.LOAD]: 'PT_LOAD',
  [PT.DYNAMIC]: 'PT_DYNAMIC',
  [PT.INTERP]: 'PT_INTERP',
  [PT.GNU_STACK]: 'PT_GNU_STACK',
  [PT.GNU_RELRO]: 'PT_GNU_RELRO',
};

export function segmentEvidence(p: ProgramHeader, extra = ''): Evidence {
  const name = SEGMENT_NAMES[p.type] ?? hexAddress(p.type);
  return {
    kind: 'segment',
    index: p.index,
    name,
    value: permissionsText(p.flags),
    text: `program header ${p.index} is ${name} (flags ${permissionsText(p.flags)}, vaddr ${hexAddress(p.vaddr)}, memsz ${hexAddress(p.memsz)})${extra}`,
  };
}

const TAG_NAMES = new Map<bigint, string>([
  [DT.BIND_NOW, 'DT_BIND_NOW'],
  [DT.FLAGS, 'DT_FLAGS'],
  [DT.FLAGS_1, 'DT_FLAGS_1'],
  [DT.DEBUG, 'DT_DEBUG'],
  [DT.TEXTREL, 'DT_TEXTREL'],
  [DT.RPATH, 'DT_RPATH'],
  [DT.RUNPATH, 'DT_RUNPATH'],
  [DT.SONAME, 'DT_SONAME'],
  [DT.NEEDED, 'DT_NEEDED'],
]);

export function dynEvidence(index: number, e: { readonly tag: bigint; readonly value: bigint }, text: string, flag?: string): Evidence {
  const name = TAG_NAMES.get(e.tag) ?? hexAddress(e.tag);
  return { kind: 'dynamic', index, name, value: flag ?? hexAddress(e.value), text: `dynamic entry ${index} ${name} = ${hexAddress(e.value)}${text}` };
}

export function symEvidence(table: string, s: ElfSymbol, what: string): Evidence {
  const name = text(s.name);
  return { kind: 'symbol', table, index: s.index, name, value: s.shndx === 0 ? 'UND' : hexAddress(s.value), text: `${table}[${s.index}] ${name} ${what}` };
}
