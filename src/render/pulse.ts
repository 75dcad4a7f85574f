/**
 * The pulse figure, without the page: the choices it offers, the record of a live run (loss and
 * optimizer trace per step, kept bounded, with the spikes found as the loss comes in), and the
 * geometry of its two charts, which share one step axis so a surge of the loss lines up with what
 * the optimizer did at that step.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { History } from '../core/history.ts';
import { PULSE_DETECTOR, type Spike, SpikeDetector, summariseSpikes } from '../core/spikes.ts';
import { OPTIMIZER_LABELS, type OptimizerName } from '../train/trainer.ts';
import { LIVE_MARGIN, type Tick, logAxis, logLabel, r1, stepTicks } from './axis.ts';
import { type Points, linePath, thin } from './series.ts';

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
 * Learning rates offered per optimizer, and the one a run starts with. Each starting rate trains
 * 100 neurons on the disc from seed 1 without the loss ever rising above where it began (Adam's
 * pulse aside). Larger ones show what goes wrong: SGD at 0.1 overshoots to a loss in the hundreds
 * before settling, and with 500 neurons SGD and momentum diverge at their two largest rates.
 */
export const PULSE_OPTIMIZERS: readonly OptimizerChoice[] = [
  { id: 'adam', label: OPTIMIZER_LABELS.adam, rates: [0.0003, 0.001, 0.003, 0.01, 0.03], rate: 0.01, secondMoment: '√v̂' },
  { id: 'sgd', label: OPTIMIZER_LABELS.sgd, rates: [0.001, 0.003, 0.01, 0.03, 0.1], rate: 0.03, secondMoment: null },
  { id: 'momentum', label: OPTIMIZER_LABELS.momentum, rates: [0.001, 0.003, 0.01, 0.03, 0.1], rate: 0.01, secondMoment: null },
  { id: 'rmsprop', label: OPTIMIZER_LABELS.rmsprop, rates: [0.0001, 0.0003, 0.001, 0.003, 0.01], rate: 0.001, secondMoment: '√v' },
];

export function optimizerChoice(id: OptimizerName): OptimizerChoice {
  return PULSE_OPTIMIZERS.find((o) => o.id === id) ?? PULSE_OPTIMIZERS[0]!;
}

/** Adam's β2 and ε as offered; the defaults are the engine's (0.999 and 1e-7). */
export const BETA2_CHOICES = [0.9, 0.99, 0.999, 0.9999] as const;
export const EPSILON_CHOICES = [1e-8, 1e-7, 1e-4, 1e-2] as const;

export const PULSE_DEFAULTS = { neurons: 100, optimizer: 'adam', learningRate: 0.01, beta2: 0.999, epsilon: 1e-7, seed: 1 } as const;

// ---------------------------------------------------------------------------------------------
// The record of a run

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
 * in. Memory stays bounded: the series are Histories (src/core/history.ts) that thin themselves
 * keeping their peaks, and only the latest `keep` spikes are kept (the period and height are their
 * medians; the count is of all).
 */
export class PulseRecord {
  readonly loss: History;
  readonly update: History;
  readonly root: History;
  private readonly detector: SpikeDetector;

  constructor(
    readonly origin = 0,
    max = 8192,
    keep = 1000,
  ) {
    this.loss = new History(max);
    this.update = new History(max);
    this.root = new History(max);
    this.detector = new SpikeDetector(PULSE_DETECTOR, keep);
  }

  /** Bumped whenever something was added. */
  get version(): number {
    return this.loss.version + this.update.version + this.root.version;
  }

  /** The step whose loss comes next. */
  private get nextLoss(): number {
    return this.loss.length ? this.loss.lastStep + 1 : this.origin;
  }

  /** The loss before any update (a fresh run's first snapshot): taken once, at the origin. */
  begin(loss: number): void {
    if (this.loss.length) return;
    this.pushLoss(this.origin, loss);
  }

  /**
   * A snapshot taken at `step`, with the losses of the steps since the previous one and, for a
   * traced run, the TRACE_FIELDS of each (three numbers per step). Steps already recorded are
   * skipped, so overlapping snapshots are harmless.
   */
  take(step: number, losses: ArrayLike<number>, trace: ArrayLike<number> | null): void {
    const first = step - losses.length;
    if (trace && trace.length !== 3 * losses.length) throw new Error(`a trace of ${trace.length} numbers for ${losses.length} steps`);
    for (let j = 0; j < losses.length; j++) {
      const at = first + j;
      if (at === this.nextLoss) this.pushLoss(at, losses[j]!);
      if (trace && at === (this.update.length ? this.update.lastStep + 1 : this.origin)) {
        this.update.push(at, trace[3 * j]!);
        this.root.push(at, trace[3 * j + 2]!);
      }
    }
  }

  private pushLoss(step: number, value: number): void {
    this.loss.push(step, value);
    this.detector.push(value);
  }

