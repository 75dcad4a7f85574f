/**
 * The pulse: Adam's loss curve on the disc surges every so often and settles again. This study
 * counts and measures the surges for each optimizer and for Adam's constants, and watches the
 * optimizer through them: the size of its steps, the gradient, its second-moment estimate, and the
 * preconditioned sharpness against the optimizer's stability threshold (src/train/sharpness.ts).
 */
import { PULSE_DETECTOR, findSpikes, summariseSpikes, type SpikeOptions } from '../core/spikes.ts';
import { median } from '../core/stats.ts';
import type { FusedSettings, FusedTrainer } from '../train/fused.ts';
import { sharpness, stabilityThreshold } from '../train/sharpness.ts';
import type { OptimizerName } from '../train/trainer.ts';
import { type Study, envelope, gridTrainer, timed } from './common.ts';

/**
 * How spikes are told, as the pulse figure tells them (PULSE_DETECTOR): 30 % above the trough
 * starts one; merged when ringing follows within 20 steps. The warm-up is applied below (WARMUP),
 * after the early rise has been measured, so the detector itself keeps every spike.
 */
const DETECTOR: Required<SpikeOptions> = { ...PULSE_DETECTOR, warmup: 0 };
/** The same with a 3 % threshold, to see surges too small to notice on the curve. */
const RIPPLES: Required<SpikeOptions> = { ...DETECTOR, threshold: 0.03 };
/** Spikes peaking in the first steps belong to the initial plunge, not to the pulse. */
const WARMUP = PULSE_DETECTOR.warmup;
/** Learning rates tried for each optimizer; the one with the lowest loss at the end of the scan is used. */
const RATES = [0.0003, 0.001, 0.003, 0.01, 0.03];
/** Adam keeps the essay's rate for 500 neurons whatever the scan says, so the study matches the figure. */
const ADAM_RATE = 0.003;
/** Narrower networks tried with Adam (the main width is the run under `optimizers.adam`). */
const WIDTHS = [10, 100, 200];
const OTHER_SEEDS = [2, 3];

interface Plan {
  readonly width: number;
  readonly steps: number;
  readonly scanSteps: number;
  readonly windows: number;
  /** Steps between two sharpness measurements along the main Adam run. */
  readonly sharpnessEvery: number;
  readonly zoomSteps: number;
  readonly powerIterations: number;
  readonly seed: number;
  /** Windows of the loss curves kept for each run of the sweeps (the main runs keep `windows`). */
  readonly sweepWindows: number;
}

const FULL: Plan = { width: 500, steps: 10000, scanSteps: 2000, windows: 250, sweepWindows: 100, sharpnessEvery: 50, zoomSteps: 120, powerIterations: 20, seed: 1 };
const QUICK: Plan = { width: 500, steps: 2500, scanSteps: 300, windows: 60, sweepWindows: 30, sharpnessEvery: 100, zoomSteps: 40, powerIterations: 8, seed: 1 };

type RunSettings = Pick<FusedSettings, 'optimizer' | 'learningRate' | 'adam' | 'hidden' | 'seed'>;

/** Ratio of the (preconditioned) sharpness to the optimizer's stability threshold, now. */
function edgeRatio(t: FusedTrainer, settings: RunSettings, plan: Plan): number {
  return sharpness(t, { iterations: plan.powerIterations }).value / stabilityThreshold(settings);
}

