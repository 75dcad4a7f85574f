/**
 * Targets with categories: each point of the square [-1, 1]² belongs to one of K classes, numbered
 * 0 … K − 1. A network learns them with K outputs and softmax cross-entropy (src/core/loss.ts).
 */
import { DISC_RADIUS, type Dataset, gridDataset } from './targets.ts';

export interface ClassTarget {
  /** Number of classes K. */
  readonly classes: number;
  /** The class of the point (x, y). */
  label(x: number, y: number): number;
  /** What each class is, for captions and read-outs. */
  readonly names: readonly string[];
}

/** The essay's disc as two classes: 0 outside, 1 inside (the brightness of the picture it was). */
export function discClass(x: number, y: number, radius = DISC_RADIUS): number {
  return x * x + y * y <= radius * radius ? 1 : 0;
}

/** How many turns each arm of the spirals makes from the centre to distance 1. */
export const SPIRAL_TURNS = 0.75;

/**
 * Interleaved spiral arms: the class of a point is the sector its angle falls in once the angle is
 * wound back by SPIRAL_TURNS turns per unit of distance from the centre, so every class is one arm
 * winding outward, and the arms take turns along any circle.
 */
export function spiralClass(x: number, y: number, arms = 3, turns = SPIRAL_TURNS): number {
  const r = Math.hypot(x, y);
  const turn = 2 * Math.PI;
  const phase = Math.atan2(y, x) - turn * turns * r;
  const wound = ((phase % turn) + turn) % turn;
  return Math.min(arms - 1, Math.floor((wound / turn) * arms));
}

/** The sites of the cells: each point belongs to the nearest (a Voronoi partition of the square). */
export const CELL_SITES: readonly (readonly [number, number])[] = [
  [-0.55, 0.5],
  [0.45, 0.6],
  [0.05, -0.05],
  [-0.5, -0.55],
  [0.6, -0.45],
];

/** The cell of the nearest site (the first, on a tie). Its boundaries are straight segments. */
export function cellClass(x: number, y: number, sites: readonly (readonly [number, number])[] = CELL_SITES): number {
  let best = 0;
  let bestD = Infinity;
  sites.forEach(([sx, sy], k) => {
    const d = (x - sx) ** 2 + (y - sy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  return best;
}

/** The class targets the essay trains on, by name (serialisable, for widget props and messages). */
export const CLASS_TARGETS = {
  disc: { classes: 2, label: (x: number, y: number): number => discClass(x, y), names: ['outside', 'inside'] },
  spirals: { classes: 3, label: (x: number, y: number): number => spiralClass(x, y), names: ['first arm', 'second arm', 'third arm'] },
  cells: { classes: CELL_SITES.length, label: (x: number, y: number): number => cellClass(x, y), names: CELL_SITES.map((_, k) => `cell ${k + 1}`) },
} as const satisfies Record<string, ClassTarget>;

export type ClassTargetName = keyof typeof CLASS_TARGETS;

/** A class target sampled at the pixel centres of the size × size grid: targets are class numbers. */
export function classDataset(name: ClassTargetName, size: number): Dataset {
  const target: ClassTarget = CLASS_TARGETS[name];
  return gridDataset(size, (_i, _j, x, y) => target.label(x, y));
}

/** How many points of each class a dataset holds. */
export function classCounts(targets: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let p = 0; p < targets.length; p++) counts[targets[p]!]!++;
  return counts;
}
