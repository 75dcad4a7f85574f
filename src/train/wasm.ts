/**
 * The batched WebAssembly engine: ReLU MLPs of the plane of any depth, trained layer by layer on
 * the whole batch at once. Where the fused engine (fused.ts) walks the samples one by one, this
 * one keeps each layer's activations for a chunk of the batch as a block [width × samples] and
 * runs matrix products over those blocks: W·A forward (with the ReLU), the weight gradients
 * ΔZ·Aᵀ and the input gradients Wᵀ·ΔZ backward (through the ReLU masks), then the optimizer
 * update, all in one WebAssembly module (wasm/assembly/kernels.ts) with 128-bit SIMD, or its
 * scalar build where SIMD is missing.
 *
 * Memory is laid out once per run (parameters, gradient, optimizer state, the data, one chunk's
 * activations and gradients) and nothing is allocated per step; the weights are views on the
 * module's memory. Same initialisation (src/core/mlp.ts), optimizers and constants (trainer.ts,
 * the formulas fused.ts follows), mini-batches (batches.ts) and seeds as the other engines, so the
 * same seed follows the same run (tests hold them together). Arithmetic is in f32, as
 * TensorFlow.js's; the fused engine sums in f64.
 *
 * It takes the fused engine's options that cost little here (Adam's constants, weight decay,
 * initial scale, per-sample weights, input rotation) and can be looked inside like it
 * (FusedTrainer); any other option makes `createWasmTrainer` throw (see `wasmUnsupported`).
 */
import { pixelCentre } from '../core/coords.ts';
import { type Loss, classesOf, lossOf, outputsOf, requireLoss, sigmoid, sigmoidCrossEntropy } from '../core/loss.ts';
import { type Layer, type Network, initNetwork, layerSizes } from '../core/mlp.ts';
import { medianInPlace } from '../core/stats.ts';
import type { Dataset } from '../core/targets.ts';
import { batchFiller, batchSeed } from './batches.ts';
import { type FusedSettings, type FusedTrainer, type OptimizerState, checkClasses } from './fused.ts';
import { OPTIMIZER_CONSTANTS } from './trainer.ts';
import { type KernelVariant, type Kernels, loadKernels } from './wasm/kernels.ts';

/**
 * Most samples in a chunk: a batch is processed in chunks of at most this many, their gradients
 * added up, so that one layer's block stays in the cache and memory does not grow with the data.
 */
export const MAX_CHUNK = 128;

/**
 * Most floats in one layer's block of a chunk (1 MB): past about this, a wide layer's block falls out
 * of the cache between the forward and the backward pass, and steps slow down (one hidden layer of
 * 6,700 neurons steps nearly twice as fast in chunks of 40 as in chunks of 128).
 */
export const BLOCK_FLOATS = 1 << 18;

/** Most samples per chunk for a network whose widest layer has `widest` neurons. */
export function chunkLimit(widest: number): number {
  return Math.max(32, Math.min(MAX_CHUNK, Math.floor(BLOCK_FLOATS / widest)));
}

/** Options of FusedSettings this engine follows; any other that is set is refused. */
const FOLLOWED: ReadonlySet<string> = new Set([
  'hidden',
  'optimizer',
  'learningRate',
  'batchSize',
  'seed',
  'adam',
  'weightDecay',
  'initScale',
  'sampleWeights',
  'inputRotation',
  'loss',
]);

/** The options set in `settings` that this engine does not follow (empty when it can run them). */
export function wasmUnsupported(settings: FusedSettings): string[] {
  const out = Object.entries(settings)
    .filter(([key, value]) => value !== undefined && !FOLLOWED.has(key))
    .map(([key]) => key);
  // Adam's constants it follows; the changes to Adam's denominator it does not.
  if (settings.adam?.floor) out.push('adam.floor');
  if (settings.adam?.amsgrad) out.push('adam.amsgrad');
  return out;
}

/** Floating-point operations of one training step (forward, weight and input gradients). */
export function stepFlops(hidden: readonly number[], batch: number): number {
  const sizes = layerSizes(hidden);
  let perSample = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const mn = sizes[l]! * sizes[l + 1]!;
    // Forward and weight gradient on every layer; input gradient on all but the first.
    perSample += 2 * mn * (l === 0 ? 2 : 3);
  }
  return perSample * batch;
}

type Ptr = number;

/**
 * The loss, in one place: how a chunk's output block compares with its targets. `chunk` returns
 * Σ weight·loss over the chunk's samples and writes d(batch loss)/d(output) into `dout`, given the
 * batch's total weight. Mean squared error has one output and a kernel of its own; softmax
 * cross-entropy has K outputs (a K × cols block) and one target row holding class numbers, and is
 * computed here on views of the module's memory: it costs O(K × batch) a step against the layers'
 * O(width² × batch).
 */
