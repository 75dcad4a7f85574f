import { describe, expect, it } from 'vitest';
import { SIGMOID_CROSS_ENTROPY, crossEntropy } from '../../src/core/loss.ts';
import { checkTable, decode, defaults, encode, settle } from '../../src/islands/live/table.ts';
import { NO_SHEET, classifierLoss, classifierSpec, classifierTable, outputOf, sheetClasses, sheetOutput } from '../../src/islands/specs/classifier.ts';

describe('the classifier figure’s settings', () => {
  it('form a valid table: softmax and no sheet unless asked', () => {
    expect(checkTable(classifierTable)).toEqual([]);
    const v = defaults(classifierTable);
    expect(v.output).toBe('softmax');
    expect(v.sheetClass).toBe(NO_SHEET);
    expect(classifierSpec.request(v, 1).settings.loss).toEqual(crossEntropy(2));
  });

  it('train the disc with one output and a sigmoid when chosen; three or more classes always with a softmax', () => {
    const disc = { ...defaults(classifierTable), output: 'sigmoid' as const };
    expect(outputOf(disc)).toBe('sigmoid');
    expect(classifierLoss(disc)).toEqual(SIGMOID_CROSS_ENTROPY);
    expect(classifierSpec.request(disc, 3).settings.loss).toEqual(SIGMOID_CROSS_ENTROPY);
    expect(classifierLoss({ target: 'spirals', output: 'sigmoid' })).toEqual(crossEntropy(3));
    // Choosing the spirals puts the output back to the softmax (the sigmoid is not offered for three).
    const values = { ...disc, target: 'spirals' as const };
    settle(classifierTable, values, 'target');
    expect(values.output).toBe('softmax');
  });

  it('offer a sheet per class with a softmax, and only the one logit with a sigmoid', () => {
    const soft = defaults(classifierTable);
    expect(sheetClasses(soft)).toEqual(['outside', 'inside']);
    expect(sheetOutput(soft, 'outside')).toBe(0);
    expect(sheetOutput(soft, 'inside')).toBe(1);
    expect(sheetOutput(soft, NO_SHEET)).toBe(-1);
    const sig = { ...soft, output: 'sigmoid' as const };
    expect(sheetClasses(sig)).toEqual(['inside']);
    expect(sheetOutput(sig, 'inside')).toBe(0);
    expect(sheetOutput(sig, 'outside')).toBe(-1);
    // Names as link-safe values: spaces become hyphens.
    expect(sheetClasses({ ...soft, target: 'spirals' })).toEqual(['first-arm', 'second-arm', 'third-arm']);
    expect(sheetOutput({ ...soft, target: 'cells' }, 'cell-4')).toBe(3);
    expect(sheetOutput({ ...soft, target: 'cells' }, 'cell 4')).toBe(-1);
    // A sheet of "outside" is not kept when the output becomes the sigmoid.
    const values = { ...soft, sheetClass: 'outside' };
    values.output = 'sigmoid';
    settle(classifierTable, values, 'output');
    expect(values.sheetClass).toBe(NO_SHEET);
  });

  it('are carried in a link and read back', () => {
    const base = defaults(classifierTable);
    const values = { ...base, output: 'sigmoid' as const, sheetClass: 'inside' };
    const text = encode(classifierTable, values, 5, base, 1);
    const read = decode(classifierTable, text, base, 1);
    expect(read.problems).toEqual([]);
    expect(read.values).toEqual(values);
    expect(read.seed).toBe(5);
    // A sheet of a class the target does not have is refused, and the figure keeps its own.
    expect(decode(classifierTable, 'kcell-9', base, 1).problems).toEqual(['sheet of']);
    const cells = decode(classifierTable, 'tcells_kcell-2', base, 1);
    expect(cells.problems).toEqual([]);
    expect(cells.values.sheetClass).toBe('cell-2');
  });
});
