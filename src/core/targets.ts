import { pixelCentre } from './coords.ts';

/**
 * Target pictures, as functions of a point of the square [-1, 1]² to a brightness in [0, 1].
 */

/** Radius of the essay's white disc, centred at the origin of the square [-1, 1]². */
export const DISC_RADIUS = 0.5;

/**
 * Side of the grid the live figures and the studies train on: the target sampled at the 64 × 64
 * pixel centres (4,096 points), all of them in every step unless a figure says otherwise.
 */
export const GRID_SIZE = 64;

/** The circle of the essay: a white disc of radius DISC_RADIUS centred at the origin, on black. */
export function disc(x: number, y: number, radius = DISC_RADIUS): number {
  return x * x + y * y <= radius * radius ? 1 : 0;
}

/** Inner and outer radius of the essay's white ring. */
export const RING_INNER = 0.3;
export const RING_OUTER = 0.6;

/** A white ring (annulus) between radii RING_INNER and RING_OUTER, centred at the origin, on black. */
export function ring(x: number, y: number, inner = RING_INNER, outer = RING_OUTER): number {
  const r2 = x * x + y * y;
  return r2 >= inner * inner && r2 <= outer * outer ? 1 : 0;
}

/** A training set: interleaved inputs [x0, y0, x1, y1, …] and one target per point. */
export interface Dataset {
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
  /**
   * Side of the square grid of pixels the points come from. The points may be the whole grid, row
   * by row (the fused engine then takes its grid shortcut), or any of its pixels (a sampling,
   * src/core/samples.ts), or points off any grid (size 0); every engine trains on them alike.
   */
  readonly size: number;
}

/** A training set on the N×N grid of pixel centres (src/core/coords.ts), row by row. */
export function gridDataset(size: number, valueAt: (i: number, j: number, x: number, y: number) => number): Dataset {
  const inputs = new Float32Array(2 * size * size);
  const targets = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const k = i * size + j;
      const [x, y] = pixelCentre(i, j, size);
      inputs[2 * k] = x;
      inputs[2 * k + 1] = y;
      targets[k] = valueAt(i, j, x, y);
    }
  }
  return { inputs, targets, size };
}

/** Samples a picture at the pixel centres of an N×N grid. */
export function sampleTarget(picture: (x: number, y: number) => number, size: number): Dataset {
  return gridDataset(size, (_i, _j, x, y) => picture(x, y));
}

/** The targets the essay trains on, by name (serialisable, for widget props and messages). */
export const TARGETS = {
  circle: (x: number, y: number): number => disc(x, y),
  ring: (x: number, y: number): number => ring(x, y),
} as const;

export type TargetName = keyof typeof TARGETS;
