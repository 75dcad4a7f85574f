import { describe, expect, it } from 'vitest';
import { pixelCentre } from '../../src/core/coords.ts';
import { forward } from '../../src/core/mlp.ts';
import {
  drawPicture,
  errorMap,
  flippedTargets,
  gridPixels,
  isTwoTone,
  nearestNeighbourPicture,
  packPicture,
  unpackPicture,
  pictureLoss,
  randomPixels,
  ringCoverage,
  samplePixels,
  scoreSplit,
  shuffledTargets,
  splitDataset,
  splitPicture,
  testCount,
} from '../../src/core/samples.ts';
import { TARGETS, ring } from '../../src/core/targets.ts';
import { createFusedTrainer } from '../../src/train/fused.ts';
import { createWasmTrainer } from '../../src/train/wasm.ts';

describe('training pixels', () => {
  it('random pixels are distinct, inside the picture, and repeat with their seed', () => {
    const a = randomPixels(64, 1000, 7);
    expect(a.length).toBe(1000);
    expect(new Set(a).size).toBe(1000);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(64 * 64);
    expect(randomPixels(64, 1000, 7)).toEqual(a);
    expect(randomPixels(64, 1000, 8)).not.toEqual(a);
  });

  it('random pixels spread over the whole picture (each quarter gets about a quarter)', () => {
    const size = 256;
    const quarters = [0, 0, 0, 0];
    for (const k of randomPixels(size, 4000, 3)) {
      const i = Math.floor(k / size);
      const j = k % size;
      quarters[(i < size / 2 ? 0 : 2) + (j < size / 2 ? 0 : 1)]!++;
    }
    // Binomial(4000, 1/4): standard deviation ≈ 27; 5 of them either way.
    for (const q of quarters) expect(Math.abs(q - 1000)).toBeLessThan(140);
  });

  it('can take all but one pixel, and refuses all of them or none', () => {
    expect(new Set(randomPixels(8, 63, 1)).size).toBe(63);
    expect(() => randomPixels(8, 64, 1)).toThrow(RangeError);
    expect(() => randomPixels(8, 0, 1)).toThrow(RangeError);
  });

  it('a coarse grid takes every (size/side)-th pixel, evenly spaced in both directions', () => {
    const g = gridPixels(16, 4);
    expect(Array.from(g)).toEqual([2, 6, 10, 14].flatMap((i) => [2, 6, 10, 14].map((j) => i * 16 + j)));
    const uneven = gridPixels(100, 7);
    expect(new Set(uneven).size).toBe(49);
    expect(samplePixels(16, { kind: 'grid', side: 4 })).toEqual(g);
    expect(samplePixels(64, { kind: 'random', count: 10, seed: 2 })).toEqual(randomPixels(64, 10, 2));
  });
});

describe('the split of a picture', () => {
  const picture = drawPicture(TARGETS.ring, 32);

  it('trains and tests on disjoint pixels that together make the whole picture', () => {
    const pixels = randomPixels(32, 100, 5);
    const split = splitPicture(picture, pixels);
    const train = new Set(pixels);
    let tested = 0;
    for (let k = 0; k < 32 * 32; k++) {
      expect(split.inTraining[k] === 1, `pixel ${k}`).toBe(train.has(k));
      if (!split.inTraining[k]) tested++;
    }
    expect(tested).toBe(testCount(split));
    expect(tested + pixels.length).toBe(32 * 32);
    expect(() => splitPicture(picture, Int32Array.of(3, 3))).toThrow(/twice/);
    expect(() => splitPicture(picture, Int32Array.of(32 * 32))).toThrow(/outside/);
  });

  it('its training set holds the training pixels’ centres and the picture’s values there', () => {
    const pixels = Int32Array.of(0, 33, 500, 1023);
    const data = splitDataset(splitPicture(picture, pixels));
    expect(data.targets.length).toBe(4);
    pixels.forEach((k, p) => {
      const [x, y] = pixelCentre(Math.floor(k / 32), k % 32, 32);
      expect(data.inputs[2 * p]).toBeCloseTo(x, 6);
      expect(data.inputs[2 * p + 1]).toBeCloseTo(y, 6);
      expect(data.targets[p]).toBe(ring(x, y));
    });
  });

  it('a picture is drawn from a function at pixel centres, or resampled from an image', () => {
    const big = drawPicture(TARGETS.ring, 64);
    expect(isTwoTone(big)).toBe(true);
    const small = drawPicture(big, 16);
    expect(small.width).toBe(16);
    // Area resampling keeps the mean brightness.
    const mean = (d: Float32Array): number => d.reduce((s, v) => s + v, 0) / d.length;
    expect(mean(small.data)).toBeCloseTo(mean(big.data), 5);
    expect(isTwoTone(small)).toBe(false);
  });
});

describe('random targets', () => {
  const targets = Float32Array.from({ length: 200 }, (_, k) => (k % 3 === 0 ? 1 : 0));

  it('shuffled targets are the same values at other points', () => {
    const s = shuffledTargets(targets, 4);
    expect([...s].sort()).toEqual([...targets].sort());
    expect(s).not.toEqual(targets);
    expect(shuffledTargets(targets, 4)).toEqual(s);
  });

  it('label noise flips exactly the asked fraction of the points', () => {
    const f = flippedTargets(targets, 0.2, 9);
    let changed = 0;
    for (let k = 0; k < targets.length; k++) if (f[k] !== targets[k]) changed++;
    expect(changed).toBe(40);
    expect(flippedTargets(targets, 0, 9)).toEqual(targets);
  });
});

