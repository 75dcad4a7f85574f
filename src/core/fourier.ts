/**
 * Fourier features of the plane (Tancik et al. 2020, "Fourier Features Let Networks Learn High
 * Frequency Functions in Low Dimensional Domains"): instead of (x, y), a network sees
 * cos(2π·bⱼ·(x, y)) and sin(2π·bⱼ·(x, y)) for m frequency vectors bⱼ drawn once from a normal
 * distribution with standard deviation `scale` in each coordinate. Our inputs span [−1, 1], twice
 * the unit interval the paper maps its coordinates to, so a `scale` of σ here puts as many
 * oscillations across the picture as 2σ would there.
 *
 * Feature order: the m cosines, then the m sines.
 */
import { rng } from './rng.ts';

export interface FourierSettings {
  /** How many frequency vectors (the network then has 2·count inputs). */
  readonly count: number;
  /** Standard deviation of each frequency coordinate, in cycles per unit of x or y. */
  readonly scale: number;
  /** Seed of the frequencies. */
  readonly seed: number;
}

export interface FourierMap {
  readonly inputs: number;
  /** The frequencies, interleaved: b₀ₓ, b₀ᵧ, b₁ₓ, … */
  readonly frequencies: Float64Array;
  /** The features of the point (x, y), into out[offset … offset + inputs). */
  encode(x: number, y: number, out: Float64Array, offset?: number): void;
}

export function fourierMap(settings: FourierSettings): FourierMap {
  const { count, scale, seed } = settings;
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`Fourier features: count must be a whole number ≥ 1, got ${count}`);
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`Fourier features: scale must be positive, got ${scale}`);
  const r = rng(seed);
  const frequencies = new Float64Array(2 * count);
  for (let k = 0; k < frequencies.length; k++) frequencies[k] = scale * r.normal();
  const TAU = 2 * Math.PI;
  return {
    inputs: 2 * count,
    frequencies,
    encode(x, y, out, offset = 0) {
      for (let j = 0; j < count; j++) {
        const phase = TAU * (frequencies[2 * j]! * x + frequencies[2 * j + 1]! * y);
        out[offset + j] = Math.cos(phase);
        out[offset + count + j] = Math.sin(phase);
      }
    },
  };
}
