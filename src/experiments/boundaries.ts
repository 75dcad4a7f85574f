/**
 * Boundary segments against creases: for the classifiers of the categories chapter, how the exact
 * decision boundary (src/core/boundaries.ts) sits on the network's creases
 * (src/core/boundarycreases.ts).
 *
 * - The disc as two classes, 500 neurons, cross-entropy with Adam: the same run as the categories
 *   study's (same settings and seed), measured at initialisation and at each of its checkpoints.
 * - The spirals (3 classes) and the cells (5), one hidden layer of 10, 50 or 500 neurons and three
 *   layers of 16: the same runs as the categories study's width and depth comparison (same
 *   settings, seed and steps), measured at their end.
 *
 * For each network: the boundary's segments; its bends (points where it crosses a fold), by the
 * layer of that fold; how many of the first layer's creases that cross the square carry at least
 * one bend, and that as a fraction of them; and the linear regions the boundary crosses against
 * all the regions in the square; how far the boundary turns at its bends. For the disc, also how
 * many of the creases pass through the target disc, and how many of those, and of the others,
 * carry a bend. A bend is put on a crease when the crease passes within ON_FOLD
 * (1e-7, in units of the plane whose square is 2 wide) of it.
 */
import { type BoundaryCreases, ON_FOLD, bendHistogram, boundaryCreases, creaseCrossesBox } from '../core/boundarycreases.ts';
import { CLASS_TARGETS, type ClassTargetName, classDataset } from '../core/classes.ts';
import { classReadout, crossEntropy } from '../core/loss.ts';
import type { Network } from '../core/mlp.ts';
import { median } from '../core/stats.ts';
import { DISC_RADIUS, type Dataset } from '../core/targets.ts';
import type { FusedSettings, FusedTrainer } from '../train/fused.ts';
import { createWasmTrainer } from '../train/wasm.ts';
import { CLASS_RUN, DEEP, EDGE, FULL, WIDTHS } from './categories.ts';
import { type Study, TRAINING_SIZE, gridTrainer } from './common.ts';

/**
 * The full study measures the categories study's own runs. The exact boundary of 500 neurons takes
 * tens of seconds (some 70,000 regions), so the quick version keeps to 50 neurons at most.
 */
const PLANS = {
  full: { disc: EDGE.hidden, discSteps: FULL.edgeSteps, widths: WIDTHS, classSteps: FULL.classSteps },
  quick: { disc: [50], discSteps: [30, 100], widths: [10, 50], classSteps: 40 },
} as const;

/** The value below which a fraction q of the values lie (the nearest rank), NaN for none. */
function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

const DEGREES = 180 / Math.PI;

/** What the boundary does on one network, with the network's accuracy on its training points. */
function measure(net: Network, accuracy: number, loss: number) {
  const r = boundaryCreases(net);
  if (!r) throw new Error('boundaries: no partition');
  return { r, row: row(r, net, accuracy, loss) };
}

function row(r: BoundaryCreases, net: Network, accuracy: number, loss: number) {
  return {
    accuracy,
    loss,
    segments: r.segments,
    bends: r.bends,
    straight: r.straight,
    /** How far the boundary turns at a bend, in degrees: the median and the 90th percentile. */
    turnMedian: median(r.turns) * DEGREES,
    turn90: quantile(r.turns, 0.9) * DEGREES,
    bendsByLayer: r.bendsByLayer,
    ends: r.ends,
    junctions: r.junctions,
    unplaced: r.unplaced,
    creases: r.creases,
    creasesWithBends: r.creasesWithBends,
    creaseFraction: r.creasesWithBends / r.creases,
    /** How many of the creases crossing the square carry 0, 1, 2, … bends. */
    bendsPerCrease: bendHistogram(r, net),
    regions: r.regions,
    crossed: r.crossed,
    crossedFraction: r.crossed / r.regions,
  };
}

/** The disc's cross-entropy run of the categories study, measured at initialisation and at each checkpoint. */
async function disc(hidden: readonly number[], steps: readonly number[]) {
  const data = classDataset('disc', TRAINING_SIZE);
  const t = await gridTrainer({ ...EDGE, hidden, loss: crossEntropy(2) }, data);
  const out = [];
  let done = 0;
  for (const s of [0, ...steps]) {
    t.step(s - done);
    done = s;
    const net = t.network();
    const readout = classReadout(t.predict(TRAINING_SIZE), data.targets, 2);
    const { r, row } = measure(net, readout.accuracy, t.loss());
    // The creases that pass through the target disc (nearer its centre than its radius), and how
    // many of them, and of the others, carry a bend.
    const first = net[0]!;
    let through = 0;
    let bentThrough = 0;
    let bentOutside = 0;
    for (let k = 0; k < first.outputs; k++) {
      const [a, b, c] = [first.weights[2 * k]!, first.weights[2 * k + 1]!, first.biases[k]!];
      if (!creaseCrossesBox(a, b, c)) continue;
      const inDisc = Math.abs(c) / Math.hypot(a, b) < DISC_RADIUS;
      if (inDisc) through++;
      if (r.bendsPerCrease[k]! > 0) {
        if (inDisc) bentThrough++;
        else bentOutside++;
      }
    }
    out.push({ steps: s, ...row, creasesThroughDisc: through, bentThroughDisc: bentThrough, bentOutsideDisc: bentOutside });
  }
  t.dispose();
  return out;
}

/** One run of the categories study's width and depth comparison, measured at its end. */
async function classRun(name: ClassTargetName, hidden: readonly number[], steps: number) {
  const data: Dataset = classDataset(name, TRAINING_SIZE);
  const K = CLASS_TARGETS[name].classes;
  const settings: FusedSettings = { ...CLASS_RUN, hidden, loss: crossEntropy(K) };
  const t: FusedTrainer = hidden.length === 1 ? await gridTrainer(settings, data) : await createWasmTrainer(settings, data);
  t.step(steps);
  const readout = classReadout(t.predict(TRAINING_SIZE), data.targets, K);
  const out = { hidden: [...hidden], ...measure(t.network(), readout.accuracy, t.loss()).row };
  t.dispose();
  return out;
}

export const boundaries: Study = {
  async run({ quick, log }) {
    const plan = quick ? PLANS.quick : PLANS.full;
    log(`boundaries: the disc, ${plan.disc[0]} neurons, ${plan.discSteps.at(-1)} steps`);
    const discRows = await disc(plan.disc, plan.discSteps);
    const classes: Record<string, Awaited<ReturnType<typeof classRun>>[]> = {};
    for (const name of ['spirals', 'cells'] as const) {
      classes[name] = [];
      for (const hidden of [...plan.widths.map((w) => [w]), DEEP]) {
        log(`boundaries: ${name}, hidden ${hidden.join('×')}, ${plan.classSteps} steps`);
        classes[name]!.push(await classRun(name, hidden, plan.classSteps));
      }
    }
    return {
      settings: {
        engine: 'fused-grid',
        target: 'circle',
        tolerance: ON_FOLD,
        disc: { ...EDGE, hidden: [...plan.disc], steps: [0, ...plan.discSteps], size: TRAINING_SIZE },
        widths: plan.widths,
        deep: DEEP,
        classRun: { ...CLASS_RUN, steps: plan.classSteps, deepEngine: 'wasm' },
      },
      disc: discRows,
      classes,
    };
  },
};
