/**
 * Statistics of a layer's creases: where their lines point and how they crowd together.
 *
 * Neuron (a, b, c) creases the plane along a·x + b·y + c = 0. Its normal (a, b) points to the side
 * where the neuron is active; the angle of that normal, in [0, 2π), says which way the crease faces,
 * and the offset −c/‖(a, b)‖ is the signed distance of the line from the centre, measured along the
 * normal. A disc centred at the origin looks the same at every angle, so if nothing else broke the
 * symmetry the angles would be spread evenly. Two measures of how far they are from that:
 *
 * - the nearest-neighbour ratio: the mean distance (around the circle) from each angle to the closest
 *   other one, divided by its value for evenly random angles, 2π/(2n) (exact for uniform draws: the
 *   chance that both gaps next to a point exceed s is (1 − s/π)ⁿ⁻¹). Below 1 means the angles come in
 *   tight groups. To first order it does not react to a smooth change of density around the circle,
 *   only to local clumping, which is what bundles are;
 * - the pair ratio at a bandwidth h: the share of pairs of angles closer than h, divided by its
 *   uniform value h/π. Above 1 means more close pairs than chance; it also grows when the density
 *   is merely uneven, so it answers a broader question.
 *
 * `clusteringTest` places either one against many seeded draws of as many uniform angles.
 */
import { rng } from './rng.ts';
import { mean, standardDeviation } from './stats.ts';

const TAU = 2 * Math.PI;

export interface CreaseLines {
  /** Angle of each crease's normal (a, b), in [0, 2π). */
  readonly angle: Float64Array;
  /** Signed distance −c/‖(a, b)‖ of each crease from the origin. */
  readonly offset: Float64Array;
  /** Which neuron each entry came from (creases with a = b = 0, or filtered out, are skipped). */
  readonly neuron: Int32Array;
}

/**
 * Angles and offsets of creases given as interleaved (a, b, c) triples (see firstLayerCreases).
 * With `within`, keeps only the creases that cross the square [−within, within]², i.e. those with
 * |c| < within·(|a| + |b|): lines that miss the picture bend nothing in it. With `maxOffset`, keeps
 * only those that pass closer than that to the origin (cross the disc of that radius), a filter
 * that does not depend on how the picture is turned.
 */
export function creaseLines(abc: ArrayLike<number>, options: { within?: number; maxOffset?: number } = {}): CreaseLines {
  const angle: number[] = [];
  const offset: number[] = [];
  const neuron: number[] = [];
  for (let k = 0; 3 * k + 2 < abc.length; k++) {
    const a = abc[3 * k]!;
    const b = abc[3 * k + 1]!;
    const c = abc[3 * k + 2]!;
    const norm = Math.hypot(a, b);
    if (!(norm > 0)) continue;
    if (options.within !== undefined && !(Math.abs(c) < options.within * (Math.abs(a) + Math.abs(b)))) continue;
    if (options.maxOffset !== undefined && !(Math.abs(c / norm) < options.maxOffset)) continue;
    angle.push(wrapAngle(Math.atan2(b, a)));
    offset.push(-c / norm);
    neuron.push(k);
  }
  return { angle: Float64Array.from(angle), offset: Float64Array.from(offset), neuron: Int32Array.from(neuron) };
}

/** An angle in radians, brought into [0, 2π). */
export function wrapAngle(theta: number): number {
  const t = theta % TAU;
  const w = t < 0 ? t + TAU : t;
  return w >= TAU ? 0 : w;
}

/** The angles sorted, each brought into [0, period). */
function sortedOnCircle(angles: ArrayLike<number>, period: number): Float64Array {
  const s = Float64Array.from(angles, (t) => {
    const w = t % period;
    return w < 0 ? w + period : w;
  });
  return s.sort();
}

/**
 * Mean distance from each angle to its nearest neighbour around a circle of circumference `period`,
 * divided by period/(2n), its expected value for n uniform angles. ≈ 1 uniform, < 1 clumped,
 * up to 2 for a perfectly even comb. NaN below two angles.
 */
export function nearestNeighbourRatio(angles: ArrayLike<number>, period = TAU): number {
  const n = angles.length;
  if (n < 2) return NaN;
  const s = sortedOnCircle(angles, period);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const before = k > 0 ? s[k]! - s[k - 1]! : s[0]! + period - s[n - 1]!;
    const after = k + 1 < n ? s[k + 1]! - s[k]! : s[0]! + period - s[n - 1]!;
    sum += Math.min(before, after);
  }
  return sum / n / (period / (2 * n));
}

