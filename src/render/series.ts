/**
 * A small chart of one measurement against training step (the clustering statistic, the width of
 * the disc's rim), as SVG geometry that fits width × height: a path through the finite values, axis
 * ticks, and optionally a horizontal band (e.g. the range a reference gives).
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

export interface SeriesChart {
  readonly path: string;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  /** The band's top and bottom in pixels, when one was asked for. */
  readonly band: { readonly y0: number; readonly y1: number } | null;
  /** Where the last finite value is drawn, for a marker. */
  readonly last: { readonly x: number; readonly y: number } | null;
  readonly margin: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
}

export interface SeriesOptions {
  /** Values the y axis must include besides the data (e.g. 0, or a reference level). */
  readonly include?: readonly number[];
  /** Where the y axis starts (e.g. 0 for a width), instead of just below the lowest value. */
  readonly from?: number;
  /** A horizontal band [low, high] drawn behind the curve; the axis includes it. */
  readonly band?: readonly [number, number];
}

export const SERIES_MARGIN = { left: 40, right: 18, top: 8, bottom: 22 } as const;

const round = (v: number): number => Math.round(v * 10) / 10;
const stepLabel = (v: number): string => (v >= 10000 ? `${v / 1000}k` : String(v));

/** `values[i]` was measured at step `steps[i]`; NaN values leave gaps. */
export function seriesChart(steps: ArrayLike<number>, values: ArrayLike<number>, width: number, height: number, options: SeriesOptions = {}): SeriesChart {
  const m = SERIES_MARGIN;
  const n = Math.min(steps.length, values.length);
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: number): void => {
    if (!Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  };
  for (let i = 0; i < n; i++) see(values[i]!);
  for (const v of options.include ?? []) see(v);
  if (options.band) options.band.forEach(see);
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.05;
  const y = scaleLinear()
    .domain([options.from ?? lo - pad, hi + pad])
    .range([height - m.bottom, m.top])
    .nice(4);
  if (options.from !== undefined) y.domain([options.from, y.domain()[1]!]);
  const lastStep = n > 0 ? steps[n - 1]! : 0;
  const x = scaleLinear()
    .domain([0, Math.max(lastStep, 10)])
    .range([m.left, width - m.right])
    .nice(4);
  const index = Array.from({ length: n }, (_, i) => i);
  const path =
    line<number>()
      .defined((i) => Number.isFinite(values[i]!))
      .x((i) => round(x(steps[i]!)))
      .y((i) => round(y(values[i]!)))(index) ?? '';
  let last: SeriesChart['last'] = null;
  for (let i = n - 1; i >= 0; i--) {
    if (Number.isFinite(values[i]!)) {
      last = { x: round(x(steps[i]!)), y: round(y(values[i]!)) };
      break;
    }
  }
  // Labels with as many decimals as the tick spacing needs (so no two read the same).
  const format = y.tickFormat(4);
  return {
    path,
    xTicks: x
      .ticks(4)
      .filter(Number.isInteger)
      .map((v) => ({ x: round(x(v)), label: stepLabel(v) })),
    yTicks: y.ticks(4).map((v) => ({ y: round(y(v)), label: format(v).replace('-', '−') })),
    band: options.band ? { y0: round(y(options.band[1])), y1: round(y(options.band[0])) } : null,
    last,
    margin: m,
  };
}

/**
 * A growing record of (step, value) pairs with a bounded length: past `max` pairs, every other
 * one is dropped (the first and the newest always stay), so a long run keeps its whole shape.
 */
export class SeriesRecord {
  steps: number[] = [];
  values: number[] = [];

  constructor(private readonly max = 600) {}

  clear(): void {
    this.steps = [];
    this.values = [];
  }

  /** Adds a value; a step already recorded last replaces its value. */
  push(step: number, value: number): void {
    const n = this.steps.length;
    if (n > 0 && this.steps[n - 1] === step) {
      this.values[n - 1] = value;
      return;
    }
    if (n > 0 && step < this.steps[n - 1]!) throw new Error(`SeriesRecord: step ${step} after ${this.steps[n - 1]}`);
    this.steps.push(step);
    this.values.push(value);
    if (this.steps.length > this.max) {
      const keep = (_: number, i: number, all: number[]): boolean => i % 2 === 0 || i === all.length - 1;
      this.steps = this.steps.filter(keep);
      this.values = this.values.filter(keep);
    }
  }
}
