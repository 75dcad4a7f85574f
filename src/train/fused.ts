/**
 * The fused engine: ReLU MLPs of the plane trained on typed arrays, with forward and backward
 * passes written as loops that keep each sample's activations in a few small buffers (nothing is
 * allocated per step). Same initialisation, optimizers, constants, mini-batches and loss as the
 * TensorFlow.js engine, so the same seed follows the same run (tests hold the two together).
 *
 * It trains squared error (one output), softmax cross-entropy over K classes (K outputs, targets
 * that are class numbers) or binary cross-entropy on a sigmoid (one output, classes 0 and 1;
 * src/core/loss.ts), with the same formulas in both kernels.
 *
 * One hidden layer trained on a whole picture grid (the essay's main case) takes an exact
 * shortcut. Along a row of the grid, a neuron's pre-activation a·x + b·y + c is linear in the
 * column, so the neuron is active on one run of consecutive columns, found in O(1). Its share of
 * the output is a linear function on that run (added with difference arrays), and its gradients are
 * sums of the residual over that run (read off prefix sums). A step then costs
 * O(rows × neurons + pixels) instead of O(pixels × neurons), with the same result up to rounding.
 * Its rows run in WebAssembly (gridRows in src/train/wasm/assembly/kernels.ts, with 128-bit SIMD
 * where the browser has it), the same operations in the same order as the JavaScript rows below,
 * which run where the module cannot load; the pictures of such a network are drawn the same way.
 *
 * For experiments, the engine also takes settings the widgets never use (FusedSettings: Adam's
 * constants, a floor under its √v̂ or AMSGrad's running maximum, L2 weight decay, a scale for the
 * first layer's initial weights, per-sample loss weights, an input rotation, Fourier-feature
 * inputs) and lets one look inside the optimizer after each step (FusedTrainer.inspect).
 */
import { gridPoints, pixelCentre } from '../core/coords.ts';
import { type FourierMap, type FourierSettings, fourierMap } from '../core/fourier.ts';
import { GridPass, type GridWeights } from '../core/gridpass.ts';
import { type Loss, classesOf, lossOf, outputsOf, requireLoss, sigmoid, sigmoidCrossEntropy, softmaxInto } from '../core/loss.ts';
import { medianInPlace } from '../core/stats.ts';
import { type Layer, type Network, initNetwork, layerSizes, scaleFirstLayer } from '../core/mlp.ts';
import type { Dataset } from '../core/targets.ts';
import { batchSampler, batchSeed } from './batches.ts';
import { OPTIMIZER_CONSTANTS, type TrainSettings, type Trainer } from './trainer.ts';
import { type Kernels, loadKernels } from './wasm/kernels.ts';

/**
 * Settings of the fused engine: those of every engine, plus options for experiments (the
 * TensorFlow.js engine has none of them). Left out, each option changes nothing.
 */
export interface FusedSettings extends TrainSettings {
  /**
   * Adam's constants, replacing those of OPTIMIZER_CONSTANTS.adam one by one, and two changes to
   * its denominator √v̂ + ε, each off by default:
   * - `floor`: √v̂ is never taken below this value, so Adam divides by max(√v̂, floor) + ε;
   * - `amsgrad`: v is replaced by its running maximum over the steps so far (AMSGrad, Reddi, Kale &
   *   Kumar 2018; bias-corrected like v, as PyTorch does), so the denominator of a weight can
   *   never shrink while its gradients fade.
   */
  readonly adam?: { readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number; readonly floor?: number; readonly amsgrad?: boolean };
  /**
   * L2 weight decay λ: the optimizer is handed the gradient of loss + (λ/2)·Σw², that is, λ·w is
   * added to the gradient of every weight (both layers' weight matrices; biases are not decayed).
   * The losses reported stay the plain mean squared error.
   */
  readonly weightDecay?: number;
  /** Multiplies the first layer's initial (a, b, c): same creases, steeper sheets. Default 1. */
  readonly initScale?: number;
  /**
   * One weight per training point: the loss becomes Σ wₚ·eₚ² / Σ wₚ (over the batch), e.g. 0 outside
   * a mask. Reported losses are weighted the same way.
   */
  readonly sampleWeights?: Float32Array;
  /**
   * The network sees every point rotated by this angle (radians, counter-clockwise) about the
   * origin: the same as training on a rotated copy of the data, while keeping the grid shortcut.
   * The weights stay in the network's own frame, so Adam's per-coordinate scaling still acts along
   * its x and y axes while the grid's rows and columns turn. Default 0.
   */
  readonly inputRotation?: number;
  /**
   * The network sees Fourier features of each point (src/core/fourier.ts) instead of (x, y): its
   * first layer has 2·count inputs, initialised like any hidden layer (Kaiming uniform for that
   * fan-in, biases U(−1, 1)). The first layer is then no longer a set of creases of the plane,
   * and the grid shortcut (which needs the raw coordinates) gives way to the general path.
   * Cannot be combined with `inputRotation`.
   */
  readonly fourier?: FourierSettings;
}

/** A look inside the optimizer, after the last step. */
export interface OptimizerState {
  /** Steps taken. */
  readonly steps: number;
  /** Euclidean norm of the last update, ‖θₜ − θₜ₋₁‖. */
  readonly updateNorm: number;
  /** Largest change of a single parameter in the last update. */
  readonly maxUpdate: number;
  /** Euclidean norm of the gradient the last update used (weight decay included). */
  readonly gradientNorm: number;
  /**
   * Adam: its bias-corrected second-moment estimate v̂ (with `amsgrad`, of v's running maximum);
   * RMSprop: its mean square; null for the others. `fractionBelowEpsilon` counts the entries whose
   * ε outweighs the estimate in the denominator: √v̂ < ε for Adam, v < ε for RMSprop (whose ε sits
   * inside the square root).
   */
  readonly secondMoment: { readonly mean: number; readonly medianRoot: number; readonly fractionBelowEpsilon: number } | null;
}