describe('train and test scores', () => {
  it('match a brute-force reference, point by point, for a small trained network', async () => {
    const size = 12;
    const picture = drawPicture(TARGETS.ring, size);
    const pixels = randomPixels(size, 30, 2);
    // Training is told shuffled targets, so that the train loss is not measured against the picture.
    const split = splitPicture(picture, pixels, shuffledTargets(Float32Array.from(pixels, (k) => picture.data[k]!), 6));
    const t = await createWasmTrainer({ hidden: [8, 8], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 3 }, splitDataset(split));
    t.step(40);
    const scores = scoreSplit(split, t.predict(size));

    // The reference: every pixel by itself, the network evaluated in double precision.
    const net = t.network();
    const training = new Map<number, number>();
    pixels.forEach((k, p) => training.set(k, split.targets[p]!));
    let trainSum = 0;
    let testSum = 0;
    let trainRight = 0;
    let testRight = 0;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const [x, y] = pixelCentre(i, j, size);
        const out = forward(net, x, y);
        const told = training.get(i * size + j);
        if (told === undefined) {
          testSum += (out - ring(x, y)) ** 2;
          if (out > 0.5 === ring(x, y) > 0.5) testRight++;
        } else {
          trainSum += (out - told) ** 2;
          if (out > 0.5 === told > 0.5) trainRight++;
        }
      }
    }
    const tests = size * size - pixels.length;
    expect(scores.trainLoss).toBeCloseTo(trainSum / pixels.length, 5);
    expect(scores.testLoss).toBeCloseTo(testSum / tests, 5);
    expect(scores.trainAccuracy).toBeCloseTo(trainRight / pixels.length, 10);
    expect(scores.testAccuracy).toBeCloseTo(testRight / tests, 10);
    // The train loss the engine reports is the same quantity.
    expect(t.loss()).toBeCloseTo(scores.trainLoss, 5);
  });

  it('the fused engine trains on scattered pixels without its grid shortcut, and scores the same way', async () => {
    const picture = drawPicture(TARGETS.circle, 16);
    const split = splitPicture(picture, randomPixels(16, 60, 4));
    const t = await createFusedTrainer({ hidden: [12], optimizer: 'adam', learningRate: 0.01, batchSize: 0, seed: 1 }, splitDataset(split));
    expect(t.backend).toBe('fused');
    t.step(20);
    expect(scoreSplit(split, t.predict(16)).trainLoss).toBeCloseTo(t.loss(), 5);
  });

  it('a perfect prediction scores 0, a blank one the mean square of the picture', () => {
    const picture = drawPicture(TARGETS.ring, 20);
    const split = splitPicture(picture, randomPixels(20, 50, 1));
    const perfect = scoreSplit(split, picture.data);
    expect(perfect).toEqual({ trainLoss: 0, testLoss: 0, trainAccuracy: 1, testAccuracy: 1 });
    const blank = new Float32Array(400);
    expect(pictureLoss(picture, blank)).toBeCloseTo(picture.data.reduce((s, v) => s + v * v, 0) / 400, 10);
    expect(errorMap(picture, blank)).toEqual(picture.data);
    // A gray picture has no classes: no accuracy.
    const gray = drawPicture((x) => (x + 1) / 2, 20);
    expect(scoreSplit(splitPicture(gray, Int32Array.of(1, 2)), blank).testAccuracy).toBeNull();
  });
});

describe('ring coverage', () => {
  it('the ring itself is whole; with a quarter missing it is not', () => {
    const size = 128;
    const full = drawPicture(TARGETS.ring, size);
    expect(ringCoverage(full.data, size, 0.3, 0.6)).toMatchObject({ whole: true, least: 1 });
    const cut = Float32Array.from(full.data);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) if (i >= size / 2 && j >= size / 2) cut[i * size + j] = 0;
    const c = ringCoverage(cut, size, 0.3, 0.6);
    expect(c.whole).toBe(false);
    expect(c.least).toBe(0);
    // A quarter of the 32 sectors is empty.
    expect(Array.from(c.sectors).filter((s) => s === 0).length).toBe(8);
  });
});

describe('nearest training pixel', () => {
  it('matches a search over every training pixel', () => {
    const size = 40;
    const picture = drawPicture(TARGETS.ring, size);
    for (const [count, seed] of [[1, 1], [7, 2], [150, 3], [900, 4]] as const) {
      const split = splitPicture(picture, randomPixels(size, count, seed), Float32Array.from({ length: count }, (_, p) => p / count));
      const fast = nearestNeighbourPicture(split);
      for (let k = 0; k < size * size; k++) {
        let best = Infinity;
        let bestP = -1;
        split.pixels.forEach((q, p) => {
          const d = (Math.floor(q / size) - Math.floor(k / size)) ** 2 + ((q % size) - (k % size)) ** 2;
          if (d < best) {
            best = d;
            bestP = p;
          }
        });
        expect(fast[k], `pixel ${k} with ${count} points`).toBe(split.targets[bestP]);
      }
    }
  });
});

describe('small pictures in the results file', () => {
  it('pack to 16 levels and unpack to within half a level', () => {
    for (const count of [1, 2, 3, 5, 64 * 64]) {
      const values = Float32Array.from({ length: count }, (_, k) => (Math.sin(k) + 1) / 2);
      const text = packPicture(values);
      expect(text).toMatch(/^[A-Za-z0-9+/]*=*$/);
      const back = unpackPicture(text, count);
      for (let k = 0; k < count; k++) expect(Math.abs(back[k]! - values[k]!)).toBeLessThanOrEqual(1 / 30 + 1e-7);
    }
    expect(packPicture(new Float32Array(64 * 64)).length).toBe(2732);
    // Out of range and NaN are clamped to black or white.
    expect(Array.from(unpackPicture(packPicture([-1, 2, NaN]), 3))).toEqual([0, 1, 0]);
  });
});
