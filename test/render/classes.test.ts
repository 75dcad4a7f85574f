import { describe, expect, it } from 'vitest';
import { CONFIDENCE_LEVELS, UNSURE, boundaryPath, classLevels, classPixels, classRuns, classShares, levelColour, logitSheet, neuronWeights } from '../../src/render/classes.ts';
import { paperPixels } from '../../src/render/image.ts';

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

describe('a logit as a folded sheet', () => {
  // Two outputs on a 4 × 4 picture: output 1 is a fold, |x| − 1 in pixel steps; output 0 is flat.
  const size = 4;
  const logits = new Float32Array(2 * size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) logits[2 * (i * size + j) + 1] = 10 * (Math.abs(j - 1.5) - 1);

  it('is the paper rendering of the chosen logit, rescaled from its lowest (0) to its highest (1)', () => {
    const sheet = logitSheet(logits, 2, 1, size);
    expect(sheet.low).toBeCloseTo(-5, 6);
    expect(sheet.high).toBeCloseTo(5, 6);
    const scaled = new Float32Array(size * size);
    for (let q = 0; q < size * size; q++) scaled[q] = (logits[2 * q + 1]! + 5) / 10;
    expect(Array.from(sheet.pixels)).toEqual(Array.from(paperPixels(scaled, size)));
    // The same sheet ten times steeper looks the same: the folds show at any scale of the logits.
    const steeper = logits.map((z) => 10 * z);
    expect(Array.from(logitSheet(steeper, 2, 1, size).pixels)).toEqual(Array.from(sheet.pixels));
    // Not blank: the two sides of the fold are lit differently.
    expect(new Set(Array.from(sheet.pixels.filter((_, k) => k % 4 === 0))).size).toBeGreaterThan(1);
  });

  it('draws a flat logit at mid height, survives values that are not finite, and refuses an output it lacks', () => {
    const flat = logitSheet(logits, 2, 0, size);
    expect(flat.low).toBe(0);
    expect(flat.high).toBe(0);
    expect(Array.from(flat.pixels)).toEqual(Array.from(paperPixels(new Float32Array(size * size).fill(0.5), size)));
    const broken = Float32Array.of(NaN, 1, Infinity, 3);
    const b = logitSheet(broken, 1, 0, 2);
    expect([b.low, b.high]).toEqual([1, 3]);
    expect(Array.from(b.pixels).every(Number.isFinite)).toBe(true);
    expect(() => logitSheet(logits, 2, 2, size)).toThrow(/no output 2/);
    expect(() => logitSheet(logits, 3, 0, size)).toThrow();
  });
});
