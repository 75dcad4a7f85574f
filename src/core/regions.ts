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
 * Most of the time goes into the pre-activations (a matrix times the 3 coefficients of each input
 * unit, per region) and into finding which lines cross which piece. So: the sums run over the
 * units that are on only, four at a time over contiguous rows of the transposed weights; the
 * pieces of one region share its input maps and differ in a few bits, so a piece's sums are the
 * previous piece's plus the units whose bits differ; a line that misses a region (told by a circle
 * around it) is set aside for all its pieces at once; nothing is allocated while cutting.
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

/** A bigger copy of `a` with room for at least `need` values (or `a` itself when it has room). */
function roomF64(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}
function roomI32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}
function roomI16(a: Int16Array<ArrayBuffer>, need: number): Int16Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int16Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}
function roomU8(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
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
  reserve(k: number): number {
    const vertices = this.vertices + k;
    if (vertices > this.labels.length) {
      this.labels = roomI16(this.labels, vertices);
      this.xy = roomF64(this.xy, 2 * this.labels.length);
    }
    const id = this.count;
    if (id === this.first.length) {
      this.first = roomI32(this.first, id + 1);
      this.size = roomI32(this.size, id + 1);
      this.cx = roomF64(this.cx, id + 1);
      this.cy = roomF64(this.cy, id + 1);
      this.r = roomF64(this.r, id + 1);
    }
    this.count = id + 1;
    this.first[id] = this.vertices;
    this.size[id] = k;
    this.vertices = vertices;
    return id;
  }

  /** Appends the k vertices of xy/labels (from vertex 0) as a new polygon and finds its circle. */
  add(xy: Float64Array, labels: Int16Array, k: number): void {
    const id = this.reserve(k);
    const at = this.first[id]!;
    const to = this.xy;
    const toLabels = this.labels;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < k; i++) {
      const x = xy[2 * i]!;
      const y = xy[2 * i + 1]!;
      to[2 * (at + i)] = x;
      to[2 * (at + i) + 1] = y;
      toLabels[at + i] = labels[i]!;
      cx += x;
      cy += y;
    }
    cx /= k;
    cy /= k;
    let r2 = 0;
    for (let i = 0; i < k; i++) {
      const dx = xy[2 * i]! - cx;
      const dy = xy[2 * i + 1]! - cy;
      const d2 = dx * dx + dy * dy;
      if (d2 > r2) r2 = d2;
    }
    this.cx[id] = cx;
    this.cy[id] = cy;
    this.r[id] = Math.sqrt(r2);
  }

  /** Appends a copy of polygon `id` of `from` (circle included). */
  copy(from: Polygons, id: number): void {
    const k = from.size[id]!;
    const to = this.reserve(k);
    const a = from.first[id]!;
    const b = this.first[to]!;
    const xy = this.xy;
    const labels = this.labels;
    const fromXy = from.xy;
    const fromLabels = from.labels;
    for (let i = 0; i < k; i++) {
      xy[2 * (b + i)] = fromXy[2 * (a + i)]!;
      xy[2 * (b + i) + 1] = fromXy[2 * (a + i) + 1]!;
      labels[b + i] = fromLabels[a + i]!;
    }
    this.cx[to] = from.cx[id]!;
    this.cy[to] = from.cy[id]!;
    this.r[to] = from.r[id]!;
  }
}

/**
 * Appends vertex (x, y) with `label` at position k of a side being built, or, when it coincides
 * with the vertex before it, gives that one the label instead; returns the side's new length.
 */
function pushVertex(xy: Float64Array, labels: Int16Array, k: number, x: number, y: number, label: number): number {
  if (k > 0 && Math.abs(xy[2 * k - 2]! - x) <= EPSILON && Math.abs(xy[2 * k - 1]! - y) <= EPSILON) {
    labels[k - 1] = label;
    return k;
  }
  xy[2 * k] = x;
  xy[2 * k + 1] = y;
  labels[k] = label;
  return k + 1;
}

/**
 * The length of a side built by pushVertex after dropping a closing repeat of the first vertex, or
 * 0 when it has no area.
 */
