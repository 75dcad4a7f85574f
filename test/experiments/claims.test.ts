// What the chapters say in words about the committed results, checked against them: the numbers
// are rendered from the file, but a sentence such as "AMSGrad removes most of the surges" is not,
// so a rerun that changed the picture has to fail here before the prose can mislead anyone.
import { describe, expect, it } from 'vitest';
import experiments from '../../src/data/experiments.json';
import { PARTITION_PRESETS } from '../../src/deep.ts';
import { fallThenRise, fourfold, logLogSlopes, rangeAfter } from '../../src/render/measured.ts';

const P = experiments.pulse;
const PC = experiments.pulseCauses;
const B = experiments.bundling;
const C = experiments.condensation;
const E = experiments.edges;
const EC = experiments.edgeCauses;
const R = experiments.regions;
const cause = (key: string) => PC.conditions.find((c) => c.key === key)!;
const last = <T>(xs: readonly T[]): T => xs[xs.length - 1]!;

describe('chapter 5, the pulse', () => {
  it('the calm optimizers ran below their limits, or at the smallest rate scanned', () => {
    expect(P.optimizers.sgd.edgeRatio.median).toBeLessThan(0.9);
    expect(P.optimizers.momentum.edgeRatio.median).toBeLessThan(0.9);
    expect(P.optimizers.rmsprop.learningRate).toBe(Math.min(...P.settings.rateScan.rates));
    for (const o of ['sgd', 'momentum', 'rmsprop'] as const) expect(P.optimizers[o].ripples.count).toBe(0);
  });

  it('Adam surges without β1, and most of all at β1 = 0.5', () => {
    expect(P.beta1['0'].spikes.count).toBeGreaterThan(0);
    expect(P.beta1['0.5'].spikes.medianHeight!).toBeGreaterThan(5 * P.beta1['0.9'].spikes.medianHeight!);
  });

  it('the sharpness ratio after step 1,000 dips below the ten late samples; √v̂ < ε holds for a constant share', () => {
    const r = rangeAfter(P.series.adam.edgeRatio, 1000);
    expect(r.min).toBeLessThan(P.optimizers.adam.edgeRatio.min);
    const f = P.series.adam.fractionBelowEpsilon;
    expect(Math.max(...f) - Math.min(...f)).toBeLessThan(0.005);
  });

  it('in the surge followed, the gradient first falls several times over, then grows far past where it started', () => {
    const g = fallThenRise(P.surge.gradientNorm);
    expect(g.fall).toBeGreaterThan(3);
    expect(g.peak).toBeGreaterThan(10 * g.first);
  });

  it('AMSGrad removes most surges at its limit; a floor at typical √v̂ does not; gradient descent at its limit stays calm', () => {
    const adam = cause('adam');
    const ams = cause('amsgrad');
    const low = cause(`floor ${PC.settings.floors[0]}`);
    const gd = cause('gd at 2/η');
    expect(ams.surges.mean).toBeLessThan(adam.surges.mean / 3);
    expect(ams.edgeRatio.median).toBeGreaterThan(0.9);
    // The low floor's interval overlaps Adam's: the surges stay where they were.
    expect(low.surges.low!).toBeLessThan(adam.surges.high!);
    expect(low.surges.high!).toBeGreaterThan(adam.surges.low!);
    expect(gd.surges.mean).toBeLessThan(adam.surges.mean / 10);
    expect(gd.edgeRatio.min).toBeGreaterThan(0.95);
    expect(gd.edgeRatio.max).toBeLessThan(1.05);
    // Gradient descent's excursions: at most one per run, late and slow.
    for (const r of gd.runs) {
      expect(r.spikes.count).toBeLessThanOrEqual(1);
      if (r.spikes.count) {
        expect(r.spikes.first!).toBeGreaterThan(PC.settings.steps / 2);
        expect(r.spikes.medianDuration!).toBeGreaterThan(100);
      }
    }
    // AMSGrad's remaining surges come far apart.
    const periods = ams.runs.flatMap((r) => (r.spikes.medianPeriod === null ? [] : [r.spikes.medianPeriod]));
    for (const q of periods) expect(q).toBeGreaterThan(3 * adam.runs[0]!.spikes.medianPeriod!);
    // The high floor roughly halves the count.
    const high = cause(`floor ${PC.settings.floors[1]}`);
    expect(high.surges.mean).toBeLessThan(0.7 * adam.surges.mean);
    expect(high.surges.mean).toBeGreaterThan(0.3 * adam.surges.mean);
  });
});

