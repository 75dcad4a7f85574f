/**
 * Between the samples: networks trained on a few pixels of a large picture of the ring, measured on
 * every other pixel. Three studies share the machinery here.
 *
 * - `samples` repeats the experiment of the post's third part: thirty hidden layers of thirty
 *   neurons (27,091 weights) trained on N = 5,000 … 312 random pixels of the ring drawn at
 *   1024 × 1024; `sampleswide` the same with one hidden layer of as many weights. Every N is
 *   trained for 1,000 steps with three seeds, then again for 6,000 steps, post 3's number of
 *   epochs (the first seed at every N, all three at the smallest).
 * - `memorise`: the same pixels told shuffled targets (Zhang et al. 2017): whether the networks fit
 *   them, how many steps that takes against the true targets, what they draw between the points.
 *   Adam's steps bounce once the loss is small, so these runs take a tenth of the learning rate for
 *   their second half (a step decay, as is usual when a network must fit its data exactly).
 * - `widthsweep`: one hidden layer from 2 to 1,024 neurons on a fixed set of pixels, with and
 *   without label noise; train and test error at the end, to look for an interpolation threshold
 *   and a second descent (Belkin et al. 2019; Nakkiran et al. 2019). Same step decay.
 *
 * Every run: Adam on the full batch (a step uses every training point, so a step is an epoch), the
 * batched WebAssembly engine (src/train/wasm.ts), the test set every pixel of the picture not
 * trained on, the curves' test loss measured on a coarser grid whose pixel centres are never
 * training pixels (a picture of size S and a grid of size S/4: the centres' numerators are odd
 * multiples of 1/S for the one and of 4/S for the other).
 */
import { layerSizes } from '../core/mlp.ts';
import {
  type Split,
  drawPicture,
  errorMap,
  flippedTargets,
  nearestNeighbourPicture,
  packPicture,
  pictureLoss,
  randomPixels,
  ringCoverage,
  scoreSplit,
  shuffledTargets,
  splitDataset,
  splitPicture,
} from '../core/samples.ts';
import { RING_INNER, RING_OUTER, TARGETS } from '../core/targets.ts';
import { type FusedTrainer } from '../train/fused.ts';
import { createWasmTrainer } from '../train/wasm.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Study, timed } from './common.ts';

/** A training loss below this counts as fitting the training points (1 % of a pixel's error, squared). */
export const FIT_LOSS = 1e-4;
/** Side of the small pictures kept in the results file. */
export const THUMB = 64;

/** Hidden widths with `weights` parameters: thirty layers of thirty, and one layer with as many. */
export const DEEP = Array.from({ length: 30 }, () => 30);
export function weightCount(hidden: readonly number[]): number {
  const sizes = layerSizes(hidden);
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  return count;
}
/** One hidden layer of w neurons has 4w + 1 weights: as many as the deep network, rounded down. */
export const WIDE = [Math.floor((weightCount(DEEP) - 1) / 4)];

export interface Network {
  readonly id: string;
  readonly hidden: readonly number[];
  readonly learningRate: number;
}

export interface RunPlan {
  readonly network: Network;
  readonly split: Split;
  readonly seed: number;
  readonly steps: number;
  /** Steps after which the test loss is measured on the coarse grid (the last is `steps`). */
  readonly checkpoints: readonly number[];
  /** Stop early once the training loss is below FIT_LOSS at a checkpoint. */
  readonly stopWhenFit?: boolean;
  /**
   * From this step on, the learning rate is a tenth (a step decay: the run goes on from its weights
   * in a fresh trainer, Adam's moments started afresh). Must be one of the checkpoints.
   */
  readonly decayAt?: number;
}

/** Checkpoints spread evenly on a log scale (1, 2, 5 per decade) up to `steps`, which always ends them. */
export function logCheckpoints(steps: number): number[] {
  const out: number[] = [];
  for (let decade = 10; decade < steps; decade *= 10) for (const m of [1, 2, 5]) if (m * decade < steps) out.push(m * decade);
  out.push(steps);
  return out;
}

/** The first step (counting from 1) whose loss is below `below`, or null. */
export function firstBelow(losses: ArrayLike<number>, below: number): number | null {
  for (let k = 0; k < losses.length; k++) if (losses[k]! < below) return k + 1;
  return null;
}

