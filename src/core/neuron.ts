/**
 * One ReLU neuron of the plane: f(x, y) = max(a·x + b·y + c, 0).
 *
 * Its graph is a sheet with one crease. The crease is the line a·x + b·y + c = 0; on one side the
 * sheet lies flat at height 0, on the other it rises as the plane a·x + b·y + c, steepest along the
 * normal (a, b). The crease sits at distance |c| / ‖(a, b)‖ from the origin.
 */
import {
  type Affine,
  type Box,
  type Point,
  type Polygon,
  SQUARE,
  area,
  boxPolygon,
  splitByLine,
  distanceFromOrigin,
  footOfPerpendicular,
  lineThroughPolygon,
} from './geometry.ts';

export interface Neuron extends Affine {}

/** How the neuron's crease meets the square. */
export type CreaseKind =
  /** a = b = 0: no line at all; the sheet is flat at max(c, 0). */
  | 'none'
  /** The line misses the square (or only touches a corner): one piece covers all of it. */
  | 'outside'
  /** The line cuts the square in two pieces of positive area. */
  | 'inside';

export interface Crease {
  readonly kind: CreaseKind;
  /** The crease inside the box, when kind is 'inside'. */
  readonly segment: readonly [Point, Point] | null;
  /** Distance of the crease line from the origin (Infinity when there is no line). */
  readonly distance: number;
  /** Point of the crease line nearest the origin (may lie outside the box); null without a line. */
  readonly foot: Point | null;
}

export interface Pieces {
  /** Where a·x + b·y + c ≤ 0: the sheet lies flat at height 0. */
  readonly flat: Polygon;
  /** Where a·x + b·y + c > 0: the sheet is the tilted plane a·x + b·y + c. */
  readonly rising: Polygon;
}

export function value(n: Neuron, x: number, y: number): number {
  return Math.max(n.a * x + n.b * y + n.c, 0);
}

/**
 * Gradient of f at (x, y): (a, b) on the rising side, (0, 0) on the flat side. On the crease itself
 * f has no gradient; like every ReLU implementation we take the flat side's (0, 0) there.
 */
export function gradient(n: Neuron, x: number, y: number): Point {
  return n.a * x + n.b * y + n.c > 0 ? [n.a, n.b] : [0, 0];
}

export function crease(n: Neuron, box: Box = SQUARE): Crease {
  const hasLine = n.a !== 0 || n.b !== 0;
  const distance = distanceFromOrigin(n);
  const foot = footOfPerpendicular(n);
  if (!hasLine) return { kind: 'none', segment: null, distance, foot };
  const { flat, rising } = pieces(n, box);
  const segment = flat.length > 0 && rising.length > 0 ? lineThroughPolygon(boxPolygon(box), n) : null;
  return { kind: segment ? 'inside' : 'outside', segment, distance, foot };
}

/**
 * The crease's segment inside the box, as crease(n, box).segment, without cutting the box into its
 * pieces: figures draw hundreds of creases every frame. When the line is clearly inside (every
 * corner farther than 1e-3 from it, corners on both sides) both pieces have area far above the
 * threshold and the segment is the line through the box; near the edge cases it asks crease().
 */
export function creaseSegment(n: Neuron, box: Box = SQUARE): readonly [Point, Point] | null {
  const norm = Math.hypot(n.a, n.b);
  if (norm === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let nearest = Infinity;
  for (const x of [box.xMin, box.xMax]) {
    for (const y of [box.yMin, box.yMax]) {
      const v = (n.a * x + n.b * y + n.c) / norm;
      if (v < min) min = v;
      if (v > max) max = v;
      if (Math.abs(v) < nearest) nearest = Math.abs(v);
    }
  }
  if (min >= 0 || max <= 0) return null;
  if (nearest > 1e-3) return lineThroughPolygon(boxPolygon(box), n);
  return crease(n, box).segment;
}

/**
 * The box cut along the crease into the flat piece and the rising piece. Either may be empty
 * ([]), never both; their areas add up to the box's.
 */
export function pieces(n: Neuron, box: Box = SQUARE): Pieces {
  // splitByLine also settles a = b = 0: all rising when c > 0, all flat otherwise.
  const { positive, negative } = splitByLine(boxPolygon(box), n);
  return { flat: negative, rising: positive };
}

/** Highest and lowest value of f over the box (attained at corners, f being piecewise affine). */
export function range(n: Neuron, box: Box = SQUARE): readonly [number, number] {
  const values = boxPolygon(box).map(([x, y]) => value(n, x, y));
  return [Math.min(...values), Math.max(...values)];
}

/** Share of the box on the rising side (0 … 1). */
export function risingShare(n: Neuron, box: Box = SQUARE): number {
  return area(pieces(n, box).rising) / area(boxPolygon(box));
}
