import { describe, expect, it } from 'vitest';
import { pixelCentre } from '../../src/core/coords.ts';
import { GridPass, gridPrediction, gridWeights } from '../../src/core/gridpass.ts';
import { MSE, datasetLoss } from '../../src/core/loss.ts';
import { forward, initNetwork, meanSquaredError } from '../../src/core/mlp.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer } from '../../src/train/fused.ts';

describe('the grid pass', () => {
  it('is the network evaluated at every pixel centre', () => {
    const net = initNetwork([40], 9);
    // A neuron with no slope across x, and one whose crease passes through pixel centres.
    net[0]!.weights[0] = 0;
    net[0]!.weights[2] = 1;
    net[0]!.weights[3] = 0;
    net[0]!.biases[1] = 0.0625;
    for (const size of [16, 33]) {
      const p = gridPrediction(net, size);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) expect(p[i * size + j]).toBeCloseTo(forward(net, ...pixelCentre(i, j, size)), 4);
    }
  });

  it('gives the training loss of the starting network', () => {
    const net = initNetwork([30], 4);
    const data = sampleTarget(TARGETS.circle, 64);
    expect(datasetLoss(MSE, gridPrediction(net, 64), data.targets)).toBeCloseTo(meanSquaredError(net, data.inputs, data.targets), 6);
  });

  it('is the pass the fused engine draws and trains with, to the last bit', async () => {
    const data = sampleTarget(TARGETS.circle, 64);
    const t = await createFusedTrainer({ hidden: [25], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 3 }, data);
    t.step(7);
    for (const size of [64, 128]) expect(Array.from(t.predict(size))).toEqual(Array.from(gridPrediction(t.network(), size)));
    expect(t.loss()).toBeCloseTo(datasetLoss(MSE, gridPrediction(t.network(), 64), data.targets), 7);
  });

  it('keeps each row’s run of active columns, where a·x + b·y + c > 0', () => {
    const net = initNetwork([12], 5);
    const size = 20;
    const pass = new GridPass(size, 12);
    pass.forward(gridWeights(net), new Float64Array(size * size));
    const [layer] = net;
    for (let i = 0; i < size; i++) {
      for (let k = 0; k < 12; k++) {
        const lo = pass.lo[i * 12 + k]!;
        const hi = pass.hi[i * 12 + k]!;
        for (let j = 0; j < size; j++) {
          const on = layer!.weights[2 * k]! * pass.xs[j]! + layer!.weights[2 * k + 1]! * pass.ys[i]! + layer!.biases[k]! > 0;
          expect(on, `row ${i}, neuron ${k}, column ${j}`).toBe(j >= lo && j < hi);
        }
      }
    }
  });

  it('refuses a network of another shape', () => {
    expect(() => gridPrediction(initNetwork([4, 4], 1), 8)).toThrow(/2 → n → K/);
  });
});
