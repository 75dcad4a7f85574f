import { describe, expect, it } from 'vitest';
import experiments from '../../src/data/experiments.json';
import { edgePanels, edgeSummary } from '../../src/render/edgeresults.ts';
import { inside, points } from './svgpath.ts';

describe('edge results', () => {
  const E = experiments.edges;
  const panels = edgePanels(E);

  it('draws four panels on one log scale of widths, with the target as a floor below every point', () => {
    expect(panels.map((p) => p.key)).toEqual(['steps', 'width', 'decay', 'rate']);
    for (const p of panels) {
      expect(p.yTicks).toEqual(panels[0]!.yTicks);
      expect(p.yTicks.map((t) => t.label)).toEqual(['0.1', '1', '10']);
      expect(p.floor).toBeLessThanOrEqual(p.box.bottom);
      for (const s of p.series) {
        expect(inside(points(s.path), p.box)).toBe(true);
        for (const q of s.points) expect(q.y).toBeLessThan(p.floor);
      }
    }
  });

  it('has one point per measured checkpoint, leaving out those without a width', () => {
    const steps = panels[0]!;
    const measured = E.bySteps.filter((c) => c.width256 !== null).length;
    expect(measured).toBeLessThan(E.bySteps.length);
    expect(steps.series[0]!.points).toHaveLength(measured);
    expect(points(steps.series[0]!.path)).toHaveLength(measured);
    const width = panels[1]!;
    expect(width.series).toHaveLength(E.byWidth[0]!.checkpoints.length);
    for (const s of width.series) expect(s.points).toHaveLength(E.byWidth.length);
    expect(width.series.map((s) => s.label)).toEqual(['1k', '3k', '10k']);
    // Each point says where it was taken, for the description; the missing checkpoint is skipped.
    const missing = E.bySteps.find((c) => c.width256 === null)!;
    expect(steps.series[0]!.points.map((q) => q.at)).not.toContain(`${missing.steps} steps`);
    expect(width.series[0]!.points.at(-1)!.at).toBe('2,000 neurons');
  });

  it('puts narrower rims lower: longer training and wider networks give smaller widths', () => {
    const steps = panels[0]!.series[0]!.points;
    expect(steps[steps.length - 1]!.y).toBeGreaterThan(steps[0]!.y);
    const last = panels[1]!.series[2]!.points;
    expect(last[last.length - 1]!.y).toBeGreaterThan(last[0]!.y);
  });

  it('gives no decay a slot of its own and the decays as powers of ten', () => {
    expect(panels[2]!.xTicks.map((t) => t.label)).toEqual(['none', '10⁻⁵', '10⁻⁴', '10⁻³']);
    expect(panels[0]!.xTicks.map((t) => t.label)).toEqual(['100', '1k', '10k']);
    expect(edgeSummary(E)).toContain('0.055 px');
  });
});
