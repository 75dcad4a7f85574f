/**
 * Where a classifier's decision boundary bends, and on which creases.
 *
 * The exact boundary (src/core/boundaries.ts) is one straight segment per linear region and pair of
 * classes, so it can change direction only where it passes from one region into the next: on a
 * fold. Every end of a segment is one of three kinds of point:
 * - on a side of the box, where the boundary leaves the picture;
 * - a junction, where three or more classes meet (segments of three different pairs end there);
 * - a bend, where the boundary crosses a fold and goes on in the next region.
 * Ends closer than `tolerance` to each other count as one point. A bend lies on the fold of the
 * hidden neuron whose pre-activation z is zero there: the neuron with the smallest |z| / ‖∇z‖
 * (the distance to its fold, to first order), if that distance is within `tolerance`. For the first
 * layer this is exactly the distance to the neuron's crease, |a·x + b·y + c| / ‖(a, b)‖.
 *
 * Distances are in units of the plane (the square [-1, 1]² is 2 wide). The default tolerance,
 * ON_FOLD = 1e-7, is far above the error of the partition's vertices (near 1e-12 of the square's
 * size) and far below the spacing of 500 random creases (about 1/250 of the square on average).
 */
import { type Boundaries, decisionBoundaries } from './boundaries.ts';
import { type Box, SQUARE } from './geometry.ts';
import type { Network } from './mlp.ts';

/** How close (in units of the plane) a point must be to a fold, a side or another point to count as on it. */
export const ON_FOLD = 1e-7;

export interface BoundaryCreases {
  /** Segments of the exact boundary. */
  readonly segments: number;
  /** Linear regions in the box, and how many of them the boundary crosses. */
  readonly regions: number;
  readonly crossed: number;
  /** Points where the boundary crosses a fold and bends. */
  readonly bends: number;
  /** Bends where the boundary goes on straight (its two segments in line): possible where a neuron adds nothing to the two logits' difference. */
  readonly straight: number;
  /**
   * At each bend between exactly two segments, the angle the boundary turns through there, in
   * radians (0: straight on; π/2: a right angle).
   */
  readonly turns: Float64Array;
  /** The bends by the hidden layer whose fold they lie on (index 0: the first layer's creases). */
  readonly bendsByLayer: readonly number[];
  /** Ends of the boundary on the sides of the box. */
  readonly ends: number;
  /** Points where three or more classes meet. */
  readonly junctions: number;
  /** Ends of segments that are none of the above (0 unless the geometry went wrong). */
  readonly unplaced: number;
  /** First-layer creases that cross the inside of the box. */
  readonly creases: number;
  /** Of those, the creases that carry at least one bend. */
  readonly creasesWithBends: number;
  /** For each first-layer neuron, the bends on its crease. */
  readonly bendsPerCrease: Int32Array;
}