/** The fused engine's trainer: a Trainer that can also be looked inside. */
export interface FusedTrainer extends Trainer {
  inspect(): OptimizerState;
  /** A copy of every parameter, flat: layer by layer, its weights (row-major) then its biases. */
  parameters(): Float32Array;
  /**
   * Loss and gradient (weight decay included) over the whole training set at the given flat
   * parameters, the gradient into `out`. The trainer's own weights and optimizer are untouched.
   */
  lossAndGradientAt(theta: Float32Array, out: Float64Array): number;
  /**
   * How the optimizer divides each gradient entry now: max(√v̂, floor) + ε for Adam (floor 0 unless
   * set), √(v + ε) for RMSprop, 1 for SGD and momentum (per parameter, into `out`).
   */
  preconditioner(out: Float64Array): void;
}

interface Shapes {
  readonly sizes: readonly number[];
  /** Offsets of each layer's weights and biases in the flat parameter vector. */
  readonly weightAt: readonly number[];
  readonly biasAt: readonly number[];
  readonly count: number;
}

function shapes(sizes: readonly number[]): Shapes {
  const weightAt: number[] = [];
  const biasAt: number[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    weightAt.push(at);
    at += sizes[l]! * sizes[l + 1]!;
    biasAt.push(at);
    at += sizes[l + 1]!;
  }
  return { sizes, weightAt, biasAt, count: at };
}

function flatten(net: Network, s: Shapes): Float32Array {
  const theta = new Float32Array(s.count);
  net.forEach((layer, l) => {
    theta.set(layer.weights, s.weightAt[l]);
    theta.set(layer.biases, s.biasAt[l]);
  });
  return theta;
}

function unflatten(theta: Float32Array, s: Shapes): Network {
  const out: Layer[] = [];
  for (let l = 0; l + 1 < s.sizes.length; l++) {
    const inputs = s.sizes[l]!;
    const outputs = s.sizes[l + 1]!;
    out.push({
      inputs,
      outputs,
      weights: theta.slice(s.weightAt[l], s.weightAt[l]! + inputs * outputs),
      biases: theta.slice(s.biasAt[l], s.biasAt[l]! + outputs),
    });
  }
  return out;
}

/** True when the inputs are the pixel centres of the size×size grid, row by row. */
function isGrid(data: Dataset): boolean {
  const n = data.size;
  if (data.inputs.length !== 2 * n * n || data.targets.length !== n * n) return false;
  const g = gridPoints(n);
  for (let k = 0; k < g.length; k++) if (Math.fround(g[k]!) !== data.inputs[k]) return false;
  return true;
}

/** What an update leaves behind for OptimizerState: sums over the parameters of its last step. */
interface UpdateStats {
  sumUpdate2: number;
  maxUpdate: number;
  sumGradient2: number;
}

interface Update {
  apply(theta: Float32Array, grad: Float64Array): void;
  reset(): void;
  readonly stats: UpdateStats;
  secondMoment(scratch: Float64Array): OptimizerState['secondMoment'];
  preconditioner(out: Float64Array): void;
}

/**
 * Optimizer updates on flat arrays, with TensorFlow.js's formulas (see its optimizers):
 * Adam with bias correction, momentum as v ← μ·v + g, w ← w − lr·v, RMSprop without momentum.
 * Each update also sums its squared steps and gradients for OptimizerState (no allocation).
 */
