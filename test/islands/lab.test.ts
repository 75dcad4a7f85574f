import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS, LAB_SAMPLED_SIZE, LAB_SEED, checkWidths, formatWidths, labSpec, labState, labTable, parseWidths, pointCount } from '../../src/islands/specs/lab.ts';
import { classShades } from '../../src/core/labtargets.ts';
import { checkTable, decode, defaults, settle } from '../../src/islands/live/table.ts';
import { sizesOf } from '../../src/islands/live/exports.ts';

describe('the lab’s settings', () => {
  it('make a sound table', () => {
    expect(checkTable(labTable)).toEqual([]);
  });

  it('read hidden layers typed as a list, and refuse what is out of bounds in words', () => {
    expect(parseWidths(' 16, 16 ,8 ')).toBe('16-16-8');
    expect(parseWidths('16 16')).toBe('16-16');
    expect(parseWidths('030×4')).toBe('30-4');
    expect(formatWidths('16-16-8')).toBe('16, 16, 8');
    expect(checkWidths('16-16-8')).toBeNull();
    expect(checkWidths(Array.from({ length: 30 }, () => '30').join('-'))).toBeNull();
    expect(checkWidths('2000')).toBeNull();
    expect(checkWidths('2001')).toMatch(/single layer can have up to 2,000/);
    expect(checkWidths('129-4')).toMatch(/up to 128/);
    expect(checkWidths(Array.from({ length: 33 }, () => '2').join('-'))).toMatch(/At most 32 hidden layers/);
    expect(checkWidths(Array.from({ length: 20 }, () => '128').join('-'))).toMatch(/At most 2,000 neurons in all \(you gave 2,560\)/);
    expect(checkWidths('0')).toMatch(/at least one/);
    expect(checkWidths('abc')).toMatch(/whole numbers/);
  });

  it('round-trip through a link, hidden layers and views included', () => {
    const values = { ...LAB_DEFAULTS, hidden: '12-6', optimizer: 'sgd' as const, learningRate: 0.03, batchSize: 64, folds: 'none' as const, curve: false };
    const text = labState(values, 42);
    expect(text).toBe('h12-6_osgd_r0.03_b64_fnone_c0_s42');
    const read = decode(labTable, text, LAB_DEFAULTS, LAB_SEED);
    expect(read.problems).toEqual([]);
    expect(read.values).toEqual(values);
    expect(read.seed).toBe(42);
  });

  it('refuse a link’s widths out of bounds, keeping the default', () => {
    const read = decode(labTable, 'h999-999_s3', LAB_DEFAULTS, LAB_SEED);
    expect(read.values.hidden).toBe(LAB_DEFAULTS.hidden);
    expect(read.problems).toEqual(['hidden layers']);
  });

  it('offer creases to one layer only, and the partition to all', () => {
    const deep = defaults(labTable, { hidden: '8-8' });
    expect(deep.folds).toBe('partition');
    expect(defaults(labTable, { hidden: '8-8', folds: 'creases' }).folds).toBe('partition');
    expect(defaults(labTable, { hidden: '8' }).folds).toBe('creases');
  });

  it('ask the worker for the network typed, with the partition only when it is shown', () => {
    const spec = labSpec({ picture: () => null });
    const deep = spec.request({ ...LAB_DEFAULTS, hidden: '16-16-8', folds: 'partition', weightDecay: 1e-4, initScale: 2 }, 9);
    expect(deep.settings).toMatchObject({ hidden: [16, 16, 8], seed: 9, weightDecay: 1e-4, initScale: 2 });
    expect(sizesOf(deep.settings)).toEqual([2, 16, 16, 8, 1]);
    expect(deep.regions).toBeDefined();
    const flat = spec.request({ ...LAB_DEFAULTS, grid: 32, folds: 'none' }, 1);
    expect(flat.regions).toBeUndefined();
    expect(flat.trainSize).toBe(32);
    // A photograph not loaded yet: the disc meanwhile.
    expect(spec.request({ ...LAB_DEFAULTS, target: 'astronaut' }, 1).target).toEqual({ kind: 'named', name: 'circle' });
  });

  it('offer cross-entropy only for targets with classes, and say so when a link asks otherwise', () => {
    expect(defaults(labTable, { target: 'spirals' }).lossFunction).toBe('ce');
    expect(defaults(labTable, { target: 'spirals', lossFunction: 'mse' }).lossFunction).toBe('mse');
    expect(defaults(labTable, { target: 'ring', lossFunction: 'ce' }).lossFunction).toBe('mse');
    const read = decode(labTable, 'tring_lce', LAB_DEFAULTS, LAB_SEED);
    expect(read.values.lossFunction).toBe('mse');
    expect(read.problems).toEqual(['loss']);
    // Changing the target from classes to a picture takes squared error with it.
    const values = defaults(labTable, { target: 'cells' });
    values.target = 'camera';
    settle(labTable, values, 'target');
    expect(values.lossFunction).toBe('mse');
  });

  it('train a class target with K outputs and cross-entropy, or with one output on its shades', () => {
    const spec = labSpec({ picture: () => null });
    const ce = spec.request(defaults(labTable, { target: 'spirals', hidden: '20' }), 3);
    expect(ce.target).toEqual({ kind: 'classes', name: 'spirals' });
    expect(ce.settings.loss).toEqual({ kind: 'softmax-cross-entropy', classes: 3 });
    expect(sizesOf(ce.settings)).toEqual([2, 20, 3]);
    const mse = spec.request(defaults(labTable, { target: 'cells', lossFunction: 'mse', grid: 32 }), 3);
    expect(mse.settings.loss).toBeUndefined();
    expect(mse.target).toEqual({ kind: 'pixels', pixels: classShades('cells', 32) });
    expect(sizesOf(mse.settings)).toEqual([2, 10, 1]);
    // A classifier shows its decision boundaries, never the partition (one map per class).
    const deep = defaults(labTable, { target: 'disc-classes', hidden: '8-8', folds: 'partition' });
    expect(deep.folds).toBe('boundaries');
    expect(spec.request(deep, 1).regions).toBeUndefined();
    expect(defaults(labTable, { target: 'disc-classes', hidden: '8-8', lossFunction: 'mse' }).folds).toBe('partition');
  });

  it('train on N random points of a drawn target, the rest of its picture held out', () => {
    const spec = labSpec({ picture: () => null });
    const values = defaults(labTable, { target: 'ring', randomPoints: 625 });
    const run = spec.request(values, 7);
    expect(run.target).toEqual({ kind: 'samples', name: 'ring', sampling: { kind: 'random', count: 625, seed: 7 } });
    expect([run.trainSize, run.displaySize]).toEqual([LAB_SAMPLED_SIZE, LAB_SAMPLED_SIZE]);
    expect(pointCount(values, 7, null)).toBe(625);
    expect(pointCount(LAB_DEFAULTS, 7, null)).toBe(64 * 64);
    // Pictures and classes are learnt on their grid: the points setting waits for a drawn target.
    const photo = { ...values, target: 'camera' as const };
    expect(spec.request(photo, 7).target).toEqual({ kind: 'named', name: 'circle' });
    expect(pointCount(photo, 7, 96)).toBe(96 * 96);
    const read = decode(labTable, 'tring_n625_s5', LAB_DEFAULTS, LAB_SEED);
    expect(read.problems).toEqual([]);
    expect(read.values).toMatchObject({ target: 'ring', randomPoints: 625 });
    // A target is written with its loss (reading it resets the loss to the target's own).
    expect(labState(read.values, read.seed)).toBe('tring_lmse_n625_s5');
    expect(decode(labTable, 'tcells', LAB_DEFAULTS, LAB_SEED).values.lossFunction).toBe('ce');
  });
});
