/**
 * Pictures as pixels: a network's output (or a target) of size×size values, row by row, turned
 * into RGBA bytes for a canvas. Brightness: 0 is black, 1 is white, values outside [0, 1] are
 * clamped (and visible in the error map).
 */

export function grayPixels(values: ArrayLike<number>, size: number, out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(size * size * 4)): Uint8ClampedArray<ArrayBuffer> {
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
  out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(size * size * 4),
): Uint8ClampedArray<ArrayBuffer> {
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

/**
 * The prediction as folded paper: the picture printed on the learned surface z = f(x, y) (raised
 * by `height`) and lit by one light from the upper left (Lambert), in paper colours. The network
 * is flat between creases, so each flat piece gets one shade of light and the creases show as
 * folds. Normals come from central differences on the pixel grid (exact inside a facet; a crease
 * blurs over one pixel on each side).
 */
export function paperPixels(values: ArrayLike<number>, size: number, height = 0.6, out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(size * size * 4)): Uint8ClampedArray<ArrayBuffer> {
  const step = 2 / size; // pixel spacing in the square [-1, 1]²
  const light = [-0.5, 0.55, 0.67];
  const norm = Math.hypot(...light);
  const [lx, ly, lz] = light.map((c) => c / norm) as [number, number, number];
  const at = (i: number, j: number): number => {
    const v = values[Math.min(size - 1, Math.max(0, i)) * size + Math.min(size - 1, Math.max(0, j))]!;
    return Number.isFinite(v) ? v : 0;
  };
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      // Rows run downwards, y upwards: dz/dy = (z above − z below) / 2·step.
      const gx = (height * (at(i, j + 1) - at(i, j - 1))) / (2 * step);
      const gy = (height * (at(i - 1, j) - at(i + 1, j))) / (2 * step);
      const n = Math.hypot(gx, gy, 1);
      const lambert = Math.max(0, (-gx * lx - gy * ly + lz) / n);
      // Printed brightness times light: the picture stays readable, the folds show on top.
      const ink = 0.4 + 0.6 * Math.min(1, Math.max(0, at(i, j)));
      const shade = ink * (0.15 + 0.85 * lambert);
      const k = 4 * (i * size + j);
      out[k] = Math.round(250 * shade);
      out[k + 1] = Math.round(244 * shade);
      out[k + 2] = Math.round(230 * shade);
      out[k + 3] = 255;
    }
  }
  return out;
}
