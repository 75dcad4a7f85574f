/**
 * The exact partition of the plane by a ReLU network: the convex pieces (linear regions) on each
 * of which the network is one affine function.
 *
 * Method. Start from the box, with the network's input (x, y) as the identity map. Layer by
 * layer: inside a current region the layer's input is an affine function of (x, y), so each of
 * the layer's neurons has an affine pre-activation there, and its zero set is a line. Split the
 * region by each such line in turn (keeping which side each piece is on: the neuron's on/off
 * bit), then pass each piece's affine map through the layer (off neurons give 0). After the last
 * hidden layer, the linear output layer gives each region its gradient and offset.
 *
 * Exact up to floating point. Points within geometry.ts's EPSILON (1e-12) of a line count as on
 * it; a piece thinner than that is merged into its neighbour (as splitLabelled does), so the areas
 * always add up to the box's and no sliver regions appear.
 *
 * The work is done on flat typed arrays (a deep network at initialisation has tens of thousands of
 * regions, and the figures recompute them while the network trains): `partition` returns them
 * packed, ready to send from a worker without copying; `linearRegions` unpacks them into objects.
 */
import { type Box, EPSILON, SQUARE } from './geometry.ts';
import type { Network } from './mlp.ts';

export interface LayerWeights {
  /** weights[out][in] */
  readonly weights: readonly ArrayLike<number>[];
  readonly biases: ArrayLike<number>;
}

export interface Region {
  /** Convex, counter-clockwise. */
  readonly polygon: [number, number][];
  /** On (1) or off (0) for every hidden neuron, layer by layer. */
  readonly pattern: (0 | 1)[];
  /** The network equals gradient[0]·x + gradient[1]·y + offset inside the polygon. */
  readonly gradient: [number, number];
  readonly offset: number;
  /** For each edge i (from vertex i to i + 1), the hidden layer whose fold made it (-1: the box). */
  readonly edgeLayers: number[];
}

/** Every region of a partition, packed in typed arrays. */
export interface Partition {
  /** The part of the plane partitioned. */
  readonly box: Box;
  /** Number of regions. */
  readonly count: number;
  /** Hidden neurons in all (the length of each pattern). */
  readonly neurons: number;
  /**
   * Hidden layers whose folds are in the partition: all of them, unless the region count would
   * have passed `maxRegions` (then the partition stops after the last layer that kept under it).
   */
  readonly layers: number;
  /** True when the partition stopped early (layers < hidden layers). */
  readonly capped: boolean;
  /** Region r's vertices are start[r] … start[r + 1] − 1. */
  readonly start: Uint32Array;
  /** Vertex coordinates, x and y interleaved; each polygon convex and counter-clockwise. */
  readonly xy: Float64Array;
  /** For each vertex, the hidden layer whose fold made the edge from it to the next (-1: the box). */
  readonly edgeLayer: Int16Array;
  /** count × neurons on/off bits, region by region (bits of layers not reached are 0). */
  readonly patterns: Uint8Array;
  /** The network's gradient (x, y interleaved) and offset in each region; NaN when capped. */
  readonly gradient: Float64Array;
  readonly offset: Float64Array;
  /**
   * When asked for: in each region, the outputs of the last hidden layer reached (after the ReLU)
   * as affine maps of (x, y): region r's unit k of `unitWidth` is
   * u[o + k]·x + u[o + w + k]·y + u[o + 2w + k] with o = 3·w·r and w = unitWidth.
   */
  readonly units?: Float64Array;
  readonly unitWidth?: number;
}

export interface PartitionOptions {
  /** Stop before a layer that would make more regions than this (default: no limit). */
  readonly maxRegions?: number;
  /** Also return each region's map to the last layer's outputs (see Partition.units). */
  readonly units?: boolean;
}

/** A convex polygon with an edge label per vertex, and a circle around it to skip lines fast. */
interface Shape {
  readonly xy: Float64Array;
  readonly labels: Int16Array;
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
}

