import { DF_1, DT, PT, SHT, STRUCT_SIZE } from '../elf/constants.js';
import type { ElfReader } from '../elf/reader.js';
import type { DynamicEntry, ElfHeader, ProgramHeader, SectionHeader } from '../elf/types.js';
import type { Diagnostics } from './diagnostics.js';
import type { ReadelfOptions } from './options.js';
import type { ReadelfSink } from './sink.js';
import { altHex, u64 } from './printf.js';

const U64_MAX = (1n << 64n) - 1n;

/**
 * Per-file state of one GNU readelf run (readelf.c's Filedata) and the
 * loaders that fill it. The loaders reproduce GNU's checks and messages
 * exactly — including which ones cache a failure and which retry — because
 * the order and repetition of diagnostics is part of the output.
 * Only bytes actually needed are read; for a table GNU reads merely to
 * validate, the same bounds checks run without reading.
 */
export class Filedata {
  readonly header: ElfHeader;
  readonly is32: boolean;
  readonly fileSize: bigint;
  /** Counts as GNU keeps them, adjusted by extended numbering. */
  phnum: number;
  shnum: number;
  shstrndx: number;

  sections: SectionHeader[] | null = null;
  /** sh_entsize values GNU rewrote after "invalid sh_entsize" (CHECK_ENTSIZE). */
  readonly entsizeFix = new Map<number, bigint>();
  stringTable: Buffer | null = null;
  phdrs: ProgramHeader[] | null = null;
  dynamicAddr = 0n;
  /** 0 = not located yet; 1 = located, none. */
  dynamicSize = 0n;
  dynamicSection: DynamicEntry[] | null = null;
  dynamicSymbolsLoaded = false;
  dynamicStringsLoaded = false;
  dynamicSyminfoLoaded = false;
  dynamicSyminfoOffset = 0n;
  readonly dynamicInfo = new Map<bigint, bigint>();
  /** SHT_SYMTAB_SHNDX sections seen so far, newest first (GNU's list order). */
  readonly symtabShndx: SectionHeader[] = [];
  programInterpreter: Buffer | null = null;

  constructor(
    readonly name: string,
    readonly reader: ElfReader,
    readonly opts: ReadelfOptions,
    readonly diag: Diagnostics,
    readonly sink: ReadelfSink,
  ) {
    this.header = reader.header;
    this.is32 = reader.header.bits === 32;
    this.fileSize = reader.size;
    this.phnum = this.header.phnum;
    this.shnum = this.header.shnum;
    this.shstrndx = this.header.shstrndx;
  }

  get structs() {
    return STRUCT_SIZE[this.is32 ? 32 : 64];
  }

  /**
   * get_data's checks: returns false (after GNU's message when `reason` is
   * given) when `nmemb` elements of `size` bytes at `offset` cannot be read.
   */
  canRead(offset: bigint, size: bigint, nmemb: bigint, reason: string | null): boolean {
    if (size === 0n || nmemb === 0n) return false;
    const amt = size * nmemb;
    if (amt > U64_MAX || amt === U64_MAX) {
      if (reason !== null) {
        this.diag.error(`Size overflow prevents reading ${nmemb} elements of size ${size} for ${reason}`);
      }
      return false;
    }
    if (offset > this.fileSize || amt > this.fileSize - offset) {
      if (reason !== null) this.diag.error(`Reading ${amt} bytes extends past end of file for ${reason}`);
      return false;
    }
    return true;
  }

  /** get_data that also returns the bytes. */
  getData(offset: bigint, size: bigint, nmemb: bigint, reason: string | null): Buffer | null {
    if (!this.canRead(offset, size, nmemb, reason)) return null;
    return this.reader.readRange(offset, size * nmemb, reason ?? 'data');
  }

  /** get_program_headers: cached on success only, so a failure repeats its message. */
  getProgramHeaders(): boolean {
    if (this.phdrs !== null) return true;
    const natural = this.structs.phdr;
    if (BigInt(this.phnum) * BigInt(natural) >= this.fileSize) {
      this.diag.error(`Too many program headers - ${altHex(this.phnum)} - the file is not that big`);
      return false;
    }
    const size = this.header.phentsize;
    const num = this.phnum;
    if (size === 0 || num === 0) return false;
    if (size < natural) {
      this.diag.error('The e_phentsize field in the ELF header is less than the size of an ELF program header');
      return false;
    }
    if (size > natural) {
      this.diag.warn('The e_phentsize field in the ELF header is larger than the size of an ELF program header');
    }
    if (!this.canRead(this.header.phoff, BigInt(size), BigInt(num), 'program headers')) return false;
    // GNU reads e_phentsize * e_phnum bytes but walks them at the natural stride.
    this.phdrs = this.reader.programHeaders(this.header.phoff, num, natural);
    return true;
  }

