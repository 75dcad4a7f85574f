/**
 * What a network is trained to make small, and when a run counts as diverged.
 *
 * Every engine and every figure asks this module instead of assuming squared error. Two losses:
 * - the mean squared error between the network's single output and one target per point (a
 *   brightness);
 * - softmax cross-entropy over K ≥ 2 classes: the network has K outputs (logits), the target of a
 *   point is its class number 0 … K − 1, and the loss of a point is log Σⱼ e^{zⱼ} − z_target, the
 *   negative log of the probability the softmax gives the right class;
 * - binary cross-entropy with a sigmoid, for two classes: the network has one output z, the
 *   probability of class 1 is σ(z) = 1 / (1 + e^{−z}), and the loss of a point of class t (0 or 1)
 *   is −log σ(z) for t = 1 and −log(1 − σ(z)) for t = 0, that is softplus(z) − t·z. It is the
 *   softmax over the two logits (0, z): class 0's logit held at zero (`twoClassLogits`).
 * A loss says how many outputs the network needs (`outputsOf`); engines that cannot train a kind
 * refuse it by name (`requireLoss`). With K outputs, predictions are laid out point by point, the K
 * logits of point p at [p·K, p·K + K).
 *
 * Divergence is judged against the run's own starting loss, never against a fixed number (which
 * would assume targets in [0, 1]): see `DivergenceWatch`.
 */

/** Mean squared error of one output against one target per point. */
export interface MeanSquaredError {
  readonly kind: 'mse';
}

/** Softmax cross-entropy over `classes` outputs, against one class number per point. */
export interface SoftmaxCrossEntropy {
  readonly kind: 'softmax-cross-entropy';
  readonly classes: number;
}

/** Binary cross-entropy on σ(z) of one output, against class numbers 0 and 1. */
export interface SigmoidCrossEntropy {
  readonly kind: 'sigmoid-cross-entropy';
}

/** Every loss an engine may be asked for. */
export type Loss = MeanSquaredError | SoftmaxCrossEntropy | SigmoidCrossEntropy;
export type LossKind = Loss['kind'];

export const MSE: Loss = { kind: 'mse' };

/** Softmax cross-entropy over K classes (K a whole number ≥ 2). */
export function crossEntropy(classes: number): SoftmaxCrossEntropy {
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`cross-entropy needs at least two classes, not ${classes}`);
  return { kind: 'softmax-cross-entropy', classes };
}

/** Binary cross-entropy with a sigmoid on one output: two classes, one logit. */
export const SIGMOID_CROSS_ENTROPY: SigmoidCrossEntropy = { kind: 'sigmoid-cross-entropy' };

/** The loss of a run's settings: squared error unless they name another. */
export function lossOf(settings: { readonly loss?: Loss }): Loss {
  return settings.loss ?? MSE;
}

/** Outputs the network needs for this loss (K for a K-class loss). */
export function outputsOf(loss: Loss): number {
  switch (loss.kind) {
    case 'mse':
      return 1;
    case 'softmax-cross-entropy':
      return loss.classes;
    case 'sigmoid-cross-entropy':
      return 1;
  }
}

/** Classes a classifying loss tells apart (2 for the sigmoid's one output); 0 for squared error. */
export function classesOf(loss: Loss): number {
  switch (loss.kind) {
    case 'mse':
      return 0;
    case 'softmax-cross-entropy':
      return loss.classes;
    case 'sigmoid-cross-entropy':
      return 2;
  }
}

/** What the read-outs and captions call a loss. */
export function lossName(loss: Loss): string {
  switch (loss.kind) {
    case 'mse':
      return 'mean squared error';
    case 'softmax-cross-entropy':
      return 'cross-entropy';
    case 'sigmoid-cross-entropy':
      return 'binary cross-entropy';
  }
}

/** Throws, naming the engine, unless it can train `loss`. */
export function requireLoss(loss: Loss, engine: string, kinds: readonly LossKind[]): void {
  if (!kinds.includes(loss.kind)) throw new Error(`the ${engine} engine cannot train with the loss "${loss.kind}"`);
}

