/**
 * The exact decision boundaries of a classifier: where its two largest logits are equal.
 *
 * Inside each linear region of the network (src/core/regions.ts) every logit is an affine function
 * of (x, y), so the set where class c beats class j and every other class is a convex polygon, and
 * the boundary between c and j inside the region is one straight segment: the part of the line
 * z_c = z_j where both beat the rest. The boundaries are the union of those segments over the
 * regions, exact up to floating point.
 */
import { type Affine, type Box, type Point, type Polygon, SQUARE, clipHalfPlane, lineThroughPolygon } from './geometry.ts';
import type { Network } from './mlp.ts';
import { firstLayers, networkLayers, partition } from './regions.ts';

export interface Boundaries {
  /** Segments, four numbers each: x1, y1, x2, y2. */
  readonly segments: Float64Array;
  /** For each segment, the two classes it separates (the smaller first). */
  readonly pairs: Uint8Array;
  /** Linear regions the network has in the box. */
  readonly regions: number;
  /** Regions the boundaries cross. */
  readonly crossed: number;
}

const minus = (p: Affine, q: Affine): Affine => ({ a: p.a - q.a, b: p.b - q.b, c: p.c - q.c });

/**
 * The decision boundaries of a network with K ≥ 2 outputs in the box, or null when its partition
 * would have more than `maxRegions` regions. A network with one output (a sigmoid's logit z) is
 * read as two classes with logits (0, z), so its boundary is the line z = 0 in each region.
 */
export function decisionBoundaries(net: Network, box: Box = SQUARE, maxRegions = Infinity): Boundaries | null {
  const layers = networkLayers(net);
  const hidden = layers.length - 1;
  const out = net[net.length - 1]!;
  const outputs = out.outputs;
  // One output: class 0's logit is held at zero and class 1's is the output.
  const K = Math.max(2, outputs);
  const lift = outputs === 1 ? 1 : 0;
  const p = partition(firstLayers(layers, hidden), box, { units: true, maxRegions });
  if (p.capped) return null;
  const w = p.unitWidth!;
  const units = p.units!;
  const segments: number[] = [];
  const pairs: number[] = [];
  let crossed = 0;
  const logits: Affine[] = new Array(K);
  for (let r = 0; r < p.count; r++) {
    const o = 3 * w * r;
    if (lift) logits[0] = { a: 0, b: 0, c: 0 };
    for (let c = 0; c < outputs; c++) {
      let a = 0;
      let b = 0;
      let d = out.biases[c]!;
      for (let k = 0; k < w; k++) {
        const v = out.weights[c * w + k]!;
        if (v === 0) continue;
        a += v * units[o + k]!;
        b += v * units[o + w + k]!;
        d += v * units[o + 2 * w + k]!;
      }
      logits[c + lift] = { a, b, c: d };
    }
    const polygon: Point[] = [];
    for (let v = p.start[r]!; v < p.start[r + 1]!; v++) polygon.push([p.xy[2 * v]!, p.xy[2 * v + 1]!]);
    // The classes that win somewhere in the region: those that win at a vertex, or could between.
    let any = false;
    for (let c = 0; c < K; c++) {
      for (let j = c + 1; j < K; j++) {
        const line = minus(logits[c]!, logits[j]!);
        // Where c and j both beat every other class.
        let cell: Polygon = polygon;
        for (let m = 0; m < K && cell.length > 0; m++) {
          if (m === c || m === j) continue;
          cell = clipHalfPlane(cell, minus(logits[c]!, logits[m]!), 'positive');
          if (cell.length > 0) cell = clipHalfPlane(cell, minus(logits[j]!, logits[m]!), 'positive');
        }
        if (cell.length < 3) continue;
        const seg = lineThroughPolygon(cell, line);
        if (!seg) continue;
        segments.push(seg[0][0], seg[0][1], seg[1][0], seg[1][1]);
        pairs.push(c, j);
        any = true;
      }
    }
    if (any) crossed++;
  }
  return { segments: Float64Array.from(segments), pairs: Uint8Array.from(pairs), regions: p.count, crossed };
}
