import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CLASS_TARGETS, classCounts, classDataset } from '../../src/core/classes.ts';
import { gridPrediction } from '../../src/core/gridpass.ts';
import {
  type Loss,
  SIGMOID_CROSS_ENTROPY,
  classLogits,
  classReadout,
  classesOf,
  crossEntropy,
  datasetLoss,
  logSumExp,
  lossName,
  outputsOf,
  pointCrossEntropy,
  sigmoid,
  sigmoidCrossEntropy,
  softplus,
  twoClassLogits,
} from '../../src/core/loss.ts';
import { forwardAll, initNetwork, layerSizes } from '../../src/core/mlp.ts';
import type { Dataset } from '../../src/core/targets.ts';
import { type FusedSettings, createFusedTrainer } from '../../src/train/fused.ts';
import { createTfjsTrainer, lossAndGradients } from '../../src/train/tfjs.ts';
import { OPTIMIZERS } from '../../src/train/trainer.ts';
import { createWasmTrainer } from '../../src/train/wasm.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const relativeGap = (p: ArrayLike<number>, q: ArrayLike<number>): number => {
  let worst = 0;
  for (let k = 0; k < p.length; k++) worst = Math.max(worst, Math.abs(p[k]! - q[k]!) / Math.max(Math.abs(q[k]!), 1e-12));
  return worst;
};

/** The same points in another order: no longer the grid, so the fused engine walks them one by one. */
function shuffled(data: Dataset, seed: number): Dataset {
  const n = data.targets.length;
  const order = Array.from({ length: n }, (_, p) => p);
  let s = seed;
  for (let k = n - 1; k > 0; k--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (k + 1);
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  const inputs = new Float32Array(2 * n);
  const targets = new Float32Array(n);
  order.forEach((p, q) => {
    inputs[2 * q] = data.inputs[2 * p]!;
    inputs[2 * q + 1] = data.inputs[2 * p + 1]!;
    targets[q] = data.targets[p]!;
  });
  return { inputs, targets, size: 0 };
}

/**
 * Mean cross-entropy of flat parameters (the engines' layout) in double precision: softmax over the
 * outputs, or for the sigmoid −log σ(z) and −log(1 − σ(z)) straight from their definition.
 */
function referenceLoss(theta: Float64Array, sizes: readonly number[], data: Dataset, loss: Loss = crossEntropy(sizes[sizes.length - 1]!)): number {
  const K = sizes[sizes.length - 1]!;
  let sum = 0;
  const n = data.targets.length;
  for (let p = 0; p < n; p++) {
    let act: number[] = [data.inputs[2 * p]!, data.inputs[2 * p + 1]!];
    let at = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inputs = sizes[l]!;
      const outputs = sizes[l + 1]!;
      const next: number[] = [];
      for (let o = 0; o < outputs; o++) {
        let z = theta[at + inputs * outputs + o]!;
        for (let i = 0; i < inputs; i++) z += theta[at + o * inputs + i]! * act[i]!;
        next.push(l + 2 === sizes.length || z > 0 ? z : 0);
      }
      at += inputs * outputs + outputs;
      act = next;
    }
    if (loss.kind === 'sigmoid-cross-entropy') {
      const s = 1 / (1 + Math.exp(-act[0]!));
      sum += data.targets[p] === 1 ? -Math.log(s) : -Math.log(1 - s);
    } else sum += pointCrossEntropy(act, 0, K, data.targets[p]!);
  }
  return sum / n;
}

