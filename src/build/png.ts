/**
 * A minimal PNG encoder for 8-bit grayscale images, used at build time to put a figure's first
 * state into the HTML as a still picture (for readers without JavaScript). Node only.
 */
import { deflateSync, inflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'ascii'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes brightness values in [0, 1] (clamped), width × height (square unless a height is
 * given), row by row, as a grayscale PNG.
 */
export function grayPng(values: ArrayLike<number>, width: number, height = width): Uint8Array {
  const raw = new Uint8Array(height * (width + 1));
  for (let i = 0; i < height; i++) {
    raw[i * (width + 1)] = 0; // filter: none
    for (let j = 0; j < width; j++) {
      const v = values[i * width + j]!;
      raw[i * (width + 1) + 1 + j] = Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 255) : 0;
    }
  }
  return png(raw, width, height, 0);
}

/** Encodes 8-bit RGB pixels (three bytes each, row by row) as a PNG. */
export function rgbPng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} bytes of RGB, got ${rgb.length}`);
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let i = 0; i < height; i++) raw.set(rgb.subarray(i * stride, (i + 1) * stride), i * (stride + 1) + 1);
  return png(raw, width, height, 2);
}

/** A PNG of filtered scanlines `raw` (colour type 0 gray, 2 RGB; 8 bits). */
function png(raw: Uint8Array, width: number, height: number, colour: 0 | 2): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = colour;
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const parts = [signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function dataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  readonly pixels: Uint8Array;
}

const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 4: 2, 2: 3, 6: 4 };

/**
 * Decodes an 8-bit, non-interlaced PNG (gray, gray + alpha, RGB or RGBA): enough for preparing
 * the site's sample images at build time. Anything else is refused with a message.
 */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 8 || signature.some((b, i) => bytes[i] !== b)) throw new Error('not a PNG file');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels: 1 | 2 | 3 | 4 = 1;
  const idat: Uint8Array[] = [];
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const depth = data[8]!;
      const colour = data[9]!;
      if (depth !== 8 || !(colour in CHANNELS) || data[12] !== 0) {
        throw new Error(`unsupported PNG (bit depth ${depth}, colour type ${colour}, interlace ${data[12]})`);
      }
      channels = CHANNELS[colour]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let i = 0; i < height; i++) {
    const filter = raw[i * (stride + 1)]!;
    const line = raw.subarray(i * (stride + 1) + 1, (i + 1) * (stride + 1));
    for (let k = 0; k < stride; k++) {
      const left = k >= channels ? pixels[i * stride + k - channels]! : 0;
      const up = i > 0 ? pixels[(i - 1) * stride + k]! : 0;
      const corner = i > 0 && k >= channels ? pixels[(i - 1) * stride + k - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - corner;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - corner);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
      }
      pixels[i * stride + k] = (line[k]! + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}
