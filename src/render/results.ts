/**
 * What the charts of measured results share (src/render/pulseresults.ts, bundlingresults.ts,
 * edgeresults.ts): the plot box inside a panel, ticks on log and linear axes, labels kept apart,
 * and numbers written the way the tables print them. Pure geometry and text; nothing here draws.
 */
import type { ScaleContinuousNumeric } from 'd3-scale';
import { type Margin, type Plot, type Tick, decadeLabel, formatPlain, plotOf, superscript } from './axis.ts';

// Ticks, labels and number formats are the axis kit's, shared with the live figures' charts.
export { type Margin, type Tick, decadeLabel, formatPlain, formatSteps, linearTicks, powerLabel } from './axis.ts';

/** A panel of width × height; the data go in the box left of `right` and above `bottom`. */
export type Box = Plot;

export function box(width: number, height: number, margin: Margin): Box {
  return plotOf(width, height, margin);
}

/** Ticks at the powers of ten within a log scale's domain (every other one on tall ranges). */
export function decadeTicks(scale: ScaleContinuousNumeric<number, number>, most = 7, format: (exponent: number) => string = decadeLabel): Tick[] {
  const [a, b] = scale.domain() as [number, number];
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const out: Tick[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) out.push({ at: scale(10 ** e), label: format(e) });
  if (out.length <= most) return out;
  const every = Math.ceil(out.length / most);
  return out.filter((_, i) => i % every === 0);
}

/** `digits` significant digits, without trailing zeros in exponent form: 0.00724, 1e-7 → 10⁻⁷. */
export function formatSignificant(v: number, digits = 3): string {
  if (v === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(v)));
  if (e <= -4) {
    const mantissa = v / 10 ** e;
    const m = Number(mantissa.toPrecision(digits));
    return m === 1 ? `10${superscript(e)}` : `${formatPlain(m)}·10${superscript(e)}`;
  }
  return formatPlain(Number(v.toPrecision(digits)));
}

/**
 * Vertical positions for labels wanted at `wanted` (any order), moved as little as possible so that
 * no two are closer than `gap`, and kept within [lo, hi]. Returned in the order given.
 */
export function spreadLabels(wanted: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((p, q) => p.y - q.y);
  const n = order.length;
  if (!n) return [];
  // Clusters of labels that touch are centred on their wanted positions, then merged while they
  // overlap (the pool-adjacent-violators idea, with a gap); finally the ends are pushed inside.
  type Cluster = { start: number; count: number; top: number };
  const clusters: Cluster[] = [];
  order.forEach(({ y }, k) => {
    clusters.push({ start: k, count: 1, top: y });
    for (;;) {
      const last = clusters[clusters.length - 1]!;
      const prev = clusters[clusters.length - 2];
      if (!prev || prev.top + prev.count * gap <= last.top) break;
      const count = prev.count + last.count;
      let mean = 0;
      for (let j = prev.start; j < prev.start + count; j++) mean += order[j]!.y - (j - prev.start) * gap;
      clusters.splice(clusters.length - 2, 2, { start: prev.start, count, top: mean / count });
    }
  });
  const placed = new Array<number>(n);
  for (const c of clusters) for (let j = 0; j < c.count; j++) placed[c.start + j] = c.top + j * gap;
  // Inside the range: push down from the top, then up from the bottom.
  for (let k = 0; k < n; k++) placed[k] = Math.max(placed[k]!, lo + k * gap, k ? placed[k - 1]! + gap : -Infinity);
  for (let k = n - 1; k >= 0; k--) placed[k] = Math.min(placed[k]!, hi - (n - 1 - k) * gap, k < n - 1 ? placed[k + 1]! - gap : Infinity);
  const out = new Array<number>(n);
  order.forEach(({ i }, k) => (out[i] = placed[k]!));
  return out;
}
