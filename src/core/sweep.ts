/**
 * The sweeps of chapter 2: one parameter of a neuron moves through its range while the other two
 * stay put. Each sweep is a path t ∈ [0, 1] → (a, b, c), so a figure can follow scroll progress,
 * play it as an animation, or show it as small multiples.
 */
import type { Neuron } from './neuron.ts';

export type SweepName = 'a' | 'b' | 'c';

export interface Sweep {
  readonly name: SweepName;
  /** The neuron the sweep starts from; only `name` changes along the way. */
  readonly base: Neuron;
  readonly from: number;
  readonly to: number;
}

/**
 * The three sweeps the chapter tells. a and b run over the sliders' whole range; c runs far enough
 * to push the crease out of the square on both sides (distance > √2 once |c| > 2 here, as
 * ‖(a, b)‖ = √2).
 */
export const SWEEPS: Readonly<Record<SweepName, Sweep>> = {
  a: { name: 'a', base: { a: -3, b: 1, c: 0.25 }, from: -3, to: 3 },
  b: { name: 'b', base: { a: 1, b: -3, c: 0.25 }, from: -3, to: 3 },
  c: { name: 'c', base: { a: 1, b: 1, c: -3 }, from: -3, to: 3 },
};

export const SWEEP_ORDER: readonly SweepName[] = ['a', 'b', 'c'];

/** The neuron at progress t of a sweep (t is clamped to [0, 1]). */
export function sweepAt(sweep: Sweep, t: number): Neuron {
  const u = Math.min(1, Math.max(0, t));
  const v = sweep.from + (sweep.to - sweep.from) * u;
  // Round to the sliders' step, so a sweep only ever shows values a reader can set by hand.
  const rounded = Math.round(v * 100) / 100 + 0;
  return { ...sweep.base, [sweep.name]: rounded };
}

/** Evenly spaced frames of a sweep (both ends included), for small multiples. */
export function sweepFrames(sweep: Sweep, count: number): Neuron[] {
  if (count < 2) return [sweepAt(sweep, 0)];
  return Array.from({ length: count }, (_, k) => sweepAt(sweep, k / (count - 1)));
}
