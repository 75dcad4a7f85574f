/**
 * Plane geometry shared by every figure: points, convex polygons, boxes and half-planes.
 *
 * Coordinates are the image square's: x to the right, y up. Polygons are arrays of vertices in
 * counter-clockwise order, without repeating the first vertex at the end.
 */

export type Point = readonly [x: number, y: number];
export type Polygon = readonly Point[];

/** An axis-aligned box. */
export interface Box {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** The image square [-1, 1]². */
export const SQUARE: Box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };

/**
 * An affine function of the plane, g(x, y) = a·x + b·y + c. Its zero set is a line (when (a, b) ≠ 0)
 * and it splits the plane into the half-plane where g > 0 and the one where g ≤ 0.
 */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/**
 * Points within this distance of a line count as on it. Coordinates here are of order 1, so this is
 * about 10⁴ times double precision's rounding and far below anything a figure can show.
 */
export const EPSILON = 1e-12;

export function evaluate(g: Affine, p: Point): number {
  return g.a * p[0] + g.b * p[1] + g.c;
}

/** Corners of a box, counter-clockwise from the bottom left. */
export function boxPolygon(box: Box): Polygon {
  return [
    [box.xMin, box.yMin],
    [box.xMax, box.yMin],
    [box.xMax, box.yMax],
    [box.xMin, box.yMax],
  ];
}

/** Signed area (shoelace formula): positive for counter-clockwise polygons. */
export function signedArea(polygon: Polygon): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i]!;
    const [x1, y1] = polygon[(i + 1) % polygon.length]!;
    twice += x0 * y1 - x1 * y0;
  }
  return twice / 2;
}

export function area(polygon: Polygon): number {
  return Math.abs(signedArea(polygon));
}

/** Area-weighted centroid; the vertex mean for degenerate (zero-area) polygons. */
export function centroid(polygon: Polygon): Point {
  const a = signedArea(polygon);
  if (Math.abs(a) < EPSILON) {
    const n = Math.max(polygon.length, 1);
    return [polygon.reduce((s, p) => s + p[0], 0) / n, polygon.reduce((s, p) => s + p[1], 0) / n];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i]!;
    const [x1, y1] = polygon[(i + 1) % polygon.length]!;
    const cross = x0 * y1 - x1 * y0;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

function samePoint(p: Point, q: Point): boolean {
  return Math.abs(p[0] - q[0]) <= EPSILON && Math.abs(p[1] - q[1]) <= EPSILON;
}

/** A convex polygon with a label on each edge: labels[i] belongs to the edge from vertex i to i + 1. */
export interface Labelled {
  readonly polygon: Polygon;
  readonly labels: readonly number[];
}

const NONE: Labelled = { polygon: [], labels: [] };

/**
 * A convex polygon cut by the line g = 0, both sides in one pass (Sutherland–Hodgman): the part
 * where g > 0 and the part where g ≤ 0. Vertices within EPSILON of the line count as on it and go
 * to both sides, so the parts share the cut edge and their areas add up to the whole. A side with
 * nothing of positive area is empty. When the line misses the polygon, the polygon itself is
 * returned for its side, without copying.
 *
 * Edge labels travel with the edges: a piece of an old edge keeps its label, and the new edge
 * along the line gets `cutLabel` (figures use this to colour each fold by the layer that made it).
 */
export function cutLabelled(shape: Labelled, g: Affine, cutLabel: number): { positive: Labelled; negative: Labelled } {
  const { polygon, labels } = shape;
  const n = polygon.length;
  const norm = Math.hypot(g.a, g.b);
  // Signed distances (or, with no line, the constant c).
  const values = new Float64Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = norm > 0 ? evaluate(g, polygon[i]!) / norm : g.c;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= -EPSILON) return { positive: shape, negative: NONE };
  if (max <= EPSILON) return { positive: NONE, negative: shape };
  const pos = new Builder();
  const neg = new Builder();
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const p = polygon[i]!;
    const q = polygon[j]!;
    const vp = values[i]!;
    const vq = values[j]!;
    const label = labels[i]!;
    const onLine = Math.abs(vp) <= EPSILON;
    // A vertex on the line whose edge leaves the side: its side's next edge runs along the cut.
    if (vp >= -EPSILON) pos.add(p, onLine && vq < -EPSILON ? cutLabel : label);
    if (vp <= EPSILON) neg.add(p, onLine && vq > EPSILON ? cutLabel : label);
    // The edge crosses the line strictly: its crossing point belongs to both sides. On the side
    // being left, the edge after it runs along the cut; on the side being entered, along p → q.
    if ((vp > EPSILON && vq < -EPSILON) || (vp < -EPSILON && vq > EPSILON)) {
      const t = vp / (vp - vq);
      const x: Point = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      pos.add(x, vp > 0 ? cutLabel : label);
      neg.add(x, vp > 0 ? label : cutLabel);
    }
  }
  return { positive: pos.done(), negative: neg.done() };
}

