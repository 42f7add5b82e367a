import { shortMachineName } from '../names/machines.js';
import { hexAddress } from '../io/text.js';
import { DT, ET, PF } from '../elf/constants.js';
import { isElfFormatError } from '../elf/errors.js';
import type { ElfFile } from '../elf/file.js';
import { csvFields } from '../checksec/format.js';
import { checksecFile, type ChecksecResult } from '../checksec/rules.js';
import { bindNowEvidence, CHECK_IDS, FileFacts, hardeningVerdicts, isStatic, relroSegment, type Verdict } from '../hardening/index.js';
import { stackFacts } from '../hardening/stack-pie.js';
import { TYPES } from '../hardening/evidence.js';
import type { Check, CheckId, ChecksecComparison, ElfIdentity } from './types.js';

/**
 * The accurate audit: the hardening engine's verdicts (src/hardening), each
 * with checksec.sh 2.6.0's answer beside it and, where the two differ, why.
 * 2.6.0's answer is its typed result (src/checksec/rules.ts), compared
 * field by field; `value` quotes the CSV word 2.6.0 prints for it.
 */

export function identity(file: ElfFile): ElfIdentity {
  const h = file.header;
  return {
    class: h.bits === 64 ? 'ELF64' : 'ELF32',
    data: h.bigEndian ? 'MSB' : 'LSB',
    machine: shortMachineName(h.machine),
    machineNumber: h.machine,
    type: TYPES[h.type] ?? hexAddress(h.type),
    osabi: h.ident.osabi,
  };
}

/** checksec.sh 2.6.0's verdicts, or null when its view of the file cannot be built. */
export function checksecOrNull(file: ElfFile): ChecksecResult | null {
  try {
    return checksecFile(file);
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return null;
  }
}

/**
 * All checks for one file with checksec 2.6.0's answers beside them.
 * `checksec` is 2.6.0's result when the caller already has it (the gate
 * records it too); by default it is computed here.
 */
export function auditChecks(file: ElfFile, checksec: ChecksecResult | null = checksecOrNull(file)): Record<CheckId, Check> {
  const f = new FileFacts(file);
  const verdicts = hardeningVerdicts(f);
  // a separate debug-information file is not compared: 2.6.0 reads it as if it were the program
  const compared = checksec !== null && !f.sections.debugOnly;
  const out = {} as Record<CheckId, Check>;
  for (const id of CHECK_IDS) {
    const v = verdicts[id];
    const c = !compared || v.verdict === 'error' ? undefined : compareWithChecksec(f, v, checksec);
    out[id] = c === undefined ? v : { ...v, checksec: c };
  }
  return out;
}

function comparison(value: string, agrees: boolean, why: () => string): ChecksecComparison {
  return agrees ? { value, agrees } : { value, agrees, why: why() };
}

