/**
 * The paper view: the graph of one neuron over the square, drawn in 3D as the exact surface.
 *
 * The renderer is a pure function from (neuron, view) to a scene of SVG path strings and numbers,
 * so the same code draws the figure on the server (the first state, in the HTML) and in the page.
 * The projection is orthographic; the camera turns about the vertical axis (azimuth) and tilts
 * above the floor (elevation). Facets are shaded by their normals under one fixed light.
 */
import { path } from 'd3-path';
import { ticks } from 'd3-array';
import { type Point, type Polygon, SQUARE, boxPolygon } from '../core/geometry.ts';
import { type Neuron, crease, pieces, range } from '../core/neuron.ts';

export interface View {
  /** Turn about the vertical axis, in degrees. */
  readonly azimuth: number;
  /** Height of the eye above the floor, in degrees (clamped to [ELEVATION_MIN, 90]). */
  readonly elevation: number;
}

export const DEFAULT_VIEW: View = { azimuth: -35, elevation: 38 };
/**
 * The sweeps look from higher up: their steepest sheets rise towards the eye, and from the default
 * height the reader would see them edge-on or from below.
 */
export const SWEEP_VIEW: View = { azimuth: -30, elevation: 55 };
export const ELEVATION_MIN = 5;
export const ELEVATION_MAX = 90;

/**
 * Heights up to Z_FIT are drawn at a fixed scale, so moving a slider changes the sheet, not the
 * axis. Steeper sheets (up to |a| + |b| + |c| = 9) shrink the scale to fit, and the z axis says so.
 */
export const Z_FIT = 3;
/** Font size of the z axis's numbers, in the drawing's units (PaperView draws them at it). */
export const TICK_FONT_SIZE = 11;
/** Drawn height of the z axis, in units of the square's half side. */
const Z_HEIGHT = 1.5;

export interface Facet {
  readonly id: 'flat' | 'rising';
  readonly d: string;
  /** Brightness under the light, 0 … 1. */
  readonly shade: number;
  /** True when the eye sees the sheet's underside. */
  readonly back: boolean;
}

export interface Tick {
  readonly d: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  /** Which end of the label sits at (x, y): the numbers stand on the pole's outer side. */
  readonly anchor: 'start' | 'end';
}

export interface PaperScene {
  readonly width: number;
  readonly height: number;
  /** The square's outline on the floor (z = 0). */
  readonly floor: string;
  /** Floor grid lines (every 0.5). */
  readonly grid: string;
  /** Outline of the rising piece's footprint on the floor, and the drop lines up to the sheet. */
  readonly footprint: string;
  readonly drops: string;
  /** Facets in painting order (back to front). */
  readonly facets: readonly Facet[];
  /** The crease on the sheet, or null when there is none inside the square. */
  readonly crease: string | null;
  readonly zAxis: string;
  readonly zTicks: readonly Tick[];
  /** The corner of the square where the z axis stands. */
  readonly zCorner: Point;
  /** Where the x and y axis labels go. */
  readonly labels: readonly { readonly text: string; readonly x: number; readonly y: number }[];
  /** Height at the top of the z axis. */
  readonly zTop: number;
}

const deg = Math.PI / 180;

export function clampView(view: View): View {
  const azimuth = ((((view.azimuth + 180) % 360) + 360) % 360) - 180;
  const elevation = Math.min(ELEVATION_MAX, Math.max(ELEVATION_MIN, view.elevation));
  return { azimuth, elevation };
}

/**
 * One lamp, fixed above the table at the front left (world coordinates, unit vector). It is fairly
 * low, so that a tilted facet and the flat one differ clearly in brightness; turning the view
 * does not move it, as with real paper under a lamp.
 */
const LIGHT = (() => {
  const v = [-0.75, -0.3, 0.55];
  const n = Math.hypot(...v);
  return v.map((c) => c / n) as [number, number, number];
})();

