/**
 * The two directions in which a cloud of points spreads most (principal axes), for showing a
 * surface that lives in many dimensions as a shadow on a plane.
 */

export interface Plane {
  readonly mean: Float64Array;
  /** Two orthonormal directions, the first of largest spread. */
  readonly axes: readonly [Float64Array, Float64Array];
  /** The spread (variance) along each axis. */
  readonly variances: readonly [number, number];
}

/**
 * Principal axes of n points of dimension `dim` (packed, point by point), each with a weight.
 * Power iteration on the covariance, from fixed starting vectors (so the result repeats), the
 * second axis kept orthogonal to the first. A dimension below 2 is padded with a zero axis.
 */
export function principalPlane(points: Float64Array, dim: number, weights?: Float64Array): Plane {
  const n = points.length / dim;
  const mean = new Float64Array(dim);
  let total = 0;
  for (let p = 0; p < n; p++) {
    const w = weights ? weights[p]! : 1;
    total += w;
    for (let d = 0; d < dim; d++) mean[d]! += w * points[p * dim + d]!;
  }
  if (total > 0) for (let d = 0; d < dim; d++) mean[d]! /= total;
  const cov = new Float64Array(dim * dim);
  for (let p = 0; p < n; p++) {
    const w = weights ? weights[p]! : 1;
    for (let i = 0; i < dim; i++) {
      const di = points[p * dim + i]! - mean[i]!;
      for (let j = 0; j < dim; j++) cov[i * dim + j]! += (w * di * (points[p * dim + j]! - mean[j]!)) / (total || 1);
    }
  }
  const power = (against: Float64Array | null): { v: Float64Array; value: number } => {
    let v = Float64Array.from({ length: dim }, (_, i) => 1 / (i + 1.5));
    let value = 0;
    for (let it = 0; it < 300; it++) {
      if (against) {
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += v[i]! * against[i]!;
        for (let i = 0; i < dim; i++) v[i]! -= dot * against[i]!;
      }
      const next = new Float64Array(dim);
      for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) next[i]! += cov[i * dim + j]! * v[j]!;
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      for (let i = 0; i < dim; i++) next[i]! /= norm;
      value = norm;
      v = next;
    }
    const norm = Math.hypot(...v) || 1;
    return { v: v.map((x) => x / norm), value };
  };
  const first = power(null);
  const second = power(first.v);
  // Make the second orthogonal to the first exactly (a zero spread leaves it arbitrary).
  let dot = 0;
  for (let i = 0; i < dim; i++) dot += second.v[i]! * first.v[i]!;
  const v2 = second.v.map((x, i) => x - dot * first.v[i]!);
  const n2 = Math.hypot(...v2) || 1;
  return { mean, axes: [first.v, v2.map((x) => x / n2)], variances: [first.value, second.value] };
}
