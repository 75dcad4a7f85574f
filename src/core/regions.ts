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

/**
 * Convex polygons packed in typed arrays that grow (doubling) and are reused: the vertices (x, y
 * and the label of the edge from each vertex to the next) and, per polygon, its first vertex, its
 * vertex count and a circle around it (the mean of its vertices and the largest distance from it),
 * to skip lines that miss it without clipping.
 */
class Polygons {
  xy = new Float64Array(256);
  labels = new Int16Array(128);
  first = new Int32Array(32);
  size = new Int32Array(32);
  cx = new Float64Array(32);
  cy = new Float64Array(32);
  r = new Float64Array(32);
  count = 0;
  vertices = 0;

  clear(): void {
    this.count = 0;
    this.vertices = 0;
  }

  /** Room for one more polygon of k vertices; returns its id. */
  private reserve(k: number): number {
    if (this.vertices + k > this.labels.length) {
      const size = Math.max(2 * this.labels.length, this.vertices + k);
      const xy = new Float64Array(2 * size);
      xy.set(this.xy.subarray(0, 2 * this.vertices));
      const labels = new Int16Array(size);
      labels.set(this.labels.subarray(0, this.vertices));
      this.xy = xy;
      this.labels = labels;
    }
    if (this.count === this.first.length) {
      const size = 2 * this.count;
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(size);
        b.set(a);
        return b;
      };
      this.first = grow(this.first);
      this.size = grow(this.size);
      this.cx = grow(this.cx);
      this.cy = grow(this.cy);
      this.r = grow(this.r);
    }
    const id = this.count++;
    this.first[id] = this.vertices;
    this.size[id] = k;
    this.vertices += k;
    return id;
  }

  /** Appends the k vertices of xy/labels (from vertex 0) as a new polygon and finds its circle. */
  add(xy: Float64Array, labels: Int16Array, k: number): number {
    const id = this.reserve(k);
    const at = this.first[id]!;
    for (let i = 0; i < k; i++) {
      this.xy[2 * (at + i)] = xy[2 * i]!;
      this.xy[2 * (at + i) + 1] = xy[2 * i + 1]!;
      this.labels[at + i] = labels[i]!;
    }
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < k; i++) {
      cx += xy[2 * i]!;
      cy += xy[2 * i + 1]!;
    }
    cx /= k;
    cy /= k;
    let r2 = 0;
    for (let i = 0; i < k; i++) {
      const dx = xy[2 * i]! - cx;
      const dy = xy[2 * i + 1]! - cy;
      r2 = Math.max(r2, dx * dx + dy * dy);
    }
    this.cx[id] = cx;
    this.cy[id] = cy;
    this.r[id] = Math.sqrt(r2);
    return id;
  }

  /** Appends a copy of polygon `id` of `from` (circle included). */
  copy(from: Polygons, id: number): number {
    const k = from.size[id]!;
    const to = this.reserve(k);
    const a = from.first[id]!;
    const b = this.first[to]!;
    for (let i = 0; i < k; i++) {
      this.xy[2 * (b + i)] = from.xy[2 * (a + i)]!;
      this.xy[2 * (b + i) + 1] = from.xy[2 * (a + i) + 1]!;
      this.labels[b + i] = from.labels[a + i]!;
    }
    this.cx[to] = from.cx[id]!;
    this.cy[to] = from.cy[id]!;
    this.r[to] = from.r[id]!;
    return to;
  }
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
  /**
   * The vertex count of side s after dropping a closing repeat of the first vertex, or 0 when it
   * has no area.
   */
  done(s: 0 | 1): number {
    const xy = this.xy[s];
    let k = this.count[s]!;
    while (k > 1 && Math.abs(xy[0]! - xy[2 * k - 2]!) <= EPSILON && Math.abs(xy[1]! - xy[2 * k - 1]!) <= EPSILON) k--;
    if (k < 3) return 0;
    let twice = 0;
    for (let i = 0; i < k; i++) {
      const j = i + 1 < k ? i + 1 : 0;
      twice += xy[2 * i]! * xy[2 * j + 1]! - xy[2 * j]! * xy[2 * i + 1]!;
    }
    return Math.abs(twice / 2) <= EPSILON ? 0 : k;
  }
}

/** What `cut` did: the whole polygon is on the positive side, on the negative side, or it was cut. */
const POSITIVE = 1;
const NEGATIVE = 0;
const CUT = 2;

/**
 * Cuts polygon `id` of `p` by the line a·x + b·y + c = 0 (with a, b not both 0; norm = |(a, b)|),
 * as geometry.ts's splitLabelled does. When the line really cuts it, both parts are appended to
 * `p` (the positive side, then the negative one) and CUT is returned; else which side it is on.
 * Vertices within EPSILON of the line go to both parts; the new edge along the line gets `label`.
 */
