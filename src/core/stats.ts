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

/** ln Γ(x) for x > 0 (Lanczos' approximation, g = 7, nine terms: about 15 digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let sum = c[0]!;
  for (let k = 1; k < 9; k++) sum += c[k]! / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // The fraction converges fast for x < (a + 1)/(a + b + 2); otherwise use I_x(a, b) = 1 − I_{1−x}(b, a).
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - (logGamma(a) + logGamma(b) - logGamma(a + b))) / a;
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 400; i++) {
    const m = i >> 1;
    let numerator: number;
    if (i === 0) numerator = 1;
    else if (i % 2 === 0) numerator = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    else numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    const step = c * d;
    f *= step;
    if (Math.abs(1 - step) < 1e-15) break;
  }
  return front * (f - 1);
}

/** P(T ≤ t) for Student's t distribution with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, for Student's t distribution with `df` degrees of freedom (0 < p < 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must lie in (0, 1), got ${p}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-12 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** The interval mean ± t·sd/√n for the two-sided `level` (NaN below two values). */
  readonly low: number;
  readonly high: number;
}

/** The mean of the values with its Student-t confidence interval (the values taken as independent draws). */
export function meanInterval(values: ArrayLike<number>, level = 0.95): MeanInterval {
  const n = values.length;
  const m = mean(values);
  const sd = standardDeviation(values);
  const half = n >= 2 ? (studentTQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n) : NaN;
  return { n, mean: m, sd, low: m - half, high: m + half };
}

/** P(X ≤ k) for a Poisson count X with mean μ (summed in logs, so large k and μ stay finite). */
export function poissonCdf(k: number, mu: number): number {
  if (k < 0) return 0;
  if (mu === 0) return 1;
  let term = -mu; // log of e^−μ μ^i / i! at i = 0
  let sum = Math.exp(term);
  for (let i = 1; i <= k; i++) {
    term += Math.log(mu) - Math.log(i);
    sum += Math.exp(term);
  }
  return Math.min(1, sum);
}

/**
 * The exact (Garwood) confidence interval for the mean of a Poisson count, from `total` events
 * seen over `runs` equal runs, per run: the means under which seeing that few, or that many,
 * events has probability (1 − level)/2. With no events at all the lower end is 0 and the upper
 * one −ln((1 − level)/2)/runs.
 */
export function poissonInterval(total: number, runs = 1, level = 0.95): { rate: number; low: number; high: number } {
  if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`poissonInterval: total must be a whole number ≥ 0, got ${total}`);
  const tail = (1 - level) / 2;
  const solve = (f: (mu: number) => number): number => {
    // f falls from above 0 to below 0 as μ grows; find where it crosses.
    let lo = 0;
    let hi = total + 10 + 10 * Math.sqrt(total + 1);
    while (f(hi) > 0) hi *= 2;
    for (let k = 0; k < 200 && hi - lo > 1e-12 * hi; k++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > 0) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const high = solve((mu) => poissonCdf(total, mu) - tail);
  const low = total === 0 ? 0 : solve((mu) => tail - (1 - poissonCdf(total - 1, mu)));
  return { rate: total / runs, low: low / runs, high: high / runs };
}