/** True when the crease a·x + b·y + c = 0 passes through the inside of the box. */
export function creaseCrossesBox(a: number, b: number, c: number, box: Box = SQUARE): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of [box.xMin, box.xMax]) {
    for (const y of [box.yMin, box.yMax]) {
      const v = a * x + b * y + c;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo < 0 && hi > 0;
}

/**
 * Each hidden neuron's distance to its fold at (x, y), to first order: |z| / ‖∇z‖ with z its
 * pre-activation (the exact distance to the crease for the first layer), layer by layer.
 * Infinity for a neuron whose pre-activation is flat there.
 */
export function foldDistances(net: Network, x: number, y: number): Float64Array[] {
  let value: Float64Array = Float64Array.of(x, y);
  let dx: Float64Array = Float64Array.of(1, 0);
  let dy: Float64Array = Float64Array.of(0, 1);
  const out: Float64Array[] = [];
  for (let l = 0; l + 1 < net.length; l++) {
    const layer = net[l]!;
    const n = layer.outputs;
    const v = new Float64Array(n);
    const gx = new Float64Array(n);
    const gy = new Float64Array(n);
    const d = new Float64Array(n);
    for (let o = 0; o < n; o++) {
      let s = layer.biases[o]!;
      let sx = 0;
      let sy = 0;
      for (let i = 0; i < layer.inputs; i++) {
        const w = layer.weights[o * layer.inputs + i]!;
        s += w * value[i]!;
        sx += w * dx[i]!;
        sy += w * dy[i]!;
      }
      const norm = Math.hypot(sx, sy);
      d[o] = norm === 0 ? Infinity : Math.abs(s) / norm;
      // After the ReLU: on where z > 0 (the side a point exactly on the fold takes does not change
      // the distances of this layer, only the slopes of deeper ones, which are one-sided there).
      v[o] = s > 0 ? s : 0;
      gx[o] = s > 0 ? sx : 0;
      gy[o] = s > 0 ? sy : 0;
    }
    out.push(d);
    value = v;
    dx = gx;
    dy = gy;
  }
  return out;
}

/**
 * The bends of a network's decision boundary and the creases they lie on, in the box (computed
 * from `boundaries` when given, else from the network). Null when the boundaries could not be
 * computed (see decisionBoundaries' cap).
 */
export function boundaryCreases(
  net: Network,
  options: { box?: Box; tolerance?: number; boundaries?: Boundaries; maxRegions?: number } = {},
): BoundaryCreases | null {
  const box = options.box ?? SQUARE;
  const tolerance = options.tolerance ?? ON_FOLD;
  const b = options.boundaries ?? decisionBoundaries(net, box, options.maxRegions);
  if (!b) return null;
  const count = b.segments.length / 4;
  const hiddenLayers = net.length - 1;
  const first = net[0]!;

  // Segment ends off the box's sides, to be grouped into points.
  const onSide = (x: number, y: number): boolean =>
    Math.min(Math.abs(x - box.xMin), Math.abs(x - box.xMax), Math.abs(y - box.yMin), Math.abs(y - box.yMax)) <= tolerance;
  let ends = 0;
  const inner: number[] = [];
  for (let e = 0; e < 2 * count; e++) {
    if (onSide(b.segments[2 * e]!, b.segments[2 * e + 1]!)) ends++;
    else inner.push(e);
  }
  // Group ends within `tolerance` of each other (union-find over a sweep in x).
  inner.sort((p, q) => b.segments[2 * p]! - b.segments[2 * q]!);
  const parent = inner.map((_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  for (let i = 0; i < inner.length; i++) {
    const xi = b.segments[2 * inner[i]!]!;
    const yi = b.segments[2 * inner[i]! + 1]!;
    for (let j = i + 1; j < inner.length; j++) {
      const xj = b.segments[2 * inner[j]!]!;
      if (xj - xi > tolerance) break;
      if (Math.hypot(xj - xi, b.segments[2 * inner[j]! + 1]! - yi) <= tolerance) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, number[]>();
  inner.forEach((e, k) => {
    const r = root(k);
    const g = groups.get(r);
    if (g) g.push(e);
    else groups.set(r, [e]);
  });

  let bends = 0;
  let junctions = 0;
  let unplaced = 0;
  let straight = 0;
  const turns: number[] = [];
  const bendsByLayer = new Array<number>(hiddenLayers).fill(0);
  const bendsPerCrease = new Int32Array(first.outputs);
  for (const group of groups.values()) {
    const classes = new Set<number>();
    let x = 0;
    let y = 0;
    for (const e of group) {
      const s = e >> 1;
      classes.add(b.pairs[2 * s]!);
      classes.add(b.pairs[2 * s + 1]!);
      x += b.segments[2 * e]!;
      y += b.segments[2 * e + 1]!;
    }
    if (classes.size >= 3) {
      junctions++;
      continue;
    }
    x /= group.length;
    y /= group.length;
    const distances = foldDistances(net, x, y);
    let nearest = Infinity;
    let layer = -1;
    distances.forEach((d, l) => {
      for (let k = 0; k < d.length; k++) {
        if (d[k]! < nearest) {
          nearest = d[k]!;
          layer = l;
        }
      }
    });
    if (nearest > tolerance) {
      unplaced += group.length;
      continue;
    }
    bends++;
    bendsByLayer[layer]!++;
    if (group.length === 2) {
      // The two segments, each pointing away from the bend: in line when they are opposite.
      const away = (e: number): [number, number] => {
        const s = e >> 1;
        const o = e & 1 ? 4 * s : 4 * s + 2;
        return [b.segments[o]! - x, b.segments[o + 1]! - y];
      };
      const [ux, uy] = away(group[0]!);
      const [vx, vy] = away(group[1]!);
      const lengths = Math.hypot(ux, uy) * Math.hypot(vx, vy);
      if (lengths > 0) {
        if (Math.abs(ux * vy - uy * vx) <= 1e-9 * lengths && ux * vx + uy * vy < 0) straight++;
        // Going in along u reversed and out along v: the turn is π minus the angle between u and v.
        turns.push(Math.PI - Math.acos(Math.max(-1, Math.min(1, (ux * vx + uy * vy) / lengths))));
      }
    }
    if (layer === 0) for (let k = 0; k < first.outputs; k++) if (distances[0]![k]! <= tolerance) bendsPerCrease[k]!++;
  }

  let creases = 0;
  let creasesWithBends = 0;
  for (let k = 0; k < first.outputs; k++) {
    if (!creaseCrossesBox(first.weights[2 * k]!, first.weights[2 * k + 1]!, first.biases[k]!, box)) continue;
    creases++;
    if (bendsPerCrease[k]! > 0) creasesWithBends++;
  }
  return {
    segments: count,
    regions: b.regions,
    crossed: b.crossed,
    bends,
    straight,
    turns: Float64Array.from(turns),
    bendsByLayer,
    ends,
    junctions,
    unplaced,
    creases,
    creasesWithBends,
    bendsPerCrease,
  };
}

/** How many first-layer creases carry 0, 1, 2, … bends (up to the most any crease carries). */
export function bendHistogram(result: BoundaryCreases, net: Network, box: Box = SQUARE): number[] {
  const first = net[0]!;
  const out: number[] = [];
  for (let k = 0; k < first.outputs; k++) {
    if (!creaseCrossesBox(first.weights[2 * k]!, first.weights[2 * k + 1]!, first.biases[k]!, box)) continue;
    const n = result.bendsPerCrease[k]!;
    while (out.length <= n) out.push(0);
    out[n]!++;
  }
  return out;
}
