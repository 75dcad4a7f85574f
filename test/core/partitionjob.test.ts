import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/core/mlp.ts';
import { type Partition, PartitionJob, firstLayers, networkLayers, partition } from '../../src/core/regions.ts';

const net = networkLayers(initNetwork([12, 12, 12], 3));
const box = { xMin: -0.5, xMax: 0.25, yMin: -0.2, yMax: 0.6 };

/** Every array and number of two partitions, compared exactly. */
function expectSame(a: Partition, b: Partition): void {
  expect(a.count).toBe(b.count);
  expect(a.layers).toBe(b.layers);
  expect(a.capped).toBe(b.capped);
  expect(a.box).toEqual(b.box);
  for (const key of ['start', 'xy', 'edgeLayer', 'patterns', 'gradient', 'offset'] as const) expect(Array.from(a[key]), key).toEqual(Array.from(b[key]));
}

describe('the partition as a job', () => {
  it('done a few pieces at a time, gives the same partition as all at once', () => {
    const whole = partition(net);
    const job = new PartitionJob(net);
    let slices = 0;
    // A slice stops at the first look at the clock: four pieces each.
    while (!job.advance(() => false)) slices++;
    expect(slices).toBeGreaterThan(whole.count / 8);
    expectSame(job.result(), whole);
  });

  it('says when it is not done, and refuses to give a partial result', () => {
    const job = new PartitionJob(net);
    expect(job.advance(() => false)).toBe(false);
    expect(() => job.result()).toThrow(/not complete/);
    expect(job.advance()).toBe(true);
    expect(job.result().count).toBe(partition(net).count);
  });

  it('restarted on another network, box or limit, gives what a fresh job gives (its buffers reused)', () => {
    const job = new PartitionJob(net);
    job.run();
    const other = networkLayers(initNetwork([8, 8, 8, 8], 5));
    for (const [layers, b, options] of [
      [other, undefined, {}],
      [net, box, { units: true }],
      [other, undefined, { maxRegions: 60 }],
      [net, undefined, {}],
    ] as const) {
      job.restart(layers, b, options);
      const again = job.run();
      const fresh = partition(layers, b, options);
      expectSame(again, fresh);
      expect(again.units && Array.from(again.units)).toEqual(fresh.units && Array.from(fresh.units));
    }
  });

  it('hands out new arrays each time, so a sent partition is never overwritten', () => {
    const job = new PartitionJob(net);
    const first = job.run();
    const copy = Array.from(first.xy);
    job.restart(networkLayers(initNetwork([12, 12, 12], 4)));
    job.run();
    expect(Array.from(first.xy)).toEqual(copy);
  });
});

describe('the result of a partition job', () => {
  it('is put together a slice at a time too, so no slice does all of it', () => {
    const layers = networkLayers(initNetwork([20, 20, 20, 20], 6));
    const whole = partition(layers);
    // Pieces cut: every region of every level before the last hidden layer's.
    let pieces = 1;
    for (let k = 1; k < 4; k++) pieces += partition(firstLayers(layers, k)).count;
    expect(whole.count).toBeGreaterThan(1000);
    const job = new PartitionJob(layers);
    let looks = 0;
    job.advance(() => {
      looks++;
      return true;
    });
    // Four pieces between looks at the clock while cutting, then a few hundred regions at a time.
    expect(looks).toBeGreaterThanOrEqual(Math.ceil(pieces / 4) + Math.floor(whole.count / 256) - 1);
    expectSame(job.result(), whole);
  });
});