function shape(xy: Float64Array, labels: Int16Array): Shape {
  const n = labels.length;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xy[2 * i]!;
    cy += xy[2 * i + 1]!;
  }
  cx /= n;
  cy /= n;
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    const dx = xy[2 * i]! - cx;
    const dy = xy[2 * i + 1]! - cy;
    r2 = Math.max(r2, dx * dx + dy * dy);
  }
  return { xy, labels, cx, cy, r: Math.sqrt(r2) };
}

/** Scratch space for cuts, grown as needed (polygons here have a handful of vertices). */
class Scratch {
  values = new Float64Array(32);
  xy = [new Float64Array(64), new Float64Array(64)] as const;
  labels = [new Int16Array(32), new Int16Array(32)] as const;
  count = [0, 0];
  ensure(n: number): void {
    // A side has at most n + 1 vertices.
    if (this.values.length >= n + 2) return;
    const size = 2 * (n + 2);
    this.values = new Float64Array(size);
    this.xy = [new Float64Array(2 * size), new Float64Array(2 * size)];
    this.labels = [new Int16Array(size), new Int16Array(size)];
  }
  /** Adds a vertex to side s, merging it with the previous one when they coincide (its label wins). */
  add(s: 0 | 1, x: number, y: number, label: number): void {
    const xy = this.xy[s];
    const k = this.count[s]!;
    if (k > 0 && Math.abs(xy[2 * k - 2]! - x) <= EPSILON && Math.abs(xy[2 * k - 1]! - y) <= EPSILON) {
      this.labels[s][k - 1] = label;
      return;
    }
    xy[2 * k] = x;
    xy[2 * k + 1] = y;
    this.labels[s][k] = label;
    this.count[s] = k + 1;
  }
  /** Side s as a shape, or null when it has no area (after dropping a closing repeat of the first vertex). */
  done(s: 0 | 1): Shape | null {
    const xy = this.xy[s];
    let k = this.count[s]!;
    while (k > 1 && Math.abs(xy[0]! - xy[2 * k - 2]!) <= EPSILON && Math.abs(xy[1]! - xy[2 * k - 1]!) <= EPSILON) k--;
    if (k < 3) return null;
    let twice = 0;
    for (let i = 0; i < k; i++) {
      const j = i + 1 < k ? i + 1 : 0;
      twice += xy[2 * i]! * xy[2 * j + 1]! - xy[2 * j]! * xy[2 * i + 1]!;
    }
    if (Math.abs(twice / 2) <= EPSILON) return null;
    return shape(xy.slice(0, 2 * k), this.labels[s].slice(0, k));
  }
}

/**
 * Cuts a shape by the line a·x + b·y + c = 0 (with a, b not both 0; norm = |(a, b)|), as
 * geometry.ts's splitLabelled does: both parts when the line really cuts it, else null (the
 * caller reads the side from `side`). Vertices within EPSILON of the line go to both parts; the
 * new edge along the line gets `label`.
 */
function cut(p: Shape, a: number, b: number, c: number, norm: number, label: number, t: Scratch): { positive: Shape; negative: Shape } | 1 | 0 {
  const { xy, labels } = p;
  const n = labels.length;
  t.ensure(n);
  const values = t.values;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = (a * xy[2 * i]! + b * xy[2 * i + 1]! + c) / norm;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= -EPSILON) return 1;
  if (max <= EPSILON) return 0;
  t.count[0] = 0;
  t.count[1] = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 < n ? i + 1 : 0;
    const px = xy[2 * i]!;
    const py = xy[2 * i + 1]!;
    const vp = values[i]!;
    const vq = values[j]!;
    const own = labels[i]!;
    const onLine = Math.abs(vp) <= EPSILON;
    if (vp >= -EPSILON) t.add(0, px, py, onLine && vq < -EPSILON ? label : own);
    if (vp <= EPSILON) t.add(1, px, py, onLine && vq > EPSILON ? label : own);
    if ((vp > EPSILON && vq < -EPSILON) || (vp < -EPSILON && vq > EPSILON)) {
      const s = vp / (vp - vq);
      const x = px + s * (xy[2 * j]! - px);
      const y = py + s * (xy[2 * j + 1]! - py);
      t.add(0, x, y, vp > 0 ? label : own);
      t.add(1, x, y, vp > 0 ? own : label);
    }
  }
  const positive = t.done(0);
  const negative = t.done(1);
  // A side with no area is left to the other: the whole shape stays on that side.
  if (!positive) return 0;
  if (!negative) return 1;
  return { positive, negative };
}

