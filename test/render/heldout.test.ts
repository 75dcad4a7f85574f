import { describe, expect, it } from 'vitest';
import { describeTrainTest, trainTestChart } from '../../src/render/heldout.ts';

describe('the train and test chart', () => {
  const train = { steps: [1, 2, 3, 4, 100], values: [0.2, 0.1, 0.05, 0.01, 0.0001] };
  const test = { steps: [0, 50, 100], values: [0.25, 0.05, 0.03] };

  it('draws both losses in one frame: the same value lands at the same height, the same step at the same place', () => {
    const c = trainTestChart(train, test, 400, 200);
    expect(c.log).toBe(true);
    expect(c.path).not.toBe('');
    expect(c.testPath).not.toBe('');
    // Both series end at step 100, so their last points share an x; the test loss sits higher.
    expect(c.testLast!.x).toBe(c.last!.x);
    expect(c.testLast!.y).toBeLessThan(c.last!.y);
    // The y axis spans both: from the training loss's lowest to the test loss's highest.
    const other = trainTestChart(test, train, 400, 200);
    expect(other.yTicks).toEqual(c.yTicks);
    expect(other.last).toEqual(c.testLast);
  });

  it('says both numbers and their ratio, or that nothing is measured yet', () => {
    expect(describeTrainTest(100, 0.0001, 0.03)).toContain('test loss 0.030, 300 times the training loss');
    expect(describeTrainTest(0, NaN, 0.2)).toContain('not measured yet');
  });
});
