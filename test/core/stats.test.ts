import { describe, expect, it } from 'vitest';
import { rng } from '../../src/core/rng.ts';
import { mean, median, medianInPlace, standardDeviation } from '../../src/core/stats.ts';

describe('stats', () => {
  it('the median by selection agrees with sorting, odd and even lengths, with ties', () => {
    const r = rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(r.next() * 60);
      const values = Float64Array.from({ length: n }, () => Math.floor(r.next() * 10) + (trial % 2 ? r.next() : 0));
      const sorted = values.slice().sort();
      const expected = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      expect(median(values)).toBe(expected);
      expect(medianInPlace(values.slice(), n)).toBe(expected);
    }
    expect(median([])).toBeNaN();
  });

  it('mean and sample standard deviation', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([1])).toBeNaN();
  });
});
