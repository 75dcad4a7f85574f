import { describe, expect, it } from 'vitest';
import { decisionBoundaries } from '../../src/core/boundaries.ts';
import { ON_FOLD, bendHistogram, boundaryCreases, creaseCrossesBox, foldDistances } from '../../src/core/boundarycreases.ts';
import { SQUARE, boxPolygon, lineThroughPolygon } from '../../src/core/geometry.ts';
import { type Network, forwardAll, initNetwork } from '../../src/core/mlp.ts';
import { networkLayers, patternAt } from '../../src/core/regions.ts';

/** The class of the largest logit at (x, y). */
function classAt(net: Network, x: number, y: number): number {
  const z = forwardAll(net, x, y);
  let best = 0;
  for (let j = 1; j < z.length; j++) if (z[j]! > z[best]!) best = j;
  return best;
}

/** Changes of class between consecutive samples of the path t ↦ point(t), t from 0 to 1. */
function classChanges(net: Network, point: (t: number) => readonly [number, number], samples: number): number {
  let changes = 0;
  let last = classAt(net, ...point(0));
  for (let k = 1; k <= samples; k++) {
    const now = classAt(net, ...point(k / samples));
    if (now !== last) changes++;
    last = now;
  }
  return changes;
}

const layer = (inputs: number, outputs: number, weights: number[], biases: number[]) => ({
  inputs,
  outputs,
  weights: Float32Array.from(weights),
  biases: Float32Array.from(biases),
});

