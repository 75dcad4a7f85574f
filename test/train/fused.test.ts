import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { forward, initNetwork, meanSquaredError } from '../../src/core/mlp.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer } from '../../src/train/fused.ts';
import { createTfjsTrainer, lossAndGradients } from '../../src/train/tfjs.ts';
import type { TrainSettings } from '../../src/train/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const circle = sampleTarget(TARGETS.circle, 64);
const small = sampleTarget(TARGETS.circle, 24);

const relativeGap = (p: ArrayLike<number>, q: ArrayLike<number>): number => {
  let worst = 0;
  for (let k = 0; k < p.length; k++) worst = Math.max(worst, Math.abs(p[k]! - q[k]!) / Math.max(Math.abs(q[k]!), 1e-12));
  return worst;
};

describe('the fused engine agrees with TensorFlow.js', () => {
  // Losses within 1e-3 relative at every one of 200 steps; weights within 1e-3 of each other
  // (absolute, on weights of order 1) at the end.
  const cases: [string, TrainSettings, typeof circle][] = [
    ['10 neurons, Adam, full grid', { hidden: [10], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1 }, circle],
    ['40 neurons, RMSprop, full grid', { hidden: [40], optimizer: 'rmsprop', learningRate: 0.003, batchSize: 0, seed: 4 }, circle],
    ['12 neurons, SGD + momentum, mini-batch', { hidden: [12], optimizer: 'momentum', learningRate: 0.02, batchSize: 64, seed: 2 }, small],
    ['8 → 6 neurons, SGD, full batch', { hidden: [8, 6], optimizer: 'sgd', learningRate: 0.05, batchSize: 0, seed: 3 }, small],
    ['6 → 6 → 6 neurons, Adam, mini-batch', { hidden: [6, 6, 6], optimizer: 'adam', learningRate: 0.005, batchSize: 100, seed: 5 }, small],
  ];
  for (const [name, settings, data] of cases) {
    it(name, async () => {
      const fused = await createFusedTrainer(settings, data);
      const reference = await createTfjsTrainer(settings, data);
      const a = fused.step(200);
      const b = reference.step(200);
      expect(relativeGap(a, b)).toBeLessThan(1e-3);
      const p = fused.network();
      const q = reference.network();
      p.forEach((layer, l) => {
        for (let k = 0; k < layer.weights.length; k++) expect(Math.abs(layer.weights[k]! - q[l]!.weights[k]!)).toBeLessThan(1e-3);
        for (let k = 0; k < layer.biases.length; k++) expect(Math.abs(layer.biases[k]! - q[l]!.biases[k]!)).toBeLessThan(1e-3);
      });
      const pf = fused.predict(32);
      const pr = reference.predict(32);
      let worst = 0;
      for (let k = 0; k < pf.length; k++) worst = Math.max(worst, Math.abs(pf[k]! - pr[k]!));
      expect(worst).toBeLessThan(2e-3);
      reference.dispose();
    });
  }
});

describe('the fused engine', () => {
  it('uses the grid shortcut for one hidden layer on a picture grid, and it is exact', async () => {
    const t = await createFusedTrainer({ hidden: [30], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 8 }, circle);
    expect(t.backend).toBe('fused-grid');
    const net = initNetwork([30], 8);
    expect(t.loss()).toBeCloseTo(meanSquaredError(net, circle.inputs, circle.targets), 10);
    const picture = t.predict(17);
    expect(picture[17 * 8 + 3]).toBeCloseTo(forward(net, -1 + 7 / 17, 1 - 17 / 17), 5);
  });

  it('computes the gradient TensorFlow.js computes', async () => {
    for (const hidden of [[25], [5, 4]]) {
      const net = initNetwork(hidden, 21);
      const t = await createFusedTrainer({ hidden, optimizer: 'sgd', learningRate: 1, batchSize: 0, seed: 21 }, small);
      const before = t.network();
      t.step(1); // with SGD and rate 1, the step taken is minus the gradient
      const after = t.network();
      const { gradients } = lossAndGradients(net, small);
      before.forEach((layer, l) => {
        for (let k = 0; k < layer.weights.length; k++) {
          expect(layer.weights[k]! - after[l]!.weights[k]!).toBeCloseTo(gradients[l]!.weights[k]!, 4);
        }
      });
    }
  });

  it('handles creases that are vertical, horizontal, outside the square, or dead', async () => {
    const t = await createFusedTrainer({ hidden: [4], optimizer: 'sgd', learningRate: 0.1, batchSize: 0, seed: 1 }, small);
    const net = t.network();
    // a = 0 (horizontal crease), b = 0 (vertical), crease outside the square, and all-zero weights.
    net[0]!.weights.set([0, 1, 1, 0, 1, 1, 0, 0]);
    net[0]!.biases.set([0.2, -0.3, 5, 0]);
    t.setNetwork(net);
    expect(t.loss()).toBeCloseTo(meanSquaredError(net, small.inputs, small.targets), 10);
    const losses = t.step(5);
    expect(losses.every(Number.isFinite)).toBe(true);
  });

  it('repeats a run from the same seed exactly and allocates nothing that grows', async () => {
    const run = async (): Promise<Float32Array> => {
      const t = await createFusedTrainer({ hidden: [50], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 3 }, circle);
      return t.step(50);
    };
    expect(Array.from(await run())).toEqual(Array.from(await run()));
  });

  it('learns the circle: 500 neurons fall 10× in 100 steps', async () => {
    const t = await createFusedTrainer({ hidden: [500], optimizer: 'adam', learningRate: 0.003, batchSize: 0, seed: 1 }, circle);
    const before = t.loss();
    t.step(100);
    expect(before / t.loss()).toBeGreaterThan(10);
  });
});
