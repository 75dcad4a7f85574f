/**
 * What every chart shares: its frame (margins round the plot), ticks on step, linear and log axes,
 * labels that fit (the last step label is not cut by the chart's edge; labels that would overlap
 * are dropped) and numbers written one way. The live figures' charts (loss, counts, series, the
 * pulse's panels, the edge's profile) and the results charts (src/render/results.ts) all build on
 * it. Pure: numbers in, positions and strings out.
 *
 * Tick labels are drawn TICK_FONT pixels high at the chart's true width: the live charts are built
 * for the width they are shown at, so a label is as readable on a phone as on a desktop.
 */
import type { ScaleContinuousNumeric } from 'd3-scale';
import { scaleLinear } from 'd3-scale';

export interface Margin {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The plot's edges inside a chart of width × height. */
export interface Plot {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface Tick {
  /** Position along the axis, in chart units. */
  readonly at: number;
  readonly label: string;
  /** How a label of the x axis sits on its tick (labels of the y axis end at the margin). */
  readonly anchor?: 'start' | 'middle' | 'end';
}

/** What every chart has: its plot, its ticks, and maybe a series, a band and a last point. */
export interface ChartFrame {
  readonly plot: Plot;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly path?: string;
  /**
   * The path has more points than the plot has pixel columns (a long run, thinned to each
   * column's extremes): drawn one pixel wide. A wider stroke of such a zigzag costs software
   * rendering thirty times as much (every turn gets a join) and looks the same, a solid band.
   */
  readonly dense?: boolean;
  readonly band?: { readonly y0: number; readonly y1: number } | null;
  readonly last?: { readonly x: number; readonly y: number } | null;
}

/** Tick labels' height in pixels (chart units; the live charts are drawn at their true width). */
export const TICK_FONT = 12;

/** Margins of the live figures' charts against training step: room for y labels like "0.001". */
export const LIVE_MARGIN: Margin = { left: 46, right: 12, top: 10, bottom: 24 };

export function plotOf(width: number, height: number, margin: Margin = LIVE_MARGIN): Plot {
  return { width, height, left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
}

/** Rounds a coordinate to a tenth of a pixel (shorter SVG, no visible change). */
export const r1 = (v: number): number => Math.round(v * 10) / 10;

/** Roughly how wide a label is drawn: 0.6 em a character (digits of the UI font are a little less). */
export function labelWidth(label: string, font = TICK_FONT): number {
  return 0.6 * font * label.length;
}

/**
 * Labels of an x axis placed so that each is whole inside [0, width]: the first and last turn to
 * face inwards when centring them would cross the chart's edge, and a label that would overlap the
 * one before it is left out (the last one is kept in preference to its neighbour).
 */
export function fitX(ticks: readonly Tick[], width: number, font = TICK_FONT, gap = 6): Tick[] {
  const placed = ticks.map((t): Tick & { from: number; to: number } => {
    const w = labelWidth(t.label, font);
    if (t.at - w / 2 < 0) return { ...t, anchor: 'start', from: t.at, to: t.at + w };
    if (t.at + w / 2 > width) return { ...t, anchor: 'end', from: t.at - w, to: t.at };
    return { ...t, anchor: 'middle', from: t.at - w / 2, to: t.at + w / 2 };
  });
  const kept: (typeof placed)[number][] = [];
  for (const t of placed) {
    const before = kept[kept.length - 1];
    if (before && t.from < before.to + gap) {
      // The last label says how far the axis goes: it wins over its neighbour.
      if (t === placed[placed.length - 1] && kept.length > 1) kept[kept.length - 1] = t;
      continue;
    }
    kept.push(t);
  }
  return kept.map(({ at, label, anchor }) => ({ at, label, anchor: anchor ?? 'middle' }));
}

/** Labels of a y axis (in their order), dropping any that would overlap the one kept before it. */
export function fitY(ticks: readonly Tick[], font = TICK_FONT): Tick[] {
  const kept: Tick[] = [];
  for (const t of ticks) if (!kept.length || Math.abs(kept[kept.length - 1]!.at - t.at) >= font) kept.push(t);
  return kept;
}

/** Whole-step ticks of a step axis, labelled 250, 1k, 2.5k, 10k …, fitted inside the chart. */
export function stepTicks(x: ScaleContinuousNumeric<number, number>, width: number, count = width < 360 ? 3 : width < 560 ? 4 : 6): Tick[] {
  return fitX(
    x
      .ticks(count)
      .filter(Number.isInteger)
      .map((v) => ({ at: r1(x(v)), label: formatSteps(v) })),
    width,
  );
}

/** About `count` round ticks of a linear scale, labelled with `format`. */
export function linearTicks(scale: ScaleContinuousNumeric<number, number>, count: number, format: (v: number) => string = formatPlain): Tick[] {
  return scale.ticks(count).map((v) => ({ at: scale(v), label: format(v) }));
}

/**
 * A log axis for values in [lo, hi] with room for `count` labels. Over a decade or more it spans
 * whole decades and labels every one (or every second, third, …); over less, it spans the values
 * with a little room (at least a factor 2, so a nearly flat series is not blown up) and labels
 * 1, 2 and 5 times a power of ten, or every digit when those are too few, or round values in
 * between when even those are.
 */
export function logAxis(lo: number, hi: number, count: number): { domain: [number, number]; ticks: number[] } {
  const power = (m: number, k: number): number => Number(`${m}e${k}`);
  if (hi / lo >= 10) {
    const from = Math.floor(Math.log10(lo));
    const to = Math.ceil(Math.log10(hi));
    const every = Math.max(1, Math.ceil((to - from) / Math.max(1, count)));
    const ticks: number[] = [];
    for (let d = from; d <= to; d++) if ((d - from) % every === 0) ticks.push(power(1, d));
    return { domain: [power(1, from), power(1, to)], ticks };
  }
  const mid = Math.sqrt(lo * hi);
  const half = Math.sqrt(Math.max(2, (hi / lo) * 1.25));
  const a = mid / half;
  const b = mid * half;
  const inside = (digits: readonly number[]): number[] => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(a)); k <= Math.ceil(Math.log10(b)); k++) {
      for (const d of digits) {
        const v = power(d, k);
        if (v >= a && v <= b) out.push(v);
      }
    }
    return out;
  };
  let ticks = inside([1, 2, 5]);
  if (ticks.length < 2) ticks = inside([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // Narrower still: evenly spaced round values (0.012, 0.014, …), nearly even on a log scale too.
  if (ticks.length < 2) ticks = scaleLinear().domain([a, b]).ticks(Math.max(2, Math.min(count, 5)));
  const every = Math.max(1, Math.ceil(ticks.length / Math.max(1, count)));
  return { domain: [a, b], ticks: ticks.filter((_, i) => i % every === 0) };
}

/** Log-scale tick label: 0.01 to 100 as they are (0.02, 0.015, 30), smaller or larger as 1e-3, 5.5e-3, 2e+2. */
export function logLabel(v: number): string {
  const short = Number(v.toPrecision(3));
  return v >= 0.01 && v <= 100 ? String(short) : short.toExponential();
}

/** A power of ten written as one: 10⁻⁵, 10³. */
export function powerLabel(exponent: number): string {
  return `10${superscript(exponent)}`;
}

/** 0.001, 0.01, … 1, 10, 100, 1,000, 10⁴ …: a power of ten as a short label. */
export function decadeLabel(exponent: number): string {
  if (exponent >= 4 || exponent <= -4) return powerLabel(exponent);
  if (exponent >= 0) return (10 ** exponent).toLocaleString('en-US');
  return `0.${'0'.repeat(-exponent - 1)}1`;
}

export function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return String(n)
    .split('')
    .map((d) => (d === '-' ? '⁻' : (digits[Number(d)] ?? d)))
    .join('');
}

/** A number as an axis or a table prints it: thousands with commas, a true minus sign. */
export function formatPlain(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 6 }).replace('-', '−');
}

/** Steps as a short label: 250, 1k, 2.5k, 10k, 30k. */
export function formatSteps(v: number): string {
  if (v < 1000) return String(Math.round(v));
  const k = v / 1000;
  return `${Number(k.toFixed(k < 10 ? 1 : 0))}k`;
}
