import { describe, expect, it } from 'vitest';
import { rng } from '../../src/core/rng.ts';
import { findSpikes, summariseSpikes } from '../../src/core/spikes.ts';

/** A slowly decaying loss with triangular surges of relative height h, half-width w, at given steps. */
function curve(length: number, surges: readonly { at: number; height: number; halfWidth: number }[], noise = 0, seed = 1): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(length);
  for (let t = 0; t < length; t++) {
    let factor = 1;
    for (const { at, height, halfWidth } of surges) factor += height * Math.max(0, 1 - Math.abs(t - at) / halfWidth);
    out[t] = 0.1 * Math.exp(-t / 3000) * factor * (1 + noise * r.uniform(-1, 1));
  }
  return out;
}

const surges = [
  { at: 400, height: 0.8, halfWidth: 12 },
  { at: 900, height: 2.5, halfWidth: 20 },
  { at: 1300, height: 0.5, halfWidth: 8 },
  { at: 1800, height: 1.2, halfWidth: 15 },
];

describe('findSpikes', () => {
  it('finds exactly the surges of a decaying curve, with their steps and heights', () => {
    const spikes = findSpikes(curve(2500, surges));
    expect(spikes.map((s) => s.peak)).toEqual(surges.map((s) => s.at));
    spikes.forEach((s, k) => {
      const { at, height, halfWidth } = surges[k]!;
      // The trough is read a few steps before the peak, where the decay has not yet gone as far.
      expect(s.height).toBeGreaterThan(height * 0.97);
      expect(s.height).toBeLessThan(height * 1.01);
      expect(s.start).toBeGreaterThanOrEqual(at - halfWidth);
      expect(s.start).toBeLessThan(at);
      expect(s.end).toBeGreaterThan(at);
      expect(s.end).toBeLessThanOrEqual(at + halfWidth);
      expect(s.recovered).toBe(true);
    });
  });

  it('summarises count, spacing and size', () => {
    const summary = summariseSpikes(findSpikes(curve(2500, surges)));
    expect(summary.count).toBe(4);
    expect(summary.first).toBe(400);
    expect(summary.medianPeriod).toBe(500); // gaps 500, 400, 500
    expect(summary.medianHeight).toBeCloseTo((0.8 + 1.2) / 2, 1);
    expect(summary.maxHeight).toBeCloseTo(2.5, 1);
  });

  it('finds nothing on a smooth curve or on noise below the threshold', () => {
    expect(findSpikes(curve(3000, []))).toEqual([]);
    // ±10 % noise moves the loss at most 1.1/0.9 ≈ 1.22 times its lowest value: below 1.3.
    expect(findSpikes(curve(3000, [], 0.1, 5))).toEqual([]);
    expect(summariseSpikes([])).toEqual({ count: 0, first: null, medianPeriod: null, medianHeight: null, maxHeight: null, medianDuration: null });
  });

  it('still finds the surges through noise, and the threshold decides what counts', () => {
    const noisy = curve(2500, surges, 0.05, 9);
    const found = findSpikes(noisy);
    expect(found.length).toBe(4);
    found.forEach((s, k) => expect(Math.abs(s.peak - surges[k]!.at)).toBeLessThanOrEqual(2));
    // Above the smallest surge's height, that one is no longer a spike.
    expect(findSpikes(curve(2500, surges), { threshold: 0.6 }).map((s) => s.peak)).toEqual([400, 900, 1800]);
  });

  it('merges ringing after a surge when asked, and reports a surge the curve never recovers from', () => {
    const ringing = curve(1200, [
      { at: 300, height: 1, halfWidth: 10 },
      { at: 330, height: 0.5, halfWidth: 6 },
      { at: 900, height: 1, halfWidth: 10 },
    ]);
    expect(findSpikes(ringing).length).toBe(3);
    const merged = findSpikes(ringing, { mergeGap: 20 });
    expect(merged.map((s) => s.peak)).toEqual([300, 900]);
    expect(merged[0]!.end).toBeGreaterThan(330);

    const diverging = Float64Array.from({ length: 100 }, (_, t) => (t < 50 ? 1 : 1 + (t - 49)));
    const [last] = findSpikes(diverging);
    expect(last!.recovered).toBe(false);
    expect(last!.end).toBe(99);
    const broken = Float64Array.from({ length: 100 }, (_, t) => (t < 50 ? 1 : t < 60 ? 3 : NaN));
    expect(findSpikes(broken)[0]!.recovered).toBe(false);
  });
});
