/**
 * Charts and a table of the pulse's causes (src/experiments/pulsecauses.ts): surges per run for
 * each change to the optimizer, one dot per seed with the mean and its 95 % interval, and the loss
 * of the first seed of each as small multiples on one log scale. Pure geometry for SVG drawn at
 * build time; PulseCausesResults.astro renders it.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { Envelope } from './pulseresults.ts';
import { type Box, type Tick, box, decadeTicks, formatPlain, formatSignificant, linearTicks } from './results.ts';

export interface CauseCondition {
  readonly key: string;
  readonly label: string;
  readonly surges: {
    readonly counts: readonly number[];
    readonly mean: number;
    readonly low: number | null;
    readonly high: number | null;
    readonly poisson: { readonly rate: number; readonly low: number; readonly high: number };
  };
  readonly ripples: { readonly counts: readonly number[]; readonly mean: number };
  readonly medianHeight: number | null;
  readonly finalLoss: { readonly mean: number };
  readonly edgeRatio: { readonly median: number; readonly min: number; readonly max: number };
  readonly runs: readonly { readonly learningRate: number }[];
  readonly curve: Envelope;
}

/** Short names for the rows and panels. */
export function conditionName(key: string): string {
  if (key === 'adam') return 'Adam';
  if (key === 'amsgrad') return 'AMSGrad';
  if (key.startsWith('gd')) return 'gradient descent';
  const floor = /^floor (.+)$/.exec(key);
  if (floor) return `Adam, √v̂ ≥ ${formatSignificant(Number(floor[1]))}`;
  return key;
}

export const SURGE_CHART = { width: 420, row: 36, margin: { left: 148, right: 24, top: 16, bottom: 44 } } as const;

export interface SurgeRow {
  readonly name: string;
  readonly y: number;
  /** One dot per seed, nudged up and down so equal counts stay apart. */
  readonly dots: readonly { readonly x: number; readonly y: number; readonly count: number }[];
  readonly mean: number;
  /** The 95 % interval of the mean over seeds, as x positions (clamped at 0 surges). */
  readonly low: number;
  readonly high: number;
}

/**
 * The interval a condition's surges per run are shown with: Student's t over the seeds, unless the
 * seeds all gave the same count (a spread of zero says nothing about how much the count varies),
 * then the exact Poisson interval for the count per run.
 */
export function surgeInterval(s: CauseCondition['surges']): { low: number; high: number; poisson: boolean } {
  const same = s.counts.every((k) => k === s.counts[0]);
  if (same || s.low === null || s.high === null) return { low: s.poisson.low, high: s.poisson.high, poisson: true };
  return { low: Math.max(0, s.low), high: s.high, poisson: false };
}

/** Surges per run on one linear axis, a row per condition. */
export function surgeChart(conditions: readonly CauseCondition[]) {
  const { width, row, margin } = SURGE_CHART;
  const height = margin.top + margin.bottom + row * conditions.length;
  const b = box(width, height, margin);
  const most = Math.max(1, ...conditions.flatMap((c) => [...c.surges.counts, surgeInterval(c.surges).high]));
  const x = scaleLinear().domain([0, most]).nice().range([b.left, b.right]);
  const rows: SurgeRow[] = conditions.map((c, i) => {
    const y = b.top + row * (i + 0.5);
    const n = c.surges.counts.length;
    return {
      name: conditionName(c.key),
      y,
      dots: c.surges.counts.map((count, k) => ({ x: x(count), y: y + (n > 1 ? (k / (n - 1) - 0.5) * row * 0.5 : 0), count })),
      mean: x(c.surges.mean),
      low: x(surgeInterval(c.surges).low),
      high: x(surgeInterval(c.surges).high),
    };
  });
  return { width, height, box: b, rows, xTicks: linearTicks(x, 5) as Tick[] };
}

const range = (lo: number, hi: number, digits: number) => `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;

/** The table's rows: rate, surges per run with their interval, ripples, loss, sharpness over the limit. */
export function causeRows(conditions: readonly CauseCondition[]) {
  return conditions.map((c) => {
    const rates = c.runs.map((r) => r.learningRate);
    const lo = Math.min(...rates);
    const hi = Math.max(...rates);
    const s = c.surges;
    const shown = surgeInterval(s);
    const interval = s.counts.every((k) => k === 0) ? `0 (≤ ${shown.high.toFixed(1)})` : `${formatSignificant(s.mean, 3)} (${range(shown.low, shown.high, 1)})`;
    return {
      name: conditionName(c.key),
      rate: lo === hi ? formatSignificant(lo, 3) : `${formatSignificant(lo, 2)}–${formatSignificant(hi, 2)}`,
      surges: interval,
      ripples: formatSignificant(c.ripples.mean, 3),
      finalLoss: formatSignificant(c.finalLoss.mean, 3),
      edgeRatio: `${c.edgeRatio.median.toFixed(2)} (${range(c.edgeRatio.min, c.edgeRatio.max, 2)})`,
    };
  });
}

export const CAUSE_PANEL = { width: 420, height: 170, margin: { left: 50, right: 20, top: 28, bottom: 26 } } as const;

export interface CausePanel {
  readonly key: string;
  readonly title: string;
  readonly box: Box;
  readonly band: string;
  readonly floor: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
}

/** The first seed's loss for each condition, on one log scale shared by every panel; losses above `ceiling` are clamped to the top. */
export function causePanels(conditions: readonly CauseCondition[], steps: number, ceiling = 0.5): CausePanel[] {
  const b = box(CAUSE_PANEL.width, CAUSE_PANEL.height, CAUSE_PANEL.margin);
  const lowest = Math.min(...conditions.flatMap((c) => c.curve.min));
  const y = scaleLog()
    .domain([lowest / 1.4, ceiling])
    .range([b.bottom, b.top])
    .clamp(true);
  const x = scaleLinear().domain([0, steps]).range([b.left, b.right]);
  const xTicks = [0, 0.5, 1].map((f) => ({ at: x(f * steps), label: formatPlain(f * steps) }));
  return conditions.map((c) => {
    const e = c.curve;
    const idx = e.step.map((_, i) => i);
    const count = c.surges.counts[0] ?? 0;
    return {
      key: c.key,
      title: `${conditionName(c.key)}: ${count === 1 ? '1 surge' : `${count} surges`} (first seed)`,
      box: b,
      band:
        area<number>()
          .x((i) => x(e.step[i]!))
          .y0((i) => y(e.min[i]!))
          .y1((i) => y(e.max[i]!))(idx) ?? '',
      floor:
        line<number>()
          .x((i) => x(e.step[i]!))
          .y((i) => y(e.min[i]!))(idx) ?? '',
      xTicks,
      yTicks: decadeTicks(y),
    };
  });
}

/** The chart in words. */
export function causesSummary(conditions: readonly CauseCondition[]): string {
  const parts = conditions.map((c) => `${conditionName(c.key)} ${c.surges.counts.join(', ')} (mean ${formatSignificant(c.surges.mean, 3)})`);
  return `Surges per run of ${conditions[0]?.surges.counts.length ?? 0} seeds: ${parts.join('; ')}.`;
}
