import { describe, expect, it } from 'vitest';
import { fourierMap } from '../../src/core/fourier.ts';
import { mean, standardDeviation } from '../../src/core/stats.ts';

describe('Fourier features', () => {
  it('gives each frequency a cosine and a sine of 2π·b·(x, y), cosines first', () => {
    const f = fourierMap({ count: 3, scale: 2, seed: 7 });
    expect(f.inputs).toBe(6);
    const out = new Float64Array(6);
    f.encode(0.3, -0.7, out);
    for (let j = 0; j < 3; j++) {
      const phase = 2 * Math.PI * (f.frequencies[2 * j]! * 0.3 + f.frequencies[2 * j + 1]! * -0.7);
      expect(out[j]).toBeCloseTo(Math.cos(phase), 12);
      expect(out[3 + j]).toBeCloseTo(Math.sin(phase), 12);
      expect(out[j]! ** 2 + out[3 + j]! ** 2).toBeCloseTo(1, 12);
    }
    // At the origin every phase is 0.
    f.encode(0, 0, out);
    expect(Array.from(out)).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('draws the frequencies from the seed, with the standard deviation asked for', () => {
    const a = fourierMap({ count: 2000, scale: 3, seed: 1 });
    const b = fourierMap({ count: 2000, scale: 3, seed: 1 });
    const c = fourierMap({ count: 2000, scale: 3, seed: 2 });
    expect(Array.from(a.frequencies)).toEqual(Array.from(b.frequencies));
    expect(Array.from(a.frequencies)).not.toEqual(Array.from(c.frequencies));
    expect(standardDeviation(a.frequencies)).toBeGreaterThan(2.85);
    expect(standardDeviation(a.frequencies)).toBeLessThan(3.15);
    expect(Math.abs(mean(a.frequencies))).toBeLessThan(0.15);
  });

  it('writes at an offset, and refuses settings that make no features', () => {
    const f = fourierMap({ count: 2, scale: 1, seed: 3 });
    const out = new Float64Array(9).fill(-5);
    f.encode(0.1, 0.2, out, 5);
    expect(out[4]).toBe(-5);
    expect(out.slice(5).every((x) => Math.abs(x) <= 1)).toBe(true);
    expect(() => fourierMap({ count: 0, scale: 1, seed: 1 })).toThrow(/count/);
    expect(() => fourierMap({ count: 2.5, scale: 1, seed: 1 })).toThrow(/count/);
    expect(() => fourierMap({ count: 4, scale: 0, seed: 1 })).toThrow(/scale/);
  });
});
