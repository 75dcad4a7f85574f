import { describe, expect, it } from 'vitest';
import { CONFIDENCE_LEVELS, UNSURE, boundaryPath, classLevels, classPixels, classRuns, classShares, levelColour, neuronWeights } from '../../src/render/classes.ts';

describe('decision maps', () => {
  it('colour each pixel by its largest logit, grayer the less sure the network is', () => {
    // Three pixels of three classes: certain of class 2, a toss-up, fairly sure of class 0.
    const logits = Float32Array.of(0, 0, 50, 1, 1, 1, 2, 0, 0);
    const levels = classLevels(logits, 3, 3);
    expect(Math.floor(levels[0]! / CONFIDENCE_LEVELS)).toBe(2);
    expect(levels[0]! % CONFIDENCE_LEVELS).toBe(CONFIDENCE_LEVELS - 1);
    expect(levels[1]! % CONFIDENCE_LEVELS).toBe(0);
    expect(Math.floor(levels[2]! / CONFIDENCE_LEVELS)).toBe(0);
    const px = classPixels(logits.subarray(0, 3), 3, 1);
    expect(px.length).toBe(4);
    // The unsure pixel is close to the neutral gray; the sure one far from it.
    const far = (c: number[]): number => Math.hypot(c[0]! - UNSURE[0], c[1]! - UNSURE[1], c[2]! - UNSURE[2]);
    expect(far(levelColour(levels[1]!))).toBeLessThan(far(levelColour(levels[0]!)) / 3);
  });

  it('stay finite for huge logits, and count the share of each class', () => {
    const logits = Float32Array.of(1e4, -1e4, -1e4, 1e4);
    expect(classShares(logits, 2, 2)).toEqual([0.5, 0.5]);
    const runs = classRuns(Float32Array.of(3, 0, 3, 0, 0, 3, 0, 3), 2, 2);
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.d.split('M').length - 1).reduce((a, b) => a + b)).toBe(2);
  });

  it('weigh each crease by the length of its column of output weights, and draw boundaries in pixels', () => {
    // K = 2 outputs of 3 neurons, row-major.
    expect(Array.from(neuronWeights(Float32Array.of(3, 0, 1, 4, 0, 0), 2))).toEqual([5, 0, 1]);
    expect(boundaryPath(Float64Array.of(-1, 1, 1, -1), 100)).toBe('M0 0L100 100');
  });
});
