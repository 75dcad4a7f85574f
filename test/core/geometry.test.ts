import { describe, expect, it } from 'vitest';
import {
  SQUARE,
  area,
  boxPolygon,
  centroid,
  clipHalfPlane,
  cutLabelled,
  distanceFromOrigin,
  footOfPerpendicular,
  lineThroughPolygon,
  signedArea,
} from '../../src/core/geometry.ts';
import { rng } from '../../src/core/rng.ts';

const square = boxPolygon(SQUARE);

describe('polygons', () => {
  it('the square is counter-clockwise with area 4 and centroid at the origin', () => {
    expect(signedArea(square)).toBe(4);
    expect(centroid(square)).toEqual([0, 0]);
  });

  it('a cut through two corners makes no repeated vertices, and the labels follow the edges', () => {
    const { positive, negative } = cutLabelled({ polygon: square, labels: [10, 11, 12, 13] }, { a: 1, b: 1, c: 0 }, 7);
    // The diagonal x + y = 0 through (1, -1) and (-1, 1): two triangles.
    expect(positive.polygon).toEqual([[1, -1], [1, 1], [-1, 1]]);
    expect(positive.labels).toEqual([11, 12, 7]);
    expect(negative.polygon).toEqual([[-1, -1], [1, -1], [-1, 1]]);
    expect(negative.labels).toEqual([10, 7, 13]);
  });

  it('a cut across two edges labels both pieces of each cut edge like the edge', () => {
    const { positive, negative } = cutLabelled({ polygon: square, labels: [10, 11, 12, 13] }, { a: 1, b: 0, c: 0 }, 7);
    expect(positive.polygon).toEqual([[0, -1], [1, -1], [1, 1], [0, 1]]);
    expect(positive.labels).toEqual([10, 11, 12, 7]);
    expect(negative.polygon).toEqual([[-1, -1], [0, -1], [0, 1], [-1, 1]]);
    expect(negative.labels).toEqual([10, 7, 12, 13]);
  });
});

describe('clipHalfPlane', () => {
  it('cuts the square along x = 0 into two halves of area 2', () => {
    const g = { a: 1, b: 0, c: 0 };
    const right = clipHalfPlane(square, g, 'positive');
    const left = clipHalfPlane(square, g, 'negative');
    expect(area(right)).toBeCloseTo(2, 12);
    expect(area(left)).toBeCloseTo(2, 12);
    expect(right.every(([x]) => x >= 0)).toBe(true);
    expect(left.every(([x]) => x <= 0)).toBe(true);
  });

  it('keeps both sides counter-clockwise and their areas add up to the whole, for random lines', () => {
    const r = rng(7);
    for (let k = 0; k < 2000; k++) {
      const g = { a: r.uniform(-3, 3), b: r.uniform(-3, 3), c: r.uniform(-3, 3) };
      const p = clipHalfPlane(square, g, 'positive');
      const n = clipHalfPlane(square, g, 'negative');
      expect(area(p) + area(n)).toBeCloseTo(4, 9);
      if (p.length) expect(signedArea(p)).toBeGreaterThan(0);
      if (n.length) expect(signedArea(n)).toBeGreaterThan(0);
    }
  });

  it('returns [] for a side with nothing of positive area', () => {
    expect(clipHalfPlane(square, { a: 1, b: 0, c: 5 }, 'negative')).toEqual([]);
    // A line through a corner only: the corner's side has zero area.
    expect(clipHalfPlane(square, { a: 1, b: 1, c: 2 }, 'negative')).toEqual([]);
    expect(area(clipHalfPlane(square, { a: 1, b: 1, c: 2 }, 'positive'))).toBeCloseTo(4, 12);
  });

  it('a line along an edge leaves the whole square on one side', () => {
    expect(area(clipHalfPlane(square, { a: 1, b: 0, c: 1 }, 'positive'))).toBeCloseTo(4, 12);
    expect(clipHalfPlane(square, { a: 1, b: 0, c: 1 }, 'negative')).toEqual([]);
  });

  it('a = b = 0 keeps all or nothing by the sign of c', () => {
    expect(area(clipHalfPlane(square, { a: 0, b: 0, c: 1 }, 'positive'))).toBe(4);
    expect(clipHalfPlane(square, { a: 0, b: 0, c: 1 }, 'negative')).toEqual([]);
  });
});

describe('lineThroughPolygon', () => {
  it('finds the chord of a line across the square', () => {
    const seg = lineThroughPolygon(square, { a: 0, b: 1, c: -0.5 });
    expect(seg).not.toBeNull();
    const xs = seg!.map((p) => p[0]).sort((p, q) => p - q);
    expect(xs).toEqual([-1, 1]);
    expect(seg!.every((p) => Math.abs(p[1] - 0.5) < 1e-12)).toBe(true);
  });

  it('the diagonal through two corners ends at those corners', () => {
    const seg = lineThroughPolygon(square, { a: 1, b: 1, c: 0 })!;
    const ends = seg.map((p) => p.join(',')).sort();
    expect(ends).toEqual(['-1,1', '1,-1']);
  });

  it('is null for lines that miss, touch one corner, or are not lines', () => {
    expect(lineThroughPolygon(square, { a: 1, b: 0, c: 3 })).toBeNull();
    expect(lineThroughPolygon(square, { a: 1, b: 1, c: 2 })).toBeNull();
    expect(lineThroughPolygon(square, { a: 0, b: 0, c: 0 })).toBeNull();
  });
});

describe('distance and foot of the perpendicular', () => {
  it('matches |c| / ‖(a, b)‖ and lies on the line', () => {
    const g = { a: 3, b: 4, c: -10 };
    expect(distanceFromOrigin(g)).toBe(2);
    const [x, y] = footOfPerpendicular(g)!;
    expect(3 * x + 4 * y - 10).toBeCloseTo(0, 12);
    expect(Math.hypot(x, y)).toBeCloseTo(2, 12);
  });

  it('has no line when a = b = 0', () => {
    expect(distanceFromOrigin({ a: 0, b: 0, c: 1 })).toBe(Infinity);
    expect(footOfPerpendicular({ a: 0, b: 0, c: 1 })).toBeNull();
  });
});