function cut(p: Polygons, id: number, a: number, b: number, c: number, norm: number, label: number, t: Scratch): number {
  const n = p.size[id]!;
  const at = p.first[id]!;
  const xy = p.xy;
  const labels = p.labels;
  t.ensure(n);
  const values = t.values;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = (a * xy[2 * (at + i)]! + b * xy[2 * (at + i) + 1]! + c) / norm;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= -EPSILON) return POSITIVE;
  if (max <= EPSILON) return NEGATIVE;
  t.count[0] = 0;
  t.count[1] = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 < n ? i + 1 : 0;
    const px = xy[2 * (at + i)]!;
    const py = xy[2 * (at + i) + 1]!;
    const vp = values[i]!;
    const vq = values[j]!;
    const own = labels[at + i]!;
    const onLine = Math.abs(vp) <= EPSILON;
    if (vp >= -EPSILON) t.add(0, px, py, onLine && vq < -EPSILON ? label : own);
    if (vp <= EPSILON) t.add(1, px, py, onLine && vq > EPSILON ? label : own);
    if ((vp > EPSILON && vq < -EPSILON) || (vp < -EPSILON && vq > EPSILON)) {
      const s = vp / (vp - vq);
      const x = px + s * (xy[2 * (at + j)]! - px);
      const y = py + s * (xy[2 * (at + j) + 1]! - py);
      t.add(0, x, y, vp > 0 ? label : own);
      t.add(1, x, y, vp > 0 ? own : label);
    }
  }
  const positive = t.done(0);
  const negative = t.done(1);
  // A side with no area is left to the other: the whole polygon stays on that side.
  if (!positive) return NEGATIVE;
  if (!negative) return POSITIVE;
  p.add(t.xy[0], t.labels[0], positive);
  p.add(t.xy[1], t.labels[1], negative);
  return CUT;
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
  // Units that are off (all three coefficients 0) contribute nothing: skip them. The live ones'
  // coefficients are gathered first (x, y, constant side by side), the sums then run in the same
  // order as over the live units one by one.
  let count = 0;
  const packed = gathered(3 * m);
  for (let i = 0; i < m; i++) {
    const ux = input[at + i]!;
    const uy = input[at + m + i]!;
    const uc = input[at + 2 * m + i]!;
    if (ux !== 0 || uy !== 0 || uc !== 0) {
      live[count] = i;
      packed[3 * count] = ux;
      packed[3 * count + 1] = uy;
      packed[3 * count + 2] = uc;
      count++;
    }
  }
  for (let j = 0; j < n; j++) {
    const row = j * m;
    let sx = 0;
    let sy = 0;
    let s = b[j]!;
    for (let q = 0; q < count; q++) {
      const wi = w[row + live[q]!]!;
      sx += wi * packed[3 * q]!;
      sy += wi * packed[3 * q + 1]!;
      s += wi * packed[3 * q + 2]!;
    }
    out[j] = sx;
    out[n + j] = sy;
    out[2 * n + j] = s;
  }
}

/** One scratch array for preActivations' gathered inputs, grown as needed. */
let gatheredInputs = new Float64Array(96);
function gathered(size: number): Float64Array {
  if (gatheredInputs.length < size) gatheredInputs = new Float64Array(size);
  return gatheredInputs;
}

/** A typed array that grows (doubling) as values are appended, and can be emptied and reused. */
class Grow<T extends Float64Array | Uint8Array | Int32Array> {
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

/** How many pieces are cut between two looks at the clock of `PartitionJob.advance`. */
const PIECES_PER_LOOK = 4;

/**
 * The exact partition as a job that can be done a slice at a time (`advance`), so a worker can
 * train between slices, or all at once (`run`; `partition` does that). Its buffers are reused from
 * one layer to the next and, with `restart`, from one partition to the next: only the result is
 * allocated anew (its arrays can then be transferred).
 */
export class PartitionJob {
  private flats: ReturnType<typeof flat>[] = [];
  private box: Box = SQUARE;
  private maxRegions = Infinity;
  private wantUnits = false;
  private neurons = 0;
  // The regions after the layers done so far, and those of the layer being cut.
  private current = new Polygons();
  private next = new Polygons();
  /** The pieces of one region while a layer's lines cut it. */
  private readonly parts = new Polygons();
  private readonly ids: number[] = [];
  private readonly bits = new Grow(new Uint8Array(64));
  // Per region: the affine maps of the last layer's outputs (3·width each).
  private units = new Grow(new Float64Array(64));
  private nextUnits = new Grow(new Float64Array(64));
  /** Per hidden layer: each region's on/off bits for that layer, and the region it came from. */
  private readonly layerBits: Grow<Uint8Array>[] = [];
  private readonly parents: Grow<Int32Array>[] = [];
  private readonly scratch = new Scratch();
  private live = new Int32Array(2);
  private pre = new Float64Array(6);
  /** Hidden layers done, and the next region to cut in layer `done`. */
  private done = 0;
  private piece = 0;
  private finished = false;
  private capped = false;

