/**
 * Crease lines of a layer of neurons, for drawing over a picture of size×size pixels: each
 * neuron's line a·x + b·y + c = 0 clipped to the square, with an opacity and width that grow with
 * the size of its weight in the output (a neuron that barely counts is drawn faint).
 */
import { creaseSegment } from '../core/neuron.ts';

export interface CreaseLine {
  readonly index: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly opacity: number;
  readonly width: number;
}

const r = (v: number): number => Math.round(v * 10) / 10;

/**
 * `creases` holds (a, b, c) per neuron, interleaved; `outputWeights` one weight per neuron (may be
 * empty: all drawn alike). Neurons whose crease misses the square are left out.
 */
export function creaseLines(creases: ArrayLike<number>, outputWeights: ArrayLike<number>, size: number): CreaseLine[] {
  const count = Math.floor(creases.length / 3);
  let maxWeight = 0;
  for (let k = 0; k < outputWeights.length; k++) maxWeight = Math.max(maxWeight, Math.abs(outputWeights[k]!));
  // Many creases: draw each fainter, so that the picture under them stays visible.
  const base = count > 100 ? 0.25 : count > 20 ? 0.6 : 0.9;
  const px = (x: number): number => ((x + 1) / 2) * size;
  const py = (y: number): number => ((1 - y) / 2) * size;
  const out: CreaseLine[] = [];
  for (let k = 0; k < count; k++) {
    const segment = creaseSegment({ a: creases[3 * k]!, b: creases[3 * k + 1]!, c: creases[3 * k + 2]! });
    if (!segment) continue;
    const share = maxWeight > 0 && outputWeights.length === count ? Math.abs(outputWeights[k]!) / maxWeight : 1;
    const [p, q] = segment;
    out.push({
      index: k,
      x1: r(px(p[0])),
      y1: r(py(p[1])),
      x2: r(px(q[0])),
      y2: r(py(q[1])),
      opacity: Math.round((0.15 + 0.85 * share) * base * 100) / 100,
      width: Math.round((0.6 + 1.6 * share) * 10) / 10,
    });
  }
  return out;
}

export interface CreaseGroup {
  readonly d: string;
  readonly opacity: number;
  readonly width: number;
  readonly count: number;
}

/**
 * The same lines merged into a few SVG paths of equal opacity and width (rounded to `levels`
 * steps), so that hundreds of creases cost the page a handful of elements to update per frame.
 */
export function creaseGroups(lines: readonly CreaseLine[], levels = 6): CreaseGroup[] {
  const groups = new Map<string, { parts: string[]; opacity: number; width: number }>();
  for (const l of lines) {
    // Never rounded away: the faintest crease keeps the lowest step.
    const opacity = Math.max(1, Math.round(l.opacity * levels)) / levels;
    const width = Math.round(l.width * 2) / 2;
    const key = `${opacity}/${width}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { parts: [], opacity, width }));
    g.parts.push(`M${l.x1},${l.y1}L${l.x2},${l.y2}`);
  }
  return [...groups.values()]
    .sort((p, q) => p.opacity - q.opacity || p.width - q.width)
    .map((g) => ({ d: g.parts.join(''), opacity: g.opacity, width: g.width, count: g.parts.length }));
}
