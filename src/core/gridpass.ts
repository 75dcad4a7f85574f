/**
 * The one forward pass of a network 2 → n → K (one hidden ReLU layer, K outputs: one for squared
 * error, K logits for K classes) over every pixel centre of a size × size grid, in
 * O(size × n × K + size² × K) instead of O(size² × n × K). The fused engine trains with it,
 * the worker draws predictions with it, and the figures' first states (drawn at build time and
 * again on hydration) come from it, so all three agree to the last bit.
 *
 * Along a row of the grid a neuron's pre-activation a·x + b·y + c is linear in the column, so the
 * neuron is on over one run of consecutive columns [lo, hi), found in O(1) and settled exactly at
 * its ends. On that run it adds v·(a·x + b·y + c) to each output, a linear function of x: its
 * slope and intercept go into difference arrays, and one sweep along the row sums them. With K
 * outputs the result is laid out point by point, the K outputs of pixel p at [p·K, p·K + K).
 *
 * The pixel centres are those of src/core/coords.ts, rounded to 32-bit floats as the training sets
 * store them. The pass keeps each row's runs (lo, hi) for a backward pass to reuse.
 */
import { pixelCentre } from './coords.ts';
import type { Network } from './mlp.ts';

/** Where the parameters of a 2 → n → K network sit in flat arrays (the engine's layout, or a Network's). */
export interface GridWeights {
  /** a and b of neuron k at ab[abAt + 2k] and ab[abAt + 2k + 1]. */
  readonly ab: ArrayLike<number>;
  readonly abAt: number;
  /** c of neuron k at c[cAt + k]. */
  readonly c: ArrayLike<number>;
  readonly cAt: number;
  /** The weight of neuron k in output o at v[vAt + o·n + k] (row-major, outputs × neurons). */
  readonly v: ArrayLike<number>;
  readonly vAt: number;
  /** The bias of output o at d[dAt + o]. */
  readonly d: ArrayLike<number>;
  readonly dAt: number;
  /** Number of outputs K (default 1). */
  readonly outputs?: number;
}

/** The weights of a Network 2 → n → K in the pass's layout (no copy). */
export function gridWeights(net: Network): GridWeights {
  if (net.length !== 2 || net[0]!.inputs !== 2) throw new Error('the grid pass needs a 2 → n → K network');
  return { ab: net[0]!.weights, abAt: 0, c: net[0]!.biases, cAt: 0, v: net[1]!.weights, vAt: 0, d: net[1]!.biases, dAt: 0, outputs: net[1]!.outputs };
}

export class GridPass {
  /** x of each column's pixel centres and y of each row's (as 32-bit floats). */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Per row i and neuron k (at i·width + k), the active columns [lo, hi) of the last pass. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  private readonly slope: Float64Array;
  private readonly intercept: Float64Array;

  constructor(
    readonly size: number,
    readonly width: number,
    /** Outputs K the pass computes. */
    readonly outputs = 1,
  ) {
    this.xs = new Float64Array(size);
    this.ys = new Float64Array(size);
    for (let j = 0; j < size; j++) this.xs[j] = Math.fround(pixelCentre(0, j, size)[0]);
    for (let i = 0; i < size; i++) this.ys[i] = Math.fround(pixelCentre(i, 0, size)[1]);
    this.lo = new Int32Array(size * width);
    this.hi = new Int32Array(size * width);
    this.slope = new Float64Array((size + 1) * outputs);
    this.intercept = new Float64Array((size + 1) * outputs);
  }

