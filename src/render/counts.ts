/**
 * Charts of region counts (from the regions study in src/experiments/regions.ts): counts against
 * depth at a fixed number of neurons, next to the upper bound, and counts against the number of
 * neurons at initialisation. Pure geometry for an SVG drawn at build time.
 */
import { scaleLog, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { formatCount } from './partition.ts';

export interface DepthRow {
  readonly depth: number;
  readonly widths: readonly number[];
  readonly init: { readonly mean: number; readonly min: number; readonly max: number };
  readonly trained: { readonly mean: number; readonly min: number; readonly max: number };
  readonly bound: number;
}

export interface GrowthRow {
  readonly depth: number;
  readonly neurons: number;
  readonly regions: number;
}

export const CHART = { width: 420, height: 300, margin: { left: 64, right: 14, top: 14, bottom: 40 } } as const;

const powerLabel = (v: number): string => (v >= 1e5 ? `10${superscript(Math.round(Math.log10(v)))}` : formatCount(v));
function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return String(n)
    .split('')
    .map((d) => digits[Number(d)] ?? d)
    .join('');
}

/** Decade ticks of a log scale between lo and hi. */
function decades(lo: number, hi: number, y: (v: number) => number): { y: number; label: string }[] {
  const out: { y: number; label: string }[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push({ y: y(10 ** e), label: powerLabel(10 ** e) });
  // Keep at most 7 labels: every other decade on tall ranges.
  return out.length > 7 ? out.filter((_, i) => i % 2 === 0) : out;
}

export function depthChart(rows: readonly DepthRow[]) {
  const { width, height, margin } = CHART;
  const label = (r: DepthRow): string => `${r.depth}×${r.widths[0]}`;
  const x = scalePoint<string>().domain(rows.map(label)).range([margin.left, width - margin.right]).padding(0.4);
  const lo = Math.min(...rows.map((r) => Math.min(r.init.min, r.trained.min))) / 2;
  const hi = Math.max(...rows.map((r) => r.bound)) * 3;
  const y = scaleLog().domain([lo, hi]).range([height - margin.bottom, margin.top]);
  const at = (r: DepthRow): number => x(label(r))!;
  const path = (values: number[]): string =>
    line<number>()
      .x((_, i) => at(rows[i]!))
      .y((v) => y(v))(values) ?? '';
  return {
    xTicks: rows.map((r) => ({ x: at(r), label: label(r) })),
    yTicks: decades(lo, hi, y),
    bound: path(rows.map((r) => r.bound)),
    init: rows.map((r) => ({ x: at(r), y: y(r.init.mean), y0: y(r.init.min), y1: y(r.init.max), value: r.init.mean })),
    trained: rows.map((r) => ({ x: at(r), y: y(r.trained.mean), y0: y(r.trained.min), y1: y(r.trained.max), value: r.trained.mean })),
    initPath: path(rows.map((r) => r.init.mean)),
    trainedPath: path(rows.map((r) => r.trained.mean)),
  };
}

export function growthChart(rows: readonly GrowthRow[]) {
  const { width, height, margin } = CHART;
  const neurons = [...new Set(rows.map((r) => r.neurons))].sort((a, b) => a - b);
  const depths = [...new Set(rows.map((r) => r.depth))].sort((a, b) => a - b);
  const x = scaleLog()
    .domain([neurons[0]! / 1.3, neurons[neurons.length - 1]! * 1.3])
    .range([margin.left, width - margin.right]);
  // The reference: count ∝ N², through the geometric mean of all the counts.
  const logs = rows.map((r) => Math.log(r.regions) - 2 * Math.log(r.neurons));
  const k = Math.exp(logs.reduce((s, v) => s + v, 0) / logs.length);
  const lo = Math.min(...rows.map((r) => r.regions), k * neurons[0]! ** 2) / 2;
  const hi = Math.max(...rows.map((r) => r.regions), k * neurons[neurons.length - 1]! ** 2) * 2;
  const y = scaleLog().domain([lo, hi]).range([height - margin.bottom, margin.top]);
  const series = depths.map((d) => {
    const pts = rows.filter((r) => r.depth === d).sort((a, b) => a.neurons - b.neurons);
    return {
      depth: d,
      path: line<GrowthRow>()
        .x((r) => x(r.neurons))
        .y((r) => y(r.regions))(pts) ?? '',
      points: pts.map((r) => ({ x: x(r.neurons), y: y(r.regions), value: r.regions, neurons: r.neurons })),
    };
  });
  const n0 = neurons[0]!;
  const n1 = neurons[neurons.length - 1]!;
  return {
    xTicks: neurons.map((n) => ({ x: x(n), label: String(n) })),
    yTicks: decades(lo, hi, y),
    series,
    reference: { x0: x(n0), y0: y(k * n0 * n0), x1: x(n1), y1: y(k * n1 * n1), k },
  };
}
