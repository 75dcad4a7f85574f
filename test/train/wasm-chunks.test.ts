import { describe, expect, it } from 'vitest';
import { drawPicture, randomPixels, splitDataset, splitPicture } from '../../src/core/samples.ts';
import { TARGETS } from '../../src/core/targets.ts';
import { BLOCK_FLOATS, MAX_CHUNK, chunkLimit, createWasmTrainer } from '../../src/train/wasm.ts';

describe('chunks of the batched engine', () => {
  it('narrow networks take chunks of MAX_CHUNK; a wide layer smaller ones, its block within BLOCK_FLOATS', () => {
    expect(chunkLimit(30)).toBe(MAX_CHUNK);
    expect(chunkLimit(2048)).toBe(MAX_CHUNK);
    for (const widest of [3000, 6772, 20000]) {
      const c = chunkLimit(widest);
      expect(c).toBeLessThan(MAX_CHUNK);
      expect(c).toBeGreaterThanOrEqual(32);
      if (c > 32) expect(c * widest).toBeLessThanOrEqual(BLOCK_FLOATS);
    }
  });

  it('the chunk size changes how a step is computed, not what it computes', async () => {
    const picture = drawPicture(TARGETS.ring, 128);
    const data = splitDataset(splitPicture(picture, randomPixels(128, 700, 1)));
    const settings = { hidden: [4000], optimizer: 'adam', learningRate: 0.001, batchSize: 0, seed: 2 } as const;
    const own = await createWasmTrainer(settings, data);
    const big = await createWasmTrainer(settings, data, { chunk: MAX_CHUNK });
    const a = own.step(5);
    const b = big.step(5);
    for (let k = 0; k < 5; k++) expect(Math.abs(a[k]! - b[k]!) / b[k]!).toBeLessThan(1e-4);
    const pa = own.predict(16);
    const pb = big.predict(16);
    for (let k = 0; k < pa.length; k++) expect(pa[k]!).toBeCloseTo(pb[k]!, 4);
  });
});
