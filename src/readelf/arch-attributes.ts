import { SHT } from '../elf/constants.js';
import { u32At } from '../elf/decode.js';
import { readUleb128 } from '../elf/leb128.js';
import type { Filedata } from './filedata.js';
import { printSymbol } from './print-symbol.js';
import { hex } from './printf.js';

const INT_MAX = 0x7fffffff;

/**
 * The bytes of one attributes section and the position GNU's `p` walks,
 * with the printing helpers the display_*_attribute functions share.
 */
export class AttributeCursor {
  p = 0;
  constructor(
    readonly fd: Filedata,
    readonly buf: Buffer,
  ) {}

  out(s: string): void {
    this.fd.sink.out(s);
  }

  /** READ_ULEB into a uint64_t. */
  uleb64(end: number): bigint {
    const r = readUleb128(this.buf, this.p, end);
    this.p += r.length;
    reportLebStatus(this.fd, r.status);
    return r.value;
  }

  /** READ_ULEB into an unsigned int: the value cut to 32 bits, "too large" when that lost bits. */
  uleb(end: number): number {
    const r = readUleb128(this.buf, this.p, end);
    this.p += r.length;
    let status = r.status;
    if (r.value > 0xffffffffn) status |= 2;
    reportLebStatus(this.fd, status);
    return Number(r.value & 0xffffffffn);
  }

  /** print_symbol (width, p): the C string at p, as a byte string up to the section's end. */
  symbolAt(width: number): string {
    return printSymbol(width, this.buf.toString('latin1', this.p), this.fd.opts.wide);
  }

  /** print_symbol (maxlen, p), then p past the string and its NUL. */
  private string(maxlen: number): void {
    this.out(this.symbolAt(maxlen));
    this.p += this.strnlen(maxlen) + 1;
  }

  /** strnlen (p, max). */
  strnlen(max: number): number {
    const limit = Math.min(this.buf.length, this.p + max);
    const nul = this.buf.indexOf(0, this.p);
    return nul < 0 || nul >= limit ? limit - this.p : nul - this.p;
  }

  /**
   * display_tag_value: `Tag_unknown_N: ` for a positive tag, then a string
   * (odd tags) or a number.
   */
  tagValue(tag: number, end: number): void {
    if (tag > 0) this.out(`  Tag_unknown_${tag}: `);
    if (this.p >= end) {
      this.fd.diag.warn('<corrupt tag>');
    } else if ((tag & 1) !== 0) {
      const maxlen = end - this.p - 1;
      this.out('"');
      if (maxlen > 0) {
        this.string(maxlen);
      } else {
        this.out('<corrupt string tag>');
        this.p = end;
      }
      this.out('"\n');
    } else {
      const val = this.uleb64(end);
      this.out(`${BigInt.asIntN(64, val)} (0x${val.toString(16)})\n`);
    }
  }

  /**
   * A string that must leave a byte before `end` (Tag_compatibility's
   * vendor after `flag = N, vendor = `, MSP430's odd unknown tags), or
   * `<corrupt>`; then `after`.
   */
  vendor(end: number, after = '\n'): void {
    if (this.p < end - 1) {
      this.string(end - this.p - 1);
    } else {
      this.out('<corrupt>');
      this.p = end;
    }
    this.out(after);
  }
}

/** report_leb_status (dwarf.h). */
function reportLebStatus(fd: Filedata, status: number): void {
  if ((status & 1) !== 0) fd.diag.error('end of data encountered whilst reading LEB');
  else if ((status & 2) !== 0) fd.diag.error('read LEB value is too large to store in destination variable');
}

/** A display_*_attribute for a vendor's own subsection: prints one attribute from `c.p`. */
export type PublicDisplay = (c: AttributeCursor, end: number) => void;
/** A display_*_gnu_attribute: prints one attribute of the "gnu" subsection whose tag was read. */
export type GnuDisplay = (c: AttributeCursor, tag: number, end: number) => void;

/**
 * process_attributes (readelf.c l.18041): every section of type `procType`
 * or SHT_GNU_ATTRIBUTES, its vendor subsections and their tags. Returns
 * false where GNU's does.
 */
