/**
 * Training on a few samples of a picture, measuring on all of it. A picture is a target drawn at
 * some resolution (a size × size GrayImage, src/core/images.ts); a sampling picks some of its
 * pixels to train on, and every other pixel is the test set. Both losses are read off one
 * prediction of the whole picture, which the engines make in batches (Trainer.predict).
 *
 * Pixels are numbered row by row, k = i·size + j, with their centres as in src/core/coords.ts.
 */
import { pixelCentre } from './coords.ts';
import { type GrayImage, resample } from './images.ts';
import { rng } from './rng.ts';
import type { Dataset } from './targets.ts';

/** Which pixels to train on: N distinct pixels drawn at random, or a coarse side × side grid of them. */
export type Sampling =
  | { readonly kind: 'random'; readonly count: number; readonly seed: number }
  | { readonly kind: 'grid'; readonly side: number };

/** A target drawn at `size` × `size`: a function of the square sampled at pixel centres, or an image resampled. */
export function drawPicture(target: ((x: number, y: number) => number) | GrayImage, size: number): GrayImage {
  if (typeof target !== 'function') {
    if (target.width !== target.height) throw new RangeError('a target picture must be square');
    return target.width === size ? target : resample(target, size);
  }
  const data = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) data[i * size + j] = target(...pixelCentre(i, j, size));
  }
  return { width: size, height: size, data };
}

/**
 * `count` distinct pixels of a size × size picture, drawn at random from a seed, in the order drawn
 * (a partial Fisher–Yates shuffle: every set of `count` pixels is equally likely).
 */
export function randomPixels(size: number, count: number, seed: number): Int32Array {
  const total = size * size;
  if (!Number.isInteger(count) || count < 1 || count >= total) throw new RangeError(`between 1 and ${total - 1} training pixels, not ${count}`);
  const r = rng(seed);
  const out = new Int32Array(count);
  // Only the displaced entries of the shuffled identity are stored.
  const moved = new Map<number, number>();
  const at = (k: number): number => moved.get(k) ?? k;
  for (let q = 0; q < count; q++) {
    const pick = q + Math.floor(r.next() * (total - q));
    out[q] = at(pick);
    moved.set(pick, at(q));
  }
  return out;
}

/**
 * A coarse side × side grid of pixels of a size × size picture: in each of side × side equal blocks,
 * the pixel nearest the block's centre (for side dividing size, every (size/side)-th pixel).
 */
export function gridPixels(size: number, side: number): Int32Array {
  if (!Number.isInteger(side) || side < 1 || side >= size) throw new RangeError(`a coarse grid of 1 to ${size - 1} per side, not ${side}`);
  const index = (b: number): number => Math.min(size - 1, Math.floor(((b + 0.5) * size) / side));
  const out = new Int32Array(side * side);
  for (let a = 0; a < side; a++) for (let b = 0; b < side; b++) out[a * side + b] = index(a) * size + index(b);
  return out;
}

export function samplePixels(size: number, sampling: Sampling): Int32Array {
  return sampling.kind === 'random' ? randomPixels(size, sampling.count, sampling.seed) : gridPixels(size, sampling.side);
}

/** How many points a sampling trains on. */
export function sampleCount(sampling: Sampling): number {
  return sampling.kind === 'random' ? sampling.count : sampling.side * sampling.side;
}

/**
 * A picture split into the pixels trained on and the rest. `targets` are what training is told at
 * its pixels: the picture's values, or others (random targets, label noise); the test set always
 * measures against the picture itself.
 */
export interface Split {
  readonly picture: GrayImage;
  /** The training pixels, distinct. */
  readonly pixels: Int32Array;
  /** 1 for a training pixel, 0 for a test pixel (size² entries). */
  readonly inTraining: Uint8Array;
  /** The target of each training pixel, in the order of `pixels`. */
  readonly targets: Float32Array;
}

export function splitPicture(picture: GrayImage, pixels: Int32Array, targets?: Float32Array): Split {
  const total = picture.width * picture.height;
  const inTraining = new Uint8Array(total);
  for (const k of pixels) {
    if (!(k >= 0 && k < total)) throw new RangeError(`pixel ${k} is outside the picture`);
    if (inTraining[k]) throw new RangeError(`pixel ${k} is sampled twice`);
    inTraining[k] = 1;
  }
  if (pixels.length >= total) throw new RangeError('no pixel left to test on');
  if (targets && targets.length !== pixels.length) throw new RangeError(`${targets.length} targets for ${pixels.length} pixels`);
  return { picture, pixels, inTraining, targets: targets ?? Float32Array.from(pixels, (k) => picture.data[k]!) };
}

/** The training set of a split: the training pixels' centres and their targets. */
export function splitDataset(split: Split): Dataset {
  const size = split.picture.width;
  const n = split.pixels.length;
  const inputs = new Float32Array(2 * n);
  for (let p = 0; p < n; p++) {
    const k = split.pixels[p]!;
    const i = Math.floor(k / size);
    const [x, y] = pixelCentre(i, k - i * size, size);
    inputs[2 * p] = x;
    inputs[2 * p + 1] = y;
  }
  return { inputs, targets: split.targets, size };
}

