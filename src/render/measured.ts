/**
 * Numbers the chapters quote, derived from the studies' results (src/data/experiments.json) by
 * small pure functions, so that the prose holds expressions only and every measured number stays
 * tied to the file: ranges of a series, slopes on log–log axes, the fall before a rise, circular
 * moments over seeds; and the way the prose writes numbers.
 */

export { median } from '../core/stats.ts';

/** 0.721 → "72 %"; 13.37 → "1,337 %". */
export const percent = (x: number, digits = 0): string => `${(100 * x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
/** A fixed number of decimals, with a true minus sign. */
export const fixed = (x: number, digits = 2): string => Number(x).toFixed(digits).replace('-', '−');
/** A whole number with thousands separated: 10000 → "10,000". */
export const whole = (x: number): string => Math.round(x).toLocaleString('en-US');

/** A count with its noun, zero included: 0 → "no surges", 1 → "1 surge", 64 → "64 surges". */
export const count = (n: number, noun: string, plural = `${noun}s`): string => (n === 0 ? `no ${plural}` : `${whole(n)} ${n === 1 ? noun : plural}`);

/** Lowest and highest value of a sampled series over the samples taken after step `after`. */
export function rangeAfter(series: { readonly step: readonly number[]; readonly value: readonly number[] }, after: number): { min: number; max: number; samples: number } {
  const kept = series.value.filter((_, i) => series.step[i]! > after);
  return { min: Math.min(...kept), max: Math.max(...kept), samples: kept.length };
}

/**
 * A series that first falls and then grows to its peak (the gradient norm through a surge): its
 * first value, the lowest value before the peak, the peak, and by how much it fell and then grew.
 */
export function fallThenRise(values: readonly number[]): { first: number; lowest: number; peak: number; fall: number; rise: number; lowestAt: number; peakAt: number } {
  let peakAt = 0;
  values.forEach((v, i) => {
    if (v > values[peakAt]!) peakAt = i;
  });
  let lowestAt = 0;
  for (let i = 0; i <= peakAt; i++) if (values[i]! < values[lowestAt]!) lowestAt = i;
  const first = values[0]!;
  const lowest = values[lowestAt]!;
  const peak = values[peakAt]!;
  return { first, lowest, peak, fall: first / lowest, rise: peak / lowest, lowestAt, peakAt };
}

/**
 * The local exponent of a quantity against steps, between consecutive checkpoints:
 * log(w₂/w₁)/log(s₂/s₁). Checkpoints without a value are skipped.
 */
export function logLogSlopes(points: readonly { readonly steps: number; readonly value: number | null }[]): { from: number; to: number; slope: number }[] {
  const kept = points.filter((p): p is { steps: number; value: number } => p.value !== null && p.value > 0 && p.steps > 0);
  return kept.slice(1).map((p, k) => ({ from: kept[k]!.steps, to: p.steps, slope: Math.log(p.value / kept[k]!.value) / Math.log(p.steps / kept[k]!.steps) }));
}

/** Mean of a list (NaN when empty). */
export const meanOf = (values: readonly number[]): number => values.reduce((s, x) => s + x, 0) / values.length;

export interface FourfoldRun {
  readonly frame: string;
  readonly scale: number;
  readonly width: number;
  readonly init: { readonly crossing: number; readonly fourfold: { readonly cos: number; readonly sin: number } };
  readonly trained: { readonly crossing: number; readonly fourfold: { readonly cos: number; readonly sin: number } };
}

/**
 * The fourfold moment ⟨cos 4θ⟩ of the creases' directions over the seeds of one condition, at the
 * start and after training, with the spread it has for as many evenly random directions, 1/√(2n)
 * (positive: the axes are favoured; negative: the diagonals).
 */
export function fourfold(runs: readonly FourfoldRun[], frame: string, scale: number, width: number) {
  const mine = runs.filter((r) => r.frame === frame && r.scale === scale && r.width === width);
  const crossing = meanOf(mine.map((r) => r.init.crossing));
  return {
    init: meanOf(mine.map((r) => r.init.fourfold.cos)),
    trained: meanOf(mine.map((r) => r.trained.fourfold.cos)),
    seeds: mine.length,
    uniformSd: 1 / Math.sqrt(2 * crossing),
  };
}

/** The item whose `key` is `key`, or an error naming what is missing (a renamed study should fail the build). */
export function byKey<T extends { readonly key: string }>(items: readonly T[], key: string): T {
  const found = items.find((x) => x.key === key);
  if (!found) throw new Error(`no result with key "${key}" (have ${items.map((x) => x.key).join(', ')})`);
  return found;
}
