import { describe, expect, it } from 'vitest';
import experiments from '../../src/data/experiments.json';
import { byKey, count, fallThenRise, fixed, fourfold, logLogSlopes, percent, rangeAfter, whole } from '../../src/render/measured.ts';

describe('numbers the chapters derive from the results', () => {
  it('writes numbers the way the prose does', () => {
    expect(percent(0.7152)).toBe('72 %');
    expect(percent(0.036, 1)).toBe('3.6 %');
    expect(percent(13.37)).toBe('1,337 %');
    expect(fixed(-0.3333, 2)).toBe('−0.33');
    expect(whole(10000)).toBe('10,000');
    expect(count(0, 'surge')).toBe('no surges');
    expect(count(1, 'surge')).toBe('1 surge');
    expect(count(1337, 'surge')).toBe('1,337 surges');
  });

  it('the range of a series after a step', () => {
    expect(rangeAfter({ step: [500, 1000, 1050, 2000], value: [0.5, 0.9, 1.02, 0.93] }, 1000)).toEqual({ min: 0.93, max: 1.02, samples: 2 });
    // The essay's own: the sharpness ratio along the Adam run, every 50 steps after step 1,000.
    const r = rangeAfter(experiments.pulse.series.adam.edgeRatio, 1000);
    expect(r.samples).toBeGreaterThan(100);
    expect(r.min).toBeLessThan(experiments.pulse.optimizers.adam.edgeRatio.min);
  });

  it('a fall before a rise: by how much the series drops before it climbs to its peak', () => {
    const f = fallThenRise([6, 3, 1, 2, 8, 40, 5, 0.5]);
    expect(f).toMatchObject({ first: 6, lowest: 1, peak: 40, fall: 6, rise: 40, lowestAt: 2, peakAt: 5 });
    const g = fallThenRise(experiments.pulse.surge.gradientNorm);
    expect(g.fall).toBeGreaterThan(1);
    expect(g.lowestAt).toBeLessThan(g.peakAt);
  });

  it('log–log slopes between checkpoints, skipping those without a value', () => {
    const s = logLogSlopes([
      { steps: 10, value: null },
      { steps: 100, value: 8 },
      { steps: 10000, value: 0.8 },
      { steps: 40000, value: 0.4 },
    ]);
    expect(s.map((x) => [x.from, x.to])).toEqual([
      [100, 10000],
      [10000, 40000],
    ]);
    expect(s[0]!.slope).toBeCloseTo(-0.5, 12);
    expect(s[1]!.slope).toBeCloseTo(-0.5, 12);
  });

  it('the fourfold moment over seeds, with the spread of random directions', () => {
    const B = experiments.bundling;
    const f = fourfold(B.runs, 'grid', 1, B.settings.width);
    expect(f.seeds).toBe(B.settings.seeds.length);
    expect(f.uniformSd).toBeGreaterThan(0.02);
    expect(f.uniformSd).toBeLessThan(0.05);
    // a and b start uniform on a square, whose diagonals are longer: the diagonals are favoured.
    expect(f.init).toBeLessThan(-2 * f.uniformSd);
  });

  it('finds results by key and says which are there when one is missing', () => {
    expect(byKey([{ key: 'a', v: 1 }], 'a').v).toBe(1);
    expect(() => byKey([{ key: 'a' }, { key: 'b' }], 'c')).toThrow(/"c".*a, b/);
  });
});
