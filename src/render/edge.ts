/**
 * The soft-edge figure: the network's picture averaged over rings round the centre (its radial
 * profile), zoomed onto the disc's edge, with the target's step, the 10 % and 90 % levels and the
 * 10–90 % rise width between them.
 *
 * The measurement follows the edges study (src/experiments/edges.ts): the profile of the 256×256
 * prediction in rings a quarter pixel wide, levels 0 (outside) and 1 (inside) as in the target,
 * the 50 % crossing nearest the disc's radius; the width is reported in pixels of that picture and,
 * divided by four, in pixels of the 64×64 training grid.
 */
import { type RadialProfile, type Rise, radialProfile, riseWidth } from '../core/edge.ts';

export const TRAIN_SIZE = 64;
export const PICTURE_SIZE = 256;
export const DISC_RADIUS = 0.5;
/** The stretch of distances from the centre the profile shows. */
export const ZOOM = [0.3, 0.7] as const;
/** The profile's vertical range: the target's 0 … 1 and a little room for over- and undershoot. */
export const LEVELS = [-0.15, 1.15] as const;

export interface EdgeMeasure {
  readonly profile: RadialProfile;
  /** Radii in pixels of the picture measured. */
  readonly rise: Rise;
  /** Pixels per unit length of the picture measured (half its side). */
  readonly pixelsPerUnit: number;
  /** The 10–90 % width in pixels of the picture measured, and of the training grid (NaN: no edge). */
  readonly width: number;
  readonly trainWidth: number;
}

/** The radial profile of a size×size prediction and its rise width at the disc's edge. */
export function measureEdge(image: ArrayLike<number>, size: number): EdgeMeasure {
  const pixelsPerUnit = size / 2;
  const profile = radialProfile(image, size);
  const rise = riseWidth(profile, { edge: DISC_RADIUS * pixelsPerUnit });
  return { profile, rise, pixelsPerUnit, width: rise.width, trainWidth: (rise.width * TRAIN_SIZE) / size };
}

/** The profile's value at distance r from the centre (unit lengths), by linear interpolation. */
export function profileAt(m: EdgeMeasure, r: number): number {
  const { radius, value } = m.profile;
  const px = r * m.pixelsPerUnit;
  const n = radius.length;
  if (n === 0) return NaN;
  if (px <= radius[0]!) return value[0]!;
  for (let k = 0; k + 1 < n; k++) {
    if (px <= radius[k + 1]!) {
      const t = (px - radius[k]!) / (radius[k + 1]! - radius[k]!);
      return value[k]! + t * (value[k + 1]! - value[k]!);
    }
  }
  return value[n - 1]!;
}

export const PROFILE = { width: 480, height: 280, margin: { left: 44, right: 14, top: 12, bottom: 38 } } as const;

const r1 = (v: number): number => Math.round(v * 10) / 10;

/** Horizontal position of a distance from the centre (unit lengths) in the profile chart. */
export function profileX(r: number): number {
  const { width, margin } = PROFILE;
  return r1(margin.left + ((r - ZOOM[0]) / (ZOOM[1] - ZOOM[0])) * (width - margin.left - margin.right));
}

/** Vertical position of a brightness in the profile chart. */
export function profileY(v: number): number {
  const { height, margin } = PROFILE;
  return r1(margin.top + ((LEVELS[1] - v) / (LEVELS[1] - LEVELS[0])) * (height - margin.top - margin.bottom));
}

export interface ProfileChart {
  /** The prediction's profile across the zoomed stretch (values outside the chart are clipped by the page). */
  readonly path: string;
  /** The target: 1 inside the disc, 0 outside. */
  readonly target: string;
  readonly y10: number;
  readonly y90: number;
  /** Where the profile stands at 90 % and at 10 % (the rise), when both are found. */
  readonly rise: { readonly x0: number; readonly x1: number; readonly xMiddle: number } | null;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly plot: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export function profileChart(m: EdgeMeasure): ProfileChart {
  const { radius, value } = m.profile;
  const { width, height, margin } = PROFILE;
  let path = '';
  let pen = false;
  const lo = ZOOM[0] * m.pixelsPerUnit;
  const hi = ZOOM[1] * m.pixelsPerUnit;
  for (let k = 0; k < radius.length; k++) {
    // One point past each end, so the line reaches the chart's sides (the clip trims it).
    const inside = radius[k]! >= lo && radius[k]! <= hi;
    const next = k + 1 < radius.length && radius[k + 1]! >= lo && radius[k]! < lo;
    const prev = k > 0 && radius[k - 1]! <= hi && radius[k]! > hi;
    if (!(inside || next || prev) || !Number.isFinite(value[k]!)) {
      pen = false;
      continue;
    }
    // Far-off values are held just outside the chart, so the clip trims them to its edge.
    const v = Math.min(LEVELS[1] + 1, Math.max(LEVELS[0] - 1, value[k]!));
    path += `${pen ? 'L' : 'M'}${profileX(radius[k]! / m.pixelsPerUnit)},${profileY(v)}`;
    pen = true;
  }
  const edge = profileX(DISC_RADIUS);
  const target = `M${profileX(ZOOM[0])},${profileY(1)}H${edge}V${profileY(0)}H${profileX(ZOOM[1])}`;
  const { inner, outer, middle } = m.rise;
  const rise =
    Number.isFinite(inner) && Number.isFinite(outer)
      ? { x0: profileX(inner / m.pixelsPerUnit), x1: profileX(outer / m.pixelsPerUnit), xMiddle: profileX(middle / m.pixelsPerUnit) }
      : null;
  const xs = [0.3, 0.4, 0.5, 0.6, 0.7].filter((r) => r >= ZOOM[0] - 1e-9 && r <= ZOOM[1] + 1e-9);
  return {
    path,
    target,
    y10: profileY(0.1),
    y90: profileY(0.9),
    rise,
    xTicks: xs.map((r) => ({ x: profileX(r), label: r.toFixed(1) })),
    yTicks: [0, 0.5, 1].map((v) => ({ y: profileY(v), label: String(v) })),
    plot: { x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom },
  };
}

/** Widths as the read-outs print them, e.g. "17.0 px". */
export function formatWidth(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(1)} px` : '—';
}

/** Words for the profile chart. */
export function describeProfile(m: EdgeMeasure, size: number): string {
  const at = (r: number): string => {
    const v = profileAt(m, r);
    return Number.isFinite(v) ? v.toFixed(2) : 'unknown';
  };
  const start = `Brightness of the network's picture against distance from the centre, from ${ZOOM[0]} to ${ZOOM[1]}; the target is 1 inside the disc's edge at ${DISC_RADIUS} and 0 outside. The picture is ${at(0.4)} at 0.4, ${at(0.5)} at 0.5 and ${at(0.6)} at 0.6.`;
  if (!Number.isFinite(m.width)) return `${start} It does not yet fall from 90 % to 10 % across the edge.`;
  const u = (px: number): string => (px / m.pixelsPerUnit).toFixed(3);
  return `${start} It falls from 90 % at ${u(m.rise.inner)} to 10 % at ${u(m.rise.outer)}: a rise width of ${m.width.toFixed(1)} pixels of the ${size}×${size} picture, ${m.trainWidth.toFixed(2)} pixels of the ${TRAIN_SIZE}×${TRAIN_SIZE} training grid.`;
}
