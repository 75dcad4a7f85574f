import { describe, expect, it } from 'vitest';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer, type FusedSettings } from '../../src/train/fused.ts';
import { sharpness, stabilityThreshold } from '../../src/train/sharpness.ts';

const small = sampleTarget(TARGETS.circle, 24);
const base: FusedSettings = { hidden: [4], optimizer: 'sgd', learningRate: 0.05, batchSize: 0, seed: 6 };

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations. */
function eigenvalues(m: number[][]): number[] {
  const a = m.map((row) => row.slice());
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p]![q]!) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, k) => row[k]!);
}

describe('sharpness', () => {
  it('finds the Hessian’s largest eigenvalue, checked against the whole Hessian', async () => {
    const t = await createFusedTrainer(base, small);
    t.step(30);
    const theta = t.parameters();
    const n = theta.length;
    // The Hessian column by column, from central differences of the gradient.
    const h = 1e-3;
    const column = (k: number): Float64Array => {
      const plus = theta.slice();
      const minus = theta.slice();
      plus[k] = theta[k]! + h;
      minus[k] = theta[k]! - h;
      const gp = new Float64Array(n);
      const gm = new Float64Array(n);
      t.lossAndGradientAt(plus, gp);
      t.lossAndGradientAt(minus, gm);
      return gp.map((g, i) => (g - gm[i]!) / (plus[k]! - minus[k]!));
    };
    const cols = Array.from({ length: n }, (_, k) => column(k));
    const hessian = cols.map((_, i) => cols.map((__, j) => (cols[j]![i]! + cols[i]![j]!) / 2));
    const top = Math.max(...eigenvalues(hessian));
    const found = sharpness(t, { preconditioned: false, iterations: 200 });
    expect(found.value / top).toBeCloseTo(1, 2);
    expect(found.residual).toBeLessThan(0.05);
  });

  it('divides by the optimizer’s preconditioner: Adam with a huge ε sees the plain sharpness divided by ε', async () => {
    const t = await createFusedTrainer({ ...base, hidden: [20], optimizer: 'adam', learningRate: 1e-3, adam: { epsilon: 1e4 } }, small);
    t.step(10);
    const plain = sharpness(t, { preconditioned: false, iterations: 60 });
    const seen = sharpness(t, { iterations: 60 });
    expect((seen.value * 1e4) / plain.value).toBeCloseTo(1, 3);
    // Plain SGD has no preconditioner: both are the same.
    const sgd = await createFusedTrainer({ ...base, hidden: [20] }, small);
    sgd.step(10);
    expect(sharpness(sgd).value).toBe(sharpness(sgd, { preconditioned: false }).value);
  });

  it('repeats from the same seed and leaves the trainer as it was', async () => {
    const t = await createFusedTrainer({ ...base, hidden: [20], optimizer: 'adam', learningRate: 0.01 }, small);
    t.step(20);
    const before = t.parameters();
    const loss = t.loss();
    expect(sharpness(t, { seed: 3 })).toEqual(sharpness(t, { seed: 3 }));
    expect(Array.from(t.parameters())).toEqual(Array.from(before));
    expect(t.loss()).toBe(loss);
  });
});

describe('stabilityThreshold', () => {
  /** Largest |x| over the last of 400 steps of each optimizer's recurrence on f(x) = λx²/2 (P = 1). */
  const growth = (optimizer: 'sgd' | 'momentum' | 'adam', eta: number, lambda: number, beta1 = 0.9): number => {
    let x = 1;
    let m = 0;
    let worst = 0;
    for (let t = 0; t < 400; t++) {
      const g = lambda * x;
      if (optimizer === 'sgd') x -= eta * g;
      else if (optimizer === 'momentum') {
        m = 0.9 * m + g;
        x -= eta * m;
      } else {
        m = beta1 * m + (1 - beta1) * g;
        x -= eta * m;
      }
      if (t >= 350) worst = Math.max(worst, Math.abs(x));
    }
    return worst;
  };

  it('separates shrinking from growing steps on a quadratic, for each optimizer', () => {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      for (const eta of [0.003, 0.1]) {
        const limit = stabilityThreshold({ optimizer, learningRate: eta });
        expect(growth(optimizer, eta, 0.97 * limit)).toBeLessThan(1);
        expect(growth(optimizer, eta, 1.03 * limit)).toBeGreaterThan(1);
      }
    }
    expect(stabilityThreshold({ optimizer: 'adam', learningRate: 0.003 })).toBeCloseTo(38 / 0.003, 6);
    const half = stabilityThreshold({ optimizer: 'adam', learningRate: 0.01, adam: { beta1: 0.5 } });
    expect(growth('adam', 0.01, 0.97 * half, 0.5)).toBeLessThan(1);
    expect(growth('adam', 0.01, 1.03 * half, 0.5)).toBeGreaterThan(1);
    expect(stabilityThreshold({ optimizer: 'rmsprop', learningRate: 0.5 })).toBe(4);
  });
});
