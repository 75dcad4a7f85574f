/**
 * The pulse, put to the test: if Adam's surges come from its second-moment estimate v̂ decaying
 * while the gradients are small (so that its steps grow until they overshoot), then changing only
 * that denominator should change the surges, and an optimizer held at its own stability limit
 * without such a memory should not surge at all. Over several seeds each:
 * - Adam as in the essay;
 * - Adam with a floor under √v̂ (it divides by max(√v̂, floor) + ε), at a floor near the median √v̂
 *   of the trained network and at one ten times larger;
 * - AMSGrad: Adam whose v never decreases (its running maximum replaces it);
 * - plain gradient descent at the rate that puts its sharpness right at its limit 2/η from the
 *   first step: η = 2/λ₀, with λ₀ the top eigenvalue of the loss's Hessian at the start.
 * Each run reports its surges, its ripples, its loss, and its sharpness over its limit in the
 * second half; each condition the mean count over seeds with a Student-t 95 % interval and the
 * exact Poisson interval of the count per run.
 */
import { PULSE_DETECTOR, findSpikes, summariseSpikes, type SpikeOptions } from '../core/spikes.ts';
import { meanInterval, median, poissonInterval } from '../core/stats.ts';
import type { FusedSettings } from '../train/fused.ts';
import { sharpness, stabilityThreshold } from '../train/sharpness.ts';
import { type Study, envelope, gridTrainer, timed } from './common.ts';

/** Surges as the pulse study counts them (30 % above the trough, after the warm-up). */
const DETECTOR: Required<SpikeOptions> = { ...PULSE_DETECTOR };
const RIPPLES: Required<SpikeOptions> = { ...PULSE_DETECTOR, threshold: 0.03 };
const ADAM_RATE = 0.003;
const FLOORS = [1e-3, 1e-2];
const LEVEL = 0.95;

interface Plan {
  readonly width: number;
  readonly steps: number;
  readonly seeds: readonly number[];
  /** Sharpness samples in the second half of each run. */
  readonly samples: number;
  readonly powerIterations: number;
  /** Windows of the loss curve kept for the first seed of each condition. */
  readonly windows: number;
}
const FULL: Plan = { width: 500, steps: 10000, seeds: [1, 2, 3, 4, 5], samples: 10, powerIterations: 20, windows: 200 };
const QUICK: Plan = { width: 100, steps: 1200, seeds: [1, 2], samples: 3, powerIterations: 6, windows: 40 };

type RunSettings = Pick<FusedSettings, 'optimizer' | 'learningRate' | 'adam' | 'hidden' | 'seed'>;

interface Condition {
  readonly key: string;
  readonly label: string;
  /** The run's settings for a seed (gradient descent measures its start to pick its rate). */
  settings(seed: number, plan: Plan): Promise<RunSettings & { initialSharpness?: number }>;
}

const adam = (adamSettings?: FusedSettings['adam']) => async (seed: number, plan: Plan): Promise<RunSettings> => ({
  hidden: [plan.width],
  optimizer: 'adam',
  learningRate: ADAM_RATE,
  seed,
  ...(adamSettings ? { adam: adamSettings } : {}),
});

const CONDITIONS: readonly Condition[] = [
  { key: 'adam', label: 'Adam', settings: adam() },
  ...FLOORS.map((floor) => ({ key: `floor ${floor}`, label: `Adam, √v̂ floored at ${floor}`, settings: adam({ floor }) })),
  { key: 'amsgrad', label: 'AMSGrad', settings: adam({ amsgrad: true }) },
  {
    key: 'gd at 2/η',
    label: 'gradient descent at its limit',
    async settings(seed, plan) {
      const probe = await gridTrainer({ hidden: [plan.width], optimizer: 'sgd', learningRate: 0, seed });
      const initialSharpness = sharpness(probe, { iterations: 2 * plan.powerIterations }).value;
      return { hidden: [plan.width], optimizer: 'sgd', learningRate: 2 / initialSharpness, seed, initialSharpness };
    },
  },
];

async function run(settings: RunSettings, plan: Plan) {
  const t = await gridTrainer(settings);
  const losses = new Float32Array(plan.steps);
  const every = Math.max(1, Math.floor(plan.steps / 2 / plan.samples));
  const ratios: number[] = [];
  for (let k = 0; k < plan.steps; k++) {
    losses[k] = t.step(1)[0]!;
    if (k >= plan.steps / 2 && (k + 1) % every === 0) ratios.push(sharpness(t, { iterations: plan.powerIterations }).value / stabilityThreshold(settings));
  }
  const spikes = summariseSpikes(findSpikes(losses, DETECTOR));
  const ripples = summariseSpikes(findSpikes(losses, RIPPLES));
  return {
    losses,
    result: {
      seed: settings.seed,
      learningRate: settings.learningRate,
      spikes,
      ripples: ripples.count,
      finalLoss: losses[plan.steps - 1]!,
      lowestLoss: Math.min(...losses),
      edgeRatio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
    },
  };
}

export const pulseCauses: Study = {
  async run({ quick, log }) {
    const plan = quick ? QUICK : FULL;
    const conditions = [];
    for (const c of CONDITIONS) {
      const runs = [];
      let curve: ReturnType<typeof envelope> | null = null;
      for (const seed of plan.seeds) {
        const settings = await c.settings(seed, plan);
        const { initialSharpness, ...runSettings } = settings;
        const [r, seconds] = await timed(() => run(runSettings, plan));
        runs.push({ ...r.result, ...(initialSharpness !== undefined ? { initialSharpness } : {}) });
        if (curve === null) curve = envelope(r.losses, plan.windows);
        log(`${c.key}, seed ${seed}: ${r.result.spikes.count} surges, ${r.result.ripples} ripples, ratio ${r.result.edgeRatio.median.toFixed(3)}, ${seconds.toFixed(1)} s`);
      }
      const counts = runs.map((r) => r.spikes.count);
      const total = counts.reduce((s, x) => s + x, 0);
      const heights = runs.flatMap((r) => (r.spikes.medianHeight === null ? [] : [r.spikes.medianHeight]));
      conditions.push({
        key: c.key,
        label: c.label,
        surges: { counts, ...meanInterval(counts, LEVEL), poisson: poissonInterval(total, counts.length, LEVEL) },
        ripples: { counts: runs.map((r) => r.ripples), ...meanInterval(runs.map((r) => r.ripples), LEVEL) },
        medianHeight: heights.length ? median(heights) : null,
        finalLoss: meanInterval(runs.map((r) => r.finalLoss), LEVEL),
        edgeRatio: { median: median(runs.map((r) => r.edgeRatio.median)), min: Math.min(...runs.map((r) => r.edgeRatio.min)), max: Math.max(...runs.map((r) => r.edgeRatio.max)) },
        runs,
        curve: curve!,
      });
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
        adamRate: ADAM_RATE,
        floors: FLOORS,
        level: LEVEL,
        detector: { ...DETECTOR, rippleThreshold: RIPPLES.threshold },
        sharpness: { samples: plan.samples, powerIterations: plan.powerIterations, secondHalf: true },
        gradientDescentRate: '2/λ₀, λ₀ the top eigenvalue of the Hessian at the start (power iteration)',
        windows: plan.windows,
      },
      conditions,
    };
  },
};
