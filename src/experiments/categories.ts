/**
 * Categories: what changes when the disc is learnt as two classes with softmax cross-entropy
 * instead of as a brightness with squared error, and how networks of several widths and depths
 * learn targets of three and five classes.
 *
 * - Edge: 500 neurons, Adam, the same seed for both losses. The rim's 10–90 % width (src/core/edge.ts,
 *   in pixels of the 64×64 training grid, measured on a 256×256 picture) of the brightness for
 *   squared error and of the probability of "inside" for cross-entropy; also of the hard decision
 *   (inside where that probability passes ½), whose ring-averaged width only says how far the
 *   drawn boundary strays from a circle. At each checkpoint a 64×64 picture of the brightness or
 *   of the probability is kept (packed, src/core/samples.ts) for the figure that sets them side by side.
 * - Logit growth: along the cross-entropy run, the mean margin between the two logits on the
 *   training points, the largest logit, the norms of the last layer and of all weights; and the
 *   same run with plain gradient descent instead of Adam.
 * - Width and depth: spirals (3 classes) and cells (5), one hidden layer of 10, 50 or 500 neurons
 *   against three hidden layers of 16; accuracy and loss on the training points.
 */
import { CLASS_TARGETS, type ClassTargetName, classDataset } from '../core/classes.ts';
import { radialProfile, riseWidth } from '../core/edge.ts';
import { classReadout, crossEntropy } from '../core/loss.ts';
import { packPicture } from '../core/samples.ts';
import type { Dataset } from '../core/targets.ts';
import type { FusedSettings, FusedTrainer } from '../train/fused.ts';
import { createWasmTrainer } from '../train/wasm.ts';
import { type Study, TRAINING_SIZE, circle, gridTrainer, timed } from './common.ts';

const FINE = 256;
/** Side of the small pictures kept at each checkpoint (packed, src/core/samples.ts). */
const THUMB = 64;
/** The disc's radius in training pixels. */
const RADIUS = TRAINING_SIZE / 4;

interface Plan {
  readonly edgeSteps: readonly number[];
  readonly classSteps: number;
}
export const FULL: Plan = { edgeSteps: [30, 100, 300, 1000, 3000, 10000], classSteps: 2000 };
const QUICK: Plan = { edgeSteps: [10, 30, 100], classSteps: 40 };

export const EDGE = { hidden: [500], optimizer: 'adam', learningRate: 0.003, seed: 1 } as const;
/** Plain gradient descent on the same run, for the growth of the logits without Adam's scaling. */
const DESCENT = { optimizer: 'sgd', learningRate: 1 } as const;
export const WIDTHS = [10, 50, 500];
export const DEEP = [16, 16, 16];
export const CLASS_RUN = { optimizer: 'adam', learningRate: 0.003, seed: 1, batchSize: 0 } as const;

/** 10–90 % width of a 256×256 picture's radial profile, in training pixels. */
function rim(picture: ArrayLike<number>): number {
  const scale = FINE / TRAINING_SIZE;
  return riseWidth(radialProfile(picture, FINE), { edge: RADIUS * scale }).width / scale;
}

function norm(values: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k]! ** 2;
  return Math.sqrt(s);
}

/** Squared error on the disc: rim width, loss and a small picture of the brightness at each checkpoint. */
async function squaredError(steps: readonly number[]) {
  const t = await gridTrainer(EDGE);
  const out = [];
  let done = 0;
  for (const s of steps) {
    t.step(s - done);
    done = s;
    out.push({ steps: s, loss: t.loss(), width256: rim(t.predict(FINE)), picture: packPicture(t.predict(THUMB)) });
  }
  return out;
}

/** The probability of "inside" (class 1) at each pixel of a two-class network's logits. */
function inside(logits: ArrayLike<number>): Float64Array {
  const p = new Float64Array(logits.length / 2);
  for (let q = 0; q < p.length; q++) p[q] = 1 / (1 + Math.exp(logits[2 * q]! - logits[2 * q + 1]!));
  return p;
}

/**
 * Cross-entropy on the disc as two classes: rim widths, accuracy, margins and norms at each
 * checkpoint (Adam as for squared error, or other settings, e.g. plain gradient descent), and when
 * asked a small picture of the probability of "inside" (else null).
 */
