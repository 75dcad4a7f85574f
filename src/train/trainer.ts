/**
 * What every training engine offers. Engines differ in how they compute (TensorFlow.js on a GPU,
 * WebAssembly or the CPU; a fused typed-array loop), never in what they compute: from the same
 * seed, data and settings they follow the same run.
 */
import type { Loss } from '../core/loss.ts';
import type { Network } from '../core/mlp.ts';

export type OptimizerName = 'adam' | 'sgd' | 'momentum' | 'rmsprop';

export const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd', 'momentum', 'rmsprop'];

/** How the figures, captions and charts name each optimizer. */
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  adam: 'Adam',
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  rmsprop: 'RMSprop',
};

export interface TrainSettings {
  /** Hidden layer widths, e.g. [10] or [500]. */
  readonly hidden: readonly number[];
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** Points per step; 0 means the full batch. Mini-batches are drawn with the seed. */
  readonly batchSize: number;
  /** Seeds the initial weights and the mini-batch order. */
  readonly seed: number;
  /**
   * What training makes small (src/core/loss.ts); squared error when left out. Engines refuse a
   * loss they cannot train.
   */
  readonly loss?: Loss;
}

/**
 * Optimizer constants, the same in every engine (TensorFlow.js's defaults where it has them):
 * Adam β1 = 0.9, β2 = 0.999, ε = 1e-7; momentum 0.9; RMSprop decay 0.9, ε = 1e-7, no momentum.
 */
export const OPTIMIZER_CONSTANTS = {
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  momentum: { momentum: 0.9 },
  rmsprop: { decay: 0.9, epsilon: 1e-7 },
} as const;

export interface Trainer {
  /** Which engine and backend runs, e.g. "tfjs-wasm". */
  readonly backend: string;
  /** Training steps taken since initialisation. */
  readonly steps: number;
  /** Takes n optimizer steps; returns the loss of each (before its update). */
  step(n: number): Float32Array;
  /** The run's loss (settings.loss; squared error by default) on the whole training set, now. */
  loss(): number;
  /** A copy of the current weights. */
  network(): Network;
  /** Replaces the weights (e.g. to continue a run in a new worker); optimizer state restarts. */
  setNetwork(net: Network): void;
  /** The network's output at the pixel centres of a size×size grid, row by row. */
  predict(size: number): Float32Array;
  dispose(): void;
}