function makeUpdate(settings: FusedSettings, count: number): Update {
  const lr = settings.learningRate;
  const { beta1, beta2, epsilon } = { ...OPTIMIZER_CONSTANTS.adam, ...settings.adam };
  const floor = settings.adam?.floor ?? 0;
  if (!(floor >= 0 && Number.isFinite(floor))) throw new RangeError(`Adam's floor must be ≥ 0, got ${floor}`);
  const m = new Float32Array(count);
  const v = new Float32Array(count);
  // AMSGrad: the running maximum of v, which takes v's place in the denominator.
  const vmax = settings.optimizer === 'adam' && settings.adam?.amsgrad ? new Float32Array(count) : null;
  const denominatorV = vmax ?? v;
  const stats: UpdateStats = { sumUpdate2: 0, maxUpdate: 0, sumGradient2: 0 };
  let accBeta1 = 0;
  let accBeta2 = 0;
  const reset = (): void => {
    m.fill(0);
    v.fill(0);
    vmax?.fill(0);
    accBeta1 = beta1;
    accBeta2 = beta2;
    stats.sumUpdate2 = stats.maxUpdate = stats.sumGradient2 = 0;
  };
  reset();
  const finish = (u2: number, most: number, g2: number): void => {
    stats.sumUpdate2 = u2;
    stats.maxUpdate = most;
    stats.sumGradient2 = g2;
  };
  switch (settings.optimizer) {
    case 'adam':
      return {
        reset,
        stats,
        apply(theta, grad) {
          const c1 = 1 - accBeta1;
          const c2 = 1 - accBeta2;
          let u2 = 0;
          let most = 0;
          let g2 = 0;
          for (let k = 0; k < count; k++) {
            const g = grad[k]!;
            const mk = (m[k] = beta1 * m[k]! + (1 - beta1) * g);
            let vk = (v[k] = beta2 * v[k]! + (1 - beta2) * g * g);
            if (vmax) {
              if (vmax[k]! > vk) vk = vmax[k]!;
              else vmax[k] = vk;
            }
            const root = Math.sqrt(vk / c2);
            const before = theta[k]!;
            theta[k] = before - (lr * (mk / c1)) / ((root > floor ? root : floor) + epsilon);
            const d = theta[k]! - before;
            u2 += d * d;
            if (Math.abs(d) > most) most = Math.abs(d);
            g2 += g * g;
          }
          finish(u2, most, g2);
          accBeta1 *= beta1;
          accBeta2 *= beta2;
        },
        secondMoment(scratch) {
          // After t steps accBeta2 = β2^(t+1), so the correction of the last step is 1 − accBeta2 / β2.
          const c2 = 1 - accBeta2 / beta2;
          return summarise(denominatorV, c2 > 0 ? 1 / c2 : 0, epsilon * epsilon, scratch);
        },
        preconditioner(out) {
          const c2 = 1 - accBeta2 / beta2;
          for (let k = 0; k < count; k++) out[k] = Math.max(c2 > 0 ? Math.sqrt(denominatorV[k]! / c2) : 0, floor) + epsilon;
        },
      };
    case 'sgd':
      return {
        reset,
        stats,
        apply(theta, grad) {
          let u2 = 0;
          let most = 0;
          let g2 = 0;
          for (let k = 0; k < count; k++) {
            const g = grad[k]!;
            const before = theta[k]!;
            theta[k] = before - lr * g;
            const d = theta[k]! - before;
            u2 += d * d;
            if (Math.abs(d) > most) most = Math.abs(d);
            g2 += g * g;
          }
          finish(u2, most, g2);
        },
        secondMoment: () => null,
        preconditioner: (out) => out.fill(1),
      };
    case 'momentum': {
      const { momentum } = OPTIMIZER_CONSTANTS.momentum;
      return {
        reset,
        stats,
        apply(theta, grad) {
          let u2 = 0;
          let most = 0;
          let g2 = 0;
          for (let k = 0; k < count; k++) {
            const g = grad[k]!;
            const a = (m[k] = momentum * m[k]! + g);
            const before = theta[k]!;
            theta[k] = before - lr * a;
            const d = theta[k]! - before;
            u2 += d * d;
            if (Math.abs(d) > most) most = Math.abs(d);
            g2 += g * g;
          }
          finish(u2, most, g2);
        },
        secondMoment: () => null,
        preconditioner: (out) => out.fill(1),
      };
    }
    case 'rmsprop': {
      const { decay, epsilon: rmsEpsilon } = OPTIMIZER_CONSTANTS.rmsprop;
      return {
        reset,
        stats,
        apply(theta, grad) {
          let u2 = 0;
          let most = 0;
          let g2 = 0;
          for (let k = 0; k < count; k++) {
            const g = grad[k]!;
            const ms = (v[k] = decay * v[k]! + (1 - decay) * g * g);
            const before = theta[k]!;
            theta[k] = before - (lr * g) / Math.sqrt(ms + rmsEpsilon);
            const d = theta[k]! - before;
            u2 += d * d;
            if (Math.abs(d) > most) most = Math.abs(d);
            g2 += g * g;
          }
          finish(u2, most, g2);
        },
        secondMoment: (scratch) => summarise(v, 1, rmsEpsilon, scratch),
        preconditioner(out) {
          for (let k = 0; k < count; k++) out[k] = Math.sqrt(v[k]! + rmsEpsilon);
        },
      };
    }
  }
}

/** Mean of scale·v, median of √(scale·v), and the fraction of scale·v below `below`. */
function summarise(v: Float32Array, scale: number, below: number, scratch: Float64Array): NonNullable<OptimizerState['secondMoment']> {
  const n = v.length;
  let sum = 0;
  let under = 0;
  for (let k = 0; k < n; k++) {
    const x = scale * v[k]!;
    scratch[k] = x;
    sum += x;
    if (x < below) under++;
  }
  return { mean: sum / n, medianRoot: Math.sqrt(medianInPlace(scratch, n)), fractionBelowEpsilon: under / n };
}

/** Rows of a picture drawn at a time in WebAssembly (its memory holds this many rows of outputs). */
const PICTURE_ROWS = 64;

/** How src/train/wasm/assembly/kernels.ts's gridRows names each loss. */
const LOSS_CODES = { mse: 0, 'softmax-cross-entropy': 1, 'sigmoid-cross-entropy': 2 } as const;

/**
 * The rows of GridKernel in WebAssembly (gridRows in src/train/wasm/assembly/kernels.ts): the same
 * operations in the same order as GridPass.row and GridKernel's loss and gradient rows, compiled
 * ahead of time. The pass's prepared weights are copied into the module's memory each step (a few
 * thousand numbers); the gradient sums are read back where the module leaves them.
 */
class GridRows {
  private readonly at: Record<'xs' | 'padded' | 'ys' | 'a' | 'b' | 'c' | 'toColumn' | 'pv' | 'd' | 'bound' | 'rest' | 'up' | 'down' | 'line' | 'left' | 'right' | 'sums' | 'sumR' | 'targets' | 'weights' | 'out', number>;
  /** Views of the module's memory, made again whenever it grows (growing detaches the old ones). */
  private views: { buffer: ArrayBuffer; a: Float64Array; b: Float64Array; c: Float64Array; toColumn: Float64Array; pv: Float64Array; d: Float64Array; sums: Float64Array; sumR: Float64Array; out: Float32Array } | null = null;

