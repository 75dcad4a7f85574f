import { describe, expect, it } from 'vitest';
import {
  clusteringTest,
  creaseLines,
  harmonic,
  histogram,
  nearestNeighbourRatio,
  pairRatio,
  wrapAngle,
} from '../../src/core/creasestats.ts';
import { rng } from '../../src/core/rng.ts';

const TAU = 2 * Math.PI;

const uniformAngles = (n: number, seed: number): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => r.uniform(0, TAU));
};

/** Angles scattered by `spread` (radians, normal) around a few random centres. */
const bundledAngles = (n: number, centres: number, spread: number, seed: number): Float64Array => {
  const r = rng(seed);
  const at = Array.from({ length: centres }, () => r.uniform(0, TAU));
  return Float64Array.from({ length: n }, (_, k) => wrapAngle(at[k % centres]! + spread * r.normal()));
};

describe('creaseLines', () => {
  it('reads angle and signed offset off (a, b, c)', () => {
    // x = 0.5 facing +x; y = -0.25 facing -y (−2y − 0.5 = 0); a = b = 0 has no line.
    const lines = creaseLines([1, 0, -0.5, 0, -2, -0.5, 0, 0, 1]);
    expect(Array.from(lines.neuron)).toEqual([0, 1]);
    expect(lines.angle[0]).toBeCloseTo(0, 12);
    expect(lines.offset[0]).toBeCloseTo(0.5, 12);
    expect(lines.angle[1]).toBeCloseTo((3 * Math.PI) / 2, 12);
    // The line y = −0.25 lies 0.25 along the normal (0, −1).
    expect(lines.offset[1]).toBeCloseTo(0.25, 12);
  });

  it('keeps only creases crossing the square, or a disc, when asked', () => {
    const lines = creaseLines([1, 1, 1.9, 1, 1, 2.1, 0.1, 0, 0.05], { within: 1 });
    expect(Array.from(lines.neuron)).toEqual([0, 2]);
    // Distances 1.9/√2 ≈ 1.34, 2.1/√2 ≈ 1.48 and 0.5 from the origin.
    expect(Array.from(creaseLines([1, 1, 1.9, 1, 1, 2.1, 0.1, 0, 0.05], { maxOffset: 1.4 }).neuron)).toEqual([0, 2]);
    expect(Array.from(creaseLines([1, 1, 1.9, 1, 1, 2.1, 0.1, 0, 0.05], { maxOffset: 1 }).neuron)).toEqual([2]);
  });

  it('wraps angles into [0, 2π)', () => {
    expect(wrapAngle(-Math.PI / 2)).toBeCloseTo((3 * Math.PI) / 2, 12);
    expect(wrapAngle(5 * Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngle(-1e-18)).toBeLessThan(TAU);
  });
});

describe('clustering of angles', () => {
  it('the nearest-neighbour ratio of uniform angles averages 1, whatever their number', () => {
    for (const n of [10, 100, 500]) {
      let sum = 0;
      for (let d = 0; d < 200; d++) sum += nearestNeighbourRatio(uniformAngles(n, 1000 * n + d));
      expect(sum / 200).toBeGreaterThan(0.95);
      expect(sum / 200).toBeLessThan(1.05);
    }
  });

  it('an even comb gives 2, a few bundles give far less than 1', () => {
    expect(nearestNeighbourRatio(Float64Array.from({ length: 60 }, (_, k) => (k * TAU) / 60))).toBeCloseTo(2, 9);
    expect(nearestNeighbourRatio(bundledAngles(500, 5, 0.03, 3))).toBeLessThan(0.2);
  });

  it('the pair ratio is ≈ 1 for uniform angles and large for bundles; it counts pairs across 0', () => {
    let sum = 0;
    for (let d = 0; d < 100; d++) sum += pairRatio(uniformAngles(300, d), 0.1);
    expect(sum / 100).toBeCloseTo(1, 1);
    expect(pairRatio(bundledAngles(500, 5, 0.03, 4), 0.1)).toBeGreaterThan(5);
    // Two angles 0.02 apart across 0, one far away: 1 close pair out of 3, against 2h/2π.
    expect(pairRatio([TAU - 0.01, 0.01, 3], 0.05)).toBeCloseTo(1 / 3 / (0.1 / TAU), 9);
  });

  it('tests angles against seeded uniform draws: uniform passes, bundles stand out', () => {
    const uniform = clusteringTest(uniformAngles(500, 77), nearestNeighbourRatio, { clumpedIs: 'low', seed: 2 });
    expect(Math.abs(uniform.z)).toBeLessThan(3);
    expect(uniform.p).toBeGreaterThan(0.005);
    expect(uniform.uniformMean).toBeCloseTo(1, 1);
    const bundles = clusteringTest(bundledAngles(500, 5, 0.03, 5), nearestNeighbourRatio, { clumpedIs: 'low', seed: 2 });
    expect(bundles.z).toBeLessThan(-10);
    expect(bundles.p).toBeCloseTo(1 / 201, 9);
    const pairs = clusteringTest(bundledAngles(500, 5, 0.03, 5), (a) => pairRatio(a, 0.1), { clumpedIs: 'high', draws: 50, seed: 2 });
    expect(pairs.z).toBeGreaterThan(10);
    // Same seed, same answer.
    expect(clusteringTest(uniformAngles(50, 1), nearestNeighbourRatio, { clumpedIs: 'low', seed: 9 })).toEqual(
      clusteringTest(uniformAngles(50, 1), nearestNeighbourRatio, { clumpedIs: 'low', seed: 9 }),
    );
  });

  it('the fourth harmonic tells axes from diagonals', () => {
    const axes = Float64Array.from({ length: 400 }, (_, k) => wrapAngle((k % 4) * (Math.PI / 2) + 0.05 * Math.sin(k)));
    const diagonals = axes.map((t) => wrapAngle(t + Math.PI / 4));
    expect(harmonic(axes, 4).cos).toBeGreaterThan(0.9);
    expect(harmonic(diagonals, 4).cos).toBeLessThan(-0.9);
    expect(harmonic(uniformAngles(10000, 3), 4).length).toBeLessThan(0.03);
  });
});

describe('histogram', () => {
  it('bins angles over [0, 2π) and other values over a range, dropping those outside', () => {
    expect(Array.from(histogram([0, 0.1, Math.PI, TAU - 1e-9, TAU], 4))).toEqual([2, 0, 1, 1]);
    expect(Array.from(histogram([-1, -0.5, 0, 0.99, 1, 7], 2, -1, 1))).toEqual([2, 2]);
    const counts = histogram(uniformAngles(1000, 5), 12);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(1000);
  });
});
