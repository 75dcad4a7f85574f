import { describe, expect, it } from 'vitest';
import { keepPick, nearestCrease, neuronSheet, outputColumn, sheetShades, sheetTop, stepNeuron } from '../../src/core/pick.ts';
import { pixelCentre } from '../../src/core/coords.ts';

// Neuron 0: the vertical line x = 0.5; neuron 1: the horizontal line y = −0.25; neuron 2: the
// line x = 3, outside the square; neuron 3: no line at all (a = b = 0).
const CREASES = Float32Array.from([2, 0, -1, 0, 1, 0.25, 1, 0, -3, 0, 0, 1]);

describe('nearestCrease', () => {
  it('picks the crease nearest the point, within the tolerance', () => {
    expect(nearestCrease(CREASES, 0.52, 0.8, 0.05)).toBe(0);
    expect(nearestCrease(CREASES, -0.7, -0.2, 0.1)).toBe(1);
    // Where the two cross, the nearer one.
    expect(nearestCrease(CREASES, 0.49, -0.2, 0.1)).toBe(0);
    expect(nearestCrease(CREASES, 0.45, -0.24, 0.1)).toBe(1);
  });
  it('picks nothing farther than the tolerance', () => {
    expect(nearestCrease(CREASES, -0.5, 0.6, 0.1)).toBeNull();
    expect(nearestCrease(CREASES, 0.62, 0.8, 0.1)).toBeNull();
  });
  it('never picks a crease that misses the square, nor a neuron without one', () => {
    // Near the right edge: x = 3 is 2 away, and neuron 3 has no line.
    expect(nearestCrease(Float32Array.from([1, 0, -3, 0, 0, 1]), 0.99, 0, 5)).toBeNull();
  });
  it('measures to the segment inside the square, not to the whole line', () => {
    // The line y = x·1 + 1.9 only clips the top-left corner; a point far along it outside the
    // square is not near its drawn piece.
    const corner = Float32Array.from([-1, 1, -1.9]);
    expect(nearestCrease(corner, -0.95, 0.95, 0.05)).toBe(0);
    // (0.5, 0.9) is 1.06 from the line but 1.40 from its piece in the square.
    expect(nearestCrease(corner, 0.5, 0.9, 1.2)).toBeNull();
  });
});

describe('stepNeuron and keepPick', () => {
  it('steps forward and back, wrapping around, and starts at either end from none', () => {
    expect(stepNeuron(null, 4, 1)).toBe(0);
    expect(stepNeuron(null, 4, -1)).toBe(3);
    expect(stepNeuron(0, 4, 1)).toBe(1);
    expect(stepNeuron(3, 4, 1)).toBe(0);
    expect(stepNeuron(0, 4, -1)).toBe(3);
    expect(stepNeuron(7, 4, 1)).toBe(0);
    expect(stepNeuron(null, 0, 1)).toBeNull();
  });
  it('drops a pick the layer no longer has', () => {
    expect(keepPick(5, 10)).toBe(5);
    expect(keepPick(5, 5)).toBeNull();
    expect(keepPick(null, 5)).toBeNull();
  });
});

describe('the neuron’s sheet', () => {
  it('is max(0, a·x + b·y + c) at each pixel centre', () => {
    const size = 8;
    const sheet = neuronSheet(1, -2, 0.5, size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const [x, y] = pixelCentre(i, j, size);
        expect(sheet[i * size + j]).toBeCloseTo(Math.max(0, x - 2 * y + 0.5), 6);
      }
    }
  });
  it('has its top at a corner of the square, and shades scaled by it', () => {
    expect(sheetTop(1, -2, 0.5)).toBe(3.5);
    expect(sheetTop(1, 0, -5)).toBe(0);
    const shades = sheetShades(1, -2, 0.5, 64);
    expect(Math.max(...shades)).toBeLessThanOrEqual(1);
    expect(Math.max(...shades)).toBeGreaterThan(0.9);
    expect(Math.min(...shades)).toBe(0);
    // A neuron that is off over the whole square: all flat, all black, no division by zero.
    expect([...sheetShades(1, 0, -5, 4)]).toEqual(new Array(16).fill(0));
  });
});

describe('outputColumn', () => {
  it('is the weight for one output, the column of a K × n matrix for K', () => {
    expect(outputColumn([0.5, -1, 2], 1, 1)).toEqual([-1]);
    // 2 outputs × 3 neurons, row by row.
    expect(outputColumn([1, 2, 3, 4, 5, 6], 2, 2)).toEqual([3, 6]);
    expect(outputColumn([1, 2, 3], 1, 3)).toEqual([]);
  });
});
