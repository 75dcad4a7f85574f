/**
 * The regions study: how many linear regions deeper networks cut the square into, at
 * initialisation and after training, against depth and width, next to the known bounds; and a
 * small trained network for the layer-by-layer folds figure.
 *
 * Bounds quoted with the counts. For a network with n₀ = 2 inputs and hidden widths n₁ … n_L,
 * Serra, Tjandraatmadja & Ramalingam (2018, Theorem 1) bound the number of regions of the whole
 * plane (not of a box in it) by the sum, over whole numbers j₁ … j_L with
 * 0 ≤ jₗ ≤ min(n₀, n₁ − j₁, …, n_{l−1} − j_{l−1}, nₗ), of ∏ₗ C(nₗ, jₗ). When every layer has at
 * least 2·n₀ = 4 neurons the terms nₖ − jₖ never bind and the sum is the product
 * ∏ₗ (1 + nₗ + C(nₗ, 2)); narrower layers make it smaller than that product (regionBound computes
 * the sum itself). A single layer reaches it exactly (a line arrangement in general position).
 * Hanin & Rolnick (2019) show that for random weights and biases (the biases drawn from a
 * distribution with a bounded density, the gradients bounded) the expected number of regions per
 * unit area grows like the square of the total number of neurons (the input dimension's power),
 * whatever the depth: the study reports count / N² for that. Our deeper layers start with biases
 * of exactly 0, which that assumption leaves out.
 */
import { initNetwork } from '../core/mlp.ts';
import { networkLayers, partition } from '../core/regions.ts';
import { GRID_SIZE, TARGETS, type TargetName, sampleTarget } from '../core/targets.ts';
import { PARTITION_MAX_REGIONS, PARTITION_PRESETS } from '../deep.ts';
import { createFusedTrainer } from '../train/fused.ts';

export interface StudyOptions {
  readonly quick: boolean;
  log(message: string): void;
}

/** Four significant digits: enough for the prose, and reruns give the same file. */
const round = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v);

const choose = (n: number, k: number): number => {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
};

/**
 * Serra et al.'s bound on the regions of the whole plane (2 inputs) for these hidden widths: the
 * sum of their Theorem 1, summed layer by layer over the cap min(n₀, n₁ − j₁, …) that the earlier
 * layers leave for the next jₗ.
 */
export function regionBound(widths: readonly number[], inputs = 2): number {
  let ways = new Map<number, number>([[inputs, 1]]);
  for (const n of widths) {
    const next = new Map<number, number>();
    for (const [cap, count] of ways) {
      for (let j = 0; j <= Math.min(cap, n); j++) {
        const after = Math.min(cap, n - j);
        next.set(after, (next.get(after) ?? 0) + count * choose(n, j));
      }
    }
    ways = next;
  }
  let bound = 0;
  for (const count of ways.values()) bound += count;
  return bound;
}

const TRAIN_SIZE = GRID_SIZE;

/**
 * A network trained for `steps` steps; with `countAt`, also the number of regions it has after
 * each of those steps (≤ steps), to see whether training has stopped adding pieces.
 */
async function trained(hidden: readonly number[], target: TargetName, learningRate: number, batchSize: number, seed: number, steps: number, countAt: readonly number[] = []) {
  const data = sampleTarget(TARGETS[target], TRAIN_SIZE);
  const t = await createFusedTrainer({ hidden, optimizer: 'adam', learningRate, batchSize, seed }, data);
  const startLoss = t.loss();
  const history: { steps: number; regions: number }[] = [];
  for (const at of countAt) {
    t.step(at - t.steps);
    history.push({ steps: at, regions: partition(networkLayers(t.network()), undefined, { maxRegions: PARTITION_MAX_REGIONS }).count });
  }
  t.step(steps - t.steps);
  const net = t.network();
  const loss = t.loss();
  t.dispose();
  return { net, startLoss, loss, history };
}

