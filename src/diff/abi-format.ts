/**
 * The ABI and size sections of a diff (src/diff/abi.ts) in words: one list
 * of sections built once, rendered as text or Markdown by format.ts; and
 * their JSON. A section is present only when something in it changed.
 * Every name from the binaries goes through `name` (visibleLatin1 for text,
 * a code span for Markdown).
 */
import { symbolBindingName, symbolTypeName } from '../readelf/symbol-names.js';
import { visibleLatin1 } from '../io/escape.js';
import { signedBytes, signedPercent } from '../io/text.js';
import { symbolKey, type AbiDiff, type ExportedSymbol, type IdentityChange, type SectionChange, type VersionFamily } from './abi.js';

export interface AbiSection {
  readonly title: string;
  readonly lines: readonly string[];
}

/** How a name read from a binary is shown in the target format. */
export type NameStyle = (s: string) => string;

export interface SymbolWords {
  readonly machine: number;
  readonly osabi: number;
}

const IDENTITY_TAG: Readonly<Record<IdentityChange['field'], string>> = {
  soname: 'SONAME',
  needed: 'NEEDED',
  rpath: 'RPATH',
  runpath: 'RUNPATH',
  interpreter: 'interpreter',
  flags: 'DT_FLAGS',
  flags1: 'DT_FLAGS_1',
};

const FAMILY_WORDS: Readonly<Record<VersionFamily, string>> = {
  GLIBC: 'glibc',
  GLIBCXX: 'libstdc++ (GLIBCXX)',
  CXXABI: 'the C++ ABI (CXXABI)',
  GCC: 'libgcc (GCC)',
};

function identityLine(c: IdentityChange, name: NameStyle): string {
  const tag = IDENTITY_TAG[c.field];
  if (c.field === 'flags' || c.field === 'flags1') {
    return c.change === 'added' ? `${tag} gained ${name(c.new!)}` : `${tag} lost ${name(c.old!)}`;
  }
  if (c.field === 'needed') return `${tag} ${name(c.change === 'added' ? c.new! : c.old!)} ${c.change}`;
  if (c.change === 'added') return `${tag} added: ${name(c.new!)}`;
  if (c.change === 'removed') return `${tag} removed (was ${name(c.old!)})`;
  return `${tag} ${name(c.old!)} → ${name(c.new!)}`;
}

const isMangled = (s: ExportedSymbol): boolean => s.name.startsWith('_Z');

function kindOf(s: ExportedSymbol, w: SymbolWords): string {
  return `${symbolTypeName(s.type, w.machine, w.osabi)}, ${symbolBindingName(s.bind, w.osabi)}`;
}

function sizeCell(delta: bigint, old: bigint | undefined): string {
  const pct = old === undefined ? undefined : signedPercent(delta, old);
  return pct === undefined ? signedBytes(delta) : `${signedBytes(delta)} (${pct})`;
}

function sectionLine(c: SectionChange, name: NameStyle): string {
  const what = c.change === 'added' ? ' (appeared)' : c.change === 'removed' ? ' (vanished)' : '';
  const old = c.change === 'changed' ? c.old : undefined;
  return `${name(c.name)}${what}: VM ${sizeCell(c.vmDelta, old?.vmSize)}, file ${sizeCell(c.fileDelta, old?.fileSize)}`;
}

