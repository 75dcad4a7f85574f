/**
 * Condensation: do a layer's neurons gather on a few directions of their whole weight vector
 * (a, b, c), rather than merely of their creases' angles?
 *
 * A neuron max(a·x + b·y + c, 0) is fixed, up to how steeply it rises, by the unit vector
 * (a, b, c)/‖(a, b, c)‖: its crease line, and which side of it is lifted. Two neurons whose unit
 * vectors nearly coincide draw nearly the same folded sheet. Condensation, in the literature on
 * small initialisations, is exactly this: many neurons' input weights pointing the same way.
 *
 * The measures compare the layer with a null in which each neuron keeps its distance from the
 * centre and its steepness but its crease is turned by an independent uniform angle. That null
 * keeps whatever the training did to the distances (the creases crowd just outside the disc's
 * rim, for instance, which by itself brings unit vectors closer) and asks whether the directions
 * clump beyond it:
 * - the nearest-neighbour angle: the mean, over neurons, of the angle between a neuron's unit
 *   vector and the closest other one, divided by its mean over the null draws (below 1: clumped);
 * - bundles: groups of at least `minSize` neurons linked by chains of neighbours less than
 *   `threshold` apart (single linkage), counted and compared with the null's mean count.
 */
import { rng } from './rng.ts';
import { mean, standardDeviation } from './stats.ts';

/** Unit vectors (a, b, c)/‖(a, b, c)‖, interleaved, of the neurons whose crease passes within `maxOffset` of the centre. */
export function unitDirections(abc: ArrayLike<number>, maxOffset = Infinity): { units: Float64Array; neuron: Int32Array } {
  const units: number[] = [];
  const neuron: number[] = [];
  for (let k = 0; 3 * k + 2 < abc.length; k++) {
    const a = abc[3 * k]!;
    const b = abc[3 * k + 1]!;
    const c = abc[3 * k + 2]!;
    const planar = Math.hypot(a, b);
    if (!(planar > 0) || !(Math.abs(c) / planar < maxOffset)) continue;
    const norm = Math.hypot(a, b, c);
    units.push(a / norm, b / norm, c / norm);
    neuron.push(k);
  }
  return { units: Float64Array.from(units), neuron: Int32Array.from(neuron) };
}

/** For each unit vector, the angle (radians) to the closest other one. */
export function nearestAngles(units: Float64Array): Float64Array {
  const n = units.length / 3;
  const best = new Float64Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const [x, y, z] = [units[3 * i]!, units[3 * i + 1]!, units[3 * i + 2]!];
    for (let j = i + 1; j < n; j++) {
      const d = x * units[3 * j]! + y * units[3 * j + 1]! + z * units[3 * j + 2]!;
      if (d > best[i]!) best[i] = d;
      if (d > best[j]!) best[j] = d;
    }
  }
  return best.map((d) => Math.acos(Math.min(1, Math.max(-1, d))));
}

/**
 * Single-linkage groups of unit vectors closer than `threshold` (radians): how many groups have
 * at least `minSize` members, and how many vectors they hold together.
 */
export function bundles(units: Float64Array, threshold: number, minSize = 3): { count: number; members: number; largest: number } {
  const n = units.length / 3;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const cos = Math.cos(threshold);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = units[3 * i]! * units[3 * j]! + units[3 * i + 1]! * units[3 * j + 1]! + units[3 * i + 2]! * units[3 * j + 2]!;
      if (d > cos) {
        const p = root(i);
        const q = root(j);
        if (p !== q) parent[p] = q;
      }
    }
  }
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[root(i)]!++;
  let count = 0;
  let members = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (size[i]! >= minSize) {
      count++;
      members += size[i]!;
    }
    largest = Math.max(largest, size[i]!);
  }
  return { count, members, largest };
}

/** The same neurons, each crease turned about the centre by its own uniform random angle. */
export function turnedAtRandom(abc: ArrayLike<number>, seed: number): Float64Array {
  const r = rng(seed);
  const out = Float64Array.from(abc);
  for (let k = 0; 3 * k + 2 < out.length; k++) {
    const t = r.uniform(0, 2 * Math.PI);
    const [a, b] = [out[3 * k]!, out[3 * k + 1]!];
    out[3 * k] = a * Math.cos(t) - b * Math.sin(t);
    out[3 * k + 1] = a * Math.sin(t) + b * Math.cos(t);
  }
  return out;
}

export interface CondensationOptions {
  /** Only neurons whose crease crosses the disc of this radius (default 1, the inscribed disc). */
  readonly maxOffset?: number;
  /** Link distance of a bundle, in radians (default 1°). */
  readonly threshold?: number;
  readonly minSize?: number;
  readonly draws?: number;
  readonly seed?: number;
}

export interface Condensation {
  readonly neurons: number;
  /** Mean nearest-neighbour angle, degrees: the layer, and the null's mean and spread over draws. */
  readonly nearestDeg: number;
  readonly nullNearestDeg: number;
  readonly nullNearestSdDeg: number;
  /** nearestDeg / nullNearestDeg, and its distance from the null in null standard deviations. */
  readonly ratio: number;
  readonly z: number;
  readonly bundles: number;
  readonly inBundles: number;
  readonly largest: number;
  readonly nullBundles: number;
  readonly nullInBundles: number;
}

export function condensation(abc: ArrayLike<number>, options: CondensationOptions = {}): Condensation {
  const maxOffset = options.maxOffset ?? 1;
  const threshold = options.threshold ?? Math.PI / 180;
  const minSize = options.minSize ?? 3;
  const draws = options.draws ?? 40;
  const seed = options.seed ?? 1;
  const DEG = 180 / Math.PI;
  const { units } = unitDirections(abc, maxOffset);
  const nearest = mean(nearestAngles(units)) * DEG;
  const mine = bundles(units, threshold, minSize);
  const nullNearest: number[] = [];
  const nullCount: number[] = [];
  const nullMembers: number[] = [];
  for (let d = 0; d < draws; d++) {
    const turned = unitDirections(turnedAtRandom(abc, seed * 7919 + d), maxOffset).units;
    nullNearest.push(mean(nearestAngles(turned)) * DEG);
    const b = bundles(turned, threshold, minSize);
    nullCount.push(b.count);
    nullMembers.push(b.members);
  }
  const nullMean = mean(nullNearest);
  const nullSd = standardDeviation(nullNearest);
  return {
    neurons: units.length / 3,
    nearestDeg: nearest,
    nullNearestDeg: nullMean,
    nullNearestSdDeg: nullSd,
    ratio: nearest / nullMean,
    z: (nearest - nullMean) / nullSd,
    bundles: mine.count,
    inBundles: mine.members,
    largest: mine.largest,
    nullBundles: mean(nullCount),
    nullInBundles: mean(nullMembers),
  };
}
