import { describe, expect, it } from 'vitest';
import experiments from '../../src/data/experiments.json';
import { LOSS_CEILING, OPTIMIZER_ORDER, constantRows, lossPanels, lossSummaries, offScaleLabel, optimizerRows, surgeChart } from '../../src/render/pulseresults.ts';
import { inside, points } from './svgpath.ts';

describe('pulse results', () => {
  const P = experiments.pulse;
  const panels = lossPanels(P.series.losses, P.optimizers, P.settings.steps);

  it('draws one panel per optimizer with one point per window of the study', () => {
    expect(panels.map((p) => p.key)).toEqual([...OPTIMIZER_ORDER]);
    for (const p of panels) {
      expect(p.points).toBe(P.series.windows);
      expect(points(p.floor)).toHaveLength(P.series.windows);
      // The band goes out along the highest values and back along the lowest.
      expect(points(p.band)).toHaveLength(2 * P.series.windows);
    }
  });

  it('keeps every curve inside its plot box, clamping what flies above the ceiling', () => {
    for (const p of panels) {
      expect(inside(points(p.band), p.box)).toBe(true);
      expect(inside(points(p.floor), p.box)).toBe(true);
    }
    // The lowest loss of all sits near the bottom, not below it.
    const adam = panels[0]!;
    const ys = points(adam.floor).map(([, y]) => y);
    expect(Math.max(...ys)).toBeGreaterThan(adam.box.bottom - 0.3 * (adam.box.bottom - adam.box.top));
  });

  it('flags the windows whose loss leaves the scale, and only those', () => {
    for (const [k, p] of panels.map((q, i) => [OPTIMIZER_ORDER[i]!, q] as const)) {
      const above = P.series.losses[k].max.filter((v) => v > LOSS_CEILING).length;
      expect(p.offScale).toHaveLength(above);
    }
    const sgd = panels[1]!;
    expect(sgd.offScale.length).toBeGreaterThan(0);
    expect(offScaleLabel(sgd.offScale)).toBe('1,538');
    expect(lossSummaries(P.series.losses, P.optimizers, P.settings.steps)[1]).toContain('off the top of the scale');
  });

  it('labels the log axis with decades', () => {
    const labels = panels[0]!.yTicks.map((t) => t.label);
    expect(labels).toEqual(['0.01', '0.1']);
  });

  it('stacks the surge panels one under the other, one point per step, with the limit at ratio 1', () => {
    const c = surgeChart(P.surge);
    expect(c.panels.map((p) => p.key)).toEqual(['loss', 'updateNorm', 'gradientNorm', 'edgeRatio']);
    for (let k = 0; k < c.panels.length; k++) {
      const p = c.panels[k]!;
      expect(p.points).toBe(P.surge.step.length);
      const pts = points(p.path);
      expect(pts).toHaveLength(P.surge.step.length);
      expect(inside(pts, { left: c.left, right: c.right, top: p.top, bottom: p.bottom })).toBe(true);
      if (k) expect(p.top).toBeGreaterThan(c.panels[k - 1]!.bottom);
    }
    const ratio = c.panels[3]!;
    expect(ratio.limit).not.toBeNull();
    expect(ratio.limit!).toBeGreaterThan(ratio.top);
    expect(ratio.limit!).toBeLessThan(ratio.bottom);
    // The peak's step is at the peak line, and the x ticks count from it.
    expect(c.peakX).toBeGreaterThan(c.left);
    expect(c.peakX).toBeLessThan(c.right);
    expect(c.xTicks.find((t) => t.label === '0')!.at).toBeCloseTo(c.peakX);
  });

  it('tabulates the optimizers and every value of each constant, marking the usual ones', () => {
    const rows = optimizerRows(P.optimizers);
    expect(rows.map((r) => r.name)).toEqual(['Adam', 'SGD', 'SGD + momentum', 'RMSprop']);
    expect(rows[0]!.spikes).toBe(String(P.optimizers.adam.spikes.count));
    const constants = constantRows([
      { symbol: 'β₂', usual: 0.999, runs: P.beta2 },
      { symbol: 'ε', usual: 1e-7, runs: P.epsilon },
    ]);
    expect(constants).toHaveLength(Object.keys(P.beta2).length + Object.keys(P.epsilon).length);
    expect(constants.filter((r) => r.usual).map((r) => r.value)).toEqual(['0.999', '10⁻⁷']);
    // No surges: no period or height to give.
    const none = constants.find((r) => r.spikes === '0')!;
    expect([none.period, none.height]).toEqual(['–', '–']);
    expect(constants.find((r) => r.usual)!.height).toBe(`${Math.round(P.beta2['0.999'].spikes.medianHeight * 100)} %`);
  });
});
