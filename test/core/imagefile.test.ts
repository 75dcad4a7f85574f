import { describe, expect, it } from 'vitest';
import {
  HEAD_BYTES,
  MAX_FILE_BYTES,
  type Problem,
  type ReadBytes,
  checkImageFile,
  jpegOrientation,
  orientedSize,
  problemMessage,
  readImageHeader,
  sniffImage,
} from '../../src/core/imagefile.ts';
import { decodeWidth, squareTargets, toGray } from '../../src/core/images.ts';
import { decodePng, grayPng } from '../../src/build/png.ts';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u16le = (v: number): number[] => [v & 0xff, v >> 8];
const u16be = (v: number): number[] => [v >> 8, v & 0xff];

describe('sniffing pictures', () => {
  it('reads PNG size from its header', () => {
    expect(sniffImage(grayPng(new Float32Array(12), 3).slice(0, 40))).toEqual({ kind: 'png', width: 3, height: 3, animated: false });
  });

  it('reads GIF, BMP, JPEG and WebP sizes', () => {
    expect(sniffImage(bytes('GIF89a', u16le(640), u16le(480)))).toEqual({ kind: 'gif', width: 640, height: 480, animated: false });
    const bmp = bytes('BM', new Array(16).fill(0), [0x20, 0x03, 0, 0], [0x58, 0x02, 0, 0]);
    expect(sniffImage(bmp)).toEqual({ kind: 'bmp', width: 800, height: 600, animated: false });
    // SOI, an APP0 segment of length 16, then SOF0 with height 12000 and width 12000.
    const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0], u16be(16), new Array(14).fill(0), [0xff, 0xc0], u16be(17), [8], u16be(12000), u16be(12000), [3]);
    expect(sniffImage(jpeg)).toEqual({ kind: 'jpeg', width: 12000, height: 12000, animated: false });
    const webp = bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [0, 0, 0, 0, 0, 0, 0, 0], [0x3f, 0x01, 0], [0xef, 0x00, 0]);
    expect(sniffImage(webp)).toEqual({ kind: 'webp', width: 320, height: 240, animated: false });
  });

  it('tells animated pictures from still ones', () => {
    expect(sniffImage(bytes('GIF89a', u16le(2), u16le(2), [0, 0, 0], '!', [0xff, 11], 'NETSCAPE2.0')).animated).toBe(true);
    const png = grayPng(new Float32Array(4), 2);
    // Insert an acTL chunk after IHDR (its CRC is not checked when sniffing).
    const apng = new Uint8Array([...png.subarray(0, 33), 0, 0, 0, 8, ...[...'acTL'].map((c) => c.charCodeAt(0)), 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, ...png.subarray(33)]);
    expect(sniffImage(apng).animated).toBe(true);
    expect(sniffImage(png).animated).toBe(false);
    const webp = bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [0, 0, 0, 0, 0x02, 0, 0, 0], [1, 0, 0], [1, 0, 0]);
    expect(sniffImage(webp).animated).toBe(true);
  });

  it('knows text and noise are not pictures', () => {
    expect(sniffImage(bytes('hello, this is a text file')).kind).toBeNull();
    expect(sniffImage(new Uint8Array(0)).kind).toBeNull();
  });
});

describe('checking a file before decoding it', () => {
  const png = grayPng(new Float32Array(4), 2);
  it('accepts a small picture', () => {
    expect(checkImageFile(png.length, png)).toBeNull();
  });
  it('refuses empty files, text, huge files and huge images, each with its message', () => {
    expect(checkImageFile(0, new Uint8Array(0))).toEqual({ kind: 'empty' });
    expect(checkImageFile(20, bytes('not a picture at all'))).toEqual({ kind: 'not-image' });
    expect(checkImageFile(MAX_FILE_BYTES + 1, png)).toMatchObject({ kind: 'file-too-large' });
    const huge = bytes([0xff, 0xd8, 0xff, 0xc0], u16be(17), [8], u16be(12000), u16be(12000), [3]);
    const p = checkImageFile(5000, huge);
    expect(p).toEqual({ kind: 'too-many-pixels', width: 12000, height: 12000 });
    expect(problemMessage(p!)).toContain('12,000 × 12,000');
    expect(problemMessage(p!)).toContain('40 million');
  });
  it('has a plain message for every problem', () => {
    for (const p of [
      { kind: 'empty' },
      { kind: 'not-image' },
      { kind: 'file-too-large', bytes: 1e9 },
      { kind: 'corrupt' },
      { kind: 'camera-denied' },
      { kind: 'camera-missing' },
    ] as const) {
      expect(problemMessage(p).length).toBeGreaterThan(20);
    }
    expect(problemMessage({ kind: 'corrupt' })).toMatch(/damaged or cut short/);
    expect(problemMessage({ kind: 'camera-denied' })).toMatch(/not allowed/);
  });
});

