import { describe, expect, it } from 'vitest';
import { createFusedTrainer } from '../../src/train/fused.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { firstLayerCreases } from '../../src/core/mlp.ts';
import { clusteringTest, nearestNeighbourRatio } from '../../src/core/creasestats.ts';
import { rng } from '../../src/core/rng.ts';
import {
  ClusteringMeter,
  MAX_OFFSET,
  ROSE,
  ROSE_BINS,
  UNIFORM_DRAWS,
  describeRose,
  describeScatter,
  roseCounts,
  roseOutline,
  roseRadius,
  roseWedges,
  rugPath,
  scatterDots,
  scatterPoint,
  SCATTER,
  spread,
  startingNetwork,
} from '../../src/render/bundling.ts';

/** The numbers of an SVG path, in order. */
const numbers = (d: string): number[] => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('the starting network', () => {
  it('is the one the fused engine starts from, for any init scale', async () => {
    const data = sampleTarget(TARGETS.circle, 16);
    for (const initScale of [0.25, 1, 4]) {
      const t = await createFusedTrainer({ hidden: [20], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 7, initScale }, data);
      const engine = t.network();
      const mine = startingNetwork(20, 7, initScale);
      for (let l = 0; l < 2; l++) {
        expect(Array.from(mine[l]!.weights)).toEqual(Array.from(engine[l]!.weights));
        expect(Array.from(mine[l]!.biases)).toEqual(Array.from(engine[l]!.biases));
      }
    }
  });

  it('scales the sheets, not the creases', () => {
    const a = spread(firstLayerCreases(startingNetwork(50, 3, 1)));
    const b = spread(firstLayerCreases(startingNetwork(50, 3, 4)));
    expect(b.angle.length).toBe(a.angle.length);
    for (let q = 0; q < a.angle.length; q++) {
      expect(b.angle[q]).toBeCloseTo(a.angle[q]!, 5);
      expect(b.offset[q]).toBeCloseTo(a.offset[q]!, 5);
    }
  });
});

describe('the creases counted', () => {
  it('keeps the creases closer than MAX_OFFSET to the centre, with their directions and offsets', () => {
    // x = 0.5 (normal east, offset 0.5), y = −0.2 facing south (offset 0.2), one far off, one with no line.
    const s = spread(Float32Array.of(2, 0, -1, 0, -1, -0.2, 1, 1, 5, 0, 0, 1));
    expect(Array.from(s.angle)).toEqual([0, (3 * Math.PI) / 2].map((v) => expect.closeTo(v, 9)));
    expect(s.offset[0]).toBeCloseTo(0.5, 9);
    expect(s.offset[1]).toBeCloseTo(0.2, 6);
    expect(MAX_OFFSET).toBe(1);
  });
});

describe('the clustering meter', () => {
  it('gives what the study’s test gives, also from its kept uniform draws', () => {
    const r = rng(11);
    const meter = new ClusteringMeter(5);
    for (let round = 0; round < 3; round++) {
      const angles = Float64Array.from({ length: 120 }, () => r.uniform(0, 2 * Math.PI));
      const mine = meter.measure(angles);
      const study = clusteringTest(angles, nearestNeighbourRatio, { clumpedIs: 'low', draws: UNIFORM_DRAWS, seed: 5 });
      expect(mine.value).toBe(study.value);
      expect(mine.uniformMean).toBe(study.uniformMean);
      expect(mine.uniformSd).toBe(study.uniformSd);
      expect(mine.z).toBeCloseTo(study.z, 12);
      expect(mine.count).toBe(120);
    }
  });

  it('borrows a near count’s draws; a far count’s own draws, made in slices, give the study’s result', () => {
    const r = rng(12);
    const meter = new ClusteringMeter(5);
    const uniform = (n: number) => Float64Array.from({ length: n }, () => r.uniform(0, 2 * Math.PI));
    const first = uniform(120);
    const base = meter.measure(first);
    expect(base).toMatchObject({ provisional: false, reference: 120 });
    // 125 is within 5 % of 120: it borrows 120's draws for good, nothing is drawn for it.
    const near = meter.measure(uniform(125));
    expect(near).toMatchObject({ provisional: false, reference: 120, count: 125, uniformMean: base.uniformMean });
    expect(near.uniformSd).toBeCloseTo(base.uniformSd * Math.sqrt(120 / 125), 12);
    expect(meter.waiting).toBe(0);
    // 130 is not: borrowed until its own draws are made.
    const angles = uniform(130);
    const study = clusteringTest(angles, nearestNeighbourRatio, { clumpedIs: 'low', draws: UNIFORM_DRAWS, seed: 5 });
    const borrowed = meter.measure(angles);
    expect(borrowed).toMatchObject({ provisional: true, reference: 120, value: study.value, count: 130 });
    expect(meter.waiting).toBe(1);
    // Ten draws a slice: nothing is finished until all UNIFORM_DRAWS are made.
    let slices = 0;
    for (;;) {
      let left = 10;
      slices++;
      if (meter.refine(() => left--)) break;
      expect(meter.measure(angles).provisional).toBe(true);
    }
    expect(slices).toBe(UNIFORM_DRAWS / 10);
    expect(meter.waiting).toBe(0);
    const exact = meter.measure(angles);
    expect(exact).toMatchObject({ provisional: false, reference: 130, uniformMean: study.uniformMean, uniformSd: study.uniformSd });
    expect(exact.z).toBeCloseTo(study.z, 12);
  });

  it('finds bundles far below the uniform spread, and even spreads near it', () => {
    const r = rng(2);
    const meter = new ClusteringMeter(1);
    const bundled = Float64Array.from({ length: 200 }, (_, k) => (Math.floor(k / 5) / 40) * 2 * Math.PI + r.uniform(0, 0.01));
    const b = meter.measure(bundled);
    expect(b.value).toBeLessThan(0.3);
    expect(b.z).toBeLessThan(-10);
    const even = Float64Array.from({ length: 200 }, () => r.uniform(0, 2 * Math.PI));
    const e = meter.measure(even);
    expect(Math.abs(e.uniformMean - 1)).toBeLessThan(0.03);
    expect(Math.abs(e.z)).toBeLessThan(4);
  });
});