/** Test pixels: every pixel of the picture not trained on. */
export function testCount(split: Split): number {
  return split.inTraining.length - split.pixels.length;
}

/**
 * The targets shuffled among the points from a seed: the same values, each at a random other
 * point (the labels of Zhang et al.'s random-label experiment).
 */
export function shuffledTargets(targets: Float32Array, seed: number): Float32Array {
  const out = Float32Array.from(targets);
  const r = rng(seed);
  for (let q = out.length - 1; q > 0; q--) {
    const s = Math.floor(r.next() * (q + 1));
    const t = out[q]!;
    out[q] = out[s]!;
    out[s] = t;
  }
  return out;
}

/** Label noise: a `fraction` of the points, chosen from a seed, told the opposite brightness (1 − t). */
export function flippedTargets(targets: Float32Array, fraction: number, seed: number): Float32Array {
  const out = Float32Array.from(targets);
  const count = Math.round(fraction * targets.length);
  if (count === 0) return out;
  const r = rng(seed);
  const order = Int32Array.from({ length: targets.length }, (_, k) => k);
  for (let q = 0; q < count; q++) {
    const s = q + Math.floor(r.next() * (order.length - q));
    const t = order[q]!;
    order[q] = order[s]!;
    order[s] = t;
    out[order[q]!] = 1 - out[order[q]!]!;
  }
  return out;
}

/** What one prediction of the picture says about a run. */
export interface SplitScores {
  /** Mean squared error over the training pixels, against the targets training is told. */
  readonly trainLoss: number;
  /** Mean squared error over every other pixel, against the picture. */
  readonly testLoss: number;
  /**
   * For a two-tone picture (values 0 and 1): the fraction of pixels on the right side of ½,
   * among the training pixels (against their targets) and among the test pixels; else null.
   */
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
}

/** True when every pixel of the picture is 0 or 1 (a target with two classes). */
export function isTwoTone(picture: GrayImage): boolean {
  for (const v of picture.data) if (v !== 0 && v !== 1) return false;
  return true;
}

/**
 * Train and test scores from the network's prediction of every pixel of the split's picture
 * (row by row, as Trainer.predict(size) makes it): one pass over the pixels.
 */
export function scoreSplit(split: Split, prediction: Float32Array, twoTone = isTwoTone(split.picture)): SplitScores {
  const picture = split.picture.data;
  if (prediction.length !== picture.length) throw new RangeError(`a prediction of ${prediction.length} pixels for a picture of ${picture.length}`);
  let testSum = 0;
  let testRight = 0;
  for (let k = 0; k < picture.length; k++) {
    if (split.inTraining[k]) continue;
    const e = prediction[k]! - picture[k]!;
    testSum += e * e;
    if (prediction[k]! > 0.5 === picture[k]! > 0.5) testRight++;
  }
  let trainSum = 0;
  let trainRight = 0;
  for (let p = 0; p < split.pixels.length; p++) {
    const y = prediction[split.pixels[p]!]!;
    const e = y - split.targets[p]!;
    trainSum += e * e;
    if (y > 0.5 === split.targets[p]! > 0.5) trainRight++;
  }
  const n = split.pixels.length;
  const m = picture.length - n;
  return {
    trainLoss: trainSum / n,
    testLoss: testSum / m,
    trainAccuracy: twoTone ? trainRight / n : null,
    testAccuracy: twoTone ? testRight / m : null,
  };
}

/** Mean squared error of a prediction against a picture of the same size, over all its pixels. */
export function pictureLoss(picture: GrayImage, prediction: Float32Array): number {
  if (prediction.length !== picture.data.length) throw new RangeError(`a prediction of ${prediction.length} pixels for a picture of ${picture.data.length}`);
  let s = 0;
  for (let k = 0; k < prediction.length; k++) {
    const e = prediction[k]! - picture.data[k]!;
    s += e * e;
  }
  return s / prediction.length;
}

/** |prediction − picture| at every pixel: the error map. */
export function errorMap(picture: GrayImage, prediction: Float32Array): Float32Array {
  const out = new Float32Array(prediction.length);
  for (let k = 0; k < prediction.length; k++) out[k] = Math.abs(prediction[k]! - picture.data[k]!);
  return out;
}

/**
 * How much of a ring (or disc, inner = 0) centred at the origin a prediction draws: the ring's
 * pixels cut into `sectors` equal angles, and in each the fraction the network paints above ½.
 * The ring is whole when every sector is at least half painted.
 */
