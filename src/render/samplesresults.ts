/**
 * Charts of the studies between the samples (src/experiments/samples.ts): train and test loss
 * against the number of training pixels, test loss over training for each number, and train and
 * test loss against the width of one hidden layer. Every chart is a log–log panel of lines, each
 * with the spread over seeds as a band where there are several. Pure geometry and text for SVG
 * drawn at build time (ResultsPanel.astro draws a panel).
 */
import { scaleLog } from 'd3-scale';
import { area, line } from 'd3-shape';
import { type Box, type Tick, box, decadeTicks, formatPlain, formatSignificant, formatSteps, spreadLabels } from './results.ts';

export const RESULTS_PANEL = { width: 420, height: 260, margin: { left: 52, right: 78, top: 30, bottom: 44 } } as const;

/** Mean, lowest and highest over seeds, as the studies write them (null where nothing was measured). */
export interface Spread {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

export interface SeriesSpec {
  readonly label: string;
  /** A colour for stroke and fill (a CSS value). */
  readonly tone: string;
  readonly dashed?: boolean;
  readonly points: readonly { readonly x: number; readonly y: Spread }[];
}

export interface PanelSeries {
  readonly label: string;
  readonly tone: string;
  readonly dashed: boolean;
  readonly path: string;
  /** The spread over seeds, as a closed area ('' with one seed). */
  readonly band: string;
  readonly dots: readonly { readonly x: number; readonly y: number }[];
  readonly labelX: number;
  readonly labelY: number;
}

export interface Panel {
  readonly title: string;
  readonly xAxis: string;
  readonly yAxis: string;
  readonly box: Box;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly series: readonly PanelSeries[];
  /** Vertical marks across the panel, e.g. where the weights equal the training points. */
  readonly marks: readonly { readonly x: number; readonly label: string }[];
  /** The panel in words, for readers who do not see it. */
  readonly description: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly xAxis: string;
  readonly yAxis: string;
  readonly series: readonly SeriesSpec[];
  readonly marks?: readonly { readonly at: number; readonly label: string }[];
  /** How an x value is written in the ticks and the description. */
  readonly formatX?: (v: number) => string;
  /** x values to tick; default: powers of ten. */
  readonly xTicks?: readonly number[];
}

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v) && v > 0;

/** A log–log panel of the given lines. */
export function logPanel(spec: PanelSpec): Panel {
  const { width, height, margin } = RESULTS_PANEL;
  const b = box(width, height, margin);
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x)).filter((v) => v > 0);
  const ys = spec.series.flatMap((s) => s.points.flatMap((p) => [p.y.min, p.y.max, p.y.mean])).filter(finite);
  if (!xs.length || !ys.length) throw new Error(`${spec.title}: nothing to draw`);
  const x = scaleLog()
    .domain([Math.min(...xs), Math.max(...xs)])
    .range([b.left, b.right]);
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...ys)) + 1e-9);
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...ys)) - 1e-9);
  const y = scaleLog()
    .domain([yLo, yHi === yLo ? yLo * 10 : yHi])
    .range([b.bottom, b.top]);
  const format = spec.formatX ?? formatPlain;
  const xTicks: Tick[] = spec.xTicks ? spec.xTicks.map((v) => ({ at: x(v), label: format(v) })) : decadeTicks(x, 6);
  const yTicks = decadeTicks(y, 6);
  const r = (v: number): number => Math.round(v * 10) / 10;

  const drawn = spec.series.map((s) => {
    const kept = s.points.filter((p) => finite(p.y.mean));
    const path =
      line<{ x: number; y: Spread }>()
        .x((p) => r(x(p.x)))
        .y((p) => r(y(p.y.mean!)))(kept) ?? '';
    const spread = kept.filter((p) => finite(p.y.min) && finite(p.y.max) && p.y.max! > p.y.min!);
    const band =
      spread.length > 1
        ? (area<{ x: number; y: Spread }>()
            .x((p) => r(x(p.x)))
            .y0((p) => r(y(p.y.min!)))
            .y1((p) => r(y(p.y.max!)))(spread) ?? '')
        : '';
    const last = kept[kept.length - 1];
    return {
      label: s.label,
      tone: s.tone,
      dashed: s.dashed ?? false,
      path,
      band,
      dots: kept.map((p) => ({ x: r(x(p.x)), y: r(y(p.y.mean!)) })),
      endY: last ? y(last.y.mean!) : b.bottom,
    };
  });
  const labelYs = spreadLabels(
    drawn.map((d) => d.endY),
    14,
    b.top,
    b.bottom,
  );
  const series: PanelSeries[] = drawn.map(({ endY: _, ...d }, k) => ({ ...d, labelX: b.right + 6, labelY: r(labelYs[k]!) }));
  const marks = (spec.marks ?? []).filter((m) => x(m.at) >= b.left && x(m.at) <= b.right).map((m) => ({ x: r(x(m.at)), label: m.label }));
  const words = spec.series
    .map((s) => `${s.label}: ${s.points.filter((p) => finite(p.y.mean)).map((p) => `${formatSignificant(p.y.mean!, 2)} at ${format(p.x)}`).join(', ')}`)
    .join('; ');
  return { title: spec.title, xAxis: spec.xAxis, yAxis: spec.yAxis, box: b, xTicks, yTicks, series, marks, description: `${spec.title}. ${words}.` };
}