  /** Finds each neuron's active run of columns in each row (where a·x + b·y + c > 0). */
  runs(w: GridWeights): void {
    const { size: n, width, xs, ys, lo: los, hi: his } = this;
    const { ab, abAt, c, cAt } = w;
    for (let k = 0; k < width; k++) {
      const a = ab[abAt + 2 * k]!;
      const b = ab[abAt + 2 * k + 1]!;
      const bias = c[cAt + k]!;
      for (let i = 0; i < n; i++) {
        const row = b * ys[i]! + bias;
        let lo: number;
        let hi: number;
        if (a === 0) {
          lo = 0;
          hi = row > 0 ? n : 0;
        } else {
          // Where the line crosses this row, in columns; then settle the exact boundary pixel.
          const cross = (-row / a + 1) * (n / 2) - 0.5;
          if (a > 0) {
            let j = Math.min(n, Math.max(0, Math.floor(cross)));
            while (j > 0 && a * xs[j - 1]! + row > 0) j--;
            while (j < n && !(a * xs[j]! + row > 0)) j++;
            lo = j;
            hi = n;
          } else {
            let j = Math.min(n, Math.max(0, Math.ceil(cross)));
            while (j < n && a * xs[j]! + row > 0) j++;
            while (j > 0 && !(a * xs[j - 1]! + row > 0)) j--;
            lo = 0;
            hi = j;
          }
        }
        los[i * width + k] = lo;
        his[i * width + k] = hi;
      }
    }
  }

  /** The network's outputs at every pixel centre, row by row, into `out` (length size² × K). */
  forward(w: GridWeights, out: Float64Array | Float32Array): void {
    if ((w.outputs ?? 1) !== this.outputs) throw new Error(`the grid pass was made for ${this.outputs} outputs, not ${w.outputs ?? 1}`);
    this.runs(w);
    if (this.outputs > 1) return this.forwardMany(w, out);
    const { size: n, width, xs, ys, slope, intercept, lo: los, hi: his } = this;
    const { ab, abAt, c, cAt, v, vAt } = w;
    const d = w.d[w.dAt]!;
    for (let i = 0; i < n; i++) {
      slope.fill(0);
      intercept.fill(0);
      for (let k = 0; k < width; k++) {
        const lo = los[i * width + k]!;
        const hi = his[i * width + k]!;
        if (lo >= hi) continue;
        const vk = v[vAt + k]!;
        const da = vk * ab[abAt + 2 * k]!;
        const db = vk * (ab[abAt + 2 * k + 1]! * ys[i]! + c[cAt + k]!);
        slope[lo]! += da;
        slope[hi]! -= da;
        intercept[lo]! += db;
        intercept[hi]! -= db;
      }
      let A = 0;
      let B = 0;
      for (let j = 0; j < n; j++) {
        A += slope[j]!;
        B += intercept[j]!;
        out[i * n + j] = d + A * xs[j]! + B;
      }
    }
  }

  /** forward() for K > 1 outputs (the runs found): one slope and intercept per output. */
  private forwardMany(w: GridWeights, out: Float64Array | Float32Array): void {
    const { size: n, width, xs, ys, slope, intercept, lo: los, hi: his, outputs: K } = this;
    const { ab, abAt, c, cAt, v, vAt, d, dAt } = w;
    const last = n * K;
    for (let i = 0; i < n; i++) {
      slope.fill(0);
      intercept.fill(0);
      const y = ys[i]!;
      const row = i * width;
      for (let k = 0; k < width; k++) {
        const lo = los[row + k]!;
        const hi = his[row + k]!;
        if (lo >= hi) continue;
        const a = ab[abAt + 2 * k]!;
        const rest = ab[abAt + 2 * k + 1]! * y + c[cAt + k]!;
        const l = lo * K;
        const h = hi * K;
        for (let o = 0, vo = vAt + k; o < K; o++, vo += width) {
          const vk = v[vo]!;
          slope[l + o]! += vk * a;
          slope[h + o]! -= vk * a;
          intercept[l + o]! += vk * rest;
          intercept[h + o]! -= vk * rest;
        }
      }
      // Running sums along the row, K interleaved at once, then each pixel's outputs.
      for (let q = K; q < last; q++) {
        slope[q]! += slope[q - K]!;
        intercept[q]! += intercept[q - K]!;
      }
      let at = i * last;
      for (let j = 0, q = 0; j < n; j++) {
        const x = xs[j]!;
        for (let o = 0; o < K; o++, q++, at++) out[at] = d[dAt + o]! + slope[q]! * x + intercept[q]!;
      }
    }
  }
}

/** The outputs of a 2 → n → K network at the size × size pixel centres, row by row (K per pixel). */
export function gridPrediction(net: Network, size: number): Float32Array {
  const w = gridWeights(net);
  const K = net[1]!.outputs;
  const out = new Float32Array(size * size * K);
  new GridPass(size, net[0]!.outputs, K).forward(w, out);
  return out;
}
