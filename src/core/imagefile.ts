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
  /** The file ends before its header says what size the picture is. */
  | { readonly kind: 'truncated'; readonly format: ImageKind }
  /** The header is there but does not hold together (a JPEG's segments, a size of zero). */
  | { readonly kind: 'malformed'; readonly format: ImageKind }
  | { readonly kind: 'camera-denied' }
  | { readonly kind: 'camera-missing' };

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));

/**
 * Reads the kind and the size of an image from its first bytes. The first 64 kB suffice, except
 * for a JPEG with large metadata before its frame header: its width and height are then null
 * here, and readImageHeader follows its segments further into the file.
 */
export function sniffImage(bytes: Uint8Array): Sniffed {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (n: number): boolean => bytes.length >= n;
  if (has(8) && !has(24) && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return { kind: 'png', width: null, height: null, animated: false };
  if (has(6) && !has(10) && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return { kind: 'gif', width: null, height: null, animated: false };
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
    const scan = scanJpeg(bytes, 0, 2, Infinity);
    return scan.kind === 'size'
      ? { kind: 'jpeg', width: scan.width, height: scan.height, animated: false }
      : { kind: 'jpeg', width: null, height: null, animated: false };
  }
  return { kind: null, width: null, height: null, animated: false };
}

/** What walking a JPEG's segments found, or what it needs to go on. */
export type JpegScan =
  | { readonly kind: 'size'; readonly width: number; readonly height: number }
  /** Go on from this offset of the file: call again with bytes that start there. */
  | { readonly kind: 'need'; readonly at: number }
  /** The file ends before the frame header. */
  | { readonly kind: 'truncated' }
  /** The segments do not fit together, or the picture data starts before any frame header. */
  | { readonly kind: 'malformed'; readonly at: number };

/**
 * Walks a JPEG's segments from `at` (an offset in the file) to its frame header (SOF0–SOF15,
 * except DHT, JPG and DAC), which holds the size. `bytes` is a window of the file starting at
 * offset `start`; `fileSize` its length (Infinity if unknown). Only the 4-byte head of each
 * segment is read, so a caller can follow a frame header that sits megabytes in (after large
 * metadata) by reading a few bytes at each `need` offset, never the segments themselves.
 */
export function scanJpeg(bytes: Uint8Array, start: number, at: number, fileSize: number): JpegScan {
  const end = start + bytes.length;
  const byte = (offset: number): number => bytes[offset - start]!;
  const more = (offset: number): JpegScan => (offset >= fileSize || end >= fileSize ? { kind: 'truncated' } : { kind: 'need', at: offset });
  while (true) {
    if (at + 4 > end) return more(at);
    if (byte(at) !== 0xff) {
      // Decoders skip stray bytes between segments; so does this walk.
      at++;
      continue;
    }
    const marker = byte(at + 1);
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    // Picture data or the end before any frame header: there is no size to find.
    if (marker === 0xda || marker === 0xd9) return { kind: 'malformed', at };
    const length = (byte(at + 2) << 8) | byte(at + 3);
    if (length < 2) return { kind: 'malformed', at };
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) return { kind: 'malformed', at };
      if (at + 9 > end) return more(at);
      const height = (byte(at + 5) << 8) | byte(at + 6);
      const width = (byte(at + 7) << 8) | byte(at + 8);
      if (width === 0) return { kind: 'malformed', at };
      return { kind: 'size', width, height };
    }
    at += 2 + length;
    if (at > fileSize) return { kind: 'truncated' };
  }
}

/**
 * The EXIF orientation of a JPEG (1 … 8; 1 = as stored), from the APP1 "Exif" segment among its
 * first bytes; 1 when there is none. Orientations 5 to 8 turn the picture a quarter: its width
 * and height as shown are its stored height and width.
 */
