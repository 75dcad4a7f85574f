/**
 * Charts of the condensation study (src/experiments/condensation.ts): a grid of cells, Adam's
 * learning rates and gradient descent down, the first layer's initial scales across, each shaded
 * by how far the neurons' unit weight vectors clump beyond the null (their nearest-neighbour
 * ratio) and labelled with the bundles found against the null's; and the number of bundles
 * against the width of the layer. Pure geometry for SVG drawn at build time;
 * CondensationResults.astro renders it.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { type Tick, box, formatPlain, formatSignificant, linearTicks, spreadLabels } from './results.ts';

export interface CondensationCell {
  readonly optimizer: string;
  readonly learningRate: number;
  readonly scale: number;
  readonly width: number;
  readonly loss: number;
  readonly ratio: number;
  readonly z: number;
  readonly bundles: number;
  readonly nullBundles: number;
  readonly medianTurnDeg: number;
}

export const CELL_GRID = { width: 420, cell: { width: 92, height: 56 }, margin: { left: 134, top: 34, right: 10, bottom: 12 } } as const;

/** Darkness 0 … 1 of a cell: 0 at a ratio of 1 (no clumping beyond the null), 1 at `strongest` or below. */
export const shade = (ratio: number, strongest = 0.6): number => Math.min(1, Math.max(0, (1 - ratio) / (1 - strongest)));

export function cellGrid(adam: readonly CondensationCell[], gradientDescent: readonly CondensationCell[]) {
  const { cell, margin, width } = CELL_GRID;
  const scales = [...new Set([...adam, ...gradientDescent].map((c) => c.scale))].sort((p, q) => p - q);
  const rates = [...new Set(adam.map((c) => c.learningRate))].sort((p, q) => p - q);
  const rows = [
    ...rates.map((rate) => ({ label: `Adam ${formatPlain(rate)}`, cells: adam.filter((c) => c.learningRate === rate) })),
    ...(gradientDescent.length ? [{ label: 'gradient descent', cells: gradientDescent }] : []),
  ];
  const height = margin.top + margin.bottom + rows.length * cell.height;
  return {
    width,
    height,
    columns: scales.map((s, j) => ({ x: margin.left + (j + 0.5) * cell.width, label: `× ${formatPlain(s)}` })),
    rows: rows.map((r, i) => ({
      label: r.label,
      y: margin.top + (i + 0.5) * cell.height,
      cells: scales.flatMap((s, j) => {
        const c = r.cells.find((q) => q.scale === s);
        if (!c) return [];
        return [
          {
            x: margin.left + j * cell.width,
            y: margin.top + i * cell.height,
            width: cell.width - 4,
            height: cell.height - 4,
            shade: shade(c.ratio),
            ratio: c.ratio.toFixed(2),
            bundles: `${formatSignificant(c.bundles, 2)} vs ${formatSignificant(c.nullBundles, 2)}`,
            words: `${r.label}, scale ${formatPlain(s)}: ratio ${c.ratio.toFixed(2)}, ${formatSignificant(c.bundles, 2)} bundles against ${formatSignificant(c.nullBundles, 2)} by chance, loss ${formatSignificant(c.loss, 2)}`,
          },
        ];
      }),
    })),
  };
}

export const WIDTH_CHART = { width: 420, height: 260, margin: { left: 50, right: 80, top: 20, bottom: 44 } } as const;

/** Bundles against the layer's width, one line per initial scale, each with the null's count dashed beside it. */
export function widthChart(rows: readonly CondensationCell[]) {
  const b = box(WIDTH_CHART.width, WIDTH_CHART.height, WIDTH_CHART.margin);
  const widths = [...new Set(rows.map((r) => r.width))].sort((p, q) => p - q);
  const scales = [...new Set(rows.map((r) => r.scale))].sort((p, q) => p - q);
  const x = scaleLog()
    .domain([widths[0]! / 1.25, widths[widths.length - 1]! * 1.25])
    .range([b.left, b.right]);
  const most = Math.max(1, ...rows.flatMap((r) => [r.bundles, r.nullBundles]));
  const y = scaleLinear().domain([0, most]).nice().range([b.bottom, b.top]);
  const path = (pts: readonly { x: number; y: number }[]) =>
    line<{ x: number; y: number }>()
      .x((p) => p.x)
      .y((p) => p.y)(pts as { x: number; y: number }[]) ?? '';
  const series = scales.map((scale, index) => {
    const mine = widths.map((w) => rows.find((r) => r.width === w && r.scale === scale)).filter((r): r is CondensationCell => r !== undefined);
    const points = mine.map((r) => ({ x: x(r.width), y: y(r.bundles), value: r.bundles, width: r.width }));
    const chance = mine.map((r) => ({ x: x(r.width), y: y(r.nullBundles), value: r.nullBundles, width: r.width }));
    return { scale, index, label: `× ${formatPlain(scale)}`, path: path(points), chance: path(chance), points, chancePoints: chance };
  });
  const ends = spreadLabels(
    series.map((s) => s.points[s.points.length - 1]?.y ?? b.bottom),
    15,
    b.top + 6,
    b.bottom - 6,
  );
  return {
    box: b,
    series: series.map((s, i) => ({ ...s, labelX: b.right + 8, labelY: ends[i]! })),
    xTicks: widths.map((w) => ({ at: x(w), label: formatPlain(w) })) as Tick[],
    yTicks: linearTicks(y, 5),
  };
}