/**
 * Share of pairs of angles less than h apart around the circle, divided by 2h/period, its expected
 * value for uniform angles. ≈ 1 uniform, > 1 when pairs crowd together. Needs h ≤ period/2.
 */
export function pairRatio(angles: ArrayLike<number>, h: number, period = TAU): number {
  const n = angles.length;
  if (n < 2) return NaN;
  if (!(h > 0 && h <= period / 2)) throw new Error('pairRatio: need 0 < h ≤ period/2');
  const s = sortedOnCircle(angles, period);
  // For each k, count the angles within h ahead of it (going round once); each pair is seen once.
  let pairs = 0;
  let j = 0; // index (possibly past n, wrapping) of the first angle not within h of s[k]
  for (let k = 0; k < n; k++) {
    if (j < k + 1) j = k + 1;
    while (j < k + n) {
      const ahead = j < n ? s[j]! - s[k]! : s[j - n]! + period - s[k]!;
      if (ahead < h) j++;
      else break;
    }
    pairs += j - k - 1;
  }
  return pairs / ((n * (n - 1)) / 2) / ((2 * h) / period);
}

export interface ClusteringTest {
  /** The statistic for the given angles. */
  readonly value: number;
  /** Its mean and standard deviation over the uniform draws. */
  readonly uniformMean: number;
  readonly uniformSd: number;
  /** (value − uniform mean) / uniform sd. */
  readonly z: number;
  /**
   * One-sided p-value in the clumped direction, (1 + draws at least as clumped) / (1 + draws): the
   * smallest it can be is 1/(draws + 1).
   */
  readonly p: number;
  readonly draws: number;
}

/**
 * A statistic of the angles against the same statistic for `draws` seeded sets of as many uniform
 * angles. `clumpedIs` says which direction means clumping: 'low' for nearestNeighbourRatio, 'high'
 * for pairRatio.
 */
export function clusteringTest(
  angles: ArrayLike<number>,
  statistic: (angles: Float64Array) => number,
  options: { clumpedIs: 'low' | 'high'; draws?: number; seed?: number; period?: number },
): ClusteringTest {
  const draws = options.draws ?? 200;
  const period = options.period ?? TAU;
  const r = rng(options.seed ?? 1);
  const value = statistic(Float64Array.from(angles));
  const uniform = new Float64Array(draws);
  const sample = new Float64Array(angles.length);
  let asClumped = 0;
  for (let d = 0; d < draws; d++) {
    for (let k = 0; k < sample.length; k++) sample[k] = r.uniform(0, period);
    const u = (uniform[d] = statistic(sample));
    if (options.clumpedIs === 'low' ? u <= value : u >= value) asClumped++;
  }
  const uniformMean = mean(uniform);
  const uniformSd = standardDeviation(uniform);
  return { value, uniformMean, uniformSd, z: (value - uniformMean) / uniformSd, p: (1 + asClumped) / (1 + draws), draws };
}

/**
 * The k-th circular moment of the angles: the mean of cos kθ and sin kθ, and its length. For uniform
 * angles the length is about 1/√n. With k = 4, a positive cosine part means the angles favour the
 * axes (0°, 90°, 180°, 270°), a negative one the diagonals.
 */
export function harmonic(angles: ArrayLike<number>, k: number): { cos: number; sin: number; length: number } {
  let c = 0;
  let s = 0;
  const n = angles.length;
  for (let q = 0; q < n; q++) {
    c += Math.cos(k * angles[q]!);
    s += Math.sin(k * angles[q]!);
  }
  c /= n;
  s /= n;
  return { cos: c, sin: s, length: Math.hypot(c, s) };
}

/**
 * Counts of values in `bins` equal bins over [min, max); values outside are dropped. With the
 * defaults it bins angles over [0, 2π), for a rose plot.
 */
export function histogram(values: ArrayLike<number>, bins: number, min = 0, max = TAU): Int32Array {
  const counts = new Int32Array(bins);
  const scale = bins / (max - min);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!(v >= min && v < max)) continue;
    counts[Math.min(bins - 1, Math.floor((v - min) * scale))]!++;
  }
  return counts;
}