/** What the post-3 study writes per network and number of points (src/experiments/samples.ts). */
export interface CountRow {
  readonly network: string;
  readonly count: number;
  readonly trainLoss: Spread;
  readonly testLoss: Spread;
  readonly whole: number;
}

export interface NetworkSetting {
  readonly id: string;
  readonly label: string;
  readonly weights: number;
}

/** Each network's own colour, in the order the study lists them. */
export const NETWORK_TONES = ['var(--crease)', 'var(--normal)', 'var(--muted)'] as const;

/** Train and test loss at the end of training against the number of training pixels. */
export function lossByCount(summary: readonly CountRow[], networks: readonly NetworkSetting[], counts: readonly number[]): Panel {
  return logPanel({
    title: 'Loss at the end, against training pixels',
    xAxis: 'training pixels',
    yAxis: 'mean squared error',
    xTicks: [...counts].sort((a, b) => a - b),
    formatX: formatPlain,
    series: networks.flatMap((n, k) =>
      (['testLoss', 'trainLoss'] as const).map((key) => ({
        label: `${n.id} ${key === 'testLoss' ? 'test' : 'train'}`,
        tone: NETWORK_TONES[k % NETWORK_TONES.length]!,
        dashed: key === 'trainLoss',
        points: summary
          .filter((r) => r.network === n.id)
          .map((r) => ({ x: r.count, y: r[key] }))
          .sort((a, b) => a.x - b.x),
      })),
    ),
  });
}

/** A run's measurements over training (the curve the study keeps). */
export interface Curve {
  readonly step: readonly number[];
  readonly train: readonly number[];
  readonly test: readonly number[];
}

/** Test loss over training, one line per number of training pixels (one seed), on log steps. */
export function curvesByCount(runs: readonly { readonly count: number; readonly curve: Curve }[], title: string): Panel {
  const counts = [...new Set(runs.map((r) => r.count))].sort((a, b) => b - a);
  return logPanel({
    title,
    xAxis: 'training step',
    yAxis: 'test loss',
    formatX: formatSteps,
    series: counts.map((count, k) => {
      const run = runs.find((r) => r.count === count)!;
      const share = counts.length < 2 ? 100 : Math.round((100 * k) / (counts.length - 1));
      return {
        label: formatPlain(count),
        tone: `color-mix(in oklab, var(--crease) ${100 - share}%, var(--normal))`,
        points: run.curve.step.map((s, i) => ({ x: s, y: { mean: run.curve.test[i]!, min: null, max: null } })).filter((p) => p.x > 0),
      };
    }),
  });
}

/** What the width sweep writes per noise level and width. */
export interface WidthRow {
  readonly noise: number;
  readonly width: number;
  readonly weights: number;
  readonly trainLoss: Spread;
  readonly testLoss: Spread;
}

/** Train and test loss at the end against the width of the one hidden layer, per noise level. */
export function lossByWidth(summary: readonly WidthRow[], count: number, noises: readonly number[]): Panel {
  const widths = [...new Set(summary.map((r) => r.width))].sort((a, b) => a - b);
  const ticks = widths.filter((w) => Number.isInteger(Math.log2(w)) && Math.log2(w) % 2 === 1);
  return logPanel({
    title: `Loss against width, ${formatPlain(count)} training pixels`,
    xAxis: 'neurons in the hidden layer',
    yAxis: 'mean squared error',
    xTicks: ticks,
    formatX: formatPlain,
    // One hidden layer of w neurons has 4w + 1 weights: as many as the training points at w = (N − 1)/4.
    marks: [{ at: (count - 1) / 4, label: 'weights = points' }],
    series: noises.flatMap((noise, k) =>
      (['testLoss', 'trainLoss'] as const).map((key) => ({
        // Short enough for the room right of the lines; the caption says what the percentage is.
        label: `${key === 'testLoss' ? 'test' : 'train'}${noise ? `, ${Math.round(100 * noise)} %` : ''}`,
        tone: NETWORK_TONES[k % NETWORK_TONES.length]!,
        dashed: key === 'trainLoss',
        points: summary.filter((r) => r.noise === noise).map((r) => ({ x: r.width, y: r[key] })),
      })),
    ),
  });
}