function closeSide(xy: Float64Array, k: number): number {
  while (k > 1 && Math.abs(xy[0]! - xy[2 * k - 2]!) <= EPSILON && Math.abs(xy[1]! - xy[2 * k - 1]!) <= EPSILON) k--;
  if (k < 3) return 0;
  let twice = 0;
  for (let i = 0; i < k; i++) {
    const j = i + 1 < k ? i + 1 : 0;
    twice += xy[2 * i]! * xy[2 * j + 1]! - xy[2 * j]! * xy[2 * i + 1]!;
  }
  return Math.abs(twice / 2) <= EPSILON ? 0 : k;
}

/** What `cut` did: the whole polygon is on the positive side, on the negative side, or it was cut. */
const POSITIVE = 1;
const NEGATIVE = 0;
const CUT = 2;

/** Scratch space for cuts: each side's vertices and labels, grown as needed. */
class Scratch {
  values = new Float64Array(32);
  xy0 = new Float64Array(64);
  xy1 = new Float64Array(64);
  labels0 = new Int16Array(32);
  labels1 = new Int16Array(32);
  /** Room for cutting a polygon of n vertices (a side has at most n + 1). */
  ensure(n: number): void {
    if (this.values.length >= n + 2) return;
    const size = 2 * (n + 2);
    this.values = new Float64Array(size);
    this.xy0 = new Float64Array(2 * size);
    this.xy1 = new Float64Array(2 * size);
    this.labels0 = new Int16Array(size);
    this.labels1 = new Int16Array(size);
  }
}

/**
 * Cuts polygon `id` of `p` by line j of `lines` (a, b, c and |(a, b)| at 4j: a·x + b·y + c = 0,
 * a and b not both 0), as geometry.ts's splitLabelled does. When the line really cuts it, both
 * parts are appended to `p` (the positive side, then the negative one) and CUT is returned; else
 * which side it is on. Vertices within EPSILON of the line go to both parts; the new edge along
 * the line gets `label`.
 */
function cut(p: Polygons, id: number, lines: Float64Array, j: number, label: number, t: Scratch): number {
  const n = p.size[id]!;
  const at = p.first[id]!;
  const xy = p.xy;
  const labels = p.labels;
  const a = lines[4 * j]!;
  const b = lines[4 * j + 1]!;
  const c = lines[4 * j + 2]!;
  const norm = lines[4 * j + 3]!;
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
  const xy0 = t.xy0;
  const xy1 = t.xy1;
  const labels0 = t.labels0;
  const labels1 = t.labels1;
  let k0 = 0;
  let k1 = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 < n ? i + 1 : 0;
    const px = xy[2 * (at + i)]!;
    const py = xy[2 * (at + i) + 1]!;
    const vp = values[i]!;
    const vq = values[j]!;
    const own = labels[at + i]!;
    const onLine = Math.abs(vp) <= EPSILON;
    if (vp >= -EPSILON) k0 = pushVertex(xy0, labels0, k0, px, py, onLine && vq < -EPSILON ? label : own);
    if (vp <= EPSILON) k1 = pushVertex(xy1, labels1, k1, px, py, onLine && vq > EPSILON ? label : own);
    if ((vp > EPSILON && vq < -EPSILON) || (vp < -EPSILON && vq > EPSILON)) {
      const s = vp / (vp - vq);
      const x = px + s * (xy[2 * (at + j)]! - px);
      const y = py + s * (xy[2 * (at + j) + 1]! - py);
      k0 = pushVertex(xy0, labels0, k0, x, y, vp > 0 ? label : own);
      k1 = pushVertex(xy1, labels1, k1, x, y, vp > 0 ? own : label);
    }
  }
  const positive = closeSide(xy0, k0);
  const negative = closeSide(xy1, k1);
  // A side with no area is left to the other: the whole polygon stays on that side.
  if (!positive) return NEGATIVE;
  if (!negative) return POSITIVE;
  p.add(xy0, labels0, positive);
  p.add(xy1, labels1, negative);
  return CUT;
}

/**
 * A layer's weights transposed into one flat array (in × out, so that one input's weights to every
 * output sit side by side), and what its pre-activations start from before any input is added: 0
 * for the x and y coefficients, the bias for the constant (3 × out).
 */
interface FlatLayer {
  readonly wt: Float64Array;
  readonly start: Float64Array;
  readonly inputs: number;
  readonly outputs: number;
}