  /** get_section_headers; `probe` reads only section 0, silently. */
  getSectionHeaders(probe: boolean): boolean {
    if (this.sections !== null) return true;
    const size = this.header.shentsize;
    const num = probe ? 1 : this.shnum;
    if (size === 0 || num === 0) return false;
    if (this.header.shoff === 0n) return false;
    const natural = this.structs.shdr;
    if (size < natural) {
      if (!probe) this.diag.error('The e_shentsize field in the ELF header is less than the size of an ELF section header');
      return false;
    }
    if (!probe && size > natural) {
      this.diag.warn('The e_shentsize field in the ELF header is larger than the size of an ELF section header');
    }
    if (!this.canRead(this.header.shoff, BigInt(size), BigInt(num), probe ? null : 'section headers')) return false;
    const secs = this.reader.sectionHeaders(this.header.shoff, num, natural);
    if (!probe) {
      for (const s of secs) {
        if (s.link > num) this.diag.warn(`Section ${s.index} has an out of range sh_link value of ${s.link}`);
        if ((s.flags & 0x40n) !== 0n && s.info > num) {
          this.diag.warn(`Section ${s.index} has an out of range sh_info value of ${s.info}`);
        }
      }
    }
    this.sections = secs;
    return true;
  }

  entsize(sec: SectionHeader): bigint {
    return this.entsizeFix.get(sec.index) ?? sec.entsize;
  }

  /** section_name_print, as a byte string (before escaping). */
  sectionNamePrint(sec: SectionHeader | undefined): string {
    if (sec === undefined) return '<none>';
    if (this.stringTable === null) return '<no-strings>';
    if (BigInt(sec.name) >= BigInt(this.stringTable.length)) return '<corrupt>';
    const t = this.stringTable;
    const end = t.indexOf(0, sec.name);
    return t.toString('latin1', sec.name, end < 0 ? t.length : end);
  }

  /** find_section: the first section whose (valid) name is `name`. */
  findSection(name: string): SectionHeader | undefined {
    if (this.sections === null || this.stringTable === null) return undefined;
    const t = this.stringTable;
    const target = Buffer.from(name, 'latin1');
    for (let i = 0; i < this.shnum && i < this.sections.length; i++) {
      const s = this.sections[i]!;
      if (s.name >= t.length) continue;
      if (t.compare(target, 0, target.length, s.name, s.name + target.length) === 0 && (t[s.name + target.length] ?? 0) === 0) {
        return s;
      }
    }
    return undefined;
  }

  /** locate_dynamic_section (used by is_pie before the program headers are shown). */
  locateDynamicSection(): void {
    let addr = 0n;
    let size = 0n;
    if (this.phnum !== 0 && this.getProgramHeaders()) {
      const seg = this.phdrs!.find((p) => p.type === PT.DYNAMIC);
      if (seg !== undefined) {
        addr = seg.offset;
        size = seg.filesz;
        if (this.sections !== null) {
          const sec = this.findSection('.dynamic');
          if (sec !== undefined) {
            if (sec.size === 0n || sec.type === SHT.NOBITS) {
              addr = 0n;
              size = 0n;
            } else {
              addr = sec.offset;
              size = sec.size;
            }
          }
        }
        if (addr > this.fileSize || size > this.fileSize - addr) {
          addr = 0n;
          size = 0n;
        }
      }
    }
    this.dynamicAddr = addr;
    this.dynamicSize = size !== 0n ? size : 1n;
  }

  /** get_dynamic_section: cached on success. */
  getDynamicSection(): boolean {
    if (this.dynamicSection !== null) return true;
    const buf = this.getData(this.dynamicAddr, 1n, this.dynamicSize, 'dynamic section');
    if (buf === null) return false;
    this.dynamicSection = this.reader.dynamicEntriesFromBuffer(buf);
    return true;
  }

  /** is_pie: DF_1_PIE in the first DT_FLAGS_1. */
  isPie(): boolean {
    if (this.dynamicSize === 0n) this.locateDynamicSection();
    if (this.dynamicSize <= 1n) return false;
    if (!this.getDynamicSection()) return false;
    for (const e of this.dynamicSection!) {
      if (e.tag === DT.FLAGS_1) return (e.value & DF_1.PIE) !== 0n;
    }
    return false;
  }

  /** offset_from_vma: maps an address to a file offset through the PT_LOADs. */
  offsetFromVma(vma: bigint, size: bigint): bigint {
    if (!this.getProgramHeaders()) {
      this.diag.warn('Cannot interpret virtual addresses without program headers.');
      return vma;
    }
    for (const seg of this.phdrs!) {
      if (seg.type !== PT.LOAD) continue;
      if (vma >= (seg.vaddr & u64(-seg.align)) && u64(vma + size) <= u64(seg.vaddr + seg.filesz)) {
        return u64(vma - seg.vaddr + seg.offset);
      }
    }
    this.diag.warn(`Virtual address ${altHex(vma)} not located in any PT_LOAD segment.`);
    return vma;
  }
}
