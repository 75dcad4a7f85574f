import { describe, expect, it } from 'vitest';
import { labelPixels } from '../../src/render/classmap.ts';
import { CLASS_COLOURS } from '../../src/render/classes.ts';

describe('labelPixels', () => {
  it('paints each pixel in its class’s colour, opaque', () => {
    const px = labelPixels([0, 1, 2, 1], 2);
    const colour = (q: number): number[] => Array.from(px.subarray(4 * q, 4 * q + 3));
    // Full confidence is close to the class colour (a little of the gray kept), never gray itself.
    for (const [q, k] of [[0, 0], [1, 1], [2, 2], [3, 1]] as const) {
      const c = colour(q);
      const want = CLASS_COLOURS[k]!;
      for (let i = 0; i < 3; i++) expect(Math.abs(c[i]! - want[i]!)).toBeLessThan(12);
      expect(px[4 * q + 3]).toBe(255);
    }
    expect(colour(1)).toEqual(colour(3));
    expect(colour(0)).not.toEqual(colour(1));
  });
});
