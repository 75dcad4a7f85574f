import { describe, expect, it } from 'vitest';
import { rng } from '../../src/core/rng.ts';
import { PULSE_DETECTOR, findSpikes, summariseSpikes } from '../../src/core/spikes.ts';
import { OPTIMIZERS } from '../../src/train/trainer.ts';
import {
  BETA2_CHOICES,
  EPSILON_CHOICES,
  LOSS_HEIGHT,
  MIN_SPAN,
  PULSE_DEFAULTS,
  PULSE_MARGIN,
  PULSE_OPTIMIZERS,
  PulseRecord,
  RECENT_SPAN,
  describeLoss,
  describeTrace,
  formatHeight,
  logPanel,
  optimizerChoice,
  pulseCharts,
  spikeMarks,
  stepScale,
} from '../../src/render/pulse.ts';
import { logAxis, logLabel } from '../../src/render/axis.ts';

/** A loss that falls, then surges every `period` steps (a sharp rise, a slower fall), with noise. */
function pulsing(length: number, period: number, seed = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(length);
  for (let t = 0; t < length; t++) {
    const phase = t % period;
    const surge = t > 150 && phase < 30 ? 1.2 * Math.exp(-phase / 6) * Math.min(1, phase / 3) : 0;
    out[t] = (0.012 + 0.2 * Math.exp(-t / 40)) * (1 + surge) * (1 + 0.02 * r.uniform(-1, 1));
  }
  return out;
}

/** Cuts a run's per-step values into snapshots the way the worker sends them (sizes seeded). */
function snapshots(losses: Float32Array, trace: Float32Array, seed = 2): { step: number; losses: Float32Array; trace: Float32Array }[] {
  const r = rng(seed);
  const out = [];
  for (let from = 0; from < losses.length; ) {
    const to = Math.min(losses.length, from + 1 + Math.floor(r.next() * 90));
    out.push({ step: to, losses: losses.slice(from, to), trace: trace.slice(3 * from, 3 * to) });
    from = to;
  }
  return out;
}

describe('choices', () => {
  it('offer every optimizer, each starting at one of its own rates', () => {
    expect(PULSE_OPTIMIZERS.map((o) => o.id).sort()).toEqual([...OPTIMIZERS].sort());
    for (const o of PULSE_OPTIMIZERS) {
      expect(o.rates).toContain(o.rate);
      expect([...o.rates].sort((p, q) => p - q)).toEqual(o.rates);
    }
    expect(optimizerChoice('adam').rates).toContain(PULSE_DEFAULTS.learningRate);
    expect(BETA2_CHOICES).toContain(PULSE_DEFAULTS.beta2);
    expect(EPSILON_CHOICES).toContain(PULSE_DEFAULTS.epsilon);
    expect(optimizerChoice('sgd').secondMoment).toBeNull();
    expect(optimizerChoice('rmsprop').secondMoment).not.toBeNull();
  });
});

