import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/core/mlp.ts';
import { firstLayers, networkLayers, partition, patternAt } from '../../src/core/regions.ts';
import { rng } from '../../src/core/rng.ts';
import { foldedSheet } from '../../src/render/folds.ts';
import { seriesChart } from '../../src/render/series.ts';
import { boundingBoxes, layerColour, patternByLayer, regionAt, regionFill, toPixels, toPlane, valueIn, zoomBox } from '../../src/render/partition.ts';
import { regionBound } from '../../src/experiments/regions.ts';

describe('partition figure', () => {
  const net = networkLayers(initNetwork([8, 8], 3));
  const p = partition(net);
  const boxes = boundingBoxes(p);

  it('finds the region under a point: its pattern and value are the forward pass there', () => {
    const r = rng(5);
    for (let k = 0; k < 2000; k++) {
      const x = r.uniform(-1, 1);
      const y = r.uniform(-1, 1);
      const region = regionAt(p, boxes, x, y);
      expect(region).toBeGreaterThanOrEqual(0);
      const truth = patternAt(net, x, y);
      expect(valueIn(p, region, x, y)).toBeCloseTo(truth.output, 5);
      expect(patternByLayer(p, region, [8, 8]).flat()).toHaveLength(16);
    }
    expect(regionAt(p, boxes, 1.5, 0)).toBe(-1);
  });

  it('colours: folds by layer from first to last differ, and flat regions are grey', () => {
    expect(layerColour(0, 3)).not.toBe(layerColour(2, 3));
    expect(layerColour(-1, 3)).toBe('rgb(128,128,128)');
    const [r, g, b] = regionFill('slope', 0, 0, 0).match(/\d+/g)!.map(Number);
    expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).toBeLessThan(40);
    expect(regionFill('value', 0, 0, 1)).toBe('rgb(255,255,255)');
    expect(regionFill('value', 0, 0, -3)).toBe('rgb(0,0,0)');
  });

  it('the count curve leaves gaps for capped steps instead of drawing through them', () => {
    const counts = (steps: number[], values: number[]) => seriesChart({ steps, values }, 400, 130, { from: 0, log: 'auto' });
    const c = counts([0, 10, 20, 30], [50, NaN, 60, 70]);
    expect(c.path).not.toContain('NaN');
    expect(c.path.match(/M/g)).toHaveLength(2);
    expect(c.log).toBe(false);
    expect(counts([0, 1], [10, 5000]).log).toBe(true);
  });
});

describe('folded sheet', () => {
  it('with no layer applied, the sheet is the square itself, nothing flattened', () => {
    const square = partition([{ weights: [[0, 0]], biases: [0] }], undefined, { units: true });
    const sheet = foldedSheet(square, 100);
    expect(sheet.pieces).toHaveLength(1);
    expect(sheet.flattened).toBe(0);
    // The square fills the box but for the margins (6 % each side): 88 × 88.
    expect(sheet.pieces[0]!.shadow).toBeCloseTo(88 * 88, 6);
  });

  it('a layer whose neurons are all off presses everything flat', () => {
    const off = [{ weights: [[0.1, 0.2], [0.3, -0.1]], biases: [-5, -5] }, { weights: [[1, 1]], biases: [0] }];
    const sheet = foldedSheet(partition(off, undefined, { units: true }), 100);
    expect(sheet.flattened).toBe(1);
  });

  it('the share flattened is the area where fewer than two neurons are on (one layer)', () => {
    const lines = [{ weights: [[1, 0], [0, 1]], biases: [0, 0] }, { weights: [[1, 1]], biases: [0] }];
    // Both on only in the quadrant x > 0, y > 0: a quarter of the square keeps its area.
    expect(foldedSheet(partition(lines, undefined, { units: true }), 100).flattened).toBeCloseTo(0.75, 12);
    const deep = networkLayers(initNetwork([6, 6, 6], 2));
    const counts = [1, 2, 3].map((k) => partition(firstLayers(deep, k)).count);
    expect(counts[0]).toBeLessThanOrEqual(counts[1]!);
    expect(counts[2]).toBe(partition(deep).count);
  });
});

