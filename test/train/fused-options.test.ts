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

describe('input rotation', () => {
  it('equals training on a rotated copy of the data, and keeps the grid shortcut', async () => {
    const angle = Math.PI / 4;
    const n = small.targets.length;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const rotated: Dataset = {
      inputs: Float32Array.from({ length: 2 * n }, (_, k) => {
        const x = small.inputs[k & ~1]!;
        const y = small.inputs[k | 1]!;
        return k & 1 ? s * x + c * y : c * x - s * y;
      }),
      targets: small.targets,
      size: small.size,
    };
    for (const optimizer of ['adam', 'sgd'] as const) {
      const fast = await createFusedTrainer({ ...base, optimizer, inputRotation: angle }, small);
      const slow = await createFusedTrainer({ ...base, optimizer }, rotated);
      expect(fast.backend).toBe('fused-grid');
      expect(slow.backend).toBe('fused');
      const a = fast.step(40);
      const b = slow.step(40);
      for (let k = 0; k < 40; k++) expect(a[k]! / b[k]!).toBeCloseTo(1, 3);
      expect(fast.loss() / slow.loss()).toBeCloseTo(1, 3);
    }
  });

  it('acts on the network’s own axes: SGD does not notice them, Adam notices all but quarter turns', async () => {
    // Rotating the points by R is the same function as keeping them and turning the first layer's
    // rows (a, b) by Rᵀ. SGD treats both alike at any angle; Adam, which scales each coordinate on
    // its own, only when the turn maps the axes onto themselves.
    const gap = async (optimizer: 'sgd' | 'adam', angle: number): Promise<number> => {
      const turned = await createFusedTrainer({ ...base, optimizer, inputRotation: angle }, small);
      const kept = await createFusedTrainer({ ...base, optimizer }, small);
      const net = kept.network();
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      const w = net[0]!.weights;
      for (let o = 0; o < net[0]!.outputs; o++) {
        const [a, b] = [w[2 * o]!, w[2 * o + 1]!];
        w[2 * o] = a * c + b * s;
        w[2 * o + 1] = -a * s + b * c;
      }
      kept.setNetwork(net);
      const p = turned.step(60);
      const q = kept.step(60);
      let worst = 0;
      for (let k = 0; k < 60; k++) worst = Math.max(worst, Math.abs(p[k]! / q[k]! - 1));
      return worst;
    };
    expect(await gap('sgd', Math.PI / 4)).toBeLessThan(1e-4);
    expect(await gap('adam', Math.PI / 2)).toBeLessThan(1e-4);
    expect(await gap('adam', Math.PI / 4)).toBeGreaterThan(1e-2);
  });
});

describe('looking at the loss from outside', () => {
  it('lossAndGradientAt gives the loss and the gradient a step would use, without moving the trainer', async () => {
    const t = await createFusedTrainer({ ...base, optimizer: 'sgd', learningRate: 1, weightDecay: 0.01 }, small);
    t.step(3);
    const theta = t.parameters();
    const g = new Float64Array(theta.length);
    expect(t.lossAndGradientAt(theta, g)).toBeCloseTo(t.loss(), 12);
    expect(Array.from(t.parameters())).toEqual(Array.from(theta));
    t.step(1); // rate 1: the step is minus the gradient, weight decay included
    const after = t.parameters();
    for (let k = 0; k < theta.length; k++) expect(theta[k]! - after[k]!).toBeCloseTo(g[k]!, 5);
    expect(() => t.lossAndGradientAt(new Float32Array(3), g)).toThrow(/parameters/);
  });

  it('preconditioner: √v̂ + ε for Adam (here |g| + ε), ones for SGD', async () => {
    const t = await createFusedTrainer({ ...base, learningRate: 0, adam: { epsilon: 0.5 } }, small);
    t.step(4);
    const g = new Float64Array(t.parameters().length);
    t.lossAndGradientAt(t.parameters(), g);
    const p = new Float64Array(g.length);
    t.preconditioner(p);
    for (let k = 0; k < g.length; k++) expect(p[k]).toBeCloseTo(Math.abs(g[k]!) + 0.5, 5);
    const sgd = await createFusedTrainer({ ...base, optimizer: 'sgd' }, small);
    sgd.preconditioner(p);
    expect(p.every((x) => x === 1)).toBe(true);
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