describe('PulseRecord', () => {
  const length = 3000;
  const losses = pulsing(length, 173);
  const trace = new Float32Array(3 * length);
  for (let t = 0; t < length; t++) trace.set([1e-2 * (1 + (t % 173 < 20 ? 5 : 0)), 0.5, 1e-4 + t * 1e-8], 3 * t);

  it('counts the spikes a whole-curve reading finds, past the warm-up, however the run is cut into snapshots', () => {
    const expected = findSpikes(losses, PULSE_DETECTOR);
    expect(expected[0]!.peak).toBeGreaterThanOrEqual(PULSE_DETECTOR.warmup);
    expect(expected.length).toBeGreaterThan(10);
    const summary = summariseSpikes(expected);
    for (const seed of [2, 3]) {
      const record = new PulseRecord();
      record.begin(losses[0]!);
      for (const s of snapshots(losses, trace, seed)) record.take(s.step, s.losses, s.trace);
      expect(record.spikes()).toEqual(expected);
      expect(record.summary()).toEqual({ count: expected.length, medianPeriod: summary.medianPeriod, medianHeight: summary.medianHeight });
      expect(record.summary().medianPeriod).toBe(173);
    }
  });

  it('skips steps it already has and lines the trace up with the loss, step by step', () => {
    const record = new PulseRecord(0, 1 << 16);
    record.begin(losses[0]!);
    record.begin(123); // only once
    record.take(0, new Float32Array(0), new Float32Array(0));
    record.take(10, losses.slice(0, 10), trace.slice(0, 30));
    // The same steps again, and an overlapping snapshot: nothing twice.
    record.take(10, losses.slice(0, 10), trace.slice(0, 30));
    record.take(20, losses.slice(5, 20), trace.slice(15, 60));
    expect(record.loss.values).toEqual(Array.from(losses.slice(0, 20)));
    expect(record.update.values).toEqual(Array.from({ length: 20 }, (_, t) => trace[3 * t]!));
    expect(record.root.values).toEqual(Array.from({ length: 20 }, (_, t) => trace[3 * t + 2]!));
    expect(record.lastStep).toBe(19);
    expect(() => record.take(21, losses.slice(20, 21), trace.slice(0, 6))).toThrow();
  });

  it('stays bounded on a long run but still counts every spike', () => {
    const long = pulsing(40_000, 97, 4);
    const record = new PulseRecord(0, 512, 8);
    record.begin(long[0]!);
    for (let from = 0; from < long.length; from += 250) record.take(from + 250, long.slice(from, from + 250), null);
    const expected = findSpikes(long, PULSE_DETECTOR);
    expect(record.loss.values.length).toBeLessThanOrEqual(512);
    expect(record.spikes().length).toBeLessThan(2 * 8 + 1);
    expect(record.summary().count).toBe(expected.length);
    expect(record.summary().medianPeriod).toBe(97);
    // No trace was sent: the optimizer's series stay empty.
    expect(record.update.values).toEqual([]);
  });
});

