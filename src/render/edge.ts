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
import { DISC_RADIUS, GRID_SIZE } from '../core/targets.ts';
import { type Plot, type Tick, fitX, plotOf, r1 } from './axis.ts';

export { DISC_RADIUS };
export const TRAIN_SIZE = GRID_SIZE;
export const PICTURE_SIZE = 256;
/** The stretch of distances from the centre the profile shows. */
export const ZOOM = [0.3, 0.7] as const;
/**
 * The profile's least vertical range: the target's 0 … 1 and a little room for over- and
 * undershoot. A profile that goes further (an untrained network's often does) widens it.
 */
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

export const PROFILE = { width: 480, height: 280, margin: { left: 44, right: 14, top: 12, bottom: 40 } } as const;

/** Where distances and brightnesses go in a profile chart of a given size and vertical range. */
export interface ProfileFrame {
  readonly plot: Plot;
  readonly levels: readonly [number, number];
  x(r: number): number;
  y(v: number): number;
}

export function profileFrame(width: number = PROFILE.width, height: number = PROFILE.height, levels: readonly [number, number] = LEVELS): ProfileFrame {
  const plot = plotOf(width, height, PROFILE.margin);
  return {
    plot,
    levels,
    x: (r) => r1(plot.left + ((r - ZOOM[0]) / (ZOOM[1] - ZOOM[0])) * (plot.right - plot.left)),
    y: (v) => r1(plot.top + ((levels[1] - v) / (levels[1] - levels[0])) * (plot.bottom - plot.top)),
  };
}

/** Horizontal position of a distance from the centre (unit lengths) in the default profile chart. */
export function profileX(r: number): number {
  return profileFrame().x(r);
}

/** Vertical position of a brightness in the default profile chart. */
export function profileY(v: number): number {
  return profileFrame().y(v);
}

export interface ProfileChart {
  /** The prediction's profile across the zoomed stretch. */
  readonly path: string;
  /** The target: 1 inside the disc, 0 outside. */
  readonly target: string;
  readonly y10: number;
  readonly y90: number;
  /** Where the profile stands at 90 % and at 10 % (the rise), when both are found. */
  readonly rise: { readonly x0: number; readonly x1: number; readonly xMiddle: number } | null;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly plot: Plot;
}

/** The profile's values across the zoomed stretch (one ring past each end), as [radius, value] pairs. */
function inView(m: EdgeMeasure): [number, number][] {
  const { radius, value } = m.profile;
  const lo = ZOOM[0] * m.pixelsPerUnit;
  const hi = ZOOM[1] * m.pixelsPerUnit;
  const out: [number, number][] = [];
  for (let k = 0; k < radius.length; k++) {
    const inside = radius[k]! >= lo && radius[k]! <= hi;
    const next = k + 1 < radius.length && radius[k + 1]! >= lo && radius[k]! < lo;
    const prev = k > 0 && radius[k - 1]! <= hi && radius[k]! > hi;
    out.push([radius[k]! / m.pixelsPerUnit, inside || next || prev ? value[k]! : NaN]);
  }
  return out;
}

/**
 * The chart of a measured profile, `width` × `height`: its vertical range is LEVELS widened, in
 * steps of a quarter, to hold the whole profile, so no part of the curve leaves the plot.
 */
export function profileChart(m: EdgeMeasure, width: number = PROFILE.width, height: number = PROFILE.height): ProfileChart {
  const points = inView(m);
  let lo: number = LEVELS[0];
  let hi: number = LEVELS[1];
  for (const [r, v] of points) {
    if (!Number.isFinite(v) || r < ZOOM[0] - 0.02 || r > ZOOM[1] + 0.02) continue;
    if (v - 0.02 < lo) lo = Math.floor((v - 0.02) * 4) / 4;
    if (v + 0.02 > hi) hi = Math.ceil((v + 0.02) * 4) / 4;
  }
  // A profile far out (a run blowing up) is not followed: the page clips what lies beyond.
  lo = Math.max(lo, -2);
  hi = Math.min(hi, 3);
  const f = profileFrame(width, height, [lo, hi]);
  let path = '';
  let pen = false;
  for (const [r, v] of points) {
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${f.x(r)},${f.y(Math.min(hi + 1, Math.max(lo - 1, v)))}`;
    pen = true;
  }
  const edge = f.x(DISC_RADIUS);
  const target = `M${f.x(ZOOM[0])},${f.y(1)}H${edge}V${f.y(0)}H${f.x(ZOOM[1])}`;
  const { inner, outer, middle } = m.rise;
  const rise =
    Number.isFinite(inner) && Number.isFinite(outer)
      ? { x0: f.x(inner / m.pixelsPerUnit), x1: f.x(outer / m.pixelsPerUnit), xMiddle: f.x(middle / m.pixelsPerUnit) }
      : null;
  const xs = [0.3, 0.4, 0.5, 0.6, 0.7].filter((r) => r >= ZOOM[0] - 1e-9 && r <= ZOOM[1] + 1e-9);
  const step = hi - lo > 2.5 ? 1 : 0.5;
  const ys: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ys.push(Number(v.toFixed(2)));
  return {
    path,
    target,
    y10: f.y(0.1),
    y90: f.y(0.9),
    rise,
    xTicks: fitX(
      xs.map((r) => ({ at: f.x(r), label: r.toFixed(1) })),
      width,
    ),
    yTicks: ys.map((v) => ({ at: f.y(v), label: String(v).replace('-', '−') })),
    plot: f.plot,
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