/** A reader over bytes in memory that counts what it was asked for, like File.slice would be. */
function reader(file: Uint8Array): { read: ReadBytes; reads: number[] } {
  const reads: number[] = [];
  return {
    reads,
    read: async (offset, length) => {
      reads.push(length);
      return file.subarray(offset, Math.min(file.length, offset + length));
    },
  };
}

/** A JPEG's head: SOI, `app` APP2 segments of the largest size (64 kB each), then a frame header. */
function jpegWithMetadata(app: number, width: number, height: number): Uint8Array {
  const segment = 65535; // the largest segment length a JPEG allows
  const out = new Uint8Array(2 + app * (2 + segment) + 19 + 4);
  out.set([0xff, 0xd8]);
  let at = 2;
  for (let k = 0; k < app; k++) {
    out.set([0xff, 0xe2, segment >> 8, segment & 0xff], at);
    at += 2 + segment;
  }
  out.set([0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3], at);
  at += 19;
  out.set([0xff, 0xda, 0, 2], at);
  return out;
}

describe('reading a picture header wherever it is', () => {
  it('finds a JPEG frame header 5 MB in, reading a few kilobytes per segment, and applies the pixel limit', async () => {
    const file = jpegWithMetadata(80, 12000, 12000); // 80 × 64 kB of metadata first
    expect(file.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(sniffImage(file.subarray(0, 4 * 1024 * 1024)).width).toBeNull(); // the first 4 MB do not hold it
    const { read, reads } = reader(file);
    const header = await readImageHeader(file.length, read);
    expect(header.problem).toEqual({ kind: 'too-many-pixels', width: 12000, height: 12000 });
    expect(header.sniffed).toMatchObject({ kind: 'jpeg', width: 12000, height: 12000 });
    // One read of the head, then one small read per segment beyond it: not the whole file.
    expect(reads.reduce((s, n) => s + n, 0)).toBeLessThan(HEAD_BYTES + 80 * 4096);
  });

  it('accepts a JPEG of a sensible size behind large metadata', async () => {
    const file = jpegWithMetadata(80, 4000, 3000);
    const header = await readImageHeader(file.length, reader(file).read);
    expect(header.problem).toBeNull();
    expect(header.sniffed).toMatchObject({ kind: 'jpeg', width: 4000, height: 3000 });
  });

  it('gives each way of failing its own message', async () => {
    const whole = jpegWithMetadata(80, 4000, 3000);
    // Cut short in the middle of the metadata.
    const cut = whole.subarray(0, 3 * 1024 * 1024);
    const truncated = await readImageHeader(cut.length, reader(cut).read);
    expect(truncated.problem).toEqual({ kind: 'truncated', format: 'jpeg' });
    // Picture data (SOS) before any frame header.
    const noFrame = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xda, 0, 2, 1, 2, 3, 4);
    expect((await readImageHeader(noFrame.length, reader(noFrame).read)).problem).toEqual({ kind: 'malformed', format: 'jpeg' });
    // A segment whose length cannot be (less than its own two length bytes).
    const badLength = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 1, 0, 0, 0, 0, 0, 0);
    expect((await readImageHeader(badLength.length, reader(badLength).read)).problem).toEqual({ kind: 'malformed', format: 'jpeg' });
    // A PNG cut inside its header, and one that says it is 0 pixels wide.
    const png = grayPng(new Float32Array(4), 2);
    expect((await readImageHeader(16, reader(png.subarray(0, 16)).read)).problem).toEqual({ kind: 'truncated', format: 'png' });
    const zero = png.slice();
    zero.set([0, 0, 0, 0], 16);
    expect((await readImageHeader(zero.length, reader(zero).read)).problem).toEqual({ kind: 'malformed', format: 'png' });

    const messages = [
      { kind: 'truncated', format: 'jpeg' },
      { kind: 'malformed', format: 'jpeg' },
      { kind: 'corrupt' },
      { kind: 'not-image' },
      { kind: 'too-many-pixels', width: 12000, height: 12000 },
    ].map((p) => problemMessage(p as Problem));
    expect(new Set(messages).size).toBe(messages.length);
    expect(problemMessage({ kind: 'truncated', format: 'jpeg' })).toMatch(/JPEG.*cut short/);
    expect(problemMessage({ kind: 'malformed', format: 'png' })).toMatch(/PNG.*damaged/);
  });

  it('reads empty, huge and foreign files without decoding them', async () => {
    expect((await readImageHeader(0, reader(new Uint8Array(0)).read)).problem).toEqual({ kind: 'empty' });
    expect((await readImageHeader(MAX_FILE_BYTES + 1, reader(new Uint8Array(10)).read)).problem).toMatchObject({ kind: 'file-too-large' });
    const text = bytes('just some words, no picture here');
    expect((await readImageHeader(text.length, reader(text).read)).problem).toEqual({ kind: 'not-image' });
  });
});