/** One long run: its spikes, its loss, and (with `watch`) the optimizer's state along the way. */
async function run(settings: RunSettings, plan: Plan, watch = false) {
  const t = await gridTrainer(settings);
  const losses = new Float32Array(plan.steps);
  const updateNorm = new Float64Array(plan.steps);
  const gradientNorm = new Float64Array(plan.steps);
  const medianRoot: number[] = [];
  const belowEpsilon: number[] = [];
  const ratioStep: number[] = [];
  const ratio: number[] = [];
  const late: number[] = []; // edge ratios over the second half
  const lateEvery = Math.max(1, Math.floor(plan.steps / 2 / 10));
  for (let k = 0; k < plan.steps; k++) {
    losses[k] = t.step(1)[0]!;
    const state = t.inspect();
    updateNorm[k] = state.updateNorm;
    gradientNorm[k] = state.gradientNorm;
    if (watch && (k + 1) % Math.ceil(plan.steps / plan.windows) === 0 && state.secondMoment) {
      medianRoot.push(state.secondMoment.medianRoot);
      belowEpsilon.push(state.secondMoment.fractionBelowEpsilon);
    }
    const series = watch && (k + 1) % plan.sharpnessEvery === 0;
    const sample = k >= plan.steps / 2 && (k + 1) % lateEvery === 0;
    if (series || sample) {
      const now = edgeRatio(t, settings, plan);
      if (series) {
        ratioStep.push(k + 1);
        ratio.push(now);
      }
      if (sample) late.push(now);
    }
  }
  const spikes = findSpikes(losses, DETECTOR);
  const pulse = spikes.filter((s) => s.peak >= WARMUP);
  const ripples = findSpikes(losses, RIPPLES).filter((s) => s.peak >= WARMUP);
  let early = 0;
  for (const s of spikes) if (s.peak < WARMUP) early = Math.max(early, s.height);
  const state = t.inspect();
  const result = {
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    ...(settings.adam ? { adam: settings.adam } : {}),
    finalLoss: losses[plan.steps - 1]!,
    lowestLoss: Math.min(...losses),
    spikes: summariseSpikes(pulse),
    ripples: summariseSpikes(ripples),
    /** Largest rise in the first steps (the initial plunge can overshoot): relative to its trough. */
    earlyRise: early,
    /** Sharpness over stability threshold in the second half: median and range of ten samples. */
    edgeRatio: { median: median(late), min: Math.min(...late), max: Math.max(...late) },
    fractionBelowEpsilon: state.secondMoment?.fractionBelowEpsilon ?? null,
  };
  return { result, losses, updateNorm, gradientNorm, medianRoot, belowEpsilon, ratioStep, ratio, trainer: t, spikeList: pulse };
}

/** Step by step through one surge of the main Adam run: loss, step size, gradient, edge ratio. */
async function zoom(settings: RunSettings, plan: Plan, around: number) {
  const t = await gridTrainer(settings);
  const from = Math.max(0, around - Math.floor(plan.zoomSteps / 2));
  t.step(from);
  const out = { step: [] as number[], loss: [] as number[], updateNorm: [] as number[], gradientNorm: [] as number[], edgeRatio: [] as number[] };
  for (let k = 0; k < plan.zoomSteps; k++) {
    const loss = t.step(1)[0]!;
    const state = t.inspect();
    out.step.push(from + k);
    out.loss.push(loss);
    out.updateNorm.push(state.updateNorm);
    out.gradientNorm.push(state.gradientNorm);
    out.edgeRatio.push(edgeRatio(t, settings, plan));
  }
  return out;
}

