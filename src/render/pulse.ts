/**
 * The pulse figure, without the page: the choices it offers, the record of a live run (loss and
 * optimizer trace per step, kept bounded, with the spikes found as the loss comes in), and the
 * geometry of its two charts, which share one step axis so a surge of the loss lines up with what
 * the optimizer did at that step.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { PULSE_DETECTOR, type Spike, SpikeDetector, summariseSpikes } from '../core/spikes.ts';
import type { OptimizerName } from '../train/trainer.ts';
import { thin } from './losscurve.ts';

// ---------------------------------------------------------------------------------------------
// Choices

export const PULSE_NEURONS = [50, 100, 500] as const;

export interface OptimizerChoice {
  readonly id: OptimizerName;
  readonly label: string;
  /** Learning rates offered, and the one a run starts with. */
  readonly rates: readonly number[];
  readonly rate: number;
  /** What its second-moment estimate is called on the chart, or null when it keeps none. */
  readonly secondMoment: string | null;
}

/**
 * Rates around each optimizer's best for 100 neurons on the disc (the lowest loss after 3,000 full
 * steps): Adam 0.01, SGD 0.1, momentum 0.03, RMSprop 0.001. The largest SGD rate diverges.
 */
export const PULSE_OPTIMIZERS: readonly OptimizerChoice[] = [
  { id: 'adam', label: 'Adam', rates: [0.0003, 0.001, 0.003, 0.01, 0.03], rate: 0.01, secondMoment: '√v̂' },
  { id: 'sgd', label: 'SGD', rates: [0.01, 0.03, 0.1, 0.3, 1], rate: 0.1, secondMoment: null },
  { id: 'momentum', label: 'SGD + momentum', rates: [0.001, 0.003, 0.01, 0.03, 0.1], rate: 0.03, secondMoment: null },
  { id: 'rmsprop', label: 'RMSprop', rates: [0.0001, 0.0003, 0.001, 0.003, 0.01], rate: 0.001, secondMoment: '√v' },
];

export function optimizerChoice(id: OptimizerName): OptimizerChoice {
  return PULSE_OPTIMIZERS.find((o) => o.id === id) ?? PULSE_OPTIMIZERS[0]!;
}

/** Adam's β2 and ε as offered; the defaults are the engine's (0.999 and 1e-7). */
export const BETA2_CHOICES = [0.9, 0.99, 0.999, 0.9999] as const;
export const EPSILON_CHOICES = [1e-8, 1e-7, 1e-4, 1e-2] as const;

export const PULSE_DEFAULTS = { neurons: 100, optimizer: 'adam', learningRate: 0.01, beta2: 0.999, epsilon: 1e-7, seed: 1 } as const;

/** The learning rate to keep when switching optimizer: the same if offered, else the new one's own. */
export function rateFor(id: OptimizerName, current: number): number {
  const choice = optimizerChoice(id);
  return choice.rates.includes(current) ? current : choice.rate;
}

// ---------------------------------------------------------------------------------------------
// The record of a run

/** A series with one value per `stride` steps from step `start`. */
export interface Series {
  readonly values: readonly number[];
  readonly start: number;
  readonly stride: number;
}

/**
 * A per-step series kept to at most `max` points: when it is full, neighbours merge in pairs (the
 * higher one stays, so a surge survives) and the stride doubles. A NaN stays NaN when merged.
 */
export class StridedSeries implements Series {
  values: number[] = [];
  stride = 1;
  private carry = -Infinity;
  /** Steps gathered into `carry` so far. */
  private carried = 0;

  constructor(
    readonly start: number,
    private readonly max = 8192,
  ) {
    if (!(max >= 2)) throw new Error('StridedSeries: need max ≥ 2');
  }

  /** Step of the next value to push. */
  get next(): number {
    return this.start + this.values.length * this.stride + this.carried;
  }

  push(value: number): void {
    this.carry = Number.isNaN(value) || Number.isNaN(this.carry) ? NaN : Math.max(this.carry, value);
    if (++this.carried < this.stride) return;
    this.values.push(this.carry);
    this.carry = -Infinity;
    this.carried = 0;
    if (this.values.length < this.max) return;
    const old = this.values;
    const merged: number[] = [];
    for (let i = 0; i + 1 < old.length; i += 2) {
      const a = old[i]!;
      const b = old[i + 1]!;
      merged.push(Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
    }
    // An odd point out waits, as the first half of the next merged point.
    if (old.length % 2 === 1) {
      this.carry = old[old.length - 1]!;
      this.carried = this.stride;
    }
    this.values = merged;
    this.stride *= 2;
  }
}

export interface PulseSummary {
  /** Spikes counted (peaking after the detector's warm-up). */
  readonly count: number;
  /** Median steps between consecutive peaks, and median relative height; null when undefined. */
  readonly medianPeriod: number | null;
  readonly medianHeight: number | null;
}

/**
 * What a live run has shown so far: the loss at every step from `origin`, the optimizer's update
 * norm and second-moment root for each update (the update taken at step s sits at s, with the
 * loss it started from), and the spikes of the loss, found with PULSE_DETECTOR as the loss comes
 * in. Memory stays bounded: the series thin themselves, and only the latest `keep` spikes are kept
 * (the period and height are their medians; the count is of all).
 */
export class PulseRecord {
  readonly loss: StridedSeries;
  readonly update: StridedSeries;
  readonly root: StridedSeries;
  private readonly detector: SpikeDetector;
  /** Bumped whenever something was added. */
  version = 0;

