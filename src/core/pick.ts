/**
 * Picking one neuron of a hidden layer by its crease: which crease passes nearest a point of the
 * square, stepping from neuron to neuron, and the neuron's own sheet max(0, a·x + b·y + c) sampled
 * over the square, with its weight in the network's output.
 *
 * Creases come interleaved, (a, b, c) per neuron, as a network's first layer gives them.
 */
import { pixelCentre } from './coords.ts';
import { crease } from './neuron.ts';

/** How many neurons an interleaved crease list holds. */
export const neuronCount = (creases: ArrayLike<number>): number => Math.floor(creases.length / 3);

/**
 * The neuron whose crease (clipped to the square) passes nearest (x, y), if within `tolerance`
 * (in the square's units); null when none does. Creases that miss the square are never picked: a
 * reader can only touch what is drawn. On a tie, the lower index.
 */
export function nearestCrease(creases: ArrayLike<number>, x: number, y: number, tolerance: number): number | null {
  let best: number | null = null;
  let bestDistance = tolerance;
  for (let k = 0; k < neuronCount(creases); k++) {
    const a = creases[3 * k]!;
    const b = creases[3 * k + 1]!;
    const c = creases[3 * k + 2]!;
    const norm = Math.hypot(a, b);
    if (!(norm > 0)) continue;
    const d = segmentDistance(crease({ a, b, c }).segment, x, y);
    if (d < bestDistance || (d === bestDistance && best === null)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Distance from (x, y) to a segment (Infinity without one). */
function segmentDistance(segment: readonly [readonly [number, number], readonly [number, number]] | null, x: number, y: number): number {
  if (!segment) return Infinity;
  const [[x1, y1], [x2, y2]] = segment;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.min(1, Math.max(0, ((x - x1) * dx + (y - y1) * dy) / length2)) : 0;
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/**
 * The neuron after (`delta` 1) or before (−1) `current` among `count`, wrapping around; from none,
 * the first (forward) or the last (backward). Null when there are no neurons.
 */
export function stepNeuron(current: number | null, count: number, delta: number): number | null {
  if (count <= 0) return null;
  if (current === null || current < 0 || current >= count) return delta >= 0 ? 0 : count - 1;
  return (((current + Math.sign(delta)) % count) + count) % count;
}

/** A picked neuron still exists in a layer of `count` (a narrower network was chosen: none). */
export const keepPick = (current: number | null, count: number): number | null => (current !== null && current >= 0 && current < count ? current : null);

/** The neuron's sheet max(0, a·x + b·y + c) at the pixel centres of a size × size picture, row by row. */
export function neuronSheet(a: number, b: number, c: number, size: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const [x, y] = pixelCentre(i, j, size);
      out[i * size + j] = Math.max(0, a * x + b * y + c);
    }
  }
  return out;
}

/** The sheet's highest value over the closed square (at a corner, the sheet being piecewise flat). */
export function sheetTop(a: number, b: number, c: number): number {
  return Math.max(0, Math.abs(a) + Math.abs(b) + c);
}

/** The sheet as shades in [0, 1]: its value over its top on the square (0 where it lies flat). */
export function sheetShades(a: number, b: number, c: number, size: number): Float32Array {
  const values = neuronSheet(a, b, c, size);
  const top = sheetTop(a, b, c);
  if (top > 0) for (let k = 0; k < values.length; k++) values[k] = values[k]! / top;
  return values;
}

/**
 * The neuron's weight in each output: with one output, [w]; with K outputs (a K × n matrix, row by
 * row, as the last layer holds it), its column.
 */
export function outputColumn(outputWeights: ArrayLike<number>, outputs: number, neuron: number): number[] {
  const n = Math.floor(outputWeights.length / outputs);
  if (neuron < 0 || neuron >= n) return [];
  return Array.from({ length: outputs }, (_, o) => outputWeights[o * n + neuron]!);
}