  constructor(layers: readonly LayerWeights[], box: Box = SQUARE, options: PartitionOptions = {}) {
    this.restart(layers, box, options);
  }

  /** Starts over on another network (or box), keeping the buffers. */
  restart(layers: readonly LayerWeights[], box: Box = SQUARE, options: PartitionOptions = {}): void {
    if (layers.length < 1) throw new RangeError('a network needs at least its output layer');
    const flats = layers.map(flat);
    if (flats[flats.length - 1]!.outputs !== 1) throw new RangeError('the last layer must have one output');
    this.flats = flats;
    this.box = { xMin: box.xMin, xMax: box.xMax, yMin: box.yMin, yMax: box.yMax };
    this.maxRegions = options.maxRegions ?? Infinity;
    this.wantUnits = options.units ?? false;
    this.neurons = flats.slice(0, -1).reduce((s, l) => s + l.outputs, 0);
    const widest = Math.max(2, ...flats.map((l) => l.outputs), ...flats.map((l) => l.inputs));
    if (this.live.length < widest) {
      this.live = new Int32Array(widest);
      this.pre = new Float64Array(3 * widest);
    }
    this.current.clear();
    const square = Float64Array.of(box.xMin, box.yMin, box.xMax, box.yMin, box.xMax, box.yMax, box.xMin, box.yMax);
    this.current.add(square, Int16Array.of(-1, -1, -1, -1), 4);
    this.units.length = 0;
    const first = this.units.reserve(6);
    this.units.data.set([1, 0, 0, 1, 0, 0], first);
    while (this.layerBits.length < flats.length - 1) {
      this.layerBits.push(new Grow(new Uint8Array(64)));
      this.parents.push(new Grow(new Int32Array(64)));
    }
    this.done = 0;
    this.piece = 0;
    this.capped = false;
    this.finished = flats.length === 1;
    this.beginLayer();
  }

  private beginLayer(): void {
    this.next.clear();
    this.nextUnits.length = 0;
    if (this.done < this.flats.length - 1) {
      this.layerBits[this.done]!.length = 0;
      this.parents[this.done]!.length = 0;
    }
  }

  /** Cuts the next region of the current layer by every line of the layer. */
  private cutPiece(): void {
    const l = this.done;
    const layer = this.flats[l]!;
    const width = layer.outputs;
    const { pre, parts, ids, bits, scratch } = this;
    const i = this.piece;
    preActivations(layer, this.units.data, 3 * layer.inputs * i, this.live, pre);
    // The region cut by one neuron's line after another; a cut part is replaced by its positive
    // side and its negative side goes to the end of the list (nothing else moves).
    parts.clear();
    ids.length = 0;
    ids.push(parts.copy(this.current, i));
    bits.length = 0;
    bits.reserve(width);
    bits.data.fill(0, 0, width);
    for (let j = 0; j < width; j++) {
      const a = pre[j]!;
      const b = pre[width + j]!;
      const c = pre[2 * width + j]!;
      const norm = Math.sqrt(a * a + b * b);
      const count = ids.length;
      if (norm === 0) {
        // Not a line: the constant c is positive everywhere or nowhere (0 counts as off).
        if (c > 0) for (let k = 0; k < count; k++) bits.data[k * width + j] = 1;
        continue;
      }
      for (let k = 0; k < count; k++) {
        const p = ids[k]!;
        // Most lines miss most pieces: the circle around the piece tells without clipping.
        const d = (a * parts.cx[p]! + b * parts.cy[p]! + c) / norm;
        if (Math.abs(d) > parts.r[p]! + 1e-9) {
          if (d > 0) bits.data[k * width + j] = 1;
          continue;
        }
        const result = cut(parts, p, a, b, c, norm, l, scratch);
        if (result === POSITIVE) bits.data[k * width + j] = 1;
        else if (result === CUT) {
          // A real cut: the negative side copies the bits so far, the positive side turns j on.
          ids[k] = parts.count - 2;
          ids.push(parts.count - 1);
          const at = bits.reserve(width);
          bits.data.copyWithin(at, k * width, (k + 1) * width);
          bits.data[k * width + j] = 1;
        }
      }
    }
    if (this.next.count + ids.length > this.maxRegions) {
      this.capped = true;
      this.finished = true;
      return;
    }
    // The parts go to the next layer's regions, with their bits, where they came from, and the
    // layer's outputs through the ReLU (off units are 0 everywhere in a part).
    const parts_ = ids.length;
    const layerBits = this.layerBits[l]!;
    const parents = this.parents[l]!;
    const b0 = layerBits.reserve(parts_ * width);
    const p0 = parents.reserve(parts_);
    const u0 = this.nextUnits.reserve(3 * width * parts_);
    const bitsOut = layerBits.data;
    const parentsOut = parents.data;
    const d = this.nextUnits.data;
    const on = bits.data;
    for (let k = 0; k < parts_; k++) {
      this.next.copy(parts, ids[k]!);
      parentsOut[p0 + k] = i;
      const b = b0 + k * width;
      const u = u0 + 3 * width * k;
      for (let j = 0; j < width; j++) {
        const bit = on[k * width + j]!;
        bitsOut[b + j] = bit;
        d[u + j] = bit === 1 ? pre[j]! : 0;
        d[u + width + j] = bit === 1 ? pre[width + j]! : 0;
        d[u + 2 * width + j] = bit === 1 ? pre[2 * width + j]! : 0;
      }
    }
    this.piece++;
    if (this.piece === this.current.count) {
      [this.current, this.next] = [this.next, this.current];
      [this.units, this.nextUnits] = [this.nextUnits, this.units];
      this.done++;
      this.piece = 0;
      if (this.done === this.flats.length - 1) this.finished = true;
      else this.beginLayer();
    }
  }

