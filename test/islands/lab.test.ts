import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS, LAB_SEED, checkWidths, formatWidths, labSpec, labState, labTable, parseWidths } from '../../src/islands/specs/lab.ts';
import { checkTable, decode, defaults } from '../../src/islands/live/table.ts';
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
});