  constructor(
    readonly origin = 0,
    max = 8192,
    keep = 1000,
  ) {
    this.loss = new StridedSeries(origin, max);
    this.update = new StridedSeries(origin, max);
    this.root = new StridedSeries(origin, max);
    this.detector = new SpikeDetector(PULSE_DETECTOR, keep);
  }

  /** The loss before any update (a fresh run's first snapshot): taken once, at the origin. */
  begin(loss: number): void {
    if (this.loss.next !== this.origin) return;
    this.pushLoss(loss);
    this.version++;
  }

  /**
   * A snapshot taken at `step`, with the losses of the steps since the previous one and, for a
   * traced run, the TRACE_FIELDS of each (three numbers per step). Steps already recorded are
   * skipped, so overlapping snapshots are harmless.
   */
  take(step: number, losses: ArrayLike<number>, trace: ArrayLike<number> | null): void {
    const first = step - losses.length;
    if (trace && trace.length !== 3 * losses.length) throw new Error(`a trace of ${trace.length} numbers for ${losses.length} steps`);
    let added = false;
    for (let j = 0; j < losses.length; j++) {
      const at = first + j;
      if (at === this.loss.next) {
        this.pushLoss(losses[j]!);
        added = true;
      }
      if (trace && at === this.update.next) {
        this.update.push(trace[3 * j]!);
        this.root.push(trace[3 * j + 2]!);
        added = true;
      }
    }
    if (added) this.version++;
  }

  private pushLoss(value: number): void {
    this.loss.push(value);
    this.detector.push(value);
  }

  /** Last step whose loss is recorded (origin − 1 before any). */
  get lastStep(): number {
    return this.loss.next - 1;
  }

  /** The spikes that count (peaking after the warm-up), in steps of the run; the latest `keep` at most. */
  spikes(): Spike[] {
    const o = this.origin;
    return this.detector.spikes().map((s) => (o === 0 ? s : { ...s, start: s.start + o, peak: s.peak + o, end: s.end + o }));
  }