interface OutputLoss {
  readonly outputs: number;
  chunk(k: Kernels, out: Ptr, target: Ptr, weight: Ptr, cols: number, total: number, dout: Ptr): number;
}

const SQUARED_ERROR: OutputLoss = {
  outputs: 1,
  // d(Σ w·e² / total)/d(out) = 2·w·e / total
  chunk: (k, out, target, weight, cols, total, dout) => k.squaredError(out, target, weight, cols, 2 / total, dout),
};

/**
 * Softmax cross-entropy over K outputs: per sample, log Σ e^z − z_class, with the largest logit
 * taken out first (stable for any finite logits); d/dz_j = w·(softmax_j − [j is the class]) / total.
 * Sums in f64, writes f32.
 */
function crossEntropyLoss(K: number): OutputLoss {
  return {
    outputs: K,
    chunk(k, out, target, weight, cols, total, dout) {
      const buffer = k.memory.buffer;
      const z = new Float32Array(buffer, out, K * cols);
      const t = new Float32Array(buffer, target, cols);
      const w = new Float32Array(buffer, weight, cols);
      const d = new Float32Array(buffer, dout, K * cols);
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const wc = w[c]!;
        if (wc === 0) {
          for (let j = 0; j < K; j++) d[j * cols + c] = 0;
          continue;
        }
        let m = -Infinity;
        for (let j = 0; j < K; j++) m = Math.max(m, z[j * cols + c]!);
        let s = 0;
        for (let j = 0; j < K; j++) s += Math.exp(z[j * cols + c]! - m);
        const label = t[c]!;
        sum += wc * (m + Math.log(s) - z[label * cols + c]!);
        const scale = wc / total;
        for (let j = 0; j < K; j++) d[j * cols + c] = scale * (Math.exp(z[j * cols + c]! - m) / s - (j === label ? 1 : 0));
      }
      return sum;
    },
  };
}

/**
 * Binary cross-entropy on σ(z) of one output row: per sample softplus(z) − t·z (stable for any
 * finite z, src/core/loss.ts), d/dz = w·(σ(z) − t) / total. Sums in f64, writes f32.
 */
const SIGMOID_LOSS: OutputLoss = {
  outputs: 1,
  chunk(k, out, target, weight, cols, total, dout) {
    const buffer = k.memory.buffer;
    const z = new Float32Array(buffer, out, cols);
    const t = new Float32Array(buffer, target, cols);
    const w = new Float32Array(buffer, weight, cols);
    const d = new Float32Array(buffer, dout, cols);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const wc = w[c]!;
      if (wc === 0) {
        d[c] = 0;
        continue;
      }
      sum += wc * sigmoidCrossEntropy(z[c]!, t[c]!);
      d[c] = (wc / total) * (sigmoid(z[c]!) - t[c]!);
    }
    return sum;
  },
};

function outputLoss(loss: Loss): OutputLoss {
  switch (loss.kind) {
    case 'mse':
      return SQUARED_ERROR;
    case 'softmax-cross-entropy':
      return crossEntropyLoss(loss.classes);
    case 'sigmoid-cross-entropy':
      return SIGMOID_LOSS;
  }
}

/** Columns per chunk for a batch of `count`: whole multiples of 8, at most MAX_CHUNK, little padding. */
function chunkColumns(count: number, most: number): number {
  const chunks = Math.max(1, Math.ceil(count / most));
  return Math.max(8, Math.ceil(count / chunks / 8) * 8);
}

/** Hands out 64-byte aligned pieces of the module's memory, once, at the start of a run. */
class Arena {
  constructor(public end: number) {}
  take(floats: number): Ptr {
    const at = Math.ceil(this.end / 64) * 64;
    this.end = at + 4 * floats;
    return at;
  }
}

interface Shapes {
  readonly sizes: readonly number[];
  readonly weightAt: readonly number[];
  readonly biasAt: readonly number[];
  readonly count: number;
}

/** Parameter offsets, as fused.ts lays them out: layer by layer, weights (row-major) then biases. */
function shapes(sizes: readonly number[]): Shapes {
  const weightAt: number[] = [];
  const biasAt: number[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    weightAt.push(at);
    at += sizes[l]! * sizes[l + 1]!;
    biasAt.push(at);
    at += sizes[l + 1]!;
  }
  return { sizes, weightAt, biasAt, count: at };
}

