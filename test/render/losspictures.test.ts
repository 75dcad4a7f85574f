import { describe, expect, it } from 'vitest';
import experiments from '../../src/data/experiments.json';
import { unpackPicture } from '../../src/core/samples.ts';
import { lossPictureColumns } from '../../src/render/losspictures.ts';

describe('squared error against cross-entropy, side by side', () => {
  const mse = [
    { steps: 30, width256: null, picture: 'AAAA' },
    { steps: 1000, width256: 3.21, picture: 'BBBB' },
  ];
  const ce = [
    { steps: 30, width256: 2.5, margin: 0.5, picture: 'CCCC' },
    { steps: 1000, width256: 0.333, margin: 40, picture: 'DDDD' },
  ];

  it('writes each rim width under its picture, a dash where there is none, and reads every number in words', () => {
    const { columns, summary } = lossPictureColumns(mse, ce);
    expect(columns.map((c) => [c.steps, c.mse.label, c.crossEntropy.label, c.marginLabel])).toEqual([
      [30, '—', '2.5 px', '0.5'],
      [1000, '3.2 px', '0.33 px', '40'],
    ]);
    expect(columns[0]!.mse.alt).toBe('Squared error after 30 steps: the brightness; no rim width yet (the rim does not reach both 10 % and 90 %).');
    expect(columns[1]!.crossEntropy.alt).toBe('Cross-entropy after 1,000 steps: the probability of “inside”; rim 0.33 pixels wide.');
    expect(summary).toBe('After 1,000 steps squared error draws a rim 3.2 pixels wide and cross-entropy a rim 0.33 pixels wide; cross-entropy’s mean margin grew from 0.5 after 30 steps to 40.');
    expect(lossPictureColumns(mse.slice(0, 1), ce.slice(0, 1)).summary).toBe(
      'After 30 steps squared error draws no measurable rim and cross-entropy a rim 2.5 pixels wide; cross-entropy’s mean margin grew from 0.5 after 30 steps to 0.5.',
    );
  });

  it('draws the margin bars on a log scale, the smallest a tenth of the largest', () => {
    const { columns } = lossPictureColumns(mse, ce);
    expect(columns.map((c) => c.bar)).toEqual([0.1, 1]);
    const three = lossPictureColumns([...mse, { steps: 2000, width256: 1, picture: 'E' }], [...ce, { steps: 2000, width256: 0.2, margin: 20, picture: 'F' }]).columns;
    // A margin of 20: 0.1 + 0.9 · log(20 / 0.5) / log(40 / 0.5).
    expect(three[2]!.bar).toBeCloseTo(0.1 + (0.9 * Math.log(40)) / Math.log(80), 12);
  });

  it('refuses runs with different checkpoints or a missing picture', () => {
    expect(() => lossPictureColumns(mse, ce.slice(0, 1))).toThrow(/checkpoints/);
    expect(() => lossPictureColumns(mse, [ce[0]!, { ...ce[1]!, picture: null }])).toThrow(/picture at step 1000/);
  });

  it('has a picture of the disc at every checkpoint of the committed results, brighter inside than outside once trained', () => {
    const C = experiments.categories;
    const T = C.settings.edge.thumb;
    const { columns } = lossPictureColumns(C.edge.mse, C.edge.crossEntropy);
    expect(columns.map((c) => c.steps)).toEqual(C.settings.edge.steps);
    const last = columns.at(-1)!;
    for (const packed of [last.mse.picture, last.crossEntropy.picture]) {
      const p = unpackPicture(packed, T * T);
      // The centre pixel is inside the disc (radius 0.5), a corner pixel outside.
      expect(p[(T / 2) * T + T / 2]!).toBeGreaterThan(0.9);
      expect(p[0]!).toBeLessThan(0.1);
    }
  });
});
