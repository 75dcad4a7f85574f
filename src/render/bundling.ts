/**
 * The bundling figure: which way a layer's creases face and how they crowd, drawn as a rose (a
 * polar histogram of the directions of their normals) and as a scatter of direction against
 * distance from the centre, with the clustering statistic of the bundling study
 * (src/experiments/bundling.ts) against as many evenly random directions.
 *
 * The measurement follows the study: the creases that pass within MAX_OFFSET of the centre, the
 * nearest-neighbour ratio of their directions (src/core/creasestats.ts), and its mean and standard
 * deviation over UNIFORM_DRAWS seeded sets of as many uniform directions, drawn with the run's seed.
 */
import { type Network, firstLayerCreases, initNetwork, scaleFirstLayer } from '../core/mlp.ts';
import { clusteringTest, creaseLines, histogram, nearestNeighbourRatio } from '../core/creasestats.ts';
import { type Rng, rng } from '../core/rng.ts';
import { mean, standardDeviation } from '../core/stats.ts';
import { gridPrediction } from '../core/gridpass.ts';
import { MSE, datasetLoss } from '../core/loss.ts';
import { DISC_RADIUS, TARGETS, sampleTarget } from '../core/targets.ts';
import type { Tick } from './axis.ts';

/** Creases that pass closer than this to the centre count (they cross the disc inscribed in the square). */
export const MAX_OFFSET = 1;
/** Bins of the rose: 10° each. */
export const ROSE_BINS = 36;
export const UNIFORM_DRAWS = 200;
export { DISC_RADIUS };

const TAU = 2 * Math.PI;
const r1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * The network a run starts from: the seeded initial network with its first layer's weights and
 * biases multiplied by `initScale`, as the fused engine does (same creases, steeper sheets).
 */
export function startingNetwork(neurons: number, seed: number, initScale: number): Network {
  return scaleFirstLayer(initNetwork([neurons], seed), initScale);
}

/**
 * Everything drawn from a run's starting network, the reference the figure compares with: its
 * picture at `size` (the training grid's, so its loss is the training loss), its creases and their
 * spread, the rose's counts and the clustering against uniform directions.
 */
export function bundlingStart(neurons: number, seed: number, initScale: number, size: number) {
  const net = startingNetwork(neurons, seed, initScale);
  const creases = firstLayerCreases(net);
  const meter = new ClusteringMeter(seed);
  const first = spread(creases);
  const picture = gridPrediction(net, size);
  return {
    picture,
    loss: datasetLoss(MSE, picture, sampleTarget(TARGETS.circle, size).targets),
    meter,
    creases,
    outputWeights: net[1]!.weights.slice(),
    spread: first,
    counts: roseCounts(first),
    clustering: meter.measure(first.angle),
  };
}

export interface Spread {
  /** Direction of each counted crease's normal, in [0, 2π). */
  readonly angle: Float64Array;
  /** Its signed distance from the centre. */
  readonly offset: Float64Array;
}

/** The creases (interleaved a, b, c) that pass within MAX_OFFSET of the centre: their directions and offsets. */
export function spread(creases: ArrayLike<number>): Spread {
  const all = creaseLines(creases);
  const angle: number[] = [];
  const offset: number[] = [];
  for (let q = 0; q < all.angle.length; q++) {
    if (!(Math.abs(all.offset[q]!) < MAX_OFFSET)) continue;
    angle.push(all.angle[q]!);
    offset.push(all.offset[q]!);
  }
  return { angle: Float64Array.from(angle), offset: Float64Array.from(offset) };
}

export interface Clustering {
  /** Nearest-neighbour ratio of the directions: ≈ 1 for uniform, below 1 when they come in bundles. */
  readonly value: number;
  /** Mean and standard deviation of the ratio for as many uniform directions. */
  readonly uniformMean: number;
  readonly uniformSd: number;
  readonly z: number;
  /** How many creases were counted. */
  readonly count: number;
  /** The count whose uniform draws the mean and deviation come from (see ClusteringMeter). */
  readonly reference: number;
  /** No count within BORROW_WITHIN had been drawn: the nearest is borrowed until this one is. */
  readonly provisional: boolean;
}

/**
 * Counts within this share of a count already drawn borrow its draws (see ClusteringMeter): the
 * reference's own sampling error, from UNIFORM_DRAWS draws, is larger than what such a step in
 * the count changes.
 */
export const BORROW_WITHIN = 0.05;

/**
 * The clustering statistic against uniform directions, as the study computes it. The uniform
 * draws depend only on the number of directions and the seed, so they are made once per count and
 * kept: a frame then costs one sort.
 *
 * A run's count drifts by a few as creases cross the disc's edge, and the draws for a count take
 * tens of milliseconds, too long for a frame. So a count within BORROW_WITHIN of one already drawn
 * borrows that count's mean and standard deviation (the deviation scaled by √(m/n), as the ratio's
 * spread goes with the count); `reference` says which count's draws were used. A count farther
 * from all is borrowed the same way, marked `provisional`, until `refine`, called in the page's
 * idle time, has made its own draws a slice at a time (the study's draws: the result is then the
 * study's). The very first count is drawn at once.
 */