  /** Takes its memory from `arena` (the end of what the module's memory holds so far, shared by a trainer's kernels). */
  constructor(
    private readonly k: Kernels,
    private readonly pass: GridPass,
    targets: Float32Array | null,
    weights: Float32Array | null,
    arena: { end: number },
  ) {
    const { size: n, width, outputs: K } = pass;
    // Byte addresses, 64-byte aligned, for `count` numbers of `bytes` each.
    const take = (count: number, bytes = 8): number => {
      const start = Math.ceil(arena.end / 64) * 64;
      arena.end = start + count * bytes;
      return start;
    };
    const pairs = (n + 1) * 2 * K;
    this.at = {
      xs: take(n), padded: take(n + 2), ys: take(n),
      a: take(width), b: take(width), c: take(width), toColumn: take(width), pv: take(width * K * 2), d: take(K),
      bound: take(width, 4), rest: take(width), up: take(pairs), down: take(pairs), line: take(n * K),
      left: take(pairs), right: take(pairs), sums: take(width * K * 4), sumR: take(K),
      targets: targets ? take(n * n, 4) : 0, weights: weights ? take(n * n, 4) : 0,
      out: take(PICTURE_ROWS * n * K, 4),
    };
    const missing = arena.end - k.memory.buffer.byteLength;
    if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));
    const buffer = k.memory.buffer;
    new Float64Array(buffer, this.at.xs, n).set(pass.xs);
    new Float64Array(buffer, this.at.padded, n + 2).set(pass.padded);
    new Float64Array(buffer, this.at.ys, n).set(pass.ys);
    if (targets) new Float32Array(buffer, this.at.targets, n * n).set(targets);
    if (weights) new Float32Array(buffer, this.at.weights, n * n).set(weights);
    // The first pair of `left` and the last of `right` are zero, and nothing writes there.
    new Float64Array(buffer, this.at.left, 2 * K).fill(0);
    new Float64Array(buffer, this.at.right + n * 2 * K * 8, 2 * K).fill(0);
  }

  /** The views of the module's memory, as it is now. */
  private memoryViews(): NonNullable<GridRows['views']> {
    const buffer = this.k.memory.buffer;
    if (this.views?.buffer === buffer) return this.views;
    const { size: n, width, outputs: K } = this.pass;
    const f64 = (at: number, count: number): Float64Array => new Float64Array(buffer, at, count);
    const at = this.at;
    return (this.views = {
      buffer,
      a: f64(at.a, width),
      b: f64(at.b, width),
      c: f64(at.c, width),
      toColumn: f64(at.toColumn, width),
      pv: f64(at.pv, width * K * 2),
      d: f64(at.d, K),
      sums: f64(at.sums, width * K * 4),
      sumR: f64(at.sumR, K),
      out: new Float32Array(buffer, at.out, PICTURE_ROWS * n * K),
    });
  }

  /** Per position p and output o (at (p·K + o)·4): Σ S, Σ SX, Σ y·S (and Σ y·SX) over the rows of the last run. */
  get sums(): Float64Array {
    return this.memoryViews().sums;
  }

  /** Σ R per output over the rows of the last run. */
  get sumR(): Float64Array {
    return this.memoryViews().sumR;
  }

  /** The weights the pass prepared, into the module's memory. */
  private load(): NonNullable<GridRows['views']> {
    const { pass } = this;
    const { width, outputs: K } = pass;
    const views = this.memoryViews();
    views.a.set(pass.a);
    views.b.set(pass.b);
    views.c.set(pass.c);
    views.toColumn.set(pass.toColumn);
    views.d.set(pass.d);
    views.sums.fill(0);
    views.sumR.fill(0);
    const { pv } = views;
    for (let o = 0; o < K; o++) {
      for (let p = 0; p < width; p++) {
        pv[2 * (p * K + o)] = pass.va[o * width + p]!;
        pv[2 * (p * K + o) + 1] = pass.v[o * width + p]!;
      }
    }
    return views;
  }

  /** Every row with the weights the pass prepared: the summed loss, and the sums filled in. */
  run(loss: number, total: number): number {
    this.load();
    const { pass, at } = this;
    const { size: n, width, outputs: K } = pass;
    return this.k.gridRows(
      n, width, K, pass.rising, loss, total,
      at.xs, at.padded, at.ys, at.a, at.b, at.c, at.toColumn, at.pv, at.d,
      at.bound, at.rest, at.up, at.down, at.line, at.left, at.right, at.sums, at.sumR,
      at.targets, at.weights,
    );
  }

  /** The outputs at every pixel with the weights the pass prepared, into `out` (as GridPass.forward, to the last bit). */
  forward(out: Float64Array | Float32Array): void {
    const { out: rows } = this.load();
    const { pass, at } = this;
    const { size: n, width, outputs: K } = pass;
    for (let first = 0; first < n; first += PICTURE_ROWS) {
      const count = Math.min(PICTURE_ROWS, n - first);
      this.k.gridForward(
        n, width, K, pass.rising,
        at.xs, at.padded, at.ys, at.a, at.b, at.c, at.toColumn, at.pv, at.d,
        at.bound, at.rest, at.up, at.down, at.line, first, count, at.out,
      );
      out.set(rows.subarray(0, count * n * K), first * n * K);
    }
  }
}

/**
 * One hidden layer on a full grid: loss and gradient in O(rows × width + pixels), see the header.
 * The forward pass is the shared one of src/core/gridpass.ts, taken a row at a time: each row's
 * outputs become its loss and its d(loss)/d(output) at once, and the row's boundaries of active
 * runs, still at hand, turn them into the gradient.
 *
 * The gradient of neuron k (a, b, c; weight v in output o) is a sum over rows of sums over its
 * run: with R = d(loss)/d(output o) at each pixel, S = Σ R and SX = Σ x·R over the run of row y,
 * d/dv = Σ (a·SX + (b·y + c)·S), d/da = Σₒ v·Σ SX, d/db = Σₒ v·Σ y·S and d/dc = Σₒ v·Σ S. So each
 * row adds S, SX and y·S into three sums per neuron and output, read off running sums of R and
 * x·R along the row (from the right for rising neurons, from the left for falling ones), and the
 * gradient is put together from them once at the end.
 */
