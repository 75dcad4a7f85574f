/**
 * Drawing a partition into linear regions (src/core/regions.ts): colours for regions and folds,
 * finding the region under a point, and words for what is there. Pure: the canvas drawing takes
 * any CanvasRenderingContext2D-like object, so Node tests can record the calls.
 */
import { type Box, SQUARE } from '../core/geometry.ts';
import type { Partition } from '../core/regions.ts';
import { formatAffine, formatNumber } from './format.ts';

/** Whole numbers with thousands separators ("12,345"), as the read-outs print counts. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export type FillMode = 'slope' | 'value';

/** How regions are filled: by the direction of the network's slope there, or by its value. */
export const FILL_MODES: readonly { readonly id: FillMode; readonly label: string }[] = [
  { id: 'slope', label: 'slope direction' },
  { id: 'value', label: 'value' },
];

/**
 * Colour of the folds made by hidden layer `layer` of `layers`: from orange (first layer)
 * through pink, violet and blue to teal (last), readable on the light fills and on dark pages. The box's edge (-1) is grey.
 */
export function layerColour(layer: number, layers: number): string {
  if (layer < 0) return 'rgb(128,128,128)';
  const t = layers <= 1 ? 0 : layer / (layers - 1);
  // A short ramp through orange and magenta (fixed stops, interpolated in RGB).
  const stops = [
    [234, 88, 12],
    [219, 39, 119],
    [147, 51, 234],
    [37, 99, 235],
    [15, 118, 110],
  ] as const;
  const x = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i]!.map((v, k) => Math.round(v + f * (stops[i + 1]![k]! - v)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** HSL to an "rgb(…)" string (h in turns, s and l in [0, 1]). */
function hsl(h: number, s: number, l: number): string {
  const f = (n: number): number => {
    const k = (n + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return `rgb(${f(0)},${f(8)},${f(4)})`;
}

/**
 * A region's fill. 'value': grey by the network's value at the region's centroid (clamped to
 * [0, 1], as the picture would show it). 'slope': hue by the direction in which the network
 * rises fastest, saturation by how steeply (flat regions are grey).
 */
export function regionFill(mode: FillMode, gx: number, gy: number, value: number): string {
  if (mode === 'value' || !Number.isFinite(gx)) {
    const v = Math.round(255 * Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)));
    return `rgb(${v},${v},${v})`;
  }
  const steep = Math.hypot(gx, gy);
  const turn = (Math.atan2(gy, gx) / (2 * Math.PI) + 1) % 1;
  // |∇f| ≈ 1 already means a rise from black to white over half the square.
  const s = Math.min(1, steep / 2);
  return hsl(turn, 0.1 + 0.5 * s, 0.74);
}

/** Centroid (area-weighted) and area of region r. */
export function regionCentroid(p: Partition, r: number): { x: number; y: number; area: number } {
  let twice = 0;
  let cx = 0;
  let cy = 0;
  const a = p.start[r]!;
  const b = p.start[r + 1]!;
  for (let v = a; v < b; v++) {
    const w = v + 1 < b ? v + 1 : a;
    const x0 = p.xy[2 * v]!;
    const y0 = p.xy[2 * v + 1]!;
    const x1 = p.xy[2 * w]!;
    const y1 = p.xy[2 * w + 1]!;
    const cross = x0 * y1 - x1 * y0;
    twice += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(twice) < 1e-300) return { x: p.xy[2 * a]!, y: p.xy[2 * a + 1]!, area: 0 };
  return { x: cx / (3 * twice), y: cy / (3 * twice), area: twice / 2 };
}

/** The network's value at (x, y) inside region r (NaN for a capped partition). */
export function valueIn(p: Partition, r: number, x: number, y: number): number {
  return p.gradient[2 * r]! * x + p.gradient[2 * r + 1]! * y + p.offset[r]!;
}

/** The parts of a 2D context the drawing uses. */
export interface Canvas2D {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  globalAlpha: number;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  fill(): void;
  stroke(): void;
}

export interface DrawOptions {
  readonly size: number;
  readonly mode: FillMode;
  /** Fill the regions (false: only the folds, e.g. over a picture). */
  readonly fill: boolean;
  /** Hidden layers in the network (for the fold colours). */
  readonly layers: number;
  /** Draw folds of layers up to this one only (default: all). */
  readonly upToLayer?: number;
  readonly lineWidth: number;
  /** The part of the plane the canvas shows (default: the square). */
  readonly box?: Box;
}

/** Plane coordinates (y up) to canvas pixels (y down), for a canvas showing `box`. */
const px = (v: number, size: number, box: Box): number => ((v - box.xMin) / (box.xMax - box.xMin)) * size;
const py = (v: number, size: number, box: Box): number => ((box.yMax - v) / (box.yMax - box.yMin)) * size;

/** Canvas pixels back to plane coordinates, for a figure showing `box` at `size` pixels. */
export function toPlane(box: Box, size: number, x: number, y: number): { x: number; y: number } {
  return { x: box.xMin + (x / size) * (box.xMax - box.xMin), y: box.yMax - (y / size) * (box.yMax - box.yMin) };
}

/** Plane coordinates to canvas pixels, for a figure showing `box` at `size` pixels. */
export function toPixels(box: Box, size: number, x: number, y: number): { x: number; y: number } {
  return { x: ((x - box.xMin) / (box.xMax - box.xMin)) * size, y: ((box.yMax - y) / (box.yMax - box.yMin)) * size };
}

/**
 * A square box of side 2/zoom around (cx, cy), kept inside the square [-1, 1]²: the part of the
 * plane a figure zoomed in by `zoom` shows.
 */
export function zoomBox(zoom: number, cx: number, cy: number): Box {
  const half = 1 / Math.max(1, zoom);
  const clamp = (c: number): number => Math.min(1 - half, Math.max(-1 + half, c));
  const x = clamp(cx);
  const y = clamp(cy);
  return { xMin: x - half, xMax: x + half, yMin: y - half, yMax: y + half };
}

/**
 * Draws the regions and their folds: fills first, then each fold edge in its layer's colour
 * (edges of the box are left out: the frame draws them). Edges shared by two regions are drawn
 * twice, which does not show.
 */
export function drawPartition(ctx: Canvas2D, p: Partition, o: DrawOptions): void {
  const { size } = o;
  const box = o.box ?? SQUARE;
  if (o.fill) {
    for (let r = 0; r < p.count; r++) {
      const c = regionCentroid(p, r);
      ctx.fillStyle = regionFill(o.mode, p.gradient[2 * r]!, p.gradient[2 * r + 1]!, valueIn(p, r, c.x, c.y));
      ctx.beginPath();
      for (let v = p.start[r]!; v < p.start[r + 1]!; v++) {
        const x = px(p.xy[2 * v]!, size, box);
        const y = py(p.xy[2 * v + 1]!, size, box);
        if (v === p.start[r]) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.closePath();
      ctx.fill();
      // The same colour around the edge closes the hairline gaps anti-aliasing leaves.
      ctx.strokeStyle = ctx.fillStyle;
      ctx.lineWidth = 0.75;
      ctx.stroke();
    }
  }
  const last = Math.min(o.upToLayer ?? Infinity, p.layers - 1);
  ctx.lineWidth = o.lineWidth;
  // One path per layer: far fewer state changes than one per edge.
  for (let l = 0; l <= last; l++) {
    ctx.strokeStyle = layerColour(l, o.layers);
    ctx.beginPath();
    for (let r = 0; r < p.count; r++) {
      const a = p.start[r]!;
      const b = p.start[r + 1]!;
      for (let v = a; v < b; v++) {
        if (p.edgeLayer[v] !== l) continue;
        const w = v + 1 < b ? v + 1 : a;
        ctx.moveTo(px(p.xy[2 * v]!, size, box), py(p.xy[2 * v + 1]!, size, box));
        ctx.lineTo(px(p.xy[2 * w]!, size, box), py(p.xy[2 * w + 1]!, size, box));
      }
    }
    ctx.stroke();
  }
}

/** Bounding boxes of the regions (xMin, yMin, xMax, yMax each), for finding points fast. */
export function boundingBoxes(p: Partition): Float64Array {
  const out = new Float64Array(4 * p.count);
  for (let r = 0; r < p.count; r++) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = p.start[r]!; v < p.start[r + 1]!; v++) {
      const x = p.xy[2 * v]!;
      const y = p.xy[2 * v + 1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    out.set([x0, y0, x1, y1], 4 * r);
  }
  return out;
}

/** The region containing (x, y) (on a shared edge, the first one found), or -1 outside the box. */
export function regionAt(p: Partition, boxes: Float64Array, x: number, y: number): number {
  const tolerance = 1e-12;
  for (let r = 0; r < p.count; r++) {
    if (x < boxes[4 * r]! - tolerance || x > boxes[4 * r + 2]! + tolerance || y < boxes[4 * r + 1]! - tolerance || y > boxes[4 * r + 3]! + tolerance) continue;
    const a = p.start[r]!;
    const b = p.start[r + 1]!;
    let inside = true;
    for (let v = a; v < b && inside; v++) {
      const w = v + 1 < b ? v + 1 : a;
      const x0 = p.xy[2 * v]!;
      const y0 = p.xy[2 * v + 1]!;
      const cross = (p.xy[2 * w]! - x0) * (y - y0) - (p.xy[2 * w + 1]! - y0) * (x - x0);
      if (cross < -tolerance) inside = false;
    }
    if (inside) return r;
  }
  return -1;
}

/** A region's on/off bits, split by layer. */
export function patternByLayer(p: Partition, r: number, widths: readonly number[]): (0 | 1)[][] {
  const out: (0 | 1)[][] = [];
  let at = r * p.neurons;
  for (const w of widths) {
    out.push(Array.from(p.patterns.subarray(at, at + w)) as (0 | 1)[]);
    at += w;
  }
  return out;
}

/**
 * SVG paths of a partition of the square: each region filled (by `fill`, a FillMode or a colour per
 * region from its centroid), and one path of folds per layer, coloured for `layers` layers. The
 * partition figure's first state (drawn on the server) and the folds figure draw with it.
 */
export function partitionPaths(
  p: Partition,
  size: number,
  fill: FillMode | ((c: { x: number; y: number }, r: number) => string),
  layers: number,
): { fills: { d: string; fill: string }[]; folds: { d: string; stroke: string; layer: number }[] } {
  const box = SQUARE;
  const f = (v: number): string => (Math.round(v * 100) / 100).toString();
  const fills: { d: string; fill: string }[] = [];
  for (let r = 0; r < p.count; r++) {
    const c = regionCentroid(p, r);
    let d = '';
    for (let v = p.start[r]!; v < p.start[r + 1]!; v++) d += `${v === p.start[r] ? 'M' : 'L'}${f(px(p.xy[2 * v]!, size, box))},${f(py(p.xy[2 * v + 1]!, size, box))}`;
    const colour = typeof fill === 'function' ? fill(c, r) : regionFill(fill, p.gradient[2 * r]!, p.gradient[2 * r + 1]!, valueIn(p, r, c.x, c.y));
    fills.push({ d: `${d}Z`, fill: colour });
  }
  const folds: { d: string; stroke: string; layer: number }[] = [];
  for (let l = 0; l < p.layers; l++) {
    let d = '';
    for (let r = 0; r < p.count; r++) {
      const a = p.start[r]!;
      const b = p.start[r + 1]!;
      for (let v = a; v < b; v++) {
        if (p.edgeLayer[v] !== l) continue;
        const w = v + 1 < b ? v + 1 : a;
        d += `M${f(px(p.xy[2 * v]!, size, box))},${f(py(p.xy[2 * v + 1]!, size, box))}L${f(px(p.xy[2 * w]!, size, box))},${f(py(p.xy[2 * w + 1]!, size, box))}`;
      }
    }
    folds.push({ d, stroke: layerColour(l, layers), layer: l });
  }
  return { fills, folds };
}

/** The SVG points of region r's outline, for a figure showing `box` at `size` pixels. */
export function regionPolygon(p: Partition, r: number, size: number, box: Box = p.box): string {
  const out: string[] = [];
  for (let v = p.start[r]!; v < p.start[r + 1]!; v++) {
    const q = toPixels(box, size, p.xy[2 * v]!, p.xy[2 * v + 1]!);
    out.push(`${q.x.toFixed(1)},${q.y.toFixed(1)}`);
  }
  return out.join(' ');
}

/** The part (in pixels) of a size × size picture of the whole square that `box` shows. */
export function boxCrop(box: Box, size: number): { sx: number; sy: number; sw: number; sh: number } {
  return {
    sx: ((box.xMin + 1) / 2) * size,
    sy: ((1 - box.yMax) / 2) * size,
    sw: ((box.xMax - box.xMin) / 2) * size,
    sh: ((box.yMax - box.yMin) / 2) * size,
  };
}

/** The middle of a box. */
export function boxCentre(box: Box): { x: number; y: number } {
  return { x: (box.xMin + box.xMax) / 2, y: (box.yMin + box.yMax) / 2 };
}

/**
 * A probe point moved by the arrow keys: steps of 1/50 of the side shown (1/10 with `big`), kept
 * inside the box; from its middle when there is no point yet.
 */
export function nudgeProbe(box: Box, from: { x: number; y: number } | null, dx: number, dy: number, big: boolean): { x: number; y: number } {
  const side = box.xMax - box.xMin;
  const step = (big ? 0.1 : 0.02) * side;
  const p = from ?? boxCentre(box);
  const inside = (v: number, lo: number, hi: number): number => Math.max(lo + 1e-3 * side, Math.min(hi - 1e-3 * side, v));
  return { x: inside(p.x + dx * step, box.xMin, box.xMax), y: inside(p.y + dy * step, box.yMin, box.yMax) };
}

/** A small colour wheel (radius 11 round the origin): the fill of a steep slope pointing each way. */
export function slopeWheel(slices = 24): { d: string; fill: string }[] {
  return Array.from({ length: slices }, (_, k) => {
    const a0 = (k / slices) * 2 * Math.PI;
    const a1 = ((k + 1) / slices) * 2 * Math.PI;
    const p = (a: number): string => `${(11 * Math.cos(a)).toFixed(2)},${(-11 * Math.sin(a)).toFixed(2)}`;
    const mid = (a0 + a1) / 2;
    return { d: `M0,0L${p(a0)}A11,11 0 0 0 ${p(a1)}Z`, fill: regionFill('slope', 2 * Math.cos(mid), 2 * Math.sin(mid), 0) };
  });
}

/** What the region under a probe point is: its area, its neurons by layer, and its formula. */
export function probeInfo(p: Partition, r: number, widths: readonly number[], size: number) {
  const c = regionCentroid(p, r);
  const layers = patternByLayer(p, r, widths).slice(0, p.layers);
  return {
    area: c.area,
    layers,
    on: layers.reduce((s, l) => s + l.reduce<number>((t, b) => t + b, 0), 0),
    neurons: layers.reduce((s, l) => s + l.length, 0),
    affine: p.capped ? null : formatAffine(p.gradient[2 * r]!, p.gradient[2 * r + 1]!, p.offset[r]!),
    points: regionPolygon(p, r, size),
  };
}

/** Words after the count when zoomed in: which part of the square is partitioned ('' for all of it). */
export function zoomWords(box: Box): string {
  const side = (box.xMax - box.xMin) / 2;
  if (side >= 1) return '';
  const c = boxCentre(box);
  return ` in the part shown: a box 1/${Math.round(1 / side)} of the square's side, centred at (${formatNumber(c.x)}, ${formatNumber(c.y)})`;
}