export class ClusteringMeter {
  private readonly drawn = new Map<number, { mean: number; sd: number }>();
  /** Counts whose draws are being made: the generator, and the ratios drawn so far. */
  private readonly pending = new Map<number, { r: Rng; ratios: Float64Array; done: number }>();

  constructor(readonly seed: number) {}

  /** Counts still waiting for their draws. */
  get waiting(): number {
    return this.pending.size;
  }

  measure(angles: Float64Array): Clustering {
    const n = angles.length;
    if (this.drawn.size === 0) {
      const test = clusteringTest(angles, nearestNeighbourRatio, { clumpedIs: 'low', draws: UNIFORM_DRAWS, seed: this.seed });
      this.drawn.set(n, { mean: test.uniformMean, sd: test.uniformSd });
    }
    let near = 0;
    for (const m of this.drawn.keys()) if (near === 0 || Math.abs(m - n) < Math.abs(near - n)) near = m;
    const far = Math.abs(near - n) > BORROW_WITHIN * n;
    if (far && !this.pending.has(n)) this.pending.set(n, { r: rng(this.seed), ratios: new Float64Array(UNIFORM_DRAWS), done: 0 });
    const ref = this.drawn.get(near)!;
    const sd = near === n ? ref.sd : ref.sd * Math.sqrt(near / Math.max(1, n));
    const value = nearestNeighbourRatio(angles);
    return { value, uniformMean: ref.mean, uniformSd: sd, z: (value - ref.mean) / sd, count: n, reference: near, provisional: far };
  }

  /**
   * Makes waiting draws until `timeLeft()` (ms) runs low; true once a count's draws are all made
   * (its next `measure` uses them).
   */
  refine(timeLeft: () => number): boolean {
    let finished = false;
    for (const [n, job] of this.pending) {
      const sample = new Float64Array(n);
      while (job.done < UNIFORM_DRAWS) {
        if (timeLeft() < 1) return finished;
        for (let k = 0; k < n; k++) sample[k] = job.r.uniform(0, TAU);
        job.ratios[job.done++] = nearestNeighbourRatio(sample);
      }
      this.drawn.set(n, { mean: mean(job.ratios), sd: standardDeviation(job.ratios) });
      this.pending.delete(n);
      finished = true;
    }
    return finished;
  }
}

export const ROSE = { size: 320, radius: 128, rug: [132, 146] as const };
/** The rose's drawing with room for the direction labels round it. */
export const ROSE_VIEWBOX = '-32 -6 384 332';

/** A point of the rose at direction θ (counter-clockwise from east, y up) and radius r. */
function polar(theta: number, r: number, c: number): [number, number] {
  return [r1(c + r * Math.cos(theta)), r1(c - r * Math.sin(theta))];
}

/**
 * Radius of a bin holding `count` of at most `max`: proportional to the square root, so that a
 * wedge's area (not its length) is proportional to its count.
 */
export function roseRadius(count: number, max: number, radius = ROSE.radius): number {
  return max > 0 ? radius * Math.sqrt(Math.max(0, count) / max) : 0;
}

/** The wedges of a rose as one path, centred in a ROSE.size square. */
export function roseWedges(counts: ArrayLike<number>, max: number): string {
  const c = ROSE.size / 2;
  const bins = counts.length;
  let d = '';
  for (let k = 0; k < bins; k++) {
    const r = roseRadius(counts[k]!, max);
    if (r <= 0) continue;
    const [x0, y0] = polar((k / bins) * TAU, r, c);
    const [x1, y1] = polar(((k + 1) / bins) * TAU, r, c);
    // Counter-clockwise on the page is sweep-flag 0 (the y axis points down).
    d += `M${c},${c}L${x0},${y0}A${r1(r)},${r1(r)} 0 0 0 ${x1},${y1}Z`;
  }
  return d;
}

/** The outline of a rose (its outer edge, round the circle): for the initial spread, drawn faint. */
export function roseOutline(counts: ArrayLike<number>, max: number): string {
  const c = ROSE.size / 2;
  const bins = counts.length;
  let d = '';
  for (let k = 0; k < bins; k++) {
    const r = roseRadius(counts[k]!, max);
    const [x0, y0] = polar((k / bins) * TAU, r, c);
    const [x1, y1] = polar(((k + 1) / bins) * TAU, r, c);
    d += `${k === 0 ? 'M' : 'L'}${x0},${y0}${r > 0 ? `A${r1(r)},${r1(r)} 0 0 0 ${x1},${y1}` : ''}`;
  }
  return `${d}Z`;
}

