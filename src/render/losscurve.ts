/**
 * The loss curve: loss against step on a log scale, as an SVG path that fits width × height.
 * Long histories are thinned to about one point per pixel column, keeping each column's highest
 * and lowest value, so spikes are never smoothed away.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';

export interface LossCurve {
  readonly path: string;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly margin: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
}

export const CURVE_MARGIN = { left: 44, right: 10, top: 8, bottom: 22 } as const;

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
    for (const i of [...new Set([start, lo, hi])].sort((p, q) => p - q)) out.push(i);
  }
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/** `losses[i]` is the loss at step firstStep + i·stride. */
export function lossCurve(losses: ArrayLike<number>, firstStep: number, width: number, height: number, stride = 1): LossCurve {
  const m = CURVE_MARGIN;
  const n = losses.length;
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const v = losses[i]!;
    if (Number.isFinite(v) && v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) {
    lo = 1e-3;
    hi = 1;
  }
  // Whole decades, so the ticks read 0.001, 0.01, 0.1, ….
  const y = scaleLog()
    .domain([10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(Math.max(hi, lo * 10)))])
    .range([height - m.bottom, m.top]);
  const x = scaleLinear()
    .domain([firstStep, firstStep + Math.max((n - 1) * stride, 1)])
    .range([m.left, width - m.right])
    .nice();
  const keep = thin(losses, Math.max(1, Math.floor(width - m.left - m.right)));
  const path =
    line<number>()
      .defined((i) => Number.isFinite(losses[i]!) && losses[i]! > 0)
      .x((i) => Math.round(x(firstStep + i * stride) * 10) / 10)
      .y((i) => Math.round(y(losses[i]!) * 10) / 10)(keep) ?? '';
  const decades = y.ticks().filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  return {
    path,
    // Steps are whole numbers: no tick at step 0.5.
    xTicks: x.ticks(5).filter(Number.isInteger).map((v) => ({ x: Math.round(x(v) * 10) / 10, label: v >= 10000 ? `${v / 1000}k` : String(v) })),
    yTicks: decades.map((v) => ({ y: Math.round(y(v) * 10) / 10, label: v >= 0.01 ? String(v) : v.toExponential(0) })),
    margin: m,
  };
}
