// The build-time figures of the three "testing the cause" studies, on small made-up results (the
// committed results are checked against the prose in test/experiments/claims.test.ts).
import { describe, expect, it } from 'vitest';
import { cellGrid, shade, widthChart, type CondensationCell } from '../../src/render/condensationresults.ts';
import { edgeCausePanels, netName, type CauseNet } from '../../src/render/edgecausesresults.ts';
import { causePanels, causeRows, conditionName, surgeChart, type CauseCondition } from '../../src/render/pulsecausesresults.ts';
import { inside, points } from './svgpath.ts';

const envelope = (n: number, base: number) => ({ step: Array.from({ length: n }, (_, i) => i * 100), min: Array.from({ length: n }, (_, i) => base / (1 + i)), max: Array.from({ length: n }, (_, i) => (2 * base) / (1 + i)) });
const condition = (key: string, counts: number[], low: number | null, high: number | null, rate = 0.003): CauseCondition => ({
  key,
  label: key,
  surges: { counts, mean: counts.reduce((s, x) => s + x, 0) / counts.length, low, high, poisson: { rate: 0, low: 0, high: 3.689 / counts.length } },
  ripples: { counts, mean: 1 },
  medianHeight: null,
  finalLoss: { mean: 0.0072 },
  edgeRatio: { median: 0.99, min: 0.97, max: 1.01 },
  runs: counts.map(() => ({ learningRate: rate })),
  curve: envelope(20, 0.1),
});

describe('pulse causes figure', () => {
  const conditions = [condition('adam', [64, 68, 70, 61, 65], 61.3, 69.9), condition('amsgrad', [0, 0, 0, 0, 0], 0, 0), condition('gd at 2/η', [0, 0, 0, 0, 0], 0, 0, 0.0075), condition('floor 0.001', [60, 62, 64, 66, 68], 59, 69)];

  it('puts one row per condition, one dot per seed, the mean inside its interval', () => {
    const c = surgeChart(conditions);
    expect(c.rows).toHaveLength(4);
    for (const r of c.rows) {
      expect(r.dots).toHaveLength(5);
      expect(r.low).toBeLessThanOrEqual(r.mean);
      expect(r.high).toBeGreaterThanOrEqual(r.mean);
      for (const d of r.dots) expect(inside([[d.x, d.y]], c.box)).toBe(true);
    }
    // More surges sit further right; none sit at the axis' left end.
    expect(c.rows[0]!.mean).toBeGreaterThan(c.rows[1]!.mean);
    expect(c.rows[1]!.mean).toBe(c.box.left);
    expect(c.rows.map((r) => r.name)).toEqual(['Adam', 'AMSGrad', 'gradient descent', 'Adam, √v̂ ≥ 0.001']);
  });

  it('writes a run without surges as none with its Poisson bound, and a count with its interval', () => {
    const rows = causeRows(conditions);
    expect(rows[0]!.surges).toBe('65.6 (61.3–69.9)');
    expect(rows[1]!.surges).toBe('0 (≤ 0.7)');
    expect(rows[2]!.rate).toBe('0.0075');
    expect(conditionName('floor 0.01')).toBe('Adam, √v̂ ≥ 0.01');
  });

  it('gives seeds that all surged equally often the Poisson interval, not a zero-width one', () => {
    const once = { ...condition('gd at 2/η', [1, 1, 1, 1, 1], 1, 1, 0.0075), surges: { counts: [1, 1, 1, 1, 1], mean: 1, low: 1, high: 1, poisson: { rate: 1, low: 0.3247, high: 2.334 } } };
    expect(causeRows([once])[0]!.surges).toBe('1 (0.3–2.3)');
    const row = surgeChart([conditions[0]!, once]).rows[1]!;
    expect(row.high - row.low).toBeGreaterThan(0);
    expect(row.low).toBeLessThan(row.mean);
  });

  it('draws each first seed’s loss inside its panel, on one shared scale', () => {
    const panels = causePanels(conditions, 2000);
    expect(panels).toHaveLength(4);
    for (const p of panels) {
      expect(p.yTicks).toEqual(panels[0]!.yTicks);
      expect(inside(points(p.floor), p.box)).toBe(true);
      expect(points(p.floor)).toHaveLength(20);
    }
    expect(panels[1]!.title).toBe('AMSGrad: 0 surges (first seed)');
  });
});

