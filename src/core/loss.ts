/**
 * What a network is trained to make small, and when a run counts as diverged.
 *
 * Every engine and every figure asks this module instead of assuming squared error. Today there is
 * one loss: the mean squared error between the network's single output and one target per point
 * (a brightness). The seam is shaped for a loss with K outputs: a loss says how many outputs the
 * network needs (`outputsOf`), and a classification loss will add its own kind here, e.g.
 * `{ kind: 'softmax-cross-entropy', classes: K }`, with targets that are class numbers; engines
 * that cannot train a kind refuse it by name (`requireLoss`).
 *
 * Divergence is judged against the run's own starting loss, never against a fixed number (which
 * would assume targets in [0, 1]): see `DivergenceWatch`.
 */

/** Mean squared error of one output against one target per point. */
export interface MeanSquaredError {
  readonly kind: 'mse';
}

/** Every loss an engine may be asked for (one kind so far; see the header for the next). */
export type Loss = MeanSquaredError;
export type LossKind = Loss['kind'];

export const MSE: Loss = { kind: 'mse' };

/** The loss of a run's settings: squared error unless they name another. */
export function lossOf(settings: { readonly loss?: Loss }): Loss {
  return settings.loss ?? MSE;
}

/** Outputs the network needs for this loss (K for a K-class loss). */
export function outputsOf(loss: Loss): number {
  switch (loss.kind) {
    case 'mse':
      return 1;
  }
}

/** What the read-outs and captions call a loss. */
export function lossName(loss: Loss): string {
  switch (loss.kind) {
    case 'mse':
      return 'mean squared error';
  }
}

/** Throws, naming the engine, unless it can train `loss`. */
export function requireLoss(loss: Loss, engine: string, kinds: readonly LossKind[]): void {
  if (!kinds.includes(loss.kind)) throw new Error(`the ${engine} engine cannot train with the loss "${loss.kind}"`);
}

/**
 * The loss of predictions against targets, one output per point (the training loss of a picture
 * drawn at the training grid's size).
 */
export function datasetLoss(loss: Loss, predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  if (predictions.length !== targets.length) throw new Error(`datasetLoss: ${predictions.length} predictions for ${targets.length} targets`);
  switch (loss.kind) {
    case 'mse': {
      let sum = 0;
      for (let k = 0; k < predictions.length; k++) sum += (predictions[k]! - targets[k]!) ** 2;
      return sum / predictions.length;
    }
  }
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