/** One short radial tick per crease just outside the rose: bundles show as dark ticks. */
export function rugPath(angles: ArrayLike<number>): string {
  const c = ROSE.size / 2;
  const [inner, outer] = ROSE.rug;
  let d = '';
  for (let q = 0; q < angles.length; q++) {
    const [x0, y0] = polar(angles[q]!, inner, c);
    const [x1, y1] = polar(angles[q]!, outer, c);
    d += `M${x0},${y0}L${x1},${y1}`;
  }
  return d;
}

/** Circles of the rose's scale at round counts, and the labels of the four directions. */
export function roseGuides(max: number): { rings: { r: number; label: string }[]; axes: { x: number; y: number; label: string; anchor: 'start' | 'middle' | 'end' }[] } {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500];
  const unit = steps.find((s) => max / s <= 3) ?? 1000;
  const rings: { r: number; label: string }[] = [];
  for (let v = unit; v <= max; v += unit) rings.push({ r: r1(roseRadius(v, max)), label: String(v) });
  const c = ROSE.size / 2;
  const at = ROSE.rug[1] + 6;
  return {
    rings,
    axes: [
      { x: c + at, y: c, label: '0°', anchor: 'start' },
      { x: c, y: c - at, label: '90°', anchor: 'middle' },
      { x: c - at, y: c, label: '180°', anchor: 'end' },
      { x: c, y: c + at, label: '270°', anchor: 'middle' },
    ],
  };
}

export const SCATTER = { width: 420, height: 220, margin: { left: 40, right: 18, top: 10, bottom: 30 } } as const;

/** Where a crease of direction θ and offset d sits in the scatter (direction across, offset up). */
export function scatterPoint(theta: number, offset: number): [number, number] {
  const { width, height, margin } = SCATTER;
  const x = margin.left + (theta / TAU) * (width - margin.left - margin.right);
  const y = margin.top + ((MAX_OFFSET - offset) / (2 * MAX_OFFSET)) * (height - margin.top - margin.bottom);
  return [r1(x), r1(y)];
}

/** The creases as dots (small squares, `size` across) in one path. */
export function scatterDots(s: Spread, size = 3): string {
  const h = size / 2;
  let d = '';
  for (let q = 0; q < s.angle.length; q++) {
    const [x, y] = scatterPoint(s.angle[q]!, s.offset[q]!);
    d += `M${r1(x - h)},${r1(y - h)}h${size}v${size}h${-size}z`;
  }
  return d;
}

export function scatterTicks(): { x: Tick[]; y: Tick[] } {
  return {
    x: [0, 90, 180, 270, 360].map((deg) => ({ at: scatterPoint((deg / 360) * TAU, 0)[0], label: `${deg}°`, anchor: 'middle' })),
    y: [-1, -0.5, 0, 0.5, 1].map((v) => ({ at: scatterPoint(0, v)[1], label: v === 0 ? '0' : v.toFixed(1).replace('-', '−') })),
  };
}

/** The rose's counts of a spread, 10° bins (as the study's histograms). */
export function roseCounts(s: Spread): Int32Array {
  return histogram(s.angle, ROSE_BINS);
}

/** Words for the rose: how many creases, and the fullest and emptiest directions. */
export function describeRose(counts: ArrayLike<number>, initial: ArrayLike<number>): string {
  const total = Array.from(counts).reduce((s, v) => s + v, 0);
  if (total === 0) return 'No crease passes near the centre.';
  let most = 0;
  let least = 0;
  for (let k = 1; k < counts.length; k++) {
    if (counts[k]! > counts[most]!) most = k;
    if (counts[k]! < counts[least]!) least = k;
  }
  const width = 360 / counts.length;
  const range = (k: number): string => `${k * width}° to ${(k + 1) * width}°`;
  const even = total / counts.length;
  const unevenness = (c: ArrayLike<number>): number => {
    const mean = Array.from(c).reduce((s, v) => s + v, 0) / c.length;
    return Array.from(c).reduce((s, v) => s + Math.abs(v - mean), 0) / c.length;
  };
  const before = unevenness(initial);
  const now = unevenness(counts);
  return `Rose of the directions of the ${total} creases that pass near the centre, in bins of ${width}°: the fullest bin, ${range(most)}, holds ${counts[most]}; the emptiest, ${range(least)}, holds ${counts[least]}; evenly spread each would hold ${even.toFixed(1)}. Bins differ from even by ${now.toFixed(1)} on average, against ${before.toFixed(1)} at the start.`;
}

/** Words for the scatter: how many creases lie near the disc's edge, now and at the start. */
export function describeScatter(now: Spread, initial: Spread): string {
  const near = (s: Spread): number => s.offset.filter((d) => Math.abs(Math.abs(d) - DISC_RADIUS) < 0.1).length;
  return `Scatter of each crease's direction (0° to 360°, across) against its signed distance from the centre (−1 to 1, up); lines mark the disc's edge at ±${DISC_RADIUS}. ${near(now)} of ${now.angle.length} creases lie within 0.1 of the edge, against ${near(initial)} of ${initial.angle.length} at the start.`;
}
