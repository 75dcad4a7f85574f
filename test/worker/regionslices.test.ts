import { describe, expect, it } from 'vitest';
import { SQUARE } from '../../src/core/geometry.ts';
import { initNetwork } from '../../src/core/mlp.ts';
import { networkLayers, partition } from '../../src/core/regions.ts';
import { PartitionSlices } from '../../src/worker/regionslices.ts';

const net = initNetwork([16, 16, 16], 1);

/** A clock that moves 1 ms each time it is read. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

describe('the partition in slices between chunks of training', () => {
  it('works within its budget per slice, and the slices add up to the whole partition', () => {
    const slices = new PartitionSlices(tickingClock());
    slices.start(net, 7, SQUARE, 1e6);
    let count = 0;
    while (slices.running) {
      slices.work(3);
      count++;
    }
    expect(count).toBeGreaterThan(3);
    // Each slice stops at the first look past its budget (the clock moves 1 ms per look).
    expect(slices.longestSlice).toBeLessThanOrEqual(4);
    const done = slices.take()!;
    expect(done.step).toBe(7);
    expect(done.partition.count).toBe(partition(networkLayers(net)).count);
    expect(Array.from(done.partition.xy)).toEqual(Array.from(partition(networkLayers(net)).xy));
    expect(done.ms).toBeGreaterThanOrEqual(count);
    expect(slices.take()).toBeNull();
  });

  it('partitions the weights as they were when it started', () => {
    const slices = new PartitionSlices(tickingClock());
    const weights = initNetwork([8, 8], 2);
    const before = partition(networkLayers(weights));
    slices.start(weights, 0, SQUARE, 1e6);
    slices.work(1);
    // Training goes on and changes the network's arrays in place.
    weights[0]!.weights.fill(0.3);
    slices.complete();
    expect(Array.from(slices.take()!.partition.xy)).toEqual(Array.from(before.xy));
  });

  it('completes at once when asked, can be dropped, and measures its longest slice afresh', () => {
    const slices = new PartitionSlices(tickingClock());
    slices.start(net, 1, SQUARE, 1e6);
    slices.work(2);
    expect(slices.running).toBe(true);
    slices.cancel();
    expect(slices.running).toBe(false);
    expect(slices.take()).toBeNull();
    slices.start(net, 2, { xMin: 0, xMax: 0.5, yMin: 0, yMax: 0.5 }, 1e6);
    slices.complete();
    expect(slices.take()!.partition.box).toEqual({ xMin: 0, xMax: 0.5, yMin: 0, yMax: 0.5 });
    slices.resetPause();
    expect(slices.longestSlice).toBe(0);
  });
});
