import { describe, expect, it } from 'vitest';
import { gridPoints, pixelCentre, pixelOf } from '../../src/core/coords.ts';
import { rng } from '../../src/core/rng.ts';

describe('pixel coordinates', () => {
  it('pixel (0, 0) is the top-left cell, y up', () => {
    expect(pixelCentre(0, 0, 2)).toEqual([-0.5, 0.5]);
    expect(pixelCentre(1, 1, 2)).toEqual([0.5, -0.5]);
    expect(pixelCentre(0, 0, 1)).toEqual([0, 0]);
  });

  it('pixelOf inverts pixelCentre and clamps to the image', () => {
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) expect(pixelOf(...pixelCentre(i, j, 7), 7)).toEqual([i, j]);
    expect(pixelOf(5, -5, 4)).toEqual([3, 3]);
    expect(pixelOf(-1, 1, 4)).toEqual([0, 0]);
  });

  it('grid points are the pixel centres row by row and average to the origin', () => {
    const n = 8;
    const g = gridPoints(n);
    expect(g.length).toBe(2 * n * n);
    expect([g[2 * (3 * n + 5)], g[2 * (3 * n + 5) + 1]]).toEqual([...pixelCentre(3, 5, n)]);
    let sx = 0;
    let sy = 0;
    for (let k = 0; k < n * n; k++) {
      sx += g[2 * k]!;
      sy += g[2 * k + 1]!;
    }
    expect(Math.abs(sx) + Math.abs(sy)).toBeLessThan(1e-12);
  });
});

describe('seeded random numbers', () => {
  it('repeat for the same seed and differ for another', () => {
    const a = rng(42);
    const b = rng(42);
    const c = rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('are uniform in [0, 1) and normals have mean 0 and variance 1', () => {
    const r = rng(1);
    const n = 100_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let k = 0; k < n; k++) {
      const v = r.next();
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    let m = 0;
    let s = 0;
    for (let k = 0; k < n; k++) {
      const v = r.normal();
      m += v;
      s += v * v;
    }
    expect(m / n).toBeCloseTo(0, 1);
    expect(s / n).toBeCloseTo(1, 1);
  });
});
