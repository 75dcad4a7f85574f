/**
 * Saving from a live figure's menu and loading back: the prediction as a PNG at the size chosen,
 * the loss history as CSV, and the weights as JSON that, loaded again, reproduce the same
 * prediction at the same step; a malformed file is refused with an alert while training goes on.
 */
import { readFileSync } from 'node:fs';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { decodePng } from '../../src/build/png.ts';
import { FIGURE_TIMEOUT, TRAIN_WAIT, button, expectReady, hydrateWidget, numAttr, testWithoutErrors as test } from './helpers.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

async function open(page: Page): Promise<Locator> {
  await page.goto('ten-neurons/');
  const widget = page.locator('[data-widget="training"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  await widget.locator('details[data-files] > summary').click();
  return widget;
}

async function save(page: Page, widget: Locator, action: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: TRAIN_WAIT }), widget.locator(`[data-action="${action}"]`).click()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

/** Steps the paused figure `times` presses of Step and waits until they are taken. */
async function stepTo(widget: Locator, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', String(steps), { timeout: TRAIN_WAIT });
}

test('the prediction saves as a PNG of the size chosen, and the loss history as CSV', async ({ page }) => {
  const widget = await open(page);
  await stepTo(widget, 3);
  for (const size of [256, 1024]) {
    await widget.locator('[data-option="picture-size"]').selectOption(String(size));
    const { download, bytes } = await save(page, widget, 'save-picture');
    expect(download.suggestedFilename()).toBe(`folded-paper-ten-${size}px-step-3.png`);
    const png = decodePng(new Uint8Array(bytes));
    expect([png.width, png.height]).toEqual([size, size]);
    // The disc-learning network draws shades, not one flat colour.
    const shades = new Set<number>();
    for (let k = 0; k < png.pixels.length; k += png.channels * 97) shades.add(png.pixels[k]!);
    expect(shades.size).toBeGreaterThan(3);
  }
  await expect(widget.locator('[data-note="file"][role="status"]')).toContainText('1024 × 1024');

  const { bytes } = await save(page, widget, 'save-losses');
  const lines = bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('step,loss');
  expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([0, 1, 2]);
  // The last loss reported is that of step 2 (each step reports the loss before its update).
  for (const l of lines.slice(1)) expect(Number(l.split(',')[1])).toBeGreaterThan(0);
});

test('weights saved and loaded again reproduce the prediction exactly, with settings, seed and step', async ({ page }) => {
  const widget = await open(page);
  await widget.locator('[data-option="neurons"]').selectOption('50');
  await expect(widget).toHaveAttribute('data-neurons', '50');
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await stepTo(widget, 5);
  const seed = await widget.getAttribute('data-seed');
  await widget.locator('[data-option="picture-size"]').selectOption('256');
  const before = decodePng(new Uint8Array((await save(page, widget, 'save-picture')).bytes));
  const weights = await save(page, widget, 'save-weights');
  const file = JSON.parse(weights.bytes.toString('utf8'));
  expect(file).toMatchObject({ format: 'folded-paper-weights', version: 1, figure: 'training', step: 5, seed: Number(seed), sizes: [2, 50, 1] });
  expect(file.settings).toMatchObject({ neurons: 50 });

  // Somewhere else entirely: another seed, another width, some steps.
  await widget.locator('[data-option="neurons"]').selectOption('10');
  await button(widget, 'new-seed').click();
  await expect(widget).not.toHaveAttribute('data-seed', seed!);
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });

  await widget.locator('[data-action="load-weights"]').setInputFiles(await weights.download.path());
  await expect(widget.locator('[data-note="file"][role="status"]')).toContainText('Loaded the weights of step 5', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-seed', seed!);
  await expect(widget).toHaveAttribute('data-neurons', '50');
  await expect(widget).toHaveAttribute('data-step', '5', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  const after = decodePng(new Uint8Array((await save(page, widget, 'save-picture')).bytes));
  expect(after.width).toBe(256);
  expect(Buffer.from(after.pixels).equals(Buffer.from(before.pixels)), 'the same picture, pixel for pixel').toBe(true);
  // The link carries the loaded settings and seed.
  expect(new URL(page.url()).searchParams.get('ten')).toBe(seed === '1' ? 'n50' : `n50_s${seed}`);
  // And training goes on from there.
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '6', { timeout: TRAIN_WAIT });
});

test('a malformed weights file gives an alert, changes nothing, and the figure keeps training', async ({ page }) => {
  const widget = await open(page);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training', { timeout: TRAIN_WAIT });
  const seed = await widget.getAttribute('data-seed');
  for (const [name, text, why] of [
    ['cut.json', '{"format": "folded-paper-weights", "version": 1, "lay', /not a JSON file/],
    ['other.json', JSON.stringify({ format: 'folded-paper-weights', version: 1, figure: 'pulse' }), /another kind of figure/],
  ] as const) {
    await widget.locator('[data-action="load-weights"]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    const alert = widget.locator('[data-note="file"][role="alert"]');
    await expect(alert).toContainText('This file was not loaded, and the figure is unchanged');
    await expect(alert).toContainText(why);
  }
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect(widget).toHaveAttribute('data-seed', seed!);
  const step = await numAttr(widget, 'data-step');
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(step);
});