/**
 * The loss of predictions against targets, outputsOf(loss) outputs per point (the training loss of
 * a picture drawn at the training grid's size).
 */
export function datasetLoss(loss: Loss, predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  const K = outputsOf(loss);
  if (predictions.length !== K * targets.length) throw new Error(`datasetLoss: ${predictions.length} predictions for ${targets.length} targets`);
  switch (loss.kind) {
    case 'mse': {
      let sum = 0;
      for (let k = 0; k < predictions.length; k++) sum += (predictions[k]! - targets[k]!) ** 2;
      return sum / predictions.length;
    }
    case 'softmax-cross-entropy': {
      let sum = 0;
      for (let p = 0; p < targets.length; p++) sum += pointCrossEntropy(predictions, p * K, K, targets[p]!);
      return sum / targets.length;
    }
    case 'sigmoid-cross-entropy': {
      let sum = 0;
      for (let p = 0; p < targets.length; p++) sum += sigmoidCrossEntropy(predictions[p]!, targets[p]!);
      return sum / targets.length;
    }
  }
}

/**
 * log(1 + e^z), written as max(z, 0) + log(1 + e^{−|z|}) so that no exponential overflows: finite
 * for any finite z (softplus(1e4) = 1e4, softplus(−1e4) = e^{−1e4}, which is 0 in floating point).
 */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** σ(z) = 1 / (1 + e^{−z}), with the exponential of −|z| only, so it never overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Binary cross-entropy of one logit z against class t (0 or 1): −log σ(z) for t = 1, −log(1 − σ(z))
 * for t = 0, both equal to softplus(z) − t·z (≥ 0; finite for any finite z). Its derivative in z
 * is σ(z) − t.
 */
export function sigmoidCrossEntropy(z: number, t: number): number {
  return softplus(z) - t * z;
}

/**
 * One logit per point as the two logits (0, z) per point, point by point: their softmax is
 * (1 − σ(z), σ(z)), so read-outs, pictures and boundaries made for K logits serve the sigmoid's
 * single output unchanged. Into `out` when given (length 2 × the logits').
 */
export function twoClassLogits(z: ArrayLike<number>, out: Float32Array = new Float32Array(2 * z.length)): Float32Array {
  if (out.length !== 2 * z.length) throw new Error(`twoClassLogits: ${out.length} places for ${z.length} logits`);
  for (let p = 0; p < z.length; p++) {
    out[2 * p] = 0;
    out[2 * p + 1] = z[p]!;
  }
  return out;
}

/**
 * K logits per point for any classifying loss: the logits themselves for softmax cross-entropy,
 * (0, z) for the sigmoid's one output (see twoClassLogits).
 */
export function classLogits(loss: Loss, logits: ArrayLike<number>, out?: Float32Array): ArrayLike<number> {
  return loss.kind === 'sigmoid-cross-entropy' ? twoClassLogits(logits, out) : logits;
}

/**
 * log Σⱼ e^{z[at + j]} over K logits, computed as m + log Σⱼ e^{zⱼ − m} with m the largest, so that
 * no exponential overflows (logits of ±1e4 give finite results).
 */
export function logSumExp(z: ArrayLike<number>, at: number, K: number): number {
  let m = -Infinity;
  for (let j = 0; j < K; j++) m = Math.max(m, z[at + j]!);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let j = 0; j < K; j++) s += Math.exp(z[at + j]! - m);
  return m + Math.log(s);
}

/** Cross-entropy of one point: log Σ e^z − z_label (≥ 0; finite for any finite logits). */
export function pointCrossEntropy(z: ArrayLike<number>, at: number, K: number, label: number): number {
  return logSumExp(z, at, K) - z[at + label]!;
}

/**
 * Softmax probabilities of K logits into out[outAt …]; returns log Σ e^z. Shifted by the largest
 * logit, so none overflows.
 */
