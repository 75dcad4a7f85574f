/**
 * Condensation, measured on the neurons' whole weight vectors (a, b, c) rather than on their
 * creases' angles alone (src/core/condensation.ts), and put to three tests:
 * - a grid of Adam's learning rate × the first layer's initial scale: Adam moves every weight by
 *   about the learning rate whatever its size, so a smaller first layer also takes larger steps
 *   relative to its size; the grid shows whether bundling follows the scale, the rate, or their
 *   ratio;
 * - plain gradient descent as a control, whose steps do not adapt, at 90 % of its stability limit
 *   at the start (η = 1.8/λ₀, λ₀ the top eigenvalue of the Hessian there), at the same scales;
 * - the number of bundles against the width of the layer (Adam at the essay's rate).
 * Bundles: groups of at least three neurons whose unit vectors (a, b, c)/‖(a, b, c)‖ are linked
 * by chains less than 1° apart, against the mean over draws in which every crease is turned by
 * its own random angle (keeping its distance from the centre).
 */
import { condensation } from '../core/condensation.ts';
import { creaseLines, nearestNeighbourRatio } from '../core/creasestats.ts';
import { firstLayerCreases } from '../core/mlp.ts';
import { mean } from '../core/stats.ts';
import type { FusedSettings } from '../train/fused.ts';
import { sharpness } from '../train/sharpness.ts';
import { medianTurn } from './bundling.ts';
import { type Study, gridTrainer, timed } from './common.ts';

const DEG = Math.PI / 180;
const MEASURE = { maxOffset: 1, threshold: 1 * DEG, minSize: 3, draws: 40 } as const;
/** Gradient descent runs at this fraction of 2/λ₀. */
const GD_SHARE = 0.9;

interface Plan {
  readonly width: number;
  readonly steps: number;
  readonly seeds: readonly number[];
  readonly rates: readonly number[];
  readonly scales: readonly number[];
  readonly widths: readonly number[];
  readonly widthScales: readonly number[];
  readonly draws: number;
}
const FULL: Plan = { width: 500, steps: 10000, seeds: [1, 2], rates: [0.001, 0.003, 0.01], scales: [0.25, 1, 4], widths: [100, 200, 500, 1000], widthScales: [0.25, 1], draws: MEASURE.draws };
const QUICK: Plan = { width: 60, steps: 300, seeds: [1], rates: [0.003, 0.01], scales: [0.25, 1], widths: [30, 60], widthScales: [0.25], draws: 4 };
const ADAM_RATE = 0.003;

type Run = Awaited<ReturnType<typeof train>>;

async function train(settings: Omit<FusedSettings, 'batchSize'>, plan: Plan, extra: Record<string, number> = {}) {
  const t = await gridTrainer(settings);
  const start = t.network();
  t.step(plan.steps);
  const end = t.network();
  const c = condensation(firstLayerCreases(end), { ...MEASURE, draws: plan.draws, seed: settings.seed });
  const before = condensation(firstLayerCreases(start), { ...MEASURE, draws: plan.draws, seed: settings.seed });
  return {
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    scale: settings.initScale ?? 1,
    width: settings.hidden[0]!,
    seed: settings.seed,
    ...extra,
    loss: t.loss(),
    medianTurnDeg: medianTurn(start, end),
    /** The crease angles' nearest-neighbour ratio, as in the bundling study. */
    angleRatio: nearestNeighbourRatio(creaseLines(firstLayerCreases(end), { maxOffset: MEASURE.maxOffset }).angle),
    /** The same measures at the start (the initial scale multiplies (a, b, c) alike, so they do not depend on it). */
    init: { ratio: before.ratio, z: before.z, bundles: before.bundles, nullBundles: before.nullBundles },
    condensation: c,
  };
}

