import { scaleLog } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { decadeLabel, decadeTicks, formatSignificant, formatSteps, spreadLabels } from '../../src/render/results.ts';

describe('shared axes', () => {
  it('puts a tick at each power of ten inside a log domain, and only there', () => {
    const y = scaleLog().domain([0.004, 30]).range([200, 0]);
    const ticks = decadeTicks(y);
    expect(ticks.map((t) => t.label)).toEqual(['0.01', '0.1', '1', '10']);
    expect(ticks[0]!.at).toBeCloseTo(y(0.01));
    // Higher decades sit higher on the page.
    for (let k = 1; k < ticks.length; k++) expect(ticks[k]!.at).toBeLessThan(ticks[k - 1]!.at);
  });

  it('keeps every other decade on tall ranges', () => {
    const y = scaleLog().domain([1e-8, 1e8]).range([100, 0]);
    const ticks = decadeTicks(y, 7);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[0]!.label).toBe('10⁻⁸');
  });

  it('writes powers of ten, steps and significant digits the way the tables print them', () => {
    expect([decadeLabel(-3), decadeLabel(0), decadeLabel(3), decadeLabel(5)]).toEqual(['0.001', '1', '1,000', '10⁵']);
    expect([formatSteps(250), formatSteps(1000), formatSteps(2500), formatSteps(30000)]).toEqual(['250', '1k', '2.5k', '30k']);
    expect([formatSignificant(0.0072401), formatSignificant(1e-7, 4), formatSignificant(2e-5), formatSignificant(1538.2, 4)]).toEqual(['0.00724', '10⁻⁷', '2·10⁻⁵', '1,538']);
  });

  it('moves crowded labels apart by at least the gap, in order, and leaves free ones alone', () => {
    const wanted = [100, 104, 50, 108];
    const placed = spreadLabels(wanted, 15, 0, 300);
    expect(placed[2]).toBe(50);
    const order = [0, 1, 3].map((i) => placed[i]!);
    for (let k = 1; k < order.length; k++) expect(order[k]! - order[k - 1]!).toBeGreaterThanOrEqual(15 - 1e-9);
    // The crowded three stay centred on where they were wanted.
    expect((order[0]! + order[2]!) / 2).toBeCloseTo(104);
  });

  it('keeps spread labels within the range', () => {
    const placed = spreadLabels([2, 3, 4], 10, 0, 100);
    expect(Math.min(...placed)).toBeGreaterThanOrEqual(0);
    expect(placed).toEqual([0, 10, 20]);
    expect(spreadLabels([99, 98], 10, 0, 100)).toEqual([100, 90]);
  });
});
