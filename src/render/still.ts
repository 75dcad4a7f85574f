/**
 * A network's first picture, for a figure's first state: computed the same way on the server (so
 * readers without JavaScript see it) and in the page (so hydration finds the same markup), and
 * drawn as SVG instead of a canvas.
 *
 * `gridPrediction` evaluates a one-hidden-layer network at every pixel centre of a size×size grid
 * in O(size × neurons + size²): along a row, neuron k is active on one run of consecutive columns
 * (a·x + b·y + c is linear in x), and on that run it adds a linear function of x, so its share
 * goes into difference arrays of slope and intercept.
 */
import { pixelCentre } from '../core/coords.ts';
import type { Network } from '../core/mlp.ts';

/** The output of a 2 → n → 1 network at the size×size pixel centres, row by row. */
export function gridPrediction(net: Network, size: number): Float32Array {
  if (net.length !== 2 || net[0]!.inputs !== 2 || net[1]!.outputs !== 1) throw new Error('gridPrediction: needs a 2 → n → 1 network');
  const first = net[0]!;
  const v = net[1]!.weights;
  const d = net[1]!.biases[0]!;
  const width = first.outputs;
  const xs = Float64Array.from({ length: size }, (_, j) => pixelCentre(0, j, size)[0]);
  const slope = new Float64Array(size + 1);
  const intercept = new Float64Array(size + 1);
  const out = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    const y = pixelCentre(i, 0, size)[1];
    slope.fill(0);
    intercept.fill(0);
    for (let k = 0; k < width; k++) {
      const a = first.weights[2 * k]!;
      const row = first.weights[2 * k + 1]! * y + first.biases[k]!;
      let lo = 0;
      let hi = 0;
      if (a === 0) {
        hi = row > 0 ? size : 0;
      } else {
        // The column where a·x + row = 0, then the exact first (or last) active pixel.
        const cross = (-row / a + 1) * (size / 2) - 0.5;
        if (a > 0) {
          let j = Math.min(size, Math.max(0, Math.floor(cross)));
          while (j > 0 && a * xs[j - 1]! + row > 0) j--;
          while (j < size && !(a * xs[j]! + row > 0)) j++;
          lo = j;
          hi = size;
        } else {
          let j = Math.min(size, Math.max(0, Math.ceil(cross)));
          while (j < size && a * xs[j]! + row > 0) j++;
          while (j > 0 && !(a * xs[j - 1]! + row > 0)) j--;
          hi = j;
        }
      }
      if (lo >= hi) continue;
      const vk = v[k]!;
      slope[lo]! += vk * a;
      slope[hi]! -= vk * a;
      intercept[lo]! += vk * row;
      intercept[hi]! -= vk * row;
    }
    let A = 0;
    let B = 0;
    for (let j = 0; j < size; j++) {
      A += slope[j]!;
      B += intercept[j]!;
      out[i * size + j] = d + A * xs[j]! + B;
    }
  }
  return out;
}

export interface GrayRun {
  /** CSS colour of this level (black 0 … white 1). */
  readonly fill: string;
  /** One path of unit-high rectangles, in pixel coordinates of the picture. */
  readonly d: string;
}

/**
 * A size×size picture (values in [0, 1], clamped; NaN black) as a few SVG paths, one per gray
 * level: each row's runs of pixels of the same level become one rectangle. Smooth pictures (as
 * networks draw them) need few runs.
 */
export function grayRuns(values: ArrayLike<number>, size: number, levels = 32): GrayRun[] {
  if (values.length !== size * size) throw new Error(`grayRuns: ${values.length} values for ${size}×${size}`);
  const level = (v: number): number => (Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * (levels - 1)) : 0);
  const parts: string[][] = Array.from({ length: levels }, () => []);
  for (let i = 0; i < size; i++) {
    let j = 0;
    while (j < size) {
      const l = level(values[i * size + j]!);
      let end = j + 1;
      while (end < size && level(values[i * size + end]!) === l) end++;
      parts[l]!.push(`M${j} ${i}h${end - j}v1h${j - end}z`);
      j = end;
    }
  }
  const out: GrayRun[] = [];
  parts.forEach((p, l) => {
    if (p.length === 0) return;
    const g = Math.round((l / (levels - 1)) * 255);
    out.push({ fill: `rgb(${g},${g},${g})`, d: p.join('') });
  });
  return out;
}

/** Mean squared error of a picture against targets of the same size (the training loss on a grid). */
export function pictureLoss(values: ArrayLike<number>, targets: ArrayLike<number>): number {
  if (values.length !== targets.length) throw new Error(`pictureLoss: ${values.length} values for ${targets.length} targets`);
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += (values[k]! - targets[k]!) ** 2;
  return sum / values.length;
}
