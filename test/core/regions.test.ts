import { describe, expect, it } from 'vitest';
import { SQUARE, area, containsPoint, signedArea } from '../../src/core/geometry.ts';
import { type LayerWeights, linearRegions, partition, patternAt } from '../../src/core/regions.ts';
import { rng } from '../../src/core/rng.ts';

/** A random network 2 → widths → 1 (weights ~ N(0, 2/fan_in), biases ~ N(0, 0.3²)), from a seed. */
function network(widths: number[], seed: number): { weights: number[][]; biases: number[] }[] {
  const r = rng(seed);
  const sizes = [2, ...widths, 1];
  return sizes.slice(1).map((n, l) => ({
    weights: Array.from({ length: n }, () => Array.from({ length: sizes[l]! }, () => r.normal() * Math.sqrt(2 / sizes[l]!))),
    biases: Array.from({ length: n }, () => r.normal() * 0.3),
  }));
}

describe('linear regions', () => {
  for (const widths of [[8], [8, 8], [16, 16, 16], [5, 5, 5, 5, 5, 5]]) {
    describe(`2 → ${widths.join(' → ')} → 1`, () => {
      const net = network(widths, widths.length * 100 + widths[0]!);
      const regions = linearRegions(net);

      it('tile the box: areas add up to its area, every polygon convex and counter-clockwise', () => {
        const total = regions.reduce((s, r) => s + area(r.polygon), 0);
        expect(Math.abs(total - 4)).toBeLessThan(1e-9);
        for (const r of regions) {
          expect(signedArea(r.polygon)).toBeGreaterThan(0);
          expect(r.pattern).toHaveLength(widths.reduce((s, w) => s + w, 0));
          expect(r.edgeLayers).toHaveLength(r.polygon.length);
        }
      });

      it('agree with the forward pass at 100,000 random points (pattern and value)', () => {
        // Regions by the cells of a 32 × 32 grid their bounding boxes touch, to find them fast.
        const G = 32;
        const cell = (v: number): number => Math.min(G - 1, Math.max(0, Math.floor(((v + 1) / 2) * G)));
        const buckets: (typeof regions)[] = Array.from({ length: G * G }, () => []);
        for (const g of regions) {
          const xs = g.polygon.map((p) => p[0]);
          const ys = g.polygon.map((p) => p[1]);
          for (let i = cell(Math.min(...ys)); i <= cell(Math.max(...ys)); i++) {
            for (let j = cell(Math.min(...xs)); j <= cell(Math.max(...xs)); j++) buckets[i * G + j]!.push(g);
          }
        }
        const r = rng(7);
        let checked = 0;
        for (let k = 0; k < 100_000; k++) {
          const p: [number, number] = [r.uniform(-1, 1), r.uniform(-1, 1)];
          const near = buckets[cell(p[1]) * G + cell(p[0])]!;
          const region = near.find((g) => containsPoint(g.polygon, p));
          expect(region, `a region contains (${p})`).toBeDefined();
          const truth = patternAt(net, p[0], p[1]);
          expect(region!.gradient[0] * p[0] + region!.gradient[1] * p[1] + region!.offset).toBeCloseTo(truth.output, 6);
          // On a shared edge a point may belong to either neighbour; away from edges the pattern must match.
          const inside = near.filter((g) => containsPoint(g.polygon, p)).length === 1;
          if (inside) {
            expect(region!.pattern).toEqual(truth.pattern);
            checked++;
          }
        }
        expect(checked).toBeGreaterThan(99_000);
      });
    });
  }

  it('one hidden layer in general position: exactly the cells of the line arrangement in the box', () => {
    const r = rng(3);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(r.next() * 12);
      const lines = Array.from({ length: n }, () => ({ a: r.normal(), b: r.normal(), c: r.normal() * 0.5 }));
      const net: LayerWeights[] = [
        { weights: lines.map((g) => [g.a, g.b]), biases: lines.map((g) => g.c) },
        { weights: [lines.map(() => 1)], biases: [0] },
      ];
      // Cells of an arrangement inside a convex box: 1 + lines crossing it + crossings inside it.
      const crosses = (g: { a: number; b: number; c: number }): boolean => {
        const v = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([x, y]) => g.a * x! + g.b * y! + g.c);
        return Math.min(...v) < 0 && Math.max(...v) > 0;
      };
      let expected = 1 + lines.filter(crosses).length;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const [p, q] = [lines[i]!, lines[j]!];
          const det = p.a * q.b - p.b * q.a;
          const x = (-p.c * q.b + q.c * p.b) / det;
          const y = (-p.a * q.c + q.a * p.c) / det;
          if (Math.abs(x) < 1 && Math.abs(y) < 1) expected++;
        }
      }
      expect(linearRegions(net)).toHaveLength(expected);
    }
  });

  it('degenerate networks neither crash nor lose area', () => {
    const cases: LayerWeights[][] = [
      // A dead neuron (never on), a zero neuron, and a neuron on everywhere.
      [{ weights: [[0, 0], [0, 0], [0.1, 0]], biases: [-1, 0, 5] }, { weights: [[1, 1, 1]], biases: [0.5] }],
      // Parallel lines, and the same line twice.
      [{ weights: [[1, 1], [2, 2], [1, 1]], biases: [0, 0.5, 0] }, { weights: [[1, -1, 2]], biases: [0] }],
      // Lines through the box's corners and through each other's crossing.
      [{ weights: [[1, 1], [1, -1], [1, 0]], biases: [0, 0, 0] }, { weights: [[1, 1, 1]], biases: [0] }],
      // Everything zero.
      [{ weights: [[0, 0]], biases: [0] }, { weights: [[0, 0], [0, 0]].slice(0, 1).map(() => [0]), biases: [0] }],
    ];
    for (const net of cases) {
      const regions = linearRegions(net);
      expect(regions.length).toBeGreaterThan(0);
      expect(Math.abs(regions.reduce((s, r) => s + area(r.polygon), 0) - 4)).toBeLessThan(1e-9);
    }
    // Three lines through the origin: six cells.
    expect(linearRegions(cases[2]!)).toHaveLength(6);
  });

  it('labels each edge with the layer whose fold made it (-1: the box)', () => {
    const net = network([6, 6, 6], 4);
    const regions = linearRegions(net);
    const labels = new Set(regions.flatMap((r) => r.edgeLayers));
    expect(labels).toEqual(new Set([-1, 0, 1, 2]));
    // Pre-activations of every layer at a point.
    const preActivations = (x: number, y: number): number[][] => {
      let input = [x, y];
      return net.slice(0, -1).map((layer) => {
        const z = layer.biases.map((b, j) => layer.weights[j]!.reduce((s, w, i) => s + w * input[i]!, b));
        input = z.map((v) => Math.max(v, 0));
        return z;
      });
    };
    for (const r of regions) {
      r.polygon.forEach((p, i) => {
        const q = r.polygon[(i + 1) % r.polygon.length]!;
        const mid: [number, number] = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
        const layer = r.edgeLayers[i]!;
        if (layer < 0) expect(Math.max(Math.abs(mid[0]), Math.abs(mid[1]))).toBeCloseTo(1, 9);
        else expect(Math.min(...preActivations(...mid)[layer]!.map(Math.abs))).toBeLessThan(1e-9);
      });
    }
  });

  it('any box', () => {
    const box = { xMin: 0, xMax: 3, yMin: -1, yMax: 0.5 };
    const regions = linearRegions(network([10], 9), box);
    expect(Math.abs(regions.reduce((s, r) => s + area(r.polygon), 0) - 4.5)).toBeLessThan(1e-9);
    void SQUARE;
  });
});