describe('the rose', () => {
  const c = ROSE.size / 2;

  it('makes wedge areas, not radii, proportional to the counts', () => {
    expect(roseRadius(4, 16)).toBeCloseTo(ROSE.radius / 2, 9);
    expect(roseRadius(16, 16)).toBeCloseTo(ROSE.radius, 9);
    expect(roseRadius(0, 16)).toBe(0);
  });

  it('draws one wedge per filled bin, spanning its directions counter-clockwise from east', () => {
    const counts = new Int32Array(ROSE_BINS);
    counts[0] = 10;
    counts[9] = 5;
    const d = roseWedges(counts, 10);
    expect(d.match(/M/g)).toHaveLength(2);
    const [cx, cy, x0, y0, rx, , , , , x1, y1] = numbers(d);
    expect([cx, cy]).toEqual([c, c]);
    expect([x0, y0]).toEqual([c + ROSE.radius, c]);
    expect(rx).toBe(ROSE.radius);
    // 10° up from east: y is smaller on the page.
    expect(x1).toBeCloseTo(c + ROSE.radius * Math.cos(Math.PI / 18), 0);
    expect(y1).toBeCloseTo(c - ROSE.radius * Math.sin(Math.PI / 18), 0);
    // The second wedge starts at 90°: straight up.
    const second = numbers(d.slice(d.lastIndexOf('M')));
    expect(second[2]).toBeCloseTo(c, 0);
    expect(second[3]).toBeCloseTo(c - roseRadius(5, 10), 0);
  });

  it('outlines the whole circle, and ticks once per crease', () => {
    const counts = Int32Array.from({ length: ROSE_BINS }, (_, k) => k % 3);
    expect(roseOutline(counts, 2)).toMatch(/^M.*Z$/);
    expect(rugPath([0, 1, 2, 3]).match(/M/g)).toHaveLength(4);
  });

  it('bins directions in 10° steps and says which are fullest', () => {
    const s = { angle: Float64Array.of(0.01, 0.02, 0.03, Math.PI), offset: Float64Array.of(0, 0, 0, 0) };
    const counts = roseCounts(s);
    expect(counts[0]).toBe(3);
    expect(counts[18]).toBe(1);
    const text = describeRose(counts, new Int32Array(ROSE_BINS).fill(1));
    expect(text).toContain('4 creases');
    expect(text).toContain('0° to 10°, holds 3');
  });
});

describe('the scatter', () => {
  it('puts direction across and offset up', () => {
    const { width, height, margin } = SCATTER;
    expect(scatterPoint(0, MAX_OFFSET)).toEqual([margin.left, margin.top]);
    expect(scatterPoint(2 * Math.PI, -MAX_OFFSET)).toEqual([width - margin.right, height - margin.bottom]);
    const [, mid] = scatterPoint(1, 0);
    expect(mid).toBeCloseTo((margin.top + height - margin.bottom) / 2, 0);
  });

  it('draws one dot per crease and counts those near the disc’s edge', () => {
    const s = { angle: Float64Array.of(0, 1, 2), offset: Float64Array.of(0.5, -0.45, 0.1) };
    expect(scatterDots(s).match(/M/g)).toHaveLength(3);
    expect(describeScatter(s, s)).toContain('2 of 3 creases lie within 0.1 of the edge');
  });
});
