import { SHT, VER_FLG, VERSION_STRUCT_SIZE, VERSYM } from '../elf/constants.js';
import { cText } from '../elf/reader.js';
import type { SectionHeader } from '../elf/types.js';
import type { Filedata } from './filedata.js';
import { hex } from './printf.js';
import { getElfSymbols } from './symbol-table.js';
import { recordedVersionTags } from './symbol-versions.js';

/** sizeof Elf_External_Verdef, Verdaux, Verneed, Vernaux. */
const { verdef: VERDEF_SIZE, verdaux: VERDAUX_SIZE, verneed: VERNEED_SIZE, vernaux: VERNAUX_SIZE } = VERSION_STRUCT_SIZE;

/** `%#06zx`: `000000` for zero, else `0x` and at least four digits. */
function altHex6(v: number): string {
  return v === 0 ? '000000' : '0x' + v.toString(16).padStart(4, '0');
}

/** get_ver_flags. */
function verFlags(flags: number): string {
  if (flags === 0) return 'none';
  let buff = '';
  if (flags & VER_FLG.BASE) buff += 'BASE';
  if (flags & VER_FLG.WEAK) {
    if (flags & VER_FLG.BASE) buff += ' | ';
    buff += 'WEAK';
  }
  if (flags & VER_FLG.INFO) {
    if (flags & (VER_FLG.BASE | VER_FLG.WEAK)) buff += ' | ';
    buff += 'INFO';
  }
  if (flags & ~(VER_FLG.BASE | VER_FLG.WEAK | VER_FLG.INFO)) {
    if (flags & (VER_FLG.BASE | VER_FLG.WEAK | VER_FLG.INFO)) buff += ' | ';
    buff += '<unknown>';
  }
  return buff;
}

/**
 * process_version_sections (readelf.c, binutils 2.40): -V's version
 * definition, version needs and version symbol sections, in section order.
 */
export function processVersionSections(fd: Filedata): boolean {
  if (!fd.opts.versionInfo) return true;
  const sections = fd.sections;
  let found = false;
  const n = sections === null ? 0 : Math.min(fd.shnum, sections.count);
  for (let i = 0; i < n; i++) {
    const type = sections!.type(i);
    if (type === SHT.GNU_VERDEF) {
      found = true;
      verdefSection(fd, sections!.at(i));
    } else if (type === SHT.GNU_VERNEED) {
      found = true;
      verneedSection(fd, sections!.at(i));
    } else if (type === SHT.GNU_VERSYM) {
      if (versymSection(fd, sections!.at(i))) found = true;
    }
  }
  if (!found) fd.sink.out('\nNo version information found in this file.\n');
  return true;
}

/** printable_section_name_from_index. */
function nameFromIndex(fd: Filedata, index: number): string {
  if (index >= fd.shnum) return '<corrupt>';
  return fd.printableSectionNameAt(fd.sections!.name(index));
}

function sectionHead(fd: Filedata, sec: SectionHeader, what: string, count: bigint | number, link: string): void {
  fd.sink.out(
    `\n${what} section '${fd.printableSectionNameAt(sec.name)}' contains ${count} ${count === 1 || count === 1n ? 'entry' : 'entries'}:\n` +
      ` Addr: 0x${hex(sec.addr, 16)}  Offset: 0x${hex(sec.offset, 8)}  Link: ${sec.link} (${link})\n`,
  );
}

function verdefSection(fd: Filedata, sec: SectionHeader): void {
  const sink = fd.sink;
  sectionHead(fd, sec, 'Version definition', sec.info, nameFromIndex(fd, sec.link));
  const edefs = fd.getData(sec.offset, 1n, sec.size, 'version definition section');
  if (edefs === null) return;
  const d = fd.reader.decoder;
  const end = edefs.length;
  let idx = 0;
  let cnt = 0;
  for (; cnt < sec.info; ++cnt) {
    let vstart = idx;
    if (vstart + VERDEF_SIZE > end) break;
    const version = d.u16(edefs, vstart);
    const flags = d.u16(edefs, vstart + 2);
    const ndx = d.u16(edefs, vstart + 4);
    const vdCnt = d.u16(edefs, vstart + 6);
    const aux = d.u32(edefs, vstart + 12);
    const next = d.u32(edefs, vstart + 16);
    sink.out(`  ${altHex6(idx)}: Rev: ${version}  Flags: ${verFlags(flags)}  Index: ${ndx}  Cnt: ${vdCnt}  `);
    if (aux > end - vstart) break;
    vstart += aux;
    if (vstart + VERDAUX_SIZE > end) break;
    let vdaName = d.u32(edefs, vstart);
    let vdaNext = d.u32(edefs, vstart + 4);
    const name = fd.dynamicName(BigInt(vdaName));
    sink.out(name !== null ? `Name: ${name}\n` : `Name index: ${vdaName}\n`);
    let isum = idx + aux;
    let j = 1;
    for (; j < vdCnt; j++) {
      if (vdaNext < VERDAUX_SIZE && !(j === vdCnt - 1 && vdaNext === 0)) {
        fd.diag.warn(`Invalid vda_next field of ${vdaNext.toString(16)}`);
        j = vdCnt;
        break;
      }
      if (vdaNext > end - vstart) break;
      isum += vdaNext;
      vstart += vdaNext;
      if (vstart + VERDAUX_SIZE > end) break;
      vdaName = d.u32(edefs, vstart);
      vdaNext = d.u32(edefs, vstart + 4);
      const parent = fd.dynamicName(BigInt(vdaName));
      sink.out(
        parent !== null
          ? `  ${altHex6(isum)}: Parent ${j}: ${parent}\n`
          : `  ${altHex6(isum)}: Parent ${j}, name index: ${vdaName}\n`,
      );
    }
    if (j < vdCnt) sink.out('  Version def aux past end of section\n');
    if (next < VERDEF_SIZE && !(cnt === sec.info - 1 && next === 0)) {
      fd.diag.warn(`Invalid vd_next field of ${next.toString(16)}`);
      cnt = sec.info;
      break;
    }
    if (next > end - idx) break;
    idx += next;
  }
  if (cnt < sec.info) sink.out('  Version definition past end of section\n');
}