function flat(layer: LayerWeights): FlatLayer {
  const outputs = layer.biases.length;
  const inputs = outputs > 0 ? layer.weights[0]!.length : 0;
  const wt = new Float64Array(outputs * inputs);
  for (let j = 0; j < outputs; j++) {
    const row = layer.weights[j]!;
    if (row.length !== inputs) throw new RangeError('every row of a layer needs one weight per input');
    for (let i = 0; i < inputs; i++) wt[i * outputs + j] = row[i]!;
  }
  const start = new Float64Array(3 * outputs);
  for (let j = 0; j < outputs; j++) start[2 * outputs + j] = layer.biases[j]!;
  return { wt, start, inputs, outputs };
}

/**
 * The inputs a layer's sums take, gathered: for each, where its weights start in the transposed
 * matrix and its affine map (x, y and constant coefficients side by side).
 */
class Gathered {
  rows = new Int32Array(8);
  maps = new Float64Array(24);
  count = 0;
  ensure(m: number): void {
    if (this.rows.length >= m) return;
    this.rows = new Int32Array(m);
    this.maps = new Float64Array(3 * m);
  }
}

/**
 * out[o …] = from[f …] + the gathered inputs' maps times their weights: for each of the layer's n
 * units, its x, y and constant coefficients, 3n numbers laid out as in preActivations. The inputs
 * are added one after another in the order gathered, up to four in one pass over the units (each
 * sum is read and written once per pass); the first pass reads the sums from `from`.
 */
function accumulate(layer: FlatLayer, g: Gathered, from: Float64Array, f: number, out: Float64Array, o: number): void {
  const { wt, outputs: n } = layer;
  const { rows, maps, count } = g;
  if (count === 0) {
    for (let j = 0; j < 3 * n; j++) out[o + j] = from[f + j]!;
    return;
  }
  let src = from;
  let s = f;
  for (let q = 0; q < count; q += 4) {
    // Inputs past the last are given a weight row of their own with a zero map: adding 0·w leaves
    // each sum as it is (the zero row keeps the reads in bounds).
    const left = count - q;
    const r0 = rows[q]!;
    const r1 = left > 1 ? rows[q + 1]! : r0;
    const r2 = left > 2 ? rows[q + 2]! : r0;
    const r3 = left > 3 ? rows[q + 3]! : r0;
    const x0 = maps[3 * q]!;
    const y0 = maps[3 * q + 1]!;
    const c0 = maps[3 * q + 2]!;
    const x1 = left > 1 ? maps[3 * q + 3]! : 0;
    const y1 = left > 1 ? maps[3 * q + 4]! : 0;
    const c1 = left > 1 ? maps[3 * q + 5]! : 0;
    const x2 = left > 2 ? maps[3 * q + 6]! : 0;
    const y2 = left > 2 ? maps[3 * q + 7]! : 0;
    const c2 = left > 2 ? maps[3 * q + 8]! : 0;
    const x3 = left > 3 ? maps[3 * q + 9]! : 0;
    const y3 = left > 3 ? maps[3 * q + 10]! : 0;
    const c3 = left > 3 ? maps[3 * q + 11]! : 0;
    for (let j = 0; j < n; j++) {
      const w0 = wt[r0 + j]!;
      const w1 = wt[r1 + j]!;
      const w2 = wt[r2 + j]!;
      const w3 = wt[r3 + j]!;
      let sx = src[s + j]!;
      sx += w0 * x0;
      sx += w1 * x1;
      sx += w2 * x2;
      sx += w3 * x3;
      out[o + j] = sx;
      let sy = src[s + n + j]!;
      sy += w0 * y0;
      sy += w1 * y1;
      sy += w2 * y2;
      sy += w3 * y3;
      out[o + n + j] = sy;
      let sc = src[s + 2 * n + j]!;
      sc += w0 * c0;
      sc += w1 * c1;
      sc += w2 * c2;
      sc += w3 * c3;
      out[o + 2 * n + j] = sc;
    }
    src = out;
    s = o;
  }
}

/**
 * A layer's pre-activations as affine maps of (x, y), written into `out` at `o`: unit j of the 3n
 * numbers is out[o + j]·x + out[o + n + j]·y + out[o + 2n + j]. The layer's input is the previous
 * layer's pre-activations `input` at `at` (3m numbers, laid out the same way) through the ReLU of
 * a region: unit i is on where mask[maskAt + i] is 1 and 0 elsewhere. Units that are 0 everywhere
 * are skipped; the sums run over the others in order, starting from the bias.
 */
