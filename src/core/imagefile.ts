/**
 * Checking a reader's picture before decoding it: what kind of file it is (from its first bytes,
 * not its name), how large it says it is, and the message each problem gets. Decoding a huge
 * image could freeze the tab, so the size is read from the header and refused above a limit.
 */

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface Sniffed {
  readonly kind: ImageKind | null;
  /** From the header, when it says (null if not found in the bytes given). */
  readonly width: number | null;
  readonly height: number | null;
  /** The header says it has more than one frame (APNG, animated GIF or WebP). */
  readonly animated: boolean;
}

/** Files larger than this are refused before reading them whole. */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;
/** Images with more pixels than this are refused before decoding (about 6,300 × 6,300). */
export const MAX_PIXELS = 40_000_000;

export type Problem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'not-image' }
  | { readonly kind: 'file-too-large'; readonly bytes: number }
  | { readonly kind: 'too-many-pixels'; readonly width: number; readonly height: number }
  | { readonly kind: 'corrupt' }
  | { readonly kind: 'camera-denied' }
  | { readonly kind: 'camera-missing' };

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));

/** Reads the kind and the size of an image from its first bytes (the first 64 kB suffice). */
export function sniffImage(bytes: Uint8Array): Sniffed {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (n: number): boolean => bytes.length >= n;
  if (has(24) && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') {
    // An animated PNG has an acTL chunk before its first IDAT.
    let animated = false;
    for (let at = 8; at + 8 <= bytes.length; at += 12 + view.getUint32(at)) {
      const type = ascii(bytes, at + 4, 4);
      if (type === 'acTL') animated = true;
      if (type === 'IDAT' || type === 'IEND') break;
    }
    return { kind: 'png', width: view.getUint32(16), height: view.getUint32(20), animated };
  }
  if (has(10) && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) {
    // Looping GIFs announce themselves with the NETSCAPE2.0 application extension.
    const loops = ascii(bytes, 0, Math.min(bytes.length, 4096)).includes('NETSCAPE2.0');
    return { kind: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true), animated: loops };
  }
  if (has(26) && ascii(bytes, 0, 2) === 'BM') {
    return { kind: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)), animated: false };
  }
  if (has(16) && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    const chunk = ascii(bytes, 12, 4);
    if (chunk === 'VP8X' && has(30)) {
      const w = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
      const h = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
      return { kind: 'webp', width: w, height: h, animated: (bytes[20]! & 0x02) !== 0 };
    }
    if (chunk === 'VP8 ' && has(30)) {
      return { kind: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff, animated: false };
    }
    if (chunk === 'VP8L' && has(25)) {
      const b = view.getUint32(21, true);
      return { kind: 'webp', width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1, animated: false };
    }
    return { kind: 'webp', width: null, height: null, animated: false };
  }
  if (has(3) && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    // Walk the segments to a start-of-frame marker (SOF0–SOF15, except DHT, JPG and DAC).
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) {
        at++;
        continue;
      }
      const marker = bytes[at + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { kind: 'jpeg', width: view.getUint16(at + 7), height: view.getUint16(at + 5), animated: false };
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
        at += marker === 0xff ? 1 : 2;
        continue;
      }
      at += 2 + view.getUint16(at + 2);
    }
    return { kind: 'jpeg', width: null, height: null, animated: false };
  }
  return { kind: null, width: null, height: null, animated: false };
}

/** The problem with a file before decoding, if any. */
export function checkImageFile(size: number, head: Uint8Array): Problem | null {
  if (size === 0) return { kind: 'empty' };
  if (size > MAX_FILE_BYTES) return { kind: 'file-too-large', bytes: size };
  const s = sniffImage(head);
  if (!s.kind) return { kind: 'not-image' };
  if (s.width !== null && s.height !== null && s.width * s.height > MAX_PIXELS) {
    return { kind: 'too-many-pixels', width: s.width, height: s.height };
  }
  return null;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/** What the widget says about each problem (the previous picture stays). */
export function problemMessage(p: Problem): string {
  switch (p.kind) {
    case 'empty':
      return 'That file is empty: there is no picture in it.';
    case 'not-image':
      return 'That file is not a picture this page can read. Try a PNG, JPEG, GIF, WebP or BMP image.';
    case 'file-too-large':
      return `That file is ${mb(p.bytes)}; pictures up to ${mb(MAX_FILE_BYTES)} are accepted.`;
    case 'too-many-pixels':
      return `That picture is ${p.width.toLocaleString('en')} × ${p.height.toLocaleString('en')} pixels; up to ${(MAX_PIXELS / 1e6).toFixed(0)} million pixels are accepted (the network learns a small copy of it anyway). Try a smaller copy.`;
    case 'corrupt':
      return 'That picture could not be decoded: the file may be damaged or cut short.';
    case 'camera-denied':
      return 'The camera was not allowed, so no picture was taken. You can allow it in your browser and try again, or choose a file.';
    case 'camera-missing':
      return 'No camera was found (or this browser offers none to web pages). Choose a file instead.';
  }
}
