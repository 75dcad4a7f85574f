/**
 * What the studies share: their shape, the training set, and the tidying that makes a result file
 * repeat byte for byte from one run to the next.
 */
import { GRID_SIZE, TARGETS, sampleTarget, type Dataset } from '../core/targets.ts';
import { createFusedTrainer, type FusedSettings, type FusedTrainer } from '../train/fused.ts';

export interface StudyOptions {
  /** A small version of the study: same result shape, far less training. */
  readonly quick: boolean;
  /** Progress messages for whoever runs the study. */
  log(message: string): void;
}

export interface Study {
  run(options: StudyOptions): Promise<unknown> | unknown;
}

/** The essay's training set: the white disc of radius 0.5 on black, at the 64×64 pixel centres. */
export const TRAINING_SIZE = GRID_SIZE;
export const circle = (): Dataset => sampleTarget(TARGETS.circle, TRAINING_SIZE);

/**
 * A fused trainer on the full batch: on the grid shortcut whenever the network can take it (one
 * hidden layer of creases of the plane), else on the general path.
 */
export async function fullBatchTrainer(settings: Omit<FusedSettings, 'batchSize'>, data: Dataset = circle()): Promise<FusedTrainer> {
  if (settings.hidden.length === 1 && !settings.fourier) return gridTrainer(settings, data);
  return createFusedTrainer({ ...settings, batchSize: 0 }, data);
}

/** A fused trainer on the full batch; fails loudly if the fast grid path is not the one taken. */
export async function gridTrainer(settings: Omit<FusedSettings, 'batchSize'>, data: Dataset = circle()): Promise<FusedTrainer> {
  const t = await createFusedTrainer({ ...settings, batchSize: 0 }, data);
  if (t.backend !== 'fused-grid') throw new Error(`expected the grid path, got ${t.backend}`);
  return t;
}

/**
 * A result made ready for JSON that repeats exactly: numbers rounded to `digits` significant
 * digits (integers kept whole), typed arrays turned into arrays, NaN and infinities into null.
 */
export function tidy(value: unknown, digits = 4): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    if (Number.isInteger(value)) return value === 0 ? 0 : value;
    const rounded = Number(value.toPrecision(digits));
    return rounded === 0 ? 0 : rounded;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (x) => tidy(x, digits));
  if (Array.isArray(value)) return value.map((x) => tidy(x, digits));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = tidy(v, digits);
    return out;
  }
  return value;
}

/** A long series cut into `windows` equal runs of steps: each run's first step, lowest and highest value. */
export function envelope(values: ArrayLike<number>, windows: number): { step: number[]; min: number[]; max: number[] } {
  const n = values.length;
  const count = Math.max(1, Math.min(windows, n));
  const step: number[] = [];
  const min: number[] = [];
  const max: number[] = [];
  for (let w = 0; w < count; w++) {
    const from = Math.floor((w * n) / count);
    const to = Math.floor(((w + 1) * n) / count);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = from; k < to; k++) {
      const x = values[k]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    step.push(from);
    min.push(lo);
    max.push(hi);
  }
  return { step, min, max };
}

/** Wall-clock seconds a function takes (for progress messages only; never part of a result). */
export async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const out = await f();
  return [out, (performance.now() - start) / 1000];
}