export interface WasmOptions {
  /** Which build of the kernels: SIMD where supported unless told otherwise. */
  readonly variant?: KernelVariant;
  /** Most samples per chunk (default: chunkLimit of the widest layer). */
  readonly chunk?: number;
}

export async function createWasmTrainer(settings: FusedSettings, data: Dataset, options: WasmOptions = {}): Promise<FusedTrainer> {
  const refused = wasmUnsupported(settings);
  if (refused.length) throw new Error(`the WebAssembly engine does not follow ${refused.join(', ')}`);
  const { kernels: k, variant } = await loadKernels(options.variant);
  const kind = lossOf(settings);
  requireLoss(kind, 'WebAssembly', ['mse', 'softmax-cross-entropy', 'sigmoid-cross-entropy']);
  if (kind.kind !== 'mse') checkClasses(data.targets, classesOf(kind));
  const loss = outputLoss(kind);
  const K = outputsOf(kind);
  const s = shapes(layerSizes(settings.hidden, K));
  const sizes = s.sizes;
  const layers = sizes.length - 1;
  if (sizes[layers] !== loss.outputs) throw new Error(`the loss needs ${loss.outputs} outputs`);
  const n = data.targets.length;
  const weights = settings.sampleWeights ?? null;
  if (weights && weights.length !== n) throw new Error(`sampleWeights has ${weights.length} entries for ${n} training points`);
  const full = settings.batchSize <= 0 || settings.batchSize >= n;
  const batch = full ? n : settings.batchSize;
  const widest = Math.max(...sizes.slice(1));
  const cols = chunkColumns(batch, options.chunk ?? chunkLimit(widest));
  const count4 = Math.ceil(s.count / 4) * 4;
  const stride = Math.ceil(n / 4) * 4;

  // The memory of the run, laid out once.
  const arena = new Arena(k.heapBase());
  const thetaAt = arena.take(count4);
  const gradAt = arena.take(count4);
  const mAt = arena.take(count4);
  const vAt = arena.take(count4);
  const statsAt = arena.take(6);
  const dataAt = arena.take(4 * stride);
  const idxAt = arena.take(full ? 0 : batch);
  const inputAt = arena.take(2 * cols);
  const targetAt = arena.take(cols);
  const weightAt = arena.take(cols);
  const actAt = sizes.slice(1).map((width) => arena.take(width * cols));
  const deltaAt = [arena.take(widest * cols), arena.take(widest * cols)] as const;
  const outAt = actAt[layers - 1]!;
  const missing = arena.end - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));
  const buffer = k.memory.buffer;
  const theta = new Float32Array(buffer, thetaAt, s.count);
  const grad = new Float32Array(buffer, gradAt, s.count);
  const m = new Float32Array(buffer, mAt, s.count);
  const v = new Float32Array(buffer, vAt, s.count);
  const stats = new Float64Array(buffer, statsAt, 3);
  const idx = new Int32Array(buffer, idxAt, full ? 0 : batch);
  const input = new Float32Array(buffer, inputAt, 2 * cols);
  const output = new Float32Array(buffer, outAt, K * cols);

  // The data, four rows of `stride`: x, y (as the network sees them: turned by inputRotation), the
  // target and the weight of each point (1 without sampleWeights).
  const rotation = settings.inputRotation ?? 0;
  const cosR = Math.cos(rotation);
  const sinR = Math.sin(rotation);
  const rows = new Float32Array(buffer, dataAt, 4 * stride);
  for (let p = 0; p < n; p++) {
    const x = data.inputs[2 * p]!;
    const y = data.inputs[2 * p + 1]!;
    rows[p] = rotation ? x * cosR - y * sinR : x;
    rows[stride + p] = rotation ? x * sinR + y * cosR : y;
    rows[2 * stride + p] = data.targets[p]!;
    rows[3 * stride + p] = weights ? weights[p]! : 1;
  }
  const allWeight = weights ? weights.reduce((a, b) => a + b, 0) : n;
  const sampleWeight = rows.subarray(3 * stride, 3 * stride + n);

  const write = (net: Network): void => {
    net.forEach((layer, l) => {
      theta.set(layer.weights, s.weightAt[l]);
      theta.set(layer.biases, s.biasAt[l]);
    });
  };
  let net = initNetwork(settings.hidden, settings.seed, K);
  const scale = settings.initScale ?? 1;
  if (scale !== 1) net = net.map((layer, l) => (l === 0 ? { ...layer, weights: layer.weights.map((w) => w * scale), biases: layer.biases.map((b) => b * scale) } : layer));
  write(net);

  const at = (base: Ptr, offset: number): Ptr => base + 4 * offset;

  /** The chunk now in the input block through every layer; the output lands in `outAt`. */
  const forward = (): void => {
    let from = inputAt;
    for (let l = 0; l < layers; l++) {
      k.dense(from, sizes[l]!, actAt[l]!, sizes[l + 1]!, at(thetaAt, s.weightAt[l]!), at(thetaAt, s.biasAt[l]!), cols, l < layers - 1 ? 1 : 0);
      from = actAt[l]!;
    }
  };

  /** Adds the chunk's gradient into `grad`, from d(loss)/d(output) in deltaAt[0]. */
  const backward = (): void => {
    let dz = deltaAt[0];
    let other = deltaAt[1];
    for (let l = layers - 1; l >= 0; l--) {
      const from = l === 0 ? inputAt : actAt[l - 1]!;
      k.gradWeights(dz, sizes[l + 1]!, from, sizes[l]!, at(gradAt, s.weightAt[l]!), at(gradAt, s.biasAt[l]!), cols);
      if (l > 0) {
        k.gradInputs(dz, sizes[l + 1]!, at(thetaAt, s.weightAt[l]!), sizes[l]!, from, other, cols);
        [dz, other] = [other, dz];
      }
    }
  };

  /**
   * Loss over the batch in `idx` (or over every point when `sampled` is false), and, when asked,
   * its gradient into `grad`.
   */
  const objective = (sampled: boolean, withGradient: boolean): number => {
    const total = sampled ? batch : n;
    let weight = total;
    if (sampled && weights) {
      weight = 0;
      for (let q = 0; q < batch; q++) weight += sampleWeight[idx[q]!]!;
    } else if (weights) weight = allWeight;
    if (withGradient) k.zero(gradAt, count4);
    let sum = 0;
    for (let start = 0; start < total; start += cols) {
      k.gather(dataAt, stride, sampled ? idxAt + 4 * start : 0, start, Math.min(cols, total - start), cols, inputAt, targetAt, weightAt);
      forward();
      sum += loss.chunk(k, outAt, targetAt, weightAt, cols, weight, deltaAt[0]);
      if (withGradient) backward();
    }
    return sum / weight;
  };

  // The optimizer.
  const lr = settings.learningRate;
  const { beta1, beta2, epsilon } = { ...OPTIMIZER_CONSTANTS.adam, ...settings.adam };
  const decay = settings.weightDecay ?? 0;
  let accBeta1 = beta1;
  let accBeta2 = beta2;
  const resetOptimizer = (): void => {
    m.fill(0);
    v.fill(0);
    stats.fill(0);
    accBeta1 = beta1;
    accBeta2 = beta2;
  };
  const update = (): void => {
    if (decay !== 0) {
      // L2 weight decay on the weight matrices only: + λ·w (biases untouched).
      for (let l = 0; l < layers; l++) k.decay(at(thetaAt, s.weightAt[l]!), at(gradAt, s.weightAt[l]!), sizes[l]! * sizes[l + 1]!, decay);
    }
    switch (settings.optimizer) {
      case 'adam':
        k.adam(thetaAt, gradAt, mAt, vAt, count4, lr, beta1, beta2, epsilon, 1 - accBeta1, 1 - accBeta2, statsAt);
        accBeta1 *= beta1;
        accBeta2 *= beta2;
        return;
      case 'sgd':
        k.sgd(thetaAt, gradAt, count4, lr, statsAt);
        return;
      case 'momentum':
        k.momentum(thetaAt, gradAt, mAt, count4, lr, OPTIMIZER_CONSTANTS.momentum.momentum, statsAt);
        return;
      case 'rmsprop':
        k.rmsprop(thetaAt, gradAt, vAt, count4, lr, OPTIMIZER_CONSTANTS.rmsprop.decay, OPTIMIZER_CONSTANTS.rmsprop.epsilon, statsAt);
        return;
    }
  };

  const nextBatch = full ? null : batchFiller(n, batchSeed(settings.seed));
  let steps = 0;
  let saved: Float32Array | null = null;
  let scratch: Float64Array | null = null;

  const secondMoment = (): OptimizerState['secondMoment'] => {
    if (settings.optimizer === 'adam') {
      // After t steps accBeta2 = β2^(t+1), so the correction of the last step is 1 − accBeta2 / β2.
      const c2 = 1 - accBeta2 / beta2;
      return summarise(v, c2 > 0 ? 1 / c2 : 0, epsilon * epsilon, (scratch ??= new Float64Array(s.count)));
    }
    if (settings.optimizer === 'rmsprop') {
      const eps = OPTIMIZER_CONSTANTS.rmsprop.epsilon;
      return summarise(v, 1, eps, (scratch ??= new Float64Array(s.count)));
    }
    return null;
  };

  return {
    backend: `wasm-${variant}`,
    get steps() {
      return steps;
    },
    step(count: number): Float32Array {
      const losses = new Float32Array(count);
      for (let t = 0; t < count; t++) {
        if (nextBatch) nextBatch(idx);
        losses[t] = objective(nextBatch !== null, true);
        update();
        steps++;
      }
      return losses;
    },
    loss: () => objective(false, false),
    network(): Network {
      const out: Layer[] = [];
      for (let l = 0; l < layers; l++) {
        const inputs = sizes[l]!;
        const outputs = sizes[l + 1]!;
        out.push({
          inputs,
          outputs,
          weights: theta.slice(s.weightAt[l], s.weightAt[l]! + inputs * outputs),
          biases: theta.slice(s.biasAt[l], s.biasAt[l]! + outputs),
        });
      }
      return out;
    },
    setNetwork(next: Network): void {
      write(next);
      resetOptimizer();
    },
    predict(size: number): Float32Array {
      const out = new Float32Array(size * size * K);
      const total = size * size;
      for (let start = 0; start < total; start += cols) {
        const q = Math.min(cols, total - start);
        for (let c = 0; c < cols; c++) {
          let x = 0;
          let y = 0;
          if (c < q) {
            const p = start + c;
            const i = Math.floor(p / size);
            [x, y] = pixelCentre(i, p - i * size, size);
            if (rotation) [x, y] = [x * cosR - y * sinR, x * sinR + y * cosR];
          }
          input[c] = x;
          input[cols + c] = y;
        }
        forward();
        if (K === 1) out.set(output.subarray(0, q), start);
        else for (let c = 0; c < q; c++) for (let j = 0; j < K; j++) out[(start + c) * K + j] = output[j * cols + c]!;
      }
      return out;
    },
    parameters: () => theta.slice(),
    lossAndGradientAt(point: Float32Array, out: Float64Array): number {
      if (point.length !== s.count || out.length !== s.count) throw new Error(`lossAndGradientAt: expected ${s.count} parameters`);
      saved ??= new Float32Array(s.count);
      saved.set(theta);
      theta.set(point);
      const value = objective(false, true);
      for (let q = 0; q < s.count; q++) out[q] = grad[q]!;
      if (decay !== 0) {
        for (let l = 0; l < layers; l++) {
          const end = s.biasAt[l]!;
          for (let q = s.weightAt[l]!; q < end; q++) out[q]! += decay * point[q]!;
        }
      }
      theta.set(saved);
      return value;
    },
    preconditioner(out: Float64Array): void {
      if (out.length !== s.count) throw new Error(`preconditioner: expected ${s.count} entries`);
      const adaptive = settings.optimizer === 'adam' || settings.optimizer === 'rmsprop';
      if (steps === 0 || !adaptive) {
        out.fill(steps === 0 && adaptive ? NaN : 1);
        return;
      }
      if (settings.optimizer === 'adam') {
        const c2 = 1 - accBeta2 / beta2;
        for (let q = 0; q < s.count; q++) out[q] = (c2 > 0 ? Math.sqrt(v[q]! / c2) : 0) + epsilon;
      } else {
        const eps = OPTIMIZER_CONSTANTS.rmsprop.epsilon;
        for (let q = 0; q < s.count; q++) out[q] = Math.sqrt(v[q]! + eps);
      }
    },
    inspect(): OptimizerState {
      return {
        steps,
        updateNorm: Math.sqrt(stats[0]!),
        maxUpdate: stats[1]!,
        gradientNorm: Math.sqrt(stats[2]!),
        secondMoment: steps > 0 ? secondMoment() : null,
      };
    },
    dispose(): void {
      saved = null;
      scratch = null;
    },
  };
}

/** Mean of scale·v, median of √(scale·v), and the fraction of scale·v below `below` (as fused.ts). */
function summarise(v: Float32Array, scale: number, below: number, scratch: Float64Array): NonNullable<OptimizerState['secondMoment']> {
  const n = v.length;
  let sum = 0;
  let under = 0;
  for (let q = 0; q < n; q++) {
    const x = scale * v[q]!;
    scratch[q] = x;
    sum += x;
    if (x < below) under++;
  }
  return { mean: sum / n, medianRoot: Math.sqrt(medianInPlace(scratch, n)), fractionBelowEpsilon: under / n };
}
