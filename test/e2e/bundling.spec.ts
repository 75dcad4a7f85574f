/**
 * Chapter 5's bundling figure: it trains, its creases gather into bundles (the nearest-neighbour
 * ratio of their directions falls well below what evenly random directions give), its controls
 * restart the run, and without JavaScript it shows the seeded starting network's creases.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { button, expectReady, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';
import { initNetwork } from '../../src/core/mlp.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

const PATH = 'open-questions/';

/**
 * The directions of the starting network's creases that pass within 1 of the centre, and their
 * nearest-neighbour ratio, computed here from the weights alone.
 */
function startingDirections(neurons: number, seed: number): { count: number; ratio: number } {
  const first = initNetwork([neurons], seed)[0]!;
  const angles: number[] = [];
  for (let k = 0; k < neurons; k++) {
    const a = first.weights[2 * k]!;
    const b = first.weights[2 * k + 1]!;
    const c = first.biases[k]!;
    if (Math.abs(c) / Math.hypot(a, b) >= 1) continue;
    const t = Math.atan2(b, a);
    angles.push(t < 0 ? t + 2 * Math.PI : t);
  }
  angles.sort((p, q) => p - q);
  const n = angles.length;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const before = k > 0 ? angles[k]! - angles[k - 1]! : angles[0]! + 2 * Math.PI - angles[n - 1]!;
    const after = k + 1 < n ? angles[k + 1]! - angles[k]! : angles[0]! + 2 * Math.PI - angles[n - 1]!;
    sum += Math.min(before, after);
  }
  return { count: n, ratio: sum / n / (Math.PI / n) };
}

async function openBundling(page: Page): Promise<Locator> {
  expect((await page.goto(PATH))?.status()).toBe(200);
  const widget = page.locator('[data-widget="bundling"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  return widget;
}

test('the bundling figure trains, and its creases gather in bundles', async ({ page }) => {
  const widget = await openBundling(page);
  await expect(widget).toHaveAttribute('data-neurons', '500');
  await expect(widget).toHaveAttribute('data-init-scale', '0.25');
  const start = startingDirections(500, 1);
  expect(await numAttr(widget, 'data-creases')).toBe(start.count);
  expect(await numAttr(widget, 'data-clustering')).toBeCloseTo(start.ratio, 9);
  // Evenly random at the start: within three standard deviations of the uniform directions.
  expect(Math.abs(await numAttr(widget, 'data-z'))).toBeLessThan(3);
  const loss0 = await numAttr(widget, 'data-loss');
  // One wedge per filled bin, one dot per crease, one tick per crease on the rim.
  expect((await widget.locator('.rose path.wedges').getAttribute('d'))!.match(/M/g)!.length).toBeGreaterThan(20);
  expect((await widget.locator('.scatter path.dots').getAttribute('d'))!.match(/M/g)).toHaveLength(start.count);
  expect((await widget.locator('.rose path.rug').getAttribute('d'))!.match(/M/g)).toHaveLength(start.count);

  // Played from the keyboard.
  await button(widget, 'play').focus();
  await page.keyboard.press('Enter');
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(2000);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');

  expect(await numAttr(widget, 'data-loss')).toBeLessThan(loss0 / 2);
  // Bundled: the ratio fell well below its start and far below what uniform directions give.
  // (Read with its read-out in one go: the pause's own snapshot may still arrive and move them.)
  const shown = await widget.evaluate((el) => ({
    ratio: Number(el.getAttribute('data-clustering')),
    z: Number(el.getAttribute('data-z')),
    text: el.querySelector('[data-readout="clustering"]')?.textContent ?? '',
  }));
  expect(shown.ratio).toBeLessThan(start.ratio - 0.15);
  expect(shown.z).toBeLessThan(-3);
  expect(shown.text).toContain(`nearest-neighbour ratio ${shown.ratio.toFixed(2)}`);
  expect(shown.text).toContain('standard deviations below');
  // The ratio's history: a curve that ends lower than it starts (SVG y grows downwards).
  const d = (await widget.locator('.curve path.series').getAttribute('d'))!;
  const ys = [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
  expect(ys.length).toBeGreaterThan(3);
  expect(ys[ys.length - 1]!).toBeGreaterThan(ys[0]!);
});

test('switching a control or the seed starts again at step 0', async ({ page }) => {
  const widget = await openBundling(page);
  const start = startingDirections(500, 1);
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10');

  // A larger initial scale: the same creases (only the sheets are steeper), a fresh run.
  await widget.locator('[data-option="init-scale"]').selectOption('4');
  await expect(widget).toHaveAttribute('data-init-scale', '4');
  await expectReady(widget);
  expect(await numAttr(widget, 'data-clustering')).toBeCloseTo(start.ratio, 9);

  // A hundred neurons: their own creases.
  await widget.locator('[data-option="neurons"]').selectOption('100');
  await expect(widget).toHaveAttribute('data-neurons', '100');
  await expectReady(widget);
  const small = startingDirections(100, 1);
  expect(await numAttr(widget, 'data-creases')).toBe(small.count);
  expect(await numAttr(widget, 'data-clustering')).toBeCloseTo(small.ratio, 9);

  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10');
  await button(widget, 'new-seed').click();
  await expectReady(widget);
  const seed = await numAttr(widget, 'data-seed');
  expect(seed).not.toBe(1);
  expect(await numAttr(widget, 'data-clustering')).toBeCloseTo(startingDirections(100, seed).ratio, 9);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the starting network’s creases are drawn in the page itself', async ({ page }) => {
    expect((await page.goto(PATH))?.status()).toBe(200);
    const widget = page.locator('[data-widget="bundling"]');
    const start = startingDirections(500, 1);
    await expect(widget).toHaveAttribute('data-step', '0');
    expect(await numAttr(widget, 'data-clustering')).toBeCloseTo(start.ratio, 9);
    await expect(widget.locator('.rose svg')).toBeVisible();
    expect((await widget.locator('.rose path.wedges').getAttribute('d'))!.match(/M/g)!.length).toBeGreaterThan(20);
    expect((await widget.locator('.rose path.outline').getAttribute('d'))!.length).toBeGreaterThan(100);
    expect((await widget.locator('.scatter path.dots').getAttribute('d'))!.match(/M/g)).toHaveLength(start.count);
    // The starting picture, as SVG, under its creases.
    await expect(widget.locator('svg.still')).toBeVisible();
    // Its runs of gray cover each of the 64×64 pixels once.
    const runs = await widget.locator('svg.still path').evaluateAll((paths) => paths.map((el) => el.getAttribute('d') ?? ''));
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.join('').match(/h\d+/g)!.reduce((s, h) => s + Number(h.slice(1)), 0)).toBe(64 * 64);
    expect(await widget.locator('svg.creases path').count()).toBeGreaterThan(0);
    await expect(widget.locator('[data-readout="clustering"]')).toContainText(`nearest-neighbour ratio ${start.ratio.toFixed(2)}`);
    expect(await numAttr(widget, 'data-loss')).toBeGreaterThan(0);
  });
});
