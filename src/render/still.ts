/**
 * A figure's first picture as SVG instead of a canvas: computed the same way on the server (so
 * readers without JavaScript see it) and in the page (so hydration finds the same markup). The
 * network's picture itself comes from the one grid pass of src/core/gridpass.ts.
 */

export interface GrayRun {
  /** CSS colour of this level (black 0 … white 1). */
  readonly fill: string;
  /** One path of unit-high rectangles, in pixel coordinates of the picture. */
  readonly d: string;
}

/**
 * A size×size picture (values in [0, 1], clamped; NaN black) as a few SVG paths, one per gray
 * level: each row's runs of pixels of the same level become one rectangle. Smooth pictures (as
 * networks draw them) need few runs.
 */
export function grayRuns(values: ArrayLike<number>, size: number, levels = 32): GrayRun[] {
  if (values.length !== size * size) throw new Error(`grayRuns: ${values.length} values for ${size}×${size}`);
  const level = (v: number): number => (Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * (levels - 1)) : 0);
  const parts: string[][] = Array.from({ length: levels }, () => []);
  for (let i = 0; i < size; i++) {
    let j = 0;
    while (j < size) {
      const l = level(values[i * size + j]!);
      let end = j + 1;
      while (end < size && level(values[i * size + end]!) === l) end++;
      parts[l]!.push(`M${j} ${i}h${end - j}v1h${j - end}z`);
      j = end;
    }
  }
  const out: GrayRun[] = [];
  parts.forEach((p, l) => {
    if (p.length === 0) return;
    const g = Math.round((l / (levels - 1)) * 255);
    out.push({ fill: `rgb(${g},${g},${g})`, d: p.join('') });
  });
  return out;
}
