import { describe, expect, it } from 'vitest';
import { principalPlane } from '../../src/core/pca.ts';
import { rng } from '../../src/core/rng.ts';

describe('principal plane', () => {
  it('finds the two directions of largest spread of a flat cloud in 4 dimensions', () => {
    const r = rng(11);
    // Spread 3 along u, 1 along v, nothing else; u and v orthonormal in R⁴.
    const u = [0.5, 0.5, 0.5, 0.5];
    const v = [0.5, -0.5, 0.5, -0.5];
    const n = 2000;
    const points = new Float64Array(4 * n);
    for (let p = 0; p < n; p++) {
      const a = 3 * r.normal();
      const b = r.normal();
      for (let d = 0; d < 4; d++) points[4 * p + d] = 7 + a * u[d]! + b * v[d]!;
    }
    const plane = principalPlane(points, 4);
    const dot = (x: ArrayLike<number>, y: ArrayLike<number>): number => Array.from(x).reduce((s, xi, i) => s + xi * y[i]!, 0);
    expect(Math.abs(dot(plane.axes[0], u))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(plane.axes[1], v))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(plane.axes[0], plane.axes[1]))).toBeLessThan(1e-9);
    expect(plane.variances[0]).toBeGreaterThan(8);
    expect(plane.variances[1]).toBeLessThan(1.2);
    expect(plane.mean[2]).toBeCloseTo(7, 0);
  });

  it('copes with a cloud that is a single point', () => {
    const plane = principalPlane(Float64Array.of(1, 2, 1, 2), 2);
    expect(plane.variances[0]).toBe(0);
    expect(Array.from(plane.mean)).toEqual([1, 2]);
    expect(plane.axes.every((a) => a.every(Number.isFinite))).toBe(true);
  });
});
