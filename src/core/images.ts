/**
 * Pictures as training targets: to grayscale, centre crop to a square, area-averaging resample.
 * Pure functions over plain arrays, the same in Node (preparing the site's sample images), in a
 * worker and in the page (a reader's own picture).
 *
 * A gray image is width × height brightness values in [0, 1], row by row from the top, the
 * convention of src/core/coords.ts (row i, column j).
 */
import { type Dataset, gridDataset } from './targets.ts';

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * Luma weights of Rec. 709 (sRGB's primaries), applied to the stored (gamma-encoded) values:
 * Y' = 0.2126 R' + 0.7152 G' + 0.0722 B'.
 */
export const LUMA = [0.2126, 0.7152, 0.0722] as const;

/**
 * Interleaved 8-bit pixels (1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA channels) to gray.
 * Transparency is composited over black: a fully transparent pixel is black, a half transparent
 * white one is mid-gray. (Black, because the targets are white shapes on black.)
 */
export function toGray(pixels: ArrayLike<number>, width: number, height: number, channels: 1 | 2 | 3 | 4): GrayImage {
  const n = width * height;
  if (pixels.length < n * channels) throw new RangeError(`expected ${n * channels} values, got ${pixels.length}`);
  const data = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const p = k * channels;
    let y: number;
    if (channels <= 2) y = pixels[p]! / 255;
    else y = (LUMA[0] * pixels[p]! + LUMA[1] * pixels[p + 1]! + LUMA[2] * pixels[p + 2]!) / 255;
    const alpha = channels === 2 ? pixels[p + 1]! / 255 : channels === 4 ? pixels[p + 3]! / 255 : 1;
    data[k] = Math.min(1, Math.max(0, y * alpha));
  }
  return { width, height, data };
}

/** The largest centred square of an image. */
export function centreCrop(image: GrayImage): GrayImage {
  const side = Math.min(image.width, image.height);
  const left = Math.floor((image.width - side) / 2);
  const top = Math.floor((image.height - side) / 2);
  const data = new Float32Array(side * side);
  for (let i = 0; i < side; i++) {
    data.set(image.data.subarray((top + i) * image.width + left, (top + i) * image.width + left + side), i * side);
  }
  return { width: side, height: side, data };
}

/**
 * Weights of a 1-D area resample from n cells to m: output cell o covers input [o·n/m, (o+1)·n/m)
 * and averages the input cells it overlaps, each weighted by the length of the overlap.
 */
function areaWeights(n: number, m: number): { start: Int32Array; weights: Float64Array[] } {
  const start = new Int32Array(m);
  const weights: Float64Array[] = [];
  const scale = n / m;
  for (let o = 0; o < m; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const first = Math.floor(lo);
    const last = Math.min(n - 1, Math.ceil(hi) - 1);
    const w = new Float64Array(last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    start[o] = first;
    weights.push(w);
  }
  return { start, weights };
}

/**
 * Area-averaging resample to width × height: every output pixel is the mean of the input area it
 * covers (a box filter, exact for any ratio, up or down). The mean brightness is preserved.
 */
export function resample(image: GrayImage, width: number, height = width): GrayImage {
  const cols = areaWeights(image.width, width);
  const rows = areaWeights(image.height, height);
  // Columns first, then rows (the box filter is separable).
  const wide = new Float64Array(image.height * width);
  for (let i = 0; i < image.height; i++) {
    for (let o = 0; o < width; o++) {
      const w = cols.weights[o]!;
      let s = 0;
      for (let t = 0; t < w.length; t++) s += w[t]! * image.data[i * image.width + cols.start[o]! + t]!;
      wide[i * width + o] = s;
    }
  }
  const data = new Float32Array(width * height);
  for (let o = 0; o < height; o++) {
    const w = rows.weights[o]!;
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let t = 0; t < w.length; t++) s += w[t]! * wide[(rows.start[o]! + t) * width + j]!;
      data[o * width + j] = s;
    }
  }
  return { width, height, data };
}

/** How large a reader's picture is decoded: its short side and its long side at most. */
export interface DecodeLimits {
  readonly short: number;
  readonly long: number;
}

/**
 * The width to decode a width × height picture at (its height follows from the picture's own
 * proportions): scaled down until its short side is at most limits.short and its long side at
 * most limits.long, never up, and never to zero, however thin the picture (1 × 10,000 stays
 * 1 pixel wide; 10,000 × 1 becomes 4,096 × 1 with a long side of 4,096).
 */
export function decodeWidth(width: number, height: number, limits: DecodeLimits): number {
  if (!(width >= 1 && height >= 1)) throw new RangeError(`a picture needs at least one pixel, not ${width} × ${height}`);
  const scale = Math.min(1, limits.short / Math.min(width, height), limits.long / Math.max(width, height));
  return Math.max(1, Math.round(width * scale));
}

/** A picture's targets: its centred square, resampled to the training and the display sizes. */
export function squareTargets(image: GrayImage, train: number, display: number): { train: Float32Array; display: Float32Array } {
  const square = image.width === image.height ? image : centreCrop(image);
  return { train: resample(square, train).data, display: resample(square, display).data };
}

/** True if any pixel of interleaved RGBA bytes is not fully opaque. */
export function hasTransparency(rgba: ArrayLike<number>): boolean {
  for (let k = 3; k < rgba.length; k += 4) if (rgba[k]! < 255) return true;
  return false;
}

/** A square gray image as a training set: each pixel's value at its centre in the square. */
export function imageDataset(image: GrayImage): Dataset {
  if (image.width !== image.height) throw new RangeError('a training image must be square');
  return gridDataset(image.width, (i, j) => image.data[i * image.width + j]!);
}

/** Mean brightness. */
export function mean(image: GrayImage): number {
  let s = 0;
  for (const v of image.data) s += v;
  return s / image.data.length;
}
