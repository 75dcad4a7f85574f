// The fused engine with Fourier-feature inputs: the network sees cos and sin of 2π·b·(x, y)
// instead of (x, y), which takes it off the grid shortcut and onto the general path.
import { describe, expect, it } from 'vitest';
import { pixelCentre } from '../../src/core/coords.ts';
import { fourierMap } from '../../src/core/fourier.ts';
import { type Network, initNetwork } from '../../src/core/mlp.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer, type FusedSettings } from '../../src/train/fused.ts';

const small = sampleTarget(TARGETS.circle, 16);
const fourier = { count: 5, scale: 1.5, seed: 9 };
const base: FusedSettings = { hidden: [7], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 2, fourier };

/** The network's output at (x, y) through the features, written out for one hidden layer. */
function outputAt(net: Network, x: number, y: number): number {
  const f = fourierMap(fourier);
  const input = new Float64Array(f.inputs);
  f.encode(x, y, input);
  const [first, last] = net as [Network[number], Network[number]];
  let out = last.biases[0]!;
  for (let o = 0; o < first.outputs; o++) {
    let z = first.biases[o]!;
    for (let i = 0; i < first.inputs; i++) z += first.weights[o * first.inputs + i]! * input[i]!;
    out += last.weights[o]! * Math.max(z, 0);
  }
  return out;
}

describe('Fourier-feature inputs', () => {
  it('start from the seeded network with 2·count inputs, on the general path', async () => {
    const t = await createFusedTrainer(base, small);
    expect(t.backend).toBe('fused');
    const net = t.network();
    expect(net[0]!.inputs).toBe(10);
    expect(net[0]!.outputs).toBe(7);
    const ref = initNetwork([7], 2, 1, 10);
    expect(Array.from(net[0]!.weights)).toEqual(Array.from(ref[0]!.weights));
    // Kaiming uniform for 10 inputs: |w| < √(6/10).
    expect(Math.max(...Array.from(net[0]!.weights, Math.abs))).toBeLessThan(Math.sqrt(0.6));
    // The plane's own network (2 inputs) is unchanged by the extra argument.
    expect(Array.from(initNetwork([7], 2, 1, 2)[0]!.weights)).toEqual(Array.from(initNetwork([7], 2)[0]!.weights));
  });

  it('compute the loss and the picture through the features', async () => {
    const t = await createFusedTrainer(base, small);
    t.step(15);
    const net = t.network();
    let sum = 0;
    for (let p = 0; p < small.targets.length; p++) sum += (outputAt(net, small.inputs[2 * p]!, small.inputs[2 * p + 1]!) - small.targets[p]!) ** 2;
    expect(t.loss()).toBeCloseTo(sum / small.targets.length, 6);
    const picture = t.predict(12);
    for (const [i, j] of [[0, 0], [5, 7], [11, 3]] as const) expect(picture[i * 12 + j]).toBeCloseTo(outputAt(net, ...pixelCentre(i, j, 12)), 5);
  });

  it('give the gradient of that loss (checked by finite differences)', async () => {
    const t = await createFusedTrainer({ ...base, hidden: [6, 5] }, small);
    t.step(5);
    const theta = t.parameters();
    const g = new Float64Array(theta.length);
    t.lossAndGradientAt(theta, g);
    // Central differences; a kink of a ReLU inside [θ − h, θ + h] can cost a little accuracy.
    const h = 2e-4;
    for (const k of [0, 3, 17, 40, 61, theta.length - 1]) {
      const up = theta.slice();
      const down = theta.slice();
      up[k] = up[k]! + h;
      down[k] = down[k]! - h;
      const scratch = new Float64Array(theta.length);
      const numeric = (t.lossAndGradientAt(up, scratch) - t.lossAndGradientAt(down, scratch)) / (2 * h);
      expect(Math.abs(g[k]! - numeric)).toBeLessThan(0.01 * Math.abs(numeric) + 1e-5);
    }
  });

  it('train: the loss falls, and a larger frequency scale fits the sharp edge of the disc better', async () => {
    const data = sampleTarget(TARGETS.circle, 20);
    const lossAfter = async (scale: number) => {
      const t = await createFusedTrainer({ ...base, hidden: [24], fourier: { count: 12, scale, seed: 1 } }, data);
      const first = t.loss();
      t.step(200);
      return [first, t.loss()] as const;
    };
    const [start, low] = await lossAfter(0.5);
    const [, high] = await lossAfter(3);
    expect(low).toBeLessThan(start / 2);
    expect(high).toBeLessThan(low);
  }, 60_000);

  it('cannot be combined with an input rotation', async () => {
    await expect(createFusedTrainer({ ...base, inputRotation: 0.3 }, small)).rejects.toThrow(/rotation/);
  });
});