describe('chapter 5, bundling', () => {
  it('the starting square favours the diagonals; training from small weights turns that round', () => {
    const usual = fourfold(B.runs, 'grid', 1, B.settings.width);
    const quarter = fourfold(B.runs, 'grid', 0.25, B.settings.width);
    expect(usual.init).toBeLessThan(-2 * usual.uniformSd);
    expect(quarter.trained).toBeGreaterThan(usual.trained);
  });

  it('turning the grid leaves a mark on the fourfold moment but not on the bundling', () => {
    for (const scale of B.settings.frameScales) {
      const grid = B.summary.find((s) => s.frame === 'grid' && s.scale === scale && s.width === B.settings.width)!;
      const turned = B.summary.find((s) => s.frame === 'rotated' && s.scale === scale)!;
      expect(fourfold(B.runs, 'rotated', scale, B.settings.width).trained).toBeLessThan(fourfold(B.runs, 'grid', scale, B.settings.width).trained);
      expect(Math.abs(turned.trainedNearestNeighbour.mean - grid.trainedNearestNeighbour.mean)).toBeLessThan(2 * Math.max(grid.trainedNearestNeighbour.sd, turned.trainedNearestNeighbour.sd));
    }
  });

  it('condensation follows the initial scale, not Adam’s rate; gradient descent shows it weaker; it grows with width', () => {
    const at = (rate: number, scale: number) => C.grid.find((c) => c.learningRate === rate && c.scale === scale)!;
    for (const rate of C.settings.rates) {
      expect(at(rate, 0.25).ratio).toBeLessThan(at(rate, 1).ratio);
      expect(at(rate, 1).ratio).toBeLessThan(at(rate, 4).ratio + 0.05);
    }
    const quarter = C.settings.rates.map((r) => at(r, 0.25).ratio);
    expect(Math.max(...quarter) - Math.min(...quarter)).toBeLessThan(0.1);
    for (const c of C.grid) expect(c.initRatio).toBeGreaterThan(0.95);
    const gd = C.gradientDescent.find((c) => c.scale === 0.25)!;
    expect(gd.ratio).toBeLessThan(1);
    expect(gd.ratio).toBeGreaterThan(at(C.settings.adamRate, 0.25).ratio);
    expect(gd.bundles).toBeGreaterThan(gd.nullBundles);
    expect(gd.medianTurnDeg).toBeLessThan(at(C.settings.adamRate, 0.25).medianTurnDeg);
    expect(gd.loss).toBeGreaterThan(at(C.settings.adamRate, 0.25).loss);
    const widths = C.byWidth.filter((c) => c.scale === 0.25).sort((p, q) => p.width - q.width);
    expect(last(widths).ratio).toBeLessThan(widths[0]!.ratio - 0.2);
  });
});

describe('chapter 5, soft edges', () => {
  it('the width falls ever more slowly', () => {
    const s = logLogSlopes(E.bySteps.map((c) => ({ steps: c.steps, value: c.width256 }))).filter((x) => x.from >= 1000);
    expect(s.length).toBeGreaterThanOrEqual(3);
    for (let k = 0; k < s.length; k++) {
      expect(s[k]!.slope).toBeLessThan(0);
      if (k) expect(s[k]!.slope).toBeGreaterThan(s[k - 1]!.slope);
    }
  });

  it('depth and well-scaled Fourier features narrow the rim at equal steps; too high a scale does not', () => {
    const end = (group: 'depth' | 'fourier', key: string) => last(EC[group].find((n) => n.key === key)!.checkpoints);
    expect(end('depth', 'deep').width256!).toBeLessThan(end('depth', 'wide').width256! / 2);
    expect(end('depth', 'deep').loss).toBeLessThan(end('depth', 'wide').loss / 10);
    expect(end('depth', 'shallow').width256!).toBeGreaterThan(end('depth', 'wide').width256!);
    for (const scale of [1, 3]) expect(end('fourier', `scale ${scale}`).width256!).toBeLessThan(end('fourier', 'raw').width256! / 2);
    expect(end('fourier', 'scale 10').width256!).toBeGreaterThan(end('fourier', 'raw').width256!);
    expect(end('fourier', 'scale 10').loss).toBeGreaterThan(end('fourier', 'raw').loss);
    // "Faster still": at the Fourier runs' last step the deep network's rim is wider than theirs.
    const steps = end('fourier', 'raw').steps;
    const deepThen = EC.depth.find((n) => n.key === 'deep')!.checkpoints.find((c) => c.steps >= steps)!;
    for (const scale of [1, 3]) expect(end('fourier', `scale ${scale}`).width256!).toBeLessThan(deepThen.width256!);
    // "The error is spread over the whole square" at the highest scale, not gathered at the rim.
    expect(end('fourier', 'scale 10').rimShare).toBeLessThan(end('fourier', 'raw').rimShare / 2);
  });

  it('at similar losses (deep after 1,000 steps, wide after 3,000) the deep rim is still narrower', () => {
    const at = (key: string, steps: number) => EC.depth.find((n) => n.key === key)!.checkpoints.find((c) => c.steps >= steps)!;
    const deep = at('deep', 1000);
    const wide = at('wide', 3000);
    expect(Math.max(deep.loss, wide.loss) / Math.min(deep.loss, wide.loss)).toBeLessThan(1.25);
    expect(deep.width256!).toBeLessThan(wide.width256!);
  });
});

describe('chapter 7, counting pieces', () => {
  it('the deep preset has pieces of the order of N², not of the bound', () => {
    const deep = R.presets.find((p) => p.id === '30x30' && p.target === 'circle')!.runs[0]!;
    const whole = 'whole' in deep.init ? deep.init.whole.regions : NaN;
    const neurons = PARTITION_PRESETS.find((p) => p.id === '30x30')!.hidden.reduce((s, k) => s + k, 0);
    const perSquare = whole / neurons ** 2;
    expect(perSquare).toBeGreaterThan(0.1);
    expect(perSquare).toBeLessThan(1);
  });

  it('the trained counts are still rising at the last step for most shapes, three layers of sixteen among them', () => {
    const rising = R.depth.filter((d) => last(d.trained.history).regions > 1.02 * d.trained.history[d.trained.history.length - 2]!.regions);
    expect(rising.length).toBeGreaterThan(R.depth.length / 2);
    expect(rising.map((d) => d.depth)).toContain(3);
  });
});
