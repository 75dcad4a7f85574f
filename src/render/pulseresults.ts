/**
 * Charts and tables of the pulse study (src/experiments/pulse.ts): the loss of each optimizer over
 * the whole run as small multiples, one surge of Adam's loss step by step, and the study's counts
 * of surges for each optimizer and each of Adam's constants. Pure geometry for SVG drawn at build
 * time; PulseResults.astro renders it.
 */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { area, line } from 'd3-shape';
import { type Box, type Tick, box, decadeTicks, formatPlain, formatSignificant, linearTicks } from './results.ts';
import { OPTIMIZER_LABELS, type OptimizerName } from '../train/trainer.ts';

/** A long series in windows: each window's first step, lowest and highest value (common.ts: envelope). */
export interface Envelope {
  readonly step: readonly number[];
  readonly min: readonly number[];
  readonly max: readonly number[];
}

export interface SpikeSummary {
  readonly count: number;
  readonly medianPeriod: number | null;
  readonly medianHeight: number | null;
}

export interface RunSummary {
  readonly learningRate: number;
  readonly finalLoss: number;
  readonly spikes: SpikeSummary;
  readonly edgeRatio: { readonly median: number; readonly min: number; readonly max: number };
}

export interface Surge {
  readonly peak: number;
  readonly step: readonly number[];
  readonly loss: readonly number[];
  readonly updateNorm: readonly number[];
  readonly gradientNorm: readonly number[];
  readonly edgeRatio: readonly number[];
}

/** The optimizers' names, as every figure spells them. */
export const OPTIMIZER_NAMES = OPTIMIZER_LABELS;
export type OptimizerKey = OptimizerName;
export const OPTIMIZER_ORDER: readonly OptimizerKey[] = ['adam', 'sgd', 'momentum', 'rmsprop'];

/** One small multiple of the loss over the run. */
export const LOSS_PANEL = { width: 420, height: 200, margin: { left: 50, right: 24, top: 30, bottom: 28 } } as const;
/** Losses above this are drawn at the top edge and flagged: the first steps of SGD shoot far above. */
export const LOSS_CEILING = 0.5;

export interface LossPanel {
  readonly key: OptimizerKey;
  readonly title: string;
  readonly box: Box;
  /** The band between each window's lowest and highest loss. */
  readonly band: string;
  /** Each window's lowest loss, as a line along the bottom of the band. */
  readonly floor: string;
  readonly points: number;
  /** Windows whose highest loss lies above the ceiling: where, and how high. */
  readonly offScale: readonly { readonly x: number; readonly y: number; readonly value: number }[];
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
}

/** The four loss curves on one log scale shared by all panels, steps 0 … `steps` across. */
export function lossPanels(losses: Readonly<Record<OptimizerKey, Envelope>>, runs: Readonly<Record<OptimizerKey, RunSummary>>, steps: number): LossPanel[] {
  const b = box(LOSS_PANEL.width, LOSS_PANEL.height, LOSS_PANEL.margin);
  const lowest = Math.min(...OPTIMIZER_ORDER.flatMap((k) => losses[k].min));
  const y = scaleLog()
    .domain([lowest / 1.4, LOSS_CEILING])
    .range([b.bottom, b.top])
    .clamp(true);
  const x = scaleLinear().domain([0, steps]).range([b.left, b.right]);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ at: x(f * steps), label: formatPlain(f * steps) }));
  const yTicks = decadeTicks(y);
  return OPTIMIZER_ORDER.map((key) => {
    const e = losses[key];
    const r = runs[key];
    const idx = e.step.map((_, i) => i);
    const band =
      area<number>()
        .x((i) => x(e.step[i]!))
        .y0((i) => y(e.min[i]!))
        .y1((i) => y(e.max[i]!))(idx) ?? '';
    const floor =
      line<number>()
        .x((i) => x(e.step[i]!))
        .y((i) => y(e.min[i]!))(idx) ?? '';
    const surges = r.spikes.count === 0 ? 'no surges' : r.spikes.count === 1 ? '1 surge' : `${r.spikes.count} surges`;
    return {
      key,
      title: `${OPTIMIZER_NAMES[key]}, rate ${formatPlain(r.learningRate)}: ${surges}`,
      box: b,
      band,
      floor,
      points: idx.length,
      offScale: idx.filter((i) => e.max[i]! > LOSS_CEILING).map((i) => ({ x: x(e.step[i]!), y: b.top, value: e.max[i]! })),
      xTicks,
      yTicks,
    };
  });
}

