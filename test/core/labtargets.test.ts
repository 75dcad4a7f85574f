import { describe, expect, it } from 'vitest';
import { classShade, classShades } from '../../src/core/labtargets.ts';
import { classDataset } from '../../src/core/classes.ts';
import { sampleTarget, TARGETS } from '../../src/core/targets.ts';

describe('class targets as shades for squared error', () => {
  it('puts class k of K at k / (K − 1): black to white', () => {
    expect([0, 1, 2].map((k) => classShade(k, 3))).toEqual([0, 0.5, 1]);
    expect(classShade(4, 5)).toBe(1);
  });
  it('draws the disc’s two classes as the disc itself', () => {
    expect(Array.from(classShades('disc', 32))).toEqual(Array.from(sampleTarget(TARGETS.circle, 32).targets));
  });
  it('gives every pixel of the cells its class’s shade', () => {
    const labels = classDataset('cells', 16).targets;
    const shades = classShades('cells', 16);
    expect(shades.length).toBe(256);
    for (let q = 0; q < 256; q++) expect(shades[q]).toBeCloseTo(labels[q]! / 4, 6);
    expect(new Set(shades).size).toBe(5);
  });
});
