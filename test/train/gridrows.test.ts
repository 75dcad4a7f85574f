import { describe, expect, it } from 'vitest';
import { classDataset } from '../../src/core/classes.ts';
import { type Loss, SIGMOID_CROSS_ENTROPY, crossEntropy, outputsOf } from '../../src/core/loss.ts';
import { TARGETS, type Dataset, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer, gridLossAndGradient } from '../../src/train/fused.ts';
import { type KernelVariant, loadKernels } from '../../src/train/wasm/kernels.ts';

/**
 * The grid shortcut's rows run in WebAssembly where the module loads and in JavaScript elsewhere:
 * both must give the same loss and gradient, on a network trained a little (so its creases sit
 * anywhere) with a few neurons set by hand: level ones (a = 0, and a = −0), and creases through
 * pixel centres, where the run's end is settled column by column.
 */
async function parameters(data: Dataset, width: number, loss: Loss): Promise<Float32Array> {
  const t = await createFusedTrainer({ hidden: [width], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 5, loss }, data);
  t.step(20);
  const theta = t.parameters();
  const n = data.size;
  // Neuron 0: a = 0, on across the rows where b·y + c > 0. Neuron 1: a = −0.
  theta[0] = 0;
  theta[2] = -0;
  // Neurons 2 and 3: x = ±x of a pixel centre (a = ±1, b = 0), rising and falling.
  const x = Math.fround(-1 + (2 * 5 + 1) / n);
  theta[4] = 1;
  theta[5] = 0;
  theta[2 * width + 2] = -x;
  theta[6] = -1;
  theta[7] = 0;
  theta[2 * width + 3] = x;
  t.dispose();
  return theta;
}

const cases: [string, Dataset, Loss, boolean][] = [
  ['squared error', sampleTarget(TARGETS.circle, 24), { kind: 'mse' }, false],
  ['squared error, weighted', sampleTarget(TARGETS.ring, 24), { kind: 'mse' }, true],
  ['binary cross-entropy', classDataset('disc', 20), SIGMOID_CROSS_ENTROPY, false],
  ['cross-entropy, three classes, weighted', classDataset('spirals', 24), crossEntropy(3), true],
];

describe('the grid rows in WebAssembly (with SIMD and without) and in JavaScript', () => {
  for (const [name, data, loss, weighted] of cases) {
    it(`give the same loss and gradient: ${name}`, async () => {
      for (const variant of ['simd', 'scalar'] as const) await agree(variant, data, loss, weighted);
    });
  }
});

async function agree(variant: KernelVariant, data: Dataset, loss: Loss, weighted: boolean): Promise<void> {
  const { kernels } = await loadKernels(variant);
  const width = 30;
  const theta = await parameters(data, width, loss);
  const n = data.targets.length;
  const weights = weighted ? Float32Array.from({ length: n }, (_, p) => (p % 7 === 0 ? 0 : 0.5 + (p % 3))) : null;
  const count = theta.length;
  const inJs = new Float64Array(count);
  const inWasm = new Float64Array(count);
  const lossJs = gridLossAndGradient(theta, data, width, loss, weights, null, inJs);
  const lossWasm = gridLossAndGradient(theta, data, width, loss, weights, kernels, inWasm);
  expect(Number.isFinite(lossJs)).toBe(true);
  expect(count).toBe(3 * width + (width + 1) * outputsOf(loss));
  let norm = 0;
  for (let k = 0; k < count; k++) norm = Math.max(norm, Math.abs(inJs[k]!));
  expect(norm).toBeGreaterThan(0);
  if (loss.kind === 'mse') {
    // No exponentials: the same operations in the same order, to the last bit.
    expect(lossWasm, variant).toBe(lossJs);
    expect(Array.from(inWasm), variant).toEqual(Array.from(inJs));
  } else {
    // The exponential and logarithm of WebAssembly's library may differ in the last bit.
    expect(Math.abs(lossWasm - lossJs)).toBeLessThan(1e-13 * Math.abs(lossJs));
    for (let k = 0; k < count; k++) expect(Math.abs(inWasm[k]! - inJs[k]!), `${variant}: parameter ${k}`).toBeLessThan(1e-12 * norm);
  }
}

describe('the grid rows share one module between training and pictures', () => {
  it('trains on unchanged after a large picture grows the module’s memory', async () => {
    const data = classDataset('spirals', 32);
    const settings = { hidden: [40], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 2, loss: crossEntropy(3) } as const;
    const drawn = await createFusedTrainer(settings, data);
    const plain = await createFusedTrainer(settings, data);
    expect(Array.from(drawn.step(5))).toEqual(Array.from(plain.step(5)));
    // 900 × 900 pixels of three logits: far more than the training rows' memory.
    const picture = drawn.predict(900);
    expect(picture.length).toBe(900 * 900 * 3);
    expect(picture.every(Number.isFinite)).toBe(true);
    expect(Array.from(drawn.step(5))).toEqual(Array.from(plain.step(5)));
    expect(Array.from(drawn.predict(32))).toEqual(Array.from(plain.predict(32)));
  });
});
