import { describe, expect, it } from 'vitest';
import { area, evaluate } from '../../src/core/geometry.ts';
import { crease, creaseSegment, gradient, pieces, range, risingShare, value } from '../../src/core/neuron.ts';
import { rng } from '../../src/core/rng.ts';

describe('value and gradient', () => {
  const n = { a: 1, b: -2, c: 0.5 };
  it('is the rectified affine function', () => {
    expect(value(n, 1, 0)).toBe(1.5);
    expect(value(n, 0, 1)).toBe(0);
  });
  it('has gradient (a, b) on the rising side and (0, 0) on the flat side and on the crease', () => {
    expect(gradient(n, 1, 0)).toEqual([1, -2]);
    expect(gradient(n, 0, 1)).toEqual([0, 0]);
    expect(gradient(n, -0.5, 0)).toEqual([0, 0]);
  });
  it('agrees with finite differences away from the crease', () => {
    const r = rng(3);
    for (let k = 0; k < 200; k++) {
      const x = r.uniform(-1, 1);
      const y = r.uniform(-1, 1);
      if (Math.abs(evaluate(n, [x, y])) < 1e-3) continue;
      const h = 1e-6;
      const gx = (value(n, x + h, y) - value(n, x - h, y)) / (2 * h);
      const gy = (value(n, x, y + h) - value(n, x, y - h)) / (2 * h);
      const [ax, ay] = gradient(n, x, y);
      expect(gx).toBeCloseTo(ax, 6);
      expect(gy).toBeCloseTo(ay, 6);
    }
  });
});

describe('pieces', () => {
  it('splits the square into a flat piece where f = 0 and a rising piece where f > 0', () => {
    const n = { a: 1, b: 0.5, c: 0.25 };
    const { flat, rising } = pieces(n);
    expect(area(flat) + area(rising)).toBeCloseTo(4, 12);
    expect(flat.every((p) => evaluate(n, p) <= 1e-12)).toBe(true);
    expect(rising.every((p) => evaluate(n, p) >= -1e-12)).toBe(true);
  });

  it('never loses area, for random neurons over the sliders’ range', () => {
    const r = rng(11);
    for (let k = 0; k < 2000; k++) {
      const n = { a: r.uniform(-3, 3), b: r.uniform(-3, 3), c: r.uniform(-3, 3) };
      const { flat, rising } = pieces(n);
      expect(area(flat) + area(rising)).toBeCloseTo(4, 9);
      expect(flat.length > 0 || rising.length > 0).toBe(true);
    }
  });

  it('a = b = 0: one flat sheet at max(c, 0)', () => {
    expect(pieces({ a: 0, b: 0, c: 0.7 })).toEqual({ flat: [], rising: [[-1, -1], [1, -1], [1, 1], [-1, 1]] });
    expect(pieces({ a: 0, b: 0, c: -0.7 }).rising).toEqual([]);
    expect(pieces({ a: 0, b: 0, c: 0 }).rising).toEqual([]);
    expect(range({ a: 0, b: 0, c: 0.7 })).toEqual([0.7, 0.7]);
  });
});

describe('crease', () => {
  it('crosses the square: the ends lie on the line and on the boundary', () => {
    const n = { a: 1, b: 0.5, c: 0.25 };
    const c = crease(n);
    expect(c.kind).toBe('inside');
    for (const p of c.segment!) {
      expect(evaluate(n, p)).toBeCloseTo(0, 12);
      expect(Math.max(Math.abs(p[0]), Math.abs(p[1]))).toBeCloseTo(1, 12);
    }
    expect(c.distance).toBeCloseTo(0.25 / Math.hypot(1, 0.5), 12);
  });

  it('a = b = 0: no crease', () => {
    const c = crease({ a: 0, b: 0, c: 1 });
    expect(c).toEqual({ kind: 'none', segment: null, distance: Infinity, foot: null });
  });

  it('outside the square: no segment, and one piece covers the square', () => {
    const n = { a: 0.5, b: 0.5, c: 3 };
    expect(crease(n).kind).toBe('outside');
    expect(crease(n).segment).toBeNull();
    expect(risingShare(n)).toBe(1);
    expect(risingShare({ a: 0.5, b: 0.5, c: -3 })).toBe(0);
  });

  it('through a corner only: outside, no sliver', () => {
    const n = { a: 1, b: 1, c: 2 };
    expect(crease(n).kind).toBe('outside');
    expect(pieces(n).flat).toEqual([]);
  });

  it('through two corners (the diagonal): inside, two triangles of area 2', () => {
    const n = { a: 1, b: 1, c: 0 };
    expect(crease(n).kind).toBe('inside');
    const { flat, rising } = pieces(n);
    expect(flat).toHaveLength(3);
    expect(rising).toHaveLength(3);
    expect(area(flat)).toBeCloseTo(2, 12);
  });

  it('along an edge: outside (the edge is not a fold of the square)', () => {
    expect(crease({ a: 1, b: 0, c: 1 }).kind).toBe('outside');
  });

  it('scaling (a, b, c) by a positive number keeps the crease and scales the slope', () => {
    const n = { a: 0.8, b: -0.3, c: 0.2 };
    const m = { a: 2.4, b: -0.9, c: 0.6 };
    const p = crease(n).segment!;
    const q = crease(m).segment!;
    expect(q[0][0]).toBeCloseTo(p[0][0], 12);
    expect(q[1][1]).toBeCloseTo(p[1][1], 12);
    expect(range(m)[1]).toBeCloseTo(3 * range(n)[1], 12);
  });
});

describe('creaseSegment', () => {
  it('gives exactly the segment crease() gives, for random creases and for lines through or near corners and edges', () => {
    const r = rng(11);
    const cases: { a: number; b: number; c: number }[] = [
      { a: 0, b: 0, c: 1 },
      { a: 1, b: 1, c: 2 }, // through the corner (−1, −1) only
      { a: 1, b: 1, c: 2 - 1e-9 }, // a sliver at that corner
      { a: 1, b: 1, c: 2 - 1e-4 },
      { a: 1, b: 0, c: 1 }, // along the left edge
      { a: 1, b: 0, c: 1 - 1e-13 },
      { a: 0, b: 1, c: -0.9995 },
      { a: 1, b: -1, c: 0 }, // a diagonal, through two corners
    ];
    for (let k = 0; k < 2000; k++) cases.push({ a: r.uniform(-2, 2), b: r.uniform(-2, 2), c: r.uniform(-3, 3) });
    // Lines nearly through a corner, from either side.
    for (let k = 0; k < 200; k++) {
      const a = r.uniform(-2, 2);
      const b = r.uniform(-2, 2);
      cases.push({ a, b, c: -(a + b) + r.uniform(-1e-3, 1e-3) * Math.hypot(a, b) });
    }
    let inside = 0;
    for (const n of cases) {
      const expected = crease(n).segment;
      expect(creaseSegment(n), JSON.stringify(n)).toEqual(expected);
      if (expected) inside++;
    }
    // Both outcomes are exercised.
    expect(inside).toBeGreaterThan(500);
    expect(cases.length - inside).toBeGreaterThan(300);
  });
});
