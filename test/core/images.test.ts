import { describe, expect, it } from 'vitest';
import { centreCrop, imageDataset, mean, resample, toGray } from '../../src/core/images.ts';
import { pixelCentre } from '../../src/core/coords.ts';
import { rng } from '../../src/core/rng.ts';

const random = (width: number, height: number, seed: number) => {
  const r = rng(seed);
  return { width, height, data: Float32Array.from({ length: width * height }, () => r.next()) };
};

describe('grayscale', () => {
  it('uses Rec. 709 luma on known colours', () => {
    const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128];
    const g = toGray(rgb, 6, 1, 3);
    expect(g.data[0]).toBeCloseTo(0.2126, 6);
    expect(g.data[1]).toBeCloseTo(0.7152, 6);
    expect(g.data[2]).toBeCloseTo(0.0722, 6);
    expect(g.data[3]).toBeCloseTo(1, 6);
    expect(g.data[4]).toBe(0);
    expect(g.data[5]).toBeCloseTo(128 / 255, 6);
  });

  it('composites transparency over black', () => {
    const rgba = [255, 255, 255, 0, 255, 255, 255, 255, 255, 255, 255, 128];
    const g = toGray(rgba, 3, 1, 4);
    expect(Array.from(g.data.subarray(0, 2))).toEqual([0, 1]);
    expect(g.data[2]).toBeCloseTo(128 / 255, 6);
    expect(Array.from(toGray([200, 0], 1, 1, 2).data)).toEqual([0]);
  });

  it('refuses too few values', () => {
    expect(() => toGray([1, 2, 3], 2, 1, 3)).toThrow(RangeError);
  });
});

describe('centre crop', () => {
  it('keeps the middle square of wide and tall images', () => {
    const wide = { width: 4, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) };
    expect(Array.from(centreCrop(wide).data)).toEqual([1, 2, 5, 6]);
    const tall = { width: 1, height: 3, data: Float32Array.from([0, 1, 2]) };
    expect(Array.from(centreCrop(tall).data)).toEqual([1]);
    const odd = { width: 5, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) };
    expect(centreCrop(odd)).toMatchObject({ width: 2, height: 2 });
    expect(Array.from(centreCrop(odd).data)).toEqual([1, 2, 6, 7]);
  });
});

describe('area resample', () => {
  it('preserves the mean within 1e-6, down and up, for any ratio', () => {
    const image = random(37, 23, 5);
    for (const [w, h] of [[10, 10], [64, 64], [7, 31], [37, 23], [100, 3]] as const) {
      expect(Math.abs(mean(resample(image, w, h)) - mean(image))).toBeLessThan(1e-6);
    }
  });

  it('maps a constant image to itself', () => {
    const flat = { width: 19, height: 13, data: new Float32Array(19 * 13).fill(0.37) };
    for (const v of resample(flat, 8, 5).data) expect(v).toBeCloseTo(0.37, 6);
    for (const v of resample(flat, 40, 40).data) expect(v).toBeCloseTo(0.37, 6);
  });

  it('averages whole blocks when the ratio is an integer', () => {
    const image = { width: 4, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) };
    expect(Array.from(resample(image, 2, 1).data)).toEqual([2.5, 4.5]);
  });

  it('a training set puts each pixel at its centre in the square', () => {
    const image = random(8, 8, 2);
    const data = imageDataset(image);
    expect(data.size).toBe(8);
    expect([data.inputs[2 * 11], data.inputs[2 * 11 + 1]]).toEqual([...pixelCentre(1, 3, 8)].map(Math.fround));
    expect(data.targets[11]).toBe(image.data[11]);
    expect(() => imageDataset(random(3, 2, 1))).toThrow(RangeError);
  });
});