export function jpegOrientation(bytes: Uint8Array): number {
  if (!(bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8)) return 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = view.getUint16(at + 2);
    if (length < 2) break;
    if (marker === 0xe1 && at + 4 + 6 <= bytes.length && ascii(bytes, at + 4, 6) === 'Exif\0\0') {
      const tiff = at + 10;
      const end = Math.min(bytes.length, at + 2 + length);
      if (tiff + 8 > end) return 1;
      const little = ascii(bytes, tiff, 2) === 'II';
      const u16 = (o: number): number => view.getUint16(o, little);
      const u32 = (o: number): number => view.getUint32(o, little);
      const ifd = tiff + u32(tiff + 4);
      if (ifd + 2 > end) return 1;
      const count = u16(ifd);
      for (let k = 0; k < count; k++) {
        const entry = ifd + 2 + 12 * k;
        if (entry + 12 > end) return 1;
        if (u16(entry) === 0x0112) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    at += 2 + length;
  }
  return 1;
}

/** Width and height as shown, for a stored width × height and an EXIF orientation. */
export function orientedSize(width: number, height: number, orientation: number): { width: number; height: number } {
  return orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}

/** Reads `length` bytes of a file from `offset` (fewer at its end): File.slice, a fetch range… */
export type ReadBytes = (offset: number, length: number) => Promise<Uint8Array>;

export interface Header {
  readonly sniffed: Sniffed;
  /** Its EXIF orientation (1 … 8, 1 = as stored); see orientedSize. */
  readonly orientation: number;
  /** Why the file cannot be used, found before decoding it; null if nothing was found. */
  readonly problem: Problem | null;
}

/** The first read: enough for every header but a JPEG's with large metadata. */
export const HEAD_BYTES = 64 * 1024;
/** Later reads of a JPEG walk: a segment's head, and the next few small segments with it. */
const WALK_BYTES = 4 * 1024;

/**
 * Reads a picture's kind and size wherever its header puts them, with every problem found on the
 * way: empty, too large a file, not a picture, a file cut short, a JPEG whose segments do not fit
 * together, or too many pixels. For a JPEG it follows the segments to the frame header however
 * far in it is, reading a few kilobytes at each jump (so the pixel limit holds for every JPEG).
 */
export async function readImageHeader(size: number, read: ReadBytes): Promise<Header> {
  const none: Sniffed = { kind: null, width: null, height: null, animated: false };
  if (size === 0) return { sniffed: none, orientation: 1, problem: { kind: 'empty' } };
  if (size > MAX_FILE_BYTES) return { sniffed: none, orientation: 1, problem: { kind: 'file-too-large', bytes: size } };
  const head = await read(0, Math.min(size, HEAD_BYTES));
  let sniffed = sniffImage(head);
  const format = sniffed.kind;
  const orientation = format === 'jpeg' ? jpegOrientation(head) : 1;
  if (!format) return { sniffed, orientation, problem: { kind: 'not-image' } };
  if (sniffed.kind === 'jpeg' && sniffed.width === null) {
    let scan = scanJpeg(head, 0, 2, size);
    while (scan.kind === 'need') {
      const at = scan.at;
      const window = await read(at, Math.min(WALK_BYTES, size - at));
      if (window.length === 0) {
        scan = { kind: 'truncated' };
        break;
      }
      scan = scanJpeg(window, at, at, size);
    }
    if (scan.kind === 'truncated') return { sniffed, orientation, problem: { kind: 'truncated', format: 'jpeg' } };
    if (scan.kind === 'malformed') return { sniffed, orientation, problem: { kind: 'malformed', format: 'jpeg' } };
    sniffed = { ...sniffed, width: scan.width, height: scan.height };
  }
  if (sniffed.width === null || sniffed.height === null) {
    // Every other kind keeps its size in its first bytes: without it, the file was cut short.
    return { sniffed, orientation, problem: head.length < HEAD_BYTES ? { kind: 'truncated', format } : { kind: 'malformed', format } };
  }
  if (sniffed.width === 0 || sniffed.height === 0) return { sniffed, orientation, problem: { kind: 'malformed', format } };
  if (sniffed.width * sniffed.height > MAX_PIXELS) {
    return { sniffed, orientation, problem: { kind: 'too-many-pixels', width: sniffed.width, height: sniffed.height } };
  }
  return { sniffed, orientation, problem: null };
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

const FORMAT_NAME: Record<ImageKind, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' };

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
    case 'truncated':
      return `That ${FORMAT_NAME[p.format]} file ends before it says how large the picture is: it was probably cut short while being copied or downloaded.`;
    case 'malformed':
      return `That file starts like a ${FORMAT_NAME[p.format]} picture, but its header does not hold together, so it cannot be read: it is damaged.`;
    case 'camera-denied':
      return 'The camera was not allowed, so no picture was taken. You can allow it in your browser and try again, or choose a file.';
    case 'camera-missing':
      return 'No camera was found (or this browser offers none to web pages). Choose a file instead.';
  }
}