function preActivations(layer: FlatLayer, input: Float64Array, at: number, mask: Uint8Array, maskAt: number, g: Gathered, out: Float64Array, o: number): void {
  const { inputs: m, outputs: n } = layer;
  const { rows, maps } = g;
  let count = 0;
  for (let i = 0; i < m; i++) {
    if (mask[maskAt + i] === 0) continue;
    const ux = input[at + i]!;
    const uy = input[at + m + i]!;
    const uc = input[at + 2 * m + i]!;
    if (ux === 0 && uy === 0 && uc === 0) continue;
    rows[count] = i * n;
    maps[3 * count] = ux;
    maps[3 * count + 1] = uy;
    maps[3 * count + 2] = uc;
    count++;
  }
  g.count = count;
  accumulate(layer, g, layer.start, 0, out, o);
}

/**
 * The pre-activations of a region from those of another region with the same input maps but other
 * on/off bits (mask at `was` and at `now`), at `before` in `out`: those plus the change of each
 * unit whose bit differs. False (and nothing written) when so many bits differ that summing afresh
 * is as quick, or when no unit that is on varies.
 */
function fromSibling(layer: FlatLayer, input: Float64Array, at: number, mask: Uint8Array, was: number, now: number, g: Gathered, out: Float64Array, before: number, o: number): boolean {
  const { inputs: m, outputs: n } = layer;
  let differ = 0;
  let moving = false;
  for (let i = 0; i < m; i++) {
    if (mask[was + i] !== mask[now + i]) differ++;
    if (!moving && mask[now + i] === 1 && (input[at + i] !== 0 || input[at + m + i] !== 0)) moving = true;
  }
  // When no unit that is on varies over the plane, the x and y coefficients summed afresh are 0
  // exactly: taking units away one by one could leave a trace of rounding, a line where there is
  // none.
  if (2 * differ > m || !moving) return false;
  const { rows, maps } = g;
  let count = 0;
  for (let i = 0; i < m; i++) {
    const on = mask[now + i]!;
    if (mask[was + i] === on) continue;
    const ux = input[at + i]!;
    const uy = input[at + m + i]!;
    const uc = input[at + 2 * m + i]!;
    if (ux === 0 && uy === 0 && uc === 0) continue;
    // A unit turned off is taken away: its map with the sign changed (exactly).
    rows[count] = i * n;
    maps[3 * count] = on === 1 ? ux : -ux;
    maps[3 * count + 1] = on === 1 ? uy : -uy;
    maps[3 * count + 2] = on === 1 ? uc : -uc;
    count++;
  }
  g.count = count;
  accumulate(layer, g, out, before, out, o);
  return true;
}

/** The network's input (x, y) as the "pre-activations" of a layer before the first: x and y. */
const IDENTITY = Float64Array.of(1, 0, 0, 1, 0, 0);
const BOTH_ON = Uint8Array.of(1, 1);

/** How many pieces are cut, or regions put in the result, between two looks at the clock of `PartitionJob.advance`. */
const PIECES_PER_LOOK = 4;
const REGIONS_PER_LOOK = 256;

/** What a PartitionJob is doing. */
const CUTTING = 0;
const ASSEMBLING = 1;
const DONE = 2;

/** The result of a PartitionJob while it is filled in, region by region. */
interface Assembly {
  readonly partition: Partition;
  readonly units: Float64Array | null;
  readonly unitWidth: number;
  /** Where each hidden layer's bits start in a pattern (and, last, the pattern's length). */
  readonly bitAt: Int32Array;
  /** The regions the last region filled in came from, level by level. */
  readonly before: Int32Array;
  /** The next region to fill in. */
  next: number;
}

/**
 * The exact partition as a job that can be done a slice at a time (`advance`), so a worker can
 * train between slices, or all at once (`run`; `partition` does that). Its buffers are reused from
 * one layer to the next and, with `restart`, from one partition to the next: only the result is
 * allocated anew (its arrays can then be transferred).
 *
 * A region's map to a layer's outputs is not stored: it is the pre-activations of the region it
 * was cut from (one array per such region, shared by all its pieces) through the region's on/off
 * bits.
 */