class GridKernel {
  private readonly n: number;
  private readonly K: number;
  private readonly pass: GridPass;
  /** One row's outputs, then its d(loss)/d(output), K per pixel. */
  private readonly line: Float64Array;
  /** Running sums of one output's R and x·R along a row, per column boundary (at 2t): from the left, and from the right. */
  private readonly fromLeft: Float64Array;
  private readonly fromRight: Float64Array;
  /** Per position p of the pass and output o (at (p·K + o)·4): Σ over rows of S, SX and y·S (in JavaScript; the fourth unused). */
  private readonly sums: Float64Array;
  private readonly sumR: Float64Array;
  /** Σ of the sample weights (the loss's denominator when weighted). */
  private readonly total: number;

  /** The same rows in WebAssembly, when its kernels are at hand (see GridRows). */
  private readonly rows: GridRows | null;

  constructor(
    size: number,
    private readonly width: number,
    private readonly targets: Float32Array | null,
    private readonly weights: Float32Array | null = null,
    private readonly loss: Loss = { kind: 'mse' },
    kernels: Kernels | null = null,
    arena: { end: number } | null = null,
  ) {
    this.n = size;
    const K = (this.K = outputsOf(loss));
    this.pass = new GridPass(size, width, K);
    this.line = new Float64Array(size * K);
    this.fromLeft = new Float64Array((size + 1) * 2);
    this.fromRight = new Float64Array((size + 1) * 2);
    this.total = weights ? weightSum(weights, null) : size * size;
    this.rows = kernels ? new GridRows(kernels, this.pass, targets, weights, arena ?? { end: kernels.heapBase() }) : null;
    this.sums = new Float64Array(this.rows ? 0 : width * 4 * K);
    this.sumR = new Float64Array(this.rows ? 0 : K);
  }

  private gridWeights(theta: Float32Array, s: Shapes): GridWeights {
    return { ab: theta, abAt: s.weightAt[0]!, c: theta, cAt: s.biasAt[0]!, v: theta, vAt: s.weightAt[1]!, d: theta, dAt: s.biasAt[1]!, outputs: this.K };
  }

  /** The network's outputs at every pixel, into `out` (length size² × K, pixel by pixel). */
  forward(theta: Float32Array, s: Shapes, out: Float64Array | Float32Array): void {
    if (!this.rows) return this.pass.forward(this.gridWeights(theta, s), out);
    this.pass.prepare(this.gridWeights(theta, s));
    this.rows.forward(out);
  }

  /**
   * The loss (weighted when the kernel has weights), and its gradient into `grad` (the whole
   * parameter vector).
   */
  lossAndGradient(theta: Float32Array, s: Shapes, grad: Float64Array): number {
    const { n, pass, line, sums, sumR } = this;
    pass.prepare(this.gridWeights(theta, s));
    if (this.rows) {
      const sum = this.rows.run(LOSS_CODES[this.loss.kind], this.total);
      this.gradient(s, grad, this.rows.sums, this.rows.sumR);
      return sum / this.total;
    }
    sums.fill(0);
    sumR.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      pass.row(i, line, 0);
      loss = this.rowLoss(i, loss);
      this.rowGradient(i);
    }
    this.gradient(s, grad, sums, sumR);
    return loss / this.total;
  }

  /** `sum` plus row i's loss (weighted), pixel after pixel, leaving d(loss)/d(output) in this.line. */
  private rowLoss(i: number, sum: number): number {
    switch (this.loss.kind) {
      case 'mse':
        return this.rowSquaredError(i, sum);
      case 'sigmoid-cross-entropy':
        return this.rowSigmoidCrossEntropy(i, sum);
      case 'softmax-cross-entropy':
        return this.rowCrossEntropy(i, sum);
    }
  }

  /** Squared error: d(Σ wₚ eₚ² / Σ w)/d(output) = 2 wₚ eₚ / Σ w (wₚ = 1 without weights). */
  private rowSquaredError(i: number, sum: number): number {
    const { n, line, total, weights } = this;
    const targets = this.targets!;
    const at = i * n;
    let loss = sum;
    if (weights) {
      for (let j = 0; j < n; j++) {
        const e = line[j]! - targets[at + j]!;
        const we = weights[at + j]! * e;
        loss += we * e;
        line[j] = (2 * we) / total;
      }
      return loss;
    }
    for (let j = 0; j < n; j++) {
      const e = line[j]! - targets[at + j]!;
      loss += e * e;
      line[j] = (2 * e) / total;
    }
    return loss;
  }

  /** Binary cross-entropy on σ(z): d(loss)/dz = wₚ·(σ(z) − t) / Σ w. */
  private rowSigmoidCrossEntropy(i: number, sum: number): number {
    const { n, line, total, weights } = this;
    const targets = this.targets!;
    const at = i * n;
    let loss = sum;
    for (let j = 0; j < n; j++) {
      const z = line[j]!;
      const t = targets[at + j]!;
      const wp = weights ? weights[at + j]! : 1;
      loss += wp * sigmoidCrossEntropy(z, t);
      line[j] = (wp * (sigmoid(z) - t)) / total;
    }
    return loss;
  }

  /**
   * Softmax cross-entropy: per pixel, d(loss)/d(logit j) = wₚ·(softmax j − [j is the class]) / Σ w.
   * The largest logit's exponential (of 0) is 1, so only the others are computed.
   */
  private rowCrossEntropy(i: number, sum: number): number {
    const { n, K, line, total, weights } = this;
    const targets = this.targets!;
    const at = i * n;
    let loss = sum;
    for (let j = 0, q = 0; j < n; j++, q += K) {
      const label = targets[at + j]!;
      let m = line[q]!;
      let top = 0;
      for (let o = 1; o < K; o++) {
        if (line[q + o]! > m) {
          m = line[q + o]!;
          top = o;
        }
      }
      const own = line[q + label]! - m;
      let exps = 0;
      for (let o = 0; o < K; o++) exps += line[q + o] = o === top ? 1 : Math.exp(line[q + o]! - m);
      const wp = weights ? weights[at + j]! : 1;
      // -log softmax(label) = log Σ e^(z − m) − (z_label − m)
      loss += wp * (Math.log(exps) - own);
      const scale = wp / (total * exps);
      for (let o = 0; o < K; o++) line[q + o] = scale * line[q + o]! - (o === label ? wp / total : 0);
    }
    return loss;
  }

  /** Row i's share of the gradient sums: R of pixel j and output o in this.line[j·K + o]. */
  private rowGradient(i: number): void {
    const { n, K, width, line, fromLeft, fromRight, sums, sumR, pass } = this;
    const { xs, bound, rising } = pass;
    const y = pass.ys[i]!;
    const base = i * width;
    for (let o = 0; o < K; o++) {
      let r = 0;
      let rx = 0;
      for (let j = 0, q = o; j < n; j++, q += K) {
        r += line[q]!;
        rx += line[q]! * xs[j]!;
        fromLeft[2 * j + 2] = r;
        fromLeft[2 * j + 3] = rx;
      }
      sumR[o]! += r;
      r = 0;
      rx = 0;
      for (let j = n - 1, q = (n - 1) * K + o; j >= 0; j--, q -= K) {
        r += line[q]!;
        rx += line[q]! * xs[j]!;
        fromRight[2 * j] = r;
        fromRight[2 * j + 1] = rx;
      }
      // A rising neuron is on from its boundary to the row's end, a falling one up to it.
      const step = 4 * K;
      for (let p = 0, h = 4 * o; p < rising; p++, h += step) {
        const t = 2 * bound[base + p]!;
        const S = fromRight[t]!;
        sums[h]! += S;
        sums[h + 1]! += fromRight[t + 1]!;
        sums[h + 2]! += y * S;
      }
      for (let p = rising, h = 4 * (rising * K + o); p < width; p++, h += step) {
        const t = 2 * bound[base + p]!;
        const S = fromLeft[t]!;
        sums[h]! += S;
        sums[h + 1]! += fromLeft[t + 1]!;
        sums[h + 2]! += y * S;
      }
    }
  }

  /** The gradient from the sums over rows, into `grad` (every entry written). */
  private gradient(s: Shapes, grad: Float64Array, sums: Float64Array, sumR: Float64Array): void {
    const { K, width, pass } = this;
    const { order, a, b, c, v } = pass;
    const w = s.weightAt[0]!;
    const bias = s.biasAt[0]!;
    const out = s.weightAt[1]!;
    for (let p = 0; p < width; p++) {
      const k = order[p]!;
      let ga = 0;
      let gb = 0;
      let gc = 0;
      for (let o = 0, h = 4 * p * K; o < K; o++, h += 4) {
        const s1 = sums[h]!;
        const sx = sums[h + 1]!;
        const sy = sums[h + 2]!;
        const vk = v[o * width + p]!;
        grad[out + o * width + k] = a[p]! * sx + b[p]! * sy + c[p]! * s1;
        ga += vk * sx;
        gb += vk * sy;
        gc += vk * s1;
      }
      grad[w + 2 * k] = ga;
      grad[w + 2 * k + 1] = gb;
      grad[bias + k] = gc;
    }
    for (let o = 0; o < K; o++) grad[s.biasAt[1]! + o] = sumR[o]!;
  }
}