/** A layer's weights as one flat row-major array (out × in) and its biases. */
function flat(layer: LayerWeights): { w: Float64Array; b: Float64Array; inputs: number; outputs: number } {
  const outputs = layer.biases.length;
  const inputs = outputs > 0 ? layer.weights[0]!.length : 0;
  const w = new Float64Array(outputs * inputs);
  for (let j = 0; j < outputs; j++) {
    const row = layer.weights[j]!;
    if (row.length !== inputs) throw new RangeError('every row of a layer needs one weight per input');
    for (let i = 0; i < inputs; i++) w[j * inputs + i] = row[i]!;
  }
  return { w, b: Float64Array.from(layer.biases), inputs, outputs };
}

/**
 * The layer's pre-activations as affine maps of (x, y), given its input's, written into `out`:
 * unit k of an array of 3n numbers is u[k]·x + u[n + k]·y + u[2n + k]. The input is read from
 * `input` at `at` (3m numbers).
 */
function preActivations(layer: ReturnType<typeof flat>, input: Float64Array, at: number, live: Int32Array, out: Float64Array): void {
  const { w, b, inputs: m, outputs: n } = layer;
  // Units that are off (all three coefficients 0) contribute nothing: skip them.
  let count = 0;
  for (let i = 0; i < m; i++) if (input[at + i] !== 0 || input[at + m + i] !== 0 || input[at + 2 * m + i] !== 0) live[count++] = i;
  for (let j = 0; j < n; j++) {
    const row = j * m;
    let sx = 0;
    let sy = 0;
    let s = b[j]!;
    for (let q = 0; q < count; q++) {
      const i = live[q]!;
      const wi = w[row + i]!;
      sx += wi * input[at + i]!;
      sy += wi * input[at + m + i]!;
      s += wi * input[at + 2 * m + i]!;
    }
    out[j] = sx;
    out[n + j] = sy;
    out[2 * n + j] = s;
  }
}

/** A typed array that grows (doubling) as values are appended. */
class Grow<T extends Float64Array | Uint8Array> {
  length = 0;
  constructor(public data: T) {}
  /** Makes room for n more values and returns where they start. */
  reserve(n: number): number {
    const at = this.length;
    if (at + n > this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(2 * this.data.length, at + n));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.length = at + n;
    return at;
  }
}

/** Thrown inside a layer that would pass the region limit. */
class TooMany extends Error {}