describe('region bound', () => {
  it('one layer of n lines: 1 + n + n(n − 1)/2, the most an arrangement can make', () => {
    expect(regionBound([1])).toBe(2);
    expect(regionBound([10])).toBe(56);
    expect(regionBound([8, 8])).toBe(37 * 37);
    // A layer of width 1 limits every later layer to lines of one direction, on the half where it
    // is on (9 pieces), while its off half stays whole: 10, where the product of the per-layer
    // counts would say 2 · 9.
    expect(regionBound([1, 8])).toBe(10);
  });

  it('is the sum of Serra et al.’s Theorem 1, which is the product of the layers’ counts once every layer has 4 neurons or more', () => {
    // The theorem's sum, enumerated directly: j₁ … j_L with 0 ≤ jₗ ≤ min(2, n₁ − j₁, …, n_{l−1} − j_{l−1}, nₗ).
    const direct = (widths: number[]): number => {
      const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
      const walk = (l: number, cap: number): number => {
        if (l === widths.length) return 1;
        let s = 0;
        for (let j = 0; j <= Math.min(cap, widths[l]!); j++) s += choose(widths[l]!, j) * walk(l + 1, Math.min(cap, widths[l]! - j));
        return s;
      };
      return walk(0, 2);
    };
    for (const widths of [[3, 3], [2, 5, 2], [3, 3, 3, 3], [4, 4, 4], [6, 2, 6], [1, 1, 1]]) expect(regionBound(widths)).toBe(direct(widths));
    const product = (widths: number[]): number => widths.reduce((p, n) => p * (1 + n + (n * (n - 1)) / 2), 1);
    for (const widths of [[4, 4, 4], [16, 16, 16], [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4], [48]]) expect(regionBound(widths)).toBe(product(widths));
    expect(regionBound([3, 3])).toBeLessThan(product([3, 3]));
  });
});

describe('zoom', () => {
  it('a zoomed box has side 2/zoom, stays inside the square, and pixels map to it and back', () => {
    expect(zoomBox(1, 0.7, -0.3)).toEqual({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
    const b = zoomBox(16, 0.5, 0.5);
    expect(b.xMax - b.xMin).toBeCloseTo(0.125, 12);
    expect((b.xMin + b.xMax) / 2).toBeCloseTo(0.5, 12);
    // Near the edge the box slides back inside.
    const edge = zoomBox(4, 0.95, -0.99);
    expect(edge.xMax).toBeCloseTo(1, 12);
    expect(edge.yMin).toBeCloseTo(-1, 12);
    const q = toPixels(b, 560, 0.5, 0.5);
    expect(q.x).toBeCloseTo(280, 9);
    expect(q.y).toBeCloseTo(280, 9);
    const back = toPlane(b, 560, 140, 420);
    expect(toPixels(b, 560, back.x, back.y).x).toBeCloseTo(140, 9);
    expect(toPixels(b, 560, back.x, back.y).y).toBeCloseTo(420, 9);
    expect(back.y).toBeLessThan(0.5); // y grows upwards in the plane, downwards on the canvas
  });

  it('the partition of a small box holds only the regions there, tiling it', () => {
    const net = networkLayers(initNetwork([16, 16, 16], 2));
    const box = zoomBox(8, 0.2, -0.1);
    const p = partition(net, box);
    expect(p.box).toEqual(box);
    let total = 0;
    for (let r = 0; r < p.count; r++) {
      let twice = 0;
      for (let v = p.start[r]!; v < p.start[r + 1]!; v++) {
        const w = v + 1 < p.start[r + 1]! ? v + 1 : p.start[r]!;
        twice += p.xy[2 * v]! * p.xy[2 * w + 1]! - p.xy[2 * w]! * p.xy[2 * v + 1]!;
      }
      total += twice / 2;
    }
    expect(total).toBeCloseTo(0.25 * 0.25, 12);
    expect(p.count).toBeLessThan(partition(net).count);
  });
});