/** Throws unless every target is a class number 0 … K − 1. */
export function checkClasses(targets: ArrayLike<number>, K: number): void {
  for (let p = 0; p < targets.length; p++) {
    const t = targets[p]!;
    if (!(Number.isInteger(t) && t >= 0 && t < K)) throw new Error(`the target of point ${p} is ${t}, not a class number from 0 to ${K - 1}`);
  }
}

/** Σ wₚ over the batch (or all points when batch is null). */
function weightSum(weights: Float32Array, batch: Int32Array | null): number {
  let total = 0;
  if (batch) for (let q = 0; q < batch.length; q++) total += weights[batch[q]!]!;
  else for (let p = 0; p < weights.length; p++) total += weights[p]!;
  return total;
}

/**
 * Any depth, any points: per-sample forward and backward passes through small buffers. With a
 * feature map, each point enters as its features (those of the training points computed once).
 */
class SampleKernel {
  private readonly act: Float64Array[];
  private readonly delta: Float64Array[];
  private readonly K: number;
  /** The training points' features, point after point (with a feature map only). */
  private readonly encoded: Float64Array | null;

  constructor(
    private readonly s: Shapes,
    private readonly data: Dataset,
    private readonly features: FourierMap | null = null,
    private readonly loss: Loss = { kind: 'mse' },
  ) {
    this.act = s.sizes.map((n) => new Float64Array(n));
    this.delta = s.sizes.map((n) => new Float64Array(n));
    this.K = outputsOf(loss);
    if (features) {
      const n = data.targets.length;
      const d = features.inputs;
      this.encoded = new Float64Array(n * d);
      for (let p = 0; p < n; p++) features.encode(data.inputs[2 * p]!, data.inputs[2 * p + 1]!, this.encoded, p * d);
    } else this.encoded = null;
  }

  /** Every output of the last forward pass (K of them). */
  get outputs(): Float64Array {
    return this.act[this.act.length - 1]!;
  }

  /**
   * The loss of the last forward point against `target`, and scale × its gradient with respect to
   * the outputs into the last layer's delta (for backward()).
   */
  pointLoss(target: number, scale: number): number {
    const z = this.outputs;
    const dout = this.delta[this.delta.length - 1]!;
    if (this.loss.kind === 'mse') {
      const e = z[0]! - target;
      dout[0] = scale * 2 * e;
      return e * e;
    }
    if (this.loss.kind === 'sigmoid-cross-entropy') {
      const z = this.outputs[0]!;
      dout[0] = scale * (sigmoid(z) - target);
      return sigmoidCrossEntropy(z, target);
    }
    const K = this.K;
    const own = z[target]!;
    const lse = softmaxInto(z, 0, K, dout, 0);
    for (let j = 0; j < K; j++) dout[j] = scale * (dout[j]! - (j === target ? 1 : 0));
    return lse - own;
  }

