import { describe, expect, it } from 'vitest';
import { rng } from '../../src/core/rng.ts';
import { type AnySpec, type Table, type Value, SEED_RANGE, checkTable, choicesOf, decode, defaults, encode, entries, linkNote, settle } from '../../src/islands/live/table.ts';
import { bundlingTable } from '../../src/islands/specs/bundling.ts';
import { EDGE_FOURIER, edgeSettings, edgeTable } from '../../src/islands/specs/edge.ts';
import { partitionTable } from '../../src/islands/specs/partition.ts';
import { pulseSpec, pulseTable } from '../../src/islands/specs/pulse.ts';
import { trainingTable } from '../../src/islands/specs/training.ts';

type AnyTable = Table<Record<string, Value>>;
const TABLES: [string, AnyTable][] = [
  ['training', trainingTable(false) as unknown as AnyTable],
  ['portrait', trainingTable(true) as unknown as AnyTable],
  ['partition', partitionTable as unknown as AnyTable],
  ['pulse', pulseTable as unknown as AnyTable],
  ['bundling', bundlingTable as unknown as AnyTable],
  ['edge', edgeTable as unknown as AnyTable],
];

/** Values drawn at random from what each setting offers (in table order, as choices may depend on earlier ones). */
function randomValues(table: AnyTable, seed: number): Record<string, Value> {
  const r = rng(seed);
  const v = defaults(table);
  for (const [key, spec] of entries(table)) {
    if (spec.kind === 'range') v[key] = Math.round((spec.min + r.next() * (spec.max - spec.min)) * 1000) / 1000;
    else {
      const c = choicesOf(spec, v);
      v[key] = c[Math.floor(r.next() * c.length)]!;
    }
  }
  return v;
}

describe('the figures’ settings tables', () => {
  for (const [name, table] of TABLES) {
    it(`${name}: codes are unambiguous and defaults valid`, () => {
      expect(checkTable(table)).toEqual([]);
    });

    it(`${name}: any settings and seed survive the link, and the defaults make an empty link`, () => {
      const base = defaults(table);
      expect(encode(table, base, 1, base, 1)).toBe('');
      for (let k = 0; k < 40; k++) {
        const values = randomValues(table, 100 + k);
        const seed = 1 + Math.floor(rng(k).next() * (SEED_RANGE.max - 1));
        const text = encode(table, values, seed, base, 1);
        expect(text).toMatch(/^[a-z0-9._-]*$/);
        const back = decode(table, text, base, 1);
        expect(back.problems, text).toEqual([]);
        expect(back.values).toEqual(values);
        expect(back.seed).toBe(seed);
      }
    });

    it(`${name}: bad links fall back to the defaults, with a note, and never throw`, () => {
      const base = defaults(table);
      const bad = [
        'q5',
        'nNaN',
        'n-1',
        'n1e999',
        'n12345678901234567890',
        's0',
        's99999999999',
        'sNaN',
        '<script>alert(1)</script>',
        '"><img src=x onerror=alert(1)>',
        'x'.repeat(10_000),
        `n${'9'.repeat(199)}`,
        '%00%ff',
        '__',
      ];
      for (const text of bad) {
        let read: ReturnType<typeof decode<Record<string, Value>>> | undefined;
        expect(() => (read = decode(table, text, base, 1))).not.toThrow();
        expect(read!.values, text.slice(0, 40)).toEqual(base);
        expect(read!.seed).toBe(1);
        if (text !== '__') {
          expect(read!.problems.length, text.slice(0, 40)).toBeGreaterThan(0);
          const note = linkNote(read!.problems)!;
          // The note is in the figure's own words: nothing of the address is repeated in it.
          expect(note).not.toMatch(/[<>"]|script|alert|xxxx|NaN|%/);
          expect(note.length).toBeLessThan(300);
        }
      }
    });
  }

  it('checks a choice against the settings it depends on, and resets what a change resets', () => {
    const base = defaults(pulseTable);
    expect(decode(pulseTable, 'osgd_r0.1', base, 1).values).toMatchObject({ optimizer: 'sgd', learningRate: 0.1 });
    // 0.0003 is one of Adam's rates, not SGD's: SGD's own rate instead, and a note.
    const wrong = decode(pulseTable, 'osgd_r0.0003', base, 1);
    expect(wrong.values).toMatchObject({ optimizer: 'sgd', learningRate: 0.03 });
    expect(wrong.problems).toEqual(['learning rate']);
    const v = { ...base, learningRate: 0.03 };
    v.optimizer = 'rmsprop';
    settle(pulseTable, v, 'optimizer');
    expect(v.learningRate).toBe(0.001);
  });

  it('keeps what it can read of a link and reports the rest', () => {
    const base = defaults(edgeTable);
    const read = decode(edgeTable, 'n100_r7_q1_s42_n30', base, 1);
    expect(read.values).toMatchObject({ neurons: 100, learningRate: base.learningRate });
    expect(read.seed).toBe(42);
    expect(read.problems).toEqual(expect.arrayContaining(['learning rate', 'a setting this figure does not have', 'neurons (given twice)']));
    expect(linkNote(read.problems)).toMatch(/^Part of this page’s link could not be used for this figure \(.*\); it starts from its own settings there instead\.$/);
  });

  it('asks the pulse figure’s engine for AMSGrad only when Adam trains with the switch on', () => {
    const base = defaults(pulseTable);
    expect(base.amsgrad).toBe(false);
    expect(pulseSpec.request(base, 1).settings.adam).toEqual({ beta2: base.beta2, epsilon: base.epsilon });
    expect(pulseSpec.request({ ...base, amsgrad: true }, 1).settings.adam).toEqual({ beta2: base.beta2, epsilon: base.epsilon, amsgrad: true });
    expect(pulseSpec.request({ ...base, amsgrad: true, optimizer: 'sgd', learningRate: 0.03 }, 1).settings.adam).toBeUndefined();
    expect(decode(pulseTable, 'm1', base, 1).values.amsgrad).toBe(true);
  });

  it('offers the edge figure’s widest layers only on the plane itself, not on Fourier features', () => {
    const v = defaults(edgeTable);
    expect(v).toMatchObject({ fourier: 0, neurons: 500 });
    v.fourier = 1;
    settle(edgeTable, v, 'fourier');
    expect(v.neurons).toBe(100);
    expect(choicesOf(edgeTable.neurons as AnySpec<typeof v>, v)).not.toContain(500);
    v.neurons = 30;
    v.fourier = 0;
    settle(edgeTable, v, 'fourier');
    expect(v.neurons).toBe(30);
    const read = decode(edgeTable, 'f3_n2000', defaults(edgeTable), 1);
    expect(read.values).toMatchObject({ fourier: 3, neurons: 100 });
    expect(read.problems).toEqual(['neurons']);
    expect(edgeSettings({ ...defaults(edgeTable), fourier: 3 }, 7).fourier).toEqual({ count: EDGE_FOURIER.count, scale: 3, seed: 7 });
    expect(edgeSettings(defaults(edgeTable), 7).fourier).toBeUndefined();
  });

  it('does not let a plain training figure take the portrait’s settings from a link', () => {
    const table = trainingTable(false);
    const read = decode(table, 'p1_icamera', defaults(table), 1);
    expect(read.values).toMatchObject({ paper: false, picture: 'astronaut' });
    expect(read.problems).toHaveLength(2);
  });
});
