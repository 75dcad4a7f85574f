/**
 * The deeper networks of the partition figures: presets the reader picks from, shared by the
 * widget, the experiments and the benchmark.
 */
export interface DeepPreset {
  readonly id: string;
  readonly label: string;
  readonly hidden: readonly number[];
  readonly learningRate: number;
  /** Points per step (0: the whole 64×64 grid). The deepest net trains on mini-batches. */
  readonly batchSize: number;
}

export const PARTITION_PRESETS: readonly DeepPreset[] = [
  { id: '8x2', label: '2 → 8 → 8 → 1', hidden: [8, 8], learningRate: 0.01, batchSize: 0 },
  { id: '16x3', label: '2 → 16 → 16 → 16 → 1', hidden: [16, 16, 16], learningRate: 0.003, batchSize: 0 },
  { id: '30x30', label: '2 → 30 layers of 30 → 1', hidden: Array.from({ length: 30 }, () => 30), learningRate: 0.001, batchSize: 256 },
];

/**
 * The partition stops between layers past this many regions (the deepest preset has far more):
 * the figure then shows the folds of the layers that fit, over what the network draws.
 */
export const PARTITION_MAX_REGIONS = 20_000;
