import { describe, expect, it } from 'vitest';
import { NOTE_FONT_SIZE, VIEW_HALF, topScene } from '../../src/render/topview.ts';
import { type LabelBox, boxesOverlap, insideBounds, segmentHitsBox, textBox } from '../../src/render/labels.ts';
import { describeCrease } from '../../src/render/describe.ts';
import { formatAffine, formatNumber } from '../../src/render/format.ts';

const toPlane = (v: number, size: number): number => (v / size) * 2 * VIEW_HALF - VIEW_HALF;

describe('top view', () => {
  it('draws the crease where the math says', () => {
    const n = { a: 1.3, b: -0.4, c: 0.2 };
    const s = topScene(n, 300);
    expect(s.crease).not.toBeNull();
    const { x1, y1, x2, y2 } = s.crease!;
    for (const [sx, sy] of [[x1, y1], [x2, y2]] as const) {
      const x = toPlane(sx, 300);
      const y = -toPlane(sy, 300);
      expect(Math.abs(n.a * x + n.b * y + n.c)).toBeLessThan(0.01);
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeCloseTo(1, 2);
    }
  });

  it('draws level lines at heights 1, 2, … inside the square only', () => {
    const s = topScene({ a: 2, b: 0, c: 0 }, 300);
    expect(s.levels.map((l) => l.value)).toEqual([1]);
    expect(topScene({ a: 3, b: 3, c: 3 }, 300).levels.map((l) => l.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('marks the distance only when the foot of the perpendicular is in view', () => {
    expect(topScene({ a: 1, b: 0, c: 0.5 }, 300).distance).not.toBeNull();
    expect(topScene({ a: 1, b: 0, c: 2.5 }, 300).distance).toBeNull();
    expect(topScene({ a: 1, b: 0, c: 0 }, 300).distance).toBeNull();
  });

  it('has neither crease nor normal when a = b = 0', () => {
    const s = topScene({ a: 0, b: 0, c: 1 }, 300);
    expect(s.crease).toBeNull();
    expect(s.creaseBeyond).toBe('');
    expect(s.normal).toBeNull();
    expect(s.flat).toBe('');
  });

  it('shows a crease outside the square dashed, not solid', () => {
    const s = topScene({ a: 1, b: 0, c: 1.3 }, 300);
    expect(s.crease).toBeNull();
    expect(s.creaseBeyond).not.toBe('');
  });
});

describe('read-outs', () => {
  it('format numbers with a true minus and no negative zero', () => {
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(-1.5)).toBe('−1.50');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatAffine(1, -0.5, 0.25)).toBe('1.00·x − 0.50·y + 0.25');
    expect(formatAffine(-1, 0, -0.004)).toBe('−1.00·x + 0.00·y + 0.00');
  });

  it('describe each kind of crease', () => {
    expect(describeCrease({ a: 0, b: 0, c: 0.5 })).toMatch(/^No crease.*0\.50\.$/);
    expect(describeCrease({ a: 0.5, b: 0.5, c: 3 })).toMatch(/outside the square .*rising side/);
    expect(describeCrease({ a: 0.5, b: 0.5, c: -3 })).toMatch(/outside the square .*flat side/);
    expect(describeCrease({ a: 1, b: 0, c: 0.5 })).toMatch(/crosses the square at distance 0\.50/);
  });
});

describe('labels of the top view', () => {
  const arrow = (d: string): [[number, number], [number, number]] => {
    const v = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    return [
      [v[0]!, v[1]!],
      [v[2]!, v[3]!],
    ];
  };
  const values: number[] = [];
  for (let v = -3; v <= 3.0001; v += 0.25) values.push(Math.round(v * 100) / 100);
  const neurons = values.flatMap((a) => values.flatMap((b) => values.map((c) => ({ a, b, c }))));

  // Every neuron the sliders reach on a grid of 0.25, at the sweep's and the explorer's sizes. (A
  // crease wholly outside the square may still run, dashed, under a label: its halo keeps it legible.)
  it.each([220, 300])('"(a, b)" and "d = …" never cover each other, the crease, the axis numbers, or leave the drawing (size %i)', (size) => {
    const bad: string[] = [];
    let both = 0;
    for (const n of neurons) {
      const s = topScene(n, size);
      const boxes: LabelBox[] = [];
      if (s.normal) boxes.push(textBox('(a, b)', s.normal.labelX, s.normal.labelY, NOTE_FONT_SIZE));
      if (s.distance) boxes.push(textBox(s.distance.text, s.distance.labelX, s.distance.labelY, NOTE_FONT_SIZE));
      for (const box of boxes) {
        if (!insideBounds(box, size, size)) bad.push(`${JSON.stringify(n)}: a label leaves the drawing`);
        if (s.crease && segmentHitsBox([s.crease.x1, s.crease.y1], [s.crease.x2, s.crease.y2], box)) {
          bad.push(`${JSON.stringify(n)}: a label covers the crease (${box === boxes[0] && s.normal ? "(a, b)" : "d"})`);
        }
      }
      for (const box of boxes) {
        if (s.tickBoxes.some((t) => boxesOverlap(box, t))) bad.push(`${JSON.stringify(n)}: a label covers an axis number`);
        if (boxesOverlap(box, { x: s.origin[0], y: s.origin[1], width: 5, height: 5 })) bad.push(`${JSON.stringify(n)}: a label covers the origin`);
        if (s.normal && segmentHitsBox(...arrow(s.normal.d), box) && box !== boxes[0]) bad.push(`${JSON.stringify(n)}: "d = …" covers the arrow`);
      }
      if (boxes.length === 2) {
        both++;
        if (boxesOverlap(boxes[0]!, boxes[1]!)) bad.push(`${JSON.stringify(n)}: the labels overlap`);
      }
    }
    expect(both).toBeGreaterThan(neurons.length / 3);
    expect(bad.slice(0, 10), `${bad.length} of ${neurons.length} neurons`).toEqual([]);
  });

  it('names the distance with its value', () => {
    expect(topScene({ a: 1, b: 0, c: 0.5 }, 300).distance?.text).toBe('d = 0.50');
  });
});
