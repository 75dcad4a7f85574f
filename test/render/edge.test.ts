import { describe, expect, it } from 'vitest';
import { pixelCentre } from '../../src/core/coords.ts';
import { initNetwork } from '../../src/core/mlp.ts';
import { DISC_RADIUS, PROFILE, ZOOM, describeProfile, measureEdge, profileAt, profileChart, profileX, profileY } from '../../src/render/edge.ts';
import { seriesChart } from '../../src/render/series.ts';
import { grayRuns } from '../../src/render/still.ts';
import { gridPrediction } from '../../src/core/gridpass.ts';

/** A disc of radius 0.5 whose edge falls linearly from 1 to 0 over `ramp` unit lengths. */
function rampDisc(size: number, ramp: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const r = Math.hypot(...pixelCentre(i, j, size));
      out[i * size + j] = ramp > 0 ? Math.min(1, Math.max(0, (DISC_RADIUS + ramp / 2 - r) / ramp)) : r < DISC_RADIUS ? 1 : 0;
    }
  }
  return out;
}

describe('the rise width', () => {
  it('is 0.8 of a linear ramp, in pixels of the picture and of the training grid', () => {
    // A ramp 0.1 long: 12.8 pixels of a 256 picture, so 10.24 from 90 % to 10 %.
    const m = measureEdge(rampDisc(256, 0.1), 256);
    expect(m.width).toBeCloseTo(10.24, 0);
    expect(m.trainWidth).toBeCloseTo(m.width / 4, 9);
    expect(m.rise.middle / m.pixelsPerUnit).toBeCloseTo(DISC_RADIUS, 2);
    const wider = measureEdge(rampDisc(256, 0.2), 256);
    expect(wider.width / m.width).toBeCloseTo(2, 1);
  });

  it('is under two pixels for a hard edge, and missing without an edge', () => {
    expect(measureEdge(rampDisc(256, 0), 256).width).toBeLessThan(2);
    const flat = measureEdge(new Float32Array(64 * 64).fill(0.3), 64);
    expect(flat.width).toBeNaN();
    expect(describeProfile(flat, 64)).toContain('does not yet fall');
  });

  it('reads the profile between rings', () => {
    const m = measureEdge(rampDisc(256, 0.2), 256);
    expect(profileAt(m, 0.5)).toBeCloseTo(0.5, 1);
    expect(profileAt(m, 0.3)).toBeCloseTo(1, 6);
    expect(profileAt(m, 0.7)).toBeCloseTo(0, 6);
  });
});

describe('the profile chart', () => {
  it('draws the profile across the zoomed stretch, the target step and the rise between the levels', () => {
    const m = measureEdge(rampDisc(256, 0.1), 256);
    const c = profileChart(m);
    const xs = [...c.path.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((p) => Number(p[1]));
    expect(Math.min(...xs)).toBeLessThanOrEqual(profileX(ZOOM[0]));
    expect(Math.max(...xs)).toBeGreaterThanOrEqual(profileX(ZOOM[1]));
    expect(Math.min(...xs)).toBeGreaterThan(PROFILE.margin.left - 5);
    expect(c.target).toBe(`M${profileX(0.3)},${profileY(1)}H${profileX(0.5)}V${profileY(0)}H${profileX(0.7)}`);
    expect(c.y90).toBeLessThan(c.y10);
    expect(c.rise).not.toBeNull();
    expect(c.rise!.x0).toBeCloseTo(profileX(0.5 - 0.04), 0);
    expect(c.rise!.x1).toBeCloseTo(profileX(0.5 + 0.04), 0);
    expect(describeProfile(m, 256)).toMatch(/rise width of 10\.\d pixels of the 256×256 picture, 2\.\d\d pixels of the 64×64 training grid/);
  });

  it('keeps an untrained network’s whole profile inside the plot, widening its range to hold it', () => {
    for (const seed of [1, 2, 3]) {
      const picture = gridPrediction(initNetwork([500], seed), 256);
      for (const width of [320, 480]) {
        const c = profileChart(measureEdge(picture, 256), width, 280);
        const ys = [...c.path.matchAll(/[ML][\d.]+,(-?[\d.]+)/g)].map((m) => Number(m[1]));
        expect(ys.length).toBeGreaterThan(100);
        for (const y of ys) {
          expect(y, `seed ${seed}: the curve stays above the plot's floor`).toBeLessThanOrEqual(c.plot.bottom);
          expect(y).toBeGreaterThanOrEqual(c.plot.top);
        }
        // The target's 0 and 1 are still marked.
        expect(c.yTicks.map((t) => t.label)).toEqual(expect.arrayContaining(['0', '1']));
      }
    }
  });

  it('has no rise to mark when there is no edge', () => {
    expect(profileChart(measureEdge(new Float32Array(256 * 256), 256)).rise).toBeNull();
  });
});

describe('the first picture', () => {
  it('turns a picture into runs of gray that cover every pixel once, at its level', () => {
    const size = 12;
    const values = Float32Array.from({ length: size * size }, (_, k) => ((k % size) + Math.floor(k / size)) / 20 - 0.1);
    const levels = 8;
    const runs = grayRuns(values, size, levels);
    const painted = new Float64Array(size * size).fill(-1);
    for (const run of runs) {
      const g = Number(run.fill.match(/\d+/)![0]) / 255;
      for (const [, j, i, w] of run.d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
        for (let k = 0; k < Number(w); k++) {
          const p = Number(i) * size + Number(j) + k;
          expect(painted[p], `pixel ${p} painted once`).toBe(-1);
          painted[p] = g;
        }
      }
    }
    for (let p = 0; p < size * size; p++) {
      const want = Math.round(Math.min(1, Math.max(0, values[p]!)) * (levels - 1)) / (levels - 1);
      expect(painted[p]).toBeCloseTo(want, 2);
    }
  });
});

describe('the series chart', () => {
  it('draws the finite values with gaps, and the band behind them', () => {
    const c = seriesChart({ steps: [0, 10, 20, 30], values: [2, NaN, 1, 0.5] }, 300, 100, { band: [0.9, 1.1] });
    expect(c.path.match(/M/g)).toHaveLength(2);
    expect(c.band!.y0).toBeLessThan(c.band!.y1);
    expect(c.last!.x).toBeGreaterThan(c.plot.left);
    expect(c.xTicks[0]!.label).toBe('0');
    expect(c.yTicks.length).toBeGreaterThan(1);
  });
});

describe('the series chart’s labels', () => {
  it('never repeat, however narrow the range', () => {
    for (const [lo, hi] of [[0.95, 1.05], [0.7, 1.1], [3, 60], [0.001, 0.002]] as const) {
      const labels = seriesChart({ steps: [0, 100], values: [lo, hi] }, 300, 100).yTicks.map((t) => t.label);
      expect(new Set(labels).size, labels.join(' ')).toBe(labels.length);
    }
  });
});

describe('the series chart’s axis', () => {
  it('starts where asked, with no tick below it', () => {
    const c = seriesChart({ steps: [0, 100, 200], values: [16, 5, 3.5] }, 300, 100, { from: 0 });
    expect(c.yTicks[0]!.label).toBe('0');
    expect(c.yTicks.every((t) => !t.label.startsWith('−'))).toBe(true);
  });
});
