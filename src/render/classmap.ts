/**
 * A class target as a picture: each pixel in the full colour of its class (the colours of the
 * classifier's pictures, src/render/classes.ts, at full confidence).
 */
import { CONFIDENCE_LEVELS, levelColour } from './classes.ts';

/** RGBA pixels of size × size class numbers (row by row). */
export function labelPixels(labels: ArrayLike<number>, size: number, out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(size * size * 4)): Uint8ClampedArray<ArrayBuffer> {
  for (let q = 0; q < size * size; q++) {
    const [r, g, b] = levelColour(labels[q]! * CONFIDENCE_LEVELS + CONFIDENCE_LEVELS - 1);
    out[4 * q] = r;
    out[4 * q + 1] = g;
    out[4 * q + 2] = b;
    out[4 * q + 3] = 255;
  }
  return out;
}
