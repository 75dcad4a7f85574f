/**
 * Sharpness: the largest curvature of the loss around the current weights, the top eigenvalue of
 * its Hessian H. Gradient descent with rate η is stable near a minimum only while the sharpness
 * stays below 2/η; with momentum or Adam's averaged gradient (β1 = 0.9) the bound becomes
 * (2 + 2β1)/((1 − β1)·η) = 38/η. An adaptive optimizer divides each gradient entry by its own
 * preconditioner P (Adam: √v̂ + ε), so what it feels is the preconditioned sharpness, the top
 * eigenvalue of P^(-1/2)·H·P^(-1/2) (the same as that of P⁻¹H).
 *
 * Found by power iteration; each Hessian-vector product is a central difference of two gradients,
 * H·d ≈ (∇L(θ + h·d) − ∇L(θ − h·d)) / 2h. A ReLU network's loss is only piecewise smooth, so a
 * step small enough to cross few kinks, yet large against the rounding of 32-bit weights, is used.
 */
import { rng } from '../core/rng.ts';
import type { FusedSettings, FusedTrainer } from './fused.ts';
import { OPTIMIZER_CONSTANTS } from './trainer.ts';

export interface Sharpness {
  /**
   * Rayleigh quotient of the last iterate: the eigenvalue of largest size, which is the top one
   * whenever the curvature is mostly positive (as it is once training has made progress).
   */
  readonly value: number;
  /** ‖A·u − value·u‖ / |value| for the last unit iterate u: small once the iteration has settled. */
  readonly residual: number;
  readonly iterations: number;
}

export interface SharpnessOptions {
  /** Divide by the optimizer's preconditioner (default true). */
  readonly preconditioned?: boolean;
  readonly iterations?: number;
  readonly seed?: number;
  /** Length of the finite-difference step in parameter space, relative to ‖θ‖ (default 1e-4). */
  readonly relativeStep?: number;
}

/** Top eigenvalue of the (preconditioned) Hessian of the trainer's loss at its current weights. */
export function sharpness(trainer: FusedTrainer, options: SharpnessOptions = {}): Sharpness {
  const iterations = options.iterations ?? 20;
  const theta = trainer.parameters();
  const n = theta.length;
  const scale = new Float64Array(n); // P^(-1/2)
  if (options.preconditioned ?? true) {
    trainer.preconditioner(scale);
    for (let k = 0; k < n; k++) scale[k] = 1 / Math.sqrt(scale[k]!);
  } else scale.fill(1);
  let normTheta = 0;
  for (let k = 0; k < n; k++) normTheta += theta[k]! * theta[k]!;
  const stepLength = (options.relativeStep ?? 1e-4) * Math.max(Math.sqrt(normTheta), 1);

  const r = rng(options.seed ?? 1);
  let u: Float64Array = Float64Array.from({ length: n }, () => r.normal());
  normalise(u);
  const plus = new Float32Array(n);
  const minus = new Float32Array(n);
  const gPlus = new Float64Array(n);
  const gMinus = new Float64Array(n);
  const d = new Float64Array(n);
  const apply = (w: Float64Array): Float64Array => {
    // A·w = P^(-1/2) H P^(-1/2) w, with d = P^(-1/2) w scaled to the step length.
    let dn = 0;
    for (let k = 0; k < n; k++) {
      d[k] = scale[k]! * w[k]!;
      dn += d[k]! * d[k]!;
    }
    const h = stepLength / Math.sqrt(dn);
    for (let k = 0; k < n; k++) {
      plus[k] = theta[k]! + h * d[k]!;
      minus[k] = theta[k]! - h * d[k]!;
    }
    trainer.lossAndGradientAt(plus, gPlus);
    trainer.lossAndGradientAt(minus, gMinus);
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = (scale[k]! * (gPlus[k]! - gMinus[k]!)) / (2 * h);
    return out;
  };
  let value = 0;
  let residual = NaN;
  for (let it = 0; it < iterations; it++) {
    const au = apply(u);
    value = dot(u, au);
    let res = 0;
    for (let k = 0; k < n; k++) res += (au[k]! - value * u[k]!) ** 2;
    residual = Math.sqrt(res) / Math.abs(value);
    u = au;
    normalise(u);
  }
  return { value, residual, iterations };
}

function dot(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += p[k]! * q[k]!;
  return s;
}

function normalise(u: Float64Array): void {
  const norm = Math.sqrt(dot(u, u));
  for (let k = 0; k < u.length; k++) u[k]! /= norm;
}

/**
 * The sharpness above which the optimizer's steps grow instead of shrink on a quadratic bowl
 * (Adam and RMSprop: the preconditioned sharpness, with P held fixed):
 * SGD 2/η; momentum as TensorFlow.js does it (v ← μv + g, w ← w − ηv) 2(1 + μ)/η; RMSprop 2/η;
 * Adam, whose step follows an average of gradients, (2 + 2β1)/((1 − β1)·η), which is 38/η for
 * β1 = 0.9 (its bias correction has worn off after the first few dozen steps).
 */
export function stabilityThreshold(settings: Pick<FusedSettings, 'optimizer' | 'learningRate' | 'adam'>): number {
  const eta = settings.learningRate;
  switch (settings.optimizer) {
    case 'sgd':
    case 'rmsprop':
      return 2 / eta;
    case 'momentum': {
      const mu = OPTIMIZER_CONSTANTS.momentum.momentum;
      return (2 * (1 + mu)) / eta;
    }
    case 'adam': {
      const beta1 = settings.adam?.beta1 ?? OPTIMIZER_CONSTANTS.adam.beta1;
      return (2 + 2 * beta1) / ((1 - beta1) * eta);
    }
  }
}
