/**
 * Bundling: do the creases gather in groups, although the disc looks the same from every side?
 * The angles of the creases' normals are compared with evenly random angles (nearest-neighbour
 * ratio, src/core/creasestats.ts) at initialisation and after training, for several scales of the
 * first layer's initial weights, and under three frames that would each break the disc's symmetry
 * differently if they mattered: the square pixel grid as trained everywhere else; the same grid with
 * the loss counted only inside the inscribed circle (no corners); and the grid turned by 45° while
 * the network's own axes, along which Adam scales each coordinate, stay put.
 */
import { creaseLines, clusteringTest, harmonic, histogram, nearestNeighbourRatio, pairRatio, wrapAngle } from '../core/creasestats.ts';
import { firstLayerCreases, type Network } from '../core/mlp.ts';
import { mean, median, standardDeviation } from '../core/stats.ts';
import type { FusedSettings } from '../train/fused.ts';
import { type Study, circle, gridTrainer, timed } from './common.ts';

const DEG = 180 / Math.PI;
/** Creases that pass within this distance of the centre, i.e. cross the inscribed disc. */
const MAX_OFFSET = 1;
const DRAWS = 200;
/** Bands of distance from the centre: just outside the disc's edge (radius 0.5), and inside it. */
const OUTER_SHELL = [0.5, 0.53] as const;
const INNER_SHELL = [0.38, 0.47] as const;

interface Plan {
  readonly width: number;
  readonly steps: number;
  readonly seeds: readonly number[];
  readonly checkpoints: readonly number[];
}
const FULL: Plan = { width: 500, steps: 10000, seeds: [1, 2, 3], checkpoints: [250, 500, 1000, 2000, 5000, 10000] };
const QUICK: Plan = { width: 100, steps: 600, seeds: [1, 2], checkpoints: [100, 300, 600] };

const SCALES = [0.25, 0.5, 1, 2, 4];
/** Scales also tried under the other frames and at the other width. */
const FRAME_SCALES = [0.25, 1];
const LEARNING_RATE = 0.003;

/** Per-sample weights: 1 on the pixels whose centre lies in the inscribed circle, 0 on the corners. */
function discMask(): Float32Array {
  const data = circle();
  return Float32Array.from({ length: data.targets.length }, (_, p) => (Math.hypot(data.inputs[2 * p]!, data.inputs[2 * p + 1]!) <= 1 ? 1 : 0));
}

const FRAMES: Record<string, () => Partial<FusedSettings>> = {
  grid: () => ({}),
  mask: () => ({ sampleWeights: discMask() }),
  rotated: () => ({ inputRotation: Math.PI / 4 }),
};

/** The statistics of one layer of creases. */
function describe(net: Network, seed: number) {
  const lines = creaseLines(firstLayerCreases(net), { maxOffset: MAX_OFFSET });
  const nn = clusteringTest(lines.angle, nearestNeighbourRatio, { clumpedIs: 'low', draws: DRAWS, seed });
  const four = harmonic(lines.angle, 4);
  const share = ([lo, hi]: readonly [number, number]) => lines.offset.filter((d) => Math.abs(d) >= lo && Math.abs(d) < hi).length / lines.offset.length;
  return {
    crossing: lines.angle.length,
    /** The ratio, and how it stands against as many uniform angles (whose ratio has mean ≈ 1). */
    nearestNeighbour: { value: nn.value, uniformSd: nn.uniformSd, z: nn.z, p: nn.p },
    /** Pairs closer than 1° over the uniform expectation. */
    pairRatio1deg: pairRatio(lines.angle, 1 / DEG),
    fourfold: { cos: four.cos, sin: four.sin },
    outerShell: share(OUTER_SHELL),
    innerShell: share(INNER_SHELL),
  };
}

/** Median turn of the creases that cross the disc, in degrees, between two networks. */
export function medianTurn(before: Network, after: Network): number {
  const a = creaseLines(firstLayerCreases(before));
  const b = creaseLines(firstLayerCreases(after), { maxOffset: MAX_OFFSET });
  const at = new Map<number, number>();
  a.neuron.forEach((k, q) => at.set(k, a.angle[q]!));
  const turns: number[] = [];
  b.neuron.forEach((k, q) => {
    const start = at.get(k);
    if (start === undefined) return;
    const d = Math.abs(wrapAngle(b.angle[q]! - start));
    turns.push(Math.min(d, 2 * Math.PI - d) * DEG);
  });
  return median(turns);
}

