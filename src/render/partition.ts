/**
 * Drawing a partition into linear regions (src/core/regions.ts): colours for regions and folds,
 * finding the region under a point, and words for what is there. Pure: the canvas drawing takes
 * any CanvasRenderingContext2D-like object, so Node tests can record the calls.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { type Box, SQUARE } from '../core/geometry.ts';
import type { Partition } from '../core/regions.ts';

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

export interface CountCurve {
  readonly path: string;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly margin: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  /** True when the counts are on a log scale. */
  readonly log: boolean;
}

/** Region count against step (steps linear; counts on a log scale when they span a decade). */
export function countCurve(steps: readonly number[], counts: readonly number[], width: number, height: number): CountCurve {
  const margin = { left: 48, right: 10, top: 8, bottom: 22 };
  const lastStep = Math.max(1, steps[steps.length - 1] ?? 1);
  // Steps where the partition was capped carry NaN: gaps in the curve.
  const known = counts.filter(Number.isFinite);
  const lo = Math.max(1, Math.min(...known, Infinity) || 1);
  const hi = Math.max(lo * 2, Math.max(...known, 2));
  const x = scaleLinear().domain([0, lastStep]).range([margin.left, width - margin.right]);
  // Log scale when the counts span a decade or more, else linear from zero.
  const logScale = hi / lo >= 10;
  const y = (logScale ? scaleLog().domain([lo / 1.2, hi * 1.2]) : scaleLinear().domain([0, hi * 1.1]).nice()).range([height - margin.bottom, margin.top]);
  const path =
    line<number>()
      .defined(Number.isFinite)
      .x((_, i) => x(steps[i]!))
      .y((c) => y(Math.max(1, c)))(counts as number[]) ?? '';
  const xTicks = x.ticks(4).filter(Number.isInteger).map((t) => ({ x: x(t), label: formatCount(t) }));
  const yTicks = y
    .ticks(3)
    .filter((t) => !logScale || Number.isInteger(Math.log10(t)) || y.ticks(3).length < 4)
    .map((t) => ({ y: y(t), label: formatCount(t) }));
  return { path, xTicks, yTicks, margin, log: logScale };
}

/** SVG paths of a partition (for the figure's first state, drawn on the server). */
export function partitionPaths(p: Partition, size: number, mode: FillMode, layers: number): { fills: { d: string; fill: string }[]; folds: { d: string; stroke: string }[] } {
  const box = SQUARE;
  const f = (v: number): string => (Math.round(v * 100) / 100).toString();
  const fills: { d: string; fill: string }[] = [];
  for (let r = 0; r < p.count; r++) {
    const c = regionCentroid(p, r);
    let d = '';
    for (let v = p.start[r]!; v < p.start[r + 1]!; v++) d += `${v === p.start[r] ? 'M' : 'L'}${f(px(p.xy[2 * v]!, size, box))},${f(py(p.xy[2 * v + 1]!, size, box))}`;
    fills.push({ d: `${d}Z`, fill: regionFill(mode, p.gradient[2 * r]!, p.gradient[2 * r + 1]!, valueIn(p, r, c.x, c.y)) });
  }
  const folds: { d: string; stroke: string }[] = [];
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
    folds.push({ d, stroke: layerColour(l, layers) });
  }
  return { fills, folds };
}