  /** Last step whose loss is recorded (origin − 1 before any). */
  get lastStep(): number {
    return this.nextLoss - 1;
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

export const PULSE_MARGIN = LIVE_MARGIN;
/** The step axis spans at least this many steps, so a new run fills it from the left. */
export const MIN_SPAN = 1000;
/** The last steps shown when the charts look at the end of a run only. */
export const RECENT_SPAN = 2000;
export const LOSS_HEIGHT = 200;
export const TRACE_PANEL = 72;
/** Room above each trace panel for its name. */
export const TRACE_LABEL = 22;
/** Least room, in pixels, for each labelled decade of a log axis. */
const TICK_ROOM = 18;
/** Guides run down both charts at each spike while they are at least this far apart on average. */
const GUIDE_ROOM = 20;
export const TRACE_HEIGHT = PULSE_MARGIN.top + 2 * (TRACE_LABEL + TRACE_PANEL) + 6 + PULSE_MARGIN.bottom;

export interface LogPanel {
  readonly top: number;
  readonly bottom: number;
  readonly path: string;
  /** More points than pixel columns (see ChartFrame): drawn one pixel wide. */
  readonly dense: boolean;
  readonly ticks: readonly Tick[];
  /** False when the series has fewer than two positive finite values to draw. */
  readonly drawn: boolean;
  /** The values at the bottom and the top. */
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
  /** One mark per spike in view (at most one per few pixels), at its peak. */
  readonly marks: readonly SpikeMark[];
  /** Whether the marks are few enough to draw guides through both charts. */
  readonly guides: boolean;
  /** The update norm, then the second moment's root. */
  readonly update: LogPanel;
  readonly root: LogPanel;
}

/**
 * The step axis, rounded outward: from the origin to the last step (at least MIN_SPAN), or with
 * `span`, over the last `span` steps once the run is longer than that.
 */
export function stepScale(origin: number, last: number, width: number, span: number | null = null) {
  const m = PULSE_MARGIN;
  const from = span !== null && last - span > origin ? last - span : origin;
  const x = scaleLinear()
    .domain([from, Math.max(last, from + MIN_SPAN)])
    .range([m.left, width - m.right])
    .nice();
  // Rounding outward must not reach before the run began.
  const [lo, hi] = x.domain() as [number, number];
  return lo < origin ? x.domain([origin, hi]) : x;
}

/**
 * A series (steps and values) on a log scale between `top` and `bottom` (see logAxis; `fallback`
 * gives the range when there is nothing to draw), thinned to a few points per pixel column with
 * each column's extremes kept.
 */
export function logPanel(
  series: Points,
  x: (step: number) => number,
  width: number,
  top: number,
  bottom: number,
  fallback: readonly [number, number],
): LogPanel {
  const { steps, values } = series;
  let lo = Infinity;
  let hi = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      count++;
    }
  }
  // A line needs two points; until then the panel keeps its empty axes.
  const drawn = count >= 2;
  if (!drawn) [lo, hi] = fallback;
  const axis = logAxis(lo, hi, Math.floor((bottom - top) / TICK_ROOM));
  const y = scaleLog().domain(axis.domain).range([bottom, top]);
  const ticks = axis.ticks.map((v) => ({ at: r1(y(v)), label: logLabel(v) }));
  const m = PULSE_MARGIN;
  const columns = Math.max(1, Math.floor(width - m.left - m.right));
  const keep = drawn ? thin(values, columns) : [];
  const path = linePath(
    keep,
    (i) => r1(x(steps[i]!)),
    (i) => r1(y(values[i]!)),
    (i) => Number.isFinite(values[i]!) && values[i]! > 0,
  );
  return { top, bottom, path, dense: keep.length > columns, ticks, drawn, domain: axis.domain };
}

/** Marks at the spikes' peaks, skipping any within `gap` pixels of the previous one drawn. */
export function spikeMarks(spikes: readonly Spike[], x: (step: number) => number, y: (loss: number) => number, top: number, gap = 4): SpikeMark[] {
  const out: SpikeMark[] = [];
  let last = -Infinity;
  for (const s of spikes) {
    const px = r1(x(s.peak));
    if (px - last < gap) continue;
    last = px;
    out.push({ x: px, y: Math.max(top, r1(y(s.peakLoss))), step: s.peak, height: s.height });
  }
  return out;
}

/**
 * Everything the two charts draw, for a chart `width` pixels wide: the whole run, or with `span`
 * its last `span` steps.
 */
export function pulseCharts(record: PulseRecord, width: number, span: number | null = null): PulseCharts {
  const m = PULSE_MARGIN;
  const x = stepScale(record.origin, record.lastStep, width, span);
  const [from, to] = x.domain() as [number, number];
  const xTicks = stepTicks(x, width);
  const loss = logPanel(record.loss.window(from, to), x, width, m.top, LOSS_HEIGHT - m.bottom, [1e-3, 1]);
  const yLoss = scaleLog().domain(loss.domain).range([loss.bottom, loss.top]);
  const inView = record.spikes().filter((s) => s.peak >= from && s.peak <= to);
  const marks = spikeMarks(inView, x, yLoss, m.top);
  const first = m.top + TRACE_LABEL;
  const update = logPanel(record.update.window(from, to), x, width, first, first + TRACE_PANEL, [1e-3, 1]);
  const second = first + TRACE_PANEL + 6 + TRACE_LABEL;
  const root = logPanel(record.root.window(from, to), x, width, second, second + TRACE_PANEL, [1e-5, 1e-2]);
  const guides = marks.length * GUIDE_ROOM <= width - m.left - m.right;
  return { width, xTicks, loss, marks, guides, update, root };
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
