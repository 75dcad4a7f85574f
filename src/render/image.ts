/**
 * Pictures as pixels: a network's output (or a target) of size×size values, row by row, turned
 * into RGBA bytes for a canvas. Brightness: 0 is black, 1 is white, values outside [0, 1] are
 * clamped (and visible in the error map).
 */

export function grayPixels(values: ArrayLike<number>, size: number, out = new Uint8ClampedArray(size * size * 4)): Uint8ClampedArray {
  for (let k = 0; k < size * size; k++) {
    const v = values[k]!;
    const g = Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 255) : 0;
    out[4 * k] = g;
    out[4 * k + 1] = g;
    out[4 * k + 2] = g;
    out[4 * k + 3] = 255;
  }
  return out;
}

/**
 * The error, prediction − target, on a diverging scale: white where they agree, red where the
 * network draws too bright, blue where too dark, full colour at an error of ±`range`. Values that
 * are not finite (a diverged run) show as magenta.
 */
export function errorPixels(
  prediction: ArrayLike<number>,
  target: ArrayLike<number>,
  size: number,
  range = 0.5,
  out = new Uint8ClampedArray(size * size * 4),
): Uint8ClampedArray {
  for (let k = 0; k < size * size; k++) {
    const e = prediction[k]! - target[k]!;
    let r = 255;
    let g = 255;
    let b = 255;
    if (!Number.isFinite(e)) {
      g = 0;
    } else {
      const t = Math.min(1, Math.abs(e) / range);
      if (e > 0) {
        g = Math.round(255 * (1 - 0.85 * t));
        b = Math.round(255 * (1 - t));
      } else {
        r = Math.round(255 * (1 - t));
        g = Math.round(255 * (1 - 0.6 * t));
      }
    }
    out[4 * k] = r;
    out[4 * k + 1] = g;
    out[4 * k + 2] = b;
    out[4 * k + 3] = 255;
  }
  return out;
}