export function processAttributes(
  fd: Filedata,
  publicName: string | null,
  procType: number,
  displayPublic: PublicDisplay | null,
  displayGnu: GnuDisplay | null,
): boolean {
  const sections = fd.sections;
  if (sections === null) return true;
  let res = true;
  const n = Math.min(fd.shnum, sections.count);
  const d = fd.reader.decoder;
  for (let i = 0; i < n; i++) {
    const type = sections.type(i);
    if (type !== procType && type !== SHT.GNU_ATTRIBUTES) continue;
    const sect = sections.at(i);
    const contents = fd.getData(sect.offset, 1n, sect.size, 'attributes');
    if (contents === null) {
      res = false;
      continue;
    }
    const c = new AttributeCursor(fd, contents);
    const size = contents.length;
    if (contents[0] !== 0x41) {
      const ch = contents[0]!;
      c.out(`Unknown attributes version '${String.fromCharCode(ch)}'(${ch}) - expecting 'A'\n`);
      res = false;
      continue;
    }
    let sectionLen = sect.size - 1n;
    c.p = 1;
    while (sectionLen > 0n) {
      if (sectionLen <= 4n) {
        fd.diag.error('Tag section ends prematurely');
        res = false;
        break;
      }
      let attrLen = BigInt(u32At(d, contents, c.p));
      c.p += 4;
      if (attrLen > sectionLen) {
        fd.diag.error(`Bad attribute length (${attrLen} > ${BigInt.asUintN(32, sectionLen)})`);
        attrLen = sectionLen;
        res = false;
      } else if (attrLen < 5n) {
        fd.diag.error(`Attribute length of ${attrLen} is too small`);
        res = false;
        break;
      }
      sectionLen -= attrLen;
      attrLen -= 4n;
      const namelen = c.strnlen(Number(attrLen)) + 1;
      if (BigInt(namelen) >= attrLen) {
        fd.diag.error('Corrupt attribute section name');
        res = false;
        break;
      }
      const name = contents.toString('latin1', c.p, c.p + namelen - 1);
      c.out(`Attribute Section: ${printSymbol(INT_MAX, name, fd.opts.wide)}\n`);
      let publicSection = publicName !== null && name === publicName;
      const gnuSection = name === 'gnu';
      c.p += namelen;
      attrLen -= BigInt(namelen);

      while (attrLen > 0n && c.p < size) {
        if (attrLen < 6n) {
          fd.diag.error('Unused bytes at end of section');
          res = false;
          sectionLen = 0n;
          break;
        }
        const tag = contents[c.p++]!;
        let sub = BigInt(u32At(d, contents, c.p));
        if (sub > attrLen) {
          fd.diag.error(`Bad subsection length (${sub} > ${BigInt.asUintN(32, attrLen)})`);
          res = false;
          sub = attrLen;
        }
        if (sub < 6n) {
          fd.diag.error(`Bad subsection length (${sub} < 6)`);
          res = false;
          sectionLen = 0n;
          break;
        }
        attrLen -= sub;
        const end = c.p + Number(sub) - 1;
        c.p += 4;
        switch (tag) {
          case 1:
            c.out('File Attributes\n');
            break;
          case 2:
          case 3: {
            c.out(tag === 2 ? 'Section Attributes:' : 'Symbol Attributes:');
            for (;;) {
              const val = c.uleb(end);
              if (val === 0) break;
              c.out(` ${val | 0}`);
            }
            c.out('\n');
            break;
          }
          default:
            c.out(`Unknown tag: ${tag}\n`);
            publicSection = false;
            break;
        }
        if (publicSection && displayPublic !== null) {
          while (c.p < end) displayPublic(c, end);
        } else if (gnuSection && displayGnu !== null) {
          while (c.p < end) displayGnuAttribute(c, displayGnu, end);
        } else if (c.p < end) {
          c.out('  Unknown attribute:\n');
          displayRawAttribute(c, end);
          c.p = end;
        } else {
          attrLen = 0n;
        }
      }
    }
  }
  return res;
}

/** display_gnu_attribute: Tag_compatibility, or the machine's own tags. */
function displayGnuAttribute(c: AttributeCursor, display: GnuDisplay, end: number): void {
  const tag = c.uleb(end);
  if (tag === 32) {
    const val = c.uleb(end);
    c.out(`flag = ${val | 0}, vendor = `);
    if (c.p === end) {
      c.out('<corrupt>\n');
      c.fd.diag.warn('corrupt vendor attribute');
    } else {
      c.vendor(end);
    }
    return;
  }
  if ((tag & 2) === 0) display(c, tag, end);
  else c.tagValue(tag | 0, end);
}

/** display_raw_attribute: a hex and ASCII dump, 16 bytes a line. */
export function displayRawAttribute(c: AttributeCursor, end: number): void {
  let out = '';
  let addr = 0;
  for (let p = c.p; p < end; ) {
    const lbytes = Math.min(16, end - p);
    out += `  0x${hex(addr, 8)} `;
    for (let j = 0; j < 16; j++) {
      out += j < lbytes ? hex(c.buf[p + j]!, 2) : '  ';
      if ((j & 3) === 3) out += ' ';
    }
    for (let j = 0; j < lbytes; j++) {
      const k = c.buf[p + j]!;
      out += k >= 0x20 && k < 0x7f ? String.fromCharCode(k) : '.';
    }
    out += '\n';
    p += lbytes;
    addr += lbytes;
  }
  c.out(out + '\n');
}

/** display_generic_attribute. */
export const displayGenericAttribute: GnuDisplay = (c, tag, end) => {
  if (tag === 0) {
    c.p = end;
    return;
  }
  c.tagValue(tag | 0, end);
};

/** display_public_gnu_attributes: the rest of the subsection, raw. */
export const displayPublicGnuAttributes: PublicDisplay = (c, end) => {
  c.out(`  Unknown GNU attribute: ${c.buf.toString('latin1', c.p, c.p + c.strnlen(c.buf.length - c.p))}\n`);
  c.p += c.strnlen(end - c.p);
  displayRawAttribute(c, end);
  c.p = end;
};
