// Adam with a floor under √v̂, and AMSGrad's running maximum: the two changes to Adam's
// denominator that the pulse study uses to test where the surges come from.
import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/core/mlp.ts';
import { TARGETS, sampleTarget } from '../../src/core/targets.ts';
import { createFusedTrainer, type FusedSettings } from '../../src/train/fused.ts';

const small = sampleTarget(TARGETS.circle, 24);
const flat = (net: Network): number[] => net.flatMap((l) => [...l.weights, ...l.biases]);
const base: FusedSettings = { hidden: [12], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 4 };

/** The gradient at the trainer's current weights. */
async function gradientAtStart(settings: FusedSettings): Promise<Float64Array> {
  const t = await createFusedTrainer(settings, small);
  const g = new Float64Array(t.parameters().length);
  t.lossAndGradientAt(t.parameters(), g);
  return g;
}

describe('Adam with a floor under √v̂', () => {
  it('a floor of 0 is plain Adam, step for step', async () => {
    const a = await createFusedTrainer(base, small);
    const b = await createFusedTrainer({ ...base, adam: { floor: 0, amsgrad: false } }, small);
    expect(Array.from(b.step(40))).toEqual(Array.from(a.step(40)));
    expect(flat(b.network())).toEqual(flat(a.network()));
  });

  it('divides by max(√v̂, floor) + ε: entries above the floor move as before, those below by lr·g/(floor + ε)', async () => {
    // After one step v̂ = g² exactly and m̂ = g, so plain Adam moves every weight by lr·g/(|g| + ε).
    const g = await gradientAtStart(base);
    const sizes = Array.from(g, Math.abs).sort((p, q) => p - q);
    const floor = sizes[Math.floor(sizes.length / 2)]!;
    const epsilon = 1e-7;
    const t = await createFusedTrainer({ ...base, adam: { floor } }, small);
    const before = t.parameters();
    t.step(1);
    const after = t.parameters();
    let above = 0;
    let below = 0;
    for (let k = 0; k < g.length; k++) {
      const denominator = Math.max(Math.abs(g[k]!), floor) + epsilon;
      expect(before[k]! - after[k]!).toBeCloseTo((base.learningRate * g[k]!) / denominator, 6);
      if (Math.abs(g[k]!) > floor) above++;
      else if (g[k] !== 0) below++;
    }
    expect(above).toBeGreaterThan(10);
    expect(below).toBeGreaterThan(10);
  });

  it('with β1 = 0 and a floor above every √v̂, Adam is SGD at rate lr/(floor + ε)', async () => {
    const floor = 1e3;
    const adam = await createFusedTrainer({ ...base, learningRate: 10, adam: { beta1: 0, floor } }, small);
    const sgd = await createFusedTrainer({ ...base, optimizer: 'sgd', learningRate: 10 / (floor + 1e-7) }, small);
    const a = adam.step(20);
    const b = sgd.step(20);
    for (let k = 0; k < 20; k++) expect(a[k]! / b[k]!).toBeCloseTo(1, 5);
    const p = adam.parameters();
    const q = sgd.parameters();
    for (let k = 0; k < p.length; k++) expect(p[k]).toBeCloseTo(q[k]!, 5);
  });

  it('shows in the preconditioner, and refuses a negative floor', async () => {
    const t = await createFusedTrainer({ ...base, learningRate: 0, adam: { floor: 0.05, epsilon: 0.5 } }, small);
    t.step(3);
    const g = new Float64Array(t.parameters().length);
    t.lossAndGradientAt(t.parameters(), g);
    const p = new Float64Array(g.length);
    t.preconditioner(p);
    // Rate 0: the weights stay put, v̂ = g², so the denominator is max(|g|, 0.05) + 0.5.
    for (let k = 0; k < g.length; k++) expect(p[k]).toBeCloseTo(Math.max(Math.abs(g[k]!), 0.05) + 0.5, 5);
    await expect(createFusedTrainer({ ...base, adam: { floor: -1 } }, small)).rejects.toThrow(/floor/);
  });
});

describe('AMSGrad', () => {
  const beta2 = 0.999;
  const epsilon = 1e-7;
  /** v (or its running maximum) behind the preconditioner after t steps: ((P − ε)²)·(1 − β2ᵗ). */
  const rawSecondMoment = (p: Float64Array, t: number): Float64Array => p.map((x) => (x - epsilon) ** 2 * (1 - beta2 ** t));

  it('takes the same first step as Adam, then keeps every denominator’s v from ever shrinking', async () => {
    const amsgrad = await createFusedTrainer({ ...base, learningRate: 0.05, adam: { amsgrad: true } }, small);
    const adam = await createFusedTrainer({ ...base, learningRate: 0.05 }, small);
    const la = amsgrad.step(2);
    const lb = adam.step(2);
    // The loss of step 2 is taken after the first update: the same for both.
    expect(la[1]).toBe(lb[1]);

    const track = async (t: typeof adam, steps: number) => {
      const p = new Float64Array(t.parameters().length);
      let shrank = 0;
      let previous: Float64Array | null = null;
      for (let s = 1; s <= steps; s++) {
        t.step(1);
        t.preconditioner(p);
        const v = rawSecondMoment(p, t.steps);
        if (previous) for (let k = 0; k < v.length; k++) if (v[k]! < previous[k]! * (1 - 1e-4) - 1e-12) shrank++;
        previous = v;
      }
      return shrank;
    };
    // With a large rate the gradients of many weights fade: plain Adam's v shrinks there, AMSGrad's never.
    expect(await track(amsgrad, 60)).toBe(0);
    expect(await track(await createFusedTrainer({ ...base, learningRate: 0.05 }, small), 60)).toBeGreaterThan(50);
    expect(amsgrad.inspect().secondMoment).not.toBeNull();
  });

  it('without fading gradients it is Adam: at rate 0, v’s maximum is v itself', async () => {
    const a = await createFusedTrainer({ ...base, learningRate: 0, adam: { amsgrad: true } }, small);
    const b = await createFusedTrainer({ ...base, learningRate: 0 }, small);
    a.step(5);
    b.step(5);
    const p = new Float64Array(a.parameters().length);
    const q = new Float64Array(p.length);
    a.preconditioner(p);
    b.preconditioner(q);
    expect(Array.from(p)).toEqual(Array.from(q));
    expect(a.inspect().secondMoment!.mean).toBeCloseTo(b.inspect().secondMoment!.mean, 12);
  });
});
