/**
 * Decodes the PNGs Chromium's --screenshot writes (8-bit RGB or RGBA, not
 * interlaced) into pixels, with node:zlib: enough to check that a rendered
 * report is not blank and that a colour it draws is there.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes a pixel. */
  readonly rgba: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(buf: Buffer): Pixels {
  if (buf.toString('latin1', 1, 4) !== 'PNG') throw new Error('not a PNG');
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error(`unsupported PNG: bit depth ${data[8]}, interlace ${data[12]}`);
      colourType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + len;
  }
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (channels === 0) throw new Error(`unsupported PNG colour type ${colourType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const pred = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
      cur[i] = (line[i]! + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) out[(y * width + x) * 4 + k] = k < channels ? cur[x * channels + k]! : 255;
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/** How many pixels are within `tolerance` of the colour on each channel. */
export function countColour(p: Pixels, [r, g, b]: readonly [number, number, number], tolerance = 0): number {
  let n = 0;
  for (let i = 0; i < p.rgba.length; i += 4) {
    if (Math.abs(p.rgba[i]! - r) <= tolerance && Math.abs(p.rgba[i + 1]! - g) <= tolerance && Math.abs(p.rgba[i + 2]! - b) <= tolerance) n++;
  }
  return n;
}

/** The number of distinct colours (RGB). */
export function distinctColours(p: Pixels): number {
  const seen = new Set<number>();
  for (let i = 0; i < p.rgba.length; i += 4) seen.add((p.rgba[i]! << 16) | (p.rgba[i + 1]! << 8) | p.rgba[i + 2]!);
  return seen.size;
}