/** Where checksec.sh 2.6.0 stands on one verdict (undefined: it has no counterpart). */
function compareWithChecksec(f: FileFacts, v: Verdict, cs: ChecksecResult): ChecksecComparison | undefined {
  const words = csvFields(cs);
  try {
    switch (v.id) {
      case 'relro': {
        if (v.verdict === 'n/a') return undefined;
        const expected = { full: 'full', partial: 'partial', none: 'no' }[v.verdict as 'full' | 'partial' | 'none'] as ChecksecResult['relro'] | undefined;
        return comparison(words.relro, cs.relro === expected, () => {
          const now = bindNowEvidence(f);
          if (v.verdict === 'unknown') return '2.6.0 only looks for the segment, not for code that applies it';
          if (v.verdict === 'none' && relroSegment(f) !== undefined) return '2.6.0 only looks for a GNU_RELRO line, not at how many bytes it covers';
          if (f.dynamicEntries.length === 0) return '2.6.0 needs the word BIND_NOW in `readelf -d`, and a static executable has no dynamic table';
          if (now.length > 0 && now.every((e) => e.value === 'DF_1_NOW')) {
            return '2.6.0 greps `readelf -d` for BIND_NOW and does not count DF_1_NOW (`FLAGS_1 ... NOW`), which ld.so honours';
          }
          return '2.6.0 only greps for BIND_NOW and does not look at where .got.plt lies';
        });
      }
      case 'canary':
        return comparison(words.canary, v.verdict === 'yes' ? cs.canary : v.verdict === 'no' ? !cs.canary : false, () => {
          if (v.verdict === 'n/a') return '2.6.0 does not know which toolchain built the file: Rust and Go code has no C stack protector to find';
          if (f.type === ET.REL) return '2.6.0 counts any symbol name containing __stack_chk_fail, __stack_chk_guard or __intel_security_cookie';
          if (isStatic(f)) {
            return cs.canary
              ? "2.6.0 finds libc's __stack_chk_fail in every static glibc binary and reports it as found"
              : '2.6.0 sees no symbols in a stripped static binary and reports no canary, which symbols cannot show';
          }
          return '2.6.0 counts any symbol (defined or not, in .dynsym or .symtab) whose name contains __stack_chk_fail, __stack_chk_guard or __intel_security_cookie';
        });
      case 'nx': {
        if (v.verdict === 'n/a') return undefined;
        return comparison(words.nx, v.verdict === 'yes' ? cs.nx : v.verdict === 'no' ? !cs.nx : false, () => {
          const { stacks, last } = stackFacts(f);
          if (last !== undefined && (last.flags & PF.X) !== 0 && (last.flags & PF.W) === 0) return "2.6.0 only reports NX disabled for the flags RWE, so an `R E` stack counts as NX";
          if (stacks.length > 1) return '2.6.0 looks at every PT_GNU_STACK; the kernel uses the last';
          if (last === undefined) return '2.6.0 reports NX disabled whenever PT_GNU_STACK is missing, on every architecture';
          return '2.6.0 only reports NX disabled for the flags RWE';
        });
      }
      case 'pie': {
        const expected = { no: 'no', pie: 'yes', 'static-pie': 'yes', 'shared-object': 'dso', relocatable: 'rel', 'n/a': 'not_elf' }[v.verdict];
        return comparison(words.pie, cs.pie === expected, () =>
          f.dynamicEntries.some((e) => e.tag === DT.DEBUG)
            ? '2.6.0 calls every ET_DYN with a DT_DEBUG tag a PIE, libraries included'
            : '2.6.0 calls an ET_DYN a PIE only when `readelf -d` mentions DEBUG (a DT_DEBUG tag), and this file has none',
        );
      }
      case 'rpath':
      case 'runpath': {
        const word = v.id === 'rpath' ? 'RPATH' : 'RUNPATH';
        const present = (v.id === 'rpath' ? cs.rpath : cs.runpath).present;
        return comparison(v.id === 'rpath' ? words.rpath : words.runpath, v.verdict === 'none' ? !present : present, () => {
          return `2.6.0 reads only the first ${word} line of \`readelf -d\` and says No ${word} when its value is empty`;
        });
      }
      case 'fortify': {
        const value = `${words.fortify} (${cs.fortify.fortified} fortified, ${cs.fortify.fortifiable} fortifiable)`;
        const ours = v.verdict === 'yes' || v.verdict === 'partial';
        return comparison(value, ours === cs.fortify.source, () => {
          // 2.6.0 missed fortified imports: readelf's annotations moved the names out of awk's $8
          if (ours && !cs.fortify.source) {
            return "2.6.0 takes the eighth word of each `readelf --dyn-syms` line, and the words readelf adds for st_other bits ([<localentry>: N] on PPC64, [VARIANT_PCS] on AArch64, ...) push these names out of it";
          }
          if (f.type !== ET.REL && isStatic(f)) return v.verdict === 'yes' ? '2.6.0 reads only the dynamic symbols, which a static executable lacks' : '2.6.0 reads only the dynamic symbols';
          return '2.6.0 says Yes for any dynamic symbol ending in _chk, defined or not, and counts definitions too';
        });
      }
      case 'stripped':
        return comparison(words.symbols, cs.symbols.present === (v.verdict === 'no'), () => "2.6.0 greps `readelf -s` for '.symtab', so it depends on the section's name, not its type");
      default:
        return undefined;
    }
  } catch (e) {
    if (!isElfFormatError(e)) throw e;
    return undefined;
  }
}
