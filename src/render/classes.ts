/**
 * Pictures of a classifier: each pixel takes the colour of its class (the largest of its K
 * logits), washed towards gray as the network grows unsure (lightness by confidence: the softmax
 * probability of the winning class, from 1/K, a toss-up, to 1, certain); and one class's logit as
 * a folded sheet. Pure: the widget puts the pixels on a canvas, the server draws the first picture
 * from the same numbers as SVG runs.
 */
import { softmaxInto } from '../core/loss.ts';
import { paperPixels } from './image.ts';
import type { GrayRun } from './still.ts';

/** One colour per class (a palette that colour-blind readers can tell apart), as RGB. */
export const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [86, 180, 233],
  [213, 94, 0],
];

/** The colour unsure pixels fade to. */
export const UNSURE: readonly [number, number, number] = [128, 128, 128];

/** Levels of confidence the pictures tell apart. */
export const CONFIDENCE_LEVELS = 8;

/** Colour of a class as CSS. */
export function classColour(k: number): string {
  const [r, g, b] = CLASS_COLOURS[k % CLASS_COLOURS.length]!;
  return `rgb(${r},${g},${b})`;
}

/**
 * Class and confidence level of each pixel: class k and level l (0 unsure … CONFIDENCE_LEVELS − 1
 * certain) packed as k · CONFIDENCE_LEVELS + l. `logits` holds K per pixel, pixel by pixel.
 */
export function classLevels(logits: ArrayLike<number>, K: number, count: number): Uint16Array {
  if (logits.length !== K * count) throw new Error(`classLevels: ${logits.length} logits for ${count} pixels of ${K} classes`);
  const out = new Uint16Array(count);
  const p = new Float64Array(K);
  for (let q = 0; q < count; q++) {
    softmaxInto(logits, q * K, K, p, 0);
    let best = 0;
    for (let j = 1; j < K; j++) if (p[j]! > p[best]!) best = j;
    const sure = Number.isFinite(p[best]!) ? (p[best]! - 1 / K) / (1 - 1 / K) : 0;
    const level = Math.min(CONFIDENCE_LEVELS - 1, Math.max(0, Math.floor(sure * CONFIDENCE_LEVELS)));
    out[q] = best * CONFIDENCE_LEVELS + level;
  }
  return out;
}

/** The RGB of a packed class and level: the class colour mixed with gray, more gray when unsure. */
export function levelColour(packed: number): [number, number, number] {
  const k = Math.floor(packed / CONFIDENCE_LEVELS);
  const l = packed % CONFIDENCE_LEVELS;
  const t = 0.15 + (0.85 * (l + 0.5)) / CONFIDENCE_LEVELS;
  const c = CLASS_COLOURS[k % CLASS_COLOURS.length]!;
  return [0, 1, 2].map((i) => Math.round(UNSURE[i]! + t * (c[i]! - UNSURE[i]!))) as [number, number, number];
}

/** RGBA pixels of a size × size decision map from K logits per pixel. */
export function classPixels(logits: ArrayLike<number>, K: number, size: number, out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(size * size * 4)): Uint8ClampedArray<ArrayBuffer> {
  const levels = classLevels(logits, K, size * size);
  const table = new Map<number, [number, number, number]>();
  for (let q = 0; q < levels.length; q++) {
    const packed = levels[q]!;
    let c = table.get(packed);
    if (!c) table.set(packed, (c = levelColour(packed)));
    out[4 * q] = c[0];
    out[4 * q + 1] = c[1];
    out[4 * q + 2] = c[2];
    out[4 * q + 3] = 255;
  }
  return out;
}