describe('EXIF orientation', () => {
  const exif = (order: 'MM' | 'II', orientation: number): Uint8Array => {
    const u16 = order === 'MM' ? u16be : u16le;
    const u32 = (v: number): number[] => (order === 'MM' ? [0, 0, 0, v] : [v, 0, 0, 0]);
    const tiff = [...[...order].map((c) => c.charCodeAt(0)), ...u16(42), ...u32(8), ...u16(1), ...u16(0x0112), ...u16(3), ...u32(1), ...u16(orientation), 0, 0, ...u32(0)];
    const body = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff);
    return bytes([0xff, 0xd8, 0xff, 0xe1], u16be(body.length + 2), body, [0xff, 0xc0], u16be(17), [8], u16be(3000), u16be(4000), [3]);
  };

  it('reads it in either byte order, and turns the size for quarter turns', async () => {
    expect(jpegOrientation(exif('MM', 6))).toBe(6);
    expect(jpegOrientation(exif('II', 8))).toBe(8);
    expect(jpegOrientation(exif('II', 1))).toBe(1);
    const plain = bytes([0xff, 0xd8, 0xff, 0xc0], u16be(17), [8], u16be(30), u16be(40), [3]);
    expect(jpegOrientation(plain)).toBe(1);
    const file = exif('MM', 6);
    const header = await readImageHeader(file.length, reader(file).read);
    expect(header.orientation).toBe(6);
    expect(orientedSize(4000, 3000, header.orientation)).toEqual({ width: 3000, height: 4000 });
    expect(orientedSize(4000, 3000, 3)).toEqual({ width: 4000, height: 3000 });
  });
});

describe('thin pictures', () => {
  for (const [width, height] of [
    [1, 10000],
    [10000, 1],
    [3, 5000],
  ] as const) {
    it(`a ${width} × ${height} PNG is read, decoded and reduced to targets`, async () => {
      // A gray ramp along the long side; the centre square is its middle.
      const values = new Float32Array(width * height);
      for (let k = 0; k < values.length; k++) values[k] = k / (values.length - 1);
      const png = grayPng(values, width, height);
      const header = await readImageHeader(png.length, reader(png).read);
      expect(header.problem).toBeNull();
      expect(header.sniffed).toMatchObject({ kind: 'png', width, height });

      // Decoded at a size that is never zero...
      const limits = { short: 1024, long: 4096 };
      const w = decodeWidth(width, height, limits);
      const h = Math.max(1, Math.round((height * w) / width));
      expect(w).toBeGreaterThanOrEqual(1);
      expect(w).toBeLessThanOrEqual(limits.long);
      expect(h).toBeGreaterThanOrEqual(1);

      // ...and made into targets: the middle of the ramp, everywhere the same brightness or
      // nearly (the centre square of a thin picture is a few pixels).
      const decoded = decodePng(png);
      const gray = toGray(decoded.pixels, decoded.width, decoded.height, decoded.channels);
      const { train, display } = squareTargets(gray, 96, 256);
      expect(train).toHaveLength(96 * 96);
      expect(display).toHaveLength(256 * 256);
      let worst = 0;
      for (const v of [...train, ...display]) worst = Math.max(worst, Number.isFinite(v) ? Math.abs(v - 0.5) : Infinity);
      expect(worst).toBeLessThan(0.01);
    });
  }

  it('decodes large pictures small, and never to zero', () => {
    const limits = { short: 1024, long: 4096 };
    expect(decodeWidth(6000, 6000, limits)).toBe(1024);
    expect(decodeWidth(7200, 5000, limits)).toBe(Math.round(7200 * (1024 / 5000)));
    expect(decodeWidth(1, 10000, limits)).toBe(1);
    expect(decodeWidth(10000, 1, limits)).toBe(4096);
    expect(decodeWidth(40000, 1000, limits)).toBe(4096);
    expect(decodeWidth(300, 200, limits)).toBe(300);
    expect(() => decodeWidth(0, 10, limits)).toThrow(RangeError);
  });
});