export function ringCoverage(prediction: Float32Array, size: number, inner: number, outer: number, sectors = 32): { readonly sectors: Float64Array; readonly whole: boolean; readonly least: number } {
  if (prediction.length !== size * size) throw new RangeError(`a prediction of ${prediction.length} pixels for ${size} × ${size}`);
  const painted = new Float64Array(sectors);
  const count = new Float64Array(sectors);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const [x, y] = pixelCentre(i, j, size);
      const r2 = x * x + y * y;
      if (r2 < inner * inner || r2 > outer * outer) continue;
      const s = Math.min(sectors - 1, Math.floor(((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * sectors));
      count[s]!++;
      if (prediction[i * size + j]! > 0.5) painted[s]!++;
    }
  }
  let least = 1;
  for (let s = 0; s < sectors; s++) {
    painted[s] = count[s]! > 0 ? painted[s]! / count[s]! : 1;
    least = Math.min(least, painted[s]!);
  }
  return { sectors: painted, whole: least >= 0.5, least };
}

/**
 * Colouring by lookup: every pixel takes the target of its nearest training pixel (ties to the first
 * in the split's order). The plainest way to fill the picture between the samples, for comparison
 * with what a network draws there. Training pixels are bucketed on a coarse grid, so the search
 * looks at a few buckets per pixel.
 */
export function nearestNeighbourPicture(split: Split): Float32Array {
  const size = split.picture.width;
  const n = split.pixels.length;
  const buckets = Math.max(1, Math.min(size, Math.round(Math.sqrt(n / 2))));
  const cell = size / buckets;
  const bucketOf = (row: number): number => Math.min(buckets - 1, Math.floor(row / cell));
  // Counting sort of the training points by bucket.
  const start = new Int32Array(buckets * buckets + 1);
  for (const k of split.pixels) start[bucketOf(Math.floor(k / size)) * buckets + bucketOf(k % size) + 1]!++;
  for (let b = 0; b < buckets * buckets; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, buckets * buckets);
  const order = new Int32Array(n);
  split.pixels.forEach((k, p) => {
    order[fill[bucketOf(Math.floor(k / size)) * buckets + bucketOf(k % size)]!++] = p;
  });
  const out = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    const bi = bucketOf(i);
    for (let j = 0; j < size; j++) {
      const bj = bucketOf(j);
      let best = Infinity;
      let bestP = -1;
      // Rings of buckets around the pixel's own, until no closer point can lie further out.
      for (let ring = 0; ring < buckets; ring++) {
        if (bestP >= 0 && (ring - 1) * cell >= Math.sqrt(best)) break;
        for (let a = bi - ring; a <= bi + ring; a++) {
          if (a < 0 || a >= buckets) continue;
          for (let b = bj - ring; b <= bj + ring; b++) {
            if (b < 0 || b >= buckets || (Math.abs(a - bi) !== ring && Math.abs(b - bj) !== ring)) continue;
            const q = a * buckets + b;
            for (let t = start[q]!; t < start[q + 1]!; t++) {
              const p = order[t]!;
              const k = split.pixels[p]!;
              const di = Math.floor(k / size) - i;
              const dj = (k % size) - j;
              const d = di * di + dj * dj;
              if (d < best || (d === best && p < bestP)) {
                best = d;
                bestP = p;
              }
            }
          }
        }
      }
      out[i * size + j] = split.targets[bestP]!;
    }
  }
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A small picture kept compactly in a results file: values in [0, 1] rounded to 16 levels, two
 * pixels a byte, in base64 (a 64 × 64 picture in 2,732 characters).
 */
export function packPicture(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(Math.ceil(values.length / 2));
  for (let k = 0; k < values.length; k++) {
    const v = Math.round(15 * Math.min(1, Math.max(0, values[k]! || 0)));
    bytes[k >> 1]! |= k & 1 ? v : v << 4;
  }
  let out = '';
  for (let k = 0; k < bytes.length; k += 3) {
    const a = bytes[k]!;
    const b = bytes[k + 1] ?? 0;
    const c = bytes[k + 2] ?? 0;
    const triple = (a << 16) | (b << 8) | c;
    out += BASE64[(triple >> 18) & 63]! + BASE64[(triple >> 12) & 63]!;
    out += k + 1 < bytes.length ? BASE64[(triple >> 6) & 63]! : '=';
    out += k + 2 < bytes.length ? BASE64[triple & 63]! : '=';
  }
  return out;
}

/** The values of a packed picture (`count` pixels), each one of 16 levels in [0, 1]. */
export function unpackPicture(text: string, count: number): Float32Array {
  const bytes: number[] = [];
  for (let k = 0; k < text.length; k += 4) {
    const digits = [0, 1, 2, 3].map((d) => (text[k + d] === '=' ? 0 : BASE64.indexOf(text[k + d]!)));
    if (digits.some((d) => d < 0)) throw new RangeError('not a packed picture');
    const triple = (digits[0]! << 18) | (digits[1]! << 12) | (digits[2]! << 6) | digits[3]!;
    bytes.push((triple >> 16) & 255);
    if (text[k + 2] !== '=') bytes.push((triple >> 8) & 255);
    if (text[k + 3] !== '=') bytes.push(triple & 255);
  }
  if (bytes.length < Math.ceil(count / 2)) throw new RangeError(`a packed picture of ${2 * bytes.length} pixels, not ${count}`);
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++) out[k] = (k & 1 ? bytes[k >> 1]! & 15 : bytes[k >> 1]! >> 4) / 15;
  return out;
}