export function softmaxInto(z: ArrayLike<number>, at: number, K: number, out: { [k: number]: number }, outAt: number): number {
  let m = -Infinity;
  for (let j = 0; j < K; j++) m = Math.max(m, z[at + j]!);
  let s = 0;
  for (let j = 0; j < K; j++) s += (out[outAt + j] = Math.exp(z[at + j]! - m));
  for (let j = 0; j < K; j++) out[outAt + j] = out[outAt + j]! / s;
  return m + Math.log(s);
}

/** What a classifier's read-outs show about its logits on the training points. */
export interface ClassReadout {
  /** Share of points whose largest logit is their class's (ties count as wrong). */
  readonly accuracy: number;
  /** Mean over the points of the largest logit minus the runner-up (≥ 0). */
  readonly margin: number;
  /** Mean over the points of the right class's logit minus the largest other (< 0 where wrong). */
  readonly signedMargin: number;
}

/** Accuracy and margins of K logits per point (point by point) against class numbers. */
export function classReadout(logits: ArrayLike<number>, targets: ArrayLike<number>, K: number): ClassReadout {
  const n = targets.length;
  if (logits.length !== K * n) throw new Error(`classReadout: ${logits.length} logits for ${n} points of ${K} classes`);
  let right = 0;
  let margin = 0;
  let signed = 0;
  for (let p = 0; p < n; p++) {
    const at = p * K;
    const label = targets[p]!;
    let best = -Infinity;
    let second = -Infinity;
    let otherBest = -Infinity;
    for (let j = 0; j < K; j++) {
      const z = logits[at + j]!;
      if (z > best) {
        second = best;
        best = z;
      } else if (z > second) second = z;
      if (j !== label && z > otherBest) otherBest = z;
    }
    const own = logits[at + label]!;
    if (own > otherBest) right++;
    margin += best - second;
    signed += own - otherBest;
  }
  return { accuracy: right / n, margin: margin / n, signedMargin: signed / n };
}

/** The class of each point: the index of its largest logit (the first, on a tie). */
export function argmaxClasses(logits: ArrayLike<number>, K: number): Uint8Array {
  const n = Math.floor(logits.length / K);
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    let best = 0;
    for (let j = 1; j < K; j++) if (logits[p * K + j]! > logits[p * K + best]!) best = j;
    out[p] = best;
  }
  return out;
}

/** A loss this many times the starting loss is a blow-up at once (the steps overshoot). */
export const BLOW_UP_FACTOR = 1e4;
/** A loss above this many times the starting loss ... */
export const STUCK_FACTOR = 10;
/** ... for this many steps in a row means the run has left its starting point for good. */
export const STUCK_STEPS = 100;

/**
 * Watches a run's losses, step by step, for divergence relative to where the run started: a loss
 * that is not a number, one BLOW_UP_FACTOR times the starting loss, or one that stays above
 * STUCK_FACTOR times it for STUCK_STEPS steps. A brief overshoot that training recovers from (a few
 * steps above ten times the start) is not a divergence; a run that settles far above its start is.
 */
export class DivergenceWatch {
  private readonly reference: number;
  private streak = 0;

  constructor(initialLoss: number) {
    this.reference = Number.isFinite(initialLoss) && initialLoss > 0 ? initialLoss : 1;
  }

  /** The next step's loss; true when the run has diverged with it. */
  push(loss: number): boolean {
    if (!Number.isFinite(loss)) return true;
    if (loss > BLOW_UP_FACTOR * this.reference) return true;
    this.streak = loss > STUCK_FACTOR * this.reference ? this.streak + 1 : 0;
    return this.streak >= STUCK_STEPS;
  }
}

/** Index of the first loss at which a run starting at `initialLoss` diverges, or -1. */
export function firstDivergence(losses: ArrayLike<number>, initialLoss: number): number {
  const watch = new DivergenceWatch(initialLoss);
  for (let k = 0; k < losses.length; k++) if (watch.push(losses[k]!)) return k;
  return -1;
}
