/**
 * The folds figure: the square coloured by position, cut by the folds of the first k layers, and
 * the same square after those layers, where it has become a creased sheet in as many dimensions as
 * the layer has neurons, shown as its shadow on the plane in which it spreads most.
 */
import type { Partition } from '../core/regions.ts';
import { principalPlane } from '../core/pca.ts';
import { regionCentroid } from './partition.ts';

/** The colour of a point of the square: hue by its angle around the centre, lighter outwards. */
export function positionColour(x: number, y: number): string {
  const turn = (Math.atan2(y, x) / (2 * Math.PI) + 1) % 1;
  const r = Math.min(1, Math.hypot(x, y) / Math.SQRT2);
  const l = 0.3 + 0.5 * r;
  const s = 0.65;
  const f = (n: number): number => {
    const k = (n + turn * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return `rgb(${f(0)},${f(8)},${f(4)})`;
}

export interface SheetPiece {
  readonly d: string;
  readonly fill: string;
  /** Area of the piece in the square (before folding). */
  readonly area: number;
  /** Area of its shadow, in the figure's units (0 when the layers have flattened it). */
  readonly shadow: number;
}

/**
 * The regions of a partition (made with `units: true`) mapped through the layers and projected
 * onto the two principal axes of their vertices' images, fitted into a size × size box.
 * Returns the pieces as SVG paths and the share of the square whose image has no area left
 * (folded flat into a line or a point by neurons that are off).
 */
export function foldedSheet(p: Partition, size: number): { pieces: SheetPiece[]; flattened: number } {
  const w = p.unitWidth ?? 0;
  const units = p.units;
  if (!units || w === 0) throw new RangeError('the partition needs its units (partition(…, { units: true }))');
  const vertices = p.start[p.count]!;
  const images = new Float64Array(vertices * w);
  const weights = new Float64Array(vertices);
  for (let r = 0; r < p.count; r++) {
    const o = 3 * w * r;
    const n = p.start[r + 1]! - p.start[r]!;
    const share = regionCentroid(p, r).area / n;
    for (let v = p.start[r]!; v < p.start[r + 1]!; v++) {
      const x = p.xy[2 * v]!;
      const y = p.xy[2 * v + 1]!;
      for (let k = 0; k < w; k++) images[v * w + k] = units[o + k]! * x + units[o + w + k]! * y + units[o + 2 * w + k]!;
      weights[v] = share;
    }
  }
  // A sheet still in two dimensions is shown as it is; in more, as its shadow on the plane of
  // largest spread.
  const plane = w === 2 ? { mean: new Float64Array(2), axes: [Float64Array.of(1, 0), Float64Array.of(0, 1)] as const } : principalPlane(images, w, weights);
  const flat = new Float64Array(2 * vertices);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let v = 0; v < vertices; v++) {
    let a = 0;
    let b = 0;
    for (let k = 0; k < w; k++) {
      const z = images[v * w + k]! - plane.mean[k]!;
      a += z * plane.axes[0][k]!;
      b += z * plane.axes[1][k]!;
    }
    flat[2 * v] = a;
    flat[2 * v + 1] = b;
    xMin = Math.min(xMin, a);
    xMax = Math.max(xMax, a);
    yMin = Math.min(yMin, b);
    yMax = Math.max(yMax, b);
  }
  const margin = 0.06 * size;
  const scale = (size - 2 * margin) / Math.max(xMax - xMin, yMax - yMin, 1e-12);
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  const X = (a: number): number => size / 2 + (a - cx) * scale;
  const Y = (b: number): number => size / 2 - (b - cy) * scale;
  const f = (v: number): string => (Math.round(v * 100) / 100).toString();
  const pieces: SheetPiece[] = [];
  let flattened = 0;
  let total = 0;
  for (let r = 0; r < p.count; r++) {
    let d = '';
    let twice = 0;
    const a0 = p.start[r]!;
    const a1 = p.start[r + 1]!;
    for (let v = a0; v < a1; v++) {
      const u = v + 1 < a1 ? v + 1 : a0;
      d += `${v === a0 ? 'M' : 'L'}${f(X(flat[2 * v]!))},${f(Y(flat[2 * v + 1]!))}`;
      twice += X(flat[2 * v]!) * Y(flat[2 * u + 1]!) - X(flat[2 * u]!) * Y(flat[2 * v + 1]!);
    }
    const c = regionCentroid(p, r);
    // The rank of the map, not the shadow, says whether a piece was flattened: check the image's
    // spread in all w dimensions, through the map's two columns.
    let gxx = 0;
    let gyy = 0;
    let gxy = 0;
    for (let k = 0; k < w; k++) {
      const ux = units[3 * w * r + k]!;
      const uy = units[3 * w * r + w + k]!;
      gxx += ux * ux;
      gyy += uy * uy;
      gxy += ux * uy;
    }
    const areaFactor = Math.sqrt(Math.max(0, gxx * gyy - gxy * gxy));
    if (areaFactor < 1e-9) flattened += c.area;
    total += c.area;
    pieces.push({ d: `${d}Z`, fill: positionColour(c.x, c.y), area: c.area, shadow: Math.abs(twice) / 2 });
  }
  return { pieces, flattened: total > 0 ? flattened / total : 0 };
}
