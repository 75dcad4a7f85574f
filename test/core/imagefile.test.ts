import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, checkImageFile, problemMessage, sniffImage } from '../../src/core/imagefile.ts';
import { grayPng } from '../../src/build/png.ts';

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
