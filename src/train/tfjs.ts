/**
 * The TensorFlow.js engine: a ReLU MLP of the plane trained on mean squared error (one output),
 * softmax cross-entropy over K classes (K outputs) or binary cross-entropy on a sigmoid (one
 * output, classes 0 and 1; src/core/loss.ts) with Adam, SGD,
 * SGD with momentum or RMSprop, full batch or mini-batch. It runs on whichever tfjs backend is
 * active (see src/worker/backends.ts for the choice in the browser; tests use the CPU backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { gridPoints } from '../core/coords.ts';
import { type Loss, lossOf, outputsOf, requireLoss } from '../core/loss.ts';
import { type Network, initNetwork } from '../core/mlp.ts';
import type { Dataset } from '../core/targets.ts';
import { batchSampler, batchSeed } from './batches.ts';
import { OPTIMIZER_CONSTANTS, type TrainSettings, type Trainer } from './trainer.ts';

interface LayerVariables {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

/** Rows per forward pass when drawing the prediction, to bound memory (rows × width floats). */
const PREDICT_CHUNK = 8192;

function makeOptimizer(settings: TrainSettings): tf.Optimizer {
  const lr = settings.learningRate;
  switch (settings.optimizer) {
    case 'adam': {
      const { beta1, beta2, epsilon } = OPTIMIZER_CONSTANTS.adam;
      return tf.train.adam(lr, beta1, beta2, epsilon);
    }
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, OPTIMIZER_CONSTANTS.momentum.momentum);
    case 'rmsprop': {
      const { decay, epsilon } = OPTIMIZER_CONSTANTS.rmsprop;
      return tf.train.rmsprop(lr, decay, 0, epsilon);
    }
  }
}