describe('edge causes figure', () => {
  const net = (key: string, hidden: number[], widths: (number | null)[], steps: number[], scale?: number): CauseNet => ({
    key,
    label: key,
    hidden,
    ...(scale ? { fourier: { scale } } : {}),
    checkpoints: steps.map((s, i) => ({ steps: s, width256: widths[i]!, loss: 0.01 })),
  });
  const depth = [net('wide', [500], [6, 4, 3], [1000, 3000, 10000]), net('deep', [16, 16, 16], [3, 1, 0.5], [1000, 3000, 10000])];
  const fourier = [net('raw', [100], [10, 6, 5], [100, 300, 1000]), net('scale 3', [100], [null, 2.6, 1.5], [100, 300, 1000], 3)];

  it('two panels on one log scale of widths, the target as floor, points only where there is a width', () => {
    const panels = edgeCausePanels(depth, fourier, 0.055);
    expect(panels.map((p) => p.key)).toEqual(['depth', 'fourier']);
    expect(panels[0]!.yTicks).toEqual(panels[1]!.yTicks);
    for (const p of panels) {
      for (const s of p.series) {
        expect(inside(points(s.path), p.box)).toBe(true);
        for (const q of s.points) expect(q.y).toBeLessThan(p.floor);
      }
    }
    expect(panels[1]!.series[1]!.points).toHaveLength(2);
    // Narrower rims sit lower on the page (larger y).
    const deep = panels[0]!.series[1]!.points;
    expect(deep[2]!.y).toBeGreaterThan(deep[0]!.y);
  });

  it('names networks by their layers or their Fourier scale', () => {
    expect(netName(depth[0]!)).toBe('1 × 500');
    expect(netName(depth[1]!)).toBe('3 × 16');
    expect(netName(fourier[1]!)).toBe('Fourier, σ = 3');
  });
});

describe('condensation figure', () => {
  const c = (optimizer: string, learningRate: number, scale: number, ratio: number, width = 500): CondensationCell => ({ optimizer, learningRate, scale, width, loss: 0.01, ratio, z: -3, bundles: 10 * (1 - ratio) + 2, nullBundles: 2, medianTurnDeg: 5 });

  it('shades a cell by how far its ratio falls below 1, and lays out rates down and scales across', () => {
    expect(shade(1)).toBe(0);
    expect(shade(1.05)).toBe(0);
    expect(shade(0.8)).toBeCloseTo(0.5, 12);
    expect(shade(0.4)).toBe(1);
    const g = cellGrid([c('adam', 0.001, 0.25, 0.7), c('adam', 0.001, 1, 0.9), c('adam', 0.01, 0.25, 0.8), c('adam', 0.01, 1, 1)], [c('sgd', 0.05, 0.25, 1), c('sgd', 0.004, 1, 1)]);
    expect(g.rows.map((r) => r.label)).toEqual(['Adam 0.001', 'Adam 0.01', 'gradient descent']);
    expect(g.columns.map((k) => k.label)).toEqual(['× 0.25', '× 1']);
    expect(g.rows[0]!.cells[0]!.shade).toBeGreaterThan(g.rows[0]!.cells[1]!.shade);
    expect(g.rows[2]!.cells.every((k) => k.shade === 0)).toBe(true);
    expect(g.rows[0]!.cells[0]!.x).toBeLessThan(g.rows[0]!.cells[1]!.x);
  });

  it('draws bundles against width, one line per scale with its chance line', () => {
    const rows = [100, 200, 500, 1000].flatMap((w) => [c('adam', 0.003, 0.25, 0.7, w), c('adam', 0.003, 1, 0.95, w)]);
    const chart = widthChart(rows);
    expect(chart.series.map((s) => s.label)).toEqual(['× 0.25', '× 1']);
    for (const s of chart.series) {
      expect(points(s.path)).toHaveLength(4);
      expect(inside(points(s.path), chart.box)).toBe(true);
      expect(inside(points(s.chance), chart.box)).toBe(true);
    }
    expect(chart.xTicks.map((t) => t.label)).toEqual(['100', '200', '500', '1,000']);
  });
});
