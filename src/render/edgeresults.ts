/**
 * Charts of the soft-edge study (src/experiments/edges.ts): the width of the drawn disc's rim, read
 * off the 256 × 256 prediction and given in pixels of the 64 × 64 training grid, against training
 * steps, hidden width, weight decay and learning rate. All four panels share one log scale of
 * widths, down to the width the target itself measures, the floor no network can go below. Pure
 * geometry for SVG drawn at build time; EdgeResults.astro renders it.
 */
import { scaleLog, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { type Box, type Tick, box, decadeTicks, powerLabel, formatPlain, formatSignificant, formatSteps, spreadLabels } from './results.ts';

export interface Checkpoint {
  readonly steps: number;
  readonly width256: number | null;
}

export interface EdgeData {
  readonly target: { readonly width256: number };
  readonly bySteps: readonly Checkpoint[];
  readonly byWidth: readonly { readonly width: number; readonly checkpoints: readonly Checkpoint[] }[];
  readonly byRate: readonly { readonly learningRate: number; readonly checkpoints: readonly Checkpoint[] }[];
  readonly byDecay: readonly { readonly weightDecay: number; readonly checkpoints: readonly Checkpoint[] }[];
}

export const EDGE_PANEL = { width: 420, height: 250, margin: { left: 50, right: 52, top: 30, bottom: 44 } } as const;

export interface EdgeSeries {
  readonly label: string;
  readonly index: number;
  readonly path: string;
  /** Each measured point, with where it was taken in words (for the description). */
  readonly points: readonly { readonly x: number; readonly y: number; readonly value: number; readonly at: string }[];
  readonly labelX: number;
  readonly labelY: number;
}

export interface EdgePanel {
  readonly key: 'steps' | 'width' | 'decay' | 'rate';
  readonly title: string;
  readonly axis: string;
  readonly box: Box;
  readonly series: readonly EdgeSeries[];
  /** What the series labels name (training steps), shown above them when there is more than one. */
  readonly legend: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  /** The target's own width, drawn across the panel. */
  readonly floor: number;
}

type Point = { x: number; value: number; at: string };

/** Checkpoints without a width (the rise not there yet) are left out of the line. */
function seriesOf(label: string, index: number, points: readonly { x: number; value: number | null; at: string }[], y: (v: number) => number, b: Box): Omit<EdgeSeries, 'labelY'> & { endY: number } {
  const kept = points.filter((p): p is Point => p.value !== null && p.value > 0);
  const xy = kept.map((p) => ({ x: p.x, y: y(p.value), value: p.value, at: p.at }));
  return {
    label,
    index,
    path:
      line<{ x: number; y: number }>()
        .x((p) => p.x)
        .y((p) => p.y)(xy) ?? '',
    points: xy,
    labelX: b.right + 8,
    endY: xy[xy.length - 1]?.y ?? b.bottom,
  };
}

function withLabels(series: (Omit<EdgeSeries, 'labelY'> & { endY: number })[], b: Box): EdgeSeries[] {
  const ys = spreadLabels(
    series.map((s) => s.endY),
    15,
    b.top + 6,
    b.bottom - 6,
  );
  return series.map(({ endY: _, ...s }, i) => ({ ...s, labelY: ys[i]! }));
}

/** The last checkpoint of each run sits at its nominal step, e.g. 10,000 (a run may be measured a few steps later, between surges). */
const nominal = (checkpoints: readonly Checkpoint[][], k: number): number => Math.min(...checkpoints.map((c) => c[k]!.steps));
const stepsLabel = (s: number) => formatSteps(s);
/** Neurons as a short tick label: 10, 300, 1k, 2k. */
const neuronsLabel = (n: number) => (n >= 1000 ? formatSteps(n) : formatPlain(n));

export function edgePanels(e: EdgeData): EdgePanel[] {
  const b = box(EDGE_PANEL.width, EDGE_PANEL.height, EDGE_PANEL.margin);
  const all = [e.bySteps, ...e.byWidth.map((r) => r.checkpoints), ...e.byRate.map((r) => r.checkpoints), ...e.byDecay.map((r) => r.checkpoints)]
    .flat()
    .map((c) => c.width256)
    .filter((v): v is number => v !== null);
  const y = scaleLog()
    .domain([e.target.width256 / 1.5, Math.max(...all) * 1.5])
    .range([b.bottom, b.top]);
  const yTicks = decadeTicks(y);
  const floor = y(e.target.width256);
  const panels: EdgePanel[] = [];

  // (a) Against steps, one run of 500 neurons.
  {
    const steps = e.bySteps.filter((c) => c.width256 !== null).map((c) => c.steps);
    const x = scaleLog()
      .domain([Math.min(...steps) / 1.3, Math.max(...steps) * 1.3])
      .range([b.left, b.right]);
    const s = seriesOf(
      '500 neurons',
      0,
      e.bySteps.map((c) => ({ x: x(c.steps), value: c.width256, at: `${formatPlain(c.steps)} steps` })),
      y,
      b,
    );
    panels.push({
      key: 'steps',
      title: 'Against training steps (500 neurons)',
      axis: 'training steps (log scale)',
      box: b,
      series: withLabels([s], b),
      xTicks: decadeTicks(x, 7, (k) => formatSteps(10 ** k)),
      yTicks,
      floor,
      legend: 'steps',
    });
  }

  // (b) Against hidden width, at each checkpoint.
  {
    const widths = e.byWidth.map((r) => r.width);
    const x = scaleLog()
      .domain([Math.min(...widths) / 1.3, Math.max(...widths) * 1.3])
      .range([b.left, b.right]);
    const runs = e.byWidth.map((r) => [...r.checkpoints]);
    const count = Math.min(...runs.map((c) => c.length));
    const series = Array.from({ length: count }, (_, k) =>
      seriesOf(
        stepsLabel(nominal(runs, k)),
        k,
        e.byWidth.map((r) => ({ x: x(r.width), value: r.checkpoints[k]!.width256, at: `${formatPlain(r.width)} neurons` })),
        y,
        b,
      ),
    );
    panels.push({
      key: 'width',
      title: 'Against hidden width',
      axis: 'neurons (log scale)',
      box: b,
      series: withLabels(series, b),
      xTicks: widths.map((w) => ({ at: x(w), label: neuronsLabel(w) })),
      yTicks,
      floor,
      legend: 'steps',
    });
  }

  // (c) Against weight decay: no decay in a slot of its own, then the decays by powers of ten.
  {
    const decays = e.byDecay.map((r) => r.weightDecay);
    const label = (d: number) => (d === 0 ? 'none' : powerLabel(Math.round(Math.log10(d))));
    const x = scalePoint<string>()
      .domain(decays.map(String))
      .range([b.left, b.right])
      .padding(0.35);
    const runs = e.byDecay.map((r) => [...r.checkpoints]);
    const count = Math.min(...runs.map((c) => c.length));
    const series = Array.from({ length: count }, (_, k) =>
      seriesOf(
        stepsLabel(nominal(runs, k)),
        k,
        e.byDecay.map((r) => ({ x: x(String(r.weightDecay))!, value: r.checkpoints[k]!.width256, at: r.weightDecay === 0 ? 'no decay' : `decay ${formatSignificant(r.weightDecay)}` })),
        y,
        b,
      ),
    );
    panels.push({
      key: 'decay',
      title: 'Against weight decay (500 neurons)',
      axis: 'weight decay',
      box: b,
      series: withLabels(series, b),
      xTicks: decays.map((d) => ({ at: x(String(d))!, label: label(d) })),
      yTicks,
      floor,
      legend: 'steps',
    });
  }

  // (d) Against the learning rate.
  {
    const rates = e.byRate.map((r) => r.learningRate);
    const x = scaleLog()
      .domain([Math.min(...rates) / 1.6, Math.max(...rates) * 1.6])
      .range([b.left, b.right]);
    const runs = e.byRate.map((r) => [...r.checkpoints]);
    const count = Math.min(...runs.map((c) => c.length));
    const series = Array.from({ length: count }, (_, k) =>
      seriesOf(
        stepsLabel(nominal(runs, k)),
        k,
        e.byRate.map((r) => ({ x: x(r.learningRate), value: r.checkpoints[k]!.width256, at: `rate ${formatPlain(r.learningRate)}` })),
        y,
        b,
      ),
    );
    panels.push({
      key: 'rate',
      title: 'Against the learning rate (500 neurons)',
      axis: 'learning rate (log scale)',
      box: b,
      series: withLabels(series, b),
      xTicks: rates.map((r) => ({ at: x(r), label: formatPlain(r) })),
      yTicks,
      floor,
      legend: 'steps',
    });
  }
  return panels;
}

/** The panels in words, with the numbers at their ends. */
export function edgeSummary(e: EdgeData): string {
  const measured = e.bySteps.filter((c) => c.width256 !== null);
  const first = measured[0]!;
  const last = measured[measured.length - 1]!;
  const lastOf = (c: readonly Checkpoint[]) => c[c.length - 1]!.width256;
  const w0 = e.byWidth[0]!;
  const w1 = e.byWidth[e.byWidth.length - 1]!;
  const d1 = e.byDecay[e.byDecay.length - 1]!;
  const d0 = e.byDecay[0]!;
  const rates = e.byRate.map((r) => lastOf(r.checkpoints)).filter((v): v is number => v !== null);
  const px = (v: number | null) => (v === null ? 'no width' : `${formatSignificant(v, 2)} px`);
  return (
    `Width of the disc's rim in training pixels, on log scales. Along training it goes from ${px(first.width256)} at ${formatPlain(first.steps)} steps to ${px(last.width256)} at ${formatPlain(last.steps)}; ` +
    `after the longest training of the width sweep it is ${px(lastOf(w0.checkpoints))} with ${w0.width} neurons and ${px(lastOf(w1.checkpoints))} with ${formatPlain(w1.width)}; ` +
    `with weight decay ${formatSignificant(d1.weightDecay)} it ends at ${px(lastOf(d1.checkpoints))}, without at ${px(lastOf(d0.checkpoints))}; the learning rates tried all end between ${px(Math.min(...rates))} and ${px(Math.max(...rates))}. ` +
    `The target itself measures ${px(e.target.width256)}.`
  );
}
