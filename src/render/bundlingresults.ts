/**
 * Charts and a table of the bundling study (src/experiments/bundling.ts): rose plots of the angles
 * the creases face, the nearest-neighbour ratio of those angles along training for each initial
 * scale, next to the spread the ratio has for evenly random angles, and the ratio after training
 * under each frame. Pure geometry for SVG drawn at build time; BundlingResults.astro renders it.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { type Tick, box, formatPlain, formatSteps, linearTicks, spreadLabels } from './results.ts';

/** A rose plot: `size` square, the longest wedge reaching `radius` from the centre. */
export const ROSE = { size: 240, radius: 88 } as const;

export interface Rose {
  readonly size: number;
  /** Height of the drawing: the labels sit above and to the right, so the bottom is cut close. */
  readonly height: number;
  readonly cx: number;
  readonly cy: number;
  /** One closed path per bin, counter-clockwise from 0° (pointing right). */
  readonly wedges: readonly string[];
  /** Where every wedge would reach if the angles were spread exactly evenly. */
  readonly uniform: number;
  readonly radius: number;
  /** 0° and 90°: enough to tell the orientation (counter-clockwise from the right). */
  readonly labels: readonly { readonly x: number; readonly y: number; readonly label: string; readonly anchor: 'start' | 'middle' | 'end' }[];
}

/** A point at angle `theta` (radians, counter-clockwise from the right) and distance r from (cx, cy). */
const polar = (cx: number, cy: number, r: number, theta: number): [number, number] => [cx + r * Math.cos(theta), cy - r * Math.sin(theta)];
const f = (v: number) => Number(v.toFixed(2));

/**
 * Wedges whose area, not length, is proportional to the count: the radius goes as the square root.
 * `most` is the count that reaches the full radius (shared by roses drawn side by side).
 */
export function rose(counts: readonly number[], most = Math.max(...counts)): Rose {
  const { size, radius } = ROSE;
  const cx = size / 2;
  const cy = size / 2;
  const bins = counts.length;
  const width = (2 * Math.PI) / bins;
  const r = (c: number) => radius * Math.sqrt(Math.max(0, c) / most);
  const wedges = counts.map((c, k) => {
    const rk = r(c);
    if (rk === 0) return '';
    const [x0, y0] = polar(cx, cy, rk, k * width);
    const [x1, y1] = polar(cx, cy, rk, (k + 1) * width);
    // Counter-clockwise on the page is sweep flag 0 (the y axis points down).
    return `M${cx},${cy}L${f(x0)},${f(y0)}A${f(rk)},${f(rk)} 0 0 0 ${f(x1)},${f(y1)}Z`;
  });
  const total = counts.reduce((s, c) => s + c, 0);
  const out = radius + 10;
  return {
    size,
    height: Math.ceil(cy + radius + 4),
    cx,
    cy,
    wedges,
    uniform: r(total / bins),
    radius,
    labels: [
      { x: cx + out, y: cy, label: '0°', anchor: 'start' },
      { x: cx, y: cy - out, label: '90°', anchor: 'middle' },
    ],
  };
}

/** The bins that stand out most: how many times the even share the fullest bin holds. */
export function roseSummary(counts: readonly number[]): { total: number; fullest: number; emptiest: number; even: number } {
  const total = counts.reduce((s, c) => s + c, 0);
  return { total, fullest: Math.max(...counts), emptiest: Math.min(...counts), even: total / counts.length };
}

export interface Trajectory {
  readonly scale: number;
  readonly path: readonly { readonly step: number; readonly nearestNeighbour: number }[];
}

export const TRAJECTORY_CHART = { width: 420, height: 290, margin: { left: 50, right: 58, top: 14, bottom: 44 } } as const;

/**
 * The ratio against training steps for each scale. Step 0 sits in a slot of its own at the left
 * and the checkpoints after it on a log scale. Bands at 1 ± `sd` and 1 ± 2 `sd`.
 */