export class PartitionJob {
  private flats: FlatLayer[] = [];
  private box: Box = SQUARE;
  private maxRegions = Infinity;
  private wantUnits = false;
  private neurons = 0;
  // The regions after the layers done so far, and those of the layer being cut.
  private current = new Polygons();
  private next = new Polygons();
  /** The pieces of one region while a layer's lines cut it. */
  private readonly parts = new Polygons();
  /** Which polygons of `parts` are the pieces. */
  private ids = new Int32Array(16);
  /**
   * Pre-activations of the layer being cut in each current region (3·width each), and of the
   * layer before in each region of the level before (what the current regions' maps come from).
   */
  private pre = new Float64Array(64);
  private lastPre = new Float64Array(64);
  /** Per hidden layer: each region's on/off bits for that layer (width each), and the region it came from. */
  private layerBits: Uint8Array<ArrayBuffer>[] = [];
  private parents: Int32Array<ArrayBuffer>[] = [];
  /** The line of each neuron in the region being cut: a, b, c, |(a, b)|. */
  private lines = new Float64Array(16);
  /** The neurons whose lines come near the region being cut. */
  private near = new Int32Array(4);
  private readonly scratch = new Scratch();
  private readonly gathered = new Gathered();
  /** Hidden layers done, and the next region to cut in layer `done`. */
  private done = 0;
  private piece = 0;
  private stage = CUTTING;
  private capped = false;
  /** The result being filled in (and what that needs), once the cutting is over. */
  private out: Assembly | null = null;

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
    const widest = Math.max(2, ...flats.map((l) => l.outputs));
    this.lines = roomF64(this.lines, 4 * widest);
    this.near = roomI32(this.near, widest);
    this.gathered.ensure(Math.max(2, ...flats.map((l) => l.inputs)));
    this.current.clear();
    const square = Float64Array.of(box.xMin, box.yMin, box.xMax, box.yMin, box.xMax, box.yMax, box.xMin, box.yMax);
    this.current.add(square, Int16Array.of(-1, -1, -1, -1), 4);
    while (this.layerBits.length < flats.length - 1) {
      this.layerBits.push(new Uint8Array(64));
      this.parents.push(new Int32Array(16));
    }
    this.done = 0;
    this.piece = 0;
    this.capped = false;
    this.stage = CUTTING;
    this.out = null;
    this.next.clear();
    if (flats.length === 1) this.beginAssembly();
  }

  /** Cuts the next region of the current layer by every line of the layer. */
  private cutPiece(): void {
    const l = this.done;
    const layer = this.flats[l]!;
    const width = layer.outputs;
    const i = this.piece;
    // The region's pre-activations, kept for its pieces in the next layer.
    const o = 3 * width * i;
    this.pre = roomF64(this.pre, o + 3 * width);
    const pre = this.pre;
    if (l === 0) preActivations(layer, IDENTITY, 0, BOTH_ON, 0, this.gathered, pre, o);
    else {
      const m = layer.inputs;
      const from = this.parents[l - 1]!;
      const mask = this.layerBits[l - 1]!;
      const at = 3 * m * from[i]!;
      // A piece of the same region as the one before: only the units whose bits differ change.
      const sibling = i > 0 && from[i - 1] === from[i] && fromSibling(layer, this.lastPre, at, mask, m * (i - 1), m * i, this.gathered, pre, o - 3 * width, o);
      if (!sibling) preActivations(layer, this.lastPre, at, mask, m * i, this.gathered, pre, o);
    }
    // The pieces' bits are written where the next layer's regions keep theirs.
    const current = this.current;
    const n0 = this.next.count;
    const b0 = n0 * width;
    const bits = (this.layerBits[l] = roomU8(this.layerBits[l]!, b0 + width));
    // First the lines that miss the region: the circle around it tells without clipping (a line's
    // distance from its centre is d / norm), and they miss every piece of it too. The others are
    // kept, in order, to cut the region.
    const lines = this.lines;
    const near = this.near;
    let nearCount = 0;
    const cx = current.cx[i]!;
    const cy = current.cy[i]!;
    const reach = current.r[i]! + 1e-9;
    const reach2 = reach * reach;
    for (let j = 0; j < width; j++) {
      const a = pre[o + j]!;
      const b = pre[o + width + j]!;
      const c = pre[o + 2 * width + j]!;
      const norm2 = a * a + b * b;
      // Not a line when norm2 is 0: the constant c is positive everywhere or nowhere (0 is off).
      const d = norm2 === 0 ? c : a * cx + b * cy + c;
      if (norm2 === 0 || d * d > reach2 * norm2) {
        bits[b0 + j] = d > 0 ? 1 : 0;
        continue;
      }
      bits[b0 + j] = 0;
      lines[4 * j] = a;
      lines[4 * j + 1] = b;
      lines[4 * j + 2] = c;
      lines[4 * j + 3] = Math.sqrt(norm2);
      near[nearCount++] = j;
    }
    const parents = (this.parents[l] = roomI32(this.parents[l]!, n0 + 1));
    if (nearCount === 0) {
      // Nothing cuts it: the region goes on as it is.
      if (n0 + 1 > this.maxRegions) {
        this.capped = true;
        this.beginAssembly();
        return;
      }
      this.next.copy(current, i);
      parents[n0] = i;
    } else {
      this.cutByLines(i, b0, nearCount);
      if (this.capped) return;
    }
    this.piece++;
    if (this.piece === this.current.count) {
      [this.current, this.next] = [this.next, this.current];
      [this.pre, this.lastPre] = [this.lastPre, this.pre];
      this.next.clear();
      this.done++;
      this.piece = 0;
      if (this.done === this.flats.length - 1) this.beginAssembly();
    }
  }

  /**
   * Cuts region i by the lines listed in `near`, one after another, its pieces' bits at b0 (those
   * of the lines that miss it are set already), and passes the pieces on to the next layer.
   */
  private cutByLines(i: number, b0: number, nearCount: number): void {
    const l = this.done;
    const width = this.flats[l]!.outputs;
    const { parts, scratch, lines, near } = this;
    const n0 = this.next.count;
    // A cut part is replaced by its positive side and its negative side goes to the end of the
    // list (nothing else moves).
    parts.clear();
    parts.copy(this.current, i);
    let ids = this.ids;
    ids[0] = 0;
    let count = 1;
    let bits = this.layerBits[l]!;
    for (let t = 0; t < nearCount; t++) {
      const j = near[t]!;
      const a = lines[4 * j]!;
      const b = lines[4 * j + 1]!;
      const c = lines[4 * j + 2]!;
      const norm = lines[4 * j + 3]!;
      const before = count;
      for (let k = 0; k < before; k++) {
        const p = ids[k]!;
        // Most lines miss most pieces: the circle around the piece tells without clipping.
        const d = a * parts.cx[p]! + b * parts.cy[p]! + c;
        if (Math.abs(d) > (parts.r[p]! + 1e-9) * norm) {
          if (d > 0) bits[b0 + k * width + j] = 1;
          continue;
        }
        const result = cut(parts, p, lines, j, l, scratch);
        if (result === POSITIVE) bits[b0 + k * width + j] = 1;
        else if (result === CUT) {
          // A real cut: the negative side copies the bits so far, the positive side turns j on.
          ids = roomI32(ids, count + 1);
          ids[k] = parts.count - 2;
          ids[count] = parts.count - 1;
          bits = roomU8(bits, b0 + (count + 1) * width);
          bits.copyWithin(b0 + count * width, b0 + k * width, b0 + (k + 1) * width);
          bits[b0 + k * width + j] = 1;
          count++;
        }
      }
    }
    this.ids = ids;
    this.layerBits[l] = bits;
    if (n0 + count > this.maxRegions) {
      this.capped = true;
      this.beginAssembly();
      return;
    }
    // The parts go to the next layer's regions, with where they came from.
    const parents = (this.parents[l] = roomI32(this.parents[l]!, n0 + count));
    for (let k = 0; k < count; k++) {
      this.next.copy(parts, ids[k]!);
      parents[n0 + k] = i;
    }
  }

  /**
   * Works on the partition until it is complete or `more()` says stop (asked every few pieces, so
   * a slice can be kept to a time budget). True when complete.
   */
  advance(more?: () => boolean): boolean {
    while (this.stage !== DONE) {
      if (this.stage === CUTTING) for (let k = 0; k < PIECES_PER_LOOK && this.stage === CUTTING; k++) this.cutPiece();
      else this.assemble(REGIONS_PER_LOOK);
      if (this.stage !== DONE && more !== undefined && !more()) return false;
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
    if (this.stage !== DONE) throw new Error('the partition is not complete yet');
    return this.out!.partition;
  }

  /**
   * The cutting is over: the result's arrays are made, and those that are copies of the regions'
   * own are filled; the rest is filled a few regions at a time by `assemble`.
   */
  private beginAssembly(): void {
    this.stage = ASSEMBLING;
    const { current: shapes, neurons, capped, done } = this;
    const count = shapes.count;
    const start = new Uint32Array(count + 1);
    for (let r = 0; r < count; r++) start[r + 1] = start[r]! + shapes.size[r]!;
    const vertices = start[count]!;
    // The regions' vertices are packed one after another already.
    const xy = shapes.xy.slice(0, 2 * vertices);
    const edgeLayer = shapes.labels.slice(0, vertices);
    const patterns = new Uint8Array(count * neurons);
    const gradient = new Float64Array(2 * count);
    const offset = new Float64Array(count);
    if (capped) {
      gradient.fill(NaN);
      offset.fill(NaN);
    }
    const unitWidth = done > 0 ? this.flats[done - 1]!.outputs : 2;
    const partition: Partition = { box: { ...this.box }, count, neurons, layers: done, capped, start, xy, edgeLayer, patterns, gradient, offset };
    const units = this.wantUnits ? new Float64Array(3 * unitWidth * count) : null;
    const bitAt = new Int32Array(done + 1);
    for (let l = 0; l < done; l++) bitAt[l + 1] = bitAt[l]! + this.flats[l]!.outputs;
    this.out = { partition: units ? { ...partition, units, unitWidth } : partition, units, unitWidth, bitAt, before: new Int32Array(done + 1).fill(-1), next: 0 };
  }

  /** Fills in the result for up to n more regions: their patterns, affine maps and units. */
  private assemble(n: number): void {
    const out = this.out!;
    const { bitAt, before, units, unitWidth: width } = out;
    const { count, neurons, capped, patterns, gradient, offset } = out.partition;
    const done = this.done;
    const output = this.flats[this.flats.length - 1]!;
    const lastBits = done > 0 ? this.layerBits[done - 1]! : BOTH_ON;
    const lastParents = done > 0 ? this.parents[done - 1]! : null;
    const lastPre = done > 0 ? this.lastPre : IDENTITY;
    // One output: its transposed weights are one row, and it starts from its bias.
    const weights = output.wt;
    const bias = output.start[2]!;
    const end = Math.min(count, out.next + n);
    for (let r = out.next; r < end; r++) {
      // The bits, layer by layer back to the first, following the region to the one it came
      // from, until that is the one the region before came from: the bits of the layers before
      // are the same as the region before's.
      let q = r;
      let l = done;
      for (; l > 0 && q !== before[l]; l--) {
        before[l] = q;
        const w = this.flats[l - 1]!.outputs;
        const from = this.layerBits[l - 1]!;
        const to = r * neurons + bitAt[l - 1]!;
        const at = q * w;
        for (let j = 0; j < w; j++) patterns[to + j] = from[at + j]!;
        q = this.parents[l - 1]![q]!;
      }
      if (l > 0) patterns.copyWithin(r * neurons, (r - 1) * neurons, (r - 1) * neurons + bitAt[l]!);
      // The last layer's outputs in the region: the pre-activations it came from, through its bits.
      const from = lastParents ? 3 * width * lastParents[r]! : 0;
      const maskAt = lastParents ? width * r : 0;
      if (!capped) {
        // The output layer's one unit: the same sums as preActivations makes, in the same order.
        let sx = 0;
        let sy = 0;
        let sc = bias;
        for (let i = 0; i < width; i++) {
          if (lastBits[maskAt + i] === 0) continue;
          const ux = lastPre[from + i]!;
          const uy = lastPre[from + width + i]!;
          const uc = lastPre[from + 2 * width + i]!;
          if (ux === 0 && uy === 0 && uc === 0) continue;
          const w = weights[i]!;
          sx += w * ux;
          sy += w * uy;
          sc += w * uc;
        }
        gradient[2 * r] = sx;
        gradient[2 * r + 1] = sy;
        offset[r] = sc;
      }
      if (units) {
        const to = 3 * width * r;
        for (let k = 0; k < width; k++) {
          if (lastBits[maskAt + k] === 0) continue;
          units[to + k] = lastPre[from + k]!;
          units[to + width + k] = lastPre[from + width + k]!;
          units[to + 2 * width + k] = lastPre[from + 2 * width + k]!;
        }
      }
    }
    out.next = end;
    if (end === count) this.stage = DONE;
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