export function partition(layers: readonly LayerWeights[], box: Box = SQUARE, options: PartitionOptions = {}): Partition {
  if (layers.length < 1) throw new RangeError('a network needs at least its output layer');
  const flats = layers.map(flat);
  const hidden = flats.slice(0, -1);
  const output = flats[flats.length - 1]!;
  if (output.outputs !== 1) throw new RangeError('the last layer must have one output');
  const neurons = hidden.reduce((s, l) => s + l.outputs, 0);
  const maxRegions = options.maxRegions ?? Infinity;
  const scratch = new Scratch();
  const widest = Math.max(2, ...flats.map((l) => l.outputs), ...flats.map((l) => l.inputs));
  const live = new Int32Array(widest);
  const pre = new Float64Array(3 * widest);

  // The current pieces: their shapes, the affine maps of the last layer's outputs (3·width each),
  // and the on/off bits so far (`bitsSoFar` each).
  const square = Float64Array.of(box.xMin, box.yMin, box.xMax, box.yMin, box.xMax, box.yMax, box.xMin, box.yMax);
  let shapes: Shape[] = [shape(square, Int16Array.of(-1, -1, -1, -1))];
  let units = Float64Array.of(1, 0, 0, 1, 0, 0);
  let patterns = new Uint8Array(0);
  let bitsSoFar = 0;
  let done = 0;
  // One piece's parts while the layer's lines cut it, with their bits for this layer.
  const parts: Shape[] = [];
  const bits = new Grow(new Uint8Array(64));

  try {
    hidden.forEach((layer, l) => {
      const width = layer.outputs;
      const m = layer.inputs;
      const nextShapes: Shape[] = [];
      const nextUnits = new Grow(new Float64Array(3 * width * shapes.length * 2));
      const nextPatterns = new Grow(new Uint8Array((bitsSoFar + width) * shapes.length * 2));
      for (let i = 0; i < shapes.length; i++) {
        preActivations(layer, units, 3 * m * i, live, pre);
        // The piece cut by one neuron's line after another; a cut part is replaced by its positive
        // side and its negative side goes to the end of the list (nothing else moves).
        parts.length = 0;
        parts.push(shapes[i]!);
        bits.length = 0;
        bits.data.fill(0, 0, bits.reserve(width) + width);
        for (let j = 0; j < width; j++) {
          const a = pre[j]!;
          const b = pre[width + j]!;
          const c = pre[2 * width + j]!;
          const norm = Math.sqrt(a * a + b * b);
          const count = parts.length;
          if (norm === 0) {
            // Not a line: the constant c is positive everywhere or nowhere (0 counts as off).
            if (c > 0) for (let k = 0; k < count; k++) bits.data[k * width + j] = 1;
            continue;
          }
          for (let k = 0; k < count; k++) {
            const p = parts[k]!;
            // Most lines miss most pieces: the circle around the piece tells without clipping.
            const d = (a * p.cx + b * p.cy + c) / norm;
            if (Math.abs(d) > p.r + 1e-9) {
              if (d > 0) bits.data[k * width + j] = 1;
              continue;
            }
            const result = cut(p, a, b, c, norm, l, scratch);
            if (result === 1) bits.data[k * width + j] = 1;
            else if (result !== 0) {
              // A real cut: the negative side copies the bits so far, the positive side turns j on.
              parts[k] = result.positive;
              parts.push(result.negative);
              const at = bits.reserve(width);
              bits.data.copyWithin(at, k * width, (k + 1) * width);
              bits.data[k * width + j] = 1;
            }
          }
        }
        if (nextShapes.length + parts.length > maxRegions) throw new TooMany();
        for (let k = 0; k < parts.length; k++) {
          nextShapes.push(parts[k]!);
          const p = nextPatterns.reserve(bitsSoFar + width);
          const to = nextPatterns.data;
          for (let q = 0; q < bitsSoFar; q++) to[p + q] = patterns[i * bitsSoFar + q]!;
          for (let q = 0; q < width; q++) to[p + bitsSoFar + q] = bits.data[k * width + q]!;
          // Through the ReLU: off units are 0 everywhere in this part.
          const u = nextUnits.reserve(3 * width);
          const d = nextUnits.data;
          for (let j = 0; j < width; j++) {
            const on = bits.data[k * width + j] === 1;
            d[u + j] = on ? pre[j]! : 0;
            d[u + width + j] = on ? pre[width + j]! : 0;
            d[u + 2 * width + j] = on ? pre[2 * width + j]! : 0;
          }
        }
      }
      shapes = nextShapes;
      units = nextUnits.data;
      patterns = nextPatterns.data;
      bitsSoFar += width;
      done = l + 1;
    });
  } catch (e) {
    if (!(e instanceof TooMany)) throw e;
  }

  const capped = done < hidden.length;
  const count = shapes.length;
  const start = new Uint32Array(count + 1);
  for (let r = 0; r < count; r++) start[r + 1] = start[r]! + shapes[r]!.labels.length;
  const xy = new Float64Array(2 * start[count]!);
  const edgeLayer = new Int16Array(start[count]!);
  const packed = new Uint8Array(count * neurons);
  const gradient = new Float64Array(2 * count);
  const offset = new Float64Array(count);
  const m = output.inputs;
  for (let r = 0; r < count; r++) {
    xy.set(shapes[r]!.xy, 2 * start[r]!);
    edgeLayer.set(shapes[r]!.labels, start[r]!);
    packed.set(patterns.subarray(r * bitsSoFar, (r + 1) * bitsSoFar), r * neurons);
    if (capped) {
      gradient[2 * r] = gradient[2 * r + 1] = offset[r] = NaN;
    } else {
      preActivations(output, units, 3 * m * r, live, pre);
      gradient[2 * r] = pre[0]!;
      gradient[2 * r + 1] = pre[1]!;
      offset[r] = pre[2]!;
    }
  }
  const result: Partition = { box: { xMin: box.xMin, xMax: box.xMax, yMin: box.yMin, yMax: box.yMax }, count, neurons, layers: done, capped, start, xy, edgeLayer, patterns: packed, gradient, offset };
  if (!options.units) return result;
  const unitWidth = done > 0 ? hidden[done - 1]!.outputs : 2;
  return { ...result, units: units.slice(0, 3 * unitWidth * count), unitWidth };
}

