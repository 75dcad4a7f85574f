/**
 * Mini-batches, the same in every engine: a seeded shuffle of the training points each epoch.
 */
import { rng } from '../core/rng.ts';

/**
 * A mini-batch sampler that writes into an array it is given: `out.length` distinct indices out of
 * n, reshuffled every epoch, from a seed (so an engine can fill a buffer it owns, step after step).
 */
export function batchFiller(n: number, seed: number): (out: Int32Array) => void {
  const r = rng(seed);
  const order = new Int32Array(n).map((_, i) => i);
  let cursor = n;
  return (out) => {
    for (let k = 0; k < out.length; k++) {
      if (cursor >= n) {
        // Fisher–Yates shuffle at the start of each epoch.
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(r.next() * (i + 1));
          const t = order[i]!;
          order[i] = order[j]!;
          order[j] = t;
        }
        cursor = 0;
      }
      out[k] = order[cursor++]!;
    }
  };
}

/** A mini-batch sampler: `size` distinct indices out of n, reshuffled every epoch, from a seed. */
export function batchSampler(n: number, size: number, seed: number): () => Int32Array {
  const fill = batchFiller(n, seed);
  return () => {
    const out = new Int32Array(size);
    fill(out);
    return out;
  };
}

/** Seed of the mini-batch order, derived from the run's seed so the two streams differ. */
export const batchSeed = (seed: number): number => (seed ^ 0x9e3779b9) >>> 0;