describe('softmax cross-entropy', () => {
  it('stays finite for logits of ±1e4 (log-sum-exp takes the largest out first)', () => {
    const z = [1e4, -1e4, 0];
    expect(logSumExp(z, 0, 3)).toBe(1e4);
    expect(pointCrossEntropy(z, 0, 3, 0)).toBe(0);
    expect(pointCrossEntropy(z, 0, 3, 1)).toBe(2e4);
    expect(pointCrossEntropy(z, 0, 3, 2)).toBe(1e4);
    expect(pointCrossEntropy([-1e4, -1e4], 0, 2, 1)).toBeCloseTo(Math.LN2, 12);
    const loss = datasetLoss(crossEntropy(3), Float32Array.of(1e4, -1e4, 0, -1e4, 1e4, 1e4), Float32Array.of(1, 0));
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo((2e4 + 2e4 + Math.LN2) / 2, 9);
  });

  it('is log K for equal logits, and refuses fewer than two classes', () => {
    expect(datasetLoss(crossEntropy(5), new Float32Array(10), Float32Array.of(0, 4))).toBeCloseTo(Math.log(5), 12);
    expect(() => crossEntropy(1)).toThrow(/two classes/);
  });

  it('the read-outs: accuracy, mean margin (top logit minus runner-up), signed margin', () => {
    const logits = Float32Array.of(3, 1, 0, /* */ 0, 2, 2.5, /* */ 1, 1, 4);
    const r = classReadout(logits, Float32Array.of(0, 1, 2), 3);
    expect(r.accuracy).toBeCloseTo(2 / 3, 12);
    expect(r.margin).toBeCloseTo((2 + 0.5 + 3) / 3, 6);
    expect(r.signedMargin).toBeCloseTo((2 - 0.5 + 3) / 3, 6);
  });

  it('the engines with a wide first layer still give finite losses when logits are huge', async () => {
    const data = classDataset('spirals', 16);
    const trainer = await createFusedTrainer({ hidden: [6], optimizer: 'sgd', learningRate: 0.1, batchSize: 0, seed: 3, loss: crossEntropy(3), initScale: 3e3 }, data);
    const z = trainer.predict(16);
    expect(Math.max(...z.map(Math.abs))).toBeGreaterThan(1e3);
    expect(Number.isFinite(trainer.loss())).toBe(true);
    expect(Number.isFinite(trainer.step(1)[0]!)).toBe(true);
  });
});

describe('class targets', () => {
  it('the disc as two classes, the spirals and the cells use every class', () => {
    for (const name of ['disc', 'spirals', 'cells'] as const) {
      const t = CLASS_TARGETS[name];
      const counts = classCounts(classDataset(name, 64).targets, t.classes);
      expect(counts.length).toBe(t.names.length);
      for (const c of counts) expect(c, name).toBeGreaterThan(64 * 64 * (name === 'disc' ? 0.15 : 0.08));
    }
    expect(CLASS_TARGETS.disc.label(0, 0)).toBe(1);
    expect(CLASS_TARGETS.disc.label(0.9, 0)).toBe(0);
    // Along a circle the spiral arms take turns: all three appear on it, more than once each.
    let changes = 0;
    let last = CLASS_TARGETS.spirals.label(0.7, 0);
    for (let k = 1; k <= 360; k++) {
      const c = CLASS_TARGETS.spirals.label(0.7 * Math.cos((k * Math.PI) / 180), 0.7 * Math.sin((k * Math.PI) / 180));
      if (c !== last) changes++;
      last = c;
    }
    expect(changes).toBe(3);
  });

  it('engines refuse targets that are not class numbers', async () => {
    const data = classDataset('cells', 8);
    await expect(createFusedTrainer({ hidden: [4], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1, loss: crossEntropy(3) }, data)).rejects.toThrow(/class number/);
  });
});