/** The sections with something in them, in the order a reviewer reads them. */
export function abiSections(d: AbiDiff, w: SymbolWords, name: NameStyle): AbiSection[] {
  const out: AbiSection[] = [];
  if (d.identity.length > 0) out.push({ title: 'dynamic identity', lines: d.identity.map((c) => identityLine(c, name)) });
  const e = d.exports;
  if (e.added.length + e.removed.length + e.changed.length > 0) {
    const lines: string[] = [];
    for (const s of e.removed) lines.push(`removed ${name(symbolKey(s))} (${kindOf(s, w)}): an ABI break`);
    for (const s of e.added) lines.push(`added ${name(symbolKey(s))} (${kindOf(s, w)})`);
    for (const c of e.changed) lines.push(`${name(symbolKey(c.new))}: ${kindOf(c.old, w)} → ${kindOf(c.new, w)}`);
    if (e.added.some(isMangled) || e.removed.some(isMangled) || e.changed.some((c) => isMangled(c.new))) lines.push('C++ names are shown mangled (no demangler is bundled)');
    const head = e.removed.length > 0 ? `exported interface (ABI break: ${e.removed.length} removed)` : 'exported interface';
    out.push({ title: head, lines });
  }
  if (d.needs.length > 0) {
    const lines = d.needs.map((n) => {
      const words = `${FAMILY_WORDS[n.family]}: ${n.old ?? 'none'} → ${n.new ?? 'none'}`;
      if (!n.raised) return words;
      if (n.because.length === 0) return `${words} (a version need without a symbol)`;
      return `now needs ${FAMILY_WORDS[n.family]} ${n.new} (was ${n.old ?? 'none'}) because of ${n.because.map((s) => name(`${s.name}@${s.version}`)).join(', ')}`;
    });
    out.push({ title: 'needs from the system', lines });
  }
  if (d.sizes !== undefined) {
    const t = d.sizes.total;
    const lines = d.sizes.sections.map((c) => sectionLine(c, name));
    lines.push(`total: VM ${sizeCell(t.newVm - t.oldVm, t.oldVm)} (${t.oldVm} → ${t.newVm} bytes), file ${sizeCell(t.newFile - t.oldFile, t.oldFile)} (${t.oldFile} → ${t.newFile} bytes)`);
    out.push({ title: 'sizes by section', lines });
  }
  return out;
}

export const textName: NameStyle = visibleLatin1;

// ---- JSON --------------------------------------------------------------------

const n = (v: bigint) => Number(v);
const str = (v: string | undefined) => (v === undefined ? null : visibleLatin1(v));

function symJson(s: ExportedSymbol, w: SymbolWords): Record<string, unknown> {
  return {
    name: visibleLatin1(s.name),
    version: str(s.version),
    default: s.isDefault,
    binding: symbolBindingName(s.bind, w.osabi),
    type: symbolTypeName(s.type, w.machine, w.osabi),
  };
}

/** The `abi` object of diff JSON (docs/memory-model.md "diff JSON"); present only when something changed. */
export function abiJson(d: AbiDiff, w: SymbolWords): Record<string, unknown> {
  return {
    identity: d.identity.map((c) => ({ field: c.field, change: c.change, old: str(c.old), new: str(c.new) })),
    exports: {
      added: d.exports.added.map((s) => symJson(s, w)),
      removed: d.exports.removed.map((s) => symJson(s, w)),
      changed: d.exports.changed.map((c) => ({ old: symJson(c.old, w), new: symJson(c.new, w) })),
    },
    needs: d.needs.map((x) => ({
      family: x.family,
      old: x.old ?? null,
      new: x.new ?? null,
      raised: x.raised,
      because: x.because.map((s) => ({ name: visibleLatin1(s.name), version: visibleLatin1(s.version) })),
    })),
    sizes:
      d.sizes === undefined
        ? null
        : {
            sections: d.sizes.sections.map((c) => ({
              name: visibleLatin1(c.name),
              change: c.change,
              old: c.old === undefined ? null : { vmSize: n(c.old.vmSize), fileSize: n(c.old.fileSize) },
              new: c.new === undefined ? null : { vmSize: n(c.new.vmSize), fileSize: n(c.new.fileSize) },
              vmDelta: n(c.vmDelta),
              fileDelta: n(c.fileDelta),
            })),
            total: { oldVm: n(d.sizes.total.oldVm), newVm: n(d.sizes.total.newVm), oldFile: n(d.sizes.total.oldFile), newFile: n(d.sizes.total.newFile) },
          },
  };
}