/**
 * One run of a study, computed or read back. EXPERIMENTS_CACHE names a folder where finished runs
 * are kept as JSON (unset: nothing is kept); EXPERIMENTS_KEYS, a regular expression over the runs'
 * names, limits which runs this invocation computes (the others are read back if kept, else
 * skipped: null). Several invocations with different EXPERIMENTS_KEYS can so share a study's work
 * on as many processes; one more without it then reads every run back and writes the results,
 * the same as a single invocation would. A kept run is found by its name and a digest of
 * everything it depends on.
 */
export async function runOnce<T extends { readonly engine: string }>(study: string, name: string, depends: unknown, compute: () => Promise<T>): Promise<T | null> {
  const dir = process.env['EXPERIMENTS_CACHE'];
  const only = process.env['EXPERIMENTS_KEYS'];
  const digest = createHash('sha256').update(JSON.stringify(depends)).digest('hex').slice(0, 16);
  const file = dir ? `${dir}/${study}/${name}-${digest}.json` : null;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
  if (only && !new RegExp(only).test(`${study}/${name}`)) return null;
  const result = await compute();
  if (file) {
    mkdirSync(`${dir}/${study}`, { recursive: true });
    writeFileSync(file, JSON.stringify(result));
  }
  return result;
}

/** Trains one network on one split and measures it. */
export async function trainRun(plan: RunPlan) {
  const { network, split, seed } = plan;
  const size = split.picture.width;
  const coarse = size / 4;
  if (!Number.isInteger(coarse)) throw new Error(`a picture side divisible by 4, not ${size}`);
  const coarsePicture = drawPicture(TARGETS.ring, coarse);
  const data = splitDataset(split);
  const settings = { hidden: network.hidden, optimizer: 'adam', learningRate: network.learningRate, batchSize: 0, seed } as const;
  let t: FusedTrainer = await createWasmTrainer(settings, data);
  if (plan.decayAt !== undefined && !plan.checkpoints.includes(plan.decayAt)) throw new Error(`the decay at ${plan.decayAt} is not a checkpoint`);
  const losses = new Float32Array(plan.steps);
  const curve = { step: [0] as number[], train: [t.loss()] as number[], test: [pictureLoss(coarsePicture, t.predict(coarse))] as number[] };
  let done = 0;
  for (const c of plan.checkpoints) {
    losses.set(t.step(c - done), done);
    done = c;
    curve.step.push(c);
    curve.train.push(t.loss());
    curve.test.push(pictureLoss(coarsePicture, t.predict(coarse)));
    if (plan.stopWhenFit && curve.train[curve.train.length - 1]! < FIT_LOSS) break;
    if (c === plan.decayAt) {
      const slower = await createWasmTrainer({ ...settings, learningRate: settings.learningRate / 10 }, data);
      slower.setNetwork(t.network());
      t.dispose();
      t = slower;
    }
  }
  const prediction = t.predict(size);
  const scores = scoreSplit(split, prediction);
  const coverage = ringCoverage(prediction, size, RING_INNER, RING_OUTER);
  const thumb = t.predict(THUMB);
  const engine = t.backend;
  t.dispose();
  return {
    engine,
    steps: done,
    fitStep: firstBelow(losses.subarray(0, done), FIT_LOSS),
    ...scores,
    whole: coverage.whole,
    leastSector: coverage.least,
    curve,
    picture: packPicture(thumb),
    prediction,
  };
}

type Run = Awaited<ReturnType<typeof trainRun>>;

type Kept = Omit<Run, 'prediction' | 'engine' | 'picture'> & { readonly picture: string | null };

/**
 * A run as the results file keeps it: no full-size prediction, the picture only when asked (else
 * null, so every run has the same keys whichever seeds a quick run keeps pictures for).
 */
function kept(run: Run, withPicture: boolean): Kept {
  const { prediction: _, picture, engine: __, ...rest } = run;
  return { ...rest, picture: withPicture ? picture : null };
}

type Row = Kept & {
  readonly network: string;
  readonly count: number;
  readonly seed: number;
};

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, min: sorted[0]!, max: sorted[sorted.length - 1]! };
};

