/**
 * Charts of one measurement against training step, as SVG geometry for a chart of width × height:
 * the loss on a log scale (the training figures), and any other series (the bundling ratio, the
 * edge's width, the partition's region count) on a linear or log scale, with an optional band.
 * Frames, ticks and labels come from the axis kit (src/render/axis.ts); the data from a History
 * (src/core/history.ts) or any steps and values.
 *
 * Long series are thinned to a few points per pixel column, keeping each column's highest and
 * lowest value, so spikes are never smoothed away.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { type Margin, type Plot, type Tick, LIVE_MARGIN, TICK_FONT, fitY, formatPlain, logAxis, logLabel, plotOf, r1, stepTicks } from './axis.ts';

/** What a chart of the live figures draws (src/islands/live/LiveChart.svelte draws it). */
export interface ChartGeometry {
  readonly plot: Plot;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  /** The series, one SVG path (empty while there is nothing to draw). */
  readonly path: string;
  /** More points than pixel columns (see ChartFrame): drawn one pixel wide. */
  readonly dense: boolean;
  /** A horizontal band's top and bottom (e.g. the range a reference gives), when asked for. */
  readonly band: { readonly y0: number; readonly y1: number } | null;
  /** Where the last finite value is drawn, for a marker. */
  readonly last: { readonly x: number; readonly y: number } | null;
  /** True when the values are on a log scale. */
  readonly log: boolean;
}

/** Steps and values, in step order (a History, or plain arrays). */
export interface Points {
  readonly steps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Indices to draw: per pixel column, the first, lowest and highest point (in step order). */
export function thin(values: ArrayLike<number>, columns: number): number[] {
  const n = values.length;
  if (n <= 2 * columns) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let c = 0; c < columns; c++) {
    const start = Math.floor((c * n) / columns);
    const end = Math.floor(((c + 1) * n) / columns);
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    // The column's first point and its extremes, in order, each once (start ≤ both extremes).
    const a = Math.min(lo, hi);
    const b = Math.max(lo, hi);
    out.push(start);
    if (a !== start) out.push(a);
    if (b !== a) out.push(b);
  }
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/**
 * An SVG path through the points `keep` (indices) at (x(i), y(i)), broken where `drawn(i)` is
 * false: the string d3-shape's linear `line` writes (a lone point between gaps is "Mx,yZ"), built
 * directly, since live charts build paths of thousands of points several times a second.
 */
export function linePath(keep: readonly number[], x: (i: number) => number, y: (i: number) => number, drawn: (i: number) => boolean): string {
  let out = '';
  let run = 0;
  for (const i of keep) {
    if (!drawn(i)) {
      if (run === 1) out += 'Z';
      run = 0;
      continue;
    }
    out += `${run === 0 ? 'M' : 'L'}${x(i)},${y(i)}`;
    run++;
  }
  if (run === 1) out += 'Z';
  return out;
}

export interface SeriesOptions {
  /** Values the y axis must include besides the data (e.g. a reference level). */
  readonly include?: readonly number[];
  /** Where a linear y axis starts (e.g. 0 for a width or a count), instead of just below the data. */
  readonly from?: number;
  /** Where a linear y axis ends (e.g. 1 for a share), instead of a rounded value above the data. */
  readonly to?: number;
  /** A horizontal band [low, high] drawn behind the curve; the axis includes it. */
  readonly band?: readonly [number, number];
  /** A log y axis: always, never, or when the values span a decade or more ('auto'). */
  readonly log?: boolean | 'auto';
  /** Where the step axis starts (default 0) and the least it spans. */
  readonly firstStep?: number;
  readonly minSpan?: number;
  readonly margin?: Margin;
}

/** `values[i]` was measured at step `steps[i]`; NaN values leave gaps. */
export function seriesChart(points: Points, width: number, height: number, options: SeriesOptions = {}): ChartGeometry {
  const { steps, values } = points;
  const plot = plotOf(width, height, options.margin ?? LIVE_MARGIN);
  const n = Math.min(steps.length, values.length);
  let lo = Infinity;
  let hi = -Infinity;
  let loPositive = Infinity;
  const see = (v: number): void => {
    if (!Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
    if (v > 0) loPositive = Math.min(loPositive, v);
  };
  for (let i = 0; i < n; i++) see(values[i]!);
  for (const v of options.include ?? []) see(v);
  if (options.band) options.band.forEach(see);
  const log = options.log === true || (options.log === 'auto' && Number.isFinite(loPositive) && hi / loPositive >= 10);
  const ticksRoom = Math.max(2, Math.floor((plot.bottom - plot.top) / (2 * TICK_FONT)));
  let y;
  let yTicks: Tick[];
  if (log) {
    const axis = Number.isFinite(loPositive) ? logAxis(loPositive, Math.max(hi, loPositive * 10), ticksRoom) : logAxis(1e-3, 1, ticksRoom);
    y = scaleLog().domain(axis.domain).range([plot.bottom, plot.top]);
    const scale = y;
    yTicks = axis.ticks.map((v) => ({ at: r1(scale(v)), label: logLabel(v) }));
  } else {
    if (!Number.isFinite(lo)) {
      lo = options.from ?? 0;
      hi = lo + 1;
    }
    if (hi - lo < 1e-9) {
      lo -= 0.5;
      hi += 0.5;
    }
    const pad = (hi - lo) * 0.05;
    const linear = scaleLinear()
      .domain([options.from ?? lo - pad, hi + pad])
      .range([plot.bottom, plot.top])
      .nice(ticksRoom);
    if (options.from !== undefined) linear.domain([options.from, linear.domain()[1]!]);
    if (options.to !== undefined) linear.domain([linear.domain()[0]!, options.to]);
    y = linear;
    // Labels with as many decimals as the tick spacing needs (so no two read the same).
    const format = linear.tickFormat(ticksRoom);
    yTicks = linear.ticks(ticksRoom).map((v) => ({ at: r1(linear(v)), label: Math.abs(v) >= 1000 ? formatPlain(v) : format(v).replace('-', '−') }));
  }
  const first = options.firstStep ?? 0;
  const lastStep = n > 0 ? steps[n - 1]! : first;
  const x = scaleLinear()
    .domain([first, Math.max(lastStep, first + (options.minSpan ?? 10))])
    .range([plot.left, plot.right])
    .nice(4);
  const drawn = (v: number): boolean => Number.isFinite(v) && (!log || v > 0);
  const columns = Math.max(1, Math.floor(plot.right - plot.left));
  const keep = thin(values, columns).filter((i) => i < n);
  const path = linePath(
    keep,
    (i) => r1(x(steps[i]!)),
    (i) => r1(y(values[i]!)),
    (i) => drawn(values[i]!),
  );
  let last: ChartGeometry['last'] = null;
  for (let i = n - 1; i >= 0; i--) {
    if (drawn(values[i]!)) {
      last = { x: r1(x(steps[i]!)), y: r1(y(values[i]!)) };
      break;
    }
  }
  return {
    plot,
    xTicks: stepTicks(x, width),
    yTicks: fitY(yTicks),
    path,
    dense: keep.length > columns,
    band: options.band ? { y0: r1(y(options.band[1])), y1: r1(y(options.band[0])) } : null,
    last,
    log,
  };
}

/** The training loss against step, on a log scale of whole decades (0.001, 0.01, 0.1, …). */
export function lossChart(points: Points, width: number, height: number): ChartGeometry {
  const first = points.steps.length ? points.steps[0]! : 0;
  return seriesChart(points, width, height, { log: true, firstStep: first, minSpan: 1 });
}