describe('the grid shortcut with K outputs', () => {
  it('draws the same logits as the network point by point', () => {
    const net = initNetwork([40], 5, 4);
    const size = 24;
    const z = gridPrediction(net, size);
    expect(z.length).toBe(size * size * 4);
    const data = classDataset('cells', size);
    let worst = 0;
    for (let p = 0; p < size * size; p++) {
      const exact = forwardAll(net, data.inputs[2 * p]!, data.inputs[2 * p + 1]!);
      for (let o = 0; o < 4; o++) worst = Math.max(worst, Math.abs(exact[o]! - z[4 * p + o]!));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('trains as the per-point kernel does, with every optimizer (losses within 1e-6 relative over 200 steps)', async () => {
    const data = classDataset('spirals', 20);
    for (const optimizer of OPTIMIZERS) {
      const settings: FusedSettings = { hidden: [16], optimizer, learningRate: optimizer === 'sgd' || optimizer === 'momentum' ? 0.2 : 0.01, batchSize: 0, seed: 7, loss: crossEntropy(3) };
      const grid = await createFusedTrainer(settings, data);
      const points = await createFusedTrainer(settings, shuffled(data, 3));
      expect(grid.backend).toBe('fused-grid');
      expect(points.backend).toBe('fused');
      expect(relativeGap(grid.step(200), points.step(200)), optimizer).toBeLessThan(1e-6);
    }
  });
});

describe('gradients of cross-entropy', () => {
  const cases: [string, number[], Dataset][] = [
    ['one layer on the grid (the shortcut)', [7], classDataset('cells', 10)],
    ['one layer, points one by one', [7], shuffled(classDataset('cells', 10), 5)],
    ['three layers', [6, 5, 4], shuffled(classDataset('spirals', 10), 2)],
  ];
  for (const [name, hidden, data] of cases) {
    it(`match central differences in double precision: ${name}`, async () => {
      const K = name === 'three layers' ? 3 : 5;
      const settings: FusedSettings = { hidden, optimizer: 'adam', learningRate: 0.02, batchSize: 0, seed: 4, loss: crossEntropy(K) };
      for (const make of [createFusedTrainer, createWasmTrainer]) {
        const engine = await make(settings, data);
        engine.step(20);
        const theta = engine.parameters();
        const gradient = new Float64Array(theta.length);
        const loss = engine.lossAndGradientAt(theta, gradient);
        const base = Float64Array.from(theta);
        const sizes = layerSizes(hidden, K);
        expect(loss).toBeCloseTo(referenceLoss(base, sizes, data), 5);
        const h = 1e-6;
        for (let k = 0; k < theta.length; k++) {
          const plus = Float64Array.from(base);
          const minus = Float64Array.from(base);
          plus[k]! += h;
          minus[k]! -= h;
          const numeric = (referenceLoss(plus, sizes, data) - referenceLoss(minus, sizes, data)) / (2 * h);
          expect(Math.abs(gradient[k]! - numeric), `${engine.backend}, parameter ${k}`).toBeLessThan(1e-4 + 1e-3 * Math.abs(numeric));
        }
      }
    });
  }

  it('agree with TensorFlow.js automatic differentiation', async () => {
    const data = classDataset('spirals', 12);
    const settings: FusedSettings = { hidden: [9], optimizer: 'adam', learningRate: 0.02, batchSize: 0, seed: 8, loss: crossEntropy(3) };
    const engine = await createFusedTrainer(settings, data);
    engine.step(10);
    const net = engine.network();
    const auto = lossAndGradients(net, data, crossEntropy(3));
    const gradient = new Float64Array(engine.parameters().length);
    expect(engine.lossAndGradientAt(engine.parameters(), gradient)).toBeCloseTo(auto.loss, 5);
    const flat = auto.gradients.flatMap((g) => [...g.weights, ...g.biases]);
    for (let k = 0; k < flat.length; k++) expect(Math.abs(gradient[k]! - flat[k]!), `parameter ${k}`).toBeLessThan(1e-5 + 1e-3 * Math.abs(flat[k]!));
  });
});

describe('the three engines follow the same cross-entropy run (losses within 1e-3 relative over 200 steps)', () => {
  const rate = (o: string): number => (o === 'sgd' ? 0.3 : o === 'momentum' ? 0.05 : 0.01);
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer}: one hidden layer on the grid, 3 classes`, async () => {
      const data = classDataset('spirals', 16);
      const settings: FusedSettings = { hidden: [20], optimizer, learningRate: rate(optimizer), batchSize: 0, seed: 11, loss: crossEntropy(3) };
      const fused = await createFusedTrainer(settings, data);
      const wasm = await createWasmTrainer(settings, data);
      const tfjs = await createTfjsTrainer(settings, data);
      const reference = fused.step(200);
      expect(reference[199]!).toBeLessThan(0.9 * reference[0]!);
      expect(relativeGap(wasm.step(200), reference)).toBeLessThan(1e-3);
      expect(relativeGap(tfjs.step(200), reference)).toBeLessThan(1e-3);
      const z = fused.predict(16);
      const w = wasm.predict(16);
      const scale = Math.max(1, ...z.map(Math.abs));
      expect(Math.max(...z.map((v, k) => Math.abs(v - w[k]!)))).toBeLessThan(5e-3 * scale);
      tfjs.dispose();
    });

    it(`${optimizer}: two hidden layers, mini-batches, 5 classes`, async () => {
      const data = classDataset('cells', 16);
      const settings: FusedSettings = { hidden: [10, 8], optimizer, learningRate: rate(optimizer), batchSize: 64, seed: 6, loss: crossEntropy(5) };
      const fused = await createFusedTrainer(settings, data);
      const wasm = await createWasmTrainer(settings, data);
      const tfjs = await createTfjsTrainer(settings, data);
      const reference = fused.step(200);
      expect(relativeGap(wasm.step(200), reference)).toBeLessThan(1e-3);
      expect(relativeGap(tfjs.step(200), reference)).toBeLessThan(1e-3);
      tfjs.dispose();
    });
  }
});

describe('binary cross-entropy on a sigmoid', () => {
  it('has one output for two classes, and a name', () => {
    expect(outputsOf(SIGMOID_CROSS_ENTROPY)).toBe(1);
    expect(classesOf(SIGMOID_CROSS_ENTROPY)).toBe(2);
    expect(classesOf(crossEntropy(3))).toBe(3);
    expect(layerSizes([5], outputsOf(SIGMOID_CROSS_ENTROPY))).toEqual([2, 5, 1]);
    expect(lossName(SIGMOID_CROSS_ENTROPY)).toBe('binary cross-entropy');
  });

  it('is −log σ(z) for class 1 and −log(1 − σ(z)) for class 0, the softmax over (0, z)', () => {
    for (const z of [-3, -0.5, 0, 0.2, 4]) {
      const s = 1 / (1 + Math.exp(-z));
      expect(sigmoid(z)).toBeCloseTo(s, 14);
      expect(softplus(z)).toBeCloseTo(Math.log(1 + Math.exp(z)), 14);
      expect(sigmoidCrossEntropy(z, 1)).toBeCloseTo(-Math.log(s), 12);
      expect(sigmoidCrossEntropy(z, 0)).toBeCloseTo(-Math.log(1 - s), 12);
    }
    const z = Float32Array.of(-2, 0.5, 3, -0.1);
    const t = Float32Array.of(0, 1, 0, 1);
    expect(datasetLoss(SIGMOID_CROSS_ENTROPY, z, t)).toBeCloseTo(datasetLoss(crossEntropy(2), twoClassLogits(z), t), 6);
    expect(datasetLoss(SIGMOID_CROSS_ENTROPY, new Float32Array(4), t)).toBeCloseTo(Math.LN2, 12);
  });

  it('stays finite, with finite gradients σ(z) − t, for logits of ±1e4', () => {
    expect(softplus(1e4)).toBe(1e4);
    expect(softplus(-1e4)).toBe(0);
    expect(sigmoid(1e4)).toBe(1);
    expect(sigmoid(-1e4)).toBe(0);
    expect(sigmoidCrossEntropy(1e4, 1)).toBe(0);
    expect(sigmoidCrossEntropy(1e4, 0)).toBe(1e4);
    expect(sigmoidCrossEntropy(-1e4, 0)).toBe(0);
    expect(sigmoidCrossEntropy(-1e4, 1)).toBe(1e4);
    const loss = datasetLoss(SIGMOID_CROSS_ENTROPY, Float32Array.of(1e4, -1e4, 1e4, -1e4), Float32Array.of(1, 1, 0, 0));
    expect(loss).toBeCloseTo((0 + 1e4 + 1e4 + 0) / 4, 9);
  });

  it('the engines give finite losses and gradients when the logits are in the thousands', async () => {
    const data = classDataset('disc', 16);
    for (const points of [data, shuffled(data, 4)]) {
      const settings: FusedSettings = { hidden: [6], optimizer: 'sgd', learningRate: 0.1, batchSize: 0, seed: 3, loss: SIGMOID_CROSS_ENTROPY, initScale: 3e3 };
      for (const make of [createFusedTrainer, createWasmTrainer]) {
        const trainer = await make(settings, points);
        const z = trainer.predict(16);
        expect(Math.max(...z.map(Math.abs)), trainer.backend).toBeGreaterThan(1e3);
        expect(Number.isFinite(trainer.loss()), trainer.backend).toBe(true);
        const gradient = new Float64Array(trainer.parameters().length);
        expect(Number.isFinite(trainer.lossAndGradientAt(trainer.parameters(), gradient))).toBe(true);
        expect(gradient.every(Number.isFinite), trainer.backend).toBe(true);
        expect(Number.isFinite(trainer.step(1)[0]!), trainer.backend).toBe(true);
      }
    }
    // TensorFlow.js with logits of ±1e4 set by hand: a finite loss and gradient.
    const huge = { inputs: Float32Array.of(0, 0, 0, 0), targets: Float32Array.of(1, 0), size: 0 };
    const net = [
      { inputs: 2, outputs: 1, weights: Float32Array.of(0, 0), biases: Float32Array.of(1) },
      { inputs: 1, outputs: 1, weights: Float32Array.of(1e4), biases: Float32Array.of(0) },
    ];
    const auto = lossAndGradients(net, huge, SIGMOID_CROSS_ENTROPY);
    expect(auto.loss).toBeCloseTo(1e4 / 2, 3);
    for (const g of auto.gradients) for (const v of [...g.weights, ...g.biases]) expect(Number.isFinite(v)).toBe(true);
  });

  it('reads one logit per point as two, (0, z), for accuracy and margins', () => {
    const z = Float32Array.of(2, -1, 0.5);
    expect(Array.from(twoClassLogits(z))).toEqual([0, 2, 0, -1, 0, 0.5]);
    expect(classLogits(crossEntropy(2), z)).toBe(z);
    const r = classReadout(classLogits(SIGMOID_CROSS_ENTROPY, z), Float32Array.of(1, 1, 0), 2);
    expect(r.accuracy).toBeCloseTo(1 / 3, 12);
    expect(r.margin).toBeCloseTo((2 + 1 + 0.5) / 3, 6);
    expect(() => twoClassLogits(z, new Float32Array(5))).toThrow();
  });

  it('engines refuse targets that are not 0 or 1', async () => {
    const data = classDataset('cells', 8);
    const settings: FusedSettings = { hidden: [4], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1, loss: SIGMOID_CROSS_ENTROPY };
    await expect(createFusedTrainer(settings, data)).rejects.toThrow(/class number from 0 to 1/);
    await expect(createWasmTrainer(settings, data)).rejects.toThrow(/class number from 0 to 1/);
  });
});

describe('gradients of binary cross-entropy', () => {
  const cases: [string, number[], Dataset][] = [
    ['one layer on the grid (the shortcut)', [7], classDataset('disc', 10)],
    ['one layer, points one by one', [7], shuffled(classDataset('disc', 10), 5)],
    ['three layers', [6, 5, 4], shuffled(classDataset('disc', 10), 2)],
  ];
  for (const [name, hidden, data] of cases) {
    it(`match central differences in double precision: ${name}`, async () => {
      const settings: FusedSettings = { hidden, optimizer: 'adam', learningRate: 0.02, batchSize: 0, seed: 4, loss: SIGMOID_CROSS_ENTROPY };
      for (const make of [createFusedTrainer, createWasmTrainer]) {
        const engine = await make(settings, data);
        engine.step(20);
        const theta = engine.parameters();
        const gradient = new Float64Array(theta.length);
        const loss = engine.lossAndGradientAt(theta, gradient);
        const base = Float64Array.from(theta);
        const sizes = layerSizes(hidden, 1);
        expect(loss).toBeCloseTo(referenceLoss(base, sizes, data, SIGMOID_CROSS_ENTROPY), 5);
        const h = 1e-6;
        for (let k = 0; k < theta.length; k++) {
          const plus = Float64Array.from(base);
          const minus = Float64Array.from(base);
          plus[k]! += h;
          minus[k]! -= h;
          const numeric = (referenceLoss(plus, sizes, data, SIGMOID_CROSS_ENTROPY) - referenceLoss(minus, sizes, data, SIGMOID_CROSS_ENTROPY)) / (2 * h);
          expect(Math.abs(gradient[k]! - numeric), `${engine.backend}, parameter ${k}`).toBeLessThan(1e-4 + 1e-3 * Math.abs(numeric));
        }
      }
    });
  }

  it('agree with TensorFlow.js automatic differentiation', async () => {
    const data = classDataset('disc', 12);
    const settings: FusedSettings = { hidden: [9], optimizer: 'adam', learningRate: 0.02, batchSize: 0, seed: 8, loss: SIGMOID_CROSS_ENTROPY };
    const engine = await createFusedTrainer(settings, data);
    engine.step(10);
    const auto = lossAndGradients(engine.network(), data, SIGMOID_CROSS_ENTROPY);
    const gradient = new Float64Array(engine.parameters().length);
    expect(engine.lossAndGradientAt(engine.parameters(), gradient)).toBeCloseTo(auto.loss, 5);
    const flat = auto.gradients.flatMap((g) => [...g.weights, ...g.biases]);
    for (let k = 0; k < flat.length; k++) expect(Math.abs(gradient[k]! - flat[k]!), `parameter ${k}`).toBeLessThan(1e-5 + 1e-3 * Math.abs(flat[k]!));
  });
});

describe('the three engines follow the same sigmoid run (losses within 1e-3 relative over 200 steps)', () => {
  const rate = (o: string): number => (o === 'sgd' ? 0.3 : o === 'momentum' ? 0.05 : 0.01);
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer}: one hidden layer on the grid, the disc`, async () => {
      const data = classDataset('disc', 16);
      const settings: FusedSettings = { hidden: [20], optimizer, learningRate: rate(optimizer), batchSize: 0, seed: 11, loss: SIGMOID_CROSS_ENTROPY };
      const fused = await createFusedTrainer(settings, data);
      const points = await createFusedTrainer(settings, shuffled(data, 3));
      const wasm = await createWasmTrainer(settings, data);
      const tfjs = await createTfjsTrainer(settings, data);
      expect(fused.backend).toBe('fused-grid');
      const reference = fused.step(200);
      expect(reference[199]!).toBeLessThan(0.9 * reference[0]!);
      expect(relativeGap(points.step(200), reference)).toBeLessThan(1e-6);
      expect(relativeGap(wasm.step(200), reference)).toBeLessThan(1e-3);
      expect(relativeGap(tfjs.step(200), reference)).toBeLessThan(1e-3);
      const z = fused.predict(16);
      const w = wasm.predict(16);
      expect(z.length).toBe(256);
      const scale = Math.max(1, ...z.map(Math.abs));
      expect(Math.max(...z.map((v, k) => Math.abs(v - w[k]!)))).toBeLessThan(5e-3 * scale);
      tfjs.dispose();
    });

    it(`${optimizer}: two hidden layers, mini-batches, the disc`, async () => {
      const data = classDataset('disc', 16);
      const settings: FusedSettings = { hidden: [10, 8], optimizer, learningRate: rate(optimizer), batchSize: 64, seed: 6, loss: SIGMOID_CROSS_ENTROPY };
      const fused = await createFusedTrainer(settings, data);
      const wasm = await createWasmTrainer(settings, data);
      const tfjs = await createTfjsTrainer(settings, data);
      const reference = fused.step(200);
      expect(relativeGap(wasm.step(200), reference)).toBeLessThan(1e-3);
      expect(relativeGap(tfjs.step(200), reference)).toBeLessThan(1e-3);
      tfjs.dispose();
    });
  }
});
