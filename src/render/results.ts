/**
 * What the charts of measured results share (src/render/pulseresults.ts, bundlingresults.ts,
 * edgeresults.ts): the plot box inside a panel, ticks on log and linear axes, labels kept apart,
 * and numbers written the way the tables print them. Pure geometry and text; nothing here draws.
 */
import type { ScaleContinuousNumeric } from 'd3-scale';

export interface Margin {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A panel of width × height; the data go in the box left of `right` and above `bottom`. */
export interface Box {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function box(width: number, height: number, margin: Margin): Box {
  return { width, height, left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
}

export interface Tick {
  /** Position along the axis, in panel units. */
  readonly at: number;
  readonly label: string;
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

function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return String(n)
    .split('')
    .map((d) => (d === '-' ? '⁻' : (digits[Number(d)] ?? d)))
    .join('');
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

/** About `count` round ticks of a linear scale, labelled with `format`. */
export function linearTicks(scale: ScaleContinuousNumeric<number, number>, count: number, format: (v: number) => string = formatPlain): Tick[] {
  return scale.ticks(count).map((v) => ({ at: scale(v), label: format(v) }));
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