// ── post 3 ──────────────────────────────────────────────────────────────────────────────────────

interface SamplesPlan {
  readonly size: number;
  readonly counts: readonly number[];
  readonly seeds: readonly number[];
  /** Sets larger than this are trained on the first seed only (they cost the most steps). */
  readonly allSeedsUpTo: number;
  readonly steps: number;
  readonly longSteps: number;
  readonly networks: readonly Network[];
}

/** The seeds a set of `count` pixels is trained with. */
export function seedsFor(plan: { readonly seeds: readonly number[]; readonly allSeedsUpTo: number }, count: number): readonly number[] {
  return count <= plan.allSeedsUpTo ? plan.seeds : plan.seeds.slice(0, 1);
}

const DEEP_NETWORK: Network = { id: 'deep', hidden: DEEP, learningRate: 0.001 };
const WIDE_NETWORK: Network = { id: 'wide', hidden: WIDE, learningRate: 0.001 };

const SAMPLES_FULL: SamplesPlan = {
  size: 1024,
  counts: [5000, 2500, 1250, 625, 312],
  seeds: [1, 2, 3],
  allSeedsUpTo: 5000,
  steps: 1000,
  // Post 3's 6,000 epochs (a step uses every training point, so a step is an epoch).
  longSteps: 6000,
  networks: [DEEP_NETWORK, WIDE_NETWORK],
};
const SAMPLES_QUICK: SamplesPlan = {
  size: 256,
  counts: [300, 150],
  seeds: [1, 2],
  allSeedsUpTo: 150,
  steps: 40,
  longSteps: 80,
  networks: [
    { id: 'deep', hidden: [8, 8, 8], learningRate: 0.003 },
    { id: 'wide', hidden: [Math.floor((weightCount([8, 8, 8]) - 1) / 4)], learningRate: 0.003 },
  ],
};

/** The longer runs, as [count, seed]: every count with the first seed, then the smallest with the others. */
export function longRunsOf(plan: Pick<SamplesPlan, 'counts' | 'seeds'>): [number, number][] {
  const smallest = plan.counts[plan.counts.length - 1]!;
  return [...plan.counts.map((c): [number, number] => [c, plan.seeds[0]!]), ...plan.seeds.slice(1).map((s): [number, number] => [smallest, s])];
}

function ringSplit(size: number, count: number, seed: number): Split {
  return splitPicture(drawPicture(TARGETS.ring, size), randomPixels(size, count, seed));
}

/**
 * The study for some of the networks: `samples` runs post 3's deep network, `sampleswide` the wide
 * layer with as many weights (two studies, so that they can run side by side; SamplesResults.astro
 * puts them back together).
 */
function samplesStudy(ids: readonly string[], counts?: readonly number[]): Study {
  return {
    run: (options) => {
      const plan = options.quick ? SAMPLES_QUICK : SAMPLES_FULL;
      const kept = options.quick || !counts ? plan.counts : counts;
      return runSamples({ ...plan, counts: kept, networks: plan.networks.filter((n) => ids.includes(n.id)) }, options.log);
    },
  };
}
export const samples = samplesStudy(['deep']);
export const sampleswide = samplesStudy(['wide']);

