import { describe, expect, it } from 'vitest';
import { decisionBoundaries } from '../../src/core/boundaries.ts';
import { forwardAll, initNetwork } from '../../src/core/mlp.ts';
import { rng } from '../../src/core/rng.ts';

/** The class of the largest logit at (x, y). */
const classAt = (net: ReturnType<typeof initNetwork>, x: number, y: number): number => {
  const z = forwardAll(net, x, y);
  let best = 0;
  for (let j = 1; j < z.length; j++) if (z[j]! > z[best]!) best = j;
  return best;
};

describe('exact decision boundaries', () => {
  for (const [name, hidden, K] of [
    ['one layer of 12, two classes', [12], 2],
    ['one layer of 20, four classes', [20], 4],
    ['two layers of 8, three classes', [8, 8], 3],
  ] as const) {
    it(`${name}: every segment has equal top logits along it, and the class changes across it`, () => {
      const net = initNetwork(hidden, hidden.length > 1 ? 4 : 3, K);
      const b = decisionBoundaries(net)!;
      expect(b.segments.length / 4).toBeGreaterThan(0);
      expect(b.crossed).toBeLessThanOrEqual(b.regions);
      for (let s = 0; s < b.segments.length / 4; s++) {
        const [x1, y1, x2, y2] = b.segments.subarray(4 * s, 4 * s + 4);
        const [c, j] = [b.pairs[2 * s]!, b.pairs[2 * s + 1]!];
        for (const t of [0.25, 0.5, 0.75]) {
          const x = x1! + t * (x2! - x1!);
          const y = y1! + t * (y2! - y1!);
          const z = forwardAll(net, x, y);
          expect(Math.abs(z[c]! - z[j]!)).toBeLessThan(1e-9);
          for (let m = 0; m < K; m++) expect(z[m]!).toBeLessThanOrEqual(z[c]! + 1e-9);
        }
        // A step off the middle of the segment to either side: one side is c, the other j.
        const mx = (x1! + x2!) / 2;
        const my = (y1! + y2!) / 2;
        const len = Math.hypot(x2! - x1!, y2! - y1!);
        if (len < 1e-3) continue;
        const nx = -(y2! - y1!) / len;
        const ny = (x2! - x1!) / len;
        const sides = new Set([classAt(net, mx + 1e-7 * nx, my + 1e-7 * ny), classAt(net, mx - 1e-7 * nx, my - 1e-7 * ny)]);
        expect(sides).toEqual(new Set([c, j]));
      }
    });
  }

  it('finds every change of class along random lines across the square', () => {
    const net = initNetwork([16], 5, 3);
    const b = decisionBoundaries(net)!;
    const r = rng(4);
    for (let trial = 0; trial < 20; trial++) {
      const y = r.uniform(-0.95, 0.95);
      let last = classAt(net, -1, y);
      for (let k = 1; k <= 400; k++) {
        const x = -1 + (2 * k) / 400;
        const now = classAt(net, x, y);
        if (now !== last) {
          // Some segment crosses the row between the two samples.
          let found = false;
          for (let s = 0; s < b.segments.length / 4 && !found; s++) {
            const [x1, y1, x2, y2] = b.segments.subarray(4 * s, 4 * s + 4);
            if ((y1! - y) * (y2! - y) > 0 || y1 === y2) continue;
            const cx = x1! + ((y - y1!) / (y2! - y1!)) * (x2! - x1!);
            if (cx >= x - 2 / 400 - 1e-9 && cx <= x + 1e-9) found = true;
          }
          expect(found, `a boundary at y = ${y.toFixed(3)} near x = ${x.toFixed(3)}`).toBe(true);
        }
        last = now;
      }
    }
  });

  it('reads one output z as the two logits (0, z): its boundary is where z = 0, the same as the network with both', () => {
    const one = initNetwork([12], 6, 1);
    // Its output shifted to be zero at the origin, so that the line z = 0 crosses the square.
    one[1]!.biases[0]! -= forwardAll(one, 0, 0)[0]!;
    // The same network with a second output row of zeros in front: logits (0, z).
    const two = [one[0]!, { inputs: 12, outputs: 2, weights: Float32Array.from([...new Array(12).fill(0), ...one[1]!.weights]), biases: Float32Array.of(0, one[1]!.biases[0]!) }];
    const b1 = decisionBoundaries(one)!;
    const b2 = decisionBoundaries(two)!;
    expect(b1.segments.length).toBeGreaterThan(0);
    expect(Array.from(b1.segments)).toEqual(Array.from(b2.segments));
    expect(Array.from(b1.pairs)).toEqual(Array.from(b2.pairs));
    for (let s = 0; s < b1.segments.length / 4; s++) {
      const [x1, y1, x2, y2] = b1.segments.subarray(4 * s, 4 * s + 4);
      expect(Math.abs(forwardAll(one, (x1! + x2!) / 2, (y1! + y2!) / 2)[0]!)).toBeLessThan(1e-9);
    }
  });

  it('says when the partition would pass its cap', () => {
    expect(decisionBoundaries(initNetwork([200], 1, 2), undefined, 100)).toBeNull();
  });
});