export const pulse: Study = {
  async run({ quick, log }) {
    const plan = quick ? QUICK : FULL;
    const hidden = [plan.width];
    const seed = plan.seed;

    // 1. A learning rate where each optimizer trains: the lowest loss after a short run.
    const scan: Record<string, Record<string, number | null>> = {};
    const chosen: Record<string, number> = {};
    for (const optimizer of ['adam', 'sgd', 'momentum', 'rmsprop'] as const satisfies readonly OptimizerName[]) {
      scan[optimizer] = {};
      let best = Infinity;
      for (const learningRate of RATES) {
        const t = await gridTrainer({ hidden, optimizer, learningRate, seed });
        const losses = t.step(plan.scanSteps);
        const end = losses[plan.scanSteps - 1]!;
        scan[optimizer][String(learningRate)] = Number.isFinite(end) ? end : null;
        if (end < best) {
          best = end;
          chosen[optimizer] = learningRate;
        }
      }
      log(`rate scan ${optimizer}: best ${chosen[optimizer]}`);
    }
    chosen['adam'] = ADAM_RATE;

    // 2. Each optimizer at its rate; the Adam run watched closely.
    const optimizers: Record<string, unknown> = {};
    const curves: Record<string, unknown> = {};
    let watched: Awaited<ReturnType<typeof run>> | null = null;
    for (const optimizer of ['adam', 'sgd', 'momentum', 'rmsprop'] as const) {
      const [r, seconds] = await timed(() => run({ hidden, optimizer, learningRate: chosen[optimizer]!, seed }, plan, optimizer === 'adam'));
      optimizers[optimizer] = r.result;
      curves[optimizer] = envelope(r.losses, plan.windows);
      if (optimizer === 'adam') watched = r;
      log(`${optimizer} (rate ${chosen[optimizer]}): ${r.result.spikes.count} spikes, ${seconds.toFixed(1)} s`);
    }
    const w = watched!;

    // 3. Adam's constants, one at a time.
    const sweep = async (name: string, values: readonly number[], make: (v: number) => NonNullable<FusedSettings['adam']>) => {
      const out: Record<string, unknown> = {};
      for (const v of values) {
        const [r, seconds] = await timed(() => run({ hidden, optimizer: 'adam', learningRate: ADAM_RATE, seed, adam: make(v) }, plan));
        out[String(v)] = { ...r.result, curve: envelope(r.losses, plan.sweepWindows) };
        log(`${name} = ${v}: ${r.result.spikes.count} spikes, median period ${r.result.spikes.medianPeriod}, ${seconds.toFixed(1)} s`);
      }
      return out;
    };
    const beta2 = await sweep('beta2', [0.9, 0.99, 0.999, 0.9999], (v) => ({ beta2: v }));
    const epsilon = await sweep('epsilon', [1e-8, 1e-7, 1e-4, 1e-2], (v) => ({ epsilon: v }));
    const beta1 = await sweep('beta1', [0, 0.5, 0.9], (v) => ({ beta1: v }));

    // 4. Other widths at their usual rates (the site's: 0.01 for 10 neurons, 0.003 above), and the
    // main run from other seeds.
    const widths: Record<string, unknown> = {};
    for (const width of WIDTHS) {
      const learningRate = width <= 10 ? 0.01 : ADAM_RATE;
      const r = await run({ hidden: [width], optimizer: 'adam', learningRate, seed }, plan);
      widths[String(width)] = r.result;
      log(`${width} neurons: ${r.result.spikes.count} spikes, ${r.result.ripples.count} above 3 %`);
    }
    const seeds: Record<string, unknown> = {};
    for (const other of OTHER_SEEDS) {
      const r = await run({ hidden, optimizer: 'adam', learningRate: ADAM_RATE, seed: other }, plan);
      seeds[String(other)] = r.result;
      log(`seed ${other}: ${r.result.spikes.count} spikes, median period ${r.result.spikes.medianPeriod}`);
    }

    // 5. One surge, step by step: the tallest spike of the second half of the main run.
    // (Without spikes, as a quick run may have none, the middle of the run.)
    const second = w.spikeList.filter((s) => s.peak >= plan.steps / 2);
    const pool = second.length ? second : w.spikeList;
    const peak = pool.length ? pool.reduce((p, q) => (q.height > p.height ? q : p)).peak : Math.floor(plan.steps / 2);
    const surge = await zoom({ hidden, optimizer: 'adam', learningRate: ADAM_RATE, seed }, plan, peak);
    log(`zoom around step ${peak}`);

    const sampled = (values: ArrayLike<number>) => envelope(values, plan.windows).max;
    return {
      settings: {
        target: 'circle',
        size: 64,
        width: plan.width,
        seed,
        steps: plan.steps,
        engine: 'fused-grid',
        batch: 'full',
        adamRate: ADAM_RATE,
        rateScan: { rates: RATES, steps: plan.scanSteps, chosen },
        detector: { ...DETECTOR, rippleThreshold: RIPPLES.threshold, warmup: WARMUP },
        widths: WIDTHS,
        otherSeeds: OTHER_SEEDS,
        sweepWindows: plan.sweepWindows,
        sharpness: { powerIterations: plan.powerIterations, every: plan.sharpnessEvery },
      },
      rateScan: scan,
      optimizers,
      beta2,
      epsilon,
      beta1,
      widths,
      seeds,
      series: {
        windows: plan.windows,
        losses: curves,
        adam: {
          step: envelope(w.updateNorm, plan.windows).step,
          updateNormMax: sampled(w.updateNorm),
          gradientNormMax: sampled(w.gradientNorm),
          medianRootV: w.medianRoot,
          fractionBelowEpsilon: w.belowEpsilon,
          edgeRatio: { step: w.ratioStep, value: w.ratio },
        },
      },
      surge: { peak, ...surge },
    };
  },
};
