import { describe, expect, it } from 'vitest';
import { initNetwork, meanSquaredError, type Network } from '../../src/core/mlp.ts';
import { TARGETS, sampleTarget, type Dataset } from '../../src/core/targets.ts';
import { createFusedTrainer, type FusedSettings } from '../../src/train/fused.ts';

const small = sampleTarget(TARGETS.circle, 24);

/** All parameters of a network, layer by layer, weights then biases. */
const flat = (net: Network): number[] => net.flatMap((l) => [...l.weights, ...l.biases]);
const base: FusedSettings = { hidden: [12], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 4 };

describe('fused engine options', () => {
  it('Adam with the default constants written out follows the default run exactly', async () => {
    const a = await createFusedTrainer(base, small);
    const b = await createFusedTrainer({ ...base, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } }, small);
    expect(Array.from(a.step(30))).toEqual(Array.from(b.step(30)));
    const c = await createFusedTrainer({ ...base, adam: { beta2: 0.9 } }, small);
    expect(Array.from(c.step(30))).not.toEqual(Array.from((await createFusedTrainer(base, small)).step(30)));
  });

  it('Adam with a huge ε is SGD with rate lr/ε', async () => {
    const adam = await createFusedTrainer({ ...base, learningRate: 100, adam: { epsilon: 1e4 } }, small);
    const sgd = await createFusedTrainer({ ...base, optimizer: 'sgd', learningRate: 0.01 }, small);
    const before = flat(adam.network());
    adam.step(1);
    sgd.step(1);
    const p = flat(adam.network());
    const q = flat(sgd.network());
    // |g| ≪ ε, so lr·g/(|g| + ε) = (lr/ε)·g to within |g|/ε.
    for (let k = 0; k < p.length; k++) expect(p[k]! - before[k]!).toBeCloseTo(q[k]! - before[k]!, 5);
  });

  it('bias-corrects v̂ with the β2 it was given', async () => {
    // With a zero rate the weights never move, the gradient repeats, and v̂ = g² exactly.
    const probe = await createFusedTrainer({ ...base, optimizer: 'sgd', learningRate: 1 }, small);
    const before = flat(probe.network());
    probe.step(1);
    const g = flat(probe.network()).map((w, k) => before[k]! - w);
    const meanG2 = g.reduce((s, x) => s + x * x, 0) / g.length;
    for (const beta2 of [0.9, 0.99, 0.9999]) {
      const t = await createFusedTrainer({ ...base, learningRate: 0, adam: { beta2 } }, small);
      t.step(7);
      expect(t.inspect().secondMoment!.mean / meanG2).toBeCloseTo(1, 4);
    }
  });

  it('weight decay adds λ·w to the gradient of weights, not of biases', async () => {
    const plain = await createFusedTrainer({ ...base, optimizer: 'sgd', learningRate: 1 }, small);
    const decayed = await createFusedTrainer({ ...base, optimizer: 'sgd', learningRate: 1, weightDecay: 0.1 }, small);
    const start = plain.network();
    plain.step(1);
    decayed.step(1);
    const p = plain.network();
    const q = decayed.network();
    start.forEach((layer, l) => {
      layer.weights.forEach((w, k) => expect(p[l]!.weights[k]! - q[l]!.weights[k]!).toBeCloseTo(0.1 * w, 5));
      layer.biases.forEach((_, k) => expect(q[l]!.biases[k]).toBe(p[l]!.biases[k]));
    });
  });

  it('scales the first layer’s initial weights and nothing else', async () => {
    const t = await createFusedTrainer({ ...base, initScale: 4 }, small);
    const net = t.network();
    const ref = initNetwork(base.hidden, base.seed);
    net[0]!.weights.forEach((w, k) => expect(w).toBeCloseTo(4 * ref[0]!.weights[k]!, 5));
    net[0]!.biases.forEach((c, k) => expect(c).toBeCloseTo(4 * ref[0]!.biases[k]!, 5));
    expect(Array.from(net[1]!.weights)).toEqual(Array.from(ref[1]!.weights));
  });

  it('weights the loss per sample, on the grid shortcut and on the general path alike', async () => {
    const ones = new Float32Array(small.targets.length).fill(1);
    const a = await createFusedTrainer(base, small);
    const b = await createFusedTrainer({ ...base, sampleWeights: ones }, small);
    expect(Array.from(b.step(10))).toEqual(Array.from(a.step(10)));

    // Weight 1 inside the inscribed circle, 0 outside: the loss is the MSE over the inside points.
    const mask = new Float32Array(small.targets.length);
    const inside: number[] = [];
    for (let p = 0; p < mask.length; p++) {
      if (Math.hypot(small.inputs[2 * p]!, small.inputs[2 * p + 1]!) < 1) {
        mask[p] = 1;
        inside.push(p);
      }
    }
    const grid = await createFusedTrainer({ ...base, sampleWeights: mask }, small);
    expect(grid.backend).toBe('fused-grid');
    const net = initNetwork(base.hidden, base.seed);
    const subset = {
      inputs: Float32Array.from(inside.flatMap((p) => [small.inputs[2 * p]!, small.inputs[2 * p + 1]!])),
      targets: Float32Array.from(inside, (p) => small.targets[p]!),
    };
    expect(grid.loss()).toBeCloseTo(meanSquaredError(net, subset.inputs, subset.targets), 6);

    // The same points in reverse order are no longer a grid: the general path must agree.
    const n = small.targets.length;
    const reversed: Dataset = {
      inputs: Float32Array.from({ length: 2 * n }, (_, k) => small.inputs[2 * (n - 1 - (k >> 1)) + (k & 1)]!),
      targets: small.targets.slice().reverse(),
      size: small.size,
    };
    const general = await createFusedTrainer({ ...base, sampleWeights: mask.slice().reverse() }, reversed);
    expect(general.backend).toBe('fused');
    const lg = grid.step(20);
    const ls = general.step(20);
    for (let k = 0; k < 20; k++) expect(ls[k]! / lg[k]!).toBeCloseTo(1, 4);
    await expect(createFusedTrainer({ ...base, sampleWeights: new Float32Array(3) }, small)).rejects.toThrow(/3 entries/);
  });
});

