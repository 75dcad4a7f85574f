import { describe, expect, it } from 'vitest';
import { SWEEPS, SWEEP_ORDER, sweepAt, sweepFrames } from '../../src/core/sweep.ts';
import { crease } from '../../src/core/neuron.ts';

describe('sweeps', () => {
  it('move only their own parameter, from `from` to `to`', () => {
    for (const name of SWEEP_ORDER) {
      const s = SWEEPS[name];
      const start = sweepAt(s, 0);
      const end = sweepAt(s, 1);
      expect(start[name]).toBe(s.from);
      expect(end[name]).toBe(s.to);
      for (const other of SWEEP_ORDER.filter((o) => o !== name)) {
        expect(start[other]).toBe(s.base[other]);
        expect(end[other]).toBe(s.base[other]);
      }
    }
  });

  it('clamp progress and round to the sliders’ step', () => {
    const s = SWEEPS.a;
    expect(sweepAt(s, -1)).toEqual(sweepAt(s, 0));
    expect(sweepAt(s, 2)).toEqual(sweepAt(s, 1));
    const v = sweepAt(s, 0.123456).a;
    expect(Math.round(v * 100) / 100).toBe(v);
  });

  it('small multiples include both ends, evenly spaced', () => {
    const frames = sweepFrames(SWEEPS.c, 5);
    expect(frames.map((n) => n.c)).toEqual([-3, -1.5, 0, 1.5, 3]);
  });

  it('the c sweep pushes the crease out of the square at both ends and through the middle', () => {
    const frames = sweepFrames(SWEEPS.c, 5);
    expect(frames.map((n) => crease(n).kind)).toEqual(['outside', 'inside', 'inside', 'inside', 'outside']);
  });
});