/** The highest loss above the ceiling, to as many digits as its whole part has (at least two). */
export function offScaleLabel(offScale: readonly { readonly value: number }[]): string {
  const top = Math.max(...offScale.map((o) => o.value));
  return formatSignificant(top, Math.max(2, Math.floor(Math.log10(top)) + 1));
}

/** Each loss panel in words, in panel order: the loss it ends at, its surges, any flare off the scale. */
export function lossSummaries(losses: Readonly<Record<OptimizerKey, Envelope>>, runs: Readonly<Record<OptimizerKey, RunSummary>>, steps: number): string[] {
  return OPTIMIZER_ORDER.map((k) => {
    const r = runs[k];
    const surges = r.spikes.count ? `${r.spikes.count} surges, about every ${formatPlain(r.spikes.medianPeriod ?? 0)} steps` : 'no surges';
    const top = Math.max(...losses[k].max);
    const flare = top > LOSS_CEILING ? `; in its first steps the loss shoots up to ${offScaleLabel([{ value: top }])}, off the top of the scale` : '';
    return `${OPTIMIZER_NAMES[k]} at rate ${formatPlain(r.learningRate)}, loss over ${formatPlain(steps)} steps on a log scale: ends at ${formatSignificant(r.finalLoss)} with ${surges}${flare}.`;
  });
}

/** The stacked panels through one surge. */
export const SURGE_CHART = { width: 420, panelHeight: 72, gap: 26, margin: { left: 56, right: 24, top: 22, bottom: 42 } } as const;

export type SurgeKey = 'loss' | 'updateNorm' | 'gradientNorm' | 'edgeRatio';
export const SURGE_ROWS: readonly { readonly key: SurgeKey; readonly label: string; readonly log: boolean }[] = [
  { key: 'loss', label: 'loss', log: false },
  { key: 'updateNorm', label: 'size of the step (log scale)', log: true },
  { key: 'gradientNorm', label: 'size of the gradient (log scale)', log: true },
  { key: 'edgeRatio', label: 'preconditioned sharpness ÷ stability limit', log: false },
];

export interface SurgePanel {
  readonly key: SurgeKey;
  readonly label: string;
  readonly top: number;
  readonly bottom: number;
  readonly path: string;
  readonly points: number;
  readonly yTicks: readonly Tick[];
  /** The stability limit, where the ratio is 1 (edge ratio panel only). */
  readonly limit: number | null;
}