  summary(): PulseSummary {
    const s = summariseSpikes(this.detector.spikes());
    return { count: this.detector.count, medianPeriod: s.medianPeriod, medianHeight: s.medianHeight };
  }
}

// ---------------------------------------------------------------------------------------------
// Charts

export const PULSE_MARGIN = { left: 48, right: 12, top: 8, bottom: 22 } as const;
/** The step axis spans at least this many steps, so a new run fills it from the left. */
export const MIN_SPAN = 1000;
export const LOSS_HEIGHT = 200;
export const TRACE_PANEL = 64;
/** Room above each trace panel for its name. */
export const TRACE_LABEL = 18;
export const TRACE_HEIGHT = PULSE_MARGIN.top + 2 * (TRACE_LABEL + TRACE_PANEL) + 6 + PULSE_MARGIN.bottom;

export interface Tick {
  readonly at: number;
  readonly label: string;
}

export interface LogPanel {
  readonly top: number;
  readonly bottom: number;
  readonly path: string;
  readonly ticks: readonly Tick[];
  /** False when the series has no positive finite value to draw. */
  readonly drawn: boolean;
  /** The values at the bottom and the top: whole decades. */
  readonly domain: readonly [number, number];
}

export interface SpikeMark {
  readonly x: number;
  readonly y: number;
  readonly step: number;
  readonly height: number;
}

export interface PulseCharts {
  readonly width: number;
  readonly xTicks: readonly Tick[];
  readonly loss: LogPanel;
  /** One mark per spike (at most one per few pixels), at its peak. */
  readonly marks: readonly SpikeMark[];
  /** The update norm, then the second moment's root. */
  readonly update: LogPanel;
  readonly root: LogPanel;
}

const round = (v: number): number => Math.round(v * 10) / 10;

/** Log-scale tick label: 0.01, 0.1, 1, 10 as they are, smaller or larger as 1e-3, 1e+2. */
export function logLabel(v: number): string {
  return v >= 0.01 && v <= 100 ? String(v) : v.toExponential(0);
}

/** The step axis: from the origin to the last step (at least MIN_SPAN), rounded outward. */
export function stepScale(origin: number, last: number, width: number) {
  const m = PULSE_MARGIN;
  return scaleLinear()
    .domain([origin, Math.max(last, origin + MIN_SPAN)])
    .range([m.left, width - m.right])
    .nice();
}

/**
 * A series on a log scale between `top` and `bottom` (whole decades, fallback when nothing can be
 * drawn), thinned to a few points per pixel column with each column's extremes kept.
 */
export function logPanel(
  series: Series,
  x: (step: number) => number,
  width: number,
  top: number,
  bottom: number,
  fallback: readonly [number, number],
): LogPanel {
  const { values, start, stride } = series;
  let lo = Infinity;
  let hi = 0;
  for (const v of values) {
    if (Number.isFinite(v) && v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const drawn = Number.isFinite(lo);
  if (!drawn) [lo, hi] = fallback;
  const from = Math.floor(Math.log10(lo));
  const to = Math.max(Math.ceil(Math.log10(hi)), from + 1);
  const y = scaleLog()
    .domain([Number(`1e${from}`), Number(`1e${to}`)])
    .range([bottom, top]);
  // Room for a label every 14 px or so: every decade, or every second, third, ….
  const every = Math.max(1, Math.ceil((to - from) / Math.max(1, Math.floor((bottom - top) / 14))));
  const ticks: Tick[] = [];
  for (let d = from; d <= to; d++) if ((d - from) % every === 0) ticks.push({ at: round(y(Number(`1e${d}`))), label: logLabel(Number(`1e${d}`)) });
  const m = PULSE_MARGIN;
  const keep = drawn ? thin(values, Math.max(1, Math.floor(width - m.left - m.right))) : [];
  const path =
    line<number>()
      .defined((i) => Number.isFinite(values[i]!) && values[i]! > 0)
      .x((i) => round(x(start + i * stride)))
      .y((i) => round(y(values[i]!)))(keep) ?? '';
  return { top, bottom, path, ticks, drawn, domain: [Number(`1e${from}`), Number(`1e${to}`)] };
}

/** Marks at the spikes' peaks, skipping any within `gap` pixels of the previous one drawn. */
export function spikeMarks(spikes: readonly Spike[], x: (step: number) => number, y: (loss: number) => number, top: number, gap = 4): SpikeMark[] {
  const out: SpikeMark[] = [];
  let last = -Infinity;
  for (const s of spikes) {
    const px = round(x(s.peak));
    if (px - last < gap) continue;
    last = px;
    out.push({ x: px, y: Math.max(top, round(y(s.peakLoss))), step: s.peak, height: s.height });
  }
  return out;
}

/** Everything the two charts draw, for a chart `width` pixels wide. */
export function pulseCharts(record: PulseRecord, width: number): PulseCharts {
  const m = PULSE_MARGIN;
  const x = stepScale(record.origin, record.lastStep, width);
  const xTicks = x
    .ticks(width < 500 ? 4 : 6)
    .filter(Number.isInteger)
    .map((v) => ({ at: round(x(v)), label: v >= 10000 ? `${v / 1000}k` : String(v) }));
  const loss = logPanel(record.loss, x, width, m.top, LOSS_HEIGHT - m.bottom, [1e-3, 1]);
  const yLoss = scaleLog().domain(loss.domain).range([loss.bottom, loss.top]);
  const marks = spikeMarks(record.spikes(), x, yLoss, m.top);
  const first = m.top + TRACE_LABEL;
  const update = logPanel(record.update, x, width, first, first + TRACE_PANEL, [1e-3, 1]);
  const second = first + TRACE_PANEL + 6 + TRACE_LABEL;
  const root = logPanel(record.root, x, width, second, second + TRACE_PANEL, [1e-5, 1e-2]);
  return { width, xTicks, loss, marks, update, root };
}

// ---------------------------------------------------------------------------------------------
// Words

/** A relative height as a percentage: 0.46 → "46 %". */
export function formatHeight(h: number | null): string {
  return h === null || !Number.isFinite(h) ? '—' : `${Math.round(h * 100)} %`;
}

/** Short number for the text alternatives: 3 significant digits. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return 'unknown';
  return Math.abs(v) >= 0.001 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(2).replace('e', '×10^');
}

/** The loss chart in words. */
export function describeLoss(step: number, loss: number, summary: PulseSummary, started: boolean): string {
  if (!started) return 'Training loss against step, log scale: empty until the network trains. Press Play to start.';
  const spikes =
    summary.count === 0
      ? 'no spikes found yet'
      : `${summary.count} spike${summary.count === 1 ? '' : 's'} marked` +
        (summary.medianPeriod !== null ? `, a median ${Math.round(summary.medianPeriod)} steps apart` : '') +
        (summary.medianHeight !== null ? `, rising a median ${formatHeight(summary.medianHeight)} above the loss before them` : '');
  return `Training loss against step, log scale, up to step ${step}: now ${formatValue(loss)}; ${spikes}.`;
}

/** The trace chart in words. */
export function describeTrace(optimizer: OptimizerChoice, update: number, root: number, started: boolean): string {
  const what = `The size of each update, ‖Δθ‖, against step, log scale`;
  const second = optimizer.secondMoment
    ? `and below it the median root of ${optimizer.label}'s second-moment estimate, ${optimizer.secondMoment}`
    : `(${optimizer.label} keeps no second-moment estimate)`;
  if (!started) return `${what}, ${second}: empty until the network trains.`;
  const now = optimizer.secondMoment ? `; now ${formatValue(update)} and ${formatValue(root)}` : `; now ${formatValue(update)}`;
  return `${what}, ${second}${now}.`;
}