async function crossEntropyRun(steps: readonly number[], over: Partial<FusedSettings> = {}, pictures = false) {
  const data = classDataset('disc', TRAINING_SIZE);
  const t = await gridTrainer({ ...EDGE, loss: crossEntropy(2), ...over }, data);
  const out = [];
  let done = 0;
  for (const s of steps) {
    t.step(s - done);
    done = s;
    const fine = t.predict(FINE);
    const p = inside(fine);
    const hard = new Float64Array(FINE * FINE);
    for (let q = 0; q < p.length; q++) hard[q] = fine[2 * q + 1]! - fine[2 * q]! > 0 ? 1 : 0;
    const logits = t.predict(TRAINING_SIZE);
    const r = classReadout(logits, data.targets, 2);
    let largest = 0;
    for (let q = 0; q < logits.length; q++) largest = Math.max(largest, Math.abs(logits[q]!));
    const net = t.network();
    out.push({
      steps: s,
      loss: t.loss(),
      accuracy: r.accuracy,
      width256: rim(p),
      hardWidth256: rim(hard),
      margin: r.margin,
      signedMargin: r.signedMargin,
      largestLogit: largest,
      lastNorm: norm(net[1]!.weights),
      firstNorm: norm(net[0]!.weights),
      weightNorm: norm(t.parameters()),
      picture: pictures ? packPicture(inside(t.predict(THUMB))) : null,
    });
  }
  return out;
}

/** One run on a class target: accuracy, loss and margin after `steps`, with its engine. */
async function classRun(name: ClassTargetName, hidden: readonly number[], steps: number) {
  const data: Dataset = classDataset(name, TRAINING_SIZE);
  const K = CLASS_TARGETS[name].classes;
  const settings: FusedSettings = { ...CLASS_RUN, hidden, loss: crossEntropy(K) };
  const t: FusedTrainer = hidden.length === 1 ? await gridTrainer(settings, data) : await createWasmTrainer(settings, data);
  const [, seconds] = await timed(() => t.step(steps));
  const r = classReadout(t.predict(TRAINING_SIZE), data.targets, K);
  const parameters = t.parameters().length;
  t.dispose();
  return { hidden: [...hidden], parameters, engine: t.backend, loss: t.loss(), accuracy: r.accuracy, margin: r.margin, seconds };
}

export const categories: Study = {
  async run({ quick, log }) {
    const plan = quick ? QUICK : FULL;
    log(`categories: squared error on the disc, ${plan.edgeSteps.at(-1)} steps`);
    const [mse, mseSeconds] = await timed(() => squaredError(plan.edgeSteps));
    log(`categories: cross-entropy on the disc, ${plan.edgeSteps.at(-1)} steps`);
    const [ce, ceSeconds] = await timed(() => crossEntropyRun(plan.edgeSteps, {}, true));
    log(`categories: cross-entropy on the disc with plain gradient descent, ${plan.edgeSteps.at(-1)} steps`);
    const [gd, gdSeconds] = await timed(() => crossEntropyRun(plan.edgeSteps, DESCENT));
    const classes: Record<string, Awaited<ReturnType<typeof classRun>>[]> = {};
    for (const name of ['spirals', 'cells'] as const) {
      classes[name] = [];
      for (const hidden of [...WIDTHS.map((w) => [w]), DEEP]) {
        log(`categories: ${name}, hidden ${hidden.join('×')}, ${plan.classSteps} steps`);
        classes[name]!.push(await classRun(name, hidden, plan.classSteps));
      }
    }
    // How fast the margin grows late in the run, per factor e of the step count.
    const last = ce.at(-1)!;
    const before = ce.at(-3)!;
    const perLog = (a: number, b: number): number => (a - b) / Math.log(last.steps / before.steps);
    const gdLast = gd.at(-1)!;
    const gdBefore = gd.at(-3)!;
    return {
      settings: {
        engine: 'fused-grid',
        target: 'circle',
        classTargets: ['disc', 'spirals', 'cells'],
        edge: { ...EDGE, hidden: [...EDGE.hidden], steps: plan.edgeSteps, size: TRAINING_SIZE, fine: FINE, thumb: THUMB },
        descent: DESCENT,
        widths: WIDTHS,
        deep: DEEP,
        classRun: { ...CLASS_RUN, steps: plan.classSteps, deepEngine: 'wasm' },
        circleTargets: circle().targets.length,
      },
      edge: { mse, crossEntropy: ce, descent: gd },
      growth: {
        from: before.steps,
        to: last.steps,
        marginPerLog: perLog(last.margin, before.margin),
        lastNormPerLog: perLog(last.lastNorm, before.lastNorm),
        weightNormPerLog: perLog(last.weightNorm, before.weightNorm),
        marginRatio: last.margin / before.margin,
        lossRatio: last.loss / before.loss,
        descent: {
          marginPerLog: perLog(gdLast.margin, gdBefore.margin),
          lastNormPerLog: perLog(gdLast.lastNorm, gdBefore.lastNorm),
          weightNormPerLog: perLog(gdLast.weightNorm, gdBefore.weightNorm),
          marginRatio: gdLast.margin / gdBefore.margin,
          lossRatio: gdLast.loss / gdBefore.loss,
        },
      },
      classes,
      seconds: { mse: mseSeconds, crossEntropy: ceSeconds, descent: gdSeconds },
    };
  },
};
