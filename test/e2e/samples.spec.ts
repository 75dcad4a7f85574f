/**
 * The figure between the samples: a network trains on a few pixels of the ring and reports its
 * loss on them and on every other pixel, as the same run trained here in Node does; the slider
 * of training points and the coarse grid restart it on other points; both curves are drawn.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { button, expectReady, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';
import { drawPicture, samplePixels, scoreSplit, splitDataset, splitPicture } from '../../src/core/samples.ts';
import { TARGETS } from '../../src/core/targets.ts';
import { createWasmTrainer } from '../../src/train/wasm.ts';
import { SAMPLES_SIZE, SAMPLE_NETWORKS } from '../../src/islands/specs/samples.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

const PATH = 'between-the-samples/';

/** The figure's first run, the small network on 312 random pixels (seed 1, rate 0.003), after `steps` steps, scored on the 256² picture. */
async function reference(steps: number) {
  const split = splitPicture(drawPicture(TARGETS.ring, SAMPLES_SIZE), samplePixels(SAMPLES_SIZE, { kind: 'random', count: 312, seed: 1 }));
  const t = await createWasmTrainer({ hidden: SAMPLE_NETWORKS.small.hidden, optimizer: 'adam', learningRate: 0.003, batchSize: 0, seed: 1 }, splitDataset(split));
  t.step(steps);
  const scores = scoreSplit(split, t.predict(SAMPLES_SIZE));
  t.dispose();
  return scores;
}

async function open(page: Page): Promise<Locator> {
  expect((await page.goto(PATH))?.status()).toBe(200);
  const widget = page.locator('[data-widget="samples"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  return widget;
}

test('trains on a few pixels, scores the rest as Node does, and the slider of points restarts it on others', async ({ page }) => {
  const widget = await open(page);
  await expect(widget).toHaveAttribute('data-points', '312');
  await expect(widget).toHaveAttribute('data-network', 'small');

  // Two presses of Step: twenty steps, scored on the 65,536 − 312 other pixels.
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10');
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '20');
  await expect(widget).toHaveAttribute('data-scored-step', '20');
  const expected = await reference(20);
  expect(await numAttr(widget, 'data-train-loss')).toBeCloseTo(expected.trainLoss, 4);
  expect(await numAttr(widget, 'data-test-loss')).toBeCloseTo(expected.testLoss, 4);
  expect(await numAttr(widget, 'data-test-accuracy')).toBeCloseTo(expected.testAccuracy!, 3);
  await expect(widget.locator('[data-readout="test-loss"]')).toHaveText(expected.testLoss.toPrecision(3));

  // Both curves are drawn in the chart.
  const chart = widget.locator('svg[data-chart="train-test"]');
  await expect(chart.locator('path.train-loss')).toHaveAttribute('d', /^M/);
  await expect(chart.locator('path.test-loss')).toHaveAttribute('d', /^M/);

  // The slider to its end: 5,000 points, a fresh run on them.
  await widget.locator('input[data-option="points"]').fill('4');
  await expect(widget).toHaveAttribute('data-points', '5000');
  await expect(widget.locator('[data-readout="points"]')).toHaveText('5,000');
  await expect(widget).toHaveAttribute('data-step', '0');
  await expectReady(widget);
  await button(widget, 'play').click();
  await expect.poll(() => numAttr(widget, 'data-scored-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(0);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  const train = await numAttr(widget, 'data-train-loss');
  const test5000 = await numAttr(widget, 'data-test-loss');
  expect(Number.isFinite(train) && Number.isFinite(test5000)).toBe(true);

  // A coarse grid of about as many: 71 × 71 pixels.
  await widget.locator('[data-option="sampling"]').selectOption('grid');
  await expect(widget).toHaveAttribute('data-points', String(71 * 71));
  await expect(widget).toHaveAttribute('data-step', '0');

  // The error map is a view: it redraws without a new run.
  await widget.locator('[data-option="error-map"]').check();
  await expect(widget).toHaveAttribute('data-error-map', 'true');
  await expect(widget.locator('.prediction figcaption')).toContainText('Error on every pixel');
});
