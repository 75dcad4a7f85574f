/**
 * The deeper-networks chapter: the live partition into linear regions (trains, redraws, counts,
 * tells what the network is inside the region under the pointer or the keyboard's probe, stops
 * counting honestly past its limit) and the layer-by-layer folds figure.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { button, canvasPixels, hydrateWidget, numAttr, testWithoutErrors as test, FIGURE_TIMEOUT, TRAIN_WAIT } from './helpers.ts';
import experiments from '../../src/data/experiments.json' with { type: 'json' };

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

const PATH = 'deeper-networks/';

async function openPartition(page: Page): Promise<Locator> {
  expect((await page.goto(PATH))?.status()).toBe(200);
  const widget = page.locator('[data-widget="partition"]');
  await hydrateWidget(page, widget);
  await expect(widget, 'a fresh run waits paused').toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  return widget;
}

test('the partition figure trains, redraws its regions and counts them', async ({ page }) => {
  const widget = await openPartition(page);
  await expect(widget).toHaveAttribute('data-preset', '8x2');
  // The seeded initial network of the study, counted in Node, is what the page shows.
  const expected = experiments.regions.presets.find((p) => p.id === '8x2')!.runs[0]!.init.regions;
  await expect(widget).toHaveAttribute('data-regions', String(expected));
  await expect(widget.locator('[data-readout="regions"]')).toHaveText(`${expected} linear regions`);

  // The canvas holds a drawing: many colours, not a blank or a single fill.
  const pixels = await canvasPixels(widget.locator('canvas'));
  const colours = new Set<number>();
  for (let k = 0; k < pixels.data.length; k += 4 * 97) colours.add((pixels.data[k]! << 16) | (pixels.data[k + 1]! << 8) | pixels.data[k + 2]!);
  expect(colours.size, 'distinct colours in the drawing').toBeGreaterThan(20);

  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(100);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  // Training moved the folds: the drawing changed, the loss fell, and the count was taken again
  // and again while it trained (the history's curve has several points).
  const after = await canvasPixels(widget.locator('canvas'));
  let changed = 0;
  for (let k = 0; k < after.data.length; k += 4) if (after.data[k] !== pixels.data[k] || after.data[k + 1] !== pixels.data[k + 1]) changed++;
  expect(changed / (after.data.length / 4), 'share of pixels redrawn differently').toBeGreaterThan(0.05);
  expect(await numAttr(widget, 'data-loss')).toBeLessThan(experiments.regions.presets[0]!.runs[0]!.init.loss);
  const d = (await widget.locator('.curve path.count').getAttribute('d')) ?? '';
  expect(d, 'count history').toMatch(/^M[\d.]+,[\d.]+L/);
  expect(d.split('L').length, 'points in the count history').toBeGreaterThan(3);
});

test('pointing at a region, or probing it with the keyboard, tells its neurons and its affine map', async ({ page }) => {
  const widget = await openPartition(page);
  const frame = widget.locator('.frame');
  const box = (await frame.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.7);
  const probe = widget.locator('.probe');
  await expect(probe).toContainText(/Region \d+ of \d+/);
  await expect(probe).toContainText(/f\(x, y\) = −?[\d.]+·x [+−] [\d.]+·y [+−] [\d.]+/);
  // One square per hidden neuron (8 + 8), in two rows.
  await expect(probe.locator('.row')).toHaveCount(2);
  await expect(probe.locator('.bit')).toHaveCount(16);
  const on = await probe.locator('.bit.on').count();
  await expect(probe).toContainText(`${on} of 16 neurons on`);
  await expect(widget.locator('.overlay polygon')).toHaveCount(1);

  // Keyboard: focus the picture and move the probe with the arrows; the region changes.
  await page.mouse.move(0, 0);
  await expect(probe).toContainText('Point at a region');
  await frame.focus();
  await page.keyboard.press('ArrowRight');
  await expect(probe).toContainText(/Region \d+ of/);
  const first = await probe.getAttribute('data-probe');
  for (let k = 0; k < 20; k++) await page.keyboard.press('Shift+ArrowUp');
  await expect.poll(() => probe.getAttribute('data-probe')).not.toBe(first);
  await page.keyboard.press('Escape');
  await expect(probe).toContainText('Point at a region');
});

test('the 30-layer network stops counting past the limit and says so, over what it draws', async ({ page }) => {
  const widget = await openPartition(page);
  await widget.locator('[data-option="network"]').selectOption({ label: '2 → 30 layers of 30 → 1' });
  await expect(widget).toHaveAttribute('data-preset', '30x30');
  await expect(widget).toHaveAttribute('data-capped', 'true', { timeout: TRAIN_WAIT });
  const layers = await numAttr(widget, 'data-layers-shown');
  expect(layers).toBeGreaterThan(1);
  expect(layers).toBeLessThan(30);
  expect(await numAttr(widget, 'data-regions')).toBeLessThanOrEqual(20_000);
  await expect(widget.locator('[data-readout="regions"]')).toContainText(`Past 20,000 regions the count stops: shown are the folds of layers 1–${layers} of 30`);
  // Nothing to fill with one affine map: the probe names the region and its neurons only.
  const box = (await widget.locator('.frame').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(widget.locator('.probe')).toContainText(/Region \d+ of/);
  await expect(widget.locator('.probe')).not.toContainText('f(x, y)');
  await expect(widget.locator('.probe .row')).toHaveCount(layers);
});

test('zooming in partitions a small box exactly: all 30 layers of the deep network fit', async ({ page }) => {
  const widget = await openPartition(page);
  await widget.locator('[data-option="network"]').selectOption({ label: '2 → 30 layers of 30 → 1' });
  await expect(widget).toHaveAttribute('data-capped', 'true', { timeout: TRAIN_WAIT });
  // Probe the middle of the square's upper right quarter, then zoom in 16 times around it.
  const frame = widget.locator('.frame');
  const box = (await frame.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
  await widget.locator('[data-option="zoom"]').selectOption('16');
  await expect(widget, 'the partition of the small box is complete').toHaveAttribute('data-capped', 'false', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-layers-shown', '30');
  const regions = await numAttr(widget, 'data-regions');
  expect(regions).toBeGreaterThan(1);
  expect(regions).toBeLessThanOrEqual(20_000);
  await expect(widget.locator('[data-readout="regions"]')).toContainText(`${regions.toLocaleString('en-US')} linear regions`);
  await expect(widget.locator('figcaption').first()).toContainText("a box 1/16 of the square's side, centred at (0.50, 0.50)");
  // The probe now reads the region under the pointer inside the small box, with its formula.
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(widget.locator('.probe')).toContainText(/f\(x, y\) = /);
  await expect(widget.locator('.probe .row')).toHaveCount(30);
  // Back to the whole square: capped again.
  await widget.locator('[data-option="zoom"]').selectOption('1');
  await expect(widget).toHaveAttribute('data-capped', 'true', { timeout: TRAIN_WAIT });
});

test('the deeper networks train on the batched WebAssembly engine, and the regions keep coming while they train', async ({ page }) => {
  const widget = await openPartition(page);
  await widget.locator('[data-option="network"]').selectOption({ label: '2 → 16 → 16 → 16 → 1' });
  await expect(widget).toHaveAttribute('data-preset', '16x3');
  await expect(widget, 'the engine the worker chose').toHaveAttribute('data-backend', /^wasm-(simd|scalar)$/, { timeout: TRAIN_WAIT });
  await expect(widget.locator('[data-readout="engine"]')).toHaveText('batched WebAssembly (CPU)');
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  // The partition is computed between chunks of training: the count's history grows while the
  // steps go on.
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(200);
  await expect.poll(async () => ((await widget.locator('.curve path.count').getAttribute('d')) ?? '').split('L').length, { timeout: TRAIN_WAIT }).toBeGreaterThan(3);
  await expect.poll(async () => Number(await widget.locator('[data-readout="steps/s"]').textContent()), { timeout: TRAIN_WAIT }).toBeGreaterThan(0);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
  await expect(widget.locator('[data-readout="steps/s"]')).toHaveText('—');
});

test('the folds figure shows the partition after each layer and where the square goes', async ({ page }) => {
  expect((await page.goto(PATH))?.status()).toBe(200);
  const widget = page.locator('[data-widget="folds"]');
  await hydrateWidget(page, widget);
  const counts = experiments.regions.folds.regionsAfterLayer;
  const slider = widget.locator('input[type="range"]');
  await expect(widget).toHaveAttribute('data-layers', '1');
  await expect(widget).toHaveAttribute('data-regions', String(counts[0]));
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(widget).toHaveAttribute('data-layers', '2');
  await expect(widget).toHaveAttribute('data-regions', String(counts[1]));
  await expect(widget.locator('[data-readout="pieces"]')).toHaveText(String(counts[1]));
  await page.keyboard.press('End');
  await expect(widget).toHaveAttribute('data-regions', String(counts[2]));
  // One path per piece in both panels.
  await expect(widget.locator('figure').nth(1).locator('path')).toHaveCount(counts[2]!);
  await page.keyboard.press('Home');
  await expect(widget).toHaveAttribute('data-layers', '0');
  await expect(widget).toHaveAttribute('data-regions', '1');
  await expect(widget).toHaveAttribute('data-flattened', '0.0000');
  await expect(widget).toContainText('before any layer');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the partition and the folds are drawn in the page itself', async ({ page }) => {
    expect((await page.goto(PATH))?.status()).toBe(200);
    const first = experiments.regions.presets.find((p) => p.id === '8x2')!.runs[0]!.init.regions;
    // The still of the partition: one filled path per region, one fold path per layer.
    const still = page.locator('[data-widget="partition"] svg.still');
    await expect(still).toBeVisible();
    await expect(still.locator('path[fill]:not([fill="none"])')).toHaveCount(first);
    await expect(page.locator('[data-widget="partition"]')).toHaveAttribute('data-regions', String(first));
    // The folds figure at its first layer, both panels.
    const folds = page.locator('[data-widget="folds"]');
    await expect(folds).toHaveAttribute('data-regions', String(experiments.regions.folds.regionsAfterLayer[0]));
    await expect(folds.locator('figure').nth(1).locator('path')).toHaveCount(experiments.regions.folds.regionsAfterLayer[0]!);
    // And the counts chart, with a mark per network shape.
    await expect(page.locator('#figure-counts svg > circle.init')).toHaveCount(experiments.regions.depth.length);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a tap on the partition probes the region under it, and a vertical swipe on it scrolls the page', async ({ page }) => {
    const widget = await openPartition(page);
    const frame = widget.locator('.frame');
    await frame.scrollIntoViewIfNeeded();
    const probe = widget.locator('.probe');
    await expect(probe).not.toContainText(/Region \d+ of/);
    let box = (await frame.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await expect(probe).toContainText(/Region \d+ of \d+/);
    expect(await numAttr(probe, 'data-probe')).toBeGreaterThanOrEqual(0);

    // A finger drawn 200 px upwards from the lower part of the picture, as touch input.
    box = (await frame.boundingBox())!;
    const before = await page.evaluate(() => window.scrollY);
    const cdp = await page.context().newCDPSession(page);
    const x = Math.round(box.x + box.width / 2);
    const y = Math.round(box.y + box.height * 0.8);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let k = 1; k <= 10; k++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - 20 * k }] });
      await page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(() => page.evaluate(() => window.scrollY), { message: 'the page moved under the swipe' }).toBeGreaterThan(before + 100);
  });
});