describe('boundary bends and creases', () => {
  it('a network drawn by hand: one bend, on the one crease the boundary crosses', () => {
    // Creases x = -1 (on the square's side), y = 0 and x = 0.75. Logit 1 minus logit 0 is
    // x − 0.25 + 0.5·max(y, 0) left of x = 0.75: the boundary runs down x = 0.25 below y = 0 and
    // bends there towards (−0.25, 1).
    const net: Network = [layer(2, 3, [1, 0, 0, 1, 1, 0], [1, 0, -0.75]), layer(3, 2, [0, 0, 0, 1, 0.5, 1], [1.25, 0])];
    const r = boundaryCreases(net)!;
    expect(r).toMatchObject({ segments: 2, bends: 1, bendsByLayer: [1], ends: 2, junctions: 0, unplaced: 0, straight: 0 });
    expect(r).toMatchObject({ creases: 2, creasesWithBends: 1, regions: 4, crossed: 2 });
    expect(Array.from(r.bendsPerCrease)).toEqual([0, 1, 0]);
    // From straight down to the direction (−0.5, 1): a turn of atan(0.5).
    expect(r.turns).toHaveLength(1);
    expect(r.turns[0]).toBeCloseTo(Math.atan(0.5), 12);
    expect(bendHistogram(r, net)).toEqual([1, 1]);
  });

  it('a crease crosses the square only through its inside', () => {
    expect(creaseCrossesBox(1, 0, 0)).toBe(true);
    expect(creaseCrossesBox(1, 0, 1)).toBe(false); // x = -1: the side
    expect(creaseCrossesBox(1, 1, 1.99)).toBe(true);
    expect(creaseCrossesBox(1, 1, 2)).toBe(false); // through the corner only
    expect(creaseCrossesBox(0, 0, 0)).toBe(false);
  });

  it("measures a first-layer neuron's distance to its crease exactly, and finds a deeper fold at a point where its pre-activation is zero", () => {
    const net = initNetwork([6, 6], 3, 2);
    const [d0] = foldDistances(net, 0.3, -0.2);
    const first = net[0]!;
    for (let k = 0; k < 6; k++) {
      const [a, b, c] = [first.weights[2 * k]!, first.weights[2 * k + 1]!, first.biases[k]!];
      expect(d0![k]).toBeCloseTo(Math.abs(a * 0.3 + b * -0.2 + c) / Math.hypot(a, b), 12);
    }
    // Along a row of the square, a second-layer neuron's pre-activation changes sign: bisect to
    // its zero and ask for the distance there.
    // Pre-activation of neuron k of the second layer at (x, 0.1).
    const z = (x: number, k: number): number => {
      const second = net[1]!;
      let s = second.biases[k]!;
      for (let i = 0; i < 6; i++) s += second.weights[k * 6 + i]! * Math.max(0, first.weights[2 * i]! * x + first.weights[2 * i + 1]! * 0.1 + first.biases[i]!);
      return s;
    };
    let found = 0;
    for (let k = 0; k < 6; k++) {
      let lo = -1;
      let hi = 1;
      if (Math.sign(z(lo, k)) === Math.sign(z(hi, k))) continue;
      for (let it = 0; it < 80; it++) {
        const mid = (lo + hi) / 2;
        if (Math.sign(z(mid, k)) === Math.sign(z(lo, k))) lo = mid;
        else hi = mid;
      }
      expect(foldDistances(net, (lo + hi) / 2, 0.1)[1]![k]).toBeLessThan(1e-12);
      found++;
    }
    expect(found).toBeGreaterThan(0);
  });

  for (const [name, hidden, K, seed] of [
    ['one layer of 12, two classes', [12], 2, 3],
    ['one layer of 30, three classes', [30], 3, 5],
    ['two layers of 8, three classes', [8, 8], 3, 4],
  ] as const) {
    describe(name, () => {
      const net = initNetwork(hidden, seed, K);
      const b = decisionBoundaries(net)!;
      const r = boundaryCreases(net, { boundaries: b })!;

      it('has a boundary that bends on some creases and misses others', () => {
        expect(r.segments).toBeGreaterThan(2);
        expect(r.bends).toBeGreaterThan(0);
        expect(r.unplaced).toBe(0);
        expect(r.creasesWithBends).toBeGreaterThan(0);
        expect(r.creasesWithBends).toBeLessThanOrEqual(r.creases);
        expect(r.bendsByLayer.length).toBe(hidden.length);
        expect(r.bendsByLayer.reduce((s, n) => s + n, 0)).toBe(r.bends);
        if (K === 2) expect(r.junctions).toBe(0);
        // Every segment has two ends: on a side, at a bend (two segments) or at a junction (three).
        if (K === 2) expect(2 * r.segments).toBe(r.ends + 2 * r.bends);
        // Every bend joins two segments and turns the boundary through an angle between 0 and π.
        expect(r.turns.length).toBe(r.bends);
        for (const t of r.turns) expect(t).toBeGreaterThan(0);
        expect(r.turns.every((t) => t < Math.PI)).toBe(true);
      });

      it('counts on each crease as many bends as the class changes along it (a brute-force walk of 10,000 steps)', () => {
        const first = net[0]!;
        let total = 0;
        for (let k = 0; k < first.outputs; k++) {
          const g = { a: first.weights[2 * k]!, b: first.weights[2 * k + 1]!, c: first.biases[k]! };
          const inside = lineThroughPolygon(boxPolygon(SQUARE), g);
          expect(inside !== null, `crease ${k}`).toBe(creaseCrossesBox(g.a, g.b, g.c));
          if (!inside) {
            expect(r.bendsPerCrease[k]).toBe(0);
            continue;
          }
          const [[x0, y0], [x1, y1]] = inside;
          const changes = classChanges(net, (t) => [x0 + t * (x1 - x0), y0 + t * (y1 - y0)], 10000);
          expect(r.bendsPerCrease[k], `crease ${k}`).toBe(changes);
          total += changes;
        }
        expect(r.bendsByLayer[0]).toBe(total);
      });

      it("ends on the square's sides where the class changes along its rim", () => {
        const corners = [
          [-1, -1],
          [1, -1],
          [1, 1],
          [-1, 1],
        ] as const;
        let changes = 0;
        for (let side = 0; side < 4; side++) {
          const [x0, y0] = corners[side]!;
          const [x1, y1] = corners[(side + 1) % 4]!;
          changes += classChanges(net, (t) => [x0 + t * (x1 - x0), y0 + t * (y1 - y0)], 10000);
        }
        expect(r.ends).toBe(changes);
      });

      it('crosses the regions in which points of the boundary found by bisection lie, and no others', () => {
        // Exact boundary points: wherever the class changes between neighbours on rows and columns
        // of a 400 × 400 grid, bisect to the change. Their on/off patterns name the regions crossed.
        const layers = networkLayers(net);
        const key = (x: number, y: number) => patternAt(layers, x, y).pattern.join('');
        const found = new Set<string>();
        const n = 400;
        for (let i = 0; i <= n; i++) {
          const fixed = -1 + (2 * i) / n + 1e-6;
          for (const along of [(t: number) => [t, fixed] as const, (t: number) => [fixed, t] as const]) {
            let last = classAt(net, ...along(-1));
            for (let k = 1; k <= n; k++) {
              const t = -1 + (2 * k) / n;
              const now = classAt(net, ...along(t));
              if (now !== last) {
                let lo = t - 2 / n;
                let hi = t;
                for (let it = 0; it < 60; it++) {
                  const mid = (lo + hi) / 2;
                  if (classAt(net, ...along(mid)) === last) lo = mid;
                  else hi = mid;
                }
                const [x, y] = along((lo + hi) / 2);
                // Skip points on a fold, where the pattern is ambiguous.
                if (Math.min(...foldDistances(net, x, y).map((d) => Math.min(...d))) > 1e-6) found.add(key(x, y));
              }
              last = now;
            }
          }
        }
        // The regions the exact segments lie in, by their midpoints' patterns, with the boundary's length in each.
        const exact = new Map<string, number>();
        for (let s = 0; s < r.segments; s++) {
          const [x1, y1, x2, y2] = b.segments.subarray(4 * s, 4 * s + 4);
          const k = key((x1! + x2!) / 2, (y1! + y2!) / 2);
          exact.set(k, (exact.get(k) ?? 0) + Math.hypot(x2! - x1!, y2! - y1!));
        }
        expect(exact.size).toBe(r.crossed);
        // Every boundary point found lies in a region the exact boundary crosses; and the grid
        // finds every such region except where the boundary runs for less than two grid steps.
        for (const k of found) expect(exact.has(k), k).toBe(true);
        for (const [k, length] of exact) if (!found.has(k)) expect(length, `region ${k}`).toBeLessThan(2 * (2 / n));
        expect(found.size).toBeGreaterThan(0.9 * exact.size);
        expect(r.crossed).toBeLessThan(r.regions);
      });
    });
  }

  it('the tolerance is stated, and a larger one does not change what a small network shows', () => {
    expect(ON_FOLD).toBe(1e-7);
    const net = initNetwork([20], 8, 3);
    const a = boundaryCreases(net)!;
    const b = boundaryCreases(net, { tolerance: 1e-5 })!;
    const plain = (r: typeof a) => ({ ...r, bendsPerCrease: Array.from(r.bendsPerCrease), turns: Array.from(r.turns, (t) => t.toFixed(6)) });
    expect(plain(b)).toEqual(plain(a));
  });

  it('returns null when the partition would pass its cap', () => {
    expect(boundaryCreases(initNetwork([200], 1, 2), { maxRegions: 100 })).toBeNull();
  });
});
