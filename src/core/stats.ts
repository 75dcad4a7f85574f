/**
 * Small statistics helpers shared by the measurements and the training engine.
 */

/** Median of a[0..n), by selection in place (reorders a). */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const kth = (k: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const pivot = a[(lo + hi) >> 1]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (a[i]! < pivot) i++;
        while (a[j]! > pivot) j--;
        if (i <= j) {
          const t = a[i]!;
          a[i] = a[j]!;
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k]!;
    }
    return a[k]!;
  };
  const upper = kth(n >> 1);
  if (n % 2 === 1) return upper;
  // The lower middle is the largest entry left of the upper one after selection.
  let lower = -Infinity;
  for (let k = 0; k < n >> 1; k++) if (a[k]! > lower) lower = a[k]!;
  return (lower + upper) / 2;
}

/** Median of a list of numbers (a copy is sorted; NaN for an empty list). */
export function median(values: ArrayLike<number>): number {
  const a = Float64Array.from(values);
  return medianInPlace(a, a.length);
}

/** Arithmetic mean (NaN for an empty list). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k]!;
  return values.length ? s / values.length : NaN;
}

/** Sample standard deviation (n − 1 in the denominator; NaN below two values). */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let s = 0;
  for (let k = 0; k < n; k++) s += (values[k]! - m) ** 2;
  return Math.sqrt(s / (n - 1));
}
