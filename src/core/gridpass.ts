/**
 * The one forward pass of a network 2 → n → K (one hidden ReLU layer, K outputs: one for squared
 * error, K logits for K classes) over every pixel centre of a size × size grid, in
 * O(size × n × K + size² × K) instead of O(size² × n × K). The fused engine trains with it,
 * the worker draws predictions with it, and the figures' first states (drawn at build time and
 * again on hydration) come from it, so all three agree to the last bit.
 *
 * Along a row of the grid a neuron's pre-activation a·x + b·y + c is linear in the column, so the
 * neuron is on over one run of consecutive columns, found in O(1) and settled exactly at its end.
 * A neuron with a ≥ 0 is on from some column to the end of every row ("rising"), one with a < 0
 * from the start of the row up to some column ("falling"): each row needs one boundary column per
 * neuron. On its run a neuron adds v·(a·x + b·y + c) to each output, a linear function of x: its
 * slope and intercept go into one of two difference arrays at the boundary column, the rising
 * neurons' summed from the left and the falling neurons' from the right, so nothing is added only
 * to be taken away again. With K outputs the result is laid out point by point, the K outputs of
 * pixel p at [p·K, p·K + K).
 *
 * The pixel centres are those of src/core/coords.ts, rounded to 32-bit floats as the training sets
 * store them. The pass keeps each row's boundaries for a backward pass to reuse, and works a row at
 * a time (`row`), so a trainer can take each row's loss and gradient while the row is at hand.
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
  /**
   * The neurons in the order the pass visits them: first the `rising` ones (a ≥ 0), then the
   * falling ones (a < 0). Position p holds neuron order[p].
   */
  readonly order: Int32Array;
  /** How many neurons are rising (positions 0 … rising − 1) in the weights last prepared. */
  rising = 0;
  /**
   * Per row i and position p (at i·width + p), the boundary of the neuron's active run of columns
   * in the last pass: its first column when rising (on over [t, size)), its end when falling (on
   * over [0, t)). Empty runs have t = size (rising) or t = 0 (falling).
   */
  readonly bound: Int32Array;
  /** a, b, c of the neuron at each position (as the weights hold them). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  /** Per output o and position p (at o·width + p): the neuron's weight v in that output. */
  readonly v: Float64Array;
  /** The output biases. */
  readonly d: Float64Array;
  /** Per output o and position p: v·a, the slope the neuron adds along a row while on. */
  readonly va: Float64Array;
  /** Per position: the crease crosses a row at column r·toColumn[p] + (size − 1)/2 (r = b·y + c). */
  readonly toColumn: Float64Array;
  /** x of the columns with −∞ before and +∞ after them: column j at j + 1. */
  readonly padded: Float64Array;
  /** b·y + c of the neuron at each position, in the row being worked on. */
  private readonly rest: Float64Array;
  /** Difference arrays of one output's slope and intercept, per column (at 2t). */
  private readonly up: Float64Array;
  private readonly down: Float64Array;
  /** One row of outputs, for forward() into a picture. */
  private readonly line: Float64Array;

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
    this.order = new Int32Array(width);
    this.bound = new Int32Array(size * width);
    this.a = new Float64Array(width);
    this.b = new Float64Array(width);
    this.c = new Float64Array(width);
    this.toColumn = new Float64Array(width);
    this.v = new Float64Array(width * outputs);
    this.va = new Float64Array(width * outputs);
    this.d = new Float64Array(outputs);
    this.padded = new Float64Array(size + 2);
    this.padded.set(this.xs, 1);
    this.padded[0] = -Infinity;
    this.padded[size + 1] = Infinity;
    this.rest = new Float64Array(width);
    this.up = new Float64Array((size + 1) * 2);
    this.down = new Float64Array((size + 1) * 2);
    this.line = new Float64Array(size * outputs);
  }

  /** Per row i and neuron k (at i·width + k), the first active column of the last pass (as [lo, hi)). */
  get lo(): Int32Array {
    return this.runEnds(true);
  }

  /** Per row i and neuron k (at i·width + k), the column after the last active one of the last pass. */
  get hi(): Int32Array {
    return this.runEnds(false);
  }

  private runEnds(start: boolean): Int32Array {
    const { size: n, width, order, rising, bound } = this;
    const out = new Int32Array(n * width);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < width; p++) {
        const t = bound[i * width + p]!;
        out[i * width + order[p]!] = p < rising ? (start ? t : n) : start ? 0 : t;
      }
    }
    return out;
  }

  /** Takes in the weights for the rows that follow: the neurons' order and each one's constants. */
  prepare(w: GridWeights): void {
    if ((w.outputs ?? 1) !== this.outputs) throw new Error(`the grid pass was made for ${this.outputs} outputs, not ${w.outputs ?? 1}`);
    const { width, outputs: K, order, a, b, c, v, va, d, toColumn } = this;
    const { ab, abAt, vAt } = w;
    const half = this.size / 2;
    let rising = 0;
    for (let k = 0; k < width; k++) if (ab[abAt + 2 * k]! >= 0) rising++;
    this.rising = rising;
    for (let k = 0, up = 0, down = rising; k < width; k++) {
      const ak = ab[abAt + 2 * k]!;
      const p = ak >= 0 ? up++ : down++;
      order[p] = k;
      a[p] = ak;
      b[p] = ab[abAt + 2 * k + 1]!;
      c[p] = w.c[w.cAt + k]!;
      // A level neuron (a = 0) is on across the whole row or nowhere: its estimate is either end.
      toColumn[p] = ak === 0 ? -1e300 : -half / ak;
      for (let o = 0; o < K; o++) {
        const vk = w.v[vAt + o * width + k]!;
        v[o * width + p] = vk;
        va[o * width + p] = vk * ak;
      }
    }
    for (let o = 0; o < K; o++) d[o] = w.d[w.dAt + o]!;
  }

  /**
   * Row i of the prepared weights: each neuron's boundary into `bound`, and the K outputs of each
   * pixel of the row into out[at …] (size × K numbers).
   */
  row(i: number, out: Float64Array, at: number): void {
    this.bounds(i);
    const { size: n, width, xs, v, va, up, down, bound, rising, outputs: K, rest } = this;
    const base = i * width;
    for (let o = 0; o < K; o++) {
      up.fill(0);
      down.fill(0);
      const ov = o * width;
      for (let p = 0; p < rising; p++) {
        const t = 2 * bound[base + p]!;
        up[t]! += va[ov + p]!;
        up[t + 1]! += v[ov + p]! * rest[p]!;
      }
      for (let p = rising; p < width; p++) {
        const t = 2 * bound[base + p]!;
        down[t]! += va[ov + p]!;
        down[t + 1]! += v[ov + p]! * rest[p]!;
      }
      // A rising neuron's entry counts from its column on, a falling one's before it: running sums
      // of the first from the left, of the second from the right (column j reads those after j).
      for (let q = 2 * n - 1; q >= 0; q--) down[q]! += down[q + 2]!;
      const d = this.d[o]!;
      let A = 0;
      let B = 0;
      for (let j = 0, to = at + o; j < n; j++, to += K) {
        A += up[2 * j]!;
        B += up[2 * j + 1]!;
        out[to] = d + (A + down[2 * j + 2]!) * xs[j]! + (B + down[2 * j + 3]!);
      }
    }
  }

  /**
   * Each neuron's boundary in row i, into `bound`, and its b·y + c into `rest`. The boundary is read
   * off where the crease crosses the row, then checked against a·x + b·y + c > 0 at the columns on
   * either side (settled column by column in the rare case the estimate is off, as it can be by
   * rounding when the crease passes within a hair of a pixel centre).
   */
  private bounds(i: number): void {
    const { size: n, width, padded, a: as, b: bs, c: cs, toColumn, bound, rising, rest } = this;
    const y = this.ys[i]!;
    const next = (n + 1) / 2;
    const base = i * width;
    for (let p = 0; p < width; p++) {
      const a = as[p]!;
      const r = bs[p]! * y + cs[p]!;
      rest[p] = r;
      // The first column past the crossing (clamped to the row): the boundary unless rounding says otherwise.
      let t = Math.min(n, Math.max(0, r * toColumn[p]! + next)) | 0;
      // padded[t] and padded[t + 1] are the x of columns t − 1 and t (−∞ and +∞ past the ends).
      if (a * padded[t]! + r > 0 === a * padded[t + 1]! + r > 0) t = p < rising ? this.settleRising(a, r, t) : this.settleFalling(a, r, t);
      bound[base + p] = t;
    }
  }

  /** The first column where a·x + r > 0 (a ≥ 0), searched from column j. */
  private settleRising(a: number, r: number, j: number): number {
    const { size: n, xs } = this;
    while (j > 0 && a * xs[j - 1]! + r > 0) j--;
    while (j < n && !(a * xs[j]! + r > 0)) j++;
    return j;
  }

  /** The first column where a·x + r > 0 no longer holds (a < 0), searched from column j. */
  private settleFalling(a: number, r: number, j: number): number {
    const { size: n, xs } = this;
    while (j < n && a * xs[j]! + r > 0) j++;
    while (j > 0 && !(a * xs[j - 1]! + r > 0)) j--;
    return j;
  }

  /** The network's outputs at every pixel centre, row by row, into `out` (length size² × K). */
  forward(w: GridWeights, out: Float64Array | Float32Array): void {
    this.prepare(w);
    const { size: n, line, outputs: K } = this;
    for (let i = 0; i < n; i++) {
      this.row(i, line, 0);
      out.set(line, i * n * K);
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