export function paperScene(n: Neuron, view: View, width = 360, height = 300): PaperScene {
  const { azimuth, elevation } = clampView(view);
  const [, fMax] = range(n);
  const zTop = Math.max(Z_FIT, fMax);
  const k = Z_HEIGHT / zTop; // drawn height per unit of f

  const ct = Math.cos(azimuth * deg);
  const st = Math.sin(azimuth * deg);
  const cp = Math.cos(elevation * deg);
  const sp = Math.sin(elevation * deg);

  // Fit the bounding sphere of the box [-1, 1]² × [0, Z_HEIGHT], so turning never rescales.
  const radius = Math.hypot(Math.SQRT2, Z_HEIGHT / 2);
  const scale = Math.min(width, height) / (2 * radius * 1.08);
  const cx = width / 2;
  const cy = height / 2;

  /** World (x, y, drawn height h) to screen. */
  const project = (x: number, y: number, h: number): Point => {
    const xr = x * ct - y * st;
    const yr = x * st + y * ct;
    const up = yr * sp + (h - Z_HEIGHT / 2) * cp;
    return [cx + scale * xr, cy - scale * up];
  };
  /** Direction towards the eye, in world coordinates. */
  // After the turn the eye looks along +yr from above: (0, -cos φ, sin φ), turned back to world axes.
  const eye: [number, number, number] = [-cp * st, -cp * ct, sp];

  const f = (p: Point): number => Math.max(n.a * p[0] + n.b * p[1] + n.c, 0);
  const polygonPath = (poly: Polygon, height: (p: Point) => number): string => {
    const d = path();
    poly.forEach((p, i) => {
      const [sx, sy] = project(p[0], p[1], k * height(p));
      if (i === 0) d.moveTo(round(sx), round(sy));
      else d.lineTo(round(sx), round(sy));
    });
    if (poly.length > 0) d.closePath();
    return d.toString();
  };

  const shadeOf = (normal: [number, number, number]): { shade: number; back: boolean } => {
    const len = Math.hypot(...normal);
    const nn = normal.map((c) => c / len) as [number, number, number];
    const facing = nn[0] * eye[0] + nn[1] * eye[1] + nn[2] * eye[2];
    const back = facing < 0;
    const s = back ? nn.map((c) => -c) : nn;
    const lambert = Math.max(0, s[0]! * LIGHT[0] + s[1]! * LIGHT[1] + s[2]! * LIGHT[2]);
    return { shade: round(0.25 + 0.75 * lambert, 1000), back };
  };

  const { flat, rising } = pieces(n);
  const facets: Facet[] = [];
  if (flat.length > 0) facets.push({ id: 'flat', d: polygonPath(flat, () => 0), ...shadeOf([0, 0, 1]) });
  if (rising.length > 0) {
    // The rising plane h = k(a·x + b·y + c) has normal (-k·a, -k·b, 1).
    facets.push({ id: 'rising', d: polygonPath(rising, f), ...shadeOf([-k * n.a, -k * n.b, 1]) });
  }

  const grid = path();
  for (const t of [-0.5, 0, 0.5]) {
    const [x0, y0] = project(t, -1, 0);
    const [x1, y1] = project(t, 1, 0);
    grid.moveTo(round(x0), round(y0));
    grid.lineTo(round(x1), round(y1));
    const [x2, y2] = project(-1, t, 0);
    const [x3, y3] = project(1, t, 0);
    grid.moveTo(round(x2), round(y2));
    grid.lineTo(round(x3), round(y3));
  }

  const drops = path();
  for (const p of rising) {
    const h = f(p);
    if (h <= 0) continue;
    const [x0, y0] = project(p[0], p[1], 0);
    const [x1, y1] = project(p[0], p[1], k * h);
    drops.moveTo(round(x0), round(y0));
    drops.lineTo(round(x1), round(y1));
  }

  const c = crease(n);
  let creasePath: string | null = null;
  if (c.segment) {
    const [p, q] = c.segment;
    const [x0, y0] = project(p[0], p[1], 0);
    const [x1, y1] = project(q[0], q[1], 0);
    creasePath = `M${round(x0)},${round(y0)}L${round(x1)},${round(y1)}`;
  }

  // The z axis stands at a corner of the square, as a pole drawn behind the sheet: the corner
  // farthest from the eye, unless the sheet, drawn over it, covers some of it there (a steep
  // sheet seen from low down); then the corner where the least of it is covered, its numbers
  // included (the two at the sides first, the nearest last).
  function depth(p: Point): number {
    return p[0] * eye[0] + p[1] * eye[1];
  }
  const corners = [...boxPolygon(SQUARE)].sort((p, q) => depth(p) - depth(q));
  const drawn = facets.map((facet) => (facet.id === 'flat' ? flat.map((p) => project(p[0], p[1], 0)) : rising.map((p) => project(p[0], p[1], k * f(p)))));
  // About four numbers up the axis; fewer where the drawing is too small to keep them a line apart.
  const lineApart = (values: number[]): boolean =>
    values.every((v, i) => i === 0 || Math.abs(project(0, 0, k * v)[1] - project(0, 0, k * values[i - 1]!)[1]) >= TICK_FONT_SIZE * 1.15);
  // (Looking straight down, the axis is a point: no numbers then.)
  const heights = [ticks(0, zTop, 4), ticks(0, zTop, 2), [0, zTop]].find(lineApart) ?? [];
  const covered = (corner: Point): number => {
    const [bx] = project(corner[0], corner[1], 0);
    const outward = bx > cx + 1 ? 1 : -1;
    let count = 0;
    for (const v of heights) {
      const [tx, ty] = project(corner[0], corner[1], k * v);
      // The pole at this height, and the middle of its number beside it.
      for (const p of [[tx, ty], [tx + outward * 12, ty]] as Point[]) {
        if (drawn.some((poly) => insideBy(poly, p, 1.5))) count++;
      }
    }
    return count;
  };
  let pole = corners[0]!;
  let poleCovered = covered(pole);
  for (const corner of corners.slice(1)) {
    if (poleCovered === 0) break;
    const c = covered(corner);
    if (c < poleCovered) {
      pole = corner;
      poleCovered = c;
    }
  }
  const [ax0, ay0] = project(pole[0], pole[1], 0);
  const [ax1, ay1] = project(pole[0], pole[1], Z_HEIGHT);
  // Tick marks and numbers on the pole's outer side (away from the middle of the drawing).
  const side = ax0 > cx + 1 ? 1 : -1;
  const zTicks: Tick[] = heights.map((v) => {
    const [tx, ty] = project(pole[0], pole[1], k * v);
    return {
      d: `M${round(tx + 4 * side)},${round(ty)}L${round(tx)},${round(ty)}`,
      label: formatTick(v),
      x: round(tx + 7 * side),
      y: round(ty),
      anchor: side > 0 ? 'start' : 'end',
    };
  });

  const labelAt = (text: string, x: number, y: number): { text: string; x: number; y: number } => {
    const [sx, sy] = project(x, y, 0);
    return { text, x: round(sx), y: round(sy) };
  };
  // Axis names sit just outside the square's edges nearest the eye, where the sheet cannot hide them.
  const near = (p: Point, q: Point): Point => (depth(p) >= depth(q) ? p : q);
  const xLabel = near([0, -1.25], [0, 1.25]);
  const yLabel = near([-1.25, 0], [1.25, 0]);

  return {
    width,
    height,
    floor: polygonPath(boxPolygon(SQUARE), () => 0),
    grid: grid.toString(),
    footprint: rising.length > 0 ? polygonPath(rising, () => 0) : '',
    drops: drops.toString(),
    facets,
    crease: creasePath,
    zAxis: `M${round(ax0)},${round(ay0)}L${round(ax1)},${round(ay1)}`,
    zTicks,
    zCorner: pole,
    labels: [labelAt('x', ...xLabel), labelAt('y', ...yLabel)],
    zTop,
  };
}

/**
 * Whether the point lies inside the polygon (screen coordinates, either orientation) and at least
 * `margin` away from its edges: a point on an outline is not covered by it.
 */
export function insideBy(polygon: readonly Point[], p: Point, margin: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    // Distance from p to the edge.
    const dx = xj - xi;
    const dy = yj - yi;
    const t = Math.max(0, Math.min(1, ((p[0] - xi) * dx + (p[1] - yi) * dy) / (dx * dx + dy * dy || 1)));
    if (Math.hypot(p[0] - (xi + t * dx), p[1] - (yi + t * dy)) < margin) return false;
  }
  return inside;
}

function round(v: number, factor = 100): number {
  return Math.round(v * factor) / factor;
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