/** Means over the seeds of one condition. */
function summary(runs: readonly Run[]) {
  const m = (f: (r: Run) => number) => mean(runs.map(f));
  const first = runs[0]!;
  return {
    optimizer: first.optimizer,
    learningRate: first.learningRate,
    scale: first.scale,
    width: first.width,
    seeds: runs.length,
    loss: m((r) => r.loss),
    medianTurnDeg: m((r) => r.medianTurnDeg),
    angleRatio: m((r) => r.angleRatio),
    initRatio: m((r) => r.init.ratio),
    initBundles: m((r) => r.init.bundles),
    ratio: m((r) => r.condensation.ratio),
    z: m((r) => r.condensation.z),
    neurons: m((r) => r.condensation.neurons),
    bundles: m((r) => r.condensation.bundles),
    nullBundles: m((r) => r.condensation.nullBundles),
    inBundles: m((r) => r.condensation.inBundles),
    nullInBundles: m((r) => r.condensation.nullInBundles),
    largest: Math.max(...runs.map((r) => r.condensation.largest)),
    /** Each seed's run. */
    runs,
  };
}

export const condensationStudy: Study = {
  async run({ quick, log }) {
    const plan = quick ? QUICK : FULL;
    const cell = async (label: string, make: (seed: number) => Promise<Run>) => {
      const [mine, seconds] = await timed(async () => {
        const out: Run[] = [];
        for (const seed of plan.seeds) out.push(await make(seed));
        return out;
      });
      const s = summary(mine);
      log(`${label}: ratio ${s.ratio.toFixed(2)}, ${s.bundles.toFixed(1)} bundles (null ${s.nullBundles.toFixed(1)}), loss ${s.loss.toExponential(2)}, ${seconds.toFixed(1)} s`);
      return s;
    };

    // 1. Adam: learning rate × initial scale.
    const grid = [];
    for (const learningRate of plan.rates) {
      for (const scale of plan.scales) {
        grid.push(await cell(`Adam ${learningRate} × ${scale}`, (seed) => train({ hidden: [plan.width], optimizer: 'adam', learningRate, seed, initScale: scale }, plan)));
      }
    }

    // 2. Gradient descent at 90 % of its starting stability limit.
    const gradientDescent = [];
    for (const scale of plan.scales) {
      gradientDescent.push(
        await cell(`gradient descent × ${scale}`, async (seed) => {
          const probe = await gridTrainer({ hidden: [plan.width], optimizer: 'sgd', learningRate: 0, seed, initScale: scale });
          const initialSharpness = sharpness(probe, { iterations: 30 }).value;
          return train({ hidden: [plan.width], optimizer: 'sgd', learningRate: (2 * GD_SHARE) / initialSharpness, seed, initScale: scale }, plan, { initialSharpness });
        }),
      );
    }

    // 3. Bundles against width (Adam at the essay's rate; the grid's runs are reused where they match).
    const byWidth = [];
    for (const scale of plan.widthScales) {
      for (const width of plan.widths) {
        const done = width === plan.width ? grid.find((g) => g.learningRate === ADAM_RATE && g.scale === scale) : undefined;
        byWidth.push(done ?? (await cell(`width ${width} × ${scale}`, (seed) => train({ hidden: [width], optimizer: 'adam', learningRate: ADAM_RATE, seed, initScale: scale }, plan))));
      }
    }

    return {
      settings: {
        target: 'circle',
        size: 64,
        width: plan.width,
        steps: plan.steps,
        seeds: plan.seeds,
        engine: 'fused-grid',
        batch: 'full',
        rates: plan.rates,
        scales: plan.scales,
        adamRate: ADAM_RATE,
        widths: plan.widths,
        widthScales: plan.widthScales,
        gradientDescentShare: GD_SHARE,
        measure: { maxOffset: MEASURE.maxOffset, thresholdDeg: MEASURE.threshold / DEG, minSize: MEASURE.minSize, draws: plan.draws, null: 'each crease turned by its own uniform angle, distance from the centre kept' },
      },
      grid,
      gradientDescent,
      byWidth,
    };
  },
};
