import { describe, expect, it } from 'vitest';
import { line } from 'd3-shape';
import { rng } from '../../src/core/rng.ts';
import { linePath, seriesChart, thin } from '../../src/render/series.ts';

/** thin() as first written: each column's first point and extremes, through a set, sorted. */
function thinReference(values: ArrayLike<number>, columns: number): number[] {
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

describe('chart paths', () => {
  it('thin keeps each column’s first point and extremes, in order, as before', () => {
    const r = rng(5);
    for (const n of [10, 999, 5000]) {
      // Noise, plateaus (ties) and a monotone stretch.
      const values = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0.5 : i > n / 2 ? i : r.uniform(0, 1)));
      for (const columns of [3, 100, 640]) expect(thin(values, columns)).toEqual(thinReference(values, columns));
    }
  });

  it('linePath writes the same path as d3-shape’s line, gaps and lone points included', () => {
    const r = rng(9);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(r.uniform(0, 300));
      const xs = Array.from({ length: n }, () => Math.round(r.uniform(0, 600) * 10) / 10);
      const ys = Array.from({ length: n }, () => Math.round(r.uniform(-5, 200) * 10) / 10);
      // Gaps of every kind: single missing points, runs, and lone drawn points between them.
      const drawn = Array.from({ length: n }, () => r.uniform(0, 1) > (trial % 3 === 0 ? 0.6 : 0.1));
      const keep = Array.from({ length: n }, (_, i) => i);
      const d3 = line<number>().defined((i) => drawn[i]!).x((i) => xs[i]!).y((i) => ys[i]!)(keep) ?? '';
      expect(linePath(keep, (i) => xs[i]!, (i) => ys[i]!, (i) => drawn[i]!)).toBe(d3);
    }
    expect(linePath([], (i) => i, (i) => i, () => true)).toBe(line<number>()([]) ?? '');
  });

  it('calls a series dense (drawn one pixel wide) when it keeps more points than the plot has columns', () => {
    const r = rng(4);
    const long = { steps: Array.from({ length: 5000 }, (_, i) => i), values: Array.from({ length: 5000 }, () => 0.1 + r.uniform(0, 0.05)) };
    const dense = seriesChart(long, 400, 120);
    expect(dense.dense).toBe(true);
    expect(dense.path.split('L').length).toBeGreaterThan(dense.plot.right - dense.plot.left);
    const short = { steps: long.steps.slice(0, 100), values: long.values.slice(0, 100) };
    const sparse = seriesChart(short, 400, 120);
    expect(sparse.dense).toBe(false);
    expect(sparse.path.split('L')).toHaveLength(100);
  });
});