function model(layers: readonly LayerVariables[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = tf.add(tf.matMul(h, layer.w, false, true), layer.b);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return h;
}

/**
 * The run's loss of predictions against targets, as a tensor. For cross-entropy the targets are
 * one-hot rows and the loss is log Σ e^z − z_class per point (tf.logSumExp takes the largest logit
 * out first, so it stays finite). For the sigmoid the target is the class (0 or 1) and the loss
 * softplus(z) − t·z (tf.softplus returns z itself for large z and e^z for very negative z, so it
 * stays finite; its gradient is σ(z)).
 */
function lossTensor(loss: Loss, prediction: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  if (loss.kind === 'softmax-cross-entropy') return tf.mean(tf.sub(tf.logSumExp(prediction, 1), tf.sum(tf.mul(prediction, target), 1)));
  if (loss.kind === 'sigmoid-cross-entropy') {
    return tf.mean(tf.sub(tf.softplus(prediction), tf.mul(prediction, target)));
  }
  return tf.mean(tf.square(tf.sub(prediction, target)));
}

/** The targets as a tensor: one column for squared error, one-hot rows for K classes. */
function targetTensor(loss: Loss, targets: Float32Array): tf.Tensor2D {
  const n = targets.length;
  if (loss.kind !== 'softmax-cross-entropy') return tf.tensor2d(targets, [n, 1]);
  const K = loss.classes;
  const hot = new Float32Array(n * K);
  for (let p = 0; p < n; p++) hot[p * K + targets[p]!] = 1;
  return tf.tensor2d(hot, [n, K]);
}

/** A variable holding a copy of `values`; the staging tensor is freed (else it would leak). */
function variableOf<R extends tf.Rank>(values: Float32Array, shape: number[]): tf.Variable<R> {
  const staging = tf.tensor(values, shape);
  const v = tf.variable(staging) as tf.Variable<R>;
  staging.dispose();
  return v;
}

function toVariables(net: Network): LayerVariables[] {
  return net.map((l) => ({
    w: variableOf<tf.Rank.R2>(l.weights, [l.outputs, l.inputs]),
    b: variableOf<tf.Rank.R1>(l.biases, [l.outputs]),
  }));
}

export async function createTfjsTrainer(settings: TrainSettings, data: Dataset): Promise<Trainer> {
  const loss = lossOf(settings);
  requireLoss(loss, 'TensorFlow.js', ['mse', 'softmax-cross-entropy', 'sigmoid-cross-entropy']);
  await tf.ready();
  const n = data.targets.length;
  const K = outputsOf(loss);
  const x = tf.tensor2d(data.inputs, [n, 2]);
  const y = targetTensor(loss, data.targets);
  let layers = toVariables(initNetwork(settings.hidden, settings.seed, outputsOf(loss)));
  let optimizer = makeOptimizer(settings);
  const full = settings.batchSize <= 0 || settings.batchSize >= n;
  const nextBatch = batchSampler(n, full ? n : settings.batchSize, batchSeed(settings.seed));
  let steps = 0;

  const varList = (): tf.Variable[] => layers.flatMap((l) => [l.w, l.b]);

  return {
    backend: `tfjs-${tf.getBackend()}`,
    get steps() {
      return steps;
    },
    step(count: number): Float32Array {
      const costs: tf.Scalar[] = [];
      for (let k = 0; k < count; k++) {
        const cost = tf.tidy(() => {
          let xb: tf.Tensor2D = x;
          let yb: tf.Tensor2D = y;
          if (!full) {
            const idx = tf.tensor1d(nextBatch(), 'int32');
            xb = tf.gather(x, idx);
            yb = tf.gather(y, idx);
          }
          return optimizer.minimize(() => lossTensor(loss, model(layers, xb), yb), true, varList())!;
        });
        costs.push(cost);
        steps++;
      }
      if (costs.length === 0) return new Float32Array(0);
      const stacked = tf.stack(costs);
      const values = stacked.dataSync() as Float32Array;
      stacked.dispose();
      costs.forEach((c) => c.dispose());
      return Float32Array.from(values);
    },
    loss(): number {
      return tf.tidy(() => lossTensor(loss, model(layers, x), y).dataSync()[0]!);
    },
    network(): Network {
      return layers.map((l) => {
        const [outputs, inputs] = l.w.shape;
        return {
          inputs,
          outputs,
          weights: Float32Array.from(l.w.dataSync()),
          biases: Float32Array.from(l.b.dataSync()),
        };
      });
    },
    setNetwork(net: Network): void {
      layers.forEach((l) => {
        l.w.dispose();
        l.b.dispose();
      });
      layers = toVariables(net);
      optimizer.dispose();
      optimizer = makeOptimizer(settings);
    },
    predict(size: number): Float32Array {
      const points = Float32Array.from(gridPoints(size));
      const out = new Float32Array(size * size * K);
      for (let start = 0; start < size * size; start += PREDICT_CHUNK) {
        const rows = Math.min(PREDICT_CHUNK, size * size - start);
        const values = tf.tidy(() => {
          const chunk = tf.tensor2d(points.subarray(2 * start, 2 * (start + rows)), [rows, 2]);
          return model(layers, chunk).dataSync();
        });
        out.set(values, start * K);
      }
      return out;
    },
    dispose(): void {
      layers.forEach((l) => {
        l.w.dispose();
        l.b.dispose();
      });
      optimizer.dispose();
      x.dispose();
      y.dispose();
    },
  };
}

/**
 * Loss and its gradient with respect to every weight and bias, by TensorFlow.js's automatic
 * differentiation, for checking against finite differences.
 */
export function lossAndGradients(
  net: Network,
  data: Dataset,
  loss: Loss = { kind: 'mse' },
): { loss: number; gradients: { weights: Float32Array; biases: Float32Array }[] } {
  return tf.tidy(() => {
    const n = data.targets.length;
    const x = tf.tensor2d(data.inputs, [n, 2]);
    const y = targetTensor(loss, data.targets);
    const layers = net.map((l) => ({
      w: tf.tensor2d(l.weights, [l.outputs, l.inputs]) as tf.Tensor2D,
      b: tf.tensor1d(l.biases) as tf.Tensor1D,
    }));
    const params = layers.flatMap((l) => [l.w, l.b]);
    const f = (...p: tf.Tensor[]): tf.Scalar => {
      const ls = layers.map((_, i) => ({ w: p[2 * i] as tf.Variable<tf.Rank.R2>, b: p[2 * i + 1] as tf.Variable<tf.Rank.R1> }));
      return lossTensor(loss, model(ls, x), y);
    };
    const { value, grads } = tf.valueAndGrads(f)(params);
    return {
      loss: value.dataSync()[0]!,
      gradients: layers.map((_, i) => ({
        weights: Float32Array.from(grads[2 * i]!.dataSync()),
        biases: Float32Array.from(grads[2 * i + 1]!.dataSync()),
      })),
    };
  });
}