function verneedSection(fd: Filedata, sec: SectionHeader): void {
  const sink = fd.sink;
  sectionHead(fd, sec, 'Version needs', sec.info, nameFromIndex(fd, sec.link));
  const eneed = fd.getData(sec.offset, 1n, sec.size, 'Version Needs section');
  if (eneed === null) return;
  const d = fd.reader.decoder;
  const end = eneed.length;
  let idx = 0;
  let cnt = 0;
  for (; cnt < sec.info; ++cnt) {
    let vstart = idx;
    if (vstart + VERNEED_SIZE > end) break;
    const version = d.u16(eneed, vstart);
    const vnCnt = d.u16(eneed, vstart + 2);
    const file = d.u32(eneed, vstart + 4);
    const aux = d.u32(eneed, vstart + 8);
    const next = d.u32(eneed, vstart + 12);
    const fileName = fd.dynamicName(BigInt(file));
    sink.out(
      `  ${altHex6(idx)}: Version: ${version}` +
        (fileName !== null ? `  File: ${fileName}` : `  File: ${file.toString(16)}`) +
        `  Cnt: ${vnCnt}\n`,
    );
    if (aux > end - vstart) break;
    vstart += aux;
    let j = 0;
    let isum = idx + aux;
    for (; j < vnCnt; ++j) {
      if (vstart + VERNAUX_SIZE > end) break;
      const flags = d.u16(eneed, vstart + 4);
      const other = d.u16(eneed, vstart + 6);
      const vnaName = d.u32(eneed, vstart + 8);
      const vnaNext = d.u32(eneed, vstart + 12);
      const name = fd.dynamicName(BigInt(vnaName));
      sink.out(
        (name !== null ? `  ${altHex6(isum)}:   Name: ${name}` : `  ${altHex6(isum)}:   Name index: ${vnaName.toString(16)}`) +
          `  Flags: ${verFlags(flags)}  Version: ${other}\n`,
      );
      if (vnaNext < VERNAUX_SIZE && !(j === vnCnt - 1 && vnaNext === 0)) {
        fd.diag.warn(`Invalid vna_next field of ${vnaNext.toString(16)}`);
        j = vnCnt;
        break;
      }
      if (vnaNext > end - vstart) break;
      isum += vnaNext;
      vstart += vnaNext;
    }
    if (j < vnCnt) fd.diag.warn('Missing Version Needs auxiliary information');
    if (next < VERNEED_SIZE && !(cnt === sec.info - 1 && next === 0)) {
      fd.diag.warn(`Invalid vn_next field of ${next.toString(16)}`);
      cnt = sec.info;
      break;
    }
    if (next > end - idx) break;
    idx += next;
  }
  if (cnt < sec.info) fd.diag.warn('Missing Version Needs information');
}