/** The partition's regions as objects (see Region). Throws when it was capped. */
export function regionsOf(p: Partition): Region[] {
  if (p.capped) throw new RangeError('a capped partition has no affine map per region');
  const out: Region[] = [];
  for (let r = 0; r < p.count; r++) {
    const polygon: [number, number][] = [];
    for (let v = p.start[r]!; v < p.start[r + 1]!; v++) polygon.push([p.xy[2 * v]!, p.xy[2 * v + 1]!]);
    out.push({
      polygon,
      pattern: Array.from(p.patterns.subarray(r * p.neurons, (r + 1) * p.neurons)) as (0 | 1)[],
      gradient: [p.gradient[2 * r]!, p.gradient[2 * r + 1]!],
      offset: p.offset[r]!,
      edgeLayers: Array.from(p.edgeLayer.subarray(p.start[r]!, p.start[r + 1]!)),
    });
  }
  return out;
}

/** Every linear region of the network inside the box (see partition). */
export function linearRegions(layers: readonly LayerWeights[], box: Box = SQUARE): Region[] {
  return regionsOf(partition(layers, box));
}

/** The forward pass's on/off pattern and output at one point, for checking regions. */
export function patternAt(layers: readonly LayerWeights[], x: number, y: number): { pattern: (0 | 1)[]; output: number } {
  let input = [x, y];
  const pattern: (0 | 1)[] = [];
  layers.forEach((layer, l) => {
    const last = l === layers.length - 1;
    input = Array.from(layer.biases, (b, j) => {
      const row = layer.weights[j]!;
      let z = b;
      for (let i = 0; i < input.length; i++) z += row[i]! * input[i]!;
      if (last) return z;
      pattern.push(z > 0 ? 1 : 0);
      return z > 0 ? z : 0;
    });
  });
  return { pattern, output: input[0]! };
}

/** A network of src/core/mlp.ts (row-major weights per layer) as the layers partition takes. */
export function networkLayers(net: Network): LayerWeights[] {
  return net.map((layer) => ({
    weights: Array.from({ length: layer.outputs }, (_, o) => layer.weights.subarray(o * layer.inputs, (o + 1) * layer.inputs)),
    biases: layer.biases,
  }));
}

/**
 * The network's first k hidden layers (k ≥ 1), closed by an output that adds up the k-th layer's
 * neurons: its partition is the one those k layers make.
 */
export function firstLayers(layers: readonly LayerWeights[], k: number): LayerWeights[] {
  const kept = layers.slice(0, Math.max(1, Math.min(k, layers.length - 1)));
  const width = kept[kept.length - 1]!.biases.length;
  return [...kept, { weights: [Array.from({ length: width }, () => 1)], biases: [0] }];
}
