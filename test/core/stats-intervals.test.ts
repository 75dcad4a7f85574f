import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, meanInterval, poissonCdf, poissonInterval, studentTCdf, studentTQuantile } from '../../src/core/stats.ts';

describe('intervals for counts over seeds', () => {
  it('ln Γ and the incomplete beta match values known in closed form', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // I_x(1, 1) = x; I_x(a, 1) = xᵃ; I_x(1, b) = 1 − (1 − x)ᵇ.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 12);
    expect(incompleteBeta(0.2, 1, 4)).toBeCloseTo(1 - 0.8 ** 4, 12);
    expect(incompleteBeta(0.5, 2.5, 2.5)).toBeCloseTo(0.5, 12);
  });

  it('Student’s t: the distribution and the quantiles of the tables', () => {
    // One degree of freedom is the Cauchy distribution: P(T ≤ 1) = 3/4.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2622, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764, 4);
  });

  it('the mean with its t interval', () => {
    const r = meanInterval([60, 64, 68, 70, 58]);
    expect(r.mean).toBe(64);
    expect(r.sd).toBeCloseTo(Math.sqrt(26), 12);
    expect(r.high - r.mean).toBeCloseTo((2.776445 * Math.sqrt(26)) / Math.sqrt(5), 4);
    expect(r.mean - r.low).toBeCloseTo(r.high - r.mean, 12);
    const zeros = meanInterval([0, 0, 0, 0, 0]);
    expect([zeros.low, zeros.mean, zeros.high]).toEqual([0, 0, 0]);
    expect(Number.isNaN(meanInterval([3]).low)).toBe(true);
  });

  it('exact Poisson intervals, per run', () => {
    expect(poissonCdf(0, 2)).toBeCloseTo(Math.exp(-2), 12);
    expect(poissonCdf(2, 2)).toBeCloseTo(Math.exp(-2) * (1 + 2 + 2), 12);
    const none = poissonInterval(0, 5);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(-Math.log(0.025) / 5, 8);
    // Garwood's interval for 10 events: 4.795 to 18.39.
    const ten = poissonInterval(10);
    expect(ten.low).toBeCloseTo(4.7954, 3);
    expect(ten.high).toBeCloseTo(18.3904, 3);
    expect(poissonInterval(320, 5).rate).toBe(64);
    expect(() => poissonInterval(-1)).toThrow(/whole/);
  });
});
