/**
 * How sharp a drawn disc's edge is. The picture is averaged over rings around the disc's centre
 * (its radial profile), and the edge's width is the distance over which the profile falls from
 * 90 % to 10 % of the way between its inside and outside levels (the usual 10–90 % rise width),
 * read off with linear interpolation between rings. Distances are in pixels of the picture measured.
 *
 * For reference: a linear ramp of width w has a 10–90 % width of 0.8·w; a logistic edge
 * 1/(1 + e^((r − R)/s)) has 2·ln 9·s ≈ 4.39·s; a hard step sampled at pixel centres has less than
 * one ring's width.
 */
import { pixelCentre } from './coords.ts';

export interface RadialProfile {
  /** Mean distance from the centre of the pixels in each ring, in pixels (rings with pixels only). */
  readonly radius: Float64Array;
  /** Mean value of those pixels. */
  readonly value: Float64Array;
  /** How many pixels each ring holds. */
  readonly count: Int32Array;
}

/**
 * The radial profile of a size×size picture (row by row, pixel centres as in src/core/coords.ts)
 * around `centre` (a point of the square [-1, 1]², default the origin), in rings `ringWidth` pixels
 * wide (default 0.25), out to `maxRadius` pixels (default: the distance to the picture's side).
 */
export function radialProfile(
  image: ArrayLike<number>,
  size: number,
  options: { centre?: readonly [number, number]; ringWidth?: number; maxRadius?: number } = {},
): RadialProfile {
  if (image.length !== size * size) throw new Error(`radialProfile: ${image.length} values for a ${size}×${size} picture`);
  const [cx, cy] = options.centre ?? [0, 0];
  const ringWidth = options.ringWidth ?? 0.25;
  const maxRadius = options.maxRadius ?? size / 2;
  const rings = Math.ceil(maxRadius / ringWidth);
  const sumR = new Float64Array(rings);
  const sumV = new Float64Array(rings);
  const count = new Int32Array(rings);
  const pixelsPerUnit = size / 2;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const [x, y] = pixelCentre(i, j, size);
      const r = Math.hypot(x - cx, y - cy) * pixelsPerUnit;
      const ring = Math.floor(r / ringWidth);
      if (ring >= rings) continue;
      sumR[ring]! += r;
      sumV[ring]! += image[i * size + j]!;
      count[ring]!++;
    }
  }
  const kept: number[] = [];
  for (let k = 0; k < rings; k++) if (count[k]! > 0) kept.push(k);
  return {
    radius: Float64Array.from(kept, (k) => sumR[k]! / count[k]!),
    value: Float64Array.from(kept, (k) => sumV[k]! / count[k]!),
    count: Int32Array.from(kept, (k) => count[k]!),
  };
}

export interface Rise {
  /** Outer radius minus inner radius, in pixels (NaN when a level is never reached). */
  readonly width: number;
  /** Where the profile last stands at 90 % before the edge, and first at 10 % after it. */
  readonly inner: number;
  readonly outer: number;
  /** Where it crosses 50 %, nearest the expected edge. */
  readonly middle: number;
}

/**
 * The 10–90 % width of an edge in a radial profile that is high inside and low outside (as for a
 * white disc on black). `low` and `high` are the outside and inside levels (default 0 and 1, the
 * target's); `edge` is where the edge is expected, in pixels (default: the first 50 % crossing from
 * the centre). From the 50 % crossing nearest `edge`, it looks inwards for the 90 % level and
 * outwards for the 10 % level, so ringing far from the edge does not count.
 */
export function riseWidth(profile: RadialProfile, options: { low?: number; high?: number; edge?: number } = {}): Rise {
  const low = options.low ?? 0;
  const high = options.high ?? 1;
  const { radius, value } = profile;
  const n = radius.length;
  const level = (f: number): number => low + f * (high - low);
  const none = { width: NaN, inner: NaN, outer: NaN, middle: NaN };
  // Crossings of 50 %: k such that value[k] ≥ mid > value[k + 1].
  const mid = level(0.5);
  let at = -1;
  for (let k = 0; k + 1 < n; k++) {
    if (value[k]! >= mid && value[k + 1]! < mid) {
      if (at < 0 || (options.edge !== undefined && Math.abs(radius[k]! - options.edge) < Math.abs(radius[at]! - options.edge))) at = k;
      if (options.edge === undefined) break;
    }
  }
  if (at < 0) return none;
  const cross = (k: number, target: number): number => {
    const r0 = radius[k]!;
    const r1 = radius[k + 1]!;
    const v0 = value[k]!;
    const v1 = value[k + 1]!;
    return v0 === v1 ? (r0 + r1) / 2 : r0 + ((v0 - target) / (v0 - v1)) * (r1 - r0);
  };
  const middle = cross(at, mid);
  const top = level(0.9);
  let inner = NaN;
  for (let k = at; k >= 0; k--) {
    if (value[k]! >= top) {
      inner = k + 1 < n ? cross(k, top) : radius[k]!;
      break;
    }
  }
  const bottom = level(0.1);
  let outer = NaN;
  for (let k = at + 1; k < n; k++) {
    if (value[k]! <= bottom) {
      outer = cross(k - 1, bottom);
      break;
    }
  }
  return { width: outer - inner, inner, outer, middle };
}