export function surgeChart(s: Surge) {
  const { width, panelHeight, gap, margin } = SURGE_CHART;
  const height = margin.top + SURGE_ROWS.length * panelHeight + (SURGE_ROWS.length - 1) * gap + margin.bottom;
  const left = margin.left;
  const right = width - margin.right;
  const first = s.step[0]!;
  const last = s.step[s.step.length - 1]!;
  const x = scaleLinear().domain([first, last]).range([left, right]);
  const panels: SurgePanel[] = SURGE_ROWS.map((row, k) => {
    const values = s[row.key];
    const top = margin.top + k * (panelHeight + gap);
    const bottom = top + panelHeight;
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    if (row.key === 'edgeRatio') {
      lo = Math.min(lo, 1);
      hi = Math.max(hi, 1);
    }
    let y: ScaleContinuousNumeric<number, number>;
    let yTicks: Tick[];
    if (row.log) {
      y = scaleLog()
        .domain([lo / 1.25, hi * 1.25])
        .range([bottom, top]);
      yTicks = decadeTicks(y, 3);
    } else {
      const pad = (hi - lo) * 0.08;
      y = scaleLinear()
        .domain([lo - pad, hi + pad])
        .range([bottom, top]);
      yTicks = linearTicks(y, 3, (v) => formatSignificant(v, 3));
    }
    const path =
      line<number>()
        .x((_, i) => x(s.step[i]!))
        .y((v) => y(v))(values) ?? '';
    return { key: row.key, label: row.label, top, bottom, path, points: values.length, yTicks, limit: row.key === 'edgeRatio' ? y(1) : null };
  });
  // Steps counted from the peak: −60, −30, 0, +30, …
  const rel = scaleLinear().domain([first - s.peak, last - s.peak]);
  const xTicks = rel.ticks(5).map((d) => ({ at: x(s.peak + d), label: d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0' }));
  return { width, height, left, right, panels, xTicks, peakX: x(s.peak) };
}

export function surgeSummary(s: Surge): string {
  const at = s.step.indexOf(s.peak);
  const before = s.edgeRatio.slice(0, Math.max(1, at));
  const after = s.edgeRatio.slice(at);
  const loss0 = s.loss[0]!;
  const peakLoss = Math.max(...s.loss);
  return (
    `One surge of Adam's loss, step by step around step ${formatPlain(s.peak)}: the loss climbs from ${formatSignificant(loss0)} to ${formatSignificant(peakLoss)} and is back at ${formatSignificant(s.loss[s.loss.length - 1]!)} ${s.step[s.step.length - 1]! - s.peak} steps later; ` +
    `the step size jumps from ${formatSignificant(s.updateNorm[0]!)} to ${formatSignificant(Math.max(...s.updateNorm))} and the gradient from ${formatSignificant(s.gradientNorm[0]!)} to ${formatSignificant(Math.max(...s.gradientNorm))}. ` +
    `The ratio of the preconditioned sharpness to the stability limit creeps up to ${formatSignificant(Math.max(...before))} before the peak and drops to ${formatSignificant(Math.min(...after))} after it.`
  );
}

/** Adam's constants, tried one at a time: a row per value. */
export interface ConstantRow {
  readonly constant: string;
  readonly value: string;
  readonly usual: boolean;
  readonly spikes: string;
  readonly period: string;
  readonly height: string;
  readonly finalLoss: string;
}

const DASH = '–';

export function constantRows(sweeps: readonly { readonly symbol: string; readonly usual: number; readonly runs: Readonly<Record<string, RunSummary>> }[]): ConstantRow[] {
  return sweeps.flatMap(({ symbol, usual, runs }) =>
    Object.entries(runs)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([value, r]) => ({
        constant: symbol,
        value: formatSignificant(Number(value), 4),
        usual: Number(value) === usual,
        spikes: String(r.spikes.count),
        period: r.spikes.medianPeriod === null ? DASH : formatPlain(r.spikes.medianPeriod),
        height: r.spikes.medianHeight === null ? DASH : `${formatPlain(Math.round(r.spikes.medianHeight * 100))} %`,
        finalLoss: formatSignificant(r.finalLoss),
      })),
  );
}

export interface OptimizerRow {
  readonly name: string;
  readonly rate: string;
  readonly spikes: string;
  readonly finalLoss: string;
  readonly edgeRatio: string;
}

export function optimizerRows(runs: Readonly<Record<OptimizerKey, RunSummary>>): OptimizerRow[] {
  return OPTIMIZER_ORDER.map((k) => {
    const r = runs[k];
    return {
      name: OPTIMIZER_NAMES[k],
      rate: formatPlain(r.learningRate),
      spikes: String(r.spikes.count),
      finalLoss: formatSignificant(r.finalLoss),
      edgeRatio: r.edgeRatio.median.toFixed(2),
    };
  });
}