describe('charts', () => {
  it('share one step axis that spans at least MIN_SPAN steps', () => {
    const x = stepScale(0, 10, 600);
    expect(x(0)).toBe(PULSE_MARGIN.left);
    expect(x(MIN_SPAN)).toBe(600 - PULSE_MARGIN.right);
    const later = stepScale(0, 4321, 600);
    expect(later.domain()[1]).toBeGreaterThanOrEqual(4321);
  });

  it('draw a log panel over whole decades, with labelled ticks that fit', () => {
    const x = stepScale(0, 999, 500);
    const series = { steps: [0, 250, 500, 750, 1000], values: [0.5, 0.05, 0.004, NaN, 0.002] };
    const panel = logPanel(series, x, 500, 10, 190, [1e-3, 1]);
    expect(panel.drawn).toBe(true);
    expect(panel.domain).toEqual([0.001, 1]);
    expect(panel.ticks.map((t) => t.label)).toEqual(['1e-3', '0.01', '0.1', '1']);
    expect(panel.ticks[0]!.at).toBe(190);
    expect(panel.ticks[3]!.at).toBe(10);
    // The NaN breaks the line in two.
    expect(panel.path.match(/M/g)?.length).toBe(2);
    // A short panel spanning many decades labels every second one.
    const wide = logPanel({ steps: [0, 1], values: [1e-7, 1] }, x, 500, 0, 50, [1e-3, 1]);
    expect(wide.ticks.map((t) => t.label)).toEqual(['1e-7', '1e-3']);
    // Nothing to draw: no path, the fallback's decades.
    const empty = logPanel({ steps: [0, 1], values: [NaN, NaN] }, x, 500, 0, 60, [1e-5, 1e-2]);
    expect(empty).toMatchObject({ drawn: false, path: '', domain: [1e-5, 1e-2] });
    // One point (a run before its first step) is no line either: the same empty axes.
    expect(logPanel({ steps: [0], values: [0.235] }, x, 500, 0, 60, [1e-3, 1])).toMatchObject({ drawn: false, path: '', domain: [1e-3, 1] });
    expect(logLabel(100)).toBe('100');
    expect(logLabel(1000)).toBe('1e+3');
  });

  it('spread a narrow range over the panel, with 1-2-5 ticks, but never blow up a flat series', () => {
    const narrow = logAxis(0.0105, 0.031, 10);
    expect(narrow.domain[0]).toBeLessThan(0.0105);
    expect(narrow.domain[0]).toBeGreaterThan(0.008);
    expect(narrow.domain[1]).toBeGreaterThan(0.031);
    expect(narrow.domain[1]).toBeLessThan(0.04);
    expect(narrow.ticks).toEqual([0.01, 0.02]);
    const flat = logAxis(0.0073, 0.0075, 10);
    expect(flat.domain[1] / flat.domain[0]).toBeCloseTo(2, 6);
    // No 1, 2 or 5 inside: every digit, then fewer to fit the room.
    expect(flat.ticks).toEqual([0.006, 0.007, 0.008, 0.009, 0.01]);
    expect(logAxis(0.0073, 0.0075, 2).ticks).toEqual([0.006, 0.009]);
    expect(logAxis(0.001, 0.5, 10)).toEqual({ domain: [0.001, 1], ticks: [0.001, 0.01, 0.1, 1] });
    expect(logLabel(0.005)).toBe('5e-3');
    expect(logLabel(0.0055)).toBe('5.5e-3');
    expect(logLabel(0.015)).toBe('0.015');
    // A range holding one digit alone (0.0105 to 0.021, only 0.02): round values in between.
    const fine = logAxis(0.0148, 0.0149, 9);
    expect(fine.domain[0]).toBeGreaterThan(0.01);
    expect(fine.domain[1]).toBeLessThan(0.03);
    expect(fine.ticks.length).toBeGreaterThanOrEqual(3);
    expect(fine.ticks).toContain(0.02);
    for (const t of fine.ticks) {
      expect(t).toBeGreaterThanOrEqual(fine.domain[0]);
      expect(t).toBeLessThanOrEqual(fine.domain[1]);
    }
  });

  it('mark each spike at its peak, thinning marks closer than a few pixels', () => {
    const x = (s: number): number => s / 10;
    const y = (l: number): number => 100 - l * 100;
    const spike = (peak: number, peakLoss: number) => ({ start: peak - 5, peak, end: peak + 5, trough: 0.1, peakLoss, height: peakLoss / 0.1 - 1, recovered: true });
    const marks = spikeMarks([spike(100, 0.5), spike(120, 0.6), spike(400, 2)], x, y, 8);
    expect(marks.map((m) => m.step)).toEqual([100, 400]);
    expect(marks[0]).toMatchObject({ x: 10, y: 50 });
    // A peak above the panel is clamped to its top.
    expect(marks[1]!.y).toBe(8);
  });

  it('place the marks on the loss curve and align both charts on the steps', () => {
    const record = new PulseRecord();
    const length = 2500;
    const losses = pulsing(length, 211, 5);
    const trace = new Float32Array(3 * length).map((_, k) => (k % 3 === 1 ? 0.3 : 1e-3 * (1 + (k % 7))));
    record.begin(losses[0]!);
    for (const s of snapshots(losses, trace)) record.take(s.step, s.losses, s.trace);
    const charts = pulseCharts(record, 640);
    expect(charts.marks.length).toBe(record.summary().count);
    expect(charts.marks.length).toBeGreaterThan(5);
    // Each mark sits where the curve reaches its highest point near that step.
    const points = [...charts.loss.path.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    for (const mark of charts.marks) {
      const near = points.filter(([px]) => Math.abs(px - mark.x) <= 0.6);
      expect(near.length).toBeGreaterThan(0);
      expect(Math.min(...near.map(([, py]) => py))).toBeCloseTo(mark.y, 0);
    }
    // Same x for the same step in both charts: the last point of each path.
    const lastX = (path: string): number => Number(/([\d.]+),[\d.]+$/.exec(path)![1]);
    expect(lastX(charts.update.path)).toBe(lastX(charts.loss.path));
    expect(charts.loss.bottom).toBe(LOSS_HEIGHT - PULSE_MARGIN.bottom);
    expect(charts.root.top).toBeGreaterThan(charts.update.bottom);
    expect(charts.xTicks[0]).toMatchObject({ at: PULSE_MARGIN.left, label: '0' });
  });
});

describe('the end of a long run', () => {
  const length = 12_000;
  const losses = pulsing(length, 131, 6);
  const trace = new Float32Array(3 * length).map((_, k) => (k % 3 === 1 ? 0.3 : 1e-3 * (1 + (k % 5))));
  const record = new PulseRecord(0, 4096);
  record.begin(losses[0]!);
  for (const s of snapshots(losses, trace)) record.take(s.step, s.losses, s.trace);

  it('shows only the last steps when asked, with their spikes, and guides only where marks are sparse', () => {
    const all = pulseCharts(record, 640);
    const recent = pulseCharts(record, 640, RECENT_SPAN);
    const xs = (path: string): number[] => [...path.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
    // The whole run: its first point at the left edge; the end only: nothing left of the edge.
    expect(Math.min(...xs(all.loss.path))).toBe(PULSE_MARGIN.left);
    expect(Math.min(...xs(recent.loss.path))).toBeGreaterThanOrEqual(PULSE_MARGIN.left);
    expect(Math.max(...xs(recent.loss.path))).toBeLessThanOrEqual(640 - PULSE_MARGIN.right);
    const first = Number(recent.xTicks[0]!.label.replace('k', '')) * (recent.xTicks[0]!.label.endsWith('k') ? 1000 : 1);
    expect(first).toBeGreaterThan(length - RECENT_SPAN - 1000);
    // About RECENT_SPAN / 131 spikes in view, all of them; over the whole run, too many for guides.
    const expected = record.spikes().filter((s) => s.peak >= length - RECENT_SPAN);
    expect(recent.marks.length).toBeGreaterThanOrEqual(expected.length);
    expect(recent.marks.length).toBeLessThan(expected.length + 3);
    expect(recent.guides).toBe(true);
    expect(all.marks.length).toBeGreaterThan(60);
    expect(all.guides).toBe(false);
    // A short run looks the same either way.
    const short = new PulseRecord();
    short.begin(losses[0]!);
    short.take(500, losses.slice(0, 500), trace.slice(0, 1500));
    expect(pulseCharts(short, 640, RECENT_SPAN)).toEqual(pulseCharts(short, 640));
  });
});

describe('words', () => {
  it('describe both charts, empty and running', () => {
    const none = { count: 0, medianPeriod: null, medianHeight: null };
    expect(describeLoss(0, NaN, none, false)).toContain('Press Play');
    const text = describeLoss(2400, 0.01234, { count: 12, medianPeriod: 121, medianHeight: 0.456 }, true);
    expect(text).toContain('up to step 2400');
    expect(text).toContain('0.0123');
    expect(text).toContain('12 spikes marked, a median 121 steps apart, rising a median 46 % above');
    expect(describeLoss(300, 0.02, { count: 1, medianPeriod: null, medianHeight: 0.3 }, true)).toContain('1 spike marked, rising');
    expect(describeTrace(optimizerChoice('adam'), 0.2, 3e-5, true)).toContain('√v̂; now 0.2 and 3.00×10^-5');
    expect(describeTrace(optimizerChoice('sgd'), 0.2, NaN, true)).toContain('SGD keeps no second-moment estimate');
    expect(formatHeight(null)).toBe('—');
    expect(formatHeight(2.48)).toBe('248 %');
  });
});