/** Collects a polygon's vertices, merging repeated points (the later point's edge label wins). */
class Builder {
  private readonly points: Point[] = [];
  private readonly labels: number[] = [];
  add(p: Point, label: number): void {
    const last = this.points.length - 1;
    if (last >= 0 && samePoint(this.points[last]!, p)) this.labels[last] = label;
    else {
      this.points.push(p);
      this.labels.push(label);
    }
  }
  done(): Labelled {
    // The closing vertex repeats the first: its edge has no length, drop it.
    while (this.points.length > 1 && samePoint(this.points[0]!, this.points[this.points.length - 1]!)) {
      this.points.pop();
      this.labels.pop();
    }
    return this.points.length >= 3 && area(this.points) > EPSILON ? { polygon: this.points, labels: this.labels } : NONE;
  }
}

/** cutLabelled without labels. */
export function cutPolygon(polygon: Polygon, g: Affine): { positive: Polygon; negative: Polygon } {
  const { positive, negative } = cutLabelled({ polygon, labels: polygon.map(() => 0) }, g, 0);
  return { positive: positive.polygon, negative: negative.polygon };
}

/** The part of a convex polygon where g > 0 ('positive') or g ≤ 0 ('negative'); see cutPolygon. */
export function clipHalfPlane(polygon: Polygon, g: Affine, side: 'positive' | 'negative'): Polygon {
  return cutPolygon(polygon, g)[side];
}

/**
 * A convex polygon cut by the line g = 0 into the part where g > 0 and the part where g ≤ 0.
 * A part thinner than the tolerance (a sliver, or nothing) is left to its neighbour: the other part
 * is then the whole polygon, so no area is ever lost and no sliver region is made. Edge labels as
 * in cutLabelled.
 */
export function splitLabelled(shape: Labelled, g: Affine, cutLabel: number): { positive: Labelled; negative: Labelled } {
  // Not a line: g is the constant c, positive everywhere or nowhere (0 counts as not positive).
  if (g.a === 0 && g.b === 0) return g.c > 0 ? { positive: shape, negative: NONE } : { positive: NONE, negative: shape };
  const { positive, negative } = cutLabelled(shape, g, cutLabel);
  if (positive.polygon.length === 0) return { positive: NONE, negative: shape };
  if (negative.polygon.length === 0) return { positive: shape, negative: NONE };
  return { positive, negative };
}

/** splitLabelled without labels. */
export function splitByLine(polygon: Polygon, g: Affine): { positive: Polygon; negative: Polygon } {
  const { positive, negative } = splitLabelled({ polygon, labels: polygon.map(() => 0) }, g, 0);
  return { positive: positive.polygon, negative: negative.polygon };
}

/** True when p lies in the convex, counter-clockwise polygon (within EPSILON of its edges). */
export function containsPoint(polygon: Polygon, p: Point): boolean {
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i]!;
    const [x1, y1] = polygon[(i + 1) % polygon.length]!;
    const cross = (x1 - x0) * (p[1] - y0) - (y1 - y0) * (p[0] - x0);
    if (cross < -EPSILON * Math.hypot(x1 - x0, y1 - y0)) return false;
  }
  return true;
}

/**
 * Where the line g = 0 crosses a convex polygon: the segment inside it, or null when the line
 * misses the polygon, only touches it at one vertex, or is not a line (a = b = 0).
 * When the line runs along an edge, that edge is returned.
 */
export function lineThroughPolygon(polygon: Polygon, g: Affine): readonly [Point, Point] | null {
  const norm = Math.hypot(g.a, g.b);
  if (norm === 0) return null;
  const value = (p: Point): number => evaluate(g, p) / norm;
  const hits: Point[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i]!;
    const q = polygon[(i + 1) % polygon.length]!;
    const vp = value(p);
    const vq = value(q);
    if (Math.abs(vp) <= EPSILON) hits.push(p);
    if ((vp > EPSILON && vq < -EPSILON) || (vp < -EPSILON && vq > EPSILON)) {
      const t = vp / (vp - vq);
      hits.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  if (hits.length < 2) return null;
  // Of the hits (all on one line), the two farthest apart are the segment's ends.
  let best: readonly [Point, Point] = [hits[0]!, hits[1]!];
  let bestLength = -1;
  for (let i = 0; i < hits.length; i++) {
    for (let j = i + 1; j < hits.length; j++) {
      const length = Math.hypot(hits[i]![0] - hits[j]![0], hits[i]![1] - hits[j]![1]);
      if (length > bestLength) {
        bestLength = length;
        best = [hits[i]!, hits[j]!];
      }
    }
  }
  return bestLength > EPSILON ? best : null;
}

/** Distance from the origin to the line g = 0 (Infinity when a = b = 0). */
export function distanceFromOrigin(g: Affine): number {
  const norm = Math.hypot(g.a, g.b);
  return norm === 0 ? Infinity : Math.abs(g.c) / norm;
}

/** The point of the line g = 0 closest to the origin, or null when a = b = 0. */
export function footOfPerpendicular(g: Affine): Point | null {
  const n2 = g.a * g.a + g.b * g.b;
  if (n2 === 0) return null;
  return [(-g.c * g.a) / n2, (-g.c * g.b) / n2];
}
