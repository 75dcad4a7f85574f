import { describe, expect, it } from 'vitest';
import { type Affine, type Box, type Labelled, type Point, SQUARE, boxPolygon, splitLabelled } from '../../src/core/geometry.ts';
import { initNetwork } from '../../src/core/mlp.ts';
import { type LayerWeights, type Partition, networkLayers, partition } from '../../src/core/regions.ts';

/** A region of the plain computation: its shape, its on/off bits and its last layer's outputs. */
interface Plain {
  readonly shape: Labelled;
  readonly pattern: number[];
  readonly units: Affine[];
}

/**
 * The partition computed the plain way, with nothing skipped or reused: in every region, every
 * neuron's pre-activation summed over every input, and every piece split by every line of the
 * layer with geometry.ts's splitLabelled.
 */
function plainPartition(layers: readonly LayerWeights[], box: Box): { regions: Plain[]; gradient: [number, number][]; offset: number[] } {
  const corners = boxPolygon(box);
  let regions: Plain[] = [{ shape: { polygon: corners, labels: corners.map(() => -1) }, pattern: [], units: [{ a: 1, b: 0, c: 0 }, { a: 0, b: 1, c: 0 }] }];
  const affine = (layer: LayerWeights, units: readonly Affine[], j: number): Affine => {
    let a = 0;
    let b = 0;
    let c = layer.biases[j]!;
    units.forEach((u, i) => {
      const w = layer.weights[j]![i]!;
      a += w * u.a;
      b += w * u.b;
      c += w * u.c;
    });
    return { a, b, c };
  };
  layers.slice(0, -1).forEach((layer, l) => {
    const next: Plain[] = [];
    for (const region of regions) {
      const pre = Array.from(layer.biases, (_, j) => affine(layer, region.units, j));
      let pieces = [{ shape: region.shape, bits: [] as number[] }];
      for (const g of pre) {
        const after: typeof pieces = [];
        for (const piece of pieces) {
          const { positive, negative } = splitLabelled(piece.shape, g, l);
          if (positive.polygon.length) after.push({ shape: positive, bits: [...piece.bits, 1] });
          if (negative.polygon.length) after.push({ shape: negative, bits: [...piece.bits, 0] });
        }
        pieces = after;
      }
      for (const piece of pieces) {
        const units = pre.map((g, j) => (piece.bits[j] ? g : { a: 0, b: 0, c: 0 }));
        next.push({ shape: piece.shape, pattern: [...region.pattern, ...piece.bits], units });
      }
    }
    regions = next;
  });
  const output = layers[layers.length - 1]!;
  const maps = regions.map((r) => affine(output, r.units, 0));
  return { regions, gradient: maps.map((g) => [g.a, g.b]), offset: maps.map((g) => g.c) };
}

/** |x − y| within 1e-9 of the larger of |x|, |y| and `scale`. */
function close(x: number, y: number, scale: number): boolean {
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), scale);
}

/** The vertices and edge labels of region r, starting from its lowest, leftmost vertex. */
function outline(points: readonly Point[], labels: readonly number[]): { points: Point[]; labels: number[] } {
  let first = 0;
  points.forEach((p, i) => {
    const q = points[first]!;
    if (p[1] < q[1] - 1e-9 || (Math.abs(p[1] - q[1]) <= 1e-9 && p[0] < q[0])) first = i;
  });
  const order = points.map((_, i) => (first + i) % points.length);
  return { points: order.map((i) => points[i]!), labels: order.map((i) => labels[i]!) };
}

function expectSameRegions(fast: Partition, plain: ReturnType<typeof plainPartition>, units: boolean): void {
  expect(fast.count).toBe(plain.regions.length);
  // Each region has its own pattern: that is how the two lists are matched.
  const byPattern = new Map(plain.regions.map((r, i) => [r.pattern.join(''), i]));
  expect(byPattern.size).toBe(plain.regions.length);
  let vertices = 0;
  for (let r = 0; r < fast.count; r++) {
    const key = Array.from(fast.patterns.subarray(r * fast.neurons, (r + 1) * fast.neurons)).join('');
    const i = byPattern.get(key);
    expect(i, `region ${r}'s pattern is one of the plain partition's`).toBeDefined();
    byPattern.delete(key);
    const reference = plain.regions[i!]!;
    const points: Point[] = [];
    for (let v = fast.start[r]!; v < fast.start[r + 1]!; v++) points.push([fast.xy[2 * v]!, fast.xy[2 * v + 1]!]);
    const a = outline(points, Array.from(fast.edgeLayer.subarray(fast.start[r]!, fast.start[r + 1]!)));
    const b = outline(reference.shape.polygon, reference.shape.labels);
    expect(a.points.length).toBe(b.points.length);
    expect(a.labels).toEqual(b.labels);
    a.points.forEach((p, k) => {
      expect(close(p[0], b.points[k]![0], 1) && close(p[1], b.points[k]![1], 1), `region ${r} vertex ${k}`).toBe(true);
    });
    vertices += a.points.length;
    const g: [number, number, number] = [fast.gradient[2 * r]!, fast.gradient[2 * r + 1]!, fast.offset[r]!];
    const h: [number, number, number] = [plain.gradient[i!]![0], plain.gradient[i!]![1], plain.offset[i!]!];
    const scale = Math.max(...g.map(Math.abs), ...h.map(Math.abs));
    g.forEach((v, k) => expect(close(v, h[k]!, scale), `region ${r} map ${k}: ${v} vs ${h[k]}`).toBe(true));
    if (units) {
      const w = fast.unitWidth!;
      const o = 3 * w * r;
      reference.units.forEach((u, k) => {
        const s = Math.max(Math.abs(u.a), Math.abs(u.b), Math.abs(u.c));
        expect(close(fast.units![o + k]!, u.a, s) && close(fast.units![o + w + k]!, u.b, s) && close(fast.units![o + 2 * w + k]!, u.c, s)).toBe(true);
      });
    }
  }
  expect(byPattern.size).toBe(0);
  expect(vertices).toBe(fast.start[fast.count]);
}

describe('the partition against the plain computation', () => {
  const cases: [string, number[], number, Box][] = [
    ['2 → 16×3 → 1', [16, 16, 16], 1, SQUARE],
    ['2 → 8×8 → 1', Array(8).fill(8), 4, SQUARE],
    ['2 → 12×5 → 1', Array(5).fill(12), 2, SQUARE],
    ['2 → 10×6 → 1 in a smaller box', Array(6).fill(10), 9, { xMin: -0.5, xMax: 0.25, yMin: -0.2, yMax: 0.6 }],
  ];
  for (const [label, hidden, seed, box] of cases) {
    it(`${label} (seed ${seed}): the same regions, polygons and affine maps`, () => {
      const layers = networkLayers(initNetwork(hidden, seed));
      const fast = partition(layers, box, { units: true });
      const plain = plainPartition(layers, box);
      // A deep enough network for the pieces of one region to be many and to share work.
      expect(fast.count).toBeGreaterThan(100);
      expectSameRegions(fast, plain, true);
    });
  }
});
