/**
 * The exact partition of the plane by a ReLU network: the convex pieces (linear regions) on each
 * of which the network is one affine function.
 *
 * Method. Start from the box, with the network's input (x, y) as the identity map. Layer by
 * layer: inside a current region the layer's input is an affine function of (x, y), so each of
 * the layer's neurons has an affine pre-activation there, and its zero set is a line. Split the
 * region by each such line in turn (keeping which side each piece is on: the neuron's on/off
 * bit), then pass each piece's affine map through the layer (off neurons give 0). After the last
 * hidden layer, the linear output layer gives each region its gradient and offset.
 *
 * Exact up to floating point. Points within geometry.ts's EPSILON (1e-12) of a line count as on
 * it; a piece thinner than that is merged into its neighbour (splitByLine), so the areas always add
 * up to the box's and no sliver regions appear.
 */
import { type Box, type Labelled, SQUARE, boxPolygon, splitLabelled } from './geometry.ts';

export interface LayerWeights {
  /** weights[out][in] */
  readonly weights: readonly (readonly number[])[];
  readonly biases: readonly number[];
}

export interface Region {
  /** Convex, counter-clockwise. */
  readonly polygon: [number, number][];
  /** On (1) or off (0) for every hidden neuron, layer by layer. */
  readonly pattern: (0 | 1)[];
  /** The network equals gradient[0]·x + gradient[1]·y + offset inside the polygon. */
  readonly gradient: [number, number];
  readonly offset: number;
  /** For each edge i (from vertex i to i + 1), the hidden layer whose fold made it (-1: the box). */
  readonly edgeLayers: number[];
}

/**
 * An affine map of (x, y) per unit, packed in one array of 3n numbers: unit k is
 * u[k]·x + u[n + k]·y + u[2n + k].
 */
type AffineUnits = Float64Array;

interface Piece {
  /** Its polygon, each edge labelled with the hidden layer whose fold made it (-1: the box). */
  shape: Labelled;
  /** On/off bits of the hidden layers so far. */
  pattern: Uint8Array;
  units: AffineUnits;
}

interface Part {
  shape: Labelled;
  bits: Uint8Array;
  /** A circle around the polygon (vertex mean, farthest vertex), to skip lines that miss it. */
  cx: number;
  cy: number;
  r: number;
}

function part(shape: Labelled, bits: Uint8Array): Part {
  const polygon = shape.polygon;
  let cx = 0;
  let cy = 0;
  for (const p of polygon) {
    cx += p[0];
    cy += p[1];
  }
  cx /= polygon.length;
  cy /= polygon.length;
  let r = 0;
  for (const p of polygon) r = Math.max(r, Math.hypot(p[0] - cx, p[1] - cy));
  return { shape, bits, cx, cy, r };
}

function identity(): AffineUnits {
  return Float64Array.of(1, 0, 0, 1, 0, 0);
}

/** The layer's pre-activations as affine maps of (x, y), given its input's affine maps. */
function preActivations(layer: LayerWeights, input: AffineUnits): AffineUnits {
  const n = layer.biases.length;
  const m = input.length / 3;
  const out = new Float64Array(3 * n);
  // Units that are off (all three coefficients 0) contribute nothing: skip them.
  const live: number[] = [];
  for (let i = 0; i < m; i++) if (input[i] !== 0 || input[m + i] !== 0 || input[2 * m + i] !== 0) live.push(i);
  for (let j = 0; j < n; j++) {
    const w = layer.weights[j]!;
    let sx = 0;
    let sy = 0;
    let s = layer.biases[j]!;
    for (const i of live) {
      const wi = w[i]!;
      sx += wi * input[i]!;
      sy += wi * input[m + i]!;
      s += wi * input[2 * m + i]!;
    }
    out[j] = sx;
    out[n + j] = sy;
    out[2 * n + j] = s;
  }
  return out;
}

export function linearRegions(layers: readonly LayerWeights[], box: Box = SQUARE): Region[] {
  if (layers.length < 1) throw new RangeError('a network needs at least its output layer');
  const hidden = layers.slice(0, -1);
  const output = layers[layers.length - 1]!;
  if (output.biases.length !== 1) throw new RangeError('the last layer must have one output');

  const square = boxPolygon(box);
  let pieces: Piece[] = [{ shape: { polygon: square, labels: square.map(() => -1) }, pattern: new Uint8Array(0), units: identity() }];

  hidden.forEach((layer, l) => {
    const next: Piece[] = [];
    for (const piece of pieces) {
      const pre = preActivations(layer, piece.units);
      // Split by each neuron's line; each part remembers its on/off bits for this layer.
      const width = pre.length / 3;
      // The piece's parts, cut by one neuron's line after another; a cut part is replaced by its
      // positive side and its negative side goes to the end of the list (nothing else moves).
      const parts: Part[] = [part(piece.shape, new Uint8Array(width))];
      for (let j = 0; j < width; j++) {
        const g = { a: pre[j]!, b: pre[width + j]!, c: pre[2 * width + j]! };
        const norm = Math.hypot(g.a, g.b);
        const count = parts.length;
        for (let k = 0; k < count; k++) {
          const p = parts[k]!;
          // Most lines miss most pieces: the circle around the piece tells without clipping.
          if (norm > 0) {
            const d = (g.a * p.cx + g.b * p.cy + g.c) / norm;
            if (Math.abs(d) > p.r + 1e-9) {
              if (d > 0) p.bits[j] = 1;
              continue;
            }
          }
          const { positive, negative } = splitLabelled(p.shape, g, l);
          if (positive.polygon.length > 0 && negative.polygon.length > 0) {
            // A real cut: two parts, each with its own copy of the bits.
            const on = p.bits.slice();
            on[j] = 1;
            parts[k] = part(positive, on);
            parts.push(part(negative, p.bits));
          } else if (positive.polygon.length > 0) p.bits[j] = 1;
        }
      }
      for (const p of parts) {
        // Through the ReLU: off units are 0 everywhere in this part.
        const on = p.bits;
        const pattern = new Uint8Array(piece.pattern.length + width);
        pattern.set(piece.pattern);
        pattern.set(on, piece.pattern.length);
        const units = new Float64Array(3 * width);
        for (let j = 0; j < width; j++) {
          if (!on[j]) continue;
          units[j] = pre[j]!;
          units[width + j] = pre[width + j]!;
          units[2 * width + j] = pre[2 * width + j]!;
        }
        next.push({ shape: p.shape, pattern, units });
      }
    }
    pieces = next;
  });

  return pieces.map((piece) => {
    const out = preActivations(output, piece.units);
    return {
      // Fresh arrays no one else holds: handed out as they are.
      polygon: piece.shape.polygon as [number, number][],
      pattern: Array.from(piece.pattern) as (0 | 1)[],
      gradient: [out[0]!, out[1]!],
      offset: out[2]!,
      edgeLayers: [...piece.shape.labels],
    };
  });
}

/** The forward pass's on/off pattern and output at one point, for checking regions. */
export function patternAt(layers: readonly LayerWeights[], x: number, y: number): { pattern: (0 | 1)[]; output: number } {
  let input = [x, y];
  const pattern: (0 | 1)[] = [];
  layers.forEach((layer, l) => {
    const last = l === layers.length - 1;
    input = layer.biases.map((b, j) => {
      const z = layer.weights[j]!.reduce((s, w, i) => s + w * input[i]!, b);
      if (last) return z;
      pattern.push(z > 0 ? 1 : 0);
      return z > 0 ? z : 0;
    });
  });
  return { pattern, output: input[0]! };
}