/** The decision map as SVG runs of one colour each (the figure's first picture, drawn on the server). */
export function classRuns(logits: ArrayLike<number>, K: number, size: number): GrayRun[] {
  const levels = classLevels(logits, K, size * size);
  const parts = new Map<number, string[]>();
  for (let i = 0; i < size; i++) {
    let j = 0;
    while (j < size) {
      const l = levels[i * size + j]!;
      let end = j + 1;
      while (end < size && levels[i * size + end] === l) end++;
      let list = parts.get(l);
      if (!list) parts.set(l, (list = []));
      list.push(`M${j} ${i}h${end - j}v1h${j - end}z`);
      j = end;
    }
  }
  return [...parts.entries()]
    .sort((p, q) => p[0] - q[0])
    .map(([packed, d]) => {
      const [r, g, b] = levelColour(packed);
      return { fill: `rgb(${r},${g},${b})`, d: d.join('') };
    });
}

/** Share of pixels of each class in a decision map (K logits per pixel). */
export function classShares(logits: ArrayLike<number>, K: number, count: number): number[] {
  const levels = classLevels(logits, K, count);
  const shares = new Array<number>(K).fill(0);
  for (let q = 0; q < count; q++) shares[Math.floor(levels[q]! / CONFIDENCE_LEVELS)]! += 1 / count;
  return shares;
}

/**
 * One weight per first-layer neuron from a K × n output layer (row-major): the length of its
 * column, how much the neuron counts in the logits (for drawing its crease bolder).
 */
export function neuronWeights(outputWeights: ArrayLike<number>, K: number): Float32Array {
  const n = Math.floor(outputWeights.length / K);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let o = 0; o < K; o++) s += outputWeights[o * n + k]! ** 2;
    out[k] = Math.sqrt(s);
  }
  return out;
}

/**
 * Boundary segments (x1, y1, x2, y2 in the square [-1, 1]², y up) as one SVG path in the pixel
 * coordinates of a size × size picture.
 */
export function boundaryPath(segments: ArrayLike<number>, size: number): string {
  const px = (x: number): number => Math.round(((x + 1) / 2) * size * 100) / 100;
  const py = (y: number): number => Math.round(((1 - y) / 2) * size * 100) / 100;
  const parts: string[] = [];
  for (let s = 0; s + 3 < segments.length; s += 4) parts.push(`M${px(segments[s]!)} ${py(segments[s + 1]!)}L${px(segments[s + 2]!)} ${py(segments[s + 3]!)}`);
  return parts.join('');
}

/** One logit's sheet as drawn: its pixels, and the lowest and highest value of the logit on it. */
export interface LogitSheet {
  readonly pixels: Uint8ClampedArray<ArrayBuffer>;
  readonly low: number;
  readonly high: number;
}

/**
 * Output `k` of a size × size picture of `outputs` logits per pixel, drawn as folded paper: the
 * portrait's paper rendering (paperPixels) of the logit rescaled from its lowest value on the
 * picture (0) to its highest (1), so that the sheet's folds show at any scale of the logits (which
 * keep growing under cross-entropy), printed brighter where the logit is higher. A flat logit is
 * drawn at mid height. Values that are not finite count as the lowest.
 */
export function logitSheet(
  logits: ArrayLike<number>,
  outputs: number,
  k: number,
  size: number,
  out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(size * size * 4),
  scratch: Float32Array = new Float32Array(size * size),
): LogitSheet {
  const count = size * size;
  if (logits.length !== outputs * count) throw new Error(`logitSheet: ${logits.length} logits for ${count} pixels of ${outputs} outputs`);
  if (!(k >= 0 && k < outputs)) throw new Error(`logitSheet: no output ${k} of ${outputs}`);
  let low = Infinity;
  let high = -Infinity;
  for (let q = 0; q < count; q++) {
    const z = logits[q * outputs + k]!;
    if (!Number.isFinite(z)) continue;
    if (z < low) low = z;
    if (z > high) high = z;
  }
  const span = high - low;
  for (let q = 0; q < count; q++) {
    const z = logits[q * outputs + k]!;
    scratch[q] = !Number.isFinite(z) ? 0 : span > 0 ? (z - low) / span : 0.5;
  }
  return { pixels: paperPixels(scratch, size, undefined, out), low: Number.isFinite(low) ? low : NaN, high: Number.isFinite(high) ? high : NaN };
}
