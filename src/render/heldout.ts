/**
 * The live chart of a run measured on pixels it never trained on: training loss and test loss
 * against step, on one log axis, so that the gap between them is the distance between two lines.
 * Both series go through the same frame (seriesChart, src/render/series.ts): each is built with
 * the other's values included in its y range and the same span of steps, so they share the axes.
 */
import { type ChartGeometry, type Points, seriesChart } from './series.ts';

export interface TrainTestChart extends ChartGeometry {
  /** The test loss as a second path in the same frame, and its last point. */
  readonly testPath: string;
  readonly testDense: boolean;
  readonly testLast: { readonly x: number; readonly y: number } | null;
}

const lastStep = (p: Points): number => (p.steps.length ? p.steps[p.steps.length - 1]! : 0);

export function trainTestChart(train: Points, test: Points, width: number, height: number): TrainTestChart {
  const span = Math.max(lastStep(train), lastStep(test), 1);
  const options = (other: Points) => ({ log: true, firstStep: 0, minSpan: span, include: Array.from(other.values) });
  const frame = seriesChart(train, width, height, options(test));
  const second = seriesChart(test, width, height, options(train));
  return { ...frame, testPath: second.path, testDense: second.dense, testLast: second.last };
}

/** The chart in words: both losses at the last step measured, and how far apart they are. */
export function describeTrainTest(step: number, trainLoss: number, testLoss: number): string {
  if (!Number.isFinite(trainLoss) || !Number.isFinite(testLoss)) return 'Training and test loss against step: not measured yet.';
  const ratio = trainLoss > 0 ? testLoss / trainLoss : Infinity;
  const apart = Number.isFinite(ratio) ? `, ${ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : ratio.toFixed(1)} times the training loss` : '';
  return `Training and test loss against step, on a log scale. At step ${step}: training loss ${trainLoss.toPrecision(2)}, test loss ${testLoss.toPrecision(2)}${apart}.`;
}