/** The SHT_GNU_versym case; returns whether it counted as version information. */
function versymSection(fd: Filedata, sec: SectionHeader): boolean {
  if (sec.link >= fd.shnum) return false;
  const linkSection = fd.sections!.at(sec.link);
  const total = sec.size / 2n;
  if (linkSection.link >= fd.shnum) return false;
  const symbols = getElfSymbols(fd, linkSection, false);
  if (symbols === null) return true;
  const numSyms = symbols.cols.count;
  const stringSec = fd.sections!.at(linkSection.link);
  const strtab = fd.getData(stringSec.offset, 1n, stringSec.size, 'version string table');
  if (strtab === null) return true;
  const sink = fd.sink;
  sink.out(
    `\nVersion symbols section '${fd.printableSectionNameAt(sec.name)}' contains ${total} ${total === 1n ? 'entry' : 'entries'}:\n` +
      ` Addr: 0x${hex(sec.addr, 16)}  Offset: 0x${hex(sec.offset, 8)}  Link: ${sec.link} (${fd.printableSectionNameAt(linkSection.name)})\n`,
  );
  const tags = recordedVersionTags(fd);
  const off = fd.offsetFromVma(tags.versym, total * 2n);
  const edata = fd.getData(off, 2n, total, 'version symbol data');
  if (edata === null) return true;
  const d = fd.reader.decoder;
  const count = Number(total);
  const strSize = stringSec.size;
  const invalid = '*invalid*';
  for (let cnt = 0; cnt < count; cnt += 4) {
    let line = `  ${hex(cnt, 3)}:`;
    for (let j = 0; j < 4 && cnt + j < count; ++j) {
      const data = d.u16(edata, 2 * (cnt + j));
      if (data === 0) {
        line += '   0 (*local*)    ';
        continue;
      }
      if (data === 1) {
        line += '   1 (*global*)   ';
        continue;
      }
      let cell = (data & VERSYM.VERSION).toString(16).padStart(4) + (data & VERSYM.HIDDEN ? 'h' : ' ');
      if (cnt + j >= numSyms) {
        line += cell;
        sink.out(line);
        line = '';
        fd.diag.warn('invalid index into symbol array');
        continue;
      }
      sink.out(line);
      line = '';
      let name: string | null = null;
      if (tags.verneed !== 0n) name = verneedName(fd, tags.verneed, data, strtab, strSize, invalid);
      if (data !== 0x8001 && tags.verdef !== 0n) {
        const def = verdefName(fd, tags.verdef, data);
        if (def === null) {
          // GNU leaves the switch: no name and no padding for this cell.
          line += cell;
          continue;
        }
        if (def !== undefined) {
          if (BigInt(def) >= strSize) name = invalid;
          else if (name !== null && name !== invalid) name = '*both*';
          else name = cText(strtab, def);
        }
      }
      // `(%s%-*s` with 12 - strlen(name): a negative width is a left-justified positive one.
      if (name !== null) cell += '(' + name + ')'.padEnd(Math.abs(12 - name.length));
      line += cell.length < 18 ? cell.padEnd(18) : cell;
    }
    sink.out(line + '\n');
  }
  return true;
}

/** The verneed walk of the versym case: the vna_name string for version `data`, or null. */
function verneedName(fd: Filedata, verneed: bigint, data: number, strtab: Buffer, strSize: bigint, invalid: string): string | null {
  const d = fd.reader.decoder;
  let offset = fd.offsetFromVma(verneed, BigInt(VERNEED_SIZE));
  for (;;) {
    const evn = fd.getSmallData(offset, BigInt(VERNEED_SIZE), 'version need');
    if (evn === null) return null;
    const vnAux = d.u32(evn, 8);
    const vnNext = d.u32(evn, 12);
    let aOff = offset + BigInt(vnAux);
    let vnaNext: number;
    let vnaOther: number;
    let evna: Buffer | null;
    do {
      evna = fd.getSmallData(aOff, BigInt(VERNAUX_SIZE), 'version need aux (2)');
      if (evna === null) {
        vnaNext = 0;
        vnaOther = 0;
      } else {
        vnaNext = d.u32(evna, 12);
        vnaOther = d.u16(evna, 6);
      }
      aOff += BigInt(vnaNext);
    } while (vnaOther !== data && vnaNext !== 0);
    if (vnaOther === data && evna !== null) {
      const vnaName = d.u32(evna, 8);
      return BigInt(vnaName) >= strSize ? invalid : cText(strtab, vnaName);
    }
    offset += BigInt(vnNext);
    if (vnNext === 0) return null;
  }
}

/** The verdef walk of the versym case: the vda_name of version `data`, undefined for none, null when its aux entry cannot be read. */
function verdefName(fd: Filedata, verdef: bigint, data: number): number | undefined | null {
  const d = fd.reader.decoder;
  let offset = fd.offsetFromVma(verdef, BigInt(VERDEF_SIZE));
  let vdNext: number;
  let vdNdx: number;
  let vdAux = 0;
  for (;;) {
    const evd = fd.getSmallData(offset, BigInt(VERDEF_SIZE), 'version def');
    if (evd === null) {
      vdNext = 0;
      vdNdx = (data & VERSYM.VERSION) + 1;
      break;
    }
    vdNext = d.u32(evd, 16);
    vdNdx = d.u16(evd, 4);
    vdAux = d.u32(evd, 12);
    offset += BigInt(vdNext);
    if (vdNdx === (data & VERSYM.VERSION) || vdNext === 0) break;
  }
  if (vdNdx !== (data & VERSYM.VERSION)) return undefined;
  const evda = fd.getSmallData(offset - BigInt(vdNext) + BigInt(vdAux), BigInt(VERDAUX_SIZE), 'version def aux');
  if (evda === null) return null;
  return d.u32(evda, 0);
}
