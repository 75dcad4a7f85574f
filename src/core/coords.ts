/**
 * The one coordinate convention of the site. An image is the square [-1, 1]², x to the right and
 * y up. Pixel (i, j) of an N×N sampling (row i from the top, column j from the left) has its centre at
 *
 *   x = -1 + (2j + 1) / N,   y = 1 - (2i + 1) / N.
 *
 * Every sampling, training set and prediction image uses these functions.
 */

export function pixelCentre(i: number, j: number, n: number): readonly [x: number, y: number] {
  return [-1 + (2 * j + 1) / n, 1 - (2 * i + 1) / n];
}

/** The pixel (row, column) whose cell holds (x, y), clamped to the image. */
export function pixelOf(x: number, y: number, n: number): readonly [i: number, j: number] {
  const clamp = (k: number): number => Math.min(n - 1, Math.max(0, k));
  return [clamp(Math.floor(((1 - y) * n) / 2)), clamp(Math.floor(((x + 1) * n) / 2))];
}

/** All pixel centres of an N×N sampling, row by row, as interleaved [x0, y0, x1, y1, …]. */
export function gridPoints(n: number): Float64Array {
  const out = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [x, y] = pixelCentre(i, j, n);
      out[2 * (i * n + j)] = x;
      out[2 * (i * n + j) + 1] = y;
    }
  }
  return out;
}