  /** Output at (x, y); leaves every layer's activations (post-ReLU) in this.act. */
  forward(theta: Float32Array, x: number, y: number): number {
    const input = this.act[0]!;
    if (this.features) this.features.encode(x, y, input);
    else {
      input[0] = x;
      input[1] = y;
    }
    return this.propagate(theta);
  }

  /** Output at training point p (its features read from the cache when there is a feature map). */
  forwardPoint(theta: Float32Array, p: number): number {
    const input = this.act[0]!;
    if (this.encoded) {
      const d = input.length;
      input.set(this.encoded.subarray(p * d, (p + 1) * d));
    } else {
      input[0] = this.data.inputs[2 * p]!;
      input[1] = this.data.inputs[2 * p + 1]!;
    }
    return this.propagate(theta);
  }

  /** The layers, from the inputs already in act[0]; the first output. */
  private propagate(theta: Float32Array): number {
    const { s, act } = this;
    const layers = s.sizes.length - 1;
    for (let l = 0; l < layers; l++) {
      const inputs = s.sizes[l]!;
      const outputs = s.sizes[l + 1]!;
      const input = act[l]!;
      const output = act[l + 1]!;
      const w = s.weightAt[l]!;
      const bias = s.biasAt[l]!;
      const last = l === layers - 1;
      for (let o = 0; o < outputs; o++) {
        let z = theta[bias + o]!;
        const row = w + o * inputs;
        for (let i = 0; i < inputs; i++) z += theta[row + i]! * input[i]!;
        output[o] = last || z > 0 ? z : 0;
      }
    }
    return act[layers]![0]!;
  }

  /** Adds the gradient at the last forward point into `grad`, from the output delta pointLoss left. */
  backward(theta: Float32Array, grad: Float64Array): void {
    const { s, act, delta } = this;
    const layers = s.sizes.length - 1;
    for (let l = layers - 1; l >= 0; l--) {
      const inputs = s.sizes[l]!;
      const outputs = s.sizes[l + 1]!;
      const input = act[l]!;
      const out = delta[l + 1]!;
      const into = delta[l]!;
      const w = s.weightAt[l]!;
      const bias = s.biasAt[l]!;
      if (l === 0) {
        // The first layer: its weights' gradient only (nothing flows back into the inputs).
        for (let o = 0; o < outputs; o++) {
          const g = out[o]!;
          if (g === 0) continue;
          grad[bias + o]! += g;
          const row = w + o * inputs;
          for (let i = 0; i < inputs; i++) grad[row + i]! += g * input[i]!;
        }
        break;
      }
      into.fill(0);
      for (let o = 0; o < outputs; o++) {
        const g = out[o]!;
        if (g === 0) continue;
        grad[bias + o]! += g;
        const row = w + o * inputs;
        for (let i = 0; i < inputs; i++) {
          grad[row + i]! += g * input[i]!;
          into[i]! += g * theta[row + i]!;
        }
      }
      // Through the ReLU of layer l: no gradient where it was off.
      for (let i = 0; i < inputs; i++) if (!(input[i]! > 0)) into[i] = 0;
    }
  }

  lossAndGradient(theta: Float32Array, batch: Int32Array | null, grad: Float64Array, weights: Float32Array | null): number {
    const data = this.data;
    grad.fill(0);
    const count = batch ? batch.length : data.targets.length;
    const total = weights ? weightSum(weights, batch) : count;
    let loss = 0;
    for (let q = 0; q < count; q++) {
      const p = batch ? batch[q]! : q;
      const wp = weights ? weights[p]! : 1;
      if (wp === 0) continue;
      this.forwardPoint(theta, p);
      loss += wp * this.pointLoss(data.targets[p]!, wp / total);
      this.backward(theta, grad);
    }
    return loss / total;
  }
}

/**
 * Loss and gradient (into `grad`) of a 2 → width → K network, its parameters flat as the engine
 * keeps them, on a full grid data set by the grid shortcut: the rows in WebAssembly when `kernels`
 * are given, else in JavaScript (tests hold the two together).
 */
export function gridLossAndGradient(theta: Float32Array, data: Dataset, width: number, loss: Loss, weights: Float32Array | null, kernels: Kernels | null, grad: Float64Array): number {
  const s = shapes(layerSizes([width], outputsOf(loss), 2));
  if (theta.length !== s.count || grad.length !== s.count) throw new Error(`gridLossAndGradient: expected ${s.count} parameters`);
  if (!isGrid(data)) throw new Error('gridLossAndGradient: the data is not a full grid');
  return new GridKernel(data.size, width, data.targets, weights, loss, kernels).lossAndGradient(theta, s, grad);
}

/** The WebAssembly kernels for the grid's rows, or null where they cannot load (the rows then run in JavaScript). */
async function gridKernels(): Promise<Kernels | null> {
  try {
    return (await loadKernels()).kernels;
  } catch {
    return null;
  }
}

