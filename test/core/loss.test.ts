import { describe, expect, it } from 'vitest';
import { BLOW_UP_FACTOR, DivergenceWatch, MSE, STUCK_FACTOR, STUCK_STEPS, datasetLoss, firstDivergence, lossOf, outputsOf, requireLoss } from '../../src/core/loss.ts';
import { initNetwork, layerSizes } from '../../src/core/mlp.ts';

describe('the loss seam', () => {
  it('is squared error unless a run names another, with one output', () => {
    expect(lossOf({})).toEqual(MSE);
    expect(outputsOf(MSE)).toBe(1);
    expect(layerSizes([5], outputsOf(MSE))).toEqual([2, 5, 1]);
    expect(datasetLoss(MSE, [1, 0, 0.5], [0, 0, 0.5])).toBeCloseTo(1 / 3, 12);
    expect(() => datasetLoss(MSE, [1], [1, 2])).toThrow();
  });

  it('has room for K outputs (a later classification loss): the same seed gives the same hidden layers', () => {
    const one = initNetwork([6], 3);
    const three = initNetwork([6], 3, 3);
    expect(three[1]!.outputs).toBe(3);
    expect(Array.from(three[0]!.weights)).toEqual(Array.from(one[0]!.weights));
  });

  it('is refused, by name, by an engine that cannot train it', () => {
    expect(() => requireLoss({ kind: 'softmax' } as never, 'fused', ['mse'])).toThrow(/fused engine cannot train with the loss "softmax"/);
    expect(() => requireLoss(MSE, 'fused', ['mse'])).not.toThrow();
  });
});

describe('divergence, judged against where the run began', () => {
  it('is a loss that is not a number, or a blow-up far above the start', () => {
    expect(firstDivergence([0.2, 0.1, NaN], 0.25)).toBe(2);
    expect(firstDivergence([0.2, 0.25 * BLOW_UP_FACTOR * 1.01], 0.25)).toBe(1);
    // Whatever the scale of the targets: a start of 250 makes 2,000 no divergence.
    expect(firstDivergence([300, 2000, 100], 250)).toBe(-1);
  });

  it('lets a brief overshoot pass, but not a loss that settles far above its start', () => {
    const brief = [0.2, ...Array.from({ length: 30 }, () => 5), ...Array.from({ length: 500 }, () => 0.05)];
    expect(firstDivergence(brief, 0.2)).toBe(-1);
    const stuck = [0.2, ...Array.from({ length: 500 }, () => 0.2 * STUCK_FACTOR * 1.5)];
    expect(firstDivergence(stuck, 0.2)).toBe(STUCK_STEPS);
    const watch = new DivergenceWatch(0.2);
    expect(watch.push(0.1)).toBe(false);
  });
});
