/**
 * The categories chapter's classifier: it starts from the seeded network's map as Node computes
 * it, trains on the disc as two classes until more than 95 % of the training points are in their
 * own class, and says so in its read-outs; the loss falls and the margin grows.
 */
import { expect } from '@playwright/test';
import { button, expectReady, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';
import { classDataset } from '../../src/core/classes.ts';
import { gridPrediction } from '../../src/core/gridpass.ts';
import { classReadout, crossEntropy, datasetLoss } from '../../src/core/loss.ts';
import { initNetwork } from '../../src/core/mlp.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

test('the classifier learns the disc as two classes: accuracy above 95 %', async ({ page }) => {
  expect((await page.goto('categories/'))?.status()).toBe(200);
  const widget = page.locator('[data-widget="classifier"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  await expect(widget).toHaveAttribute('data-classes', '2');

  // The first state is the seeded network's, as computed here.
  const net = initNetwork([50], 1, 2);
  const logits = gridPrediction(net, 64);
  const targets = classDataset('disc', 64).targets;
  expect(await numAttr(widget, 'data-loss')).toBeCloseTo(datasetLoss(crossEntropy(2), logits, targets), 4);
  const start = classReadout(logits, targets, 2);
  expect(await numAttr(widget, 'data-accuracy')).toBeCloseTo(start.accuracy, 6);
  expect(start.accuracy).toBeLessThan(0.95);

  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => numAttr(widget, 'data-accuracy'), { timeout: TRAIN_WAIT }).toBeGreaterThan(0.95);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  const step = await numAttr(widget, 'data-step');
  expect(step).toBeGreaterThan(0);
  expect(await numAttr(widget, 'data-loss')).toBeLessThan(start.accuracy > 0 ? datasetLoss(crossEntropy(2), logits, targets) : Infinity);
  expect(await numAttr(widget, 'data-margin')).toBeGreaterThan(start.margin);
  await expect(widget.locator('[data-readout="accuracy"]')).toContainText('%');
  // The picture is drawn and its creases are over it.
  expect(Number(await widget.locator('svg.creases').getAttribute('data-creases'))).toBeGreaterThan(10);
});

test('the classifier switches to five cells and trains them too', async ({ page }) => {
  expect((await page.goto('categories/'))?.status()).toBe(200);
  const widget = page.locator('[data-widget="classifier"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  await widget.locator('[data-option="target"]').selectOption({ label: 'cells (5)' });
  await expect(widget).toHaveAttribute('data-classes', '5');
  await expectReady(widget);
  await button(widget, 'step').click();
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBe(10);
  await expect(widget.locator('.legend li')).toHaveCount(5);
});