export function trajectoryChart(trajectories: readonly Trajectory[], sd: number) {
  const { width, height, margin } = TRAJECTORY_CHART;
  const b = box(width, height, margin);
  const steps = [...new Set(trajectories.flatMap((t) => t.path.map((p) => p.step)))].sort((p, q) => p - q);
  const positive = steps.filter((s) => s > 0);
  const startSlot = b.left + 12;
  const logX = scaleLog()
    .domain([positive[0]!, positive[positive.length - 1]!])
    .range([b.left + 58, b.right - 6]);
  const x = (step: number) => (step > 0 ? logX(step) : startSlot);
  const values = trajectories.flatMap((t) => t.path.map((p) => p.nearestNeighbour));
  const lo = Math.min(...values, 1 - 2 * sd);
  const hi = Math.max(...values, 1 + 2 * sd);
  const pad = (hi - lo) * 0.06;
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([b.bottom, b.top]);
  const series = trajectories.map((t, i) => ({
    scale: t.scale,
    index: i,
    path:
      line<{ step: number; nearestNeighbour: number }>()
        .x((p) => x(p.step))
        .y((p) => y(p.nearestNeighbour))(t.path as { step: number; nearestNeighbour: number }[]) ?? '',
    points: t.path.map((p) => ({ x: x(p.step), y: y(p.nearestNeighbour), value: p.nearestNeighbour, step: p.step })),
  }));
  const ends = series.map((s) => s.points[s.points.length - 1]!.y);
  const labelY = spreadLabels(ends, 15, b.top + 6, b.bottom - 6);
  const xTicks: Tick[] = steps.map((s) => ({ at: x(s), label: s === 0 ? 'start' : formatSteps(s) }));
  return {
    box: b,
    series: series.map((s, i) => ({ ...s, labelY: labelY[i]!, labelX: b.right + 8, label: `× ${formatPlain(s.scale)}` })),
    xTicks,
    yTicks: linearTicks(y, 5, (v) => v.toFixed(1)),
    one: y(1),
    band1: { y0: y(1 + sd), y1: y(1 - sd) },
    band2: { y0: y(1 + 2 * sd), y1: y(1 - 2 * sd) },
    /** Where the axis breaks between the start and the first checkpoint. */
    breakX: (startSlot + logX(positive[0]!)) / 2,
  };
}

/** The spread of the ratio for evenly random angles that the study reports (largest over the runs drawn). */
export function uniformSpread(runs: readonly { readonly init: { readonly nearestNeighbour: { readonly uniformSd: number } }; readonly trained: { readonly nearestNeighbour: { readonly uniformSd: number } } }[]): number {
  return Math.max(...runs.flatMap((r) => [r.init.nearestNeighbour.uniformSd, r.trained.nearestNeighbour.uniformSd]));
}

export interface SummaryRow {
  readonly frame: string;
  readonly scale: number;
  readonly width: number;
  readonly initNearestNeighbour: { readonly mean: number; readonly sd: number };
  readonly trainedNearestNeighbour: { readonly mean: number; readonly sd: number };
  readonly trainedZ: { readonly mean: number; readonly sd: number };
}

const signed = (v: number, digits: number) => v.toFixed(digits).replace('-', '−');
/** Mean ± standard deviation, held together by narrow no-break spaces. */
const pm = (s: { readonly mean: number; readonly sd: number }, digits: number) => `${signed(s.mean, digits)}\u202f±\u202f${s.sd.toFixed(digits)}`;

export function summaryRows(rows: readonly SummaryRow[]) {
  return rows.map((r) => ({
    frame: r.frame,
    neurons: formatPlain(r.width),
    scale: formatPlain(r.scale),
    init: pm(r.initNearestNeighbour, 2),
    trained: pm(r.trainedNearestNeighbour, 2),
    z: pm(r.trainedZ, 1),
    /** Further than two standard deviations below the uniform mean, on average over the seeds. */
    bundled: r.trainedZ.mean < -2,
  }));
}