async function runSamples(plan: SamplesPlan, log: (message: string) => void) {
  {
    let engine = '';
    const runs: (Row & { lookupTestLoss: number })[] = [];
    for (const network of plan.networks) {
      for (const count of plan.counts) {
        for (const seed of seedsFor(plan, count)) {
          const depends = { network, size: plan.size, count, seed, steps: plan.steps, picture: seed === plan.seeds[0] };
          const row = await runOnce('samples', `${network.id}-${count}-s${seed}`, depends, async () => {
            const split = ringSplit(plan.size, count, seed);
            const [run, seconds] = await timed(() => trainRun({ network, split, seed, steps: plan.steps, checkpoints: logCheckpoints(plan.steps) }));
            log(`${network.id}, ${count} points, seed ${seed}: test loss ${run.testLoss.toFixed(4)}, ring ${run.whole ? 'whole' : 'broken'} (${seconds.toFixed(0)} s)`);
            // The same pixels coloured like their nearest training pixel: the plainest guess between them.
            const lookup = scoreSplit(split, nearestNeighbourPicture(split));
            return { engine: run.engine, network: network.id, count, seed, ...kept(run, seed === plan.seeds[0]), lookupTestLoss: lookup.testLoss };
          });
          if (!row) continue;
          const { engine: used, ...rest } = row;
          engine = used;
          runs.push({ ...rest, picture: rest.picture ?? null });
        }
      }
    }
    // (A run kept from before every run had a picture key reads back without one: null, as now.)
    // Trained for longer (post 3's length): every N with the first seed, the smallest with all.
    const long: Row[] = [];
    for (const network of plan.networks) {
      for (const [count, seed] of longRunsOf(plan)) {
        const depends = { network, size: plan.size, count, seed, steps: plan.longSteps, picture: seed === plan.seeds[0] };
        const row = await runOnce('samples', `${network.id}-${count}-s${seed}-long`, depends, async () => {
          const split = ringSplit(plan.size, count, seed);
          const [run, seconds] = await timed(() => trainRun({ network, split, seed, steps: plan.longSteps, checkpoints: logCheckpoints(plan.longSteps) }));
          log(`${network.id}, ${count} points, ${plan.longSteps} steps, seed ${seed}: test loss ${run.testLoss.toFixed(4)}, ring ${run.whole ? 'whole' : 'broken'} (${seconds.toFixed(0)} s)`);
          return { engine: run.engine, network: network.id, count, seed, ...kept(run, seed === plan.seeds[0]) };
        });
        if (!row) continue;
        const { engine: _, ...rest } = row;
        long.push({ ...rest, picture: rest.picture ?? null });
      }
    }
    // Per network and number of pixels: how many seeds, their losses, and how many drew the ring whole.
    const summarise = <R extends Row>(rows: readonly R[], more: (mine: R[]) => object) =>
      plan.networks.flatMap((network) =>
        plan.counts.map((count) => {
          const mine = rows.filter((r) => r.network === network.id && r.count === count);
          return {
            network: network.id,
            count,
            seeds: mine.length,
            trainLoss: stats(mine.map((r) => r.trainLoss)),
            testLoss: stats(mine.map((r) => r.testLoss)),
            whole: mine.filter((r) => r.whole).length,
            ...more(mine),
          };
        }),
      );
    const summary = summarise(runs, (mine) => ({
      testAccuracy: stats(mine.map((r) => r.testAccuracy ?? NaN)),
      fitStep: stats(mine.map((r) => r.fitStep ?? NaN)),
      lookupTestLoss: stats(mine.map((r) => r.lookupTestLoss)),
    }));
    const longSummary = summarise(long, () => ({}));
    return {
      settings: {
        target: 'ring',
        ring: { inner: RING_INNER, outer: RING_OUTER },
        size: plan.size,
        coarseSize: plan.size / 4,
        thumb: THUMB,
        counts: plan.counts,
        seeds: plan.seeds,
        allSeedsUpTo: plan.allSeedsUpTo,
        steps: plan.steps,
        longSteps: plan.longSteps,
        optimizer: 'adam',
        batch: 'full',
        engine,
        fitLoss: FIT_LOSS,
        sectors: 32,
        networks: plan.networks.map((n) => ({ ...n, weights: weightCount(n.hidden), label: label(n.hidden) })),
      },
      summary,
      runs,
      long,
      longSummary,
    };
  }
}

/** "2 → 30 layers of 30 → 1" or "2 → 6,772 → 1". */
function label(hidden: readonly number[]): string {
  if (hidden.length > 3 && hidden.every((w) => w === hidden[0])) return `2 → ${hidden.length} layers of ${hidden[0]} → 1`;
  return `2 → ${hidden.map((w) => w.toLocaleString('en-US')).join(' → ')} → 1`;
}

// ── memorisation ────────────────────────────────────────────────────────────────────────────────

interface MemorisePlan {
  readonly size: number;
  readonly counts: readonly number[];
  readonly seeds: readonly number[];
  readonly maxSteps: number;
  readonly networks: readonly Network[];
}