describe('inspect', () => {
  it('reports the last update’s size, its largest entry and the gradient’s norm', async () => {
    for (const optimizer of ['sgd', 'momentum', 'rmsprop', 'adam'] as const) {
      const t = await createFusedTrainer({ ...base, optimizer, learningRate: 0.003 }, small);
      t.step(5);
      const before = flat(t.network());
      t.step(1);
      const diff = flat(t.network()).map((w, k) => w - before[k]!);
      const state = t.inspect();
      expect(state.steps).toBe(6);
      expect(state.updateNorm).toBeCloseTo(Math.hypot(...diff), 9);
      expect(state.maxUpdate).toBeCloseTo(Math.max(...diff.map(Math.abs)), 9);
      expect(state.gradientNorm).toBeGreaterThan(0);
      expect(state.secondMoment === null).toBe(optimizer === 'sgd' || optimizer === 'momentum');
    }
    const sgd = await createFusedTrainer({ ...base, optimizer: 'sgd', learningRate: 0.5 }, small);
    sgd.step(3);
    expect(sgd.inspect().gradientNorm).toBeCloseTo(sgd.inspect().updateNorm / 0.5, 6);
    expect((await createFusedTrainer(base, small)).inspect().secondMoment).toBeNull();
  });

  it('summarises Adam’s v̂: which entries ε outweighs, and the median of √v̂', async () => {
    const big = await createFusedTrainer({ ...base, adam: { epsilon: 1e3 } }, small);
    big.step(3);
    expect(big.inspect().secondMoment!.fractionBelowEpsilon).toBe(1);
    const tiny = await createFusedTrainer({ ...base, adam: { epsilon: 1e-30 } }, small);
    tiny.step(3);
    const m = tiny.inspect().secondMoment!;
    expect(m.fractionBelowEpsilon).toBe(0);
    expect(m.medianRoot).toBeGreaterThan(0);
    expect(m.medianRoot ** 2).toBeLessThan(10 * m.mean);
  });
});
