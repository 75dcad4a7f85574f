import { describe, expect, it } from 'vitest';
import experiments from '../../src/data/experiments.json';
import { ROSE, rose, summaryRows, trajectoryChart, uniformSpread } from '../../src/render/bundlingresults.ts';
import { inside, points } from './svgpath.ts';

describe('bundling results', () => {
  const B = experiments.bundling;

  it('draws a rose with one wedge per bin, areas proportional to the counts', () => {
    const r = rose([4, 1, 0, 9], 9);
    expect(r.wedges).toHaveLength(4);
    expect(r.wedges[2]).toBe('');
    const radius = (d: string) => Number(/A([\d.]+),/.exec(d)![1]);
    expect(radius(r.wedges[3]!)).toBeCloseTo(ROSE.radius);
    expect(radius(r.wedges[0]!) / radius(r.wedges[3]!)).toBeCloseTo(2 / 3);
    // The even share, 14 / 4, on the same square-root scale.
    expect(r.uniform).toBeCloseTo(ROSE.radius * Math.sqrt(3.5 / 9));
  });

  it('turns counter-clockwise from the right, as angles do', () => {
    const r = rose([1, 1, 1, 1]);
    const [first, second] = points(r.wedges[0]!).slice(1);
    expect(first).toEqual([r.cx + ROSE.radius, r.cy]);
    // A quarter turn later the wedge ends straight above the centre (the page's y points down).
    const end = /A[^ ]+ 0 0 0 ([\d.]+),([\d.]+)Z/.exec(r.wedges[0]!)!;
    expect(Number(end[1])).toBeCloseTo(r.cx);
    expect(Number(end[2])).toBeCloseTo(r.cy - ROSE.radius);
    expect(second).toBeUndefined();
    expect(r.height).toBeLessThan(r.size);
    expect(r.cy + ROSE.radius).toBeLessThanOrEqual(r.height);
  });

  it('draws the ratio along training with one point per checkpoint, inside the box, the bands around 1', () => {
    const sd = uniformSpread(B.runs.filter((r) => r.frame === 'grid' && r.width === B.settings.width && r.seed === B.settings.seeds[0]));
    expect(sd).toBeGreaterThan(0.02);
    expect(sd).toBeLessThan(0.06);
    const c = trajectoryChart(B.trajectories, sd);
    expect(c.series).toHaveLength(B.trajectories.length);
    for (const [k, s] of c.series.entries()) {
      const pts = points(s.path);
      expect(pts).toHaveLength(B.trajectories[k]!.path.length);
      expect(inside(pts, c.box)).toBe(true);
      // Steps go left to right; the start has a slot of its own before the break.
      for (let i = 1; i < pts.length; i++) expect(pts[i]![0]).toBeGreaterThan(pts[i - 1]![0]);
      expect(pts[0]![0]).toBeLessThan(c.breakX);
      expect(pts[1]![0]).toBeGreaterThan(c.breakX);
    }
    expect(c.band1.y0).toBeLessThan(c.one);
    expect(c.band1.y1).toBeGreaterThan(c.one);
    expect(c.band2.y1 - c.band2.y0).toBeCloseTo(2 * (c.band1.y1 - c.band1.y0));
    const labels = c.series.map((s) => s.labelY).sort((p, q) => p - q);
    for (let i = 1; i < labels.length; i++) expect(labels[i]! - labels[i - 1]!).toBeGreaterThanOrEqual(15 - 1e-9);
    expect(c.xTicks[0]!.label).toBe('start');
  });

  it('tabulates every condition, in bold where the ratio lies two deviations below 1', () => {
    const rows = summaryRows(B.summary);
    expect(rows).toHaveLength(B.summary.length);
    expect(rows.map((r) => r.bundled)).toEqual(B.summary.map((s) => s.trainedZ.mean < -2));
    expect(rows[0]!.trained).toMatch(/^0\.\d\d\u202f±\u202f0\.\d\d$/);
    expect(rows[0]!.z.startsWith('−')).toBe(true);
  });
});
