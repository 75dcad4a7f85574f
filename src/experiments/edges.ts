/**
 * Soft edges: how wide the drawn disc's rim is (10–90 % rise width of its radial profile, in pixels
 * of the 64×64 training grid, src/core/edge.ts) as the network widens, trains longer, takes larger
 * steps, or pays for large weights (L2 weight decay). Measured on the prediction at the training
 * grid's own pixel centres and on a 256×256 prediction (the network's guess between samples,
 * converted to training pixels).
 */
import { radialProfile, riseWidth } from '../core/edge.ts';
import { disc } from '../core/targets.ts';
import { pixelCentre } from '../core/coords.ts';
import type { FusedSettings, FusedTrainer } from '../train/fused.ts';
import { type Study, TRAINING_SIZE, circle, fullBatchTrainer, timed } from './common.ts';

/** The disc's radius in training pixels: 0.5 of the half-width 1, at 32 pixels per unit. */
const RADIUS = TRAINING_SIZE / 4;
const FINE = 256;
/** Pixels this close to the rim (in training pixels) count as the rim for `rimShare`. */
const RIM = 2;

interface Plan {
  readonly widthSteps: readonly number[];
  readonly longSteps: readonly number[];
  readonly sweepSteps: readonly number[];
}
const FULL: Plan = { widthSteps: [1000, 3000, 10000], longSteps: [30, 100, 300, 1000, 3000, 10000, 30000], sweepSteps: [1000, 10000] };
const QUICK: Plan = { widthSteps: [100, 300], longSteps: [30, 100, 300], sweepSteps: [100, 300] };

const WIDTHS = [10, 30, 100, 300, 1000, 2000];
const RATES = [0.001, 0.003, 0.01, 0.03];
const DECAYS = [0, 1e-5, 1e-4, 1e-3];
const BASE = { optimizer: 'adam', learningRate: 0.003, seed: 1 } as const;

/** How far the rim pixels are from the centre, and which pixels count as the rim. */
const rim = (() => {
  const n = TRAINING_SIZE;
  const near = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [x, y] = pixelCentre(i, j, n);
      near[i * n + j] = Math.abs(Math.hypot(x, y) * (n / 2) - RADIUS) < RIM ? 1 : 0;
    }
  }
  return near;
})();

/** The rim's width and shape, and where the remaining error sits. */
export function measure(t: FusedTrainer, steps: number) {
  const coarse = t.predict(TRAINING_SIZE);
  const fine = t.predict(FINE);
  const p64 = radialProfile(coarse, TRAINING_SIZE);
  const p256 = radialProfile(fine, FINE);
  const w64 = riseWidth(p64, { edge: RADIUS });
  const scale = FINE / TRAINING_SIZE;
  const w256 = riseWidth(p256, { edge: RADIUS * scale });
  // Overshoot inside the rim and undershoot outside it, from the fine profile.
  let inside = -Infinity;
  let outside = Infinity;
  for (let k = 0; k < p256.radius.length; k++) {
    const r = p256.radius[k]! / scale;
    if (r < RADIUS - RIM) inside = Math.max(inside, p256.value[k]!);
    if (r > RADIUS + RIM) outside = Math.min(outside, p256.value[k]!);
  }
  const targets = circle().targets;
  let all = 0;
  let nearRim = 0;
  for (let p = 0; p < coarse.length; p++) {
    const e = (coarse[p]! - targets[p]!) ** 2;
    all += e;
    if (rim[p]) nearRim += e;
  }
  return {
    steps,
    loss: all / coarse.length,
    width64: w64.width,
    width256: w256.width / scale,
    middle256: w256.middle / scale,
    overshoot: inside - 1,
    undershoot: outside,
    rimShare: nearRim / all,
  };
}

/** How far above its recent low the loss may be for a checkpoint to count as between surges. */
const CALM = 1.05;
const LOOKBACK = 300;

/**
 * One run, measured at each checkpoint. Adam's loss surges now and then (see the pulse study); a
 * checkpoint that falls inside a surge is put off, step by step (at most LOOKBACK steps), until the
 * loss is back within 5 % of its lowest value over the last LOOKBACK steps. The step actually
 * measured is recorded.
 */
export async function follow(settings: Omit<FusedSettings, 'batchSize'>, checkpoints: readonly number[]) {
  const t = await fullBatchTrainer(settings);
  const out: ReturnType<typeof measure>[] = [];
  const recent: number[] = [];
  const take = (losses: Float32Array) => {
    for (const x of losses) recent.push(x);
    if (recent.length > LOOKBACK) recent.splice(0, recent.length - LOOKBACK);
  };
  for (const c of checkpoints) {
    if (c > t.steps) take(t.step(c - t.steps));
    for (let extra = 0; extra < LOOKBACK && recent.length && t.loss() > CALM * Math.min(...recent); extra++) take(t.step(1));
    out.push(measure(t, t.steps));
  }
  return out;
}

/** The target itself measured the same way: how sharp a perfect answer looks to these rulers. */
function targetWidths() {
  const picture = (n: number) => {
    const out = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = disc(...pixelCentre(i, j, n));
    return out;
  };
  return {
    width64: riseWidth(radialProfile(picture(TRAINING_SIZE), TRAINING_SIZE), { edge: RADIUS }).width,
    width256: riseWidth(radialProfile(picture(FINE), FINE), { edge: (RADIUS * FINE) / TRAINING_SIZE }).width / (FINE / TRAINING_SIZE),
  };
}

export const edges: Study = {
  async run({ quick, log }) {
    const plan = quick ? QUICK : FULL;
    const byWidth = [];
    for (const width of WIDTHS) {
      const [checkpoints, seconds] = await timed(() => follow({ ...BASE, hidden: [width] }, plan.widthSteps));
      byWidth.push({ width, checkpoints });
      log(`width ${width}: ${checkpoints[checkpoints.length - 1]!.width64.toFixed(2)} px, ${seconds.toFixed(1)} s`);
    }
    const [bySteps, longSeconds] = await timed(() => follow({ ...BASE, hidden: [500] }, plan.longSteps));
    log(`steps: ${bySteps.map((c) => c.width64.toFixed(2)).join(', ')} px, ${longSeconds.toFixed(1)} s`);
    const byRate = [];
    for (const learningRate of RATES) {
      byRate.push({ learningRate, checkpoints: await follow({ ...BASE, learningRate, hidden: [500] }, plan.sweepSteps) });
      log(`rate ${learningRate} done`);
    }
    const byDecay = [];
    for (const weightDecay of DECAYS) {
      byDecay.push({ weightDecay, checkpoints: await follow({ ...BASE, weightDecay, hidden: [500] }, plan.sweepSteps) });
      log(`weight decay ${weightDecay} done`);
    }
    return {
      settings: {
        target: 'circle',
        size: TRAINING_SIZE,
        fineSize: FINE,
        radiusPixels: RADIUS,
        ...BASE,
        engine: 'fused-grid',
        batch: 'full',
        widthsAt: { widths: WIDTHS, hidden500For: 'steps, rates and decays', checkpoints: plan.widthSteps },
        stepsCheckpoints: plan.longSteps,
        sweepCheckpoints: plan.sweepSteps,
        rates: RATES,
        decays: DECAYS,
        units: 'training-grid pixels (1/32 of the unit length)',
        levels: '10 % and 90 % of the way from 0 (outside) to 1 (inside), the target’s values',
        rimPixels: RIM,
        checkpointsBetweenSurges: { within: CALM, lookback: LOOKBACK },
      },
      target: targetWidths(),
      byWidth,
      bySteps,
      byRate,
      byDecay,
    };
  },
};
