/**
 * The categories chapter's classifier: it starts from the seeded network's map as Node computes
 * it, trains on the disc as two classes until more than 95 % of the training points are in their
 * own class, and says so in its read-outs; the loss falls and the margin grows. It does the same
 * with one output and a sigmoid, and shows a chosen class's logit as a folded sheet.
 */
import { expect } from '@playwright/test';
import { button, canvasPixels, expectReady, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';
import { classDataset } from '../../src/core/classes.ts';
import { gridPrediction } from '../../src/core/gridpass.ts';
import { SIGMOID_CROSS_ENTROPY, classReadout, crossEntropy, datasetLoss } from '../../src/core/loss.ts';
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

test('with one output and a sigmoid, the classifier learns the disc too: accuracy above 95 %, boundaries where z = 0', async ({ page }) => {
  expect((await page.goto('categories/'))?.status()).toBe(200);
  const widget = page.locator('[data-widget="classifier"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  await expect(widget).toHaveAttribute('data-output', 'softmax');
  await widget.locator('[data-option="output"]').selectOption('sigmoid');
  await expect(widget).toHaveAttribute('data-output', 'sigmoid');
  await expect(widget).toHaveAttribute('data-outputs', '1');
  await expectReady(widget);
  await expect(widget.locator('[data-readout="output"]')).toHaveText('one logit, sigmoid');
  await expect(widget.locator('.map figcaption')).toContainText('sigmoid');

  // The first state is the seeded one-output network's binary cross-entropy, as computed here.
  const net = initNetwork([50], 1, 1);
  const targets = classDataset('disc', 64).targets;
  const first = datasetLoss(SIGMOID_CROSS_ENTROPY, gridPrediction(net, 64), targets);
  expect(await numAttr(widget, 'data-loss')).toBeCloseTo(first, 4);

  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => numAttr(widget, 'data-accuracy'), { timeout: TRAIN_WAIT }).toBeGreaterThan(0.95);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  expect(await numAttr(widget, 'data-loss')).toBeLessThan(first);
  // The exact boundary (z = 0) is drawn over the map.
  expect(Number(await widget.locator('svg.boundaries').getAttribute('data-boundaries'))).toBeGreaterThan(4);
  // The map is coloured by class: both classes' colours are on it.
  const map = await canvasPixels(widget.locator('.map canvas'));
  const blue = (k: number): boolean => map.data[k + 2]! > map.data[k]! + 40;
  const orange = (k: number): boolean => map.data[k]! > map.data[k + 2]! + 40;
  let blues = 0;
  let oranges = 0;
  for (let k = 0; k < map.data.length; k += 4) {
    if (blue(k)) blues++;
    if (orange(k)) oranges++;
  }
  expect(blues).toBeGreaterThan(1000);
  expect(oranges).toBeGreaterThan(1000);
});

test('picking a class shows its logit as a folded sheet, redrawn as training goes on', async ({ page }) => {
  expect((await page.goto('categories/'))?.status()).toBe(200);
  const widget = page.locator('[data-widget="classifier"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  await expect(widget).toHaveAttribute('data-sheet-class', 'none');
  await expect(widget.locator('.sheet')).toHaveCount(0);

  const control = widget.locator('[data-option="sheet-class"]');
  await control.selectOption('inside');
  await expect(widget).toHaveAttribute('data-sheet-class', 'inside');
  const canvas = widget.locator('.sheet canvas');
  await expect(canvas).toBeVisible();
  await expect(widget.locator('.sheet figcaption')).toContainText('“inside”');

  /** Distinct shades on the sheet (a blank canvas has one). */
  const shades = async (): Promise<number> => {
    const px = await canvasPixels(canvas);
    const seen = new Set<number>();
    for (let k = 0; k < px.data.length; k += 4) seen.add((px.data[k]! << 16) | (px.data[k + 1]! << 8) | px.data[k + 2]!);
    return seen.size;
  };
  await expect.poll(shades, { timeout: TRAIN_WAIT }).toBeGreaterThan(20);
  const before = await canvasPixels(canvas);

  await button(widget, 'step').click();
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBe(10);
  // Training moved the sheet: it is drawn again from the new logits.
  await expect.poll(async () => Buffer.compare(Buffer.from((await canvasPixels(canvas)).data), Buffer.from(before.data)), { timeout: TRAIN_WAIT }).not.toBe(0);

  // With a sigmoid only the one logit is offered (as "inside", the class it scores), and kept.
  await widget.locator('[data-option="output"]').selectOption('sigmoid');
  await expectReady(widget);
  await expect(control.locator('option')).toHaveCount(2);
  await expect(widget).toHaveAttribute('data-sheet-class', 'inside');
  await expect.poll(shades, { timeout: TRAIN_WAIT }).toBeGreaterThan(20);
  // From the keyboard: up to "no class" hides the sheet, down brings it back.
  await control.focus();
  await page.keyboard.press('ArrowUp');
  await expect(widget).toHaveAttribute('data-sheet-class', 'none');
  await expect(widget.locator('.sheet')).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await expect(widget).toHaveAttribute('data-sheet-class', 'inside');
  await expect.poll(shades, { timeout: TRAIN_WAIT }).toBeGreaterThan(20);
});
