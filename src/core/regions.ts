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
import { type Box, type Polygon, SQUARE, boxPolygon, splitByLine } from './geometry.ts';

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

/** An affine map of (x, y) per unit: unit k is ax[k]·x + ay[k]·y + c[k]. */
interface AffineUnits {
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly c: Float64Array;
}

interface Fold {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly layer: number;
}

/** The fold lines that cut a piece's ancestors, newest first (shared between relatives). */
interface FoldList {
  readonly fold: Fold;
  readonly rest: FoldList | null;
}

interface Piece {
  polygon: Polygon;
  /** On/off bits of the hidden layers so far. */
  pattern: Uint8Array;
  units: AffineUnits;
  /** Its edges lie on these lines or on the box. */
  lines: FoldList | null;
}

interface Part {
  polygon: Polygon;
  bits: Uint8Array;
  lines: FoldList | null;
  /** A circle around the polygon (vertex mean, farthest vertex), to skip lines that miss it. */
  cx: number;
  cy: number;
  r: number;
}

function part(polygon: Polygon, bits: Uint8Array, lines: FoldList | null): Part {
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
  return { polygon, bits, lines, cx, cy, r };
}

function identity(): AffineUnits {
  return { ax: Float64Array.of(1, 0), ay: Float64Array.of(0, 1), c: Float64Array.of(0, 0) };
}

/** The layer's pre-activations as affine maps of (x, y), given its input's affine maps. */
function preActivations(layer: LayerWeights, input: AffineUnits): AffineUnits {
  const n = layer.biases.length;
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  const c = new Float64Array(n);
  // Units that are off (all three coefficients 0) contribute nothing: skip them.
  const live: number[] = [];
  for (let i = 0; i < input.c.length; i++) if (input.ax[i] !== 0 || input.ay[i] !== 0 || input.c[i] !== 0) live.push(i);
  for (let j = 0; j < n; j++) {
    const w = layer.weights[j]!;
    let sx = 0;
    let sy = 0;
    let s = layer.biases[j]!;
    for (const i of live) {
      const wi = w[i]!;
      sx += wi * input.ax[i]!;
      sy += wi * input.ay[i]!;
      s += wi * input.c[i]!;
    }
    ax[j] = sx;
    ay[j] = sy;
    c[j] = s;
  }
  return { ax, ay, c };
}

export function linearRegions(layers: readonly LayerWeights[], box: Box = SQUARE): Region[] {
  if (layers.length < 1) throw new RangeError('a network needs at least its output layer');
  const hidden = layers.slice(0, -1);
  const output = layers[layers.length - 1]!;
  if (output.biases.length !== 1) throw new RangeError('the last layer must have one output');

  let pieces: Piece[] = [{ polygon: boxPolygon(box), pattern: new Uint8Array(0), units: identity(), lines: null }];

  hidden.forEach((layer, l) => {
    const next: Piece[] = [];
    for (const piece of pieces) {
      const pre = preActivations(layer, piece.units);
      // Split by each neuron's line; each part remembers its on/off bits for this layer.
      const width = pre.c.length;
      let parts: Part[] = [part(piece.polygon, new Uint8Array(width), piece.lines)];
      for (let j = 0; j < width; j++) {
        const g = { a: pre.ax[j]!, b: pre.ay[j]!, c: pre.c[j]! };
        const norm = Math.hypot(g.a, g.b);
        const after: Part[] = [];
        for (const p of parts) {
          // Most lines miss most pieces: the circle around the piece tells without clipping.
          if (norm > 0) {
            const d = (g.a * p.cx + g.b * p.cy + g.c) / norm;
            if (Math.abs(d) > p.r + 1e-9) {
              if (d > 0) p.bits[j] = 1;
              after.push(p);
              continue;
            }
          }
          const { positive, negative } = splitByLine(p.polygon, g);
          if (positive.length > 0 && negative.length > 0) {
            // A real cut: two parts, each with its own copy of the bits and the new line.
            const lines = { fold: { ...g, layer: l }, rest: p.lines };
            const on = p.bits.slice();
            on[j] = 1;
            after.push(part(positive, on, lines), part(negative, p.bits, lines));
          } else {
            if (positive.length > 0) p.bits[j] = 1;
            after.push(p);
          }
        }
        parts = after;
      }
      for (const p of parts) {
        // Through the ReLU: off units are 0 everywhere in this part.
        const on = p.bits;
        const pattern = new Uint8Array(piece.pattern.length + width);
        pattern.set(piece.pattern);
        pattern.set(on, piece.pattern.length);
        next.push({
          polygon: p.polygon,
          pattern,
          units: {
            ax: pre.ax.map((v, j) => v * on[j]!),
            ay: pre.ay.map((v, j) => v * on[j]!),
            c: pre.c.map((v, j) => v * on[j]!),
          },
          lines: p.lines,
        });
      }
    }
    pieces = next;
  });

  return pieces.map((piece) => {
    const out = preActivations(output, piece.units);
    const polygon = piece.polygon.map(([x, y]) => [x, y] as [number, number]);
    return {
      polygon,
      pattern: Array.from(piece.pattern, (b) => (b ? 1 : 0)),
      gradient: [out.ax[0]!, out.ay[0]!],
      offset: out.c[0]!,
      edgeLayers: polygon.map((p, i) => edgeLayer(p, polygon[(i + 1) % polygon.length]!, piece.lines)),
    };
  });
}

/** The layer of the fold an edge lies on: the first fold line through both its ends (-1: none). */
function edgeLayer(p: [number, number], q: [number, number], folds: FoldList | null): number {
  const mid: [number, number] = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  let best = -1;
  let bestGap = 1e-9;
  for (let node = folds; node; node = node.rest) {
    const f = node.fold;
    const norm = Math.hypot(f.a, f.b);
    const gap = Math.max(Math.abs(f.a * p[0] + f.b * p[1] + f.c), Math.abs(f.a * mid[0] + f.b * mid[1] + f.c)) / norm;
    if (gap < bestGap) {
      bestGap = gap;
      best = f.layer;
    }
  }
  return best;
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