const MEMORISE_FULL: MemorisePlan = {
  size: 1024,
  counts: [312],
  seeds: [1, 2],
  maxSteps: 4000,
  networks: SAMPLES_FULL.networks,
};
const MEMORISE_QUICK: MemorisePlan = { size: 256, counts: [150], seeds: [1], maxSteps: 100, networks: SAMPLES_QUICK.networks };

export const memorise: Study = {
  async run({ quick, log }) {
    const plan = quick ? MEMORISE_QUICK : MEMORISE_FULL;
    let engine = '';
    const runs: (Row & { targets: 'ring' | 'shuffled'; lookupTestLoss: number; fromLookup: number; meanTestError: number })[] = [];
    for (const network of plan.networks) {
      for (const count of plan.counts) {
        for (const seed of plan.seeds) {
          for (const targets of ['ring', 'shuffled'] as const) {
            const depends = { network, size: plan.size, count, seed, targets, maxSteps: plan.maxSteps, picture: seed === plan.seeds[0] };
            const row = await runOnce('memorise', `${network.id}-${count}-s${seed}-${targets}`, depends, async () => {
              const picture = drawPicture(TARGETS.ring, plan.size);
              const pixels = randomPixels(plan.size, count, seed);
              const truth = Float32Array.from(pixels, (k) => picture.data[k]!);
              const split = splitPicture(picture, pixels, targets === 'ring' ? truth : shuffledTargets(truth, seed + 1000));
              const [run, seconds] = await timed(() =>
                trainRun({ network, split, seed, steps: plan.maxSteps, checkpoints: logCheckpoints(plan.maxSteps), stopWhenFit: true, decayAt: plan.maxSteps / 2 }),
              );
              // What a lookup of the nearest training point would draw, and how far the network is from it.
              const lookup = nearestNeighbourPicture(split);
              const lookupScores = scoreSplit(split, lookup);
              let apart = 0;
              for (let k = 0; k < lookup.length; k++) if (!split.inTraining[k]) apart += (run.prediction[k]! - lookup[k]!) ** 2;
              log(`${network.id}, ${count} points, ${targets}, seed ${seed}: fit at ${run.fitStep ?? 'never'} (${seconds.toFixed(0)} s)`);
              return {
                engine: run.engine,
                network: network.id,
                count,
                seed,
                targets,
                ...kept(run, seed === plan.seeds[0]),
                lookupTestLoss: lookupScores.testLoss,
                fromLookup: apart / (lookup.length - count),
                // The mean error over the test pixels: how far the in-between values stray from the ring.
                meanTestError: meanOf(errorMap(split.picture, run.prediction), split.inTraining),
              };
            });
            if (!row) continue;
            const { engine: used, ...rest } = row;
            engine = used;
            runs.push({ ...rest, picture: rest.picture ?? null });
          }
        }
      }
    }
    const summary = plan.networks.flatMap((network) =>
      plan.counts.flatMap((count) =>
        (['ring', 'shuffled'] as const).map((targets) => {
          const mine = runs.filter((r) => r.network === network.id && r.count === count && r.targets === targets);
          return {
            network: network.id,
            count,
            targets,
            fitted: mine.filter((r) => r.fitStep !== null).length,
            fitStep: stats(mine.map((r) => r.fitStep ?? NaN)),
            trainLoss: stats(mine.map((r) => r.trainLoss)),
            testLoss: stats(mine.map((r) => r.testLoss)),
            lookupTestLoss: stats(mine.map((r) => r.lookupTestLoss)),
            fromLookup: stats(mine.map((r) => r.fromLookup)),
          };
        }),
      ),
    );
    return {
      settings: {
        target: 'ring',
        size: plan.size,
        counts: plan.counts,
        seeds: plan.seeds,
        maxSteps: plan.maxSteps,
        decayAt: plan.maxSteps / 2,
        optimizer: 'adam',
        batch: 'full',
        engine,
        fitLoss: FIT_LOSS,
        shuffle: 'the training targets permuted among the training pixels (seed + 1000)',
        networks: plan.networks.map((n) => ({ ...n, weights: weightCount(n.hidden), label: label(n.hidden) })),
      },
      summary,
      runs,
    };
  },
};