function roses(net: Network) {
  const lines = creaseLines(firstLayerCreases(net), { maxOffset: MAX_OFFSET });
  return { angle: Array.from(histogram(lines.angle, 36)), offset: Array.from(histogram(lines.offset, 48, -1.2, 1.2)) };
}

export const bundling: Study = {
  async run({ quick, log }) {
    const plan = quick ? QUICK : FULL;
    const runs: Record<string, unknown>[] = [];
    const trajectories: { scale: number; path: unknown }[] = [];
    const histograms: { scale: number; init: unknown; trained: unknown }[] = [];
    const conditions: { frame: string; scale: number; width: number }[] = [];
    for (const scale of SCALES) conditions.push({ frame: 'grid', scale, width: plan.width });
    for (const frame of ['mask', 'rotated']) for (const scale of FRAME_SCALES) conditions.push({ frame, scale, width: plan.width });
    const otherWidth = quick ? 30 : 100;
    for (const scale of FRAME_SCALES) conditions.push({ frame: 'grid', scale, width: otherWidth });

    for (const { frame, scale, width } of conditions) {
      const [, seconds] = await timed(async () => {
        for (const seed of plan.seeds) {
          const t = await gridTrainer({ hidden: [width], optimizer: 'adam', learningRate: LEARNING_RATE, seed, initScale: scale, ...FRAMES[frame]!() });
          const start = t.network();
          const watch = seed === plan.seeds[0] && frame === 'grid' && width === plan.width;
          const path: { step: number; nearestNeighbour: number }[] = [{ step: 0, nearestNeighbour: nearestNeighbourRatio(creaseLines(firstLayerCreases(start), { maxOffset: MAX_OFFSET }).angle) }];
          let done = 0;
          for (const c of watch ? plan.checkpoints : [plan.steps]) {
            t.step(c - done);
            done = c;
            if (watch) path.push({ step: c, nearestNeighbour: nearestNeighbourRatio(creaseLines(firstLayerCreases(t.network()), { maxOffset: MAX_OFFSET }).angle) });
          }
          const end = t.network();
          runs.push({ frame, scale, width, seed, loss: t.loss(), medianTurnDeg: medianTurn(start, end), init: describe(start, seed), trained: describe(end, seed) });
          if (watch) {
            trajectories.push({ scale, path });
            histograms.push({ scale, init: roses(start), trained: roses(end) });
          }
        }
      });
      log(`${frame}, scale ${scale}, ${width} neurons: ${seconds.toFixed(1)} s`);
    }

    // Per condition, over seeds.
    const summary: Record<string, unknown>[] = conditions.map(({ frame, scale, width }) => {
      const mine = runs.filter((r) => r['frame'] === frame && r['scale'] === scale && r['width'] === width) as unknown as {
        loss: number;
        medianTurnDeg: number;
        init: ReturnType<typeof describe>;
        trained: ReturnType<typeof describe>;
      }[];
      const stat = (values: number[]) => ({ mean: mean(values), sd: standardDeviation(values) });
      return {
        frame,
        scale,
        width,
        loss: stat(mine.map((r) => r.loss)),
        medianTurnDeg: stat(mine.map((r) => r.medianTurnDeg)),
        initNearestNeighbour: stat(mine.map((r) => r.init.nearestNeighbour.value)),
        trainedNearestNeighbour: stat(mine.map((r) => r.trained.nearestNeighbour.value)),
        trainedZ: stat(mine.map((r) => r.trained.nearestNeighbour.z)),
        trainedPairRatio1deg: stat(mine.map((r) => r.trained.pairRatio1deg)),
        trainedFourfoldCos: stat(mine.map((r) => r.trained.fourfold.cos)),
        trainedOuterShell: stat(mine.map((r) => r.trained.outerShell)),
      };
    });

    return {
      settings: {
        target: 'circle',
        size: 64,
        width: plan.width,
        otherWidth,
        optimizer: 'adam',
        learningRate: LEARNING_RATE,
        steps: plan.steps,
        seeds: plan.seeds,
        engine: 'fused-grid',
        batch: 'full',
        scales: SCALES,
        frameScales: FRAME_SCALES,
        frames: { grid: '64×64 pixel grid', mask: 'loss only inside the inscribed circle', rotated: 'grid turned by 45° against the network’s axes' },
        maxOffset: MAX_OFFSET,
        uniformDraws: DRAWS,
        outerShell: OUTER_SHELL,
        innerShell: INNER_SHELL,
        histogramBins: { angle: 36, offset: { bins: 48, min: -1.2, max: 1.2 } },
      },
      summary,
      runs,
      trajectories,
      histograms,
    };
  },
};