export async function run(options: StudyOptions): Promise<unknown> {
  const { quick, log } = options;
  const seeds = quick ? [1] : [1, 2, 3];
  const steps = quick ? 200 : 3000;
  /** Where the counts of the small networks are also taken along their training (the last is `steps`). */
  const countAt = quick ? [50, 100, 200] : [500, 1000, 2000, 3000];

  // 1. The presets of the partition figure, at initialisation and after training.
  const presets = [];
  for (const preset of PARTITION_PRESETS) {
    const deep = preset.hidden.length > 10;
    const presetSteps = deep ? (quick ? 50 : 1000) : steps;
    for (const target of ['circle', 'ring'] as const) {
      const started = Date.now();
      const rows = [];
      for (const seed of quick || deep ? [1] : seeds) {
        const init = partition(networkLayers(initNetwork(preset.hidden, seed)), undefined, { maxRegions: PARTITION_MAX_REGIONS });
        const after = await trained(preset.hidden, target, preset.learningRate, preset.batchSize, seed, presetSteps, deep ? [] : countAt);
        const end = partition(networkLayers(after.net), undefined, { maxRegions: PARTITION_MAX_REGIONS });
        // The whole partition, past the figure's limit (the deep preset only: it takes a while).
        const limit = quick ? 40_000 : Infinity;
        const whole = (net: Parameters<typeof networkLayers>[0]) => {
          if (!deep) return {};
          const p = partition(networkLayers(net), undefined, { maxRegions: limit });
          return { whole: { regions: p.count, layers: p.layers, capped: p.capped } };
        };
        rows.push({
          seed,
          init: { regions: init.count, layers: init.layers, capped: init.capped, loss: round(after.startLoss), ...whole(initNetwork(preset.hidden, seed)) },
          trained: { regions: end.count, layers: end.layers, capped: end.capped, loss: round(after.loss), ...whole(after.net) },
          ...(deep ? {} : { history: after.history }),
        });
      }
      log(`regions: ${preset.label} on the ${target}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      presets.push({ id: preset.id, label: preset.label, target, steps: presetSteps, learningRate: preset.learningRate, batchSize: preset.batchSize, runs: rows });
    }
  }

  // 2. Depth against width at a fixed number of neurons.
  const N = 48;
  const shapes = quick ? [[48], [16, 16, 16], [8, 8, 8, 8, 8, 8]] : [[48], [24, 24], [16, 16, 16], [12, 12, 12, 12], [8, 8, 8, 8, 8, 8], [6, 6, 6, 6, 6, 6, 6, 6], [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]];
  const initSeeds = quick ? [1, 2] : [1, 2, 3, 4, 5, 6, 7, 8];
  const depth = [];
  for (const widths of shapes) {
    const started = Date.now();
    const init = initSeeds.map((seed) => partition(networkLayers(initNetwork(widths, seed))).count);
    const after: { regions: number; loss: number; history: { steps: number; regions: number }[] }[] = [];
    for (const seed of seeds) {
      const t = await trained(widths, 'circle', 0.003, 0, seed, steps, countAt);
      after.push({ regions: partition(networkLayers(t.net)).count, loss: round(t.loss), history: t.history });
    }
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    depth.push({
      widths,
      depth: widths.length,
      init: { mean: round(mean(init)), min: Math.min(...init), max: Math.max(...init), perNeuronSquared: round(mean(init) / (N * N)) },
      trained: {
        mean: round(mean(after.map((a) => a.regions))),
        min: Math.min(...after.map((a) => a.regions)),
        max: Math.max(...after.map((a) => a.regions)),
        loss: round(mean(after.map((a) => a.loss))),
        /** The mean count over the seeds along training. */
        history: countAt.map((at, k) => ({ steps: at, regions: round(mean(after.map((a) => a.history[k]!.regions))) })),
      },
      bound: regionBound(widths),
    });
    log(`regions: ${widths.length} × ${widths[0]}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  // 3. Growth with the number of neurons at initialisation, for a few depths.
  const growth = [];
  for (const layers of [1, 2, 4]) {
    for (const total of quick ? [16, 32] : [16, 32, 64, 128]) {
      const widths = Array.from({ length: layers }, () => total / layers);
      const counts = initSeeds.map((seed) => partition(networkLayers(initNetwork(widths, seed))).count);
      const mean = counts.reduce((s, x) => s + x, 0) / counts.length;
      growth.push({ depth: layers, neurons: total, regions: round(mean), perNeuronSquared: round(mean / (total * total)), bound: regionBound(widths) });
    }
  }

  // 4. A small trained network for the folds figure (2 → 8 → 8 → 8 → 1 on the ring).
  const folds = await trained([8, 8, 8], 'ring', 0.01, 0, 1, quick ? 300 : 3000);
  const foldsNet = networkLayers(folds.net).map((l) => ({
    weights: l.weights.map((row) => Array.from(row, (w) => Number(w.toPrecision(6)))),
    biases: Array.from(l.biases, (b) => Number(b.toPrecision(6))),
  }));
  const foldsCounts = [1, 2, 3].map((k) => partition([...foldsNet.slice(0, k), { weights: [Array.from({ length: 8 }, () => 1)], biases: [0] }]).count);

  return {
    // The presets train on the disc and the ring (each row says which); the rest on the disc.
    settings: { target: 'circle', engine: 'fused', trainSize: TRAIN_SIZE, optimizer: 'adam', steps, countAt, seeds, neurons: N, initSeeds, maxRegions: PARTITION_MAX_REGIONS },
    presets,
    depth,
    growth,
    folds: { hidden: [8, 8, 8], target: 'ring', learningRate: 0.01, steps: quick ? 300 : 3000, seed: 1, loss: round(folds.loss), regionsAfterLayer: foldsCounts, network: foldsNet },
  };
}