  /**
   * Works on the partition until it is complete or `more()` says stop (asked every few pieces, so
   * a slice can be kept to a time budget). True when complete.
   */
  advance(more: () => boolean = () => true): boolean {
    while (!this.finished) {
      for (let k = 0; k < PIECES_PER_LOOK && !this.finished; k++) this.cutPiece();
      if (!this.finished && !more()) return false;
    }
    return true;
  }

  /** Completes the job and returns the partition (new arrays, owned by the caller). */
  run(): Partition {
    this.advance();
    return this.result();
  }

  /** The partition; only once `advance` has returned true. */
  result(): Partition {
    if (!this.finished) throw new Error('the partition is not complete yet');
    const { current: shapes, neurons, capped, done } = this;
    const count = shapes.count;
    const start = new Uint32Array(count + 1);
    for (let r = 0; r < count; r++) start[r + 1] = start[r]! + shapes.size[r]!;
    const xy = new Float64Array(2 * start[count]!);
    const edgeLayer = new Int16Array(start[count]!);
    const packed = new Uint8Array(count * neurons);
    const gradient = new Float64Array(2 * count);
    const offset = new Float64Array(count);
    const hidden = this.flats.slice(0, -1);
    const output = this.flats[this.flats.length - 1]!;
    // Where each hidden layer's bits start in a pattern.
    const bitAt: number[] = [];
    hidden.reduce((at, l) => (bitAt.push(at), at + l.outputs), 0);
    const m = output.inputs;
    for (let r = 0; r < count; r++) {
      const a = shapes.first[r]!;
      const k = shapes.size[r]!;
      const to = start[r]!;
      for (let v = 0; v < k; v++) {
        xy[2 * (to + v)] = shapes.xy[2 * (a + v)]!;
        xy[2 * (to + v) + 1] = shapes.xy[2 * (a + v) + 1]!;
        edgeLayer[to + v] = shapes.labels[a + v]!;
      }
      // The bits, layer by layer back to the first, following each region to the one it came from.
      let region = r;
      for (let l = done - 1; l >= 0; l--) {
        const width = hidden[l]!.outputs;
        const from = this.layerBits[l]!.data;
        const to = r * neurons + bitAt[l]!;
        for (let j = 0; j < width; j++) packed[to + j] = from[region * width + j]!;
        region = this.parents[l]!.data[region]!;
      }
      if (capped) {
        gradient[2 * r] = gradient[2 * r + 1] = offset[r] = NaN;
      } else {
        preActivations(output, this.units.data, 3 * m * r, this.live, this.pre);
        gradient[2 * r] = this.pre[0]!;
        gradient[2 * r + 1] = this.pre[1]!;
        offset[r] = this.pre[2]!;
      }
    }
    const result: Partition = { box: { ...this.box }, count, neurons, layers: done, capped, start, xy, edgeLayer, patterns: packed, gradient, offset };
    if (!this.wantUnits) return result;
    const unitWidth = done > 0 ? hidden[done - 1]!.outputs : 2;
    return { ...result, units: this.units.data.slice(0, 3 * unitWidth * count), unitWidth };
  }
}

export function partition(layers: readonly LayerWeights[], box: Box = SQUARE, options: PartitionOptions = {}): Partition {
  return new PartitionJob(layers, box, options).run();
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
