import { describe, expect, it } from 'vitest';
import { VIEW_HALF, topScene } from '../../src/render/topview.ts';
import { describeCrease } from '../../src/render/describe.ts';
import { formatAffine, formatNumber } from '../../src/render/format.ts';

const toPlane = (v: number, size: number): number => (v / size) * 2 * VIEW_HALF - VIEW_HALF;

describe('top view', () => {
  it('draws the crease where the math says', () => {
    const n = { a: 1.3, b: -0.4, c: 0.2 };
    const s = topScene(n, 300);
    expect(s.crease).not.toBeNull();
    const { x1, y1, x2, y2 } = s.crease!;
    for (const [sx, sy] of [[x1, y1], [x2, y2]] as const) {
      const x = toPlane(sx, 300);
      const y = -toPlane(sy, 300);
      expect(Math.abs(n.a * x + n.b * y + n.c)).toBeLessThan(0.01);
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeCloseTo(1, 2);
    }
  });

  it('draws level lines at heights 1, 2, … inside the square only', () => {
    const s = topScene({ a: 2, b: 0, c: 0 }, 300);
    expect(s.levels.map((l) => l.value)).toEqual([1]);
    expect(topScene({ a: 3, b: 3, c: 3 }, 300).levels.map((l) => l.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('marks the distance only when the foot of the perpendicular is in view', () => {
    expect(topScene({ a: 1, b: 0, c: 0.5 }, 300).distance).not.toBeNull();
    expect(topScene({ a: 1, b: 0, c: 2.5 }, 300).distance).toBeNull();
    expect(topScene({ a: 1, b: 0, c: 0 }, 300).distance).toBeNull();
  });

  it('has neither crease nor normal when a = b = 0', () => {
    const s = topScene({ a: 0, b: 0, c: 1 }, 300);
    expect(s.crease).toBeNull();
    expect(s.creaseBeyond).toBe('');
    expect(s.normal).toBeNull();
    expect(s.flat).toBe('');
  });

  it('shows a crease outside the square dashed, not solid', () => {
    const s = topScene({ a: 1, b: 0, c: 1.3 }, 300);
    expect(s.crease).toBeNull();
    expect(s.creaseBeyond).not.toBe('');
  });
});

describe('read-outs', () => {
  it('format numbers with a true minus and no negative zero', () => {
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(-1.5)).toBe('−1.50');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatAffine(1, -0.5, 0.25)).toBe('1.00·x − 0.50·y + 0.25');
    expect(formatAffine(-1, 0, -0.004)).toBe('−1.00·x + 0.00·y + 0.00');
  });

  it('describe each kind of crease', () => {
    expect(describeCrease({ a: 0, b: 0, c: 0.5 })).toMatch(/^No crease.*0\.50\.$/);
    expect(describeCrease({ a: 0.5, b: 0.5, c: 3 })).toMatch(/outside the square .*rising side/);
    expect(describeCrease({ a: 0.5, b: 0.5, c: -3 })).toMatch(/outside the square .*flat side/);
    expect(describeCrease({ a: 1, b: 0, c: 0.5 })).toMatch(/crosses the square at distance 0\.50/);
  });
});