function meanOf(values: Float32Array, skip: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (let k = 0; k < values.length; k++) {
    if (skip[k]) continue;
    s += values[k]!;
    n++;
  }
  return s / n;
}

// ── width sweep ─────────────────────────────────────────────────────────────────────────────────

interface SweepPlan {
  readonly size: number;
  readonly count: number;
  readonly widths: readonly number[];
  readonly noises: readonly number[];
  readonly seeds: readonly number[];
  readonly steps: number;
  readonly learningRate: number;
}

const SWEEP_FULL: SweepPlan = {
  size: 1024,
  count: 312,
  // Two per octave: 2, 3, 4, 6, 8, 12, … 3,072, 4,096.
  widths: Array.from({ length: 23 }, (_, k) => (k % 2 ? 3 : 2) * 2 ** Math.floor(k / 2)),
  noises: [0, 0.2],
  seeds: [1, 2],
  steps: 5000,
  learningRate: 0.01,
};
const SWEEP_QUICK: SweepPlan = { size: 256, count: 100, widths: [2, 16, 64], noises: [0, 0.2], seeds: [1], steps: 40, learningRate: 0.01 };

export const widthsweep: Study = {
  async run({ quick, log }) {
    const plan = quick ? SWEEP_QUICK : SWEEP_FULL;
    let engine = '';
    const runs: {
      noise: number;
      width: number;
      seed: number;
      weights: number;
      trainLoss: number;
      testLoss: number;
      trainAccuracy: number | null;
      testAccuracy: number | null;
      fitStep: number | null;
      picture: string | null;
    }[] = [];
    for (const noise of plan.noises) {
      for (const width of plan.widths) {
        const [, seconds] = await timed(async () => {
          for (const seed of plan.seeds) {
            const depends = { width, noise, size: plan.size, count: plan.count, seed, steps: plan.steps, learningRate: plan.learningRate, picture: seed === plan.seeds[0] };
            const row = await runOnce('widthsweep', `${noise}-${width}-s${seed}`, depends, async () => {
              const picture = drawPicture(TARGETS.ring, plan.size);
              const pixels = randomPixels(plan.size, plan.count, seed);
              const truth = Float32Array.from(pixels, (k) => picture.data[k]!);
              const split = splitPicture(picture, pixels, flippedTargets(truth, noise, seed + 2000));
              const network = { id: `${width}`, hidden: [width], learningRate: plan.learningRate };
              const run = await trainRun({ network, split, seed, steps: plan.steps, checkpoints: [plan.steps / 2, plan.steps], decayAt: plan.steps / 2 });
              return {
                engine: run.engine,
                noise,
                width,
                seed,
                weights: weightCount([width]),
                trainLoss: run.trainLoss,
                testLoss: run.testLoss,
                trainAccuracy: run.trainAccuracy,
                testAccuracy: run.testAccuracy,
                fitStep: run.fitStep,
                picture: seed === plan.seeds[0] ? run.picture : null,
              };
            });
            if (!row) continue;
            const { engine: used, ...rest } = row;
            engine = used;
            runs.push({ ...rest, picture: rest.picture ?? null });
          }
        });
        log(`noise ${noise}, ${width} neurons: ${seconds.toFixed(0)} s`);
      }
    }
    const summary = plan.noises.flatMap((noise) =>
      plan.widths.map((width) => {
        const mine = runs.filter((r) => r.noise === noise && r.width === width);
        return {
          noise,
          width,
          weights: weightCount([width]),
          trainLoss: stats(mine.map((r) => r.trainLoss)),
          testLoss: stats(mine.map((r) => r.testLoss)),
          testAccuracy: stats(mine.map((r) => r.testAccuracy ?? NaN)),
        };
      }),
    );
    return {
      settings: {
        target: 'ring',
        size: plan.size,
        count: plan.count,
        widths: plan.widths,
        noises: plan.noises,
        noise: 'that fraction of the training pixels told the opposite brightness (seed + 2000)',
        seeds: plan.seeds,
        steps: plan.steps,
        decayAt: plan.steps / 2,
        optimizer: 'adam',
        learningRate: plan.learningRate,
        batch: 'full',
        engine,
        fitLoss: FIT_LOSS,
      },
      summary,
      runs,
    };
  },
};
