import { describe, expect, it } from 'vitest';
import { rng } from '../../src/core/rng.ts';
import { PULSE_DETECTOR, SpikeDetector, type Spike, type SpikeOptions, findSpikes, summariseSpikes } from '../../src/core/spikes.ts';

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

/** The detector as first written, a whole curve at a time: the streaming one must agree with it. */
function reference(loss: ArrayLike<number>, threshold: number, recovery: number, mergeGap: number): Spike[] {
  const spikes: Spike[] = [];
  const n = loss.length;
  if (n === 0 || !Number.isFinite(loss[0]!)) return spikes;
  const close = (o: { start: number; peak: number; trough: number; peakLoss: number }, end: number, recovered: boolean): Spike => ({
    ...o,
    end,
    height: (o.peakLoss - o.trough) / o.trough,
    recovered,
  });
  let trough = loss[0]!;
  let calm = 0;
  let open: { start: number; peak: number; trough: number; peakLoss: number } | null = null;
  for (let t = 1; t < n; t++) {
    const x = loss[t]!;
    if (!Number.isFinite(x)) break;
    if (open) {
      if (x > open.peakLoss) {
        open.peak = t;
        open.peakLoss = x;
      }
      if (x <= open.trough * (1 + recovery * threshold)) {
        spikes.push(close(open, t, true));
        open = null;
        trough = x;
        calm = t;
      }
      continue;
    }
    if (x < trough) trough = x;
    if (x <= trough * (1 + recovery * threshold)) calm = t;
    else if (x > trough * (1 + threshold)) {
      const last = spikes[spikes.length - 1];
      if (last && calm - last.end <= mergeGap) {
        spikes.pop();
        open = { start: last.start, peak: last.peak, trough: last.trough, peakLoss: last.peakLoss };
        if (x > open.peakLoss) {
          open.peak = t;
          open.peakLoss = x;
        }
      } else open = { start: calm, peak: t, trough, peakLoss: x };
    }
  }
  if (open) spikes.push(close(open, n - 1, false));
  return spikes;
}

/** A bumpy random curve: a decay times random surges, with noise, seeded. */
function randomCurve(length: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(length);
  let surge = 1;
  for (let t = 0; t < length; t++) {
    if (r.next() < 0.02) surge += r.uniform(0.2, 3);
    surge = 1 + (surge - 1) * 0.9;
    out[t] = 0.1 * Math.exp(-t / 500) * surge * (1 + 0.15 * r.uniform(-1, 1));
  }
  return out;
}

describe('SpikeDetector', () => {
  it('reads a curve one value at a time exactly as the whole-curve detector does, after every value', () => {
    for (const seed of [1, 2, 3]) {
      const loss = randomCurve(600, seed);
      for (const options of [{}, PULSE_DETECTOR, { threshold: 0.5, recovery: 0.2, mergeGap: 5 }]) {
        const { threshold = 0.3, recovery = 0.5, mergeGap = 0, warmup = 0 } = options as SpikeOptions;
        const reading = (curve: ArrayLike<number>): Spike[] => reference(curve, threshold, recovery, mergeGap).filter((s) => s.peak >= warmup);
        const detector = new SpikeDetector(options);
        let seen = 0;
        for (let n = 1; n <= loss.length; n++) {
          detector.push(loss[n - 1]!);
          // Every few values (and at the end) the spikes so far match a fresh reading of the prefix.
          if (n % 7 !== 0 && n !== loss.length) continue;
          const expected = reading(loss.subarray(0, n));
          expect(detector.spikes()).toEqual(expected);
          expect(detector.count).toBe(expected.length);
          seen = Math.max(seen, expected.length);
        }
        expect(findSpikes(loss, options)).toEqual(reading(loss));
        expect(seen, `seed ${seed}: the curve has spikes to compare`).toBeGreaterThan(3);
      }
    }
  });

  it('stops at the first value that is not finite, like the whole-curve detector', () => {
    const loss = Array.from({ length: 80 }, (_, t) => (t < 40 ? 1 : t < 50 ? 3 : t === 50 ? Infinity : 1));
    const detector = new SpikeDetector();
    loss.forEach((x) => detector.push(x));
    expect(detector.spikes()).toEqual(reference(loss, 0.3, 0.5, 0));
    expect(detector.spikes()).toEqual([expect.objectContaining({ peak: 40, end: 79, recovered: false })]);
    expect(detector.steps).toBe(80);
  });

  it('leaves out spikes peaking inside the warm-up, and the ringing merged into them', () => {
    const loss = randomCurve(1500, 6);
    const every = findSpikes(loss, { mergeGap: 20 });
    const warmup = every[3]!.peak + 1;
    const late = findSpikes(loss, { mergeGap: 20, warmup });
    expect(late).toEqual(every.slice(4));
    expect(late.length).toBeGreaterThan(3);
    const detector = new SpikeDetector({ mergeGap: 20, warmup }, 2);
    loss.forEach((x) => detector.push(x));
    expect(detector.count).toBe(late.length);
    expect(detector.spikes()).toEqual(late.slice(late.length - detector.spikes().length));
    // Ringing right after an early surge joins it and is left out with it.
    const ringing = Float64Array.from({ length: 400 }, (_, t) => (t === 50 || t === 60 || t === 300 ? 2 : 1));
    expect(findSpikes(ringing, { mergeGap: 20, warmup: 55 }).map((s) => s.peak)).toEqual([300]);
    expect(findSpikes(ringing, { mergeGap: 0, warmup: 55 }).map((s) => s.peak)).toEqual([60, 300]);
  });

  it('with `keep`, remembers only the latest spikes but counts them all', () => {
    const loss = randomCurve(3000, 4);
    const all = findSpikes(loss, PULSE_DETECTOR);
    expect(all.length).toBeGreaterThan(20);
    const detector = new SpikeDetector(PULSE_DETECTOR, 5);
    loss.forEach((x) => detector.push(x));
    expect(detector.count).toBe(all.length);
    const kept = detector.spikes();
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept.length).toBeLessThan(10 + 1);
    expect(kept).toEqual(all.slice(all.length - kept.length));
    expect(() => new SpikeDetector({}, 0)).toThrow();
  });
});
