import { describe, expect, it } from 'vitest';
import { envelope, tidy } from '../../src/experiments/common.ts';
import { formatJson, shapeDifferences } from '../../src/experiments/shape.ts';

describe('shapeDifferences', () => {
  const committed = { a: 1, b: { c: [1, 2, 3], d: 'x', e: null }, runs: [{ k: 1, v: [0.5] }], empty: [] };

  it('accepts the same shape with other numbers, lengths, and nulls for numbers', () => {
    expect(shapeDifferences(committed, { a: 2, b: { c: [7], d: 'y', e: 4 }, runs: [{ k: 1, v: [1, 2] }, { k: 3, v: [2] }], empty: [1] })).toEqual([]);
    expect(shapeDifferences(committed, { ...committed, a: null })).toEqual([]);
  });

  it('takes a null for any value not kept (a picture kept for other runs), but not a missing key', () => {
    const runs = { runs: [{ seed: 1, picture: 'abc' }, { seed: 2, picture: null }] };
    expect(shapeDifferences(runs, { runs: [{ seed: 1, picture: null }, { seed: 2, picture: 'abc' }, { seed: 3, picture: null }] })).toEqual([]);
    expect(shapeDifferences(runs, { runs: [{ seed: 1, picture: 'abc' }, { seed: 2 }] })).toEqual(['$.runs[1].picture: missing']);
  });

  it('names each difference: missing and extra keys, other kinds, empty arrays', () => {
    const found = shapeDifferences(committed, { a: '1', b: { c: [], d: 'x', e: null, f: 0 }, runs: [{ k: 1 }] });
    expect(found).toEqual([
      '$.a: expected number, found string',
      '$.b.c: expected a non-empty array, found an empty one',
      '$.b.f: not in the committed file',
      '$.runs[0].v: missing',
      '$.empty: missing',
    ]);
    expect(shapeDifferences([1], { 0: 1 })).toEqual(['$: expected array, found object']);
  });
});

describe('tidy', () => {
  it('rounds to significant digits, keeps integers, turns typed arrays into arrays and non-finite numbers into null', () => {
    expect(tidy({ x: 0.123456, y: 123456.7, n: 12345678, t: Float32Array.of(1.5, 0.1), z: [NaN, -Infinity, -0], s: 'keep', u: undefined })).toEqual({
      x: 0.1235,
      y: 123500,
      n: 12345678,
      t: [1.5, 0.1],
      z: [null, null, 0],
      s: 'keep',
    });
    expect(tidy(Math.PI, 2)).toBe(3.1);
  });
});

describe('envelope', () => {
  it('cuts a series into equal windows with their first step, lowest and highest value', () => {
    expect(envelope([5, 1, 4, 2, 8, 3], 3)).toEqual({ step: [0, 2, 4], min: [1, 2, 3], max: [5, 4, 8] });
    expect(envelope([1, 2], 10)).toEqual({ step: [0, 1], min: [1, 2], max: [1, 2] });
  });
});

describe('formatJson', () => {
  it('writes valid JSON with plain arrays on one line', () => {
    const value = { a: [1, 2, null], b: [{ c: 'x' }], d: {}, e: [] };
    const text = formatJson(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('"a": [1, 2, null]');
    expect(text.split('\n').length).toBe(10);
  });
});