describe('partition (packed)', () => {
  it('stops before the layer that would pass maxRegions, and says how far it got', () => {
    const net = network([12, 12, 12, 12], 5);
    const full = partition(net);
    expect(full.capped).toBe(false);
    expect(full.layers).toBe(4);
    // Counts after each layer, from partitions of the network cut short.
    const after = [1, 2, 3].map((k) => partition([...net.slice(0, k), { weights: [Array(12).fill(1)], biases: [0] }]).count);
    expect(after[0]).toBeLessThan(after[1]!);
    const capped = partition(net, SQUARE, { maxRegions: after[1]! });
    expect(capped.capped).toBe(true);
    expect(capped.layers).toBe(2);
    expect(capped.count).toBe(after[1]);
    expect(Number.isNaN(capped.gradient[0])).toBe(true);
    // The bits of layers not reached are 0, and the areas still tile the box.
    let total = 0;
    for (let r = 0; r < capped.count; r++) {
      expect(Array.from(capped.patterns.subarray(r * 48 + 24, (r + 1) * 48)).every((b) => b === 0)).toBe(true);
      const polygon: [number, number][] = [];
      for (let v = capped.start[r]!; v < capped.start[r + 1]!; v++) polygon.push([capped.xy[2 * v]!, capped.xy[2 * v + 1]!]);
      total += area(polygon);
    }
    expect(Math.abs(total - 4)).toBeLessThan(1e-9);
  });

  it('unpacks into the same regions linearRegions returns', () => {
    const net = network([7, 7], 6);
    const p = partition(net);
    const regions = linearRegions(net);
    expect(regions).toHaveLength(p.count);
    expect(regions[3]!.polygon.length).toBe(p.start[4]! - p.start[3]!);
    expect(regions[3]!.gradient).toEqual([p.gradient[6], p.gradient[7]]);
  });
});
