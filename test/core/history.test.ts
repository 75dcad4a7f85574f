import { describe, expect, it } from 'vitest';
import { History } from '../../src/core/history.ts';

describe('History', () => {
  it('keeps every point until full, then one per bucket of steps (the higher), and the newest as it came', () => {
    const h = new History(8);
    const values = Array.from({ length: 9 }, (_, k) => ((k * 7) % 11) + k / 100);
    values.slice(0, 8).forEach((v, k) => h.push(5 + k, v));
    expect(h.steps).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    h.push(13, values[8]!);
    // Nine points past a limit of eight: buckets of two steps from step 5, each keeping its higher.
    expect(h.stride).toBe(2);
    const expected = [0, 2, 4, 6].map((k) => (values[k]! >= values[k + 1]! ? k : k + 1));
    expect(h.steps).toEqual([...expected.map((k) => 5 + k), 13]);
    expect(h.values).toEqual([...expected.map((k) => values[k]), values[8]]);
  });

  it('stays bounded on a long run, keeps its first and newest points and every spike', () => {
    const h = new History(64);
    const spikes = new Set([1234, 5678, 9000]);
    for (let s = 0; s < 10_000; s++) h.push(s, spikes.has(s) ? 50 : 1 / (1 + s));
    expect(h.length).toBeLessThanOrEqual(64);
    expect(h.steps[0]).toBe(0);
    expect(h.lastStep).toBe(9999);
    for (const s of spikes) expect(h.steps).toContain(s);
    for (let i = 1; i < h.length; i++) expect(h.steps[i]!).toBeGreaterThan(h.steps[i - 1]!);
  });

  it('keeps a gap (NaN) through merges', () => {
    const h = new History(4);
    [1, NaN, 2, 3, 4, 5].forEach((v, s) => h.push(s, v));
    expect(h.values.some(Number.isNaN)).toBe(true);
  });

  it('takes runs of per-step values, skipping steps it already has', () => {
    const h = new History(1000);
    h.pushRun(0, [5, 4, 3]);
    const version = h.version;
    h.pushRun(1, [4, 3]);
    expect(h.version, 'nothing new, no new version').toBe(version);
    h.pushRun(2, [3, 2, 1]);
    expect(h.steps).toEqual([0, 1, 2, 3, 4]);
    expect(h.values).toEqual([5, 4, 3, 2, 1]);
    expect(h.version).toBeGreaterThan(version);
  });

  it('replaces the value of its last step, refuses to go back, and answers questions about steps', () => {
    const h = new History(10);
    h.push(0, 1);
    h.push(10, 2);
    h.push(10, 3);
    expect(h.values).toEqual([1, 3]);
    expect(() => h.push(5, 1)).toThrow(/step 5 after 10/);
    expect(h.at(7)).toBe(1);
    expect(h.at(10)).toBe(3);
    expect(h.at(-1)).toBeNaN();
    expect(h.window(1, 10)).toEqual({ steps: [10], values: [3] });
    h.clear();
    expect(h.length).toBe(0);
    expect(h.lastStep).toBe(-Infinity);
  });
});