export async function createFusedTrainer(settings: FusedSettings, data: Dataset): Promise<FusedTrainer> {
  const loss = lossOf(settings);
  requireLoss(loss, 'fused', ['mse', 'softmax-cross-entropy', 'sigmoid-cross-entropy']);
  const features = settings.fourier ? fourierMap(settings.fourier) : null;
  if (features && settings.inputRotation) throw new Error('Fourier features and an input rotation cannot be combined');
  const inputs = features ? features.inputs : 2;
  const K = outputsOf(loss);
  if (loss.kind !== 'mse') checkClasses(data.targets, classesOf(loss));
  const s = shapes(layerSizes(settings.hidden, K, inputs));
  let theta = flatten(scaleFirstLayer(initNetwork(settings.hidden, settings.seed, K, inputs), settings.initScale ?? 1), s);
  const grad = new Float64Array(s.count);
  const update = makeUpdate(settings, s.count);
  const scratch = new Float64Array(s.count);
  const n = data.targets.length;
  const weights = settings.sampleWeights ?? null;
  if (weights && weights.length !== n) throw new Error(`sampleWeights has ${weights.length} entries for ${n} training points`);
  const decay = settings.weightDecay ?? 0;
  const full = settings.batchSize <= 0 || settings.batchSize >= n;
  const nextBatch = full ? null : batchSampler(n, settings.batchSize, batchSeed(settings.seed));
  // The grid shortcut: one hidden layer of creases of the plane, trained on a picture grid.
  const oneLayer = settings.hidden.length === 1 && !features;
  const onGrid = oneLayer && isGrid(data);
  // One module for the training rows and the pictures, its memory shared out from `arena`.
  const kernels = oneLayer ? await gridKernels() : null;
  const arena = { end: kernels ? kernels.heapBase() : 0 };
  const grid = onGrid ? new GridKernel(data.size, settings.hidden[0]!, data.targets, weights, loss, kernels, arena) : null;
  const sample = new SampleKernel(s, data, features, loss);
  const pictures = new Map<number, GridKernel>();
  let steps = 0;

  // With an input rotation R, a·(Rp)ₓ + b·(Rp)ᵧ = a'·x + b'·y with (a', b') = Rᵀ(a, b): the kernels
  // run on those weights, and the gradient comes back to (a, b) through R.
  const rotation = settings.inputRotation ?? 0;
  const cosR = Math.cos(rotation);
  const sinR = Math.sin(rotation);
  const turned = rotation !== 0 ? new Float32Array(s.count) : null;
  const firstRows = s.sizes[1]!;
  const seen = (at: Float32Array): Float32Array => {
    if (!turned) return at;
    turned.set(at);
    for (let o = 0; o < firstRows; o++) {
      const a = at[2 * o]!;
      const b = at[2 * o + 1]!;
      turned[2 * o] = a * cosR + b * sinR;
      turned[2 * o + 1] = -a * sinR + b * cosR;
    }
    return turned;
  };
  const turnBack = (out: Float64Array): void => {
    if (!turned) return;
    for (let o = 0; o < firstRows; o++) {
      const ga = out[2 * o]!;
      const gb = out[2 * o + 1]!;
      out[2 * o] = ga * cosR - gb * sinR;
      out[2 * o + 1] = ga * sinR + gb * cosR;
    }
  };

  const objective = (at: Float32Array, batch: Int32Array | null, out: Float64Array): number => {
    const view = seen(at);
    const loss = grid && !batch ? grid.lossAndGradient(view, s, out) : sample.lossAndGradient(view, batch, out, weights);
    turnBack(out);
    if (decay !== 0) {
      // L2 weight decay on the weight matrices only: + λ·w (biases untouched).
      for (let l = 0; l + 1 < s.sizes.length; l++) {
        const end = s.biasAt[l]!;
        for (let k = s.weightAt[l]!; k < end; k++) out[k]! += decay * at[k]!;
      }
    }
    return loss;
  };
  const lossAndGradient = (batch: Int32Array | null): number => objective(theta, batch, grad);

  return {
    backend: grid ? 'fused-grid' : 'fused',
    get steps() {
      return steps;
    },
    step(count: number): Float32Array {
      const losses = new Float32Array(count);
      for (let k = 0; k < count; k++) {
        losses[k] = lossAndGradient(nextBatch ? nextBatch() : null);
        update.apply(theta, grad);
        steps++;
      }
      return losses;
    },
    loss(): number {
      const view = seen(theta);
      if (grid) return grid.lossAndGradient(view, s, grad);
      let sum = 0;
      let total = 0;
      for (let p = 0; p < n; p++) {
        const wp = weights ? weights[p]! : 1;
        sample.forwardPoint(view, p);
        sum += wp * sample.pointLoss(data.targets[p]!, 0);
        total += wp;
      }
      return sum / total;
    },
    network: () => unflatten(theta, s),
    setNetwork(net: Network): void {
      theta = flatten(net, s);
      update.reset();
    },
    predict(size: number): Float32Array {
      const out = new Float32Array(size * size * K);
      const view = seen(theta);
      if (oneLayer) {
        let kernel = pictures.get(size);
        if (!kernel) pictures.set(size, (kernel = new GridKernel(size, settings.hidden[0]!, null, null, loss, kernels, arena)));
        kernel.forward(view, s, out);
        return out;
      }
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          sample.forward(view, ...pixelCentre(i, j, size));
          out.set(sample.outputs, (i * size + j) * K);
        }
      }
      return out;
    },
    parameters: () => theta.slice(),
    lossAndGradientAt(at: Float32Array, out: Float64Array): number {
      if (at.length !== s.count || out.length !== s.count) throw new Error(`lossAndGradientAt: expected ${s.count} parameters`);
      return objective(at, null, out);
    },
    preconditioner(out: Float64Array): void {
      if (out.length !== s.count) throw new Error(`preconditioner: expected ${s.count} entries`);
      if (steps === 0) out.fill(settings.optimizer === 'adam' || settings.optimizer === 'rmsprop' ? NaN : 1);
      else update.preconditioner(out);
    },
    inspect(): OptimizerState {
      const { sumUpdate2, maxUpdate, sumGradient2 } = update.stats;
      return {
        steps,
        updateNorm: Math.sqrt(sumUpdate2),
        maxUpdate,
        gradientNorm: Math.sqrt(sumGradient2),
        secondMoment: steps > 0 ? update.secondMoment(scratch) : null,
      };
    },
    dispose(): void {
      pictures.clear();
    },
  };
}
